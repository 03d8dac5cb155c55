package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testGUID = "49272877-75f2-4c2f-9301-d21c4f9a106d"
	testKey  = "key-SENTINEL-7f3a"
	// ticketPath is the exact path HTTP-15 expects for testGUID.
	ticketPath = "/api/sonar/tickets/" + testGUID
	ticketJSON = `{"ticket":{"id":2,"guid":"` + testGUID + `","title":"Attempt to collect web server settings: 20.0.31.172","priority":"LOW"}}`
)

// testServer is the go-github style fixture: a mux behind a loopback
// server (plain http to 127.0.0.1 is allowed by HTTP-4), a client for it,
// and a count of requests that reached the server.
type testServer struct {
	client *Client
	mux    *http.ServeMux
	srv    *httptest.Server
	hits   *atomic.Int64
}

// setup starts the server and a client with the test key; opts come after
// the defaults, so they win.
func setup(t *testing.T, opts ...Option) *testServer {
	t.Helper()
	ts := &testServer{mux: http.NewServeMux(), hits: new(atomic.Int64)}
	ts.srv = httptest.NewServer(countHits(ts.hits, ts.mux))
	t.Cleanup(ts.srv.Close)
	ts.client = newTestClient(t, ts.srv.URL, opts...)
	return ts
}

func newTestClient(t *testing.T, baseURL string, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{
		WithAPIKey(func() string { return testKey }),
		WithUserAgent("sonar-tui/test"),
		WithClock(&fakeClock{}), // no real waits unless a test asks
		WithRand(func() float64 { return 0.5 }),
	}, opts...)
	c, err := New(baseURL, all...)
	if err != nil {
		t.Fatalf("New(%q): %v", baseURL, err)
	}
	return c
}

func countHits(n *atomic.Int64, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	})
}

// reply writes status, content type (none when ct is "-") and body.
func reply(w http.ResponseWriter, status int, ct, body string) {
	if ct == "-" {
		w.Header()["Content-Type"] = nil // stop net/http from sniffing one
	} else {
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(status)
	io.WriteString(w, body) // not fmt: no copy of an 11 MiB body in the heap figures

}

func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	if r.Method != want {
		t.Errorf("method = %s, want %s", r.Method, want)
	}
}

func testHeader(t *testing.T, r *http.Request, name, want string) {
	t.Helper()
	if got := r.Header.Get(name); got != want {
		t.Errorf("header %s = %q, want %q", name, got, want)
	}
}

func TestGetTicket_Request(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		if r.URL.RawPath != "" || r.URL.RawQuery != "" {
			t.Errorf("raw path %q query %q, want neither", r.URL.RawPath, r.URL.RawQuery)
		}
		testHeader(t, r, "Authorization", "Bearer "+testKey)
		testHeader(t, r, "Accept", "application/json")
		testHeader(t, r, "User-Agent", "sonar-tui/test")
		reply(w, 200, "application/json; charset=utf-8", ticketJSON)
	})
	tk, err := ts.client.GetTicket(context.Background(), strings.ToUpper(testGUID))
	if err != nil {
		t.Fatalf("GetTicket: %v", err)
	}
	if tk == nil || !tk.GUID.Is(testGUID) {
		t.Fatalf("GetTicket returned %+v, want the ticket %s", tk, testGUID)
	}
	if n := ts.hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestGetTicket_BasePathPrefix(t *testing.T) {
	for _, prefix := range []string{"/sonar", "/sonar/"} {
		ts := setup(t)
		ts.mux.HandleFunc("/sonar"+ticketPath, func(w http.ResponseWriter, r *http.Request) {
			reply(w, 200, "application/json", ticketJSON)
		})
		c := newTestClient(t, ts.srv.URL+prefix)
		if _, err := c.GetTicket(context.Background(), testGUID); err != nil {
			t.Errorf("base %s: %v", prefix, err)
		}
	}
}

// HTTP-15: bad ids never reach the server.
func TestGetTicket_InvalidIDsSendNothing(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s", r.URL)
	})
	for _, id := range badIDs {
		_, err := ts.client.GetTicket(context.Background(), id)
		var ge *GUIDError
		if !errors.Is(err, ErrInvalidGUID) || !errors.As(err, &ge) {
			t.Errorf("GetTicket(%q) error = %v, want *GUIDError", id, err)
		}
	}
	if n := ts.hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestGetTicket_URLForms(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", ticketJSON)
	})
	for _, in := range []string{
		"https://sonar.example.com/#/tickets/" + testGUID,
		"https://sonar.example.com/#/tickets/" + testGUID + "?tab=comments",
		"https://sonar.example.com/tickets/" + testGUID + "?tab=comments",
	} {
		if _, err := ts.client.GetTicket(context.Background(), in); err != nil {
			t.Errorf("GetTicket(%q): %v", in, err)
		}
	}
	if n := ts.hits.Load(); n != 3 {
		t.Errorf("server saw %d requests, want 3", n)
	}
}

