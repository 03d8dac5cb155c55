package markdown

import (
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
)

// chroma's terminal256 formatter matches every colour of the style to the
// 256-colour palette on every call, that is for every fenced code block:
// 11-14% of rendering a comment-heavy ticket. cachedFormatter writes the
// same bytes, with each style's escape table worked out once.
const cachedFormatterName = "sonar-terminal256"

var registerFormatter sync.Once

// cachedFormatter registers (once) and names the caching formatter.
func cachedFormatter() string {
	registerFormatter.Do(func() {
		formatters.Register(cachedFormatterName, chroma.FormatterFunc(formatCached))
	})
	return cachedFormatterName
}

var (
	themesMu sync.Mutex
	themes   = map[*chroma.Style]map[chroma.TokenType]string{}
)

// theme is the escape sequence per token type that terminal256 uses for
// style: the same entries, attributes and palette. One difference: where
// two palette colours are equally close, terminal256 takes whichever its
// map iteration meets first (so its output can change from run to run);
// theme takes the lower palette index, so output is stable.
func theme(style *chroma.Style) map[chroma.TokenType]string {
	themesMu.Lock()
	defer themesMu.Unlock()
	if t, ok := themes[style]; ok {
		return t
	}
	// terminal256 clears the background first; its table has exactly the
	// types of the cleared style.
	b := style.Builder()
	bg := b.Get(chroma.Background)
	bg.Background, bg.NoInherit = 0, true
	b.AddEntry(chroma.Background, bg)
	cleared, err := b.Build()
	if err != nil {
		cleared = style
	}
	t := map[chroma.TokenType]string{}
	for _, tt := range cleared.Types() {
		e := cleared.Get(tt)
		seq := ""
		if e.Bold == chroma.Yes {
			seq += "\033[1m"
		}
		if e.Underline == chroma.Yes {
			seq += "\033[4m"
		}
		if e.Italic == chroma.Yes {
			seq += "\033[3m"
		}
		if e.Colour.IsSet() {
			seq += fmt.Sprintf("\033[38;5;%dm", closest256(e.Colour))
		}
		if e.Background.IsSet() {
			seq += fmt.Sprintf("\033[48;5;%dm", closest256(e.Background))
		}
		t[tt] = seq
	}
	themes[style] = t
	return t
}

// palette256 is terminal256's table: the xterm palette, where a colour
// listed twice keeps its later index, as in chroma's map literal.
var palette256 = sync.OnceValue(func() map[chroma.Colour]int {
	system := []string{"#000000", "#800000", "#008000", "#808000", "#000080", "#800080", "#008080", "#c0c0c0",
		"#808080", "#ff0000", "#00ff00", "#ffff00", "#0000ff", "#ff00ff", "#00ffff", "#ffffff"}
	p := map[chroma.Colour]int{}
	for i, s := range system {
		p[chroma.MustParseColour(s)] = i
	}
	levels := []uint8{0, 0x5f, 0x87, 0xaf, 0xd7, 0xff}
	for i := range 216 {
		p[chroma.NewColour(levels[i/36], levels[i/6%6], levels[i%6])] = 16 + i
	}
	for i := range 24 {
		g := uint8(8 + 10*i)
		p[chroma.NewColour(g, g, g)] = 232 + i
	}
	return p
})

// closest256 is the palette index nearest to c, the lowest on a tie.
func closest256(c chroma.Colour) int {
	best, dist := 0, math.MaxFloat64
	for col, i := range palette256() {
		d := col.Distance(c)
		if d < dist || (d == dist && i < best) {
			best, dist = i, d
		}
	}
	return best
}

// formatCached is terminal256's Format with the table from theme.
func formatCached(w io.Writer, style *chroma.Style, it chroma.Iterator) error {
	th := theme(style)
	for token := it(); token != chroma.EOF; token = it() {
		clr, ok := th[token.Type]
		if !ok {
			clr, ok = th[token.Type.SubCategory()]
			if !ok {
				clr, ok = th[token.Type.Category()]
				if !ok {
					clr, ok = th[chroma.Text]
					if !ok {
						clr = th[chroma.Background]
					}
				}
			}
		}
		if clr != "" {
			if _, err := io.WriteString(w, clr); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, token.Value); err != nil {
			return err
		}
		if clr != "" {
			if _, err := io.WriteString(w, "\033[0m"); err != nil {
				return err
			}
		}
	}
	return nil
}
