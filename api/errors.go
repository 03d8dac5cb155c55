package api

// CONTRACT (extended by the client work): error values returned by the client.
//
// Every error type here can be printed to a terminal (TERM-13): whatever
// came from the server, the network or the user (error_code, error_msg,
// content types, body snippets, redirect targets, certificate names inside
// crypto/x509 messages) is escaped in Error(). None of them ever holds the
// API key (HTTP-11): the key lives only in the request built by the final
// RoundTripper, which no error keeps.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// ErrNotFound is returned when the server answers {"ticket": null}.
var ErrNotFound = errors.New("ticket not found")

// DecodeError is a response body that is not the JSON the API documents:
// truncated, invalid, or of the wrong shape.
type DecodeError struct {
	Offset int64 // byte offset in the body, -1 when not applicable
	Err    error
}

func (e *DecodeError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("invalid ticket response at byte %d: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("invalid ticket response: %v", e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Sentinels for errors.Is. The typed errors below match them; see each type.
var (
	// ErrInvalidGUID: the ticket id is not a GUID nor a URL holding one
	// (*GUIDError). No request was sent.
	ErrInvalidGUID = errors.New("invalid ticket GUID")
	// ErrBadRequest: the server answered HTTP 400 (*APIError or
	// *UnexpectedResponseError).
	ErrBadRequest = errors.New("bad request")
	// ErrUnauthorized: the server answered 401 or 403 (*AuthError).
	ErrUnauthorized = errors.New("not authorized")
	// ErrResponseTooLarge: the decoded success body exceeded the size cap
	// (HTTP-7). No partial ticket is returned.
	ErrResponseTooLarge = errors.New("response too large")
	// ErrInsecureURL: the base URL is plain http to a host that is not
	// loopback (*InsecureURLError).
	ErrInsecureURL = errors.New("insecure URL")
	// ErrInvalidBaseURL: the base URL cannot be used (not absolute, has
	// userinfo, a query or a fragment).
	ErrInvalidBaseURL = errors.New("invalid base URL")
	// ErrRedirectRefused: a redirect left the base URL's origin or there
	// were too many (*RedirectError).
	ErrRedirectRefused = errors.New("redirect refused")
	// ErrPinMismatch: the server key does not match pin_sha256
	// (*PinMismatchError, inside a *TLSError).
	ErrPinMismatch = errors.New("certificate pin mismatch")
	// ErrInvalidAPIKey: the key holds characters no HTTP header may carry
	// (a newline from a key file, say). No request was sent.
	ErrInvalidAPIKey = errors.New("the API key contains characters not allowed in an HTTP header")
	// ErrNoCertificates: ca_file is unreadable or holds no PEM certificate.
	ErrNoCertificates = errors.New("no certificates found in ca_file")
)

// GUIDError is a ticket id that ParseGUID rejected. Input is what the user
// typed or pasted (it may come from a clipboard holding anything).
type GUIDError struct {
	Input  termsafe.Untrusted
	Reason string
}

func (e *GUIDError) Error() string {
	// A pasted link may carry credentials in its user info, query or
	// fragment: they are not repeated.
	in := termsafe.Wrap(termsafe.RedactURL(termsafe.Unwrap(e.Input)))
	return fmt.Sprintf("invalid ticket GUID \"%s\": %s", clip(in, 80), e.Reason)
}

// Is matches ErrInvalidGUID.
func (e *GUIDError) Is(target error) bool { return target == ErrInvalidGUID }

// APIError is a documented Sonar error body {"error_code","error_msg"} with
// a non-2xx status. It matches ErrBadRequest for 400 and ErrNotFound for
// 500 illegal-state "ticket not found: <guid>" (REFERENCE Q1).
type APIError struct {
	Status  int
	Code    termsafe.Untrusted // error_code, e.g. "invalid-param-type"
	Message termsafe.Untrusted // error_msg, compared exactly (Q17)
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("sonar API error: HTTP %d %s", e.Status, esc(e.Code))
	if !e.Message.IsEmpty() {
		msg += ": " + esc(e.Message)
	}
	return msg
}

// Is matches ErrBadRequest and ErrNotFound as described on the type.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.Status == http.StatusBadRequest
	case ErrNotFound:
		// Sonar reports a missing ticket on every endpoint but Get Ticket
		// as 500 illegal-state; matching the prefix keeps callers simple.
		return e.Code.Is("illegal-state") &&
			strings.HasPrefix(termsafe.Unwrap(e.Message), "ticket not found: ")
	}
	return false
}

