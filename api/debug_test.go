package api

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a debug sink the transport may write from any goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// HTTP-11: the sentinel key appears in no error (%v, %+v, %#v) and no
// debug output, whatever happens; the trace proves a key was sent.
func TestKeyNeverPrinted(t *testing.T) {
	other := setup(t)
	tlsSrv, _ := tlsServer(t, nil)
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		base     string // default: the test server
		opts     []Option
		wantSent bool // the request reached the test server
	}{
		{name: "200", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Set-Cookie", "session=secret-cookie")
			reply(w, 200, "application/json", ticketJSON)
		}, wantSent: true},
		{name: "302 to another host", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.srv.URL+"/x?"+testKey, http.StatusFound)
		}, wantSent: true},
		{name: "500 echoing the header", handler: func(w http.ResponseWriter, r *http.Request) {
			reply(w, 500, "text/plain", "you sent: "+r.Header.Get("Authorization"))
		}, wantSent: true},
		{name: "401 echoing in JSON", handler: func(w http.ResponseWriter, r *http.Request) {
			reply(w, 401, "application/json", `{"error_code":"bad-key","error_msg":"`+r.Header.Get("Authorization")+`"}`)
		}, wantSent: true},
		{name: "TLS error", base: tlsSrv.URL},
		{name: "timeout", handler: func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}, opts: []Option{WithTimeout(100 * time.Millisecond)}, wantSent: true},
		{name: "connection refused", base: "http://127.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dbg syncBuffer
			ts := setup(t)
			if tt.handler != nil {
				ts.mux.HandleFunc(ticketPath, tt.handler)
			}
			base := ts.srv.URL
			if tt.base != "" {
				base = tt.base
			}
			c := newTestClient(t, base, append(tt.opts, WithDebug(&dbg), WithHeader("X-Api-Key", testKey))...)
			tk, err := c.GetTicket(context.Background(), testGUID)
			out := fmt.Sprintf("%v %+v %#v %v %+v %#v %+v", err, err, err, unwrapAll(err), c, *c, tk) + dbg.String()
			if strings.Contains(out, testKey) {
				t.Errorf("the key leaked:\n%s", out)
			}
			if strings.Contains(out, "secret-cookie") {
				t.Errorf("a cookie leaked:\n%s", out)
			}
			if tt.wantSent && !strings.Contains(dbg.String(), "Authorization: Bearer <masked>") {
				t.Errorf("trace does not show the masked header:\n%s", dbg.String())
			}
			if !strings.Contains(dbg.String(), "--> GET ") {
				t.Errorf("trace lacks the request line:\n%s", dbg.String())
			}
		})
	}
	if other.hits.Load() != 0 {
		t.Error("the redirect target was contacted")
	}
}

// unwrapAll formats every error in the chain, as a %+v-happy logger might.
func unwrapAll(err error) string {
	var b strings.Builder
	for err != nil {
		fmt.Fprintf(&b, "%v|%#v|", err, err)
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			break
		}
		err = u.Unwrap()
	}
	return b.String()
}

func TestDebugTrace(t *testing.T) {
	var dbg syncBuffer
	ts := setup(t, WithDebug(&dbg))
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		// net/http refuses C0 controls in headers; C1 (U+009B CSI) gets through.
		w.Header().Set("X-Evil", "a\u009b31mb")
		reply(w, 200, "application/json", ticketJSON)
	})
	if _, err := ts.client.GetTicket(context.Background(), testGUID); err != nil {
		t.Fatal(err)
	}
	out := dbg.String()
	for _, want := range []string{
		"--> GET " + ts.srv.URL + ticketPath, "<-- 200 OK", "User-Agent: sonar-tui/test",
		`X-Evil: a\u{009B}31mb`, fmt.Sprintf("body: %d bytes read, first %d: {\"ticket\":{\"id\":2", len(ticketJSON), len(ticketJSON)),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("trace lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\x1b\x07\u009b") {
		t.Errorf("trace holds raw controls:\n%q", out)
	}
}

func TestMaskHeader(t *testing.T) {
	for _, tt := range []struct{ name, value, want string }{
		{"Authorization", "Bearer abc", "Bearer <masked>"},
		{"Authorization", "abc", "<masked>"},
		{"Authorization", "abc def", "<masked>"},
		{"Proxy-Authorization", "Basic dXNlcjpwdw==", "Basic <masked>"},
		{"Cookie", "a=b", "<masked>"},
		{"Set-Cookie", "a=b", "<masked>"},
		{"X-Api-Key", "abc", "<masked>"},
		{"X-Auth-Token", "abc", "<masked>"},
		{"X-Sonar-Session", "abc", "<masked>"},
		{"Accept", "application/json", "application/json"},
	} {
		if got := maskHeader(tt.name, tt.value); got != tt.want {
			t.Errorf("maskHeader(%s, %q) = %q, want %q", tt.name, tt.value, got, tt.want)
		}
	}
}

