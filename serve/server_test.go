package serve

import (
	"errors"
	"io"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

func TestAuthorisedKeyOpensTicket(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{`sonar-name="Alice Kim",sonar-user-guid="u-alice" ` + alice.line + " alice@laptop"}, nil)
	x := openTerm(t, e.mustDial(alice), 100, 30)
	x.openSeed()
	x.Type("q")
	if err := x.Wait(); err != nil {
		t.Fatalf("quitting the app: session ended with %v, want exit 0", err)
	}

	starts := e.audit.events(t, EventSessionStart)
	if len(starts) != 1 {
		t.Fatalf("session_start records: %d, want 1\n%s", len(starts), e.audit)
	}
	s := starts[0]
	if s.Fingerprint != alice.fp || s.Analyst != "Alice Kim" || s.UserGUID != "u-alice" || s.SSHUser != "analyst" || s.Session == "" {
		t.Errorf("session_start = %+v, want Alice's fingerprint %s, name and user_guid", s, alice.fp)
	}
	if !strings.HasPrefix(s.ClientVersion, "SSH-2.0-Go") || !strings.HasPrefix(s.Remote, "127.0.0.1:") {
		t.Errorf("session_start client version %q, remote %q", s.ClientVersion, s.Remote)
	}
	views := e.audit.events(t, EventTicketView)
	if len(views) != 1 {
		t.Fatalf("ticket_view records: %d, want 1\n%s", len(views), e.audit)
	}
	v := views[0]
	if v.Ticket != sonartest.SeedGUID || v.Outcome != "ok" || v.Fingerprint != alice.fp || v.Analyst != "Alice Kim" || v.Session != s.Session || v.Bytes == 0 {
		t.Errorf("ticket_view = %+v", v)
	}
	waitUntil(t, "session_end is recorded", e.audit.String, func(s string) bool { return strings.Contains(s, `"session_end"`) })
	ends := e.audit.events(t, EventSessionEnd)
	if len(ends) != 1 || ends[0].Reason != "quit" || ends[0].Session != s.Session {
		t.Errorf("session_end = %+v, want one with reason quit", ends)
	}
}

func TestAuthenticationRefused(t *testing.T) {
	alice, mallory := newTestKey(t), newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	for _, tc := range []struct {
		name string
		auth []gossh.AuthMethod
	}{
		{"unknown key", []gossh.AuthMethod{gossh.PublicKeys(mallory.signer)}},
		{"password", []gossh.AuthMethod{gossh.Password("x")}},
		{"keyboard-interactive", []gossh.AuthMethod{gossh.KeyboardInteractive(
			func(string, string, []string, []bool) ([]string, error) { return nil, nil })}},
		{"no method", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := e.dial("alice", tc.auth...)
			if err == nil {
				c.Close()
				t.Fatal("connected, want refused")
			}
			if !strings.Contains(err.Error(), "unable to authenticate") {
				t.Errorf("error %q, want unable to authenticate", err)
			}
		})
	}
	fails := e.audit.events(t, EventAuthFailure)
	methods := map[string]bool{}
	for _, f := range fails {
		methods[f.Method] = true
	}
	if !methods["publickey"] {
		t.Errorf("auth_failure records %+v, want one for the unknown key", fails)
	}
	if len(e.audit.events(t, EventSessionStart)) != 0 {
		t.Error("a refused client got a session")
	}
}

// failingSigner offers a listed key but cannot sign with it, like a client
// that holds only someone else's public key.
type failingSigner struct{ gossh.Signer }

func (failingSigner) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	return nil, errors.New("no private key")
}

// TestIdentityIsTheKeyThatAuthenticated: the analyst comes from the key
// that signed, never from the user name or from a key only offered. (The
// offer-one-key-sign-with-another sequence, which x/crypto's client cannot
// produce, runs with OpenSSH in e2e/ssh_test.go.)
func TestIdentityIsTheKeyThatAuthenticated(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	e := startServer(t, []string{alice.line + " alice", bob.line + " bob"}, nil)

	t.Run("user name admin, bob's key", func(t *testing.T) {
		c, err := e.dial("admin", gossh.PublicKeys(bob.signer))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		x := openTerm(t, c, 80, 24)
		x.WaitFor("Open a ticket")
		starts := e.audit.events(t, EventSessionStart)
		if len(starts) != 1 || starts[0].Fingerprint != bob.fp || starts[0].Analyst != "bob" || starts[0].SSHUser != "admin" {
			t.Fatalf("session_start %+v, want bob (%s) with ssh_user admin", starts, bob.fp)
		}
	})
	t.Run("alice's key offered, not signed", func(t *testing.T) {
		_, err := e.dial("alice", gossh.PublicKeys(failingSigner{alice.signer}))
		if err == nil {
			t.Fatal("connected with a key the client could not sign with")
		}
	})
}

