package serve

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/internal/sshterm"
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
type term struct{ *sshterm.Term }

// openTerm requests a PTY of w x h and starts the shell (the app).
func openTerm(t testing.TB, c *gossh.Client, w, h int) term {
	t.Helper()
	return term{sshterm.Open(t, c, w, h)}
}

func waitUntil(t testing.TB, what string, get func() string, ok func(string) bool) string {
	t.Helper()
	return sshterm.WaitUntil(t, sshterm.HangGuard, what, get, ok)
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
func (x term) openSeed() {
	x.WaitFor("Open a ticket")
	x.Type(sonartest.SeedGUID)
	x.WaitFor("› " + sonartest.SeedGUID)
	x.Type("\r")
	x.WaitFor(seedTitle)
}
