package api

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Timeouts of HTTP-6. The overall timeout (WithTimeout) bounds one attempt
// from dial to the last body byte.
const (
	dialTimeout           = 10 * time.Second
	tlsHandshakeTimeout   = 10 * time.Second
	responseHeaderTimeout = 20 * time.Second
	defaultTimeout        = 30 * time.Second
	maxRedirects          = 3
)

// newHTTPClient assembles the stack. From the outside in:
//
//	http.Client   CheckRedirect: same origin only, at most 3 hops (HTTP-5)
//	authTransport adds Authorization (and WithHeader headers) to same-origin requests only
//	debugTransport (WithDebug) logs with secrets masked (HTTP-11)
//	http.Transport  DefaultTransport's settings, our timeouts, TLS and proxy
//
// The key is added below http.Client, so the requests the client keeps
// (redirect "via" lists, url.Error) never hold it.
func newHTTPClient(o *options, base *url.URL, dlog *debugLog, m *masker) (*http.Client, error) {
	tlsCfg, err := newTLSConfig(o)
	if err != nil {
		return nil, err
	}
	// Read the proxy settings now, per client: http.ProxyFromEnvironment
	// caches the environment for the process lifetime. httpproxy applies
	// the same rules (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, never loopback).
	proxy := httpproxy.FromEnvironment().ProxyFunc()
	// Field by field what http.DefaultTransport sets (not a Clone of it,
	// which another package may have replaced), plus HTTP-6 timeouts.
	var rt http.RoundTripper = &http.Transport{
		Proxy:                 func(r *http.Request) (*url.URL, error) { return proxy(r.URL) },
		DialContext:           (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   tlsHandshakeTimeout,
		ResponseHeaderTimeout: responseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       tlsCfg,
	}
	if dlog != nil {
		rt = &debugTransport{log: dlog, mask: m, next: rt}
	}
	org := originOf(base)
	rt = &authTransport{origin: org, key: o.apiKey, headers: o.headers, next: rt}
	return &http.Client{
		Transport: rt,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			return checkRedirect(org, req, via, m)
		},
	}, nil
}

// authTransport is the final RoundTripper that adds credentials.
type authTransport struct {
	origin  origin
	key     func() string
	headers http.Header
	next    http.RoundTripper
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if originOf(req.URL) != t.origin {
		// CheckRedirect stops this earlier; failing here as well means no
		// future code path can carry the key to another origin.
		return nil, &RedirectError{To: termsafe.Wrap(redactURL(req.URL)), Reason: "credentials are only sent to the base URL's origin"}
	}
	r := req.Clone(req.Context()) // a RoundTripper must not modify req
	for k, v := range t.headers {
		r.Header[k] = v
	}
	if t.key != nil {
		if key := t.key(); key != "" {
			if !validHeaderValue(key) {
				return nil, ErrInvalidAPIKey // saying nothing about the value (HTTP-11)
			}
			r.Header.Set("Authorization", "Bearer "+key)
		}
	}
	return t.next.RoundTrip(r)
}

func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// origin is scheme, host and port, the unit HTTP-5 compares. The port is
// explicit so https://h and https://h:443 are equal.
type origin struct{ scheme, host, port string }

func originOf(u *url.URL) origin {
	o := origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	if o.port == "" {
		switch o.scheme {
		case "https":
			o.port = "443"
		case "http":
			o.port = "80"
		}
	}
	return o
}

// checkRedirect refuses what Go's default policy allows: a change of port
// or scheme keeps Authorization, and any custom header goes to every host
// (SECURITY.md §2.1). The target is never contacted.
func checkRedirect(base origin, req *http.Request, via []*http.Request, m *masker) error {
	from := ""
	if len(via) > 0 {
		from = redactURL(via[len(via)-1].URL)
	}
	to := termsafe.Wrap(m.mask(redactURL(req.URL)))
	if originOf(req.URL) != base {
		return &RedirectError{From: from, To: to,
			Reason: "the target's scheme, host or port differs from the base URL"}
	}
	if len(via) > maxRedirects {
		return &RedirectError{From: from, To: to,
			Reason: fmt.Sprintf("more than %d redirects", maxRedirects)}
	}
	return nil
}

// parseBaseURL checks the base URL (HTTP-4): absolute, https, or http only to
// loopback; no userinfo (secrets go in headers), query or fragment.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse quotes the whole input, which may hold a password.
		return nil, fmt.Errorf("%w: cannot parse it", ErrInvalidBaseURL)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		return nil, fmt.Errorf("%w: %s: want https://host[:port][/path]", ErrInvalidBaseURL, redactURL(u))
	case u.User != nil:
		return nil, fmt.Errorf("%w: %s: credentials in the URL are not allowed; the API key is sent as a header",
			ErrInvalidBaseURL, redactURL(u))
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("%w: %s: remove the query and fragment", ErrInvalidBaseURL, redactURL(u))
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, &InsecureURLError{URL: redactURL(u)}
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// redactURL drops userinfo, query and fragment (HTTP-11): retry loggers
// and error messages have leaked credentials from URLs before.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User, c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = nil, "", false, "", ""
	return c.String()
}

// wrapTransportError maps an error from http.Client.Do to this package's
// types. The *url.Error layer is dropped because it repeats the full URL.
func wrapTransportError(op string, u *url.URL, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var re *RedirectError
	if errors.As(err, &re) {
		return re
	}
	if errors.Is(err, ErrInvalidAPIKey) {
		return ErrInvalidAPIKey
	}
	if te := classifyTLS(u.Host, err); te != nil {
		return te
	}
	return &NetworkError{Op: op, URL: redactURL(u), Err: err}
}
