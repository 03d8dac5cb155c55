package api

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// debugSnippet is how much of each body the trace shows.
const debugSnippet = 512

// WithDebug writes a trace of every HTTP exchange to w: method, URL
// (without userinfo and query), status, duration, headers and the start of
// the body. Credentials never appear (HTTP-11): Authorization,
// Proxy-Authorization, Cookie, X-Api-Key and any header whose name speaks
// of auth, keys, tokens, secrets or sessions are masked ("Bearer
// <masked>"). Server text is escaped, so the trace is safe on a terminal.
// w may be shared with other goroutines' output: each record is one Write.
func WithDebug(w io.Writer) Option { return func(o *options) { o.debug = w } }

type debugLog struct {
	mu sync.Mutex
	w  io.Writer
}

func newDebugLog(w io.Writer) *debugLog {
	if w == nil {
		return nil
	}
	return &debugLog{w: w}
}

// printf writes one record; a nil *debugLog (no WithDebug) discards it.
func (l *debugLog) printf(format string, args ...any) {
	if l == nil {
		return
	}
	s := fmt.Sprintf(format, args...)
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = io.WriteString(l.w, s)
}

// debugTransport sits below authTransport so that it sees, and masks, the
// real Authorization header: proof in the trace that a key was sent,
// without the key.
type debugTransport struct {
	log  *debugLog
	mask *masker
	next http.RoundTripper
}

func (t *debugTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	var b strings.Builder
	fmt.Fprintf(&b, "--> %s %s\n", req.Method, esc(termsafe.Wrap(redactURL(req.URL))))
	writeHeaders(&b, req.Header, t.mask)
	t.log.printf("%s", b.String())

	resp, err := t.next.RoundTrip(req)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		t.log.printf("<-- error after %v: %s\n", took, esc(termsafe.Wrap(t.mask.mask(err.Error()))))
		return nil, err
	}
	b.Reset()
	fmt.Fprintf(&b, "<-- %d %s (%v) %s\n", resp.StatusCode, http.StatusText(resp.StatusCode), took,
		esc(termsafe.Wrap(redactURL(req.URL))))
	writeHeaders(&b, resp.Header, t.mask)
	t.log.printf("%s", b.String())
	resp.Body = &debugBody{ReadCloser: resp.Body, log: t.log, mask: t.mask}
	return resp, nil
}

// debugBody keeps the first bytes the client reads and logs them on Close,
// so tracing never reads more of a body than the client itself does (the
// size caps of HTTP-7 stay in charge).
type debugBody struct {
	io.ReadCloser
	log  *debugLog
	mask *masker
	head []byte
	n    int64
	once sync.Once
}

func (b *debugBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	// Keep enough past the cut to mask a secret that straddles it.
	if room := debugSnippet + b.mask.margin() - len(b.head); room > 0 {
		b.head = append(b.head, p[:min(n, room)]...)
	}
	b.n += int64(n)
	return n, err
}

func (b *debugBody) Close() error {
	b.once.Do(func() {
		shown := min(len(b.head), debugSnippet)
		head := b.mask.maskHead(string(b.head), shown)
		b.log.printf("    body: %d bytes read, first %d: %s\n", b.n, shown, esc(termsafe.Wrap(head)))
	})
	return b.ReadCloser.Close()
}

func writeHeaders(b *strings.Builder, h http.Header, m *masker) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range h[k] {
			fmt.Fprintf(b, "    %s: %s\n", esc(termsafe.Wrap(k)), maskHeader(k, m.mask(v)))
		}
	}
}

// secretWords mark header names whose values are credentials. Matching on
// words rather than a fixed list also covers headers added later
// (X-Api-Key, X-Auth-Token, X-Sonar-Session, ...).
var secretWords = []string{"auth", "cookie", "key", "token", "secret", "passw", "session", "credential", "signature"}

func isSecretHeader(name string) bool {
	l := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// authSchemes may be shown before <masked>: they say how, not what.
var authSchemes = []string{"basic", "bearer", "digest", "negotiate", "token", "apikey"}

// maskHeader returns the value to print for header k: masked when secret,
// otherwise escaped (response headers come from the server).
func maskHeader(k, v string) string {
	if !isSecretHeader(k) {
		if strings.EqualFold(k, "Location") || strings.EqualFold(k, "Content-Location") {
			if u, err := url.Parse(v); err == nil {
				v = redactURL(u) // like URLs in errors: no userinfo, no query
			}
		}
		return esc(termsafe.Wrap(v))
	}
	if scheme, _, ok := strings.Cut(v, " "); ok && slices.Contains(authSchemes, strings.ToLower(scheme)) {
		return scheme + " <masked>"
	}
	return "<masked>"
}
