package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock records waits instead of sleeping and advances its time.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

var fakeEpoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.IsZero() {
		c.now = fakeEpoch
	}
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	now := c.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = now.Add(d)
	return ctx.Err()
}

func (c *fakeClock) waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}

type step struct {
	status     int
	retryAfter string
	body       string
}

// HTTP-10 table; rand is fixed at 0.5, so backoff waits are half the
// ceiling (500 ms, 1 s, ...).
func TestRetryPolicy(t *testing.T) {
	ok := step{status: 200, body: ticketJSON}
	s503 := step{status: 503, body: `{"error_code":"unavailable","error_msg":"busy"}`}
	tests := []struct {
		name      string
		steps     []step
		wantCalls int
		wantWaits []time.Duration
		wantErr   error // nil: success
	}{
		{"503 then 200", []step{s503, ok}, 2, []time.Duration{250 * time.Millisecond}, nil},
		{"502 then 504 then 200", []step{{status: 502}, {status: 504}, ok}, 3,
			[]time.Duration{250 * time.Millisecond, 500 * time.Millisecond}, nil},
		{"429 Retry-After 2", []step{{status: 429, retryAfter: "2"}, ok}, 2, []time.Duration{2 * time.Second}, nil},
		{"Retry-After 86400 clamped", []step{{status: 503, retryAfter: "86400"}, ok}, 2, []time.Duration{60 * time.Second}, nil},
		{"Retry-After huge number", []step{{status: 503, retryAfter: "99999999999999999999999"}, ok}, 2, []time.Duration{60 * time.Second}, nil},
		{"Retry-After past date", []step{{status: 429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"}, ok}, 2, []time.Duration{0}, nil},
		{"Retry-After future date", []step{{status: 429, retryAfter: fakeEpoch.Add(7 * time.Second).Format(http.TimeFormat)}, ok},
			2, []time.Duration{7 * time.Second}, nil},
		{"Retry-After garbage uses backoff", []step{{status: 503, retryAfter: "soon"}, ok}, 2, []time.Duration{250 * time.Millisecond}, nil},
		{"401 not retried", []step{{status: 401}, ok}, 1, nil, ErrUnauthorized},
		{"403 not retried", []step{{status: 403}, ok}, 1, nil, ErrUnauthorized},
		{"400 not retried", []step{{status: 400, body: `{"error_code":"invalid-param-type","error_msg":"x"}`}, ok}, 1, nil, ErrBadRequest},
		{"404 not retried", []step{{status: 404}, ok}, 1, nil, &UnexpectedResponseError{}},
		{"500 not retried", []step{{status: 500, body: `{"error_code":"illegal-state"}`}, ok}, 1, nil, &APIError{}},
		{"four 503s", []step{s503, s503, s503, s503}, 3,
			[]time.Duration{250 * time.Millisecond, 500 * time.Millisecond}, &APIError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{}
			var notes []int
			ts := setup(t, WithClock(clock), WithRetryNotify(func(attempt, max int, wait time.Duration) {
				if max != 3 {
					t.Errorf("notify max = %d, want 3", max)
				}
				notes = append(notes, attempt)
			}))
			ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
				n := int(ts.hits.Load()) // this request included
				s := tt.steps[min(n-1, len(tt.steps)-1)]
				if s.retryAfter != "" {
					w.Header().Set("Retry-After", s.retryAfter)
				}
				reply(w, s.status, "application/json", s.body)
			})
			_, err := ts.client.GetTicket(context.Background(), testGUID)
			checkRetryErr(t, err, tt.wantErr)
			if calls := int(ts.hits.Load()); calls != tt.wantCalls {
				t.Errorf("calls = %d, want %d", calls, tt.wantCalls)
			}
			if got := clock.waits(); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
			if len(notes) != len(tt.wantWaits) || (len(notes) > 0 && notes[0] != 2) {
				t.Errorf("notify attempts = %v, want one per wait starting at 2", notes)
			}
		})
	}
}

func checkRetryErr(t *testing.T, err, want error) {
	t.Helper()
	switch w := want.(type) {
	case nil:
		if err != nil {
			t.Errorf("error = %v, want success", err)
		}
	case *APIError:
		if !errors.As(err, &w) {
			t.Errorf("error = %v, want *APIError", err)
		}
	case *UnexpectedResponseError:
		if !errors.As(err, &w) {
			t.Errorf("error = %v, want *UnexpectedResponseError", err)
		}
	default:
		if !errors.Is(err, want) {
			t.Errorf("error = %v, want %v", err, want)
		}
	}
}

