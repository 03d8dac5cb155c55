package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// This file is the queue's paging: which pages to ask for, taking their
// replies in, the total, and forgetting pages far from the cursor.

// query is the request for page i of the current filter.
func (q *queueModel) query(i int) api.ListQuery {
	lq := q.filter.query(q.deps.UserGUID)
	lq.Offset, lq.Limit = i*queuePageSize, queuePageSize
	return lq
}

// load requests page i unless it is loaded or on its way.
func (q *queueModel) load(i int, kind loadKind) tea.Cmd {
	p := q.pages[i]
	if p == nil {
		p = &queuePage{}
		q.pages[i] = p
	} else if p.loading || (p.loaded && !p.stale) || p.err != nil && kind == loadScroll {
		return nil
	}
	p.loading = true
	lister, ctx, gen, lq := q.deps.Lister, q.ctx, q.gen, q.query(i)
	if lister == nil {
		return func() tea.Msg { return pageMsg{gen: gen, index: i, kind: kind, err: errNoLister} }
	}
	return func() tea.Msg {
		pg, err := lister.ListTickets(ctx, lq)
		return pageMsg{gen: gen, index: i, kind: kind, page: pg, err: err}
	}
}

// errNoLister is the queue's error when Deps has no Lister.
var errNoLister = errors.New("this connection cannot list tickets (no lister)")

// ensure loads the page holding row i.
func (q *queueModel) ensure(i int) tea.Cmd {
	if i < 0 {
		return nil
	}
	return q.load(i/queuePageSize, loadScroll)
}

// onPage takes a page of rows (or its error) into the table.
func (q *queueModel) onPage(msg pageMsg) tea.Cmd {
	if msg.gen != q.gen {
		return nil // a reply to an older filter or refresh
	}
	p := q.pages[msg.index]
	if p == nil {
		return nil
	}
	p.loading = false
	q.rows.clear()
	if msg.err != nil {
		p.err = msg.err
		if len(p.rows) == 0 && q.loadedRows() == 0 {
			// Nothing to keep: the body shows the error.
			q.state, q.err = queueError, msg.err
		}
		return nil
	}
	p.err, p.stale = nil, false
	q.note(msg.index, msg.page)
	rows := msg.page.Tickets
	if len(rows) > queuePageSize {
		rows = rows[:queuePageSize] // the rest is the next page's (note says so)
	}
	p.rows, p.loaded = rows, true
	q.track(rows, msg.kind)
	q.setTotal(msg)
	if q.follow != "" {
		// After a refresh the cursor stays on its ticket if it moved.
		for j, t := range rows {
			if g, ok := rowGUID(t); ok && g == q.follow {
				q.cursor, q.follow = msg.index*queuePageSize+j, ""
			}
		}
	}
	switch {
	case q.total == 0:
		q.state = queueEmpty
	default:
		q.state = queueReady
	}
	q.err = nil
	q.clamp()
	q.evict()
	return q.loadVisible()
}

// maxNoteValues bounds the response members a note lists: it is one line.
const maxNoteValues = 50

// note keeps what page i had beside its rows: problems that did not stop
// it, and members of the response beside total and tickets.
func (q *queueModel) note(i int, pg *api.TicketPage) {
	st := q.st
	ws := pg.Warnings
	if n := len(pg.Tickets); n > queuePageSize {
		// The page's own words for it: what the queue does with the rest.
		ws = slices.DeleteFunc(slices.Clone(ws), func(w error) bool {
			var o *api.OverfullPageError
			return errors.As(w, &o)
		})
		ws = append(ws, fmt.Errorf("the server sent %d tickets for a page of %d: the rest are asked for as the next page", n, queuePageSize))
	}
	from := commas(int64(i*queuePageSize + 1))
	changed := false
	if len(ws) > 0 {
		text := fmt.Sprintf("tickets from %s: %s", from, errText(ws[0]))
		if len(ws) > 1 {
			text += fmt.Sprintf(" (and %d more)", len(ws)-1)
		}
		q.notes[0] = st.Warn.Render(st.G.Warn+" ") + termsafe.Trusted(text, termsafe.SingleLine).Styled(st.esc)
		changed = true
	}
	if len(pg.Other) > 0 {
		var vals []string
		n := 0
		obj := &jsontree.Node{Kind: jsontree.Object, Members: pg.Other}
		jsontree.WalkLeaves(obj, func(p jsontree.Path, leaf *jsontree.Node, dup bool) bool {
			if n++; n > maxNoteValues {
				return true // counted, not listed
			}
			path, _ := p.SafeElided(maxPathShown)
			v := st.safeIn(st.Label, path) + st.Faint.Render(" = ") + leafStyled(st, leaf)
			if dup {
				v += st.Warn.Render(" " + st.G.Warn + " duplicate key")
			}
			vals = append(vals, v)
			return true
		})
		if n > maxNoteValues {
			vals = append(vals, st.Faint.Render(fmt.Sprintf("and %s more values", commas(int64(n-maxNoteValues)))))
		}
		q.notes[1] = st.Warn.Render(st.G.Warn+" ") + st.Faint.Render("the response for tickets from "+from+" also has: ") +
			strings.Join(vals, st.Faint.Render(st.G.sep()))
		changed = true
	}
	if changed {
		q.layoutBar()
	}
}

// evict drops the loaded pages farthest from the cursor beyond maxPages.
func (q *queueModel) evict() {
	if len(q.pages) <= maxPages {
		return
	}
	cur := q.cursor / queuePageSize
	idx := make([]int, 0, len(q.pages))
	for i := range q.pages {
		idx = append(idx, i)
	}
	dist := func(i int) int { return max(i-cur, cur-i) }
	slices.SortFunc(idx, func(a, b int) int { return dist(b) - dist(a) })
	for _, i := range idx[:len(idx)-maxPages] {
		if !q.pages[i].loading {
			delete(q.pages, i)
		}
	}
	q.rows.clear()
}

// setTotal takes the server's total, or counts rows when it sent none or
// its total proved wrong (a page past the rows it has comes back empty):
// then the table grows as pages arrive.
func (q *queueModel) setTotal(msg pageMsg) {
	n := len(msg.page.Tickets)
	end := msg.index*queuePageSize + min(n, queuePageSize)
	if total, ok := msg.page.TotalField.Int(); ok && total >= 0 && !q.distrust {
		q.totalKnown = true
		q.total = int(min(total, maxQueueRows))
		switch {
		case n == 0 && msg.index > 0 && end < q.total:
			// The rows end somewhere before this page: count them.
			q.distrust = true
		case n < queuePageSize && end < q.total:
			q.total = end // the list shrank since the total was counted
			return
		default:
			q.total = max(q.total, end)
			return
		}
	}
	q.totalKnown = false
	if n == 0 {
		q.total = q.countRows()
		return
	}
	q.total = max(q.total, q.countRows())
}

// countRows is the table's length when the server's total is not to be
// used: the end of the loaded rows, plus one (shown as loading, it pulls
// the next page) while the last loaded page is full and the next one is
// not known to be empty.
func (q *queueModel) countRows() int {
	end, last := 0, -1
	for i, p := range q.pages {
		if e := i*queuePageSize + len(p.rows); len(p.rows) > 0 && e > end {
			end, last = e, i
		}
	}
	if last >= 0 && len(q.pages[last].rows) == queuePageSize {
		if next := q.pages[last+1]; next == nil || !next.loaded || len(next.rows) > 0 {
			end++
		}
	}
	return end
}
