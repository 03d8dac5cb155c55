// Package ui is the Bubble Tea viewer: an app of pages (the queue, the
// ticket page with its GUID prompt). The ticket page (Model) has a header,
// a tab bar of panes (Summary, Event, People, Comments) and a footer.
//
// Each pane is a component, a paneKind (panes.go): its tab, its build, its
// own keys and their help. The page routes keys (the pane on screen gets
// its own keys first), keeps the pager keys every pane shares and draws
// the chrome; the list of panes drives tabs, number keys, help, the
// README key table and --plain. Every key is a key.Binding (keys.go); a
// test fails on a raw key string.
//
// The model takes everything it depends on through Deps and keeps no global
// state, so many instances can run side by side (one per SSH session).
package ui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// TicketGetter fetches one ticket; *api.Client satisfies it.
type TicketGetter interface {
	GetTicket(ctx context.Context, guid string) (*api.Ticket, error)
}

// Deps is everything the viewer needs from outside.
type Deps struct {
	// Context is the base of every request the viewer makes: cancelling it
	// (an SSH session that ends) cancels them. Defaults to
	// context.Background().
	Context context.Context
	Getter  TicketGetter
	// Now is the clock ("fetched 2m ago", ages). Defaults to time.Now.
	Now func() time.Time
	// Location is the local time zone for timestamps. Defaults to time.Local.
	Location *time.Location
	// Copy puts text on the clipboard. Defaults to OSC 52 (tea.SetClipboard),
	// which works over SSH and through tmux.
	Copy func(text string) tea.Cmd
	// History keeps recently opened tickets; nil keeps none.
	History History
	// Host is the server host shown in the footer.
	Host string
	// Theme picks the palette and the Markdown style.
	Theme Theme
	// Keys defaults to DefaultKeyMap(): the keys every pane shares. Each
	// pane's own keys belong to the pane (panes_*.go).
	Keys *KeyMap
	// Tick schedules msg after d; defaults to tea.Tick. Tests replace it
	// so that no command sleeps.
	Tick func(d time.Duration, msg tea.Msg) tea.Cmd
	// BaseURL is the server's base URL, for the web-console link.
	BaseURL string
	// ConsoleURLPattern builds the web-console link of a ticket from
	// {base} and {guid}; "" means DefaultConsoleURLPattern.
	ConsoleURLPattern string
	// ASCII draws only ASCII glyphs (terminals with ambiguous = wide).
	ASCII bool
	// NoMouse starts with mouse capture off, so the terminal's own text
	// selection works; M toggles it.
	NoMouse bool
	// RestDelay is how long the panes not on screen wait after the pane on
	// screen was built in place, so that the renderer writes its frame
	// before their builds and Markdown take the CPUs (the renderer writes
	// on a ticker; a busy scheduler can hold the ticker's goroutine back
	// for a whole time slice). Zero builds them with the next message.
	RestDelay time.Duration

	// The queue (NewApp): Lister lists tickets; UserGUID is "me" for the
	// "mine" filter; Views are the named views; Watch, when positive,
	// refreshes the queue at that interval.
	Lister   TicketLister
	UserGUID string
	Views    []QueueView
	Watch    time.Duration

	// panes are the ticket page's panes; nil: defaultPanes(). Tests add
	// one to check that the list alone makes a pane.
	panes []paneKind
}

// screen is what the main area shows.
type screen uint8

const (
	screenPrompt screen = iota
	screenLoading
	screenReady
	screenNotFound
	screenError
)

// String names the screen, for tests and debugging.
func (s screen) String() string {
	return [...]string{"prompt", "loading", "ready", "not found", "error"}[s]
}

// overlay is a modal layer over the ready screen.
type overlay uint8

const (
	overlayNone overlay = iota
	overlayHelp
	overlayCopy
	overlaySearch
)

// Model is the root model.
type Model struct {
	deps   Deps
	keys   KeyMap
	st     Styles
	width  int
	height int

	screen  screen
	overlay overlay

	guid    string // the GUID being shown or loaded
	ticket  *api.Ticket
	err     error
	fetched time.Time
	seq     int                // tags fetches so stale replies are dropped
	cancel  context.CancelFunc // cancels the fetch in flight

	active paneID
	panes  []*pane    // one per kind, in the same order
	kinds  []paneKind // what each pane is (defaultPanes)
	// numberKeys are the number keys of the panes.
	numberKeys []key.Binding
	// ownKeys are each pane's own keys (paneKind.keys), by pane.
	ownKeys [][]key.Binding
	tgen    int // counts tickets shown, so builds for an older one are dropped
	md      *mdCache
	// mdWidth is the width Markdown is being rendered for.
	mdWidth int
	// deferred: the panes not on screen are built once the one on screen is.
	deferred bool
	// ticking is set once the "fetched 2m ago" refresh loop runs.
	ticking bool

	hdr *headerCache // the ticket's header lines, per width

	spin   spinner.Model
	help   help.Model
	prompt promptModel
	search textinput.Model
	toast  string
	retry  string // the client's retry notice for the fetch in flight
	recent []Recent

	newestFirst bool      // comments newest first (O)
	mouseOff    bool      // mouse capture off (M)
	nav         *eventNav // filter, hidden nulls and folds of the Event pane
	// embedded is set when the model is the App's ticket page: Esc with
	// nothing to close goes back to the queue instead of quitting; appKeys
	// are the app's keys, for `?`.
	embedded bool
	appKeys  []key.Binding
	// promptFromQueue says the prompt was opened from the queue: Esc goes
	// back there.
	promptFromQueue bool

	// prev is the ticket that was on screen while another one opens: a
	// failed or cancelled open returns to it.
	prev *shown
	// lastErr is the last error shown, for the exit code (LastError).
	lastErr error
	// notice is the NoticeMsg in the footer, until the next key.
	notice string
	// helpPg scrolls the help screen.
	helpPg pager
	// timeMode is how timestamps are shown (z).
	timeMode timeMode
}