// A connection closed before any response is retried.
func TestRetry_ConnectionReset(t *testing.T) {
	clock := &fakeClock{}
	ts := setup(t, WithClock(clock))
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		if ts.hits.Load() == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			conn.Close() // no status line at all
			return
		}
		reply(w, 200, "application/json", ticketJSON)
	})
	if _, err := ts.client.GetTicket(context.Background(), testGUID); err != nil {
		t.Fatalf("GetTicket: %v", err)
	}
	if calls := ts.hits.Load(); calls != 2 || len(clock.waits()) != 1 {
		t.Errorf("calls = %d, waits = %v; want 2 calls, 1 wait", calls, clock.waits())
	}
}

// Cancel during a Retry-After wait returns at once, with the real clock.
func TestRetry_CancelDuringWait(t *testing.T) {
	ts := setup(t, WithClock(systemClock{}))
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		reply(w, 503, "text/plain", "busy")
	})
	ctx, cancel := context.WithCancel(context.Background())
	var canceledAt time.Time
	time.AfterFunc(100*time.Millisecond, func() { canceledAt = time.Now(); cancel() })
	_, err := ts.client.GetTicket(ctx, testGUID)
	if d := time.Since(canceledAt); d > 50*time.Millisecond {
		t.Errorf("returned %v after cancel, want < 50ms", d)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if n := ts.hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := fakeEpoch
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"0", 0, true},
		{"2", 2 * time.Second, true},
		{" 5 ", 5 * time.Second, true},
		{"60", 60 * time.Second, true},
		{"61", 60 * time.Second, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"", 0, false},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{now.Add(time.Hour).Format(http.TimeFormat), 60 * time.Second, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

// A non-GET request is never retried, whatever the status.
func TestRetry_OnlyGET(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc("/api/sonar/x", func(w http.ResponseWriter, r *http.Request) { reply(w, 503, "text/plain", "") })
	req, err := ts.client.newRequest(context.Background(), http.MethodPost, "api", "sonar", "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.client.do(context.Background(), req); err == nil {
		t.Fatal("want an error")
	}
	if n := ts.hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

// WithTimeout bounds the whole call, waits between attempts included: a
// Retry-After of 60 s under a 300 ms timeout ends at the timeout, as a
// timeout, without a second request.
func TestTimeoutBoundsRetryWaits(t *testing.T) {
	ts := setup(t, WithTimeout(300*time.Millisecond), WithClock(systemClock{}))
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "60")
		reply(w, http.StatusServiceUnavailable, "text/plain", "busy")
	})
	done := make(chan error, 1)
	go func() {
		_, err := ts.client.GetTicket(context.Background(), testGUID)
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second): // a hang guard, not a speed budget
		t.Fatal("GetTicket still waiting 10 s later: the timeout does not bound the Retry-After wait")
	}
	var ne *NetworkError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ne) || !strings.Contains(err.Error(), "retry") {
		t.Errorf("error = %v, want a timeout during the wait before retrying", err)
	}
	if n := ts.hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

// TestContextRetryNotify: a notifier carried by the context hears only the
// retries of requests made with that context (one per SSH session).
func TestContextRetryNotify(t *testing.T) {
	clock := &fakeClock{}
	ts := setup(t, WithClock(clock))
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		if ts.hits.Load()%2 == 1 {
			reply(w, 503, "application/json", "")
			return
		}
		reply(w, 200, "application/json", ticketJSON)
	})
	var mine []int
	ctx := ContextWithRetryNotify(context.Background(), func(attempt, _ int, _ time.Duration) { mine = append(mine, attempt) })
	// Another session's request, also retried once: not this notifier's.
	if _, err := ts.client.GetTicket(context.Background(), testGUID); err != nil {
		t.Fatal(err)
	}
	if len(mine) != 0 {
		t.Fatalf("a request without the context notified it: %v", mine)
	}
	if _, err := ts.client.GetTicket(ctx, testGUID); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(mine, []int{2}) {
		t.Errorf("notices %v, want [2]", mine)
	}
}
