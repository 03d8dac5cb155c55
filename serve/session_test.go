package serve

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

func TestWindowChangeRelayouts(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	x := openTerm(t, e.mustDial(alice), 80, 24)
	x.openSeed()
	if col, _ := x.Extent(); col >= 80 {
		t.Fatalf("at 80 columns the app drew up to column %d", col)
	}
	x.Resize(140, 40)
	waitUntil(t, "the app re-lays out to 140x40", func() string {
		col, row := x.Extent()
		return fmt.Sprintf("last column %d, last row %d\n%s", col, row, x.Screen())
	}, func(string) bool {
		col, row := x.Extent()
		return col >= 120 && row >= 35
	})
}

func TestPTYSizesAreClamped(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, func(o *Options) { o.NewModel = seedFactory })
	c := e.mustDial(alice)
	x := openTerm(t, c, 65535, 65535) // the emulator stops at 600x300
	x.WaitFor(seedTitle)
	if col, row := x.Extent(); col >= MaxWidth || row >= MaxHeight {
		t.Errorf("pty-req 65535x65535: app drew up to column %d, row %d; want within %dx%d", col, row, MaxWidth, MaxHeight)
	}
	x.Resize(100000, 100000)
	x.Resize(10, 2)
	waitUntil(t, "the app re-lays out to the minimum size", x.Screen, func(string) bool {
		col, _ := x.Extent()
		return col < MaxWidth
	})
	if w, h := ClampSize(10, 2); w != MinWidth || h != MinHeight {
		t.Errorf("ClampSize(10, 2) = %d, %d", w, h)
	}
	if w, h := ClampSize(100000, 100000); w != MaxWidth || h != MaxHeight {
		t.Errorf("ClampSize(100000, 100000) = %d, %d", w, h)
	}
}

func TestIdleTimeoutCountsKeyPresses(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	x := openTerm(t, e.mustDial(alice), 80, 24)
	x.openSeed() // the app keeps drawing (spinner, clock): that is not activity
	e.clock.Advance(DefaultIdleTimeout + time.Second)
	err := x.Wait()
	if exitStatus(err) != 1 {
		t.Errorf("idle session ended with %v, want exit status 1", err)
	}
	if out := x.Raw(); !strings.Contains(out, "no key pressed for 15m0s") {
		t.Errorf("no idle message in the output tail %q", tail(out, 300))
	}
	waitUntil(t, "session_end is recorded", e.audit.String, func(s string) bool { return strings.Contains(s, `"session_end"`) })
	if ends := e.audit.events(t, EventSessionEnd); len(ends) != 1 || !strings.Contains(ends[0].Reason, "no key pressed") {
		t.Errorf("session_end %+v, want the idle reason", ends)
	}
}

func TestWatchIdleWaitsForTheLastKey(t *testing.T) {
	clock := newFakeClock()
	s := &Server{o: Options{IdleTimeout: time.Minute, Clock: clock}}
	idle := &lastInput{}
	idle.touch(clock.Now())
	q := &ender{}
	done := make(chan struct{})
	go func() { s.watchIdle(context.Background(), idle, q, nil); close(done) }()

	clock.Advance(50 * time.Second)
	idle.touch(clock.Now()) // a key press at 0:50
	clock.Advance(50 * time.Second)
	// 1:40: the first deadline (1:00) has passed, but the key at 0:50
	// moved it to 1:50.
	if r := q.why(); r != "" {
		t.Fatalf("ended at 1:40 with %q, but the last key was at 0:50", r)
	}
	for {
		select {
		case <-done:
			if r := q.why(); !strings.Contains(r, "no key pressed for 1m0s") {
				t.Errorf("reason %q", r)
			}
			return
		default:
			clock.Advance(time.Second)
			time.Sleep(time.Millisecond)
		}
	}
}

