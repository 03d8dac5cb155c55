package serve

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/ui"
)

// testNow is the fixed time of every test clock.
var testNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// fakeClock moves only when a test advances it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []clockWaiter
}

type clockWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: testNow} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) At(t time.Time) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if !c.now.Before(t) {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, clockWaiter{at: t, ch: ch})
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !c.now.Before(w.at) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

// syncBuffer is an audit sink that tests read while sessions write, and
// that can be made to fail.
type syncBuffer struct {
	mu   sync.Mutex
	b    bytes.Buffer
	fail bool
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		return 0, errors.New("disk full")
	}
	return s.b.Write(p)
}

func (s *syncBuffer) setFail(f bool) {
	s.mu.Lock()
	s.fail = f
	s.mu.Unlock()
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// records parses every audit line; a line that is not one JSON object
// fails the test.
func (s *syncBuffer) records(t *testing.T) []Record {
	t.Helper()
	var out []Record
	sc := bufio.NewScanner(strings.NewReader(s.String()))
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("audit line is not one JSON record: %v\n%s", err, sc.Text())
		}
		out = append(out, r)
	}
	return out
}

func (s *syncBuffer) events(t *testing.T, event string) []Record {
	t.Helper()
	var out []Record
	for _, r := range s.records(t) {
		if r.Event == event {
			out = append(out, r)
		}
	}
	return out
}

// testKey is a client key pair.
type testKey struct {
	signer gossh.Signer
	line   string // authorized_keys line without options or comment
	fp     string
}

func newTestKey(t testing.TB) testKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
	return testKey{signer: s, line: line, fp: gossh.FingerprintSHA256(s.PublicKey())}
}

// env is a running server with the demo Sonar behind it.
type env struct {
	t        testing.TB
	srv      *Server
	addr     string
	hostKey  gossh.Signer
	audit    *syncBuffer
	clock    *fakeClock
	keysPath string
}

// writeKeys writes an authorized_keys file, mode 0600.
func writeKeys(t testing.TB, path string, lines ...string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
}

// startServer runs a server on loopback whose sessions run the real
// viewer against the demo Sonar server.
func startServer(t testing.TB, keys []string, tweak func(*Options)) *env {
	t.Helper()
	return startServerWith(t, keys, nil, tweak)
}

// startServerWith also configures the demo Sonar server.
func startServerWith(t testing.TB, keys []string, demoOpts []sonartest.Option, tweak func(*Options)) *env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	demo, err := sonartest.Start(ctx, "", demoOpts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = demo.Close() })
	client, err := api.New(demo.URL, api.WithKeySource(config.NewSecret(sonartest.DemoAPIKey)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, audit: &syncBuffer{}, clock: newFakeClock()}
	e.keysPath = filepath.Join(t.TempDir(), "authorized_keys")
	writeKeys(t, e.keysPath, keys...)
	e.hostKey = newTestKey(t).signer
	o := Options{
		HostKey: e.hostKey, AuthorizedKeys: e.keysPath,
		Audit:    NewAuditLog(e.audit, e.clock.Now),
		NewModel: viewerFactory,
		Getter:   client,
		Clock:    e.clock,
		RetryMsg: func(attempt, max int, wait time.Duration) tea.Msg {
			return ui.RetryMsg{Attempt: attempt, Max: max, Wait: wait}
		},
		IdleNotice: func(text string) tea.Msg { return ui.NoticeMsg{Text: text} },
	}
	if tweak != nil {
		tweak(&o)
	}
	srv, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.srv, e.addr = srv, ln.Addr().String()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		_ = srv.Shutdown(sctx)
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return e
}

// viewerFactory is what cli wires: today's viewer on the prompt.
func viewerFactory(_ context.Context, s Session) tea.Model {
	return ui.New(ui.Deps{
		Getter: s.Getter, Now: func() time.Time { return testNow }, Location: time.UTC,
		Host: "test", Theme: ui.Dark,
	}, "")
}

// seedFactory opens the seed ticket straight away, as `serve --demo`
// does: tests of many or huge sessions need no typing.
func seedFactory(_ context.Context, s Session) tea.Model {
	return ui.New(ui.Deps{
		Getter: s.Getter, Now: func() time.Time { return testNow }, Location: time.UTC,
		Host: "test", Theme: ui.Dark,
	}, sonartest.SeedGUID)
}