// AuthError is a 401 or 403 answer: the API key was rejected or lacks the
// rights. Err is the body as *APIError (documented JSON shape) or
// *UnexpectedResponseError (anything else), so errors.As reaches both.
type AuthError struct {
	Status int
	Err    error
}

func (e *AuthError) Error() string {
	if e.Status == http.StatusForbidden {
		// 403: the key was accepted; its account lacks the rights.
		return fmt.Sprintf("forbidden (HTTP 403): the API key was accepted but lacks rights: %v", e.Err)
	}
	return fmt.Sprintf("not authorized (HTTP %d): the server rejected the API key: %v", e.Status, e.Err)
}

// Is matches ErrUnauthorized.
func (e *AuthError) Is(target error) bool { return target == ErrUnauthorized }

func (e *AuthError) Unwrap() error { return e.Err }

// UnexpectedResponseError is an answer that is not the API's JSON: a
// non-JSON content type at any status (a login page from a captive proxy,
// HTTP-8), or an error status whose body lacks error_code. Snippet is at most
// the first 2 KiB of the body. It matches ErrBadRequest for 400.
type UnexpectedResponseError struct {
	Status      int
	ContentType termsafe.Untrusted
	Snippet     termsafe.Untrusted
}

func (e *UnexpectedResponseError) Error() string {
	ct := "no content type"
	if !e.ContentType.IsEmpty() {
		ct = "content type " + esc(e.ContentType)
	}
	msg := fmt.Sprintf("unexpected response from server: HTTP %d %s, %s", e.Status, http.StatusText(e.Status), ct)
	if !e.Snippet.IsEmpty() {
		msg += ": " + esc(e.Snippet)
	}
	return msg
}

// Is matches ErrBadRequest for status 400.
func (e *UnexpectedResponseError) Is(target error) bool {
	return target == ErrBadRequest && e.Status == http.StatusBadRequest
}

// NetworkError is a failure to talk to the server before or while reading a
// response: DNS, connect, reset, timeout, cancel. URL has no userinfo nor
// query. errors.Is(err, context.Canceled) and (for any timeout)
// errors.Is(err, context.DeadlineExceeded) hold.
type NetworkError struct {
	Op  string // "GET", "read body", "wait before retry", "dial"
	URL string
	Err error
}

func (e *NetworkError) Error() string {
	if e.URL == "" {
		return fmt.Sprintf("%s: %s", e.Op, errText(e.Err))
	}
	return fmt.Sprintf("%s %s: %s", e.Op, esc(termsafe.Wrap(e.URL)), errText(e.Err))
}

func (e *NetworkError) Unwrap() error { return e.Err }