// connectProxy is a minimal CONNECT proxy on loopback that records what it
// was asked and sends every tunnel to 127.0.0.1 (so a name such as
// example.com, which the client must not resolve itself, reaches the
// test server).
type connectProxy struct {
	ln      net.Listener
	mu      sync.Mutex
	headers []http.Header
	hosts   []string
	raw     bytes.Buffer // client-to-target bytes inside the tunnel
}

func startConnectProxy(t *testing.T) *connectProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &connectProxy{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(conn)
		}
	}()
	return p
}

func (p *connectProxy) serve(conn net.Conn) {
	defer conn.Close()
	br := bufio.NewReader(conn)
	req, err := http.ReadRequest(br)
	if err != nil || req.Method != http.MethodConnect {
		io.WriteString(conn, "HTTP/1.1 405 Method Not Allowed\r\n\r\n")
		return
	}
	p.mu.Lock()
	p.headers = append(p.headers, req.Header.Clone())
	p.hosts = append(p.hosts, req.Host)
	p.mu.Unlock()
	_, port, _ := net.SplitHostPort(req.Host)
	up, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		io.WriteString(conn, "HTTP/1.1 502 Bad Gateway\r\n\r\n")
		return
	}
	defer up.Close()
	io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
	go func() {
		io.Copy(io.MultiWriter(up, writerFunc(func(b []byte) (int, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			return p.raw.Write(b)
		})), br)
		up.Close()
	}()
	io.Copy(conn, up)
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// HTTP-9: HTTPS_PROXY is honoured (read when the client is built), the
// proxy sees only CONNECT and never Authorization, and the proxy password
// appears in no output; NO_PROXY bypasses it.
func TestProxy(t *testing.T) {
	const pw = "pw-PROXY-SENTINEL"
	srv, hits := tlsServer(t, nil)
	proxy := startConnectProxy(t)
	proxyURL := "http://user:" + pw + "@" + proxy.ln.Addr().String()
	for _, k := range []string{"HTTPS_PROXY", "https_proxy"} {
		t.Setenv(k, proxyURL)
	}
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"} {
		t.Setenv(k, "")
	}
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	base := "https://example.com:" + port // httptest's certificate covers example.com
	ca := writeFile(t, certPEM(srv.Certificate()))
	var dbg syncBuffer

	c := newTestClient(t, base, WithCAFile(ca), WithDebug(&dbg))
	if _, err := c.GetTicket(context.Background(), testGUID); err != nil {
		t.Fatalf("through the proxy: %v", err)
	}
	proxy.mu.Lock()
	if len(proxy.hosts) != 1 || proxy.hosts[0] != "example.com:"+port {
		t.Errorf("proxy CONNECTs = %v", proxy.hosts)
	}
	for _, h := range proxy.headers {
		if h.Get("Authorization") != "" || !strings.HasPrefix(h.Get("Proxy-Authorization"), "Basic ") {
			t.Errorf("CONNECT headers = %v", h)
		}
	}
	if bytes.Contains(proxy.raw.Bytes(), []byte(testKey)) {
		t.Error("the key crossed the proxy in clear text")
	}
	proxy.mu.Unlock()
	if hits.Load() != 1 {
		t.Errorf("server saw %d requests, want 1", hits.Load())
	}

	// Proxy down: the error and the trace still don't show its password.
	proxy.ln.Close()
	c = newTestClient(t, base, WithCAFile(ca), WithDebug(&dbg))
	_, err := c.GetTicket(context.Background(), testGUID)
	if err == nil {
		t.Fatal("want an error with the proxy down")
	}
	if out := fmt.Sprintf("%v %+v %#v %s", err, err, err, unwrapAll(err)) + dbg.String(); strings.Contains(out, pw) {
		t.Errorf("the proxy password leaked:\n%s", out)
	}

	t.Setenv("NO_PROXY", "example.com")
	c = newTestClient(t, base)
	req, _ := http.NewRequest(http.MethodGet, base+"/", nil)
	if u, err := baseTransport(t, c).Proxy(req); u != nil || err != nil {
		t.Errorf("NO_PROXY=example.com: proxy = %v, %v; want none", u, err)
	}
}
