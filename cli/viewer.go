package cli

import (
	"context"
	"errors"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/history"
	"github.com/sonar-tui/sonar-tui/termsafe"
	"github.com/sonar-tui/sonar-tui/ui"
)

// runViewer opens the app on start: a ticket (start.GUID), or the queue
// with start.Query. A client that cannot list tickets gets the single
// ticket viewer (with its prompt). The view turns on the alternate screen
// itself.
func runViewer(ctx context.Context, s *session, start ui.Start, o *options, env Env, theme ui.Theme, proc *process) error {
	if _, ok := terminalFd(env.Stdout); !ok {
		// `sonar-tui GUID > file` or `| less`: a full-screen UI would write
		// escape codes into the file, so print what --plain prints.
		if start.GUID == "" {
			return usagef("standard output is not a terminal: give a ticket GUID (or use --plain or --json, or `sonar-tui list`), or run in a terminal")
		}
		return printPlain(ctx, s, start.GUID, env, theme, o.width)
	}
	r := runDeps{ctx: ctx, getter: s.client, history: s.history, me: s.me, watch: o.watch, now: env.Now()}
	if l, ok := any(s.client).(ui.TicketLister); ok {
		r.lister = l
	}
	if env.Getenv("GOGC") == "" {
		r.getter = newStartGC(r.getter, startGCRestore)
	}
	deps, _, err := appDeps(s, theme, r)
	if err != nil {
		return err
	}
	// With a client that lists tickets, the app opens the queue (no GUID)
	// or the ticket, with Esc back to the queue.
	var m tea.Model
	if deps.Lister != nil {
		m = ui.NewApp(deps, start)
	} else {
		m = ui.New(deps, start.GUID)
	}
	g := guard{m: m, crashed: new(atomic.Bool)}
	// Signals end the program through ctx alone (main.go): Bubble Tea's
	// own handler would turn SIGTERM into a quit that exits 0.
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(env.Stdout), tea.WithoutSignalHandler(), tea.WithFPS(frameRate)}
	// Without a terminal on stdin (`echo | sonar-tui`), Bubble Tea's
	// default opens /dev/tty for the keyboard, which is what we want.
	if _, ok := terminalFd(env.Stdin); ok {
		opts = append(opts, tea.WithInput(env.Stdin))
	}
	p := tea.NewProgram(g, opts...)
	if s.retries != nil {
		s.retries.program.Store(p)
	}
	if restore := terminalRestorer(env.Stdout); restore != nil {
		proc.restore.Store(&restore)
		defer proc.restore.Store(nil)
	}
	final, err := p.Run()
	if g.crashed.Load() {
		return errViewerPanic
	}
	if ctx.Err() != nil {
		return ctx.Err() // interrupted, however the program ended
	}
	return viewerErr(final, err)
}

// viewerErr is what the viewer's run ends with: the program's own error,
// else the last error the viewer showed (an authentication failure, a
// ticket not found), so the exit code is the one --plain gives for it.
func viewerErr(final tea.Model, err error) error {
	if err != nil {
		return err
	}
	if g, ok := final.(guard); ok {
		if m, ok := g.m.(interface{ LastError() error }); ok {
			return m.LastError()
		}
	}
	return nil
}

// terminalRestorer returns what puts the terminal behind out back the way
// it is now, for when Main must abandon a viewer that is stuck: cooked
// mode, main screen, cursor shown, mouse and bracketed paste off.
func terminalRestorer(out io.Writer) func() {
	fd, ok := terminalFd(out)
	if !ok {
		return nil
	}
	state, err := term.GetState(fd)
	if err != nil {
		return nil
	}
	return func() {
		_ = term.Restore(fd, state)
		_, _ = io.WriteString(out, "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1049l\x1b[?25h\r\n")
	}
}

// frameRate is Bubble Tea's fastest: a key's frame waits at most 8 ms for
// the renderer's ticker instead of 17 ms at the default 60. It cannot flood
// a slow link on a resize storm: the ticker writes only changed frames,
// writes synchronously, and drops ticks while a write is blocked, so frames
// never queue up behind a slow SSH connection.
const frameRate = 120

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
