package ui

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// benchQueue is an app on a 10,000-ticket queue, and a way to get its
// pages decoded as the client would (outside the UI loop).
type benchQueue struct {
	app    *App
	lister *fakeLister
}

func newBenchQueue(b *testing.B, n, w, h int) benchQueue {
	b.Helper()
	l := newFakeLister(n)
	a := NewApp(Deps{Getter: newFakeGetter(), Lister: l, Now: func() time.Time { return testNow },
		Tick: func(time.Duration, tea.Msg) tea.Cmd { return nil }}, Start{})
	m, _ := a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m, _ = m.Update(queueStartMsg{})
	return benchQueue{app: m.(*App), lister: l}
}

// page is page i of the queue, decoded.
func (bq *benchQueue) page(b *testing.B, i int) *api.TicketPage {
	p, err := bq.lister.ListTickets(context.Background(), api.ListQuery{Offset: i * queuePageSize, Limit: queuePageSize})
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// deliver hands page i to the app as the lister's reply.
func (bq *benchQueue) deliver(b *testing.B, i int) {
	m, _ := bq.app.Update(pageMsg{gen: bq.app.queue.gen, index: i, page: bq.page(b, i)})
	bq.app = m.(*App)
}

// BenchmarkQueueFirstPage is the work from the first page's reply to the
// first frame with rows (the request and decoding are the client's, off
// the UI loop).
func BenchmarkQueueFirstPage(b *testing.B) {
	bq := newBenchQueue(b, 10_000, 120, 40)
	first := bq.page(b, 0)
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		a := *bq.app
		a.queue.rows = &rowCache{}
		m, _ := a.Update(pageMsg{gen: a.queue.gen, index: 0, page: first})
		if v := m.View(); len(v.Content) < 1000 {
			b.Fatal("no rows")
		}
	}
}

// BenchmarkQueueScroll is one key press while scrolling a 10,000-ticket
// queue: Update plus the whole View, as every key costs. It scrolls
// through the rows the queue keeps loaded (maxPages pages), so each
// step draws one new row.
func BenchmarkQueueScroll(b *testing.B) {
	for _, size := range [][2]int{{120, 40}, {200, 60}} {
		b.Run(sizeName(size), func(b *testing.B) {
			bq := newBenchQueue(b, 10_000, size[0], size[1])
			for i := range maxPages {
				bq.deliver(b, i)
			}
			var m tea.Model = bq.app
			down, top := keyMsg("j"), keyMsg("g")
			b.ReportAllocs()
			defer reportCPU(b, cpuTime())
			i := 0
			for b.Loop() {
				k := down
				if i++; i%(maxPages*queuePageSize-1) == 0 {
					k = top
				}
				m, _ = m.Update(k)
				_ = m.View()
			}
		})
	}
}

// BenchmarkQueueMemory delivers all 10,000 tickets, page by page, and
// reports the heap the app holds afterwards (the process's RSS is this
// plus the runtime's own few MB).
func BenchmarkQueueMemory(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		bq := newBenchQueue(b, 10_000, 120, 40)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		for i := range 10_000 / queuePageSize {
			bq.app.queue.load(i, loadScroll) // as if scrolled to
			bq.deliver(b, i)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/(1<<20), "MB-heap")
		runtime.KeepAlive(bq)
		b.StartTimer()
	}
}

// reportCPU adds the CPU time per operation since start (the GC's
// included) to the results.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func sizeName(s [2]int) string { return fmt.Sprintf("%dx%d", s[0], s[1]) }
