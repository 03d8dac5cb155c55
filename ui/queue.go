package ui

import (
	"context"
	"math"

	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// TicketLister lists tickets (Get Tickets); *api.Client satisfies it.
type TicketLister interface {
	ListTickets(ctx context.Context, q api.ListQuery) (*api.TicketPage, error)
}

// queuePageSize is how many rows one request asks for: rows load page by
// page as the analyst scrolls, never all at once.
const queuePageSize = 100

// maxPages is how many pages of rows the queue keeps: those farthest from
// the cursor are dropped (and load again when scrolled back to), so memory
// stays flat however long the queue (10,000 decoded tickets would be ~95 MB).
const maxPages = 10

// maxQueueRows bounds the row count a server's total can claim, so a
// hostile total cannot make scrolling ask for absurd offsets.
const maxQueueRows = 1 << 24

// queueState is what the queue's body shows.
type queueState uint8

const (
	queueLoading queueState = iota
	queueReady
	queueEmpty
	queueError
)

// String names the state, for tests and debugging.
func (s queueState) String() string {
	return [...]string{"loading", "ready", "empty", "error"}[s]
}

// queueMode is what keys go to.
type queueMode uint8

const (
	modeRows queueMode = iota
	modeFilter
	modeKeywords
)

// mark is what changed about a row since the analyst last looked.
type mark uint8

const (
	markNone mark = iota
	markNew
	markChanged
	markGone
)

// loadKind says why a page is requested: scrolling to it (its rows become
// the "last looked" baseline) or a refresh (its rows are compared to it).
type loadKind uint8

const (
	loadScroll loadKind = iota
	loadRefresh
)

// pageMsg is one page of the queue, tagged with the query generation that
// asked for it: replies to an older filter are dropped.
type pageMsg struct {
	gen   int
	index int
	kind  loadKind
	page  *api.TicketPage
	err   error
}

// queuePage is one loaded (or loading, or failed) page of rows.
type queuePage struct {
	rows    []*api.Ticket
	loaded  bool // rows holds the server's answer (possibly no rows)
	loading bool
	stale   bool // shown from before a refresh until the new rows arrive
	err     error
}

// queueAction is what the queue asks the app to do after a key.
type queueAction struct {
	kind actionKind
	row  int
}

type actionKind uint8

const (
	actNone actionKind = iota
	actOpen
	actPrompt
	actHelp
	actQuit
)

// queueModel is the queue page: a table of tickets loaded page by page,
// a filter bar, keyword search and named views.
type queueModel struct {
	deps Deps
	keys QueueKeyMap
	st   Styles

	width, height int // the body: filter bar, column header and rows

	views   []QueueView
	viewIdx int
	filter  queueFilter

	started bool
	gen     int
	ctx     context.Context
	cancel  context.CancelFunc

	state      queueState
	err        error
	total      int  // rows the table has
	totalKnown bool // the server sent a usable total
	distrust   bool // its total proved wrong: rows are counted instead
	pages      map[int]*queuePage

	cursor, offset int
	follow         string // the GUID the cursor follows through a refresh

	seen  map[string]termsafe.Untrusted // guid -> updated, as last looked at
	marks map[string]mark

	mode  queueMode
	chip  int
	bar   string // the filter bar, drawn when it changes (layoutBar)
	barH  int
	input textinput.Model
	spin  spinner.Model
	toast string

	// notes are what pages had beside their rows (warnings; members of the
	// response beside total and tickets), shown under the filter bar until
	// the filter changes: nothing the server sent is dropped or flashed
	// away by the next key.
	notes [2]string

	rows   *rowCache // shared by copies of the model: only a cache
	cards  cards     // the split view's fetched tickets
	glyphs glyphs
}

func newQueue(d Deps, keys QueueKeyMap, st Styles, views []QueueView) queueModel {
	in := newInput(st)
	in.Prompt = "keywords: "
	in.CharLimit = 256
	q := queueModel{
		deps: d, keys: keys, st: st, views: views,
		pages:  map[int]*queuePage{},
		seen:   map[string]termsafe.Untrusted{},
		marks:  map[string]mark{},
		input:  in,
		rows:   &rowCache{},
		glyphs: newGlyphs(st),
		spin:   spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(st.Accent)),
	}
	q.ctx = q.base()
	q.filter = filterFrom(views[0])
	return q
}

