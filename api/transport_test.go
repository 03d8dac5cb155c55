package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// HTTP-4: https only, http only to loopback; checked in New, before any dial.
func TestNew_BaseURL(t *testing.T) {
	tests := []struct {
		name, url string
		want      error // nil: accepted
	}{
		{"https", "https://sonar.example.com", nil},
		{"https with port and path", "https://192.0.2.1:8443/sonar/", nil},
		{"http loopback v4", "http://127.0.0.1:8080", nil},
		{"http loopback 127/8", "http://127.1.2.3", nil},
		{"http loopback v6", "http://[::1]:8080", nil},
		{"http localhost", "http://LOCALHOST:8080", nil},
		{"http remote", "http://sonar.example.com", ErrInsecureURL},
		{"http private address", "http://192.0.2.1", ErrInsecureURL},
		{"http localhost lookalike", "http://localhost.example.com", ErrInsecureURL},
		{"ftp", "ftp://sonar.example.com", ErrInvalidBaseURL},
		{"no scheme", "sonar.example.com", ErrInvalidBaseURL},
		{"userinfo", "https://admin:hunter2@sonar.example.com", ErrInvalidBaseURL},
		{"query", "https://sonar.example.com/?key=hunter2", ErrInvalidBaseURL},
		{"fragment", "https://sonar.example.com/#/tickets", ErrInvalidBaseURL},
		{"unparsable", "https://sonar.example.com:port:x/%zz?hunter2", ErrInvalidBaseURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.url)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("New(%q) error = %v, want %v", tt.url, err, tt.want)
			}
			if err != nil && strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), "hunter2") {
				t.Errorf("error leaks the URL's secret: %v", err)
			}
		})
	}
}

// HTTP-5 (a), (c): redirects off the origin are refused; the target sees
// nothing. The redirect's query does not reach the error message.
func TestRedirect_OtherOrigin(t *testing.T) {
	target := setup(t)
	target.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Errorf("target got %s", r.URL) })
	tests := []struct {
		name, base, location string
	}{
		{"(a) other port", "", target.srv.URL + "/steal?token=abc"},
		{"(c) localhost to 127.0.0.1, custom header", "localhost", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t, WithHeader("X-Api-Key", testKey))
			base, loc := ts.srv.URL, tt.location
			if tt.base == "localhost" {
				base = strings.Replace(ts.srv.URL, "127.0.0.1", "localhost", 1)
				loc = ts.srv.URL + "/target"
				ts.mux.HandleFunc("/target", func(w http.ResponseWriter, r *http.Request) { t.Error("target reached") })
			}
			c := newTestClient(t, base, WithHeader("X-Api-Key", testKey))
			ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
				testHeader(t, r, "X-Api-Key", testKey) // the origin itself gets it
				http.Redirect(w, r, loc, http.StatusFound)
			})
			_, err := c.GetTicket(context.Background(), testGUID)
			var re *RedirectError
			if !errors.Is(err, ErrRedirectRefused) || !errors.As(err, &re) {
				t.Fatalf("error = %v, want *RedirectError", err)
			}
			if strings.Contains(err.Error(), "token=abc") {
				t.Errorf("error shows the target's query: %v", err)
			}
			if n := ts.hits.Load(); n != 1 {
				t.Errorf("origin saw %d requests, want 1 (no retry)", n)
			}
		})
	}
	if n := target.hits.Load(); n != 0 {
		t.Errorf("target saw %d requests, want 0", n)
	}
}

// HTTP-5 (b): https to http on the same host is refused.
func TestRedirect_HTTPSToHTTP(t *testing.T) {
	srv, hits := tlsServer(t, nil)
	plain := "http" + strings.TrimPrefix(srv.URL, "https")
	srv.Config.Handler = countHits(hits, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain+r.URL.Path, http.StatusMovedPermanently)
	}))
	c := newTestClient(t, srv.URL, WithPinSHA256(SPKIPin(srv.Certificate())))
	if _, err := c.GetTicket(context.Background(), testGUID); !errors.Is(err, ErrRedirectRefused) {
		t.Fatalf("error = %v, want ErrRedirectRefused", err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

// HTTP-5 (d): same-origin hops are followed, at most 3.
func TestRedirect_SameOrigin(t *testing.T) {
	for hops, wantOK := range map[int]bool{1: true, 3: true, 4: false} {
		t.Run(fmt.Sprint(hops, " hops"), func(t *testing.T) {
			ts := setup(t)
			ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/hop/1", http.StatusFound)
			})
			ts.mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
				testHeader(t, r, "Authorization", "Bearer "+testKey)
				var n int
				fmt.Sscan(r.PathValue("n"), &n)
				if n < hops {
					http.Redirect(w, r, fmt.Sprint("/hop/", n+1), http.StatusFound)
					return
				}
				reply(w, 200, "application/json", ticketJSON)
			})
			_, err := ts.client.GetTicket(context.Background(), testGUID)
			if wantOK && err != nil || !wantOK && !errors.Is(err, ErrRedirectRefused) {
				t.Errorf("error = %v, want ok = %v", err, wantOK)
			}
		})
	}
}

// The key transport refuses another origin even if CheckRedirect did not.
func TestAuthTransport_OtherOrigin(t *testing.T) {
	ts := setup(t)
	other := setup(t)
	req, _ := http.NewRequest(http.MethodGet, other.srv.URL+"/x", nil)
	if _, err := ts.client.http.Transport.RoundTrip(req); !errors.Is(err, ErrRedirectRefused) {
		t.Errorf("RoundTrip to another origin: %v, want refusal", err)
	}
	if other.hits.Load() != 0 {
		t.Error("other origin was contacted")
	}
}

