package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// hostile is server text with a clipboard-writing OSC 52, a C1 CSI, a bidi
// override, a newline and an invalid byte.
const hostile = "a\x1b]52;c;ZXZpbA==\x07b\u009b31m\u202e\nc\xff"

// TERM-13: every error prints escaped, on one line, whatever the server
// sent, and the sentinels match as documented.
func TestErrors_EscapedAndMatching(t *testing.T) {
	u := termsafe.Wrap(hostile)
	tests := []struct {
		name  string
		err   error
		is    []error
		isNot []error
	}{
		{"APIError 400", &APIError{Status: 400, Code: u, Message: u}, []error{ErrBadRequest}, []error{ErrNotFound, ErrUnauthorized}},
		{"APIError 500 ticket not found", &APIError{Status: 500, Code: termsafe.Wrap("illegal-state"),
			Message: termsafe.Wrap("ticket not found: " + hostile)}, []error{ErrNotFound}, []error{ErrBadRequest}},
		{"APIError 500 other code", &APIError{Status: 500, Code: termsafe.Wrap("other"),
			Message: termsafe.Wrap("ticket not found: x")}, nil, []error{ErrNotFound}},
		{"AuthError", &AuthError{Status: 401, Err: &APIError{Status: 401, Code: u, Message: u}}, []error{ErrUnauthorized}, []error{ErrBadRequest}},
		{"UnexpectedResponseError 400", &UnexpectedResponseError{Status: 400, ContentType: u, Snippet: u}, []error{ErrBadRequest}, nil},
		{"UnexpectedResponseError 200", &UnexpectedResponseError{Status: 200, Snippet: u}, nil, []error{ErrBadRequest, ErrNotFound}},
		{"GUIDError", &GUIDError{Input: u, Reason: "bad"}, []error{ErrInvalidGUID}, nil},
		{"RedirectError", &RedirectError{From: "https://a/", To: u, Reason: "r"}, []error{ErrRedirectRefused}, nil},
		{"TLSError pin", &TLSError{Host: "h", Kind: TLSPinMismatch,
			Err: &PinMismatchError{Expected: []string{"sha256//a"}, Presented: "sha256//b"}}, []error{ErrPinMismatch}, nil},
		{"TLSError wrapping x509 text", &TLSError{Host: "h", Err: errors.New(hostile)}, nil, []error{ErrPinMismatch}},
		{"NetworkError wrapping proxy text", &NetworkError{Op: "GET", URL: "https://h/", Err: errors.New(hostile)}, nil,
			[]error{context.DeadlineExceeded}},
		{"NetworkError timeout", &NetworkError{Op: "GET", Err: &net.OpError{Op: "dial", Err: timeoutErr{}}},
			[]error{context.DeadlineExceeded}, []error{context.Canceled}},
		{"NetworkError cancel", &NetworkError{Op: "GET", Err: context.Canceled}, []error{context.Canceled}, []error{context.DeadlineExceeded}},
		{"InsecureURLError", &InsecureURLError{URL: "http://" + hostile}, []error{ErrInsecureURL}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := tt.err.Error()
			if strings.ContainsAny(msg, "\x1b\x07\n\u009b\u202e") || strings.Contains(msg, "\xff") {
				t.Errorf("Error() holds raw controls: %q", msg)
			}
			for _, target := range tt.is {
				if !errors.Is(fmt.Errorf("wrapped: %w", tt.err), target) {
					t.Errorf("errors.Is(%v) = false, want true", target)
				}
			}
			for _, target := range tt.isNot {
				if errors.Is(tt.err, target) {
					t.Errorf("errors.Is(%v) = true, want false", target)
				}
			}
		})
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestErrors_AsThroughAuthError(t *testing.T) {
	var err error = &AuthError{Status: 403, Err: &UnexpectedResponseError{Status: 403}}
	var ue *UnexpectedResponseError
	if !errors.As(err, &ue) || ue.Status != 403 {
		t.Errorf("errors.As(UnexpectedResponseError) failed for %v", err)
	}
}

func TestErrors_Messages(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&APIError{Status: 400, Code: termsafe.Wrap("invalid-param-type"), Message: termsafe.Wrap("guid should be guid type.")},
			"sonar API error: HTTP 400 invalid-param-type: guid should be guid type."},
		{&UnexpectedResponseError{Status: 200, ContentType: termsafe.Wrap("text/html"), Snippet: termsafe.Wrap("<html>login</html>")},
			"unexpected response from server: HTTP 200 OK, content type text/html: <html>login</html>"},
		{&GUIDError{Input: termsafe.Wrap("1\x00"), Reason: "r"}, `invalid ticket GUID "1\x00": r`},
		{&PinMismatchError{Expected: []string{"sha256//A"}, Presented: "sha256//B"},
			"certificate pin mismatch: expected sha256//A, server presented sha256//B"},
		{&NetworkError{Op: "GET", URL: "https://h/x", Err: io.ErrUnexpectedEOF}, "GET https://h/x: unexpected EOF"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	long := &GUIDError{Input: termsafe.Wrap(strings.Repeat("é", 1000)), Reason: "r"}
	if msg := long.Error(); len(msg) > 120 || !strings.HasSuffix(msg, `…": r`) {
		t.Errorf("long input not clipped on a rune boundary: %q", msg)
	}
}

// TestAuthErrorWording: a 401 rejects the key; a 403 accepted it and the
// account lacks rights, and says so.
func TestAuthErrorWording(t *testing.T) {
	for _, c := range []struct {
		status int
		want   string
	}{
		{401, "rejected the API key"},
		{403, "the API key was accepted but lacks rights"},
	} {
		got := (&AuthError{Status: c.status, Err: &UnexpectedResponseError{Status: c.status}}).Error()
		if !strings.Contains(got, c.want) {
			t.Errorf("HTTP %d: %q lacks %q", c.status, got, c.want)
		}
		if c.status == 403 && strings.Contains(got, "rejected") {
			t.Errorf("HTTP 403 says rejected: %q", got)
		}
	}
}
