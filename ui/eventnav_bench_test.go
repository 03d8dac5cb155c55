package ui

import (
	"testing"
	"time"
)

// BenchmarkBuildEventNav is BenchmarkBuildEvent as the Event pane builds
// it: recording what each line shows (for the JSON path, y y and c), and
// with a filter that keeps a few fields.
func BenchmarkBuildEventNav(b *testing.B) {
	t := bigTicket(b, 1<<20)
	st := NewStyles(Dark)
	md := newMDCache()
	for _, c := range []struct {
		name string
		nav  eventNav
	}{{"all", eventNav{}}, {"filter", eventNav{filter: "src_ip"}}, {"hide-nulls", eventNav{hideNulls: true}}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(t.Content.Text().Len()))
			b.ReportAllocs()
			for b.Loop() {
				var jobs []mdJob
				nav := c.nav
				lines := buildEvent(st, t, 120, false, &nav, testNow, time.UTC, md, &jobs)
				if len(lines) < 10 || len(nav.meta) == 0 {
					b.Fatal("nothing laid out")
				}
			}
		})
	}
}
