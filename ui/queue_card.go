package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/errclass"
)

// This file is the right half of the split view: the triage card of the
// selected ticket, the same card that opens its Summary. A list item lacks
// what the card is for (the event, the rule, the comments), so the ticket
// is fetched with Get Ticket; until it arrives the card shows what the
// list item has and says it is loading.

// cardSpacing is the least time between two card requests. Holding j
// must not spend an SSH session's request budget (serve allows 5 a
// second) on cards flashing by, leaving none for opening a ticket.
const cardSpacing = 250 * time.Millisecond

// maxCards bounds the fetched tickets kept for the card: enough to go back
// and forth over a screen of rows without asking again.
const maxCards = 32

// cardMsg is a ticket fetched for the split view's card.
type cardMsg struct {
	gen     int
	guid    string
	ticket  *api.Ticket
	err     error
	fetched time.Time
}

// cardCooledMsg ends the pause after a card request (cardSpacing).
type cardCooledMsg struct{ gen int }

// card is a fetched ticket (or why it could not be fetched).
type card struct {
	ticket  *api.Ticket
	err     error
	fetched time.Time
}

// cards are the split view's fetched tickets. At most one request is in
// flight, and they are cardSpacing apart: holding j fetches the row the
// cursor is on when the last request is done, not every row passed.
type cards struct {
	byGUID  map[string]card
	loading string // the GUID being fetched, "" when none
	cooling bool   // a request went out less than cardSpacing ago
	ver     int    // bumped on every change, for the line cache
}

// reset forgets every card: a new filter or a refresh (tickets change).
func (c *cards) reset() {
	c.byGUID, c.loading, c.cooling = nil, "", false
	c.ver++
}

// put keeps c for guid, forgetting the others when there are maxCards.
func (c *cards) put(guid string, cd card) {
	if len(c.byGUID) >= maxCards || c.byGUID == nil {
		c.byGUID = map[string]card{}
	}
	c.byGUID[guid] = cd
	c.ver++
}

// split reports whether the card is on screen.
func (q *queueModel) split() bool { return q.width >= splitWidth }

// wantCard fetches the selected row's ticket for the card, unless it is
// there, on its way, or another fetch is in flight (its reply asks again).
func (q *queueModel) wantCard() tea.Cmd {
	if !q.split() || q.state != queueReady || q.cards.loading != "" || q.cards.cooling || q.deps.Getter == nil {
		return nil
	}
	t := q.row(q.cursor)
	if t == nil {
		return nil
	}
	guid, ok := rowGUID(t)
	if !ok {
		return nil
	}
	if _, ok := q.cards.byGUID[guid]; ok {
		return nil
	}
	q.cards.loading, q.cards.cooling = guid, true
	getter, ctx, gen, now := q.deps.Getter, q.ctx, q.gen, q.deps.Now
	return tea.Batch(func() tea.Msg {
		t, err := getter.GetTicket(ctx, guid)
		return cardMsg{gen: gen, guid: guid, ticket: t, err: err, fetched: now()}
	}, q.deps.Tick(cardSpacing, cardCooledMsg{gen: gen}))
}

// onCardCooled fetches the selected row's card if one is wanted.
func (q *queueModel) onCardCooled(msg cardCooledMsg) tea.Cmd {
	if msg.gen != q.gen {
		return nil
	}
	q.cards.cooling = false
	return q.wantCard()
}

// onCard takes a fetched ticket in, then fetches the selected row's if the
// cursor moved on meanwhile.
func (q *queueModel) onCard(msg cardMsg) tea.Cmd {
	if msg.gen != q.gen {
		return nil // for an older filter or before a refresh
	}
	q.cards.loading = ""
	switch errclass.Classify(msg.err).Kind {
	case errclass.Cancelled:
		return q.wantCard()
	case errclass.NotFound:
		q.gone(msg.guid) // deleted since the list loaded: marked, as when opened
	}
	q.cards.put(msg.guid, card{ticket: msg.ticket, err: msg.err, fetched: msg.fetched})
	return q.wantCard()
}

// keepCard takes a ticket the app already has (the one the ticket page
// showed) for its card, so going back to the queue asks for nothing.
func (q *queueModel) keepCard(guid string, t *api.Ticket, fetched time.Time) {
	if t != nil && guid != "" {
		q.cards.put(guid, card{ticket: t, fetched: fetched})
	}
}

// fetchedTicket is the ticket fetched for guid's card, if there is one:
// Enter then opens it at once.
func (q *queueModel) fetchedTicket(guid string) (*api.Ticket, time.Time, bool) {
	c, ok := q.cards.byGUID[guid]
	if !ok || c.ticket == nil {
		return nil, time.Time{}, false
	}
	return c.ticket, c.fetched, true
}

// cardKey is what the card's lines depend on.
type cardKey struct{ cursor, w, h, ver int }

// cardLines is the right half of the split view: the selected row's
// triage card, exactly h lines of w cells.
func (q *queueModel) cardLines(w, h int) []string {
	key := cardKey{q.cursor, w, h, q.cards.ver}
	if q.rows.card != nil && q.rows.cardKey == key {
		return q.rows.card
	}
	var out string
	if t := q.row(q.cursor); t != nil {
		c, loaded := card{}, false
		if guid, ok := rowGUID(t); ok {
			c, loaded = q.cards.byGUID[guid]
		}
		lines := splitCard(q.st, t, c, loaded, w-1, h, q.deps.Now(), q.deps.Location)
		for i := range lines {
			lines[i] = " " + lines[i]
		}
		out = strings.Join(lines, "\n")
	}
	lines := strings.Split(fit(out, w, h), "\n")
	q.rows.card, q.rows.cardKey = lines, key
	return lines
}

// splitCard is the triage card of a queue row: the fetched ticket's when
// it has arrived (loaded), else the list item's with "loading…", or the
// error that stopped the fetch. Unknown fields of the list item are
// listed after it: the ticket page shows the ticket's, not the item's.
func splitCard(st Styles, item *api.Ticket, c card, loaded bool, width, height int, now time.Time, loc *time.Location) []string {
	t := item
	if c.ticket != nil {
		t = c.ticket
	}
	k := newKV(st, width)
	k.budget.rows = max(height, 1) // one screen: the ticket page lists them all
	k.line(cutRow(st.Accent.Render("#")+st.fieldAs(t.ID, st.Accent)+"  "+st.fieldAs(t.Title, st.Title), width, st.G.Ellipsis))
	switch {
	case c.err != nil:
		f := friendly(c.err)
		k.line(st.Danger.Render(st.G.Cross + " " + f.title))
		k.line(st.Faint.Render(f.detail))
	case !loaded:
		k.line(st.Faint.Render(st.G.Ellipsis + " loading the ticket" + st.G.Ellipsis))
	}
	for _, w := range t.Warnings {
		k.line(cutRow(warningLine(st, w), width, st.G.Ellipsis))
	}
	triageCard(k, st, t, now, loc)
	k.section("Ticket")
	k.row("GUID", st.fieldAs(t.GUID, st.Faint))
	k.row("Repository", st.fieldStyled(t.RepoName))
	if len(item.Other) > 0 {
		k.section(fmt.Sprintf("Other fields of the list item (%d)", len(item.Other)))
		otherRows(k, st, item.Other)
	}
	k.line("")
	k.line(st.Faint.Render("enter opens all four panes"))
	return k.lines
}