// New builds the viewer. With a GUID it starts loading it; without one it
// opens on the prompt.
func New(d Deps, guid string) Model {
	if d.Context == nil {
		d.Context = context.Background()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	if d.Copy == nil {
		d.Copy = tea.SetClipboard
	}
	if d.Tick == nil {
		d.Tick = func(dur time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(dur, func(time.Time) tea.Msg { return msg })
		}
	}
	keys := DefaultKeyMap()
	if d.Keys != nil {
		keys = *d.Keys
	}
	if d.ASCII {
		keys = asciiKeys(keys)
	}
	st := NewStyles(d.Theme).WithGlyphs(d.ASCII)
	m := Model{
		deps: d, keys: keys, st: st,
		width: 80, height: 24,
		md:     newMDCache(),
		hdr:    &headerCache{},
		spin:   spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(st.Accent)),
		help:   help.New(),
		prompt: newPrompt(st, keys),
		search: newSearchInput(st),
	}
	m.help.Styles = helpStyles(st)
	m.mouseOff = d.NoMouse
	m.nav = &eventNav{}
	m.md.ascii = d.ASCII
	if d.ASCII {
		m.spin.Spinner = spinner.Line
		m.help.ShortSeparator, m.help.FullSeparator, m.help.Ellipsis = " - ", "   ", "~"
	}
	m.kinds = d.panes
	if m.kinds == nil {
		m.kinds = defaultPanes()
	}
	m.numberKeys = numberKeys(m.kinds)
	for _, k := range m.kinds {
		m.ownKeys = append(m.ownKeys, k.keys())
	}
	m.panes = make([]*pane, len(m.kinds))
	for i := range m.panes {
		m.panes[i] = &pane{id: paneID(i), cur: -1}
	}
	m.guid = guid
	if guid == "" {
		m.screen = screenPrompt
		m.prompt.focus()
	} else {
		m.screen = screenLoading
	}
	return m
}

// Init starts the first fetch (or focuses the prompt) and loads history.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.loadHistory()}
	switch m.screen {
	case screenLoading:
		// Init has a value receiver; the fetch is started on the first
		// message through startMsg so the cancel func lands in the model.
		cmds = append(cmds, func() tea.Msg { return startMsg{guid: m.guid} })
	case screenPrompt:
		cmds = append(cmds, m.prompt.focus())
	}
	return tea.Batch(cmds...)
}

// startMsg asks the model to start fetching guid.
type startMsg struct{ guid string }

// fetchedMsg is the result of a fetch.
type fetchedMsg struct {
	seq    int
	guid   string
	ticket *api.Ticket
	err    error
}

// RetryMsg tells the viewer the client is waiting to retry a request
// (HTTP-10): it shows "retrying in 2s (attempt 2/3)".
type RetryMsg struct {
	Attempt, Max int
	Wait         time.Duration
}

// tickMsg refreshes relative times ("fetched 2m ago").
type tickMsg struct{}

// clearToastMsg removes a footer message after a while.
type clearToastMsg struct{ text string }

// Screen reports what the main area shows (for tests).
func (m Model) Screen() string { return m.screen.String() }

// fetch starts loading guid, cancelling any fetch in flight. keep says
// whether panes keep their scroll position (refresh) or start at the top.
func (m *Model) fetch(guid string, keep bool) tea.Cmd {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	// Every GUID shown or fetched is validated here, wherever it came from
	// (the command line, the prompt, the history file): m.guid is always
	// plain hex and dashes, safe to print.
	valid, err := api.ParseGUID(guid)
	if err != nil {
		m.seq++
		m.lastErr = err
		if m.ticket != nil && !keep {
			// The ticket on screen stays; the footer says why.
			m.screen = screenReady
			return m.flash(openFailed(m.st.G, "", err))
		}
		m.ticket, m.guid, m.err, m.screen = nil, "", err, screenError
		return nil
	}
	guid = valid
	m.seq++
	seq := m.seq
	ctx, cancel := context.WithCancel(m.deps.Context)
	m.cancel = cancel
	if !keep {
		m.stash()
		m.tgen++ // builds still running are for the old ticket
	}
	m.guid, m.err, m.retry = guid, nil, ""
	if m.ticket == nil {
		m.screen = screenLoading
	}
	getter := m.deps.Getter
	return tea.Batch(m.spin.Tick, func() tea.Msg {
		t, err := getter.GetTicket(ctx, guid)
		return fetchedMsg{seq: seq, guid: guid, ticket: t, err: err}
	})
}

