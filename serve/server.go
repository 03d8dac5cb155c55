package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
)

// Defaults for Options' zero values.
const (
	DefaultListen            = "127.0.0.1:2222"
	DefaultIdleTimeout       = 15 * time.Minute
	DefaultHandshakeTimeout  = 10 * time.Second
	DefaultMaxTimeout        = 8 * time.Hour
	DefaultMaxSessions       = 32
	DefaultMaxSessionsPerKey = 3
	DefaultMaxUnauth         = 64
	DefaultMaxUnauthPerIP    = 8
	DefaultConnRate          = 5 // new connections per second and address
	DefaultConnBurst         = 20
	DefaultAPIRate           = 5 // API requests per second and session
	DefaultAPIBurst          = 20
	// MaxAuthTries is the number of authentication attempts per connection.
	MaxAuthTries = 3
	// ShutdownGrace is how long sessions get to close after being told.
	ShutdownGrace = 3 * time.Second
)

// Options configure a Server. HostKey, AuthorizedKeys, Audit, NewModel and
// Getter are required; zero limits take the defaults above.
type Options struct {
	HostKey gossh.Signer
	// AuthorizedKeys is the authorized_keys path, read at New and by Reload.
	AuthorizedKeys string
	// UID is the service user that must own the key files; 0 with
	// UIDSet false means os.Getuid().
	UID    int
	UIDSet bool
	Audit  *AuditLog
	// NewModel builds the app for one session. ctx ends with the session.
	NewModel func(ctx context.Context, s Session) tea.Model
	Getter   TicketGetter
	Lister   TicketLister // nil: the shared client cannot list tickets
	// RetryMsg makes the message that tells a session's app the client is
	// waiting to retry one of its requests; nil: retries are not shown.
	// Only the session that made the request gets it.
	RetryMsg func(attempt, max int, wait time.Duration) tea.Msg
	// IdleNotice makes the message that tells a session's app it will be
	// ended for idleness (IdleWarning before); nil: no warning.
	IdleNotice func(text string) tea.Msg

	IdleTimeout       time.Duration // key presses, not redraws
	HandshakeTimeout  time.Duration
	MaxTimeout        time.Duration // per connection, absolute
	MaxSessions       int
	MaxSessionsPerKey int
	MaxUnauth         int // connections without a session, in total
	MaxUnauthPerIP    int // ... and per source address
	ConnRate          float64
	ConnBurst         int
	APIRate           float64
	APIBurst          int

	Clock Clock     // nil: the wall clock
	Log   io.Writer // operator messages (reload errors); nil: discarded
}

func (o *Options) defaults() {
	setDefault(&o.IdleTimeout, DefaultIdleTimeout)
	setDefault(&o.HandshakeTimeout, DefaultHandshakeTimeout)
	setDefault(&o.MaxTimeout, DefaultMaxTimeout)
	setDefault(&o.MaxSessions, DefaultMaxSessions)
	setDefault(&o.MaxSessionsPerKey, DefaultMaxSessionsPerKey)
	setDefault(&o.MaxUnauth, DefaultMaxUnauth)
	setDefault(&o.MaxUnauthPerIP, DefaultMaxUnauthPerIP)
	setDefault(&o.ConnRate, DefaultConnRate)
	setDefault(&o.ConnBurst, DefaultConnBurst)
	setDefault(&o.APIRate, DefaultAPIRate)
	setDefault(&o.APIBurst, DefaultAPIBurst)
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if !o.UIDSet {
		o.UID = os.Getuid()
	}
}

func setDefault[T comparable](p *T, def T) {
	var zero T
	if *p == zero {
		*p = def
	}
}

// Server is sonar-tui's SSH server.
type Server struct {
	o    Options
	srv  *ssh.Server
	keys atomic.Pointer[keySet]
	gate *connGate

	mu      sync.Mutex
	live    map[string]*liveSession
	closing bool
	wg      sync.WaitGroup // session handlers
}

// liveSession is what the server can do to a running session.
type liveSession struct {
	fingerprint string
	end         func(reason string)
}

// extFingerprint is where the key callback leaves the fingerprint of the
// key it accepted, for the session handler to compare with the key that
// the library says authenticated (the Soft Serve pattern).
const extFingerprint = "sonar-tui-fingerprint"