func TestConcurrentSessionsOpenTickets(t *testing.T) {
	const n = 50
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, func(o *Options) {
		o.MaxSessions, o.MaxSessionsPerKey = n, n
		o.MaxUnauthPerIP, o.ConnBurst = n, n
		o.NewModel = seedFactory
	})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c, err := e.dial(fmt.Sprintf("analyst%d", i), gossh.PublicKeys(alice.signer))
			if err != nil {
				t.Errorf("session %d: %v", i, err)
				return
			}
			defer c.Close()
			x := openTerm(t, c, 100, 30)
			// Not waitFor: t.Fatal must not be called from this goroutine.
			deadline := time.Now().Add(10 * time.Minute)
			for !strings.Contains(x.Screen(), seedTitle) {
				if time.Now().After(deadline) {
					t.Errorf("session %d never showed the ticket:\n%s", i, x.Screen())
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	views := e.audit.events(t, EventTicketView)
	if len(views) != n {
		t.Fatalf("%d ticket_view records, want %d", len(views), n)
	}
	sessions := map[string]bool{}
	for _, v := range views {
		if v.Outcome != "ok" {
			t.Errorf("ticket_view outcome %q", v.Outcome)
		}
		sessions[v.Session] = true
	}
	if len(sessions) != n {
		t.Errorf("ticket views came from %d sessions, want %d", len(sessions), n)
	}
}

func TestSessionLimits(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	e := startServer(t, []string{alice.line + " alice", bob.line + " bob"}, func(o *Options) {
		o.MaxSessions, o.MaxSessionsPerKey = 3, 2
	})
	ca, cb := e.mustDial(alice), e.mustDial(bob)
	openTerm(t, ca, 80, 24).WaitFor("Open a ticket")
	openTerm(t, ca, 80, 24).WaitFor("Open a ticket")
	third := openTerm(t, ca, 80, 24)
	if err := third.Wait(); exitStatus(err) != 1 || !strings.Contains(third.Raw(), "too many sessions for this key (2)") {
		t.Errorf("third session for one key: %v, output %q", err, third.Raw())
	}
	openTerm(t, cb, 80, 24).WaitFor("Open a ticket")
	over := openTerm(t, cb, 80, 24)
	if err := over.Wait(); exitStatus(err) != 1 || !strings.Contains(over.Raw(), "too many sessions on this server (3)") {
		t.Errorf("fourth session: %v, output %q", err, over.Raw())
	}
}

func TestUnauthenticatedConnectionsAreCapped(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, func(o *Options) { o.MaxUnauthPerIP = 2 })
	banner := func(c net.Conn) string {
		buf := make([]byte, 64)
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, _ := c.Read(buf)
		return string(buf[:n])
	}
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", e.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if b := banner(c); !strings.HasPrefix(b, "SSH-2.0-sonar-tui") {
			t.Fatalf("banner %q", b)
		}
		held = append(held, c)
	}
	c, err := net.Dial("tcp", e.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if b := banner(c); b != "" {
		t.Errorf("third unauthenticated connection got %q, want it closed before the banner", b)
	}
	held[0].Close()
	waitUntil(t, "a slot frees up", func() string { return "" }, func(string) bool {
		c, err := net.Dial("tcp", e.addr)
		if err != nil {
			return false
		}
		defer c.Close()
		return strings.HasPrefix(banner(c), "SSH-2.0-")
	})
}

func TestConnectionRateLimit(t *testing.T) {
	g := newConnGate(&Options{Clock: newFakeClock(), MaxUnauth: 100, MaxUnauthPerIP: 100, ConnRate: 5, ConnBurst: 5})
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}
	admitted := 0
	for range 20 {
		if t, ok := g.enter(addr); ok {
			admitted++
			t.release()
		}
	}
	if admitted != 5 {
		t.Errorf("20 connections in the same instant with burst 5: %d admitted", admitted)
	}
}

func TestAuditUnavailableHidesTheTicket(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	x := openTerm(t, e.mustDial(alice), 100, 30)
	x.WaitFor("Open a ticket")
	e.audit.setFail(true)
	x.Type(sonartest.SeedGUID)
	x.WaitFor("› " + sonartest.SeedGUID)
	x.Type("\r")
	x.WaitFor("audit unavailable")
	if strings.Contains(x.Screen(), seedTitle) {
		t.Error("the ticket was shown although its view was not recorded")
	}
}

func TestAuditRecordsAreOneLineEach(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	user := "x\n{\"event\":\"ticket_view\"}\xff"
	c, err := e.dial(user, gossh.PublicKeys(alice.signer))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	openTerm(t, c, 80, 24).WaitFor("Open a ticket")
	recs := e.audit.records(t) // fails on any line that is not one record
	if len(recs) != 1 || recs[0].Event != EventSessionStart || recs[0].SSHUser != "x\n{\"event\":\"ticket_view\"}\\xff" {
		t.Errorf("records %+v, want one session_start with the user name escaped", recs)
	}
	if strings.Contains(e.audit.String(), sonartest.DemoAPIKey) {
		t.Error("the audit log contains the API key")
	}
}

