package ui

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/sonar-tui/sonar-tui/api"
)

// openCount is how many generated tickets DefaultQuery matches: five of
// the seven statuses are open.
func openCount(l *fakeLister) int {
	n := 0
	for _, t := range l.tickets {
		if slices.Contains(api.OpenStatuses, t.status) {
			n++
		}
	}
	return n
}

// openRows are the generated tickets DefaultQuery lists, in order.
func openRows(l *fakeLister) []queueTicket {
	var out []queueTicket
	for _, t := range l.tickets {
		if slices.Contains(api.OpenStatuses, t.status) {
			out = append(out, t)
		}
	}
	return out
}

func TestQueueDefaultQueryAndTotal(t *testing.T) {
	h, l := newAppHarness(t, 2500, 100, 30)
	if got := h.app().Page(); got != "queue" {
		t.Fatalf("page = %s, want queue", got)
	}
	q := l.lastQuery()
	if !slices.Equal(q.Statuses, api.OpenStatuses) || q.Sort != api.SortUpdatedAt || q.Ascending {
		t.Errorf("default query: statuses %v sort %q asc %v; want open statuses, updated_at DESC", q.Statuses, q.Sort, q.Ascending)
	}
	if q.Offset != 0 || q.Limit != queuePageSize {
		t.Errorf("first request: offset %d limit %d", q.Offset, q.Limit)
	}
	// Only the first page: rows load as the analyst scrolls.
	if n := l.queryCount(); n != 1 {
		t.Errorf("%d requests for the first screen, want 1", n)
	}
	want := fmt.Sprintf("%s tickets", commas(int64(openCount(l))))
	if scr := h.screen(); !strings.Contains(scr, want) {
		t.Errorf("header lacks the server's total %q:\n%s", want, scr)
	}
}

func TestQueueLoadsPageByPage(t *testing.T) {
	h, l := newAppHarness(t, 2500, 100, 30)
	total := openCount(l)
	h.keys("G")
	if c := h.app().queue.cursor; c != total-1 {
		t.Fatalf("G: cursor %d, want %d", c, total-1)
	}
	var offsets []int
	for _, q := range l.queries {
		offsets = append(offsets, q.Offset)
	}
	last := (total - 1) / queuePageSize * queuePageSize
	if !slices.Contains(offsets, last) {
		t.Errorf("G did not load the last page (offset %d): %v", last, offsets)
	}
	if len(offsets) > 3 {
		t.Errorf("G loaded %d pages, not just the ones on screen: %v", len(offsets), offsets)
	}
	rows := openRows(l)
	if scr := h.screen(); !strings.Contains(scr, fmt.Sprintf("#%d", rows[total-1].id)) {
		t.Errorf("last row not shown:\n%s", scr)
	}
	h.keys("g")
	for range 150 {
		h.keys("j")
	}
	q := h.app().queue
	if got := q.row(150); got == nil {
		t.Fatal("row 150 not loaded after scrolling to it")
	}
	if id, _ := q.row(150).ID.Int(); int(id) != rows[150].id {
		t.Errorf("row 150 is #%d, want #%d", id, rows[150].id)
	}
}

func TestQueueOpenAndBackKeepsCursor(t *testing.T) {
	h, l := newAppHarness(t, 250, 100, 20)
	rows := openRows(l)
	for range 30 {
		h.keys("j")
	}
	before := h.app().queue
	h.keys("enter")
	if h.app().Page() != "ticket" || h.app().ticket.Screen() != "ready" {
		t.Fatalf("enter: page %s, ticket screen %s", h.app().Page(), h.app().ticket.Screen())
	}
	if h.app().ticket.guid != rows[30].guid {
		t.Errorf("opened %s, want row 30's %s", h.app().ticket.guid, rows[30].guid)
	}
	h.keys("2", "esc")
	if h.app().Page() != "queue" {
		t.Fatalf("esc: page %s, want queue", h.app().Page())
	}
	after := h.app().queue
	if after.cursor != before.cursor || after.offset != before.offset {
		t.Errorf("cursor/offset %d/%d, want %d/%d", after.cursor, after.offset, before.cursor, before.offset)
	}
}

