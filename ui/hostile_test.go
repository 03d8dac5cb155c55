package ui

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// TestUnknownFieldsBudgetPerPane: 50 comments that each carry a leaf at
// every level of a 300-deep nest used to be listed in full, path by path
// (the budget was per item): 15,000 rows of paths up to 300 steps. Now
// one budget covers the pane, long paths are shortened visibly and what is
// not listed is counted.
func TestUnknownFieldsBudgetPerPane(t *testing.T) {
	tk := decode(t, deepUnknownBody(64_000, 300))
	if n := len(tk.Comments); n < 40 {
		t.Fatalf("generator made %d comments", n)
	}
	out := plainReport(t, tk, 100)
	if !strings.Contains(out, "[1][1][1][1][1][1][1]…285 steps…[1][1]") {
		t.Errorf("deep paths are not shortened with a visible marker")
	}
	if !strings.Contains(out, "paths deeper than 16 steps shortened with …") {
		t.Errorf("shortened paths are not counted")
	}
	if listed := strings.Count(out, " = 0"); listed != maxOtherRows {
		t.Errorf("listed %d values, want the budget %d", listed, maxOtherRows)
	}
	// Each comment has 301 leaves; those after the budget ran out say so.
	if !strings.Contains(out, "301 more values not listed") {
		t.Errorf("values past the budget are not counted")
	}
	if lines := strings.Count(out, "\n"); lines > 3*maxOtherRows {
		t.Errorf("--plain has %d lines for a %d-byte ticket", lines, tk.Body.Len())
	}
}

// allocatedBy is the number of bytes f allocates on the heap.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestKeyPressCostBounded: once a hostile ticket is open, a key press
// (Update + View) does work for what is on screen, not for the ticket. The
// header used to render the whole title and every duplicate value on every
// frame (joined with a quadratic +=) and cut the result to width.
func TestKeyPressCostBounded(t *testing.T) {
	shapes := []struct {
		name string
		body []byte
	}{
		{"huge title", hugeTitleBody(4 << 20)},
		{"duplicate titles", duplicateTitlesBody(5000)},
		{"huge id", ticketBody(`"title":"t"`, `"id":"`+strings.Repeat("9", 4<<20)+`"`)},
	}
	for _, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			var m tea.Model = modelFor(t, decode(t, s.body), 120, 40)
			_ = m.View()
			const limit = 1 << 20
			for _, k := range []string{"j", "k", "2", "1"} {
				if n := allocatedBy(func() {
					m, _ = m.Update(keyMsg(k))
					_ = m.View()
				}); n > limit {
					t.Errorf("key %q allocated %d bytes, want < %d", k, n, limit)
				}
			}
		})
	}
}

// TestHeaderDuplicateTitles: the header says how many titles were sent and
// shows the one other tools use; the Summary lists every one.
func TestHeaderDuplicateTitles(t *testing.T) {
	m := modelFor(t, decode(t, duplicateTitlesBody(20000)), 200, 40)
	scr := emulate(m.View().Content, 200, 40)
	want := "#7  duplicate title 0 ⚠ 20000 values (duplicate key), the last value: what jq and browsers use: duplicate title 19999"
	if !strings.Contains(scr, want) {
		t.Errorf("header lacks %q:\n%s", want, scr)
	}
	summary := m.panes[summaryPane].pager.text()
	for _, v := range []string{"duplicate title 1 ", "duplicate title 10000 ", "duplicate title 19999 "} {
		if !strings.Contains(summary, v) {
			t.Errorf("Summary lacks %q", v)
		}
	}
}

// TestTopOrder: field_order names come first in its order, every member
// with a repeated key is placed, names listed twice or absent are harmless,
// and the rest keep server order.
func TestTopOrder(t *testing.T) {
	root := decode(t, ticketBody(`"content":"{\"a\":1,\"b\":2,\"c\":3,\"b\":4,\"d\":5}"`)).Event.Tree
	fo := []termsafe.Untrusted{termsafe.Wrap("d"), termsafe.Wrap("x"), termsafe.Wrap("b"), termsafe.Wrap("d")}
	if got, want := fmt.Sprint(topOrder(root, fo)), "[4 1 3 0 2]"; got != want {
		t.Errorf("topOrder = %s, want %s", got, want)
	}
}

// TestFieldOrderHuge: a 5 MB event whose field_order names all of its
// ~220,000 members in reverse used to take a scan of the members per name
// (it did not finish); the order is now built in one pass.
func TestFieldOrderHuge(t *testing.T) {
	tk := decode(t, fieldOrderBody(5<<20))
	root := tk.Event.Tree
	order := topOrder(root, tk.Event.FieldOrder)
	n := len(root.Members)
	if len(order) != n || n < 200_000 {
		t.Fatalf("order has %d of %d members", len(order), n)
	}
	// field_order lists f(n-2) … f0; field_order itself comes last.
	if !root.Members[order[0]].Key.Is("f"+strconv.Itoa(n-2)) || !root.Members[order[n-2]].Key.Is("f0") || order[n-1] != n-1 {
		t.Errorf("order starts %v and ends %v", order[:3], order[n-3:])
	}
}

// warnHistory loads with a warning, as history.File does for a file with
// entries it had to ignore.
type warnHistory struct{ memHistory }

func (h *warnHistory) Load() ([]Recent, error) {
	return []Recent{{GUID: seedGUID, Title: termsafe.Wrap("kept")}}, errors.New("history: 2 malformed or oversized entries in recent.json ignored")
}

// TestHistoryWarningShown: a history file with bad entries still opens
// the prompt with the good ones, and says what was ignored.
func TestHistoryWarningShown(t *testing.T) {
	m := New(Deps{Getter: newFakeGetter(), Now: func() time.Time { return testNow }, History: &warnHistory{},
		Tick: func(time.Duration, tea.Msg) tea.Cmd { return nil }}, "")
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	tm, _ = tm.Update(m.loadHistory()())
	scr := emulate(tm.View().Content, 120, 30)
	for _, want := range []string{"kept", "2 malformed or oversized entries in recent.json ignored"} {
		if !strings.Contains(scr, want) {
			t.Errorf("prompt lacks %q:\n%s", want, scr)
		}
	}
}

// TestPasteEscapedVisibly: pasted text used to reach the prompt and the
// search box with bidi and zero-width characters raw and ESC silently
// stripped. It is escaped like server text, tokens visible.
func TestPasteEscapedVisibly(t *testing.T) {
	paste := tea.PasteMsg{Content: "ab\x1b[31mc\u202ed\u200be\n"}
	const want = `ab\x1B[31mc\u{202E}d\u{200B}e`

	h := newHarness(t, "", 100, 30, Dark)
	h.send(paste)
	if got := h.model().prompt.input.Value(); got != want {
		t.Errorf("prompt value = %q, want %q", got, want)
	}
	if !strings.Contains(h.screen(), want) {
		t.Errorf("prompt does not show %q:\n%s", want, h.screen())
	}

	h = newHarness(t, seedGUID, 100, 30, Dark)
	h.keys("/")
	h.send(paste)
	if got := h.model().search.Value(); got != want {
		t.Errorf("search value = %q, want %q", got, want)
	}

	// A GUID copied with its line break still opens.
	h = newHarness(t, "", 100, 30, Dark)
	h.send(tea.PasteMsg{Content: seedGUID + "\r\n"})
	h.keys("enter")
	if got := h.model().Screen(); got != "ready" {
		t.Errorf("pasted GUID: screen %s", got)
	}
}
