package ui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// App is the root model of the app of pages: the queue, and the ticket
// view (with its GUID prompt). It routes messages to the active page,
// moves between pages (Enter, Esc, J/K) and draws the queue's chrome; the
// ticket page still draws its own header and footer.
//
// Like Model, it takes everything through Deps and keeps no global state,
// so an SSH server can run one App per session. Unlike Model it is used
// by pointer (as soft-serve's pages are): a key press then copies nothing,
// where a value receiver would copy the app and both pages (~100 KB).
type App struct {
	deps   Deps
	keys   QueueKeyMap
	st     Styles
	width  int
	height int

	active   pageID
	queue    queueModel
	ticket   Model
	help     help.Model
	showHelp bool

	// openRow is the queue row shown on the ticket page, -1 when the
	// ticket came from the prompt (then J/K have no neighbours).
	openRow int
	// pending is a row J/K asked for before its page had arrived.
	pending int
	// cache holds prefetched neighbours of the open row, so J/K are
	// instant. It never holds more than the two neighbours.
	cache map[string]cachedTicket
}

// Start says what the app opens on: a ticket when GUID is set, otherwise
// the queue with Query (DefaultQuery for `sonar-tui` without arguments).
type Start struct {
	GUID  string
	Query api.ListQuery
	// Name names the start query in the header; "" is "queue".
	Name string
}

// QueueView is a named queue filter (a [views.NAME] table of the config).
type QueueView struct {
	Name  string
	Query api.ListQuery
	// Mine adds the user's GUID (Deps.UserGUID) to the assignee filter.
	Mine bool
}

// DefaultQuery is the queue's default: open tickets, most recently updated
// first.
func DefaultQuery() api.ListQuery {
	return api.ListQuery{Statuses: append([]string(nil), api.OpenStatuses...), Sort: api.SortUpdatedAt}
}

// pageID names the app's pages.
type pageID uint8

const (
	queuePageID pageID = iota
	ticketPageID
)

// String names the page, for tests and debugging.
func (p pageID) String() string { return [...]string{"queue", "ticket"}[p] }

// page is what the app asks of every page: it takes the size the app gives
// it, draws its body and names its keys for the footer and `?`.
type page interface {
	SetSize(w, h int) tea.Cmd
	Render() string
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

var (
	_ page = (*queueModel)(nil)
	_ page = (*Model)(nil)
)

// BackMsg is sent by the ticket page when Esc has nothing left to close:
// the app goes back to the queue.
type BackMsg struct{}

func goBack() tea.Msg { return BackMsg{} }

// queueStartMsg starts the queue's first load from Update, where the
// cancel func can be kept (Init has a value receiver).
type queueStartMsg struct{}

// watchMsg is the watch interval's tick.
type watchMsg struct{}

// prefetchedMsg is a neighbour fetched ahead of J/K.
type prefetchedMsg struct {
	guid    string
	ticket  *api.Ticket
	fetched time.Time
}

type cachedTicket struct {
	ticket  *api.Ticket
	fetched time.Time
}

// NewApp builds the app. With s.GUID it opens that ticket (the queue loads
// when the analyst first goes back to it); otherwise the queue.
func NewApp(d Deps, s Start) *App {
	t := New(d, s.GUID)
	keys := DefaultQueueKeyMap()
	if d.ASCII {
		asciiBindings(&keys)
	}
	t.embedded = true
	t.appKeys = []key.Binding{keys.NextTicket, keys.PrevTicket, keys.Back}
	d = t.deps // with its defaults filled in
	name := s.Name
	if name == "" {
		name = "queue"
	}
	views := append([]QueueView{{Name: name, Query: s.Query}}, d.Views...)
	a := &App{
		deps: d, keys: keys, st: t.st,
		width: 80, height: 24,
		ticket:  t,
		queue:   newQueue(d, keys, t.st, views),
		help:    t.help,
		openRow: -1, pending: -1,
		cache: map[string]cachedTicket{},
	}
	if s.GUID != "" {
		a.active = ticketPageID
	}
	return a
}

// Page reports the active page (for tests).
func (a *App) Page() string { return a.active.String() }

// Init starts the ticket page (history, the first fetch) and the queue.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.ticket.Init()}
	if a.active == queuePageID {
		cmds = append(cmds, func() tea.Msg { return queueStartMsg{} })
	}
	return tea.Batch(cmds...)
}