func TestQueueNextPrevTicketArePrefetched(t *testing.T) {
	h, l := newAppHarness(t, 250, 100, 20)
	rows := openRows(l)
	h.keys("j", "enter")
	if got := h.app().ticket.guid; got != rows[1].guid {
		t.Fatalf("opened %s", got)
	}
	// Both neighbours were fetched ahead.
	calls := h.g.calls
	for _, want := range []string{rows[0].guid, rows[2].guid} {
		if !slices.Contains(calls, want) {
			t.Errorf("neighbour %s was not prefetched: %v", want, calls)
		}
	}
	n := h.g.callCount()
	// J shows the next ticket at once: no request, no loading screen.
	m, cmd := h.m.Update(keyMsg("J"))
	if a := m.(*App); a.ticket.Screen() != "ready" || a.ticket.guid != rows[2].guid {
		t.Fatalf("J: screen %s guid %s, want ready %s", a.ticket.Screen(), a.ticket.guid, rows[2].guid)
	}
	if h.g.callCount() != n {
		t.Errorf("J sent a request for a prefetched ticket")
	}
	h.m = m
	h.run(cmd)
	h.keys("J")
	if h.g.callCount() == n {
		t.Error("J did not prefetch the next neighbour")
	}
	if got := h.app().ticket.guid; got != rows[3].guid {
		t.Errorf("J J: %s, want %s", got, rows[3].guid)
	}
	h.keys("K", "K", "K")
	if got := h.app().ticket.guid; got != rows[0].guid {
		t.Errorf("K×3: %s, want %s", got, rows[0].guid)
	}
	h.keys("K")
	if got := h.app().ticket.guid; got != rows[0].guid {
		t.Errorf("K at the top moved to %s", got)
	}
	h.keys("esc")
	if c := h.app().queue.cursor; c != 0 {
		t.Errorf("back on the queue the cursor is on row %d, want the last ticket shown (0)", c)
	}
}

func TestQueueJKAcrossPages(t *testing.T) {
	h, l := newAppHarness(t, 500, 100, 20)
	rows := openRows(l)
	for range queuePageSize - 1 {
		h.keys("j")
	}
	h.keys("enter", "J")
	if got := h.app().ticket.guid; got != rows[queuePageSize].guid {
		t.Errorf("J onto the next page: %s, want %s", got, rows[queuePageSize].guid)
	}
}

func TestQueueDeletedTicketReturnsToQueue(t *testing.T) {
	h, l := newAppHarness(t, 250, 100, 20)
	rows := openRows(l)
	h.g.mu.Lock()
	delete(h.g.bodies, rows[2].guid) // deleted after the list loaded
	h.g.mu.Unlock()
	h.keys("j", "j", "enter")
	if h.app().Page() != "queue" {
		t.Fatalf("page %s, want the queue back", h.app().Page())
	}
	scr := h.screen()
	if !strings.Contains(scr, "not found") {
		t.Errorf("no 'not found' notice:\n%s", scr)
	}
	if !strings.Contains(scr, "✗") {
		t.Errorf("the deleted row is not marked:\n%s", scr)
	}
	if h.app().queue.cursor != 2 {
		t.Errorf("cursor moved to %d", h.app().queue.cursor)
	}
}