// New checks the options, loads the authorized keys and builds the server.
func New(o Options) (*Server, error) {
	o.defaults()
	switch {
	case o.HostKey == nil:
		return nil, errors.New("serve: no host key")
	case o.Audit == nil:
		return nil, errors.New("serve: no audit log")
	case o.NewModel == nil || o.Getter == nil:
		return nil, errors.New("serve: no model factory or API client")
	case o.AuthorizedKeys == "":
		return nil, errors.New("--authorized-keys is required: sonar-tui serve lets in only the public keys listed there")
	}
	s := &Server{o: o, gate: newConnGate(&o), live: map[string]*liveSession{}}
	ks, err := loadKeys(o.AuthorizedKeys, o.UID)
	if err != nil {
		return nil, err
	}
	s.keys.Store(ks)

	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(o.HostKey); return nil },
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithVersion("sonar-tui"),
	)
	if err != nil {
		return nil, err
	}
	srv.Handler = s.handle
	srv.HandshakeTimeout = o.HandshakeTimeout
	srv.MaxTimeout = o.MaxTimeout
	srv.ConnCallback = s.admit
	srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
		// Called once per connection: its refusals are its own.
		r := &refusals{limit: authFailureRecords}
		var done <-chan struct{}
		if ctx != nil { // nil: selfCheck
			ctx.SetValue(ctxKeyRefusals, r)
			done = ctx.Done()
		}
		return &gossh.ServerConfig{MaxAuthTries: MaxAuthTries, AuthLogCallback: s.authLogger(r, done)}
	}
	// Only session channels; no global requests (tcpip-forward), no
	// direct-tcpip channels; every subsystem gets a refusal.
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": ssh.DefaultSessionHandler}
	srv.RequestHandlers = map[string]ssh.RequestHandler{}
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{"default": refuseSubsystem}
	srv.LocalPortForwardingCallback = nil
	srv.ReversePortForwardingCallback = nil
	srv.EnableProxyProtocol = false
	if err := selfCheck(srv); err != nil {
		return nil, err
	}
	s.srv = srv
	return s, nil
}

// selfCheck refuses a server that would let anyone in without a key.
func selfCheck(srv *ssh.Server) error {
	cfg := srv.ServerConfigCallback(nil)
	if srv.PublicKeyHandler == nil || srv.PasswordHandler != nil || srv.KeyboardInteractiveHandler != nil ||
		cfg.NoClientAuth || cfg.PasswordCallback != nil || cfg.KeyboardInteractiveCallback != nil || cfg.PublicKeyCallback != nil {
		return errors.New("serve: internal error: the SSH server would accept something other than public keys")
	}
	return nil
}

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// authorize is the public-key callback. It only answers whether the key is
// listed and not expired; it logs nothing. The fingerprint it leaves in the
// connection's permissions is reset by the library on every attempt. A
// refused key's fingerprint is noted for the auth_failure record that the
// library's log callback writes right after (refusals): a note about a
// refusal, never an identity.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	if _, ok := s.keys.Load().lookup(key, s.o.Clock.Now()); !ok {
		if r, ok := ctx.Value(ctxKeyRefusals).(*refusals); ok {
			r.refused(gossh.FingerprintSHA256(key))
		}
		return false
	}
	p := ctx.Permissions()
	if p.Extensions == nil {
		p.Extensions = map[string]string{}
	}
	p.Extensions[extFingerprint] = gossh.FingerprintSHA256(key)
	return true
}

// authFailureRecords is how many auth_failure records one connection
// writes; the attempts past it are counted in one record when it closes.
// x/crypto closes a connection after MaxAuthTries failures, so this is a
// second bound, should that one ever change.
const authFailureRecords = MaxAuthTries

// refusals is one connection's failed authentication attempts: the key
// the key callback refused last, waiting for its record, and how many
// records were written.
type refusals struct {
	mu      sync.Mutex
	limit   int
	pending string // fingerprint of the key just refused
	written int
	more    int // failed attempts past the limit
}

