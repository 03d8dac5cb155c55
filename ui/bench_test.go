package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// bigTicket is a JSON ticket whose event is about n bytes of log-like JSON.
func bigTicket(b testing.TB, n int) *api.Ticket {
	b.Helper()
	ev := map[string]any{"field_order": "_time, src_ip, dst_ip"}
	var rows []map[string]any
	size := 0
	for i := 0; size < n; i++ {
		r := map[string]any{
			"_time": "2026-11-20 09:12:44+0900", "src_ip": fmt.Sprintf("10.0.%d.%d", i/256%256, i%256),
			"dst_port": 443 + i%5, "msg": "웹 서버 설정 수집 시도: GET /index.php?id=" + fmt.Sprint(i),
			"user_agent": "Mozilla/5.0 (X11; Linux x86_64) sqlmap/1.7", "bytes": i * 37, "blocked": i%2 == 0, "note": nil,
		}
		rows = append(rows, r)
		size += 260
	}
	ev["events"] = rows
	content, _ := json.Marshal(ev)
	body, _ := json.Marshal(map[string]any{"ticket": map[string]any{
		"id": 1, "guid": seedGUID, "title": "big", "format": "JSON", "content": string(content),
	}})
	t, err := api.DecodeResponse(body)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

func benchModel(b *testing.B, t *api.Ticket, w, h int) Model {
	m := New(Deps{Getter: newFakeGetter(), Now: func() time.Time { return testNow },
		Tick: func(time.Duration, tea.Msg) tea.Cmd { return nil }}, "")
	m.width, m.height = w, h
	m.ticket, m.screen, m.guid = t, screenReady, seedGUID
	// Big tickets are built off the UI goroutine: run those builds.
	built, _ := drain(m, m.rebuild())
	return built.(Model)
}

// BenchmarkBuildEvent measures laying out a 1 MiB event (pretty, coloured
// JSON): the cost of opening a big ticket or resizing the terminal.
func BenchmarkBuildEvent(b *testing.B) {
	t := bigTicket(b, 1<<20)
	st := NewStyles(Dark)
	md := newMDCache()
	b.SetBytes(int64(t.Content.Text().Len()))
	b.ReportAllocs()
	for b.Loop() {
		var jobs []mdJob
		lines := buildEvent(st, t, 120, false, nil, testNow, time.UTC, md, &jobs)
		if len(lines) < 1000 {
			b.Fatal("too few lines")
		}
	}
}

// BenchmarkScrollFrame measures one scroll step on the 1 MiB event: the
// update plus the full View, which is what every key press costs.
func BenchmarkScrollFrame(b *testing.B) {
	m := benchModel(b, bigTicket(b, 1<<20), 120, 40)
	m.active = eventPane
	var tm tea.Model = m
	down := keyMsg("j")
	b.ReportAllocs()
	for b.Loop() {
		tm, _ = tm.Update(down)
		_ = tm.View()
	}
}

// BenchmarkSearch measures a search over the 1 MiB event's lines.
func BenchmarkSearch(b *testing.B) {
	m := benchModel(b, bigTicket(b, 1<<20), 120, 40)
	pg := &m.panes[eventPane].pager
	b.ReportAllocs()
	for b.Loop() {
		pg.search("sqlmap", true)
		if len(pg.matches) == 0 {
			b.Fatal("no matches")
		}
	}
}

// BenchmarkSummarySeed measures the seed ticket's Summary pane.
func BenchmarkSummarySeed(b *testing.B) {
	g := newFakeGetter()
	t, err := api.DecodeResponse(g.bodies[seedGUID])
	if err != nil {
		b.Fatal(err)
	}
	st := NewStyles(Dark)
	b.ReportAllocs()
	for b.Loop() {
		lines := buildSummary(st, t, 120, testNow, time.UTC)
		if !strings.Contains(strings.Join(lines, ""), "Identity") {
			b.Fatal("no summary")
		}
	}
}
