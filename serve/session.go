package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Session is what the model factory gets for one SSH session.
type Session struct {
	// ID names the session in the audit log.
	ID string
	// Identity is the analyst of the key that authenticated.
	Identity Identity
	// User is the SSH user name the client chose. It is not identity.
	User termsafe.Untrusted
	// ClientVersion is the client's SSH version string.
	ClientVersion termsafe.Untrusted
	RemoteAddr    string
	// Getter and Lister are the session's API access: bound to the
	// session, rate-limited and audited. Lister is nil when the server's
	// client cannot list tickets.
	Getter TicketGetter
	Lister TicketLister
	// Environ is what the client's terminal is: TERM and COLORTERM only.
	Environ []string
	// Profile is the colour depth the client's terminal supports.
	Profile colorprofile.Profile
	// Width and Height are the clamped terminal size at the start.
	Width, Height int
}

// PTY size limits: whatever a client claims, the app lays out at most this
// much (SSH-9).
const (
	MinWidth, MaxWidth   = 20, 500
	MinHeight, MaxHeight = 5, 200
)

// ClampSize limits a client's terminal size to what the app lays out.
func ClampSize(w, h int) (int, int) {
	return min(max(w, MinWidth), MaxWidth), min(max(h, MinHeight), MaxHeight)
}

// handle is the session handler: identity, refusals, limits, then the app.
func (s *Server) handle(sess ssh.Session) {
	ctx := sess.Context()
	// The PTY is read once, here: charm.land/ssh's Session.Pty copies a
	// struct its request loop writes on every window change, so a later
	// read races with a resize.
	pty, winch, hasPTY := sess.Pty()
	if t, ok := ctx.Value(ctxKeyGate).(*gateTicket); ok {
		t.release() // authenticated: no longer counts against the pre-auth caps
	}
	id, ok := s.identify(sess)
	if !ok {
		fatal(sess, hasPTY, "sonar-tui: this key is not authorised")
		return
	}
	sid := newSessionID()
	base := Record{
		Session: sid, Fingerprint: id.Fingerprint, Analyst: id.Name, UserGUID: id.UserGUID,
		SSHUser: sess.User(), Remote: sess.RemoteAddr().String(), ClientVersion: clientVersion(ctx),
	}
	refuse := func(msg string) {
		r := base
		r.Event, r.Reason = EventSessionRefused, msg
		_ = s.o.Audit.Write(r)
		fatal(sess, hasPTY, "sonar-tui: "+msg)
	}
	if sess.RawCommand() != "" {
		refuse("commands are not run here; connect without one to get the app: ssh -t")
		return
	}
	if !hasPTY {
		refuse("Requires an active PTY; connect with ssh -t")
		return
	}
	ls := &liveSession{fingerprint: id.Fingerprint}
	quit := &ender{}
	ls.end = quit.end
	if msg := s.register(sid, ls); msg != "" {
		refuse(msg)
		return
	}
	defer s.unregister(sid)

	start := base
	start.Event = EventSessionStart
	if err := s.o.Audit.Write(start); err != nil {
		fatal(sess, hasPTY, "sonar-tui: audit unavailable, the session cannot start; tell the server's operator")
		return
	}
	if ssh.AgentRequested(sess) {
		say(sess, hasPTY, "sonar-tui: agent forwarding refused; no agent channel is opened")
	}
	began := s.o.Clock.Now()
	reason, code := s.run(sess, pty, winch, id, sid, base, quit)
	end := base
	end.Event, end.Reason = EventSessionEnd, reason
	ms := s.o.Clock.Now().Sub(began).Milliseconds()
	end.DurationMS = &ms
	_ = s.o.Audit.Write(end)
	if code != 0 {
		say(sess, hasPTY, "\r\nsonar-tui: session closed: "+reason)
	}
	_ = sess.Exit(code)
	_ = sess.Close()
}

// identify returns the analyst of the key that authenticated. The key
// comes from the library's record of the successful authentication; the
// fingerprint the key callback saved must match it, and the key must still
// be listed.
func (s *Server) identify(sess ssh.Session) (Identity, bool) {
	return identifyKey(s.keys.Load(), sess.PublicKey(), sess.Permissions().Extensions[extFingerprint], s.o.Clock.Now())
}

// identifyKey is identify's rule: k must be the key whose fingerprint the
// key callback saved, and still listed.
func identifyKey(ks *keySet, k gossh.PublicKey, saved string, now time.Time) (Identity, bool) {
	if k == nil || saved == "" || gossh.FingerprintSHA256(k) != saved {
		return Identity{}, false
	}
	return ks.lookup(k, now)
}

// register admits a session under the global and per-key caps; it returns
// the refusal message, or "".
func (s *Server) register(sid string, ls *liveSession) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return "the server is shutting down"
	}
	if len(s.live) >= s.o.MaxSessions {
		return fmt.Sprintf("too many sessions on this server (%d); try again later", s.o.MaxSessions)
	}
	n := 0
	for _, l := range s.live {
		if l.fingerprint == ls.fingerprint {
			n++
		}
	}
	if n >= s.o.MaxSessionsPerKey {
		return fmt.Sprintf("too many sessions for this key (%d); close one first", s.o.MaxSessionsPerKey)
	}
	s.live[sid] = ls
	s.wg.Add(1)
	return ""
}

func (s *Server) unregister(sid string) {
	s.mu.Lock()
	delete(s.live, sid)
	s.mu.Unlock()
	s.wg.Done()
}

// ender ends a session's program with a reason; the first reason wins.
type ender struct {
	mu     sync.Mutex
	reason string
	p      *tea.Program
}

func (e *ender) end(reason string) {
	e.mu.Lock()
	if e.reason == "" {
		e.reason = reason
	}
	p := e.p
	e.mu.Unlock()
	if p != nil {
		go p.Quit() // Quit blocks until the program reads it; never under s.mu
	}
}