// refused notes the key the callback refused. x/crypto calls the log
// callback for that same attempt before it reads the next request.
func (r *refusals) refused(fp string) {
	r.mu.Lock()
	r.pending = fp
	r.mu.Unlock()
}

// next takes the pending fingerprint ("" when the library refused the
// attempt without asking the callback: an algorithm it does not accept, a
// key it already asked about) and says whether a record may be written;
// first is true for the first attempt past the limit.
func (r *refusals) next() (fp string, write, first bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fp, r.pending = r.pending, ""
	if r.written < r.limit {
		r.written++
		return fp, true, false
	}
	r.more++
	return fp, false, r.more == 1
}

func (r *refusals) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.more
}

// authLogger records one connection's failed authentication attempts
// ("none" is the client asking which methods exist, not an attempt): the
// method, the client's address, user name and version, and for a public
// key the SHA256 fingerprint of the key offered. Past r.limit records the
// attempts are counted, and the count is written once done closes (the
// connection ends), so a client cannot flood the log.
func (s *Server) authLogger(r *refusals, done <-chan struct{}) func(gossh.ConnMetadata, string, error) {
	return func(conn gossh.ConnMetadata, method string, err error) {
		if err == nil || method == "none" {
			return
		}
		rec := Record{
			Event: EventAuthFailure, Method: method, SSHUser: conn.User(),
			Remote: conn.RemoteAddr().String(), ClientVersion: string(conn.ClientVersion()),
		}
		fp, write, first := r.next()
		if method == "publickey" {
			rec.Fingerprint = fp
		}
		if write {
			_ = s.o.Audit.Write(rec)
			return
		}
		if first && done != nil {
			go func() {
				<-done
				n := r.count()
				rec.Method, rec.Fingerprint, rec.Count = "", "", &n
				rec.Reason = "more failed attempts on this connection, counted and not recorded one by one"
				_ = s.o.Audit.Write(rec)
			}()
		}
	}
}

// admit is the connection callback, before the handshake.
func (s *Server) admit(ctx ssh.Context, c net.Conn) net.Conn {
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing {
		return nil
	}
	t, ok := s.gate.enter(c.RemoteAddr())
	if !ok {
		return nil
	}
	ctx.SetValue(ctxKeyGate, t)
	return &gatedConn{Conn: c, t: t}
}

type ctxKey string

const (
	ctxKeyGate     ctxKey = "sonar-tui-gate"
	ctxKeyRefusals ctxKey = "sonar-tui-refusals"
)

// Reload re-reads the authorized keys (SIGHUP). A file that fails its
// checks authorises nobody until it is fixed (fail closed); sessions whose
// key is no longer authorised are ended.
func (s *Server) Reload() error {
	ks, err := loadKeys(s.o.AuthorizedKeys, s.o.UID)
	rec := Record{Event: EventKeysReload, Outcome: "ok"}
	if err != nil {
		ks = &keySet{byKey: map[string]Identity{}}
		rec.Outcome, rec.Error = "error", err.Error()
		fmt.Fprintf(s.o.Log, "sonar-tui serve: reloading authorized keys failed, no key is authorised until it is fixed: %v\n", err)
	}
	s.keys.Store(ks)
	_ = s.o.Audit.Write(rec)
	now := s.o.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.live {
		if !ks.has(l.fingerprint, now) {
			l.end("your key is no longer authorised")
		}
	}
	return err
}

// has reports whether a key with this fingerprint is authorised.
func (ks *keySet) has(fp string, now time.Time) bool {
	for _, id := range ks.byKey {
		if id.Fingerprint == fp && (id.Expires.IsZero() || now.Before(id.Expires)) {
			return true
		}
	}
	return false
}

// Shutdown stops accepting, tells every session that the server is going
// away, and waits up to ctx for them to close; then it closes what is
// left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for _, l := range s.live {
		l.end("the server is shutting down")
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	return s.srv.Close()
}

// Sessions is the number of running sessions.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.live)
}

// refuseSubsystem answers sftp and every other subsystem.
func refuseSubsystem(sess ssh.Session) {
	wish.Errorln(sess, "sonar-tui: subsystems (sftp, ...) are not available; connect with a terminal: ssh -t")
	_ = sess.Exit(1)
}