func TestQueueErrorMidScrollKeepsRows(t *testing.T) {
	h, l := newAppHarness(t, 500, 100, 20)
	rows := openRows(l)
	l.mu.Lock()
	l.failAt[queuePageSize] = &api.NetworkError{Err: errBoom}
	l.mu.Unlock()
	for range queuePageSize + 5 {
		h.keys("j")
	}
	scr := h.screen()
	if !strings.Contains(scr, "tickets 101–200: Cannot reach the Sonar server · r retry") {
		t.Errorf("footer lacks the error with retry:\n%s", scr)
	}
	if !strings.Contains(scr, fmt.Sprintf("#%d", rows[queuePageSize-1].id)) {
		t.Errorf("loaded rows are gone:\n%s", scr)
	}
	if !strings.Contains(scr, "not loaded") {
		t.Errorf("failed rows are not marked:\n%s", scr)
	}
	h.keys("r")
	scr = h.screen()
	if strings.Contains(scr, "r retry") || !strings.Contains(scr, fmt.Sprintf("#%d", rows[queuePageSize+5].id)) {
		t.Errorf("r did not retry the page:\n%s", scr)
	}
}

func TestQueueFirstPageError(t *testing.T) {
	h, l := newAppHarness(t, 10, 80, 24, func(d *Deps, _ *Start) {
		d.Lister.(*fakeLister).failAt[0] = &api.APIError{Status: 400}
	})
	if h.app().queue.state != queueError {
		t.Fatalf("state %v", h.app().queue.state)
	}
	if scr := h.screen(); !strings.Contains(scr, "Could not load the queue") || !strings.Contains(scr, "r retry") {
		t.Errorf("no error view:\n%s", scr)
	}
	h.keys("r")
	if h.app().queue.state != queueReady || l.queryCount() != 2 {
		t.Errorf("r: state %v after %d requests", h.app().queue.state, l.queryCount())
	}
}

func TestQueueFilters(t *testing.T) {
	h, l := newAppHarness(t, 250, 120, 30, func(d *Deps, _ *Start) {
		d.Views = []QueueView{{Name: "high-new", Query: api.ListQuery{Statuses: []string{api.StatusNew}, Priorities: []api.Priority{api.PriorityHigh}}}}
	})
	// The filter bar: → to ASSIGNED, toggle it off.
	h.keys("f", "l", "x")
	if q := l.lastQuery(); slices.Contains(q.Statuses, api.StatusAssigned) || len(q.Statuses) != 4 {
		t.Errorf("toggling ASSIGNED off sent %v", q.Statuses)
	}
	// HIGH follows the seven statuses.
	for range 6 {
		h.keys("l")
	}
	h.keys("x", "esc")
	if q := l.lastQuery(); !slices.Equal(q.Priorities, []api.Priority{api.PriorityHigh}) {
		t.Errorf("toggling HIGH sent priorities %v", q.Priorities)
	}
	want := 0
	for _, r := range openRows(l) {
		if r.status != api.StatusAssigned && r.priority == "HIGH" {
			want++
		}
	}
	if c := h.app().queue.total; c != want {
		t.Errorf("HIGH, open but not ASSIGNED: %d rows, want %d", c, want)
	}
	h.keys("m")
	if q := l.lastQuery(); !slices.Equal(q.Assignees, []string{testUser}) {
		t.Errorf("mine sent assignees %v", q.Assignees)
	}
	h.keys("/")
	h.typeText("VPN")
	h.keys("enter")
	if q := l.lastQuery(); q.Keywords != "VPN" {
		t.Errorf("keywords sent %q", q.Keywords)
	}
	if scr := h.screen(); !strings.Contains(scr, "keywords VPN") {
		t.Errorf("the filter bar does not show the keywords:\n%s", scr)
	}
	h.keys("esc")
	if q := l.lastQuery(); q.Keywords != "" {
		t.Errorf("esc kept keywords %q", q.Keywords)
	}
	h.keys("v")
	q := l.lastQuery()
	if !slices.Equal(q.Statuses, []string{api.StatusNew}) || !slices.Equal(q.Priorities, []api.Priority{api.PriorityHigh}) || len(q.Assignees) != 0 {
		t.Errorf("view high-new sent %+v", q)
	}
	if scr := h.screen(); !strings.Contains(scr, "high-new") {
		t.Errorf("header does not name the view:\n%s", scr)
	}
	h.keys("V")
	if q := l.lastQuery(); !slices.Equal(q.Statuses, api.OpenStatuses) {
		t.Errorf("back to the first view sent %v", q.Statuses)
	}
}

func TestQueueMineNeedsUserGUID(t *testing.T) {
	h, l := newAppHarness(t, 20, 100, 20, func(d *Deps, _ *Start) { d.UserGUID = "" })
	n := l.queryCount()
	h.keys("m")
	if l.queryCount() != n {
		t.Error("m without a user GUID sent a request")
	}
	if scr := h.screen(); !strings.Contains(scr, "user_guid") {
		t.Errorf("no hint to set user_guid:\n%s", scr)
	}
}

func TestQueueWatchMarksNewAndChanged(t *testing.T) {
	var ticks []time.Duration
	h, l := newAppHarness(t, 50, 100, 30, func(d *Deps, _ *Start) {
		d.Watch = 45 * time.Second
		d.Tick = func(d time.Duration, msg tea.Msg) tea.Cmd {
			if _, ok := msg.(watchMsg); ok {
				ticks = append(ticks, d)
			}
			return nil
		}
	})
	if !slices.Equal(ticks, []time.Duration{45 * time.Second}) {
		t.Errorf("watch ticks scheduled: %v, want one of 45s", ticks)
	}
	l.mu.Lock()
	l.tickets[1].updated = testNow.Add(time.Minute) // changed
	nt := genTickets(60)[55]                        // a new ticket on top
	nt.status, nt.updated = api.StatusNew, testNow.Add(2*time.Minute)
	l.tickets = append([]queueTicket{nt}, l.tickets...)
	l.mu.Unlock()
	h.g.mu.Lock()
	h.g.bodies[nt.guid] = nt.ticketJSON()
	h.g.mu.Unlock()
	h.send(watchMsg{})
	if len(ticks) != 2 {
		t.Errorf("the watch did not schedule its next tick: %v", ticks)
	}
	scr := h.screen()
	if !strings.Contains(scr, "● 2 new/changed") {
		t.Errorf("header lacks the count:\n%s", scr)
	}
	if !strings.Contains(scr, "● ") || !strings.Contains(scr, "◐") {
		t.Errorf("rows are not marked new (●) and changed (◐):\n%s", scr)
	}
	if c := h.app().queue.cursor; c != 1 {
		t.Errorf("the cursor did not follow its ticket down to row 1: row %d", c)
	}
	h.keys("g", "enter", "esc") // looking at the new ticket clears its mark
	if scr := h.screen(); !strings.Contains(scr, "● 1 new/changed") {
		t.Errorf("opening did not clear the mark:\n%s", scr)
	}
}

func TestQueueHostileTitleIsEscaped(t *testing.T) {
	for _, w := range []int{80, 160} {
		h, _ := newAppHarness(t, 10, w, 30)
		h.keys("j", "j", "j") // the hostile row, so the card shows it too
		frame := h.frame()
		for _, bad := range []string{"\x1b]0;", "\x1b]52;", "\x07"} {
			if strings.Contains(frame, bad) {
				t.Errorf("%d cols: the frame holds a raw %q", w, bad)
			}
		}
		if !strings.Contains(h.screen(), `\x1B]0;pwned`) {
			t.Errorf("%d cols: the title is not shown escaped:\n%s", w, h.screen())
		}
		if title := h.m.View().WindowTitle; strings.Contains(title, "pwned") {
			t.Errorf("window title %q", title)
		}
	}
}

func TestQueueEveryFrameFits(t *testing.T) {
	for _, size := range [][2]int{{20, 6}, {40, 12}, {59, 14}, {80, 24}, {120, 40}, {159, 40}, {160, 48}, {250, 70}, {10, 3}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h, _ := newAppHarness(t, 250, size[0], size[1])
			for _, k := range []string{"", "G", "f", "l", "esc", "?", "?", "/"} {
				if k != "" {
					h.keys(k)
				}
				requireFits(t, h.frame(), size[0], size[1])
			}
		})
	}
}

func TestQueueGoldens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h, _ := newAppHarness(t, 250, size[0], size[1], cardTicks)
			h.keys("j", "j")
			requireFits(t, h.frame(), size[0], size[1])
			golden.RequireEqual(t, h.screen())
		})
	}
}

func TestQueueOpenPromptAndBack(t *testing.T) {
	h, _ := newAppHarness(t, 20, 100, 20)
	h.keys("o")
	if !strings.Contains(h.screen(), "Open a ticket") {
		t.Fatalf("o did not open the prompt:\n%s", h.screen())
	}
	h.keys("esc")
	if h.app().Page() != "queue" {
		t.Fatalf("esc on the empty prompt: page %s, want queue", h.app().Page())
	}
	h.keys("o")
	h.typeText(seedGUID)
	h.keys("enter")
	if h.app().ticket.Screen() != "ready" || h.app().ticket.guid != seedGUID {
		t.Fatalf("prompt open: %s %s", h.app().ticket.Screen(), h.app().ticket.guid)
	}
	h.keys("J")
	if h.app().ticket.guid != seedGUID {
		t.Error("J moved away from a ticket that did not come from the queue")
	}
	h.keys("esc")
	if h.app().Page() != "queue" {
		t.Errorf("esc: page %s", h.app().Page())
	}
}

func TestAppStartsOnTicket(t *testing.T) {
	h, l := newAppHarness(t, 20, 100, 20, func(_ *Deps, s *Start) { s.GUID = seedGUID })
	if h.app().Page() != "ticket" || h.app().ticket.Screen() != "ready" {
		t.Fatalf("page %s screen %s", h.app().Page(), h.app().ticket.Screen())
	}
	if l.queryCount() != 0 {
		t.Errorf("the queue loaded before it was shown")
	}
	h.keys("esc")
	if h.app().Page() != "queue" || l.queryCount() != 1 {
		t.Errorf("esc: page %s, %d list requests", h.app().Page(), l.queryCount())
	}
}

func TestQueueStaleRepliesAreDropped(t *testing.T) {
	h, l := newAppHarness(t, 250, 100, 20)
	// A reply to the query before the filter changed arrives late.
	old := h.app().queue.gen
	h.keys("m")
	page, _ := l.ListTickets(t.Context(), api.ListQuery{Limit: queuePageSize})
	h.send(pageMsg{gen: old, index: 0, page: page})
	if got := h.app().queue.total; got == len(l.tickets) {
		t.Errorf("a stale page replaced the filtered rows")
	}
}

func TestQueueNoTotal(t *testing.T) {
	h, _ := newAppHarness(t, 250, 100, 20, func(d *Deps, s *Start) {
		d.Lister.(*fakeLister).noTotal = true
		s.Query = api.ListQuery{}
	})
	if scr := h.screen(); !strings.Contains(scr, "≥ 100 tickets") || !strings.Contains(scr, "no total") {
		t.Errorf("header:\n%s", scr)
	}
	h.keys("G", "G", "G")
	if got := h.app().queue.total; got != 250 {
		t.Errorf("without a total, scrolling to the end found %d rows, want 250", got)
	}
}

// TestQueueWrongTotal: a total the list does not bear out (hostile, or
// the list shrank) never makes the queue ask past maxQueueRows, loop, or
// show rows that are not there.
func TestQueueWrongTotal(t *testing.T) {
	for _, total := range []string{"99999999999999", "1e300", "-5", `"many"`, "260", "1000"} {
		t.Run(total, func(t *testing.T) {
			h, l := newAppHarness(t, 250, 100, 20, func(d *Deps, s *Start) {
				d.Lister.(*fakeLister).total = total
				s.Query = api.ListQuery{}
			})
			for range 4 {
				h.keys("G")
				requireFits(t, h.frame(), 100, 20)
			}
			if got := h.app().queue.total; got != 250 {
				t.Errorf("total %d after scrolling to the end, want the 250 rows listed", got)
			}
			if n := l.queryCount(); n > 12 {
				t.Errorf("%d requests to find the end of 3 pages", n)
			}
			for _, q := range l.queries {
				if q.Offset > maxQueueRows {
					t.Errorf("asked for offset %d", q.Offset)
				}
			}
		})
	}
}

