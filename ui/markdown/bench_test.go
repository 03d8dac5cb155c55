package markdown

import (
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// realistic20KB is a comment of the kind analysts write: headings, prose
// in Korean and English, tables, code, links, and some escaped bytes.
func realistic20KB() string {
	var b strings.Builder
	for b.Len() < 20<<10 {
		b.WriteString(normalComment)
		b.WriteString("\n")
		b.WriteString(koreanComment)
		b.WriteString("\n")
	}
	return b.String()
}

// BenchmarkRender reports what a render costs. Reference numbers are in
// the package README-style report; the UI renders off its goroutine.
func BenchmarkRender(b *testing.B) {
	cases := []struct {
		name, src string
		width     int
	}{
		{"comment-20KB", realistic20KB(), 100},
		{"quote80", strings.Repeat(">", 80) + " x", 100},
		{"quote-list200", strings.Repeat("> - ", 200) + "x", 100},
		{"quote80-w20", strings.Repeat(">", 80) + " x", 20},
		{"emphasis-256KiB", strings.Repeat("*a* ", 256<<10/4), 100},
		{"delimiters-256KiB", strings.Repeat("*a_", 256<<10/3), 100},
		{"blocks", strings.Repeat("## h\n", 60000), 120},
		{"code-blocks", strings.Repeat("```\nx\n```\n", 25000), 120},
		{"deep-quotes-256KiB", strings.Repeat(strings.Repeat("> ", 16)+"some text here\n", 8000), 120},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			src := termsafe.Wrap(c.src)
			b.SetBytes(int64(len(c.src)))
			for b.Loop() {
				Render(src, Options{Width: c.width})
			}
		})
	}
}

// BenchmarkNewRenderer is the cost of building a parser and glamour
// renderer, which Render does per call instead of pooling them.
func BenchmarkNewRenderer(b *testing.B) {
	for b.Loop() {
		newMarkdown(100, Dark, false, Colors16{})
	}
}

func BenchmarkRenderPlain(b *testing.B) {
	src := termsafe.Wrap(realistic20KB())
	for b.Loop() {
		RenderPlain(src, 100)
	}
}

func BenchmarkSource(b *testing.B) {
	src := termsafe.Wrap(realistic20KB())
	for b.Loop() {
		Source(src, 100)
	}
}
