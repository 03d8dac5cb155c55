package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// cardText is the split view's right half of a screen: what follows the
// last separator on each line.
func cardText(scr string) string {
	var b strings.Builder
	for _, l := range strings.Split(scr, "\n") {
		if i := strings.LastIndex(l, "│"); i >= 0 {
			b.WriteString(l[i+len("│"):])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// cardTicks lets the split view's pause between card requests end at once
// (the harness's clock does not move; other ticks stay off).
func cardTicks(d *Deps, _ *Start) {
	d.Tick = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		if _, ok := msg.(cardCooledMsg); ok {
			return func() tea.Msg { return msg }
		}
		return nil
	}
}

// TestSplitViewShowsTriageCard: beside the queue is the triage card of the
// selected ticket (the one its Summary opens on), built from the fetched
// ticket; while it loads, the list item's facts and "loading"; a failed
// fetch says why in the card.
func TestSplitViewShowsTriageCard(t *testing.T) {
	h, l := newAppHarness(t, 250, 160, 48, cardTicks)
	rows := openRows(l)
	card := cardText(h.screen())
	// The event (content) is only in the fetched ticket: its flow is the
	// triage card's, not the list item's.
	for _, want := range []string{"Triage", "Severity", "Flow", "10.0.0.1", "Last said", rows[0].guid} {
		if !strings.Contains(card, want) {
			t.Errorf("card lacks %q:\n%s", want, card)
		}
	}
	if strings.Contains(card, "loading") {
		t.Errorf("card still loading:\n%s", card)
	}

	// j, before the fetch it starts has answered.
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(keyMsg("j"))
	card = cardText(h.screen())
	for _, want := range []string{"loading the ticket", "Severity", "MEDIUM", rows[1].guid} {
		if !strings.Contains(card, want) {
			t.Errorf("loading card lacks %q:\n%s", want, card)
		}
	}
	if strings.Contains(card, "10.0.0.1") {
		t.Errorf("loading card shows a flow the list item does not have:\n%s", card)
	}
	h.run(cmd)
	if card = cardText(h.screen()); !strings.Contains(card, "10.0.0.1") || strings.Contains(card, "loading") {
		t.Errorf("card after the fetch:\n%s", card)
	}

	// A failed fetch: the card says why.
	h.g.errs[rows[2].guid] = &api.AuthError{Status: 403, Err: api.ErrUnauthorized}
	h.keys("j")
	if card = cardText(h.screen()); !strings.Contains(card, "Permission denied") || !strings.Contains(card, "Severity") {
		t.Errorf("card of a failed fetch:\n%s", card)
	}

	// Enter opens the fetched ticket without asking again.
	h.keys("k")
	before := h.g.callCount()
	h.keys("enter")
	if h.app().Page() != "ticket" || h.app().ticket.guid != rows[1].guid || h.g.callCount() != before+prefetches(h) {
		t.Errorf("enter: page %s, ticket %s, %d requests (%d before)", h.app().Page(), h.app().ticket.guid, h.g.callCount(), before)
	}
}

// prefetches is how many neighbours the open row has (J/K fetch them).
func prefetches(h *harness) int {
	n := 0
	for _, j := range []int{h.app().openRow - 1, h.app().openRow + 1} {
		if j >= 0 && j < h.app().queue.count() {
			n++
		}
	}
	return n
}

// TestSplitViewOneCardRequestInFlight: holding j sends one request at a
// time, a pause apart, for the row under the cursor, not one per row
// passed; narrower than the split view, none.
func TestSplitViewOneCardRequestInFlight(t *testing.T) {
	h, _ := newAppHarness(t, 250, 160, 48, cardTicks)
	start := h.g.callCount()
	var cmds []tea.Cmd
	for range 10 {
		var cmd tea.Cmd
		h.m, cmd = h.m.Update(keyMsg("j"))
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		h.run(c)
	}
	if n := h.g.callCount() - start; n != 2 {
		t.Errorf("%d card requests for 10 key presses, want 2 (the first row passed, then the row reached)", n)
	}
	if g := h.g.calls[len(h.g.calls)-1]; g != h.app().queue.row(10).GUID.Text().String() {
		t.Errorf("last request for %s, not the selected row", g)
	}

	narrow, _ := newAppHarness(t, 250, 159, 48, cardTicks)
	narrow.keys("j", "j")
	if n := narrow.g.callCount(); n != 0 {
		t.Errorf("%d ticket requests without the split view", n)
	}
}

// TestSplitViewCardRequestsArePaced: until the pause after a card request
// is over, no other is sent, however far the cursor moves.
func TestSplitViewCardRequestsArePaced(t *testing.T) {
	h, _ := newAppHarness(t, 250, 160, 48) // the pause never ends
	start := h.g.callCount()
	h.keys("j", "j", "j")
	if n := h.g.callCount() - start; n != 0 {
		t.Errorf("%d card requests during the pause", n)
	}
	if card := cardText(h.screen()); !strings.Contains(card, "loading the ticket") {
		t.Errorf("the card does not say it is loading:\n%s", card)
	}
	h.send(cardCooledMsg{gen: h.app().queue.gen})
	if n := h.g.callCount() - start; n != 1 {
		t.Errorf("%d card requests after the pause, want 1", n)
	}
}

// TestSplitViewCardOfADeletedTicket: a ticket deleted since the list
// loaded says so in the card, and its row is marked gone, as when opened.
func TestSplitViewCardOfADeletedTicket(t *testing.T) {
	h, l := newAppHarness(t, 250, 160, 48, cardTicks)
	rows := openRows(l)
	delete(h.g.bodies, rows[1].guid)
	h.keys("j")
	scr := h.screen()
	if card := cardText(scr); !strings.Contains(card, "Ticket not found") {
		t.Errorf("card:\n%s", card)
	}
	if h.app().queue.marks[rows[1].guid] != markGone {
		t.Errorf("row not marked gone:\n%s", scr)
	}
}

// TestSplitViewCardReusesTheOpenTicket: back from a ticket, its card is the
// ticket just read, with no request.
func TestSplitViewCardReusesTheOpenTicket(t *testing.T) {
	h, l := newAppHarness(t, 250, 160, 48, cardTicks)
	rows := openRows(l)
	h.keys("j", "j", "j", "j", "j")
	h.keys("enter") // row 5: fetched for its card; J twice moves on
	h.keys("J", "J")
	before := h.g.callCount()
	h.keys("esc")
	if n := h.g.callCount() - before; n != 0 {
		t.Errorf("%d requests going back to the queue", n)
	}
	if card := cardText(h.screen()); !strings.Contains(card, rows[7].guid) || strings.Contains(card, "loading") {
		t.Errorf("card:\n%s", card)
	}
}
