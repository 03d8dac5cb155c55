// Package errclasstest holds one example error of every errclass.Kind, as
// the client returns it, so that the classifier, the command line and the
// screens are tested against the same table and cannot drift apart.
package errclasstest

import (
	"context"
	"errors"
	"fmt"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/errclass"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Case is an error and the kind it must be classified as.
type Case struct {
	Name string
	Err  error
	Kind errclass.Kind
}

// Cases returns a fresh table: at least one error of every kind, plus the
// ones that used to be classified differently by the command line and the
// screens (a 403, a "no-permission" 500 with another error_code, a
// "ticket not found" 500, timeouts of every layer, a cancelled list).
func Cases() []Case {
	_, guidErr := api.ParseGUID("../../admin")
	apiErr := func(status int, code, msg string) *api.APIError {
		return &api.APIError{Status: status, Code: termsafe.Wrap(code), Message: termsafe.Wrap(msg)}
	}
	return []Case{
		{"nil", nil, errclass.None},
		{"cancelled", context.Canceled, errclass.Cancelled},
		{"cancelled fetch", &api.NetworkError{Op: "GET", Err: context.Canceled}, errclass.Cancelled},
		{"cancelled list", &api.NetworkError{Op: "list tickets", Err: fmt.Errorf("wrapped: %w", context.Canceled)}, errclass.Cancelled},
		{"invalid GUID", guidErr, errclass.InvalidGUID},
		{"bad query", &api.QueryError{Param: "limit", Reason: "5000 is outside 0 to 1000"}, errclass.BadQuery},
		{"insecure URL", &api.InsecureURLError{URL: "http://sonar.example.com"}, errclass.Config},
		{"bad base URL", fmt.Errorf("%w: cannot parse it", api.ErrInvalidBaseURL), errclass.Config},
		{"bad key characters", api.ErrInvalidAPIKey, errclass.Config},
		{"no certificates", fmt.Errorf("%w: ca.pem", api.ErrNoCertificates), errclass.Config},
		{"not found", api.ErrNotFound, errclass.NotFound},
		{"not found as 500", apiErr(500, "illegal-state", "ticket not found: 49272877-75f2-4c2f-9301-d21c4f9a106d"), errclass.NotFound},
		{"unauthorized", &api.AuthError{Status: 401, Err: apiErr(401, "unauthorized", "")}, errclass.Auth},
		{"unauthorized HTML", &api.AuthError{Status: 401, Err: &api.UnexpectedResponseError{Status: 401, ContentType: termsafe.Wrap("text/html")}}, errclass.Auth},
		{"forbidden", &api.AuthError{Status: 403, Err: apiErr(403, "forbidden", "")}, errclass.Permission},
		{"no permission", apiErr(500, "illegal-state", "no-permission"), errclass.Permission},
		{"no-permission with another code", apiErr(500, "internal-error", "no-permission"), errclass.Server},
		{"TLS", &api.TLSError{Host: "sonar", Kind: api.TLSUnknownAuthority, Err: errors.New("x509: unknown authority")}, errclass.TLS},
		{"TLS pin", &api.TLSError{Host: "sonar", Kind: api.TLSPinMismatch, Err: &api.PinMismatchError{Presented: "sha256//x"}}, errclass.TLS},
		{"deadline", fmt.Errorf("fetch: %w", context.DeadlineExceeded), errclass.Timeout},
		{"network timeout", &api.NetworkError{Op: "GET", Err: timeoutErr{}}, errclass.Timeout},
		{"network deadline", &api.NetworkError{Op: "read body", Err: context.DeadlineExceeded}, errclass.Timeout},
		{"connection refused", &api.NetworkError{Op: "GET", URL: "https://sonar", Err: errors.New("connection refused")}, errclass.Network},
		{"redirect", &api.RedirectError{From: "https://a", To: termsafe.Wrap("https://b"), Reason: "another host"}, errclass.Redirect},
		{"too large", fmt.Errorf("reading: %w", api.ErrResponseTooLarge), errclass.TooLarge},
		{"query refused", &api.InvalidArgumentError{Err: apiErr(400, "invalid-argument", "'offset' must be greater than or equal to 0.")}, errclass.Refused},
		{"bad request", apiErr(400, "invalid-param-type", "x"), errclass.Server},
		{"server error", apiErr(500, "illegal-state", "not-completed"), errclass.Server},
		{"HTML page", &api.UnexpectedResponseError{Status: 200, ContentType: termsafe.Wrap("text/html"), Snippet: termsafe.Wrap("<html>login</html>")}, errclass.Unexpected},
		{"decode", &api.DecodeError{Offset: 3, Err: errors.New("unexpected end")}, errclass.InvalidResponse},
		{"other", errors.New("something else"), errclass.Other},
	}
}

// timeoutErr is a net.Error timeout, as net/http reports a dial or
// response-header timeout.
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }
