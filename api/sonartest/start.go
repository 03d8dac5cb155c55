package sonartest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Running is a Server listening on a loopback socket, as used by
// `sonar-tui --demo`.
type Running struct {
	// URL is the base URL to give the client, e.g. "http://127.0.0.1:41234"
	// (no trailing slash). Plain HTTP is fine here: the client allows http
	// only for loopback addresses (SECURITY.md HTTP-4).
	URL    string
	Server *Server

	srv       *http.Server
	served    chan error
	closeOnce sync.Once
	closeErr  error
	stopCtx   func() bool
}

// Start serves a new Server (configured by opts) on addr until ctx is done
// or Close is called. An empty addr means "127.0.0.1:0", a free port.
//
// addr must be a loopback address: the server accepts a published demo key
// and serves hostile fixtures, so it has no business on a network interface.
func Start(ctx context.Context, addr string, opts ...Option) (*Running, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("sonartest: listen address %q: %w", addr, err)
	}
	if !isLoopback(host) {
		return nil, fmt.Errorf("sonartest: listen address %q is not loopback", addr)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sonartest: %w", err)
	}
	s := New(opts...)
	run := &Running{
		URL:    "http://" + ln.Addr().String(),
		Server: s,
		srv: &http.Server{
			Handler:           s,
			ReadHeaderTimeout: 10 * time.Second,
		},
		served: make(chan error, 1),
	}
	go func() { run.served <- run.srv.Serve(ln) }()
	run.stopCtx = context.AfterFunc(ctx, run.shutdown)
	return run, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Close stops the server: it releases held requests (Hang, latency), lets
// running requests finish for up to two seconds, then closes every
// connection. It is safe to call more than once.
func (r *Running) Close() error {
	r.stopCtx()
	r.shutdown()
	return r.closeErr
}

// shutdown is Close without detaching from ctx, so that it can run as the
// ctx callback itself.
func (r *Running) shutdown() {
	r.closeOnce.Do(func() {
		r.Server.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := r.srv.Shutdown(ctx); err != nil {
			_ = r.srv.Close()
		}
		if err := <-r.served; !errors.Is(err, http.ErrServerClosed) {
			r.closeErr = err
		}
	})
}
