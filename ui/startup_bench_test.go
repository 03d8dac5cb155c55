package ui

import "testing"

// BenchmarkFirstFramePaint is what the renderer does with the seed
// ticket's first frame after the loading screen: parse the frame into
// cells, diff them with the screen and encode the changes (ultraviolet's
// terminal renderer, as Bubble Tea uses it). BenchmarkFirstFrame is the
// model's part.
func BenchmarkFirstFramePaint(b *testing.B) {
	loading := quietModel()
	loading.width, loading.height = 120, 40
	loading.screen = screenLoading
	m, _ := open(decode(b, newFakeGetter().bodies[seedGUID]), 120, 40)
	first := m.View().Content
	wait := loading.View().Content
	var n int
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		sw := newScreenWriter(120, 40)
		sw.frame(wait)
		b.StartTimer()
		n = sw.frame(first)
	}
	b.ReportMetric(float64(n), "B/frame")
	b.ReportMetric(float64(len(first)), "B/view")
}