func TestQueueKeysDocumented(t *testing.T) {
	km := DefaultQueueKeyMap()
	in := map[string]bool{}
	for _, col := range km.FullHelp() {
		for _, b := range col {
			in[b.Help().Key+b.Help().Desc] = true
		}
	}
	n := 0
	for _, b := range queueBindings(km) {
		n++
		if b.Help().Key == "" || b.Help().Desc == "" {
			t.Errorf("%v has no help", b.Keys())
		}
		if !in[b.Help().Key+b.Help().Desc] {
			t.Errorf("%v is missing from the queue's full help", b.Keys())
		}
	}
	if n < 20 {
		t.Errorf("only %d queue bindings checked", n)
	}
	if !strings.Contains(ReadmeKeyTable(), "| `J` | next ticket (ticket, from the queue) |") {
		t.Errorf("README table lacks J:\n%s", ReadmeKeyTable())
	}
}

// queueBindings is every binding of the queue keymap.
func queueBindings(km QueueKeyMap) []key.Binding {
	var out []key.Binding
	v := reflect.ValueOf(km)
	for i := range v.NumField() {
		out = append(out, v.Field(i).Interface().(key.Binding))
	}
	return out
}

var _ tea.Model = (*App)(nil)

func TestTicketHelpListsAppKeys(t *testing.T) {
	h, _ := newAppHarness(t, 20, 120, 40)
	h.keys("enter", "?")
	scr := h.screen()
	for _, want := range []string{"next ticket", "back to the queue"} {
		if !strings.Contains(scr, want) {
			t.Errorf("? on the ticket page lacks %q:\n%s", want, scr)
		}
	}
	// The standalone viewer has no queue.
	s := newHarness(t, seedGUID, 120, 40, Dark)
	s.keys("?")
	if strings.Contains(s.screen(), "next ticket") {
		t.Error("the standalone viewer lists queue keys")
	}
}

// TestPromptNotFoundStaysOnTicketPage: only a queue row that vanished
// sends the analyst back to the queue; a GUID typed at the prompt over an
// open ticket that is not found keeps that ticket on screen, with a note.
func TestPromptNotFoundStaysOnTicketPage(t *testing.T) {
	h, _ := newAppHarness(t, 20, 100, 20)
	h.keys("enter")
	opened := h.app().ticket.guid
	h.keys("o")
	h.typeText("00000000-0000-4000-8000-00000000dead")
	h.keys("enter")
	if h.app().Page() != "ticket" || h.app().ticket.Screen() != "ready" || h.app().ticket.guid != opened {
		t.Errorf("page %s screen %s ticket %s, want the ticket page still on %s", h.app().Page(), h.app().ticket.Screen(), h.app().ticket.guid, opened)
	}
	if scr := h.screen(); !strings.Contains(scr, "No ticket with GUID") {
		t.Errorf("no not-found note:\n%s", scr)
	}
	h.keys("esc")
	if h.app().Page() != "queue" {
		t.Errorf("esc on the ticket: page %s", h.app().Page())
	}
}