// HTTP-6: a 200 ms timeout against a server that sleeps 5 s.
func TestTimeout(t *testing.T) {
	ts := setup(t, WithTimeout(200*time.Millisecond))
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	start := time.Now()
	_, err := ts.client.GetTicket(context.Background(), testGUID)
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v, want < 1s", d)
	}
	var ne *NetworkError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("error = %v, want a timeout", err)
	}
	if n := ts.hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1 (timeouts are not retried)", n)
	}
	tr := baseTransport(t, ts.client)
	if tr.TLSHandshakeTimeout != 10*time.Second || tr.ResponseHeaderTimeout != 20*time.Second || tr.Proxy == nil {
		t.Errorf("transport settings: %+v", tr)
	}
}

// HTTP-6: cancelling the context closes the connection.
func TestCancel(t *testing.T) {
	ts := setup(t)
	started, closed := make(chan struct{}), make(chan struct{})
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
		close(closed)
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err := ts.client.GetTicket(ctx, testGUID)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	select {
	case <-closed:
	case <-time.After(time.Second):
		t.Error("server did not see the connection close")
	}
}

func baseTransport(t *testing.T, c *Client) *http.Transport {
	t.Helper()
	rt := c.http.Transport
	for {
		switch x := rt.(type) {
		case *authTransport:
			rt = x.next
		case *debugTransport:
			rt = x.next
		case *http.Transport:
			return x
		default:
			t.Fatalf("unexpected transport %T", rt)
		}
	}
}

// HTTP-7: success bodies are capped on decoded bytes.
func TestSizeCap(t *testing.T) {
	big := `{"ticket":{"title":"` + strings.Repeat("a", 11<<20) + `"}}`
	member := gzipMember(t, make([]byte, 1<<20))
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"11 MiB with Content-Length", func(w http.ResponseWriter, r *http.Request) {
			reply(w, 200, "application/json", big)
		}},
		{"11 MiB chunked", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for i := 0; i < len(big); i += 1 << 20 {
				w.Write([]byte(big[i:min(i+1<<20, len(big))]))
				w.(http.Flusher).Flush()
			}
		}},
		{"gzip bomb, 1 GiB decoded", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			for range 1024 {
				if _, err := w.Write(member); err != nil {
					return // the client hung up: the point of the test
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			ts.mux.HandleFunc(ticketPath, tt.handler)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			tk, err := ts.client.GetTicket(context.Background(), testGUID)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrResponseTooLarge) || tk != nil {
				t.Fatalf("GetTicket = %v, %v; want ErrResponseTooLarge", tk, err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("allocated %d MiB, want < 64", alloc>>20)
			}
		})
	}
}

func gzipMember(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSizeCap_Option(t *testing.T) {
	ts := setup(t, WithMaxResponseSize(int64(len(ticketJSON))))
	body := ticketJSON
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) { reply(w, 200, "application/json", body) })
	if _, err := ts.client.GetTicket(context.Background(), testGUID); err != nil {
		t.Errorf("body at the cap: %v", err)
	}
	body = ticketJSON + " "
	if _, err := ts.client.GetTicket(context.Background(), testGUID); !errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("body one byte over: %v", err)
	}
}

// HTTP-7: a 1 MiB HTML error page gives a short, escaped message.
func TestErrorBodyCap(t *testing.T) {
	ts := setup(t)
	page := "<html>\x1b]52;c;ZXZpbA==\x07" + strings.Repeat("<p>error</p>\n", 1<<20/13) + "</html>"
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) { reply(w, 500, "text/html", page) })
	_, err := ts.client.GetTicket(context.Background(), testGUID)
	var ue *UnexpectedResponseError
	if !errors.As(err, &ue) {
		t.Fatalf("error = %v, want *UnexpectedResponseError", err)
	}
	msg := err.Error()
	if ue.Snippet.Len() > 2<<10 || len(msg) > 64<<10 || strings.ContainsAny(msg, "\x1b\x07\n") {
		t.Errorf("snippet %d bytes, message %d bytes, raw controls: %v", ue.Snippet.Len(), len(msg), strings.ContainsAny(msg, "\x1b\x07\n"))
	}
	if !strings.Contains(msg, `\x1B]52`) {
		t.Errorf("message does not show the escape visibly: %.200s", msg)
	}
}

// checkRedirect on its own (authTransport is the second line of defence).
func TestCheckRedirect(t *testing.T) {
	base := originOf(mustURL(t, "https://Sonar.example.com/prefix"))
	via := []*http.Request{{URL: mustURL(t, "https://sonar.example.com/prefix/a")}}
	tests := []struct {
		to     string
		hops   int
		wantOK bool
	}{
		{"https://sonar.example.com/prefix/b", 1, true},
		{"https://SONAR.example.com:443/other", 3, true},
		{"https://sonar.example.com/b", 4, false},
		{"http://sonar.example.com/b", 1, false},
		{"https://sonar.example.com:8443/b", 1, false},
		{"https://evil.example.com/b", 1, false},
		{"https://sonar.example.com.evil.test/b", 1, false},
	}
	for _, tt := range tests {
		req := &http.Request{URL: mustURL(t, tt.to)}
		hops := slices.Repeat(via, tt.hops)
		err := checkRedirect(base, req, hops, nil)
		if (err == nil) != tt.wantOK {
			t.Errorf("redirect to %s after %d hops: %v, want ok = %v", tt.to, tt.hops, err, tt.wantOK)
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
