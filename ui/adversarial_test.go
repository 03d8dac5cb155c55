package ui

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// Generators for adversarial ticket shapes (issue 6). Each returns a whole
// Get Ticket response body of about size bytes; the benchmarks in
// adversarial_bench_test.go and the budget tests below share them.

// ticketBody wraps ticket members (already JSON) into a response around
// the seed GUID.
func ticketBody(members ...string) []byte {
	var b bytes.Buffer
	b.WriteString(`{"ticket":{"guid":"` + seedGUID + `","id":7,"format":"JSON","priority":"HIGH","status":"NEW"`)
	for _, m := range members {
		b.WriteByte(',')
		b.WriteString(m)
	}
	b.WriteString("}}")
	return b.Bytes()
}

// deepUnknownBody is comments each carrying an unknown member nested depth
// deep with a leaf at every level ([0,[0,[0,…]]]): listing every leaf with
// its full path costs depth² per comment.
func deepUnknownBody(size, depth int) []byte {
	one := `{"guid":"c","format":"PLAIN","content":"x","deep":` + strings.Repeat("[0,", depth) + "0" + strings.Repeat("]", depth) + "}"
	n := max(size/len(one), 1)
	cs := make([]string, n)
	for i := range cs {
		cs[i] = one
	}
	return ticketBody(`"title":"deep"`, `"comments":[`+strings.Join(cs, ",")+`]`)
}

// duplicateTitlesBody repeats the title key n times.
func duplicateTitlesBody(n int) []byte {
	ms := make([]string, n)
	for i := range ms {
		ms[i] = `"title":"duplicate title ` + strconv.Itoa(i) + `"`
	}
	return ticketBody(ms...)
}

// fieldOrderBody is a JSON event of about size bytes whose field_order
// names every one of its members (in reverse order), so a naive ordering is
// quadratic.
func fieldOrderBody(size int) []byte {
	n := size / 24
	names := make([]string, n)
	var ev strings.Builder
	ev.WriteString("{")
	for i := range n {
		names[n-1-i] = "f" + strconv.Itoa(i)
		fmt.Fprintf(&ev, `"f%d":%d,`, i, i)
	}
	ev.WriteString(`"field_order":"` + strings.Join(names, ",") + `"}`)
	return ticketBody(`"title":"field order"`, `"content":`+strconv.Quote(ev.String()))
}

// hugeTitleBody is a ticket with a title of size bytes.
func hugeTitleBody(size int) []byte {
	return ticketBody(`"title":"` + strings.Repeat("title ", size/6) + `"`)
}

// wideTableBody is a Markdown comment holding one table of cols columns.
func wideTableBody(cols int) []byte {
	var hdr, sep, row strings.Builder
	for i := range cols {
		fmt.Fprintf(&hdr, "| h%d ", i)
		sep.WriteString("|---")
		fmt.Fprintf(&row, "| c%d ", i)
	}
	md := hdr.String() + "|\n" + sep.String() + "|\n" + row.String() + "|\n"
	return ticketBody(`"title":"wide table"`, `"comments":[{"format":"MARKDOWN","content":`+strconv.Quote(md)+`}]`)
}

// manyCommentsBody is n small comments.
func manyCommentsBody(n int) []byte {
	cs := make([]string, n)
	for i := range cs {
		cs[i] = `{"guid":"c` + strconv.Itoa(i) + `","format":"PLAIN","content":"comment ` + strconv.Itoa(i) + `"}`
	}
	return ticketBody(`"title":"many comments"`, `"comments":[`+strings.Join(cs, ",")+`]`)
}

// modelFor is a ready viewer showing t at w x h: its panes built (off
// the loop for a big ticket, as the viewer does), Markdown still to come.
func modelFor(tb testing.TB, t *api.Ticket, w, h int) Model {
	tb.Helper()
	m := New(Deps{Getter: newFakeGetter(), Now: func() time.Time { return testNow }, Location: time.UTC,
		Tick: func(time.Duration, tea.Msg) tea.Cmd { return nil }}, "")
	m.width, m.height = w, h
	m.ticket, m.screen, m.guid = t, screenReady, seedGUID
	walk(m.rebuild(), func(msg tea.Msg) tea.Cmd {
		switch msg := msg.(type) {
		case paneBuiltMsg:
			return m.onBuilt(msg)
		case buildRestMsg:
			return m.onBuildRest(msg)
		case mdDoneMsg:
			m.md.done(msg) // the first screenful is in; the rest is not asked for
		}
		return nil
	})
	return m
}

// renderedModel is modelFor with Markdown rendering finished.
func renderedModel(tb testing.TB, t *api.Ticket, w, h int) Model {
	tb.Helper()
	m := modelFor(tb, t, w, h)
	for range 3 {
		next, _ := drain(m, m.rebuild())
		m = next.(Model)
		if !slices.ContainsFunc(m.panes[:], func(p *pane) bool { return p.waiting || p.building }) {
			return m
		}
	}
	tb.Fatal("Markdown did not finish")
	return m
}

// plainReport is --plain of t.
func plainReport(tb testing.TB, t *api.Ticket, width int) string {
	tb.Helper()
	var b strings.Builder
	if err := PlainReport(&b, t, PlainOptions{Width: width, Now: testNow, Location: time.UTC}); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}
