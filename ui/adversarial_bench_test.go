package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// Adversarial tickets (issue 6): the budget for any response up to 10 MiB
// is --plain under 2 s, the first frame under 1 s and every key under
// 100 ms. BenchmarkAdversarialPlain measures --plain (every pane built),
// BenchmarkAdversarialKey one key press (Update + View) on a ticket that is
// already open. Results are in BENCHMARKS.md, "Adversarial tickets".

var adversarial = []struct {
	name string
	body func() []byte
}{
	{"deep-unknown-282KB", func() []byte { return deepUnknownBody(282<<10, 1400) }},
	{"deep-unknown-10MB", func() []byte { return deepUnknownBody(10<<20, 1400) }},
	{"duplicate-titles-20000", func() []byte { return duplicateTitlesBody(20000) }},
	{"field-order-0.5MB", func() []byte { return fieldOrderBody(512 << 10) }},
	{"field-order-5MB", func() []byte { return fieldOrderBody(5 << 20) }},
	{"huge-title-10MB", func() []byte { return hugeTitleBody(10 << 20) }},
	{"table-5000-columns", func() []byte { return wideTableBody(5000) }},
	{"many-comments-100000", func() []byte { return manyCommentsBody(100000) }},
	{"many-markdown-comments-100000", func() []byte { return plainMarkdownCommentsBody(100000) }},
	{"many-bold-comments-100000", func() []byte { return markdownCommentsBody(100000) }},
}

// loop runs op b.N times and reports its CPU time per op.
func loop(b *testing.B, op func()) {
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		op()
	}
}

func BenchmarkAdversarialPlain(b *testing.B) {
	for _, a := range adversarial {
		b.Run(a.name, func(b *testing.B) {
			t := decode(b, a.body())
			loop(b, func() { plainReport(b, t, 100) })
		})
	}
}

// BenchmarkAdversarialFirstFrame is opening the ticket: every pane built
// and the first View.
func BenchmarkAdversarialFirstFrame(b *testing.B) {
	for _, a := range adversarial {
		b.Run(a.name, func(b *testing.B) {
			t := decode(b, a.body())
			loop(b, func() { _ = modelFor(b, t, 120, 40).View() })
		})
	}
}

func BenchmarkAdversarialKey(b *testing.B) {
	for _, a := range adversarial {
		b.Run(a.name, func(b *testing.B) {
			var m tea.Model = modelFor(b, decode(b, a.body()), 120, 40)
			down := keyMsg("j")
			loop(b, func() {
				m, _ = m.Update(down)
				_ = m.View()
			})
		})
	}
}