func TestReloadRevokesKeys(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	e := startServer(t, []string{alice.line + " alice", bob.line + " bob"}, nil)
	x := openTerm(t, e.mustDial(alice), 80, 24)
	x.WaitFor("Open a ticket")

	writeKeys(t, e.keysPath, bob.line+" bob")
	if err := e.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	if err := x.Wait(); exitStatus(err) != 1 || !strings.Contains(x.Raw(), "no longer authorised") {
		t.Errorf("alice's open session after revocation: %v, %q", err, tail(x.Raw(), 200))
	}
	if _, err := e.dial("alice", gossh.PublicKeys(alice.signer)); err == nil {
		t.Error("alice connected after her key was removed")
	}
	e.mustDial(bob)

	// A file that fails its checks authorises nobody.
	if err := os.Chmod(e.keysPath, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Reload(); err == nil || !strings.Contains(err.Error(), "writable by group or others") {
		t.Errorf("reload of a 0666 file: %v", err)
	}
	if _, err := e.dial("bob", gossh.PublicKeys(bob.signer)); err == nil {
		t.Error("bob connected while the keys file was unsafe")
	}
}

func TestShutdownTellsSessions(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	x := openTerm(t, e.mustDial(alice), 80, 24)
	x.openSeed()
	ctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := x.Wait(); exitStatus(err) != 1 && !strings.Contains(x.Raw(), "shutting down") {
		t.Errorf("session after shutdown: %v, %q", err, tail(x.Raw(), 200))
	}
	if !strings.Contains(x.Raw(), "the server is shutting down") {
		t.Errorf("no shutdown message in %q", tail(x.Raw(), 200))
	}
	if _, err := e.dial("alice", gossh.PublicKeys(alice.signer)); err == nil {
		t.Error("connected after shutdown")
	}
}

func TestHandshakeTimeout(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, func(o *Options) { o.HandshakeTimeout = 100 * time.Millisecond })
	c, err := net.Dial("tcp", e.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(20 * time.Second))
	buf := make([]byte, 256)
	for {
		if _, err := c.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("a silent connection was never closed")
			}
			return // closed by the server
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func TestRetryNoticesReachOnlyTheirSession(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	// The first request for the plain ticket is told to come back in a
	// minute: its session shows the notice for that long.
	e := startServerWith(t, []string{alice.line + " alice", bob.line + " bob"},
		[]sonartest.Option{sonartest.WithFault(sonartest.PlainGUID, sonartest.TooManyRequests("60").Times(1))}, nil)
	xa := openTerm(t, e.mustDial(alice), 100, 30)
	xb := openTerm(t, e.mustDial(bob), 100, 30)
	xb.openSeed()
	xa.WaitFor("Open a ticket")
	xa.Type(sonartest.PlainGUID)
	xa.WaitFor("› " + sonartest.PlainGUID)
	xa.Type("\r")
	xa.WaitFor("retrying in 1m0s (attempt 2/3)")
	if strings.Contains(xb.Screen(), "retrying") {
		t.Errorf("another session shows the retry notice:\n%s", xb.Screen())
	}
}

// TestWatchIdleWarnsBeforeTheEnd: a minute before the idle timeout ends a
// session, the app is told (a footer notice); a key press then moves the
// end, and the warning comes again a minute before the new one.
func TestWatchIdleWarnsBeforeTheEnd(t *testing.T) {
	clock := newFakeClock()
	notices := make(chan string, 10)
	s := &Server{o: Options{IdleTimeout: 5 * time.Minute, Clock: clock}}
	idle := &lastInput{}
	idle.touch(clock.Now())
	q := &ender{}
	done := make(chan struct{})
	go func() {
		s.watchIdle(context.Background(), idle, q, func(text string) { notices <- text })
		close(done)
	}()
	advanceTo := func(d time.Duration) { // from the start, in small steps
		for clock.Now().Before(testNow.Add(d)) {
			clock.Advance(time.Second)
			time.Sleep(time.Millisecond)
		}
	}
	advanceTo(3*time.Minute + 58*time.Second)
	select {
	case n := <-notices:
		t.Fatalf("warned at 3:58 (%q), two minutes before the end", n)
	default:
	}
	advanceTo(4*time.Minute + 1*time.Second)
	select {
	case n := <-notices:
		if !strings.Contains(n, "ends in 1m0s") || !strings.Contains(n, "press a key") {
			t.Errorf("warning %q", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no warning a minute before the idle end")
	}
	idle.touch(clock.Now()) // a key at 4:01: the end moves to 9:01
	advanceTo(8*time.Minute + 2*time.Second)
	if r := q.why(); r != "" {
		t.Fatalf("ended with %q after a key press", r)
	}
	select {
	case n := <-notices:
		if !strings.Contains(n, "ends in 59s") && !strings.Contains(n, "ends in 1m0s") {
			t.Errorf("second warning %q", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no second warning")
	}
	advanceTo(9*time.Minute + 2*time.Second)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end")
	}
}

// TestIdleWarningReachesTheSession: a minute before the idle timeout, the
// analyst's screen says the session is about to end; a key takes the
// warning away and keeps the session.
func TestIdleWarningReachesTheSession(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	x := openTerm(t, e.mustDial(alice), 100, 24)
	x.WaitFor("Open a ticket")
	e.clock.Advance(DefaultIdleTimeout - IdleWarning)
	x.WaitFor("this session ends in 1m0s unless you press a key")
	x.Type("4")
	waitUntil(t, "the warning goes at a key press", x.Screen, func(s string) bool { return !strings.Contains(s, "session ends") })
	e.clock.Advance(IdleWarning + time.Second) // past the first deadline
	x.WaitFor("Open a ticket")
	if ends := e.audit.events(t, EventSessionEnd); len(ends) != 0 {
		t.Errorf("the session ended after a key press: %+v", ends)
	}
}