func TestIdentifyKeyNeedsTheSavedFingerprint(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	ks, err := parseKeys("keys", []byte(alice.line+" alice\n"+bob.line+" bob\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		key   gossh.PublicKey
		saved string
		want  string
	}{
		{"matching", alice.signer.PublicKey(), alice.fp, "alice"},
		{"saved for another key", bob.signer.PublicKey(), alice.fp, ""},
		{"nothing saved", alice.signer.PublicKey(), "", ""},
		{"no key", nil, alice.fp, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, ok := identifyKey(ks, tc.key, tc.saved, testNow)
			if got := id.Name; got != tc.want || ok != (tc.want != "") {
				t.Errorf("identifyKey = %q, %v; want %q", got, ok, tc.want)
			}
		})
	}
}

func TestOnlyTheApp(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	c := e.mustDial(alice)

	t.Run("no pty", func(t *testing.T) {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		out, err := s.CombinedOutput("")
		if exitStatus(err) != 1 || !strings.Contains(string(out), "Requires an active PTY") {
			t.Errorf("exit %v, output %q; want status 1 and the PTY message", err, out)
		}
	})
	t.Run("exec", func(t *testing.T) {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		out, err := s.CombinedOutput("cat /etc/passwd")
		if exitStatus(err) != 1 || !strings.Contains(string(out), "commands are not run") || strings.Contains(string(out), "root:") {
			t.Errorf("exit %v, output %q; want status 1 and the refusal", err, out)
		}
	})
	t.Run("exec with a pty", func(t *testing.T) {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		out, err := s.CombinedOutput("id")
		if exitStatus(err) != 1 || !strings.Contains(string(out), "commands are not run") {
			t.Errorf("exit %v, output %q; want status 1 and the refusal", err, out)
		}
	})
	t.Run("subsystem", func(t *testing.T) {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stderr, err := s.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RequestSubsystem("sftp"); err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(stderr)
		if !strings.Contains(string(out), "subsystems") {
			t.Errorf("stderr %q, want the refusal", out)
		}
	})
	t.Run("local port forwarding", func(t *testing.T) {
		conn, err := c.Dial("tcp", e.addr)
		if err == nil {
			conn.Close()
			t.Fatal("direct-tcpip channel opened")
		}
	})
	t.Run("remote port forwarding", func(t *testing.T) {
		l, err := c.Listen("tcp", "127.0.0.1:0")
		if err == nil {
			l.Close()
			t.Fatal("tcpip-forward accepted")
		}
	})
	t.Run("x11", func(t *testing.T) {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ok, err := s.SendRequest("x11-req", true, gossh.Marshal(struct {
			Single        bool
			Proto, Cookie string
			Screen        uint32
		}{false, "MIT-MAGIC-COOKIE-1", "00", 0}))
		if err != nil || ok {
			t.Errorf("x11-req: ok=%v err=%v, want refused", ok, err)
		}
	})
	refused := e.audit.events(t, EventSessionRefused)
	if len(refused) < 2 || refused[0].Fingerprint != alice.fp {
		t.Errorf("session_refused records %+v, want the no-PTY and exec refusals with alice's fingerprint", refused)
	}
	t.Run("agent forwarding opens no channel", func(t *testing.T) {
		opened := c.HandleChannelOpen("auth-agent@openssh.com")
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SendRequest("auth-agent-req@openssh.com", true, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		var out syncBuffer
		s.Stdout, s.Stderr = &out, &out
		if err := s.Shell(); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, "the app draws", out.String, func(s string) bool { return strings.Contains(s, "agent forwarding refused") })
		s.Close()
		select {
		case ch := <-opened:
			ch.Reject(gossh.Prohibited, "test")
			t.Fatal("the server opened an agent channel")
		default:
		}
	})
}

func TestAuthAttemptsAreLimited(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	var signers []gossh.Signer
	for range 5 {
		signers = append(signers, newTestKey(t).signer)
	}
	signers = append(signers, alice.signer) // listed, but offered sixth
	_, err := e.dial("alice", gossh.PublicKeys(signers...))
	if err == nil {
		t.Fatal("connected after five wrong keys")
	}
	if n := len(e.audit.events(t, EventAuthFailure)); n > MaxAuthTries+1 {
		t.Errorf("%d failed attempts recorded, want the connection closed after %d", n, MaxAuthTries)
	}
}