func TestGetTicket_ResponseMapping(t *testing.T) {
	tests := []struct {
		name   string
		status int
		ct     string
		body   string
		check  func(t *testing.T, err error)
	}{
		{"ticket", 200, "application/json", ticketJSON, wantNil},
		{"null ticket is not found", 200, "application/json", `{"ticket": null}`, wantIs(ErrNotFound)},
		{"400 invalid guid", 400, "application/json",
			`{"error_code": "invalid-param-type", "error_msg": "guid should be guid type."}`,
			all(wantIs(ErrBadRequest), wantAPIError(400, "invalid-param-type", "guid should be guid type."), wantNot(ErrNotFound))},
		{"401 json", 401, "application/json", `{"error_code":"unauthorized","error_msg":"invalid api key"}`,
			all(wantIs(ErrUnauthorized), wantAs[*AuthError](), wantAPIError(401, "unauthorized", "invalid api key"))},
		{"403 html from a proxy", 403, "text/html", "<html>denied</html>",
			all(wantIs(ErrUnauthorized), wantUnexpected(403, "text/html", "<html>denied</html>"))},
		{"401 empty body", 401, "-", "", all(wantIs(ErrUnauthorized), wantUnexpected(401, "", ""))},
		{"500 ticket not found (Q1)", 500, "application/json",
			`{"error_code":"illegal-state","error_msg":"ticket not found: ` + testGUID + `"}`,
			all(wantIs(ErrNotFound), wantAPIError(500, "illegal-state", "ticket not found: "+testGUID))},
		{"500 no permission (Q2)", 500, "application/json", `{"error_code":"illegal-state","error_msg":"no-permission"}`,
			all(wantAPIError(500, "illegal-state", "no-permission"), wantNot(ErrNotFound), wantNot(ErrUnauthorized))},
		{"500 json without error_code", 500, "application/json", `{"message":"boom"}`,
			wantUnexpected(500, "application/json", `{"message":"boom"}`)},
		{"500 invalid json", 500, "application/json", `{"error_code":`, wantUnexpected(500, "application/json", `{"error_code":`)},
		{"404 is not a missing ticket", 404, "text/plain", "404 page not found",
			all(wantUnexpected(404, "text/plain", "404 page not found"), wantNot(ErrNotFound))},
		{"HTTP-8 200 html login page", 200, "text/html", "<html>login</html>",
			wantUnexpected(200, "text/html", "<html>login</html>")},
		{"200 without content type", 200, "-", ticketJSON, wantUnexpected(200, "", ticketJSON)},
		{"200 truncated json", 200, "application/json", ticketJSON[:40], wantAs[*DecodeError]()},
		{"200 invalid json", 200, "application/json", `{"ticket": nope}`, wantAs[*DecodeError]()},
		{"200 wrong shape", 200, "application/json", `[1,2]`, wantAs[*DecodeError]()},
		{"200 problem+json", 200, "application/vnd.sonar+json", ticketJSON, wantNil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
				reply(w, tt.status, tt.ct, tt.body)
			})
			tk, err := ts.client.GetTicket(context.Background(), testGUID)
			tt.check(t, err)
			if err != nil && tk != nil {
				t.Errorf("got a ticket along with error %v", err)
			}
			if n := ts.hits.Load(); n != 1 {
				t.Errorf("server saw %d requests, want 1 (no retry)", n)
			}
		})
	}
}

func wantNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("error = %v, want nil", err)
	}
}

func wantIs(target error) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, target) {
			t.Errorf("error = %v (%T), want errors.Is %v", err, err, target)
		}
	}
}

func wantNot(target error) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		if errors.Is(err, target) {
			t.Errorf("error = %v, want not errors.Is %v", err, target)
		}
	}
}

func wantAs[E error]() func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var e E
		if !errors.As(err, &e) {
			t.Errorf("error = %v (%T), want %T", err, err, e)
		}
	}
}

func wantAPIError(status int, code, msg string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var ae *APIError
		if !errors.As(err, &ae) {
			t.Fatalf("error = %v (%T), want *APIError", err, err)
		}
		if ae.Status != status || !ae.Code.Is(code) || !ae.Message.Is(msg) {
			t.Errorf("APIError = %d %q %q, want %d %q %q", ae.Status, esc(ae.Code), esc(ae.Message), status, code, msg)
		}
	}
}

func wantUnexpected(status int, ct, snippet string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var ue *UnexpectedResponseError
		if !errors.As(err, &ue) {
			t.Fatalf("error = %v (%T), want *UnexpectedResponseError", err, err)
		}
		if ue.Status != status || !ue.ContentType.Is(ct) || !ue.Snippet.Is(snippet) {
			t.Errorf("UnexpectedResponseError = %d %q %q, want %d %q %q",
				ue.Status, esc(ue.ContentType), esc(ue.Snippet), status, ct, snippet)
		}
	}
}

func all(checks ...func(*testing.T, error)) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		for _, c := range checks {
			c(t, err)
		}
	}
}

func TestNew_Options(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
	}{
		{"zero timeout", []Option{WithTimeout(0)}},
		{"negative size", []Option{WithMaxResponseSize(-1)}},
		{"ca_only without ca_file", []Option{WithCAOnly()}},
		{"bad pin", []Option{WithPinSHA256("sha256//abc")}},
		{"pin without prefix", []Option{WithPinSHA256("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")}},
		{"missing ca_file", []Option{WithCAFile("/nonexistent/ca.pem")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New("https://sonar.example.com", tt.opts...); err == nil {
				t.Error("New succeeded, want an error")
			}
		})
	}
	if _, err := New("https://sonar.example.com", WithTimeout(time.Second)); err != nil {
		t.Errorf("New with defaults: %v", err)
	}
}