// dial connects with the given auth methods as user.
func (e *env) dial(user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User: user, Auth: auth,
		HostKeyCallback: gossh.FixedHostKey(e.hostKey.PublicKey()),
		Timeout:         10 * time.Second,
	})
}

func (e *env) mustDial(k testKey) *gossh.Client {
	e.t.Helper()
	c, err := e.dial("analyst", gossh.PublicKeys(k.signer))
	if err != nil {
		e.t.Fatalf("dial: %v", err)
	}
	e.t.Cleanup(func() { _ = c.Close() })
	return c
}

// term is an interactive session drawn into a terminal emulator.
type term struct {
	t     testing.TB
	sess  *gossh.Session
	stdin io.WriteCloser
	mu    sync.Mutex
	emu   *vt.Emulator
	raw   bytes.Buffer
	done  chan error    // the exit status
	eof   chan struct{} // all output has been read
}

// openTerm requests a PTY of w x h and starts the shell (the app).
func openTerm(t testing.TB, c *gossh.Client, w, h int) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	x := &term{t: t, sess: sess, stdin: stdin, emu: vt.NewEmulator(min(w, 600), min(h, 300)), done: make(chan error, 1), eof: make(chan struct{})}
	go func() { _, _ = io.Copy(io.Discard, x.emu) }() // the terminal's replies to queries
	go func() {
		defer close(x.eof)
		buf := make([]byte, 32<<10)
		for {
			n, err := stdout.Read(buf)
			if n > 0 {
				x.mu.Lock()
				x.raw.Write(buf[:n])
				_, _ = x.emu.Write(buf[:n])
				x.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { x.done <- sess.Wait() }()
	// The emulator is not closed: vt's Close races with the Read that
	// drains its replies, and the draining goroutine just stays blocked.
	t.Cleanup(func() { _ = sess.Close() })
	return x
}

// screen is the emulator's text, one line per row.
func (x *term) screen() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	var b strings.Builder
	for y := range x.emu.Height() {
		var line strings.Builder
		for i := range x.emu.Width() {
			c := x.emu.CellAt(i, y)
			switch {
			case c == nil || c.Content == "":
				line.WriteByte(' ')
			case c.Width == 0:
			default:
				line.WriteString(c.Content)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

func (x *term) rawOutput() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.raw.String()
}

// waitFor polls until the screen shows want. The deadline is a guard
// against a hang, not a speed assertion.
func (x *term) waitFor(want string) string {
	x.t.Helper()
	return waitUntilWithin(x.t, hangGuard, fmt.Sprintf("screen shows %q", want), x.screen, func(s string) bool { return strings.Contains(s, want) })
}

// hangGuard is how long a test waits for something that takes well under
// a second on an idle machine.
const hangGuard = 60 * time.Second

func waitUntil(t testing.TB, what string, get func() string, ok func(string) bool) string {
	t.Helper()
	return waitUntilWithin(t, hangGuard, what, get, ok)
}

func waitUntilWithin(t testing.TB, guard time.Duration, what string, get func() string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(guard)
	var s string
	for time.Now().Before(deadline) {
		if s = get(); ok(s) {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting until %s; last:\n%s", what, s)
	return ""
}

func (x *term) typeText(s string) {
	x.t.Helper()
	if _, err := io.WriteString(x.stdin, s); err != nil {
		x.t.Fatal(err)
	}
}

// wait returns the session's exit error, once all its output is read.
func (x *term) wait() error {
	x.t.Helper()
	timeout := time.After(60 * time.Second)
	var err error
	select {
	case err = <-x.done:
	case <-timeout:
		x.t.Fatal("session did not end")
	}
	select {
	case <-x.eof:
	case <-timeout:
		x.t.Fatal("session output did not end")
	}
	return err
}

func exitStatus(err error) int {
	var ee *gossh.ExitError
	if errors.As(err, &ee) {
		return ee.ExitStatus()
	}
	if err == nil {
		return 0
	}
	return -1
}

// seedTitle is on the seed ticket's screen.
const seedTitle = "Attempt to collect web server settings"

// openSeed types the seed GUID into the prompt and waits for the ticket.
// Enter is sent only once the whole GUID shows, so a lost key fails here
// with the screen, not later as a wrong ticket.
func (x *term) openSeed() {
	x.t.Helper()
	x.waitFor("Open a ticket")
	x.typeText(sonartest.SeedGUID)
	x.waitFor("› " + sonartest.SeedGUID)
	x.typeText("\r")
	x.waitFor(seedTitle)
}