// base is the context every request of the queue derives from:
// Deps.Context, so that ending it (an SSH session that closes) cancels
// them.
func (q *queueModel) base() context.Context {
	if q.deps.Context == nil {
		return context.Background()
	}
	return q.deps.Context
}

func (q *queueModel) view() QueueView { return q.views[q.viewIdx] }

// start loads the first page of the current filter.
func (q *queueModel) start() tea.Cmd {
	q.started = true
	return q.reload()
}

// stop cancels every request in flight (quit).
func (q *queueModel) stop() {
	if q.cancel != nil {
		q.cancel()
	}
}

// reload starts over with the current filter: rows, cursor and scroll are
// reset, and requests for the old filter are cancelled.
func (q *queueModel) reload() tea.Cmd {
	q.newGeneration()
	q.pages = map[int]*queuePage{}
	q.cursor, q.offset, q.total, q.totalKnown, q.distrust = 0, 0, 0, false, false
	q.state, q.err = queueLoading, nil
	q.notes = [2]string{}
	q.layoutBar()
	q.rows.clear()
	return tea.Batch(q.spin.Tick, q.load(0, loadScroll))
}

func (q *queueModel) newGeneration() {
	q.stop()
	q.gen++
	q.ctx, q.cancel = context.WithCancel(q.base())
	q.cards.reset()
}

// refresh asks again for the pages on screen, keeping the rows shown until
// the new ones arrive; the rest reload when scrolled to. Changed rows get
// marked. A failed page is retried the same way.
func (q *queueModel) refresh() tea.Cmd {
	if !q.started {
		return nil
	}
	if q.state == queueError || q.state == queueLoading && len(q.pages) == 0 {
		return q.reload()
	}
	q.follow = ""
	if t := q.row(q.cursor); t != nil {
		q.follow, _ = rowGUID(t)
	}
	q.newGeneration()
	keep := map[int]*queuePage{}
	var cmds []tea.Cmd
	for _, i := range q.visiblePages() {
		p := q.pages[i]
		if p == nil {
			p = &queuePage{}
		}
		p.loading, p.stale, p.err = false, true, nil
		keep[i] = p
	}
	q.pages = keep
	for i := range keep {
		cmds = append(cmds, q.load(i, loadRefresh))
	}
	return tea.Batch(cmds...)
}

// retryFailed requests again every page that failed.
func (q *queueModel) retryFailed() (tea.Cmd, bool) {
	var cmds []tea.Cmd
	for i, p := range q.pages {
		if p.err != nil {
			p.err = nil
			cmds = append(cmds, q.load(i, loadScroll))
		}
	}
	return tea.Batch(cmds...), len(cmds) > 0
}

// track updates the "last looked" baseline and the new/changed marks.
func (q *queueModel) track(rows []*api.Ticket, kind loadKind) {
	for _, t := range rows {
		guid, ok := rowGUID(t)
		if !ok {
			continue
		}
		upd := t.Updated.Text()
		old, seen := q.seen[guid]
		switch {
		case kind == loadScroll && !seen:
			q.seen[guid] = upd
		case kind == loadRefresh && !seen:
			q.marks[guid] = markNew
		case kind == loadRefresh && !old.Equal(upd):
			q.marks[guid] = markChanged
		}
	}
}

// seenRow records that the analyst looked at row i.
func (q *queueModel) seenRow(i int) {
	if t := q.row(i); t != nil {
		if guid, ok := rowGUID(t); ok {
			q.seen[guid] = t.Updated.Text()
			delete(q.marks, guid)
			q.rows.clear()
		}
	}
}

// gone marks a ticket the server no longer has.
func (q *queueModel) gone(guid string) {
	q.marks[guid] = markGone
	q.rows.clear()
	q.toast = "ticket " + guid + " was not found: deleted since the list loaded? r refreshes"
}

// changedCount is the header's "N new/changed".
func (q *queueModel) changedCount() int {
	n := 0
	for _, m := range q.marks {
		if m == markNew || m == markChanged {
			n++
		}
	}
	return n
}

