package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// TestCachedFormatterTheme: for every token type of several styles, the
// cached table holds the sequence chroma's terminal256 writes, except
// where two palette colours are equally close (terminal256 then picks at
// random; the cache picks the lower index).
func TestCachedFormatterTheme(t *testing.T) {
	colourOf := map[int]chroma.Colour{}
	for c, i := range palette256() {
		colourOf[i] = c
	}
	checked := 0
	for _, name := range []string{"monokai", "github", "dracula", "solarized-dark", "vim"} {
		style := styles.Get(name)
		th := theme(style)
		for tt, ours := range th {
			var out bytes.Buffer
			if err := formatters.TTY256.Format(&out, style, chroma.Literator(chroma.Token{Type: tt, Value: "\x00"})); err != nil {
				t.Fatal(err)
			}
			ref, _, _ := strings.Cut(out.String(), "\x00")
			checked++
			if ref == ours {
				continue
			}
			// Only a tie may differ: same attributes, equally close colours.
			var ri, oi int
			rp, _, _ := strings.Cut(ref, "\033[38;5;")
			op, _, _ := strings.Cut(ours, "\033[38;5;")
			_, err1 := fmt.Sscanf(ref[len(rp):], "\033[38;5;%dm", &ri)
			_, err2 := fmt.Sscanf(ours[len(op):], "\033[38;5;%dm", &oi)
			want := style.Get(tt).Colour
			if rp != op || err1 != nil || err2 != nil || colourOf[ri].Distance(want) != colourOf[oi].Distance(want) {
				t.Errorf("%s %v: cached %q, terminal256 %q", name, tt, ours, ref)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d token types checked", checked)
	}
}

// TestRenderUsesCachedFormatter: code in comments is highlighted through
// the cached formatter, and highlighting still happens.
func TestRenderUsesCachedFormatter(t *testing.T) {
	before := len(themes)
	themesMu.Lock()
	clear(themes)
	themesMu.Unlock()
	r := Render(termsafe.Wrap("```json\n{\"a\": 1}\n```\n"), Options{Width: 60})
	if !strings.Contains(strings.Join(r.Lines, "\n"), "38;5;") {
		t.Fatalf("no highlighting in %q", r.Lines)
	}
	themesMu.Lock()
	n := len(themes)
	themesMu.Unlock()
	if n == 0 {
		t.Fatalf("the cached formatter was not used (themes %d before, 0 after)", before)
	}
}