// Update handles app-wide messages and routes the rest to the pages.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		return a, tea.Batch(a.updateTicket(msg), a.layout())
	case queueStartMsg:
		return a, tea.Batch(a.layout(), a.queue.start(), a.watch())
	case cardMsg:
		return a, a.queue.onCard(msg)
	case cardCooledMsg:
		return a, a.queue.onCardCooled(msg)
	case pageMsg:
		cmd := a.queue.onPage(msg)
		if a.pending >= 0 && a.queue.row(a.pending) != nil {
			i := a.pending
			a.pending = -1
			return a, tea.Batch(cmd, a.open(i))
		}
		return a, cmd
	case watchMsg:
		if a.deps.Watch <= 0 {
			return a, nil
		}
		return a, tea.Batch(a.queue.refresh(), a.watch())
	case prefetchedMsg:
		if a.isNeighbour(msg.guid) {
			a.cache[msg.guid] = cachedTicket{ticket: msg.ticket, fetched: msg.fetched}
		}
		return a, nil
	case BackMsg:
		return a, a.toQueue()
	case fetchedMsg:
		cmd := a.updateTicket(msg)
		if a.ticket.screen == screenNotFound && a.active == ticketPageID && a.isOpenRow(msg.guid) {
			// Deleted between list and open: say so on the queue.
			a.queue.gone(msg.guid)
			return a, tea.Batch(cmd, a.toQueue())
		}
		return a, cmd
	case tea.KeyPressMsg:
		return a.onKey(msg)
	case tea.PasteMsg, tea.MouseWheelMsg, tea.MouseClickMsg:
		if a.active == ticketPageID {
			return a, a.updateTicket(msg)
		}
		return a, a.queue.update(msg)
	}
	// Everything else (spinner ticks, Markdown results, history, clock
	// ticks) goes to both pages; each ignores what is not its own.
	return a, tea.Batch(a.updateTicket(msg), a.queue.update(msg))
}

// updateTicket routes msg to the ticket page.
func (a *App) updateTicket(msg tea.Msg) tea.Cmd {
	m, cmd := a.ticket.Update(msg)
	a.ticket = m.(Model)
	return cmd
}

func (a *App) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	a.ticket.clearNotice() // a key on either page answers a notice
	k := a.keys
	if key.Matches(msg, k.ForceQuit) {
		a.queue.stop()
		return a, a.ticket.interrupt()
	}
	if a.active == ticketPageID {
		t := &a.ticket
		browsing := t.overlay == overlayNone && t.screen != screenPrompt
		switch {
		case browsing && key.Matches(msg, k.NextTicket):
			return a, a.step(1)
		case browsing && key.Matches(msg, k.PrevTicket):
			return a, a.step(-1)
		case browsing && key.Matches(msg, a.ticket.keys.Quit):
			return a, a.quit()
		}
		return a, a.updateTicket(msg)
	}
	if a.showHelp {
		if key.Matches(msg, k.Help, k.Cancel, k.Quit) {
			a.showHelp = false
		}
		return a, nil
	}
	act, cmd := a.queue.onKey(msg)
	switch act.kind {
	case actOpen:
		return a, tea.Batch(cmd, a.open(act.row))
	case actPrompt:
		a.active = ticketPageID
		a.openRow = -1
		return a, tea.Batch(cmd, a.ticket.openPromptFromQueue())
	case actHelp:
		a.showHelp = true
	case actQuit:
		return a, a.quit()
	}
	return a, cmd
}

func (a *App) quit() tea.Cmd {
	a.queue.stop()
	return a.ticket.quit()
}

// layout sizes the queue to what its chrome leaves.
func (a *App) layout() tea.Cmd {
	return a.queue.SetSize(a.width, max(a.height-a.chromeHeight(), 1))
}

// watch schedules the next watch refresh.
func (a *App) watch() tea.Cmd {
	if a.deps.Watch <= 0 {
		return nil
	}
	return a.deps.Tick(a.deps.Watch, watchMsg{})
}

// toQueue shows the queue, with its cursor and scroll as they were.
func (a *App) toQueue() tea.Cmd {
	a.active = queuePageID
	a.pending = -1
	a.ticket.stopFetch()
	a.queue.keepCard(a.ticket.guid, a.ticket.ticket, a.ticket.fetched)
	if !a.queue.started {
		return tea.Batch(a.layout(), a.queue.start(), a.watch())
	}
	return a.layout()
}

