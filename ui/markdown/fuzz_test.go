package markdown

import (
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// FuzzRenderComment is FUZZ-2: any comment at any width 20-255 renders
// without panic into at most 4 MiB of lines that fit the width and carry
// no escape sequence but SGR (and vetted OSC 8 when enabled), and no
// control, C1, bidi or private-use character. Odd widths also enable
// clickable links. Time is not asserted here: see BenchmarkRender.
//
// testdata/fuzz/FuzzRenderComment holds the inputs that took seconds to
// minutes before the bounds in bound.go and glamour.go existed (goldmark's
// quadratic delimiter and link parsing, glamour's narrow deep quotes and
// list numbering, chroma's backtracking lexers); the fuzzer has found no
// crash or invariant violation.
func FuzzRenderComment(f *testing.F) {
	for _, row := range attackRows {
		f.Add(row.src, uint8(60))
	}
	for _, seed := range []string{
		"&amp;#27;[31m", "<code>&amp;#27;</code>", "[x](&#27;[31m)",
		strings.Repeat(">", 80), strings.Repeat("> - ", 200),
		strings.Repeat("word ", 256<<10/5), strings.Repeat("*a* ", 256<<10/4),
		normalComment, koreanComment,
		"[x](https://a.example/\u009c)", "[x](javascript:alert(1))",
		"| a | b |\n|---|---|\n| \x1b]0;t\x07 long cell | [l](https://l.example/long/path) |",
	} {
		f.Add(seed, uint8(0))
		f.Add(seed, uint8(61))
	}
	f.Fuzz(func(t *testing.T, src string, w uint8) {
		opt := Options{Width: 20 + int(w)%236, ClickableLinks: w%2 == 1}
		r := Render(termsafe.Wrap(src), opt)
		checkLines(t, r.Lines, opt.Width, opt.ClickableLinks)
		checkWraps(t, r)
		if opt.ClickableLinks {
			return
		}
		if strings.Contains(strings.Join(r.Lines, ""), "\x1b]8;") {
			t.Error("OSC 8 without ClickableLinks")
		}
	})
}
