package api

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry policy of HTTP-10. Sonar's rate limits are undocumented, so the
// client stays gentle: few attempts, jittered waits, and never a retry of
// an answer that will not change (400/401/403/404, and 500, which Sonar
// uses for "ticket not found" and missing permissions).
const (
	maxAttempts  = 3
	backoffBase  = 500 * time.Millisecond
	maxRetryWait = 60 * time.Second
)

// Clock is the time source of the retry loop; tests inject a fake one so
// waits are instant and can be asserted.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or returns ctx's error as soon as ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// WithClock replaces the system clock used for Retry-After dates and
// waits between attempts.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithRand replaces the jitter source; f returns a float in [0, 1).
func WithRand(f func() float64) Option { return func(o *options) { o.rand = f } }

// WithRetryNotify registers f, called before each wait with the number of
// the coming attempt, the maximum and the wait, so the UI can show
// "retrying in 2s (attempt 2/3)". It runs on the goroutine that called
// GetTicket.
func WithRetryNotify(f func(attempt, max int, wait time.Duration)) Option {
	return func(o *options) { o.notify = f }
}

// retryNotifyKey carries a per-call retry notifier in a context.
type retryNotifyKey struct{}

// ContextWithRetryNotify returns ctx carrying f, called like
// WithRetryNotify's function but only for requests made with this context
// (after the client-wide one, if any). A client shared by many SSH sessions
// uses it so that each retry notice reaches only the session that made
// the request.
func ContextWithRetryNotify(ctx context.Context, f func(attempt, max int, wait time.Duration)) context.Context {
	return context.WithValue(ctx, retryNotifyKey{}, f)
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryWait says whether attempt (1-based) may be followed by another and
// how long to wait first. status is 0 when no response arrived, and err is
// then the transport error.
func (c *Client) retryWait(attempt, status int, h http.Header, err error) (time.Duration, bool) {
	if attempt >= maxAttempts {
		return 0, false
	}
	switch {
	case status == 0 && retryableError(err):
	case status == http.StatusTooManyRequests, status == http.StatusBadGateway,
		status == http.StatusServiceUnavailable, status == http.StatusGatewayTimeout:
		if d, ok := parseRetryAfter(h.Get("Retry-After"), c.clock.Now()); ok {
			return d, true
		}
	default:
		return 0, false
	}
	// Full jitter (a random wait up to the exponential ceiling) spreads
	// clients that failed together.
	ceiling := min(backoffBase<<(attempt-1), maxRetryWait)
	return time.Duration(c.rand() * float64(ceiling)), true
}

// retryableError: a connection that failed before any response (refused,
// reset, closed). Not timeouts (the server may still be working on the
// first request, and the wait already hit the user), not cancels, not TLS
// or redirect refusals, not unknown host names: those won't change.
func retryableError(err error) bool {
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Timeout() || errors.Is(err, context.Canceled) {
		return false
	}
	var dns *net.DNSError
	return !errors.As(err, &dns) || !dns.IsNotFound
}

// parseRetryAfter reads delta-seconds or an HTTP-date, clamped to
// 0..maxRetryWait so a hostile or confused server cannot park the client.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	n, err := strconv.ParseUint(v, 10, 64)
	switch {
	case err == nil:
		d = maxRetryWait
		if n < uint64(maxRetryWait/time.Second) {
			d = time.Duration(n) * time.Second
		}
	case errors.Is(err, strconv.ErrRange):
		d = maxRetryWait
	default:
		t, err := http.ParseTime(v)
		if err != nil {
			return 0, false
		}
		d = t.Sub(now)
	}
	return max(0, min(d, maxRetryWait)), true
}

func defaultRand() float64 { return rand.Float64() }