// open shows queue row i on the ticket page: at once from the prefetch
// cache, otherwise through a fetch; then prefetches its neighbours.
func (a *App) open(i int) tea.Cmd {
	t := a.queue.row(i)
	if t == nil {
		a.pending = i
		return a.queue.ensure(i)
	}
	guid, ok := rowGUID(t)
	if !ok {
		return a.queue.flash("this row has no valid ticket GUID; nothing to open")
	}
	a.active = ticketPageID
	a.openRow = i
	a.queue.seenRow(i)
	a.queue.moveTo(i)
	var cmd tea.Cmd
	if c, ok := a.cache[guid]; ok {
		cmd = a.ticket.show(guid, c.ticket, c.fetched)
	} else if t, fetched, ok := a.queue.fetchedTicket(guid); ok {
		cmd = a.ticket.show(guid, t, fetched) // the split view's card has it
	} else {
		cmd = a.ticket.load(guid)
	}
	return tea.Batch(cmd, a.prefetch(i))
}

// step opens the next (dir 1) or previous (dir -1) ticket of the queue.
func (a *App) step(dir int) tea.Cmd {
	if a.openRow < 0 {
		return a.ticket.flash("J/K move through the queue: this ticket was not opened from it")
	}
	a.openRow = a.queue.find(a.ticket.guid, a.openRow)
	i := a.openRow + dir
	if i < 0 || i >= a.queue.count() {
		return a.ticket.flash("no more tickets in the queue")
	}
	return a.open(i)
}

// prefetch fetches the neighbours of row i that are not cached yet, and
// drops every other cached ticket.
func (a *App) prefetch(i int) tea.Cmd {
	keep := map[string]bool{}
	var cmds []tea.Cmd
	for _, j := range []int{i + 1, i - 1} {
		if j < 0 || j >= a.queue.count() {
			continue
		}
		t := a.queue.row(j)
		if t == nil {
			cmds = append(cmds, a.queue.ensure(j))
			continue
		}
		guid, ok := rowGUID(t)
		if !ok {
			continue
		}
		keep[guid] = true
		if _, ok := a.cache[guid]; !ok {
			cmds = append(cmds, a.fetchAhead(guid))
		}
	}
	for g := range a.cache {
		if !keep[g] {
			delete(a.cache, g)
		}
	}
	return tea.Batch(cmds...)
}

// fetchAhead fetches guid for the cache. Failures are not cached: the open
// then fetches again and shows the error (or "not found").
func (a *App) fetchAhead(guid string) tea.Cmd {
	getter, now, ctx := a.deps.Getter, a.deps.Now, a.queue.ctx
	return func() tea.Msg {
		t, err := getter.GetTicket(ctx, guid)
		if err != nil {
			return nil
		}
		return prefetchedMsg{guid: guid, ticket: t, fetched: now()}
	}
}

// isOpenRow reports whether guid is the queue row the ticket page shows
// (not a ticket opened from the prompt).
func (a *App) isOpenRow(guid string) bool {
	if t := a.queue.row(a.openRow); t != nil {
		g, ok := rowGUID(t)
		return ok && g == guid
	}
	return false
}

// isNeighbour reports whether guid is a row next to the open one.
func (a *App) isNeighbour(guid string) bool {
	for _, j := range []int{a.openRow - 1, a.openRow + 1} {
		if t := a.queue.row(j); t != nil {
			if g, ok := rowGUID(t); ok && g == guid {
				return true
			}
		}
	}
	return false
}

// View draws the active page.
func (a *App) View() tea.View {
	if a.active == ticketPageID {
		return a.ticket.View()
	}
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	if a.ticket.mouseOff { // M on the ticket page: for the whole app
		v.MouseMode = tea.MouseModeNone
	}
	v.WindowTitle = termsafe.Title("sonar-tui · " + a.queue.view().titleName())
	return v
}

// LastError is the last error shown, for the exit code (see
// Model.LastError): on the queue, the error it shows (the queue's own, or
// a page's in the footer), else the ticket page's.
func (a *App) LastError() error {
	if err := a.queue.shownError(); err != nil && a.active == queuePageID {
		return err
	}
	return a.ticket.LastError()
}