func (m *Model) quit() tea.Cmd {
	if m.cancel != nil {
		m.cancel() // quitting while loading cancels the request
	}
	return tea.Quit
}

// interrupt is ctrl+c: it quits like q, but the program ends with
// tea.ErrInterrupted, so the command line exits 130 as it does for SIGINT
// (the documented exit code of an interrupt, as fzf does).
func (m *Model) interrupt() tea.Cmd {
	_ = m.quit()
	return tea.Interrupt
}

// Update handles global messages and routes the rest.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, m.rebuild()
	case tea.ColorProfileMsg:
		return m.setProfile(msg.Profile)
	case startMsg:
		return m, m.fetch(msg.guid, false)
	case fetchedMsg:
		return m.onFetched(msg)
	case spinner.TickMsg:
		if m.screen != screenLoading && !m.refreshing() {
			return m, nil // the spinner ticks only while loading
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case RetryMsg:
		if m.cancel != nil {
			m.retry = fmt.Sprintf("retrying in %s (attempt %d/%d)", msg.Wait.Round(100*time.Millisecond), msg.Attempt, msg.Max)
		}
		return m, nil
	case mdDoneMsg:
		return m, m.onMarkdown(msg)
	case paneBuiltMsg:
		return m, m.onBuilt(msg)
	case buildRestMsg:
		return m, m.onBuildRest(msg)
	case buildFailedMsg:
		panic("ui: building a pane failed")
	case historyMsg:
		m.recent = msg.recent
		m.prompt.setRecent(msg.recent)
		if msg.warn != nil {
			return m, m.flash(termsafe.Trusted(msg.warn.Error(), termsafe.SingleLine).Plain())
		}
		return m, nil
	case tickMsg:
		return m, m.tickEvery()
	case clearToastMsg:
		if m.toast == msg.text {
			m.toast = ""
		}
		return m, nil
	case tea.PasteMsg:
		msg = escapePaste(msg)
		if m.screen == screenPrompt {
			return m.updatePrompt(msg)
		}
		if m.overlay == overlaySearch {
			var cmd tea.Cmd
			m.search, cmd = m.search.Update(msg)
			return m, cmd
		}
		return m, nil
	case tea.MouseWheelMsg:
		if m.screen == screenReady && m.overlay == overlayNone {
			p := m.panes[m.active]
			switch msg.Mouse().Button {
			case tea.MouseWheelUp:
				p.scroll(-3)
			case tea.MouseWheelDown:
				p.scroll(3)
			}
		}
		return m, nil
	case tea.MouseClickMsg:
		m.onClick(msg)
		return m, nil
	case NoticeMsg:
		m.showNotice(msg)
		return m, nil
	case tea.KeyPressMsg:
		m.clearNotice()
		return m.onKey(msg)
	}
	return m, nil
}

// refreshing reports whether a refresh of a shown ticket is in flight.
func (m Model) refreshing() bool {
	return m.cancel != nil && m.ticket != nil && m.screen == screenReady
}

func (m Model) onFetched(msg fetchedMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.seq {
		return m, nil // a stale reply: another fetch started since
	}
	m.cancel, m.retry = nil, ""
	if msg.err != nil {
		m.err, m.lastErr = msg.err, msg.err
		if m.ticket != nil && m.screen == screenReady {
			// A failed refresh keeps the ticket on screen and says why.
			return m, m.flash("refresh failed: " + friendly(msg.err).title)
		}
		if m.prev != nil {
			// A failed open returns to the ticket that was on screen.
			cmd := m.restore()
			return m, tea.Batch(cmd, m.flash(openFailed(m.st.G, msg.guid, msg.err)))
		}
		m.ticket = nil
		if isNotFound(msg.err) {
			m.screen = screenNotFound
		} else {
			m.screen = screenError
		}
		return m, nil
	}
	// A refresh's reply keeps a prompt opened (o) while it was on its way.
	keepPrompt := m.ticket != nil && m.screen == screenPrompt
	m.ticket, m.err, m.prev, m.lastErr = msg.ticket, nil, nil, nil
	m.tgen++
	m.md.invalidate(true)
	m.fetched = m.deps.Now()
	if !keepPrompt {
		m.screen = screenReady
		m.overlay = overlayNone
	}
	cmds := []tea.Cmd{m.rebuild(), m.remember(msg.guid, msg.ticket)}
	if !m.ticking {
		m.ticking = true
		cmds = append(cmds, m.tickEvery())
	}
	return m, tea.Batch(cmds...)
}

func (m Model) tickEvery() tea.Cmd { return m.deps.Tick(30*time.Second, tickMsg{}) }

// flash shows a short message in the footer.
func (m *Model) flash(text string) tea.Cmd {
	m.toast = text
	return m.deps.Tick(4*time.Second, clearToastMsg{text: text})
}