// TestQueuePageWarningsAreShown: a page's warnings (trailing data after
// the response, say) reach the footer, escaped.
func TestQueuePageWarningsAreShown(t *testing.T) {
	h, _ := newAppHarness(t, 20, 100, 20, func(d *Deps, _ *Start) {
		d.Lister.(*fakeLister).warn = errors.New("trailing data after the response\x1b]0;x\x07")
	})
	scr := h.screen()
	if !strings.Contains(scr, "⚠ tickets from 1: trailing data after the response\\x1B]0;x\\x07") {
		t.Errorf("footer lacks the warning:\n%s", scr)
	}
	if strings.Contains(h.frame(), "\x1b]0;x") {
		t.Error("the warning's escape reached the frame raw")
	}
}

func TestQueueWithoutLister(t *testing.T) {
	h, _ := newAppHarness(t, 20, 100, 20, func(d *Deps, _ *Start) { d.Lister = nil })
	if scr := h.screen(); !strings.Contains(scr, "cannot list tickets") {
		t.Errorf("no explanation:\n%s", scr)
	}
}

// TestQueueShowsWhatIsBesideTheTickets: members of the response beside
// total and tickets stay on screen under the filter bar, escaped, while
// the analyst scrolls.
func TestQueueShowsWhatIsBesideTheTickets(t *testing.T) {
	h, _ := newAppHarness(t, 250, 120, 30, func(d *Deps, _ *Start) {
		d.Lister.(*fakeLister).other = `"next":"x\u001b]0;y\u0007","stats":{"took_ms":12}`
	})
	h.keys("j", "j")
	scr := h.screen()
	for _, want := range []string{`next = x\x1B]0;y\x07`, "stats.took_ms = 12"} {
		if !strings.Contains(scr, want) {
			t.Errorf("screen lacks %q:\n%s", want, scr)
		}
	}
	if strings.Contains(h.frame(), "\x1b]0;y") {
		t.Error("a member's escape reached the frame raw")
	}
	requireFits(t, h.frame(), 120, 30)
}

// TestQueueOverfullPage: a server that sends more rows than a page asked
// for: the queue says so, and stays saying it (a toast would go with the
// next key); the rows past the page are asked for as the next page.
func TestQueueOverfullPage(t *testing.T) {
	h, l := newAppHarness(t, 250, 120, 30, func(d *Deps, _ *Start) {
		d.Lister.(*fakeLister).over = 50
	})
	h.keys("j", "j")
	if scr := h.screen(); !strings.Contains(scr, "the server sent 150 tickets for a page of 100") {
		t.Errorf("no warning:\n%s", scr)
	}
	rows := openRows(l)
	for range queuePageSize + 20 {
		h.keys("j")
	}
	if got := h.app().queue.row(queuePageSize + 20); got == nil || !got.GUID.Is(rows[queuePageSize+20].guid) {
		t.Errorf("row %d is %v, want %s", queuePageSize+20, got, rows[queuePageSize+20].guid)
	}
	requireFits(t, h.frame(), 120, 30)
}

// TestQueueRowShowsUnknownFields: a list item's fields that sonar-tui does
// not know are counted on its row (the card lists them).
func TestQueueRowShowsUnknownFields(t *testing.T) {
	h, l := newAppHarness(t, 10, 100, 20, func(d *Deps, _ *Start) {
		d.Lister.(*fakeLister).tickets[0].extra = `"sla_due":"2026-11-26 00:00:00+0000","queue_rank":7`
	})
	rows := openRows(l)
	var line string
	for _, s := range strings.Split(h.screen(), "\n") {
		if strings.Contains(s, fmt.Sprint(rows[0].id)) {
			line = s
		}
	}
	if !strings.Contains(line, "+2 fields") {
		t.Errorf("row %q does not count its unknown fields", line)
	}
	wide, _ := newAppHarness(t, 10, 160, 30, cardTicks, func(d *Deps, _ *Start) {
		d.Lister.(*fakeLister).tickets[0].extra = `"queue_rank":7`
	})
	if card := cardText(wide.screen()); !strings.Contains(card, "Other fields of the list item (1)") || !strings.Contains(card, "queue_rank = 7") {
		t.Errorf("the card does not list the item's unknown field:\n%s", card)
	}
}
