// Package api is the client of the Logpresso Sonar REST API: Client, the
// typed Ticket and typed errors. It knows nothing of the terminal UI.
//
// The client follows SECURITY.md §2: TLS always verified (a CA file or an
// SPKI pin serves self-signed appliances), https only, no redirect off the
// base URL's origin, timeouts, a size cap on decoded bodies, bounded
// GET-only retries, and an API key that is added by the last RoundTripper
// and never printed. Text from the server reaches errors only as
// termsafe.Untrusted and is escaped when printed.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Body limits of HTTP-7 and HTTP-8.
const (
	defaultMaxBody = 10 << 20 // success bodies, after gzip decoding
	errorBodyLimit = 64 << 10 // error and non-JSON bodies; the rest is ignored
	snippetLimit   = 2 << 10  // body bytes kept in *UnexpectedResponseError
)

// Option configures New (and Fingerprint).
type Option func(*options)

type options struct {
	apiKey    func() string
	userAgent string
	headers   http.Header
	timeout   time.Duration
	maxBody   int64
	debug     io.Writer
	// tls.go
	caFile     string
	caOnly     bool
	serverName string
	pins       []string
	// retry.go
	clock  Clock
	rand   func() float64
	notify func(attempt, max int, wait time.Duration)
}

func defaultOptions() options {
	return options{
		userAgent: "sonar-tui",
		timeout:   defaultTimeout,
		maxBody:   defaultMaxBody,
		clock:     systemClock{},
		rand:      defaultRand,
	}
}

// WithAPIKey sets the function that returns the API key, called for every
// request so the key is held only where the caller keeps it. It is sent as
// "Authorization: Bearer <key>", only to the base URL's origin.
func WithAPIKey(key func() string) Option { return func(o *options) { o.apiKey = key } }

// KeySource is anything that reveals the API key on demand, such as
// config.Secret. Declared here so api does not import config.
type KeySource interface{ Reveal() string }

// WithKeySource is WithAPIKey(s.Reveal).
func WithKeySource(s KeySource) Option {
	return func(o *options) {
		if s != nil {
			o.apiKey = s.Reveal
		}
	}
}

// WithUserAgent sets the User-Agent, normally "sonar-tui/<version>".
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }

// WithHeader adds a header to every request, for gateways in front of
// Sonar. Like the key, it is sent only to the base URL's origin and masked
// in debug traces when its name looks secret.
func WithHeader(name, value string) Option {
	return func(o *options) {
		if o.headers == nil {
			o.headers = http.Header{}
		}
		o.headers.Add(name, value)
	}
}

// WithTimeout bounds each call as a whole, from the first dial to the last
// body byte, retries and the waits between them included (default 30 s):
// a Retry-After longer than what is left ends the call at the timeout.
// Dial and TLS handshake are also bounded by 10 s each and the wait for
// response headers by 20 s.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithMaxResponseSize caps a success body, counted after gzip decoding
// (default 10 MiB). Larger responses fail with ErrResponseTooLarge.
func WithMaxResponseSize(n int64) Option { return func(o *options) { o.maxBody = n } }

// TicketGetter is the method set the UI needs; *Client implements it and
// tests substitute a fake.
type TicketGetter interface {
	GetTicket(ctx context.Context, guidOrURL string) (*Ticket, error)
}

var _ TicketGetter = (*Client)(nil)

// Client talks to one Sonar server. It is safe for concurrent use.
type Client struct {
	base    *url.URL
	http    *http.Client
	ua      string
	timeout time.Duration
	maxBody int64
	clock   Clock
	rand    func() float64
	notify  func(attempt, max int, wait time.Duration)
	dlog    *debugLog
	mask    *masker
}

// New returns a client for the Sonar server at baseURL, such as
// https://sonar.example.com or https://host/prefix. baseURL must be https,
// or http to 127.0.0.0/8, ::1 or localhost (else *InsecureURLError); it
// must not contain credentials, a query or a fragment. Nothing is dialled
// here; CA file and pin errors are reported now.
func New(baseURL string, opts ...Option) (*Client, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	base, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	if o.timeout <= 0 || o.maxBody <= 0 || o.clock == nil || o.rand == nil {
		return nil, errors.New("api: timeout, response size, clock and rand must be set")
	}
	dlog, m := newDebugLog(o.debug), newMasker(&o)
	hc, err := newHTTPClient(&o, base, dlog, m)
	if err != nil {
		return nil, err
	}
	return &Client{
		base: base, http: hc, ua: o.userAgent, timeout: o.timeout, maxBody: o.maxBody,
		clock: o.clock, rand: o.rand, notify: o.notify, dlog: dlog, mask: m,
	}, nil
}

// BaseURL returns the server's base URL, for display.
func (c *Client) BaseURL() string { return c.base.String() }

// GetTicket fetches one ticket (GET /api/sonar/tickets/:guid). guidOrURL
// is a GUID or a Sonar web URL holding one (see ParseGUID); it is checked
// before any request. A missing ticket is ErrNotFound; other failures are
// the typed errors of this package.
func (c *Client) GetTicket(ctx context.Context, guidOrURL string) (*Ticket, error) {
	guid, err := ParseGUID(guidOrURL)
	if err != nil {
		return nil, err
	}
	req, err := c.newRequest(ctx, http.MethodGet, "api", "sonar", "tickets", guid)
	if err != nil {
		return nil, err
	}
	body, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	return decodeTicketResponse(body)
}

