package ui

import (
	"syscall"
	"testing"
	"time"

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
}

// cpuTime is the CPU time this process has used, all threads (GC too).
// The machine is shared: wall time per op swings with the load, CPU time
// per op (reported as cpu-ns/op) much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs op b.N times and reports its CPU time per op.
func loop(b *testing.B, op func()) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkAdversarialPlain(b *testing.B) {
	for _, a := range adversarial {
		b.Run(a.name, func(b *testing.B) {
			t := decodeTB(b, a.body())
			loop(b, func() { plainReport(b, t, 100) })
		})
	}
}

// BenchmarkAdversarialFirstFrame is opening the ticket: every pane built
// and the first View.
func BenchmarkAdversarialFirstFrame(b *testing.B) {
	for _, a := range adversarial {
		b.Run(a.name, func(b *testing.B) {
			t := decodeTB(b, a.body())
			loop(b, func() { _ = modelFor(b, t, 120, 40).View() })
		})
	}
}

func BenchmarkAdversarialKey(b *testing.B) {
	for _, a := range adversarial {
		b.Run(a.name, func(b *testing.B) {
			var m tea.Model = modelFor(b, decodeTB(b, a.body()), 120, 40)
			down := keyMsg("j")
			loop(b, func() {
				m, _ = m.Update(down)
				_ = m.View()
			})
		})
	}
}