func (e *ender) attach(p *tea.Program) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.p = p
	return e.reason
}

func (e *ender) why() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.reason
}

// run runs the app until the analyst quits or the session is ended. It
// returns the end reason and the exit status.
func (s *Server) run(sess ssh.Session, pty ssh.Pty, winch <-chan ssh.Window, id Identity, sid string, base Record, quit *ender) (string, int) {
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()

	env := []string{"TERM=" + pty.Term}
	for _, kv := range sess.Environ() {
		if strings.HasPrefix(kv, "COLORTERM=") {
			env = append(env, kv)
		}
	}
	profile := colorprofile.Env(env)
	w, h := ClampSize(pty.Window.Width, pty.Window.Height)
	a := &access{ctx: ctx, limit: newBucket(s.o.APIRate, s.o.APIBurst, s.o.Clock.Now()), clock: s.o.Clock, audit: s.o.Audit, record: base}
	info := Session{
		ID: sid, Identity: id, User: termsafe.Wrap(sess.User()), ClientVersion: termsafe.Wrap(clientVersion(sess.Context())),
		RemoteAddr: sess.RemoteAddr().String(), Getter: auditedGetter{a: a, next: s.o.Getter},
		Environ: env, Profile: profile, Width: w, Height: h,
	}
	if s.o.Lister != nil {
		info.Lister = auditedLister{a: a, next: s.o.Lister}
	}
	model := s.o.NewModel(ctx, info)

	idle := &lastInput{}
	idle.touch(s.o.Clock.Now())
	p := tea.NewProgram(model,
		tea.WithContext(ctx),
		tea.WithInput(sess), tea.WithOutput(sess),
		tea.WithEnvironment(env), tea.WithColorProfile(profile),
		tea.WithWindowSize(w, h),
		tea.WithoutSignalHandler(),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch msg := msg.(type) {
			case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, tea.PasteMsg:
				idle.touch(s.o.Clock.Now())
			case tea.SuspendMsg:
				return tea.ResumeMsg{} // ctrl+z must never stop the server process
			case tea.WindowSizeMsg:
				msg.Width, msg.Height = ClampSize(msg.Width, msg.Height)
				return msg
			}
			return msg
		}),
	)
	if s.o.RetryMsg != nil {
		a.retry = func(attempt, max int, wait time.Duration) { p.Send(s.o.RetryMsg(attempt, max, wait)) }
	}
	if r := quit.attach(p); r != "" {
		return r, 1 // ended (shutdown, revoked) before it started
	}
	var notify func(string)
	if s.o.IdleNotice != nil {
		notify = func(text string) { p.Send(s.o.IdleNotice(text)) }
	}
	go s.watchIdle(ctx, idle, quit, notify)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case win, ok := <-winch:
				if !ok {
					return
				}
				w, h := ClampSize(win.Width, win.Height)
				p.Send(tea.WindowSizeMsg{Width: w, Height: h})
			}
		}
	}()
	_, err := p.Run()
	if r := quit.why(); r != "" {
		return r, 1
	}
	if err != nil && ctx.Err() != nil {
		return "connection closed", 0
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return "quit (ctrl+c)", 0
	}
	if err != nil {
		return "app error", 1
	}
	return "quit", 0
}

// lastInput is the time of the last key press, mouse click or paste.
type lastInput struct{ ns atomic.Int64 }

func (l *lastInput) touch(t time.Time) { l.ns.Store(t.UnixNano()) }
func (l *lastInput) at() time.Time     { return time.Unix(0, l.ns.Load()) }

// IdleWarning is how long before the idle timeout ends a session the app
// is told so (Options.IdleNotice), at most half the timeout.
const IdleWarning = time.Minute

// watchIdle ends the session once no key has been pressed for the idle
// timeout. Redraws and SSH keepalives do not count. IdleWarning before
// the end, notify (if not nil) gets a line for the analyst; a key press
// moves the end, and the warning comes again before the new one.
func (s *Server) watchIdle(ctx context.Context, idle *lastInput, quit *ender, notify func(string)) {
	before := min(IdleWarning, s.o.IdleTimeout/2)
	var warned time.Time // the deadline last warned about
	now := s.o.Clock.Now()
	for {
		deadline := idle.at().Add(s.o.IdleTimeout)
		if !now.Before(deadline) {
			quit.end(fmt.Sprintf("no key pressed for %v", s.o.IdleTimeout))
			return
		}
		next := deadline
		if warnAt := deadline.Add(-before); !warned.Equal(deadline) && notify != nil {
			if now.Before(warnAt) {
				next = warnAt
			} else {
				warned = deadline
				// The time the clock woke us is the one to count from:
				// the message says what the analyst has left.
				notify(fmt.Sprintf("no key pressed for a while: this session ends in %v unless you press a key",
					deadline.Sub(now).Round(time.Second)))
			}
		}
		select {
		case <-ctx.Done():
			return
		case now = <-s.o.Clock.At(next):
		}
	}
}

// fatal tells the client why and ends the session with status 1.
func fatal(sess ssh.Session, hasPTY bool, msg string) {
	say(sess, hasPTY, msg)
	_ = sess.Exit(1)
	_ = sess.Close()
}

// say writes one line for the analyst: on the terminal when there is one
// (where it stays visible after the app leaves the alternate screen), else
// on standard error.
func say(sess ssh.Session, hasPTY bool, msg string) {
	if hasPTY {
		wish.Println(sess, msg+"\r")
		return
	}
	wish.Errorln(sess, msg)
}

func clientVersion(ctx ssh.Context) string {
	return ctx.ClientVersion()
}

func newSessionID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