// newRequest builds a request for path segments below the base URL. Each
// segment goes through url.PathEscape and no dot-segment resolution is
// done, so a segment can neither add a path level nor start a query
// (HTTP-15), even for ids that were validated anyway.
func (c *Client) newRequest(ctx context.Context, method string, segments ...string) (*http.Request, error) {
	raw := strings.TrimSuffix(c.base.EscapedPath(), "/")
	for _, s := range segments {
		raw += "/" + url.PathEscape(s)
	}
	u := *c.base
	p, err := url.PathUnescape(raw)
	if err != nil {
		return nil, err
	}
	u.Path, u.RawPath = p, raw
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	return req, nil
}

// do sends req with the retry policy and returns the body of a 2xx JSON
// answer, or the typed error for anything else. The timeout covers the
// whole loop: what the user set with --timeout is how long they wait.
func (c *Client) do(ctx context.Context, req *http.Request) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	for attempt := 1; ; attempt++ {
		status, h, body, err := c.attempt(ctx, req)
		if err == nil {
			return body, nil
		}
		wait, retry := c.retryWait(attempt, status, h, err)
		if !retry || req.Method != http.MethodGet {
			return nil, err
		}
		if c.notify != nil {
			c.notify(attempt+1, maxAttempts, wait)
		}
		if f, ok := ctx.Value(retryNotifyKey{}).(func(int, int, time.Duration)); ok && f != nil {
			f(attempt+1, maxAttempts, wait)
		}
		c.dlog.printf("    retrying in %v (attempt %d/%d)\n", wait, attempt+1, maxAttempts)
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return nil, &NetworkError{Op: "wait before retry", URL: redactURL(req.URL),
				Err: fmt.Errorf("%w (the server asked to retry in %v; the timeout is %v)", err, wait, c.timeout)}
		}
	}
}

// attempt is one request, under do's deadline. status is 0 when no
// response arrived.
func (c *Client) attempt(ctx context.Context, req *http.Request) (int, http.Header, []byte, error) {
	resp, err := c.http.Do(req.Clone(ctx))
	if err != nil {
		return 0, nil, nil, wrapTransportError(req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := c.readBody(resp)
	if err != nil {
		if !errors.Is(err, ErrResponseTooLarge) {
			err = &NetworkError{Op: "read body", URL: redactURL(req.URL), Err: err}
		}
		return resp.StatusCode, resp.Header, nil, err
	}
	return resp.StatusCode, resp.Header, body, c.checkResponse(resp, body)
}

// readBody reads through a cap. resp.Body already yields decoded bytes when
// the server used gzip (net/http asked for it), so a gzip bomb stops at the
// cap, after max+1 decoded bytes, without inflating the rest.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	if resp.StatusCode/100 != 2 || !isJSON(resp.Header.Get("Content-Type")) {
		// Only a message comes out of these: keep the first 64 KiB, and
		// ignore read errors, because the status alone says what happened.
		b, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit))
		return b, nil
	}
	if resp.ContentLength > c.maxBody {
		return nil, tooLarge(c.maxBody)
	}
	b, err := readCapped(resp, c.maxBody)
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > c.maxBody {
		return nil, tooLarge(c.maxBody)
	}
	return b, nil
}

// readCapped reads at most limit+1 bytes. A declared length sizes the buffer
// once (io.ReadAll grows it step by step, allocating several times a 10 MiB
// body); the cap still applies to what arrives.
func readCapped(resp *http.Response, limit int64) ([]byte, error) {
	r := io.LimitReader(resp.Body, limit+1)
	if resp.ContentLength <= 0 {
		return io.ReadAll(r)
	}
	var buf bytes.Buffer
	buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, limit)
}

// checkResponse maps a response to nil (2xx JSON) or a typed error.
func (c *Client) checkResponse(resp *http.Response, body []byte) error {
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode/100 == 2 && isJSON(ct) {
		return nil
	}
	// From here on the body only feeds an error message, and an error page
	// may echo request headers: every text taken from it is masked
	// (HTTP-11), after decoding, since decoding JSON escapes can spell
	// the key anew.
	ct = c.mask.mask(ct)
	switch s := resp.StatusCode; {
	case s/100 == 2:
		// A captive portal's login page is not a ticket: don't parse it.
		return c.unexpectedResponse(s, ct, body)
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return &AuthError{Status: s, Err: c.errorFromBody(s, ct, body)}
	}
	return c.errorFromBody(resp.StatusCode, ct, body)
}

// errorFromBody returns *APIError for the documented error shape, else
// *UnexpectedResponseError (Q3: undocumented statuses may have any body).
func (c *Client) errorFromBody(status int, ct string, body []byte) error {
	if isJSON(ct) {
		var e struct {
			Code *string `json:"error_code"`
			Msg  *string `json:"error_msg"`
		}
		if json.Unmarshal(body, &e) == nil && e.Code != nil {
			ae := &APIError{Status: status, Code: termsafe.Wrap(c.mask.mask(*e.Code))}
			if e.Msg != nil {
				ae.Message = termsafe.Wrap(c.mask.mask(*e.Msg))
			}
			return ae
		}
	}
	return c.unexpectedResponse(status, ct, body)
}

// unexpectedResponse keeps the first 2 KiB of the body, masked. The cut is
// made on the server's bytes, after masking, so it cannot keep the start of
// a secret while dropping the rest.
func (c *Client) unexpectedResponse(status int, ct string, body []byte) error {
	return &UnexpectedResponseError{
		Status:      status,
		ContentType: termsafe.Wrap(ct),
		Snippet:     termsafe.Wrap(c.mask.maskHead(string(body), snippetLimit)),
	}
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}