// Timeout reports whether the error is a timeout (dial, handshake, response
// header, overall deadline).
func (e *NetworkError) Timeout() bool {
	if errors.Is(e.Err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(e.Err, &ne) && ne.Timeout()
}

// Is makes every kind of timeout match context.DeadlineExceeded, so callers
// need one check, whichever layer of net/http noticed the timeout.
func (e *NetworkError) Is(target error) bool {
	return target == context.DeadlineExceeded && e.Timeout()
}

// TLSErrorKind classifies a TLS failure so the UI can say what to do.
type TLSErrorKind uint8

// The TLS failure kinds.
const (
	TLSHandshake        TLSErrorKind = iota // any other handshake failure
	TLSUnknownAuthority                     // chain does not lead to a trusted root
	TLSHostnameMismatch                     // certificate not valid for the name
	TLSExpired                              // certificate expired or not yet valid
	TLSPinMismatch                          // key differs from pin_sha256
	TLSNotTLS                               // the server did not answer with TLS
)

func (k TLSErrorKind) String() string {
	switch k {
	case TLSUnknownAuthority:
		return "unknown authority"
	case TLSHostnameMismatch:
		return "hostname mismatch"
	case TLSExpired:
		return "certificate expired or not yet valid"
	case TLSPinMismatch:
		return "pin mismatch"
	case TLSNotTLS:
		return "not TLS"
	}
	return "handshake failure"
}

// TLSError is a failed TLS handshake. No HTTP request (and no API key) was
// sent. Hint says how to fix it (ca_file, tls_server_name, pin_sha256,
// `sonar-tui fingerprint URL`). It wraps the crypto/x509 or crypto/tls
// error, or a *PinMismatchError (errors.Is(err, ErrPinMismatch)).
type TLSError struct {
	Host string
	Kind TLSErrorKind
	Hint string
	Err  error
}

func (e *TLSError) Error() string {
	msg := fmt.Sprintf("TLS connection to %s failed: %s", esc(termsafe.Wrap(e.Host)), errText(e.Err))
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

func (e *TLSError) Unwrap() error { return e.Err }

// PinMismatchError: the key presented by the server is not the pinned one.
// Both values are "sha256//<base64>" computed by this client. sonar-tui
// never re-pins by itself: a changed key may be an attack.
type PinMismatchError struct {
	Expected  []string
	Presented string
}

func (e *PinMismatchError) Error() string {
	return fmt.Sprintf("certificate pin mismatch: expected %s, server presented %s",
		strings.Join(e.Expected, " or "), e.Presented)
}

// Is matches ErrPinMismatch.
func (e *PinMismatchError) Is(target error) bool { return target == ErrPinMismatch }

// RedirectError is a redirect the client refused to follow (HTTP-5): its
// target's scheme, host or port differs from the base URL, or there were
// more than 3 hops. The target was never contacted. To comes from the
// server's Location header.
type RedirectError struct {
	From   string
	To     termsafe.Untrusted
	Reason string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("refused redirect from %s to %s: %s",
		esc(termsafe.Wrap(e.From)), esc(e.To), e.Reason)
}

// Is matches ErrRedirectRefused.
func (e *RedirectError) Is(target error) bool { return target == ErrRedirectRefused }

// InsecureURLError is a base URL with plain http to a host that is not
// loopback: the API key would cross the network in clear text (HTTP-4).
type InsecureURLError struct {
	URL string // without userinfo and query
}

func (e *InsecureURLError) Error() string {
	return fmt.Sprintf("refusing insecure URL %s: use https (plain http is allowed only to 127.0.0.1, ::1 or localhost)",
		esc(termsafe.Wrap(e.URL)))
}

// Is matches ErrInsecureURL.
func (e *InsecureURLError) Is(target error) bool { return target == ErrInsecureURL }

// esc is the one way error text from outside reaches Error() (TERM-13).
func esc(u termsafe.Untrusted) string {
	return termsafe.Escape(u, termsafe.SingleLine).Plain()
}

// errText escapes a wrapped error's text: net/http and crypto/x509 messages
// can quote what a server or proxy sent (status lines, certificate names).
func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return esc(termsafe.Wrap(err.Error()))
}

// clip escapes at most n bytes of u, cut on a rune boundary, so a pasted
// megabyte does not become a megabyte of error message.
func clip(u termsafe.Untrusted, n int) string {
	s := termsafe.Unwrap(u)
	if len(s) <= n {
		return esc(u)
	}
	cut := n
	for cut > n-utf8.UTFMax && cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return esc(termsafe.Wrap(s[:cut])) + "…"
}
