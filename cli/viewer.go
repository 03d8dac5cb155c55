package cli

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/history"
	"github.com/sonar-tui/sonar-tui/termsafe"
	"github.com/sonar-tui/sonar-tui/ui"
)

// runViewer opens the Bubble Tea viewer on guid, or on the prompt when
// guid is "". The view turns on the alternate screen itself.
func runViewer(ctx context.Context, s *session, guid string, env Env, theme ui.Theme) error {
	if _, ok := terminalFd(env.Stdout); !ok {
		// `sonar-tui GUID > file` or `| less`: a full-screen UI would write
		// escape codes into the file, so print what --plain prints.
		if guid == "" {
			return usagef("standard output is not a terminal: give a ticket GUID (or use --plain or --json), or run in a terminal")
		}
		return printPlain(ctx, s, guid, env, theme)
	}
	m := ui.New(ui.Deps{
		Getter:   s.client,
		Now:      time.Now,
		Location: time.Local,
		History:  s.history,
		Host:     s.host,
		Theme:    theme,
		BaseURL:  s.baseURL,
		ASCII:    s.ascii,

		ConsoleURLPattern: s.consoleURL,
	}, guid)
	g := guard{m: m, crashed: new(atomic.Bool)}
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(env.Stdout)}
	// Without a terminal on stdin (`echo | sonar-tui`), Bubble Tea's
	// default opens /dev/tty for the keyboard, which is what we want.
	if _, ok := terminalFd(env.Stdin); ok {
		opts = append(opts, tea.WithInput(env.Stdin))
	}
	p := tea.NewProgram(g, opts...)
	if s.retries != nil {
		s.retries.program.Store(p)
	}
	_, err := p.Run()
	if g.crashed.Load() {
		return errViewerPanic
	}
	return err
}

var errViewerPanic = errors.New("internal error in the viewer (this is a bug; details are not shown because they may contain ticket data)")

// guard recovers panics in the model's Init, Update and View and quits
// cleanly instead. Bubble Tea's own panic handler restores the terminal
// too, but prints the panic value raw, which may hold server text (TERM-13).
// Panics inside commands still reach that handler; the ui package keeps
// its commands trivial.
type guard struct {
	m       tea.Model
	crashed *atomic.Bool
}

func (g guard) Init() (cmd tea.Cmd) {
	defer g.catch(&cmd)
	return g.m.Init()
}

func (g guard) Update(msg tea.Msg) (next tea.Model, cmd tea.Cmd) {
	next = g // what a panic returns: the model as it was
	if g.crashed.Load() {
		return next, tea.Quit
	}
	defer g.catch(&cmd)
	m, c := g.m.Update(msg)
	return guard{m: m, crashed: g.crashed}, c
}

func (g guard) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			g.crashed.Store(true)
			v = tea.NewView("")
		}
	}()
	if g.crashed.Load() {
		return tea.NewView("")
	}
	return g.m.View()
}

// catch is deferred by Init and Update: it swallows the panic and makes
// the returned command quit the program.
func (g guard) catch(cmd *tea.Cmd) {
	if r := recover(); r != nil {
		g.crashed.Store(true)
		*cmd = tea.Quit
	}
}

// demoHistory stands in for the recent-tickets file in --demo: the
// prompt's "recent" list shows every demo ticket, by fixture name, so `o`
// is a tour of them. It lives in memory only, so the demo never writes to
// the user's state directory.
type demoHistory struct {
	mu      sync.Mutex
	entries []history.Entry
}

func newDemoHistory(now time.Time) *demoHistory {
	h := &demoHistory{}
	for _, f := range sonartest.Fixtures() {
		h.entries = append(h.entries, history.Entry{GUID: f.GUID, Title: termsafe.Wrap(f.Name), Opened: now})
	}
	return h
}

// Load returns the demo tickets, most recently opened first.
func (h *demoHistory) Load() ([]history.Entry, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.entries), nil
}

// Add moves the opened ticket to the top, keeping its fixture name as the
// title: the names say what each demo ticket is for.
func (h *demoHistory) Add(e history.Entry) ([]history.Entry, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if i := slices.IndexFunc(h.entries, func(x history.Entry) bool { return x.GUID == e.GUID }); i >= 0 {
		e.Title = h.entries[i].Title
		h.entries = slices.Delete(h.entries, i, i+1)
	}
	h.entries = slices.Insert(h.entries, 0, e)
	return slices.Clone(h.entries), nil
}

// retryRelay passes the client's "retrying in Ns (attempt 2/3)" notices to
// the viewer (HTTP-10). The client is built before the program exists, so
// the program is attached once it does; before that, notices are dropped.
type retryRelay struct{ program atomic.Pointer[tea.Program] }

func (r *retryRelay) notify(attempt, max int, wait time.Duration) {
	if p := r.program.Load(); p != nil {
		p.Send(ui.RetryMsg{Attempt: attempt, Max: max, Wait: wait})
	}
}