func (q *queueModel) loadedRows() int {
	n := 0
	for _, p := range q.pages {
		n += len(p.rows)
	}
	return n
}

// count is the table's row count.
func (q *queueModel) count() int { return q.total }

// row is row i, or nil when its page is not loaded.
func (q *queueModel) row(i int) *api.Ticket {
	if i < 0 || i >= q.total {
		return nil
	}
	p := q.pages[i/queuePageSize]
	if p == nil || i%queuePageSize >= len(p.rows) {
		return nil
	}
	return p.rows[i%queuePageSize]
}

// find is the row of guid: near, if it is still there (a refresh may have
// moved rows), otherwise the loaded row that has it, otherwise near.
func (q *queueModel) find(guid string, near int) int {
	if t := q.row(near); t != nil {
		if g, ok := rowGUID(t); ok && g == guid {
			return near
		}
	}
	for i, p := range q.pages {
		for j, t := range p.rows {
			if g, ok := rowGUID(t); ok && g == guid {
				return i*queuePageSize + j
			}
		}
	}
	return near
}

// rowErr is the error of row i's page, if it failed.
func (q *queueModel) rowErr(i int) error {
	if p := q.pages[i/queuePageSize]; p != nil {
		return p.err
	}
	return nil
}

// rowGUID is a row's GUID, validated like every GUID the viewer fetches.
// The escaped form of a valid GUID is the GUID itself.
func rowGUID(t *api.Ticket) (string, bool) {
	s := termsafe.Escape(t.GUID.Text(), termsafe.SingleLine).Plain()
	g, err := api.ParseGUID(s)
	if err != nil || g != s {
		return "", false
	}
	return g, true
}

// tableHeight is how many rows fit under the column header.
func (q *queueModel) tableHeight() int {
	return max(q.height-q.barHeight()-1, 1)
}

// visiblePages are the pages the screen shows, plus the next one when the
// last visible row is near its end, so scrolling rarely waits.
func (q *queueModel) visiblePages() []int {
	if q.total == 0 {
		return []int{0}
	}
	first := q.offset / queuePageSize
	lastRow := min(q.offset+2*q.tableHeight(), q.total-1)
	var out []int
	for i := first; i <= lastRow/queuePageSize; i++ {
		out = append(out, i)
	}
	return out
}

// loadVisible requests the pages the screen needs, and the selected
// ticket for the split view's card.
func (q *queueModel) loadVisible() tea.Cmd {
	cmds := []tea.Cmd{q.wantCard()}
	for _, i := range q.visiblePages() {
		cmds = append(cmds, q.load(i, loadScroll))
	}
	return tea.Batch(cmds...)
}

// moveTo puts the cursor on row i, scrolling as little as possible.
func (q *queueModel) moveTo(i int) {
	q.cursor = i
	q.clamp()
}

func (q *queueModel) clamp() {
	h := q.tableHeight()
	q.cursor = max(min(q.cursor, q.total-1), 0)
	if q.cursor < q.offset {
		q.offset = q.cursor
	}
	if q.cursor >= q.offset+h {
		q.offset = q.cursor - h + 1
	}
	q.offset = max(min(q.offset, q.total-h), 0)
}

// move moves the cursor by n rows and loads what comes into view.
func (q *queueModel) move(n int) tea.Cmd {
	c := int64(q.cursor) + int64(n)
	q.cursor = int(max(min(c, math.MaxInt32), math.MinInt32))
	q.clamp()
	return q.loadVisible()
}

// SetSize sizes the queue body.
func (q *queueModel) SetSize(w, h int) tea.Cmd {
	if w != q.width {
		q.rows.clear()
	}
	q.width, q.height = w, h
	q.input.SetWidth(max(w-len(q.input.Prompt)-2, 1))
	q.layoutBar()
	q.clamp()
	if !q.started || q.state == queueError {
		return nil
	}
	return q.loadVisible()
}

// flash shows a message in the queue footer until the next key.
func (q *queueModel) flash(text string) tea.Cmd {
	q.toast = text
	return nil
}
