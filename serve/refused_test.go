package serve

import (
	"fmt"
	"net"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// TestRefusedKeysAreRecorded: the auth_failure record of a refused key
// names the key's fingerprint, for every key a connection offers in vain,
// also when a listed key gets in after them.
func TestRefusedKeysAreRecorded(t *testing.T) {
	alice, mallory, stray := newTestKey(t), newTestKey(t), newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)

	if c, err := e.dial("alice", gossh.PublicKeys(mallory.signer)); err == nil {
		c.Close()
		t.Fatal("an unknown key got in")
	}
	fails := e.audit.events(t, EventAuthFailure)
	if len(fails) != 1 || fails[0].Fingerprint != mallory.fp || fails[0].Method != "publickey" || fails[0].Remote == "" {
		t.Fatalf("auth_failure records %+v, want one naming the unknown key %s", fails, mallory.fp)
	}

	c, err := e.dial("alice", gossh.PublicKeys(stray.signer, alice.signer))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	fails = e.audit.events(t, EventAuthFailure)
	if len(fails) != 2 || fails[1].Fingerprint != stray.fp {
		t.Errorf("auth_failure records %+v, want the second naming the stray key %s", fails, stray.fp)
	}
}

// fakeConn is the connection metadata the auth log gets.
type fakeConn struct{}

func (fakeConn) User() string          { return "mallory" }
func (fakeConn) SessionID() []byte     { return nil }
func (fakeConn) ClientVersion() []byte { return []byte("SSH-2.0-test") }
func (fakeConn) ServerVersion() []byte { return []byte("SSH-2.0-sonar-tui") }
func (fakeConn) RemoteAddr() net.Addr  { return &net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 4242} }
func (fakeConn) LocalAddr() net.Addr   { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 2222} }

// TestRefusalsAreBounded: a connection writes at most its limit of
// auth_failure records; the attempts past it are counted in one record
// when the connection ends.
func TestRefusalsAreBounded(t *testing.T) {
	buf := &syncBuffer{}
	s := &Server{o: Options{Audit: NewAuditLog(buf, newFakeClock().Now)}}
	r := &refusals{limit: 2}
	done := make(chan struct{})
	log := s.authLogger(r, done)
	for i := range 5 {
		r.refused(fmt.Sprintf("SHA256:key%d", i))
		log(fakeConn{}, "publickey", gossh.ErrNoAuth)
	}
	if got := buf.events(t, EventAuthFailure); len(got) != 2 || got[0].Fingerprint != "SHA256:key0" || got[1].Fingerprint != "SHA256:key1" {
		t.Fatalf("records before the end %+v, want the first two keys", got)
	}
	close(done)
	got := waitUntil(t, "the count is recorded", buf.String, func(s string) bool { return len(buf.events(t, EventAuthFailure)) == 3 })
	last := buf.events(t, EventAuthFailure)[2]
	if last.Count == nil || *last.Count != 3 || last.Fingerprint != "" || last.Remote != "192.0.2.7:4242" {
		t.Errorf("the last record %+v, want a count of 3 for the connection\n%s", last, got)
	}
}
