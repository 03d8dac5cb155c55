package ui

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// Budgets for the JSON event path (issues 6 and 10): the first frame of any
// response up to 10 MiB under 1 s (10 MiB event: under 500 ms), memory after
// every pane was visited under 10x the body, and --plain of a 1 MB event
// within 2x `jq .`. Results are in BENCHMARKS.md.

// eventTicketBody is a response whose JSON event makes the body about size
// bytes: the log-shaped rows the perf harness serves.
func eventTicketBody(size int) []byte {
	return ticketBody(`"title":"big event"`, `"content":`+strconv.Quote(sonartest.LogEvent(size*8/10)))
}

// BenchmarkBigEventFirstFrame is what follows the server's last byte for
// a 10 MiB event: decode and the first frame (first-frame, the Summary; the
// other panes are then built off the UI goroutine), and the Event pane
// built and shown (event-pane).
func BenchmarkBigEventFirstFrame(b *testing.B) {
	body := eventTicketBody(10 << 20)
	b.Run("first-frame", func(b *testing.B) {
		loop(b, func() {
			m, _ := open(decode(b, body), 120, 40)
			_ = m.View()
		})
	})
	b.Run("event-pane", func(b *testing.B) {
		loop(b, func() {
			m := quietModel()
			m.width, m.height = 120, 40
			m.ticket, m.screen, m.guid = decode(b, body), screenReady, seedGUID
			m.active = eventPane
			msg := m.rebuild()()
			for {
				batch, ok := msg.(tea.BatchMsg)
				if !ok || len(batch) == 0 {
					break
				}
				msg = batch[0]()
			}
			built, ok := msg.(paneBuiltMsg)
			if !ok || built.out.id != eventPane {
				b.Fatalf("first build is %T, not the Event pane", msg)
			}
			m.onBuilt(built)
			_ = m.View()
		})
	})
}

// BenchmarkBigEventMemory is the heap held by a viewer showing a 10 MiB
// event once every pane has been built and visited, over the body size.
func BenchmarkBigEventMemory(b *testing.B) {
	body := eventTicketBody(10 << 20)
	var held uint64
	for b.Loop() {
		before := heapInUse()
		m := modelFor(b, decode(b, body), 120, 40)
		for _, p := range m.panes {
			m.active = p.id
			_ = m.View()
		}
		held = heapInUse() - before
		runtime.KeepAlive(m)
	}
	b.ReportMetric(float64(held)/(1<<20), "MiB-held")
	b.ReportMetric(float64(held)/float64(len(body)), "x-body")
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// BenchmarkPlainJSONEvent is --plain of a ticket with a 1 MB JSON event,
// without colour (what `sonar-tui --plain | less` does): decode included,
// as `jq .` parses too.
func BenchmarkPlainJSONEvent(b *testing.B) {
	body := eventTicketBody(1 << 20)
	b.SetBytes(int64(len(body)))
	loop(b, func() {
		var out strings.Builder
		if err := PlainReport(&out, decode(b, body), PlainOptions{Now: testNow, Location: time.UTC}); err != nil {
			b.Fatal(err)
		}
	})
}
