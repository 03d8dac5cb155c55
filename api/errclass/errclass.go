// Package errclass is the one place an error of the Sonar client is
// classified: what kind of failure it is, what to call it and what to do
// about it. The command line maps the Kind to its exit code and the
// screens show the Title and Hint, so a failure reads the same, and ends
// the same way, wherever it happens.
//
// Classify knows only the api package's errors. What belongs to one
// front end stays there: usage and configuration errors and Bubble Tea's
// interrupts are the command line's, retry keys are the screen's.
package errclass

import (
	"context"
	"errors"
	"net/http"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Kind is what went wrong, as far as the analyst (and a script branching
// on the exit code) cares.
type Kind uint8

// The kinds, in no particular order; Classify documents its own order.
const (
	None            Kind = iota // no error
	Cancelled                   // the request was cancelled (Ctrl+C, quit, a newer request)
	InvalidGUID                 // not a ticket GUID nor a URL holding one; nothing was sent
	BadQuery                    // a ticket list query refused before sending
	Config                      // the base URL, the API key or ca_file cannot be used; nothing was sent
	NotFound                    // the ticket does not exist (or this account cannot see it)
	Auth                        // the API key was rejected
	Permission                  // the key was accepted but its account lacks rights
	TLS                         // the TLS handshake failed; no request was sent
	Timeout                     // the server did not answer in time
	Network                     // the server could not be reached, or the connection broke
	Redirect                    // a redirect the client refused to follow
	TooLarge                    // the response exceeded the size cap
	Refused                     // the server refused a list query (400 invalid-argument)
	Server                      // any other documented Sonar error body
	Unexpected                  // an answer that is not the Sonar API (a proxy, a login page)
	InvalidResponse             // the API's content type, but not its JSON
	Other                       // anything else
)

var kindNames = [...]string{
	None: "none", Cancelled: "cancelled", InvalidGUID: "invalid GUID", BadQuery: "bad query",
	Config: "config", NotFound: "not found", Auth: "auth", Permission: "permission", TLS: "TLS",
	Timeout: "timeout", Network: "network", Redirect: "redirect", TooLarge: "too large",
	Refused: "refused", Server: "server", Unexpected: "unexpected", InvalidResponse: "invalid response",
	Other: "other",
}

// Kinds lists every kind, None first.
func Kinds() []Kind {
	out := make([]Kind, 0, len(kindNames))
	for k := range kindNames {
		out = append(out, Kind(k))
	}
	return out
}

// String names the kind, for tests and logs.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Class is an error as the analyst reads it.
type Class struct {
	Kind Kind
	// Title says what happened in a few words ("Permission denied").
	Title string
	// Hint says what to do; "" when there is nothing to do. It is safe
	// for a terminal (what it quotes from outside is escaped).
	Hint string
}

// Classify sorts err into its Class. Order matters and is written once,
// here: a cancelled request is also a *api.NetworkError, a 403 also
// matches api.ErrUnauthorized, a "ticket not found" is also an
// *api.APIError, and a refused list query wraps one too.
func Classify(err error) Class {
	var (
		apiErr  *api.APIError
		authErr *api.AuthError
		tlsErr  *api.TLSError
		netErr  *api.NetworkError
		unexp   *api.UnexpectedResponseError
		decErr  *api.DecodeError
		refused *api.InvalidArgumentError
		query   *api.QueryError
	)
	switch {
	case err == nil:
		return Class{Kind: None, Title: "No error"}
	case errors.Is(err, context.Canceled):
		return Class{Cancelled, "Cancelled", ""}
	case errors.Is(err, api.ErrInvalidGUID):
		return Class{InvalidGUID, "Not a ticket GUID", "a GUID looks like 49272877-75f2-4c2f-9301-d21c4f9a106d; a Sonar ticket URL works too"}
	case errors.As(err, &query):
		return Class{BadQuery, "Invalid ticket list query", "nothing was sent; change the filter"}
	case errors.Is(err, api.ErrInsecureURL), errors.Is(err, api.ErrInvalidBaseURL),
		errors.Is(err, api.ErrInvalidAPIKey), errors.Is(err, api.ErrNoCertificates):
		return Class{Config, "Configuration problem", "nothing was sent; `sonar-tui config` shows each setting and where it comes from"}
	case errors.Is(err, api.ErrNotFound):
		return Class{NotFound, "Ticket not found", "it may have been deleted, or this API key's account cannot see it"}
	case errors.As(err, &authErr) && authErr.Status == http.StatusForbidden, noPermission(err):
		// Sonar reports a missing role as HTTP 500 illegal-state
		// "no-permission", not 403 (docs/REFERENCE.md, Q2).
		return Class{Permission, "Permission denied", "the API key was accepted but its account lacks the role or ticket-repository rights for this"}
	case errors.Is(err, api.ErrUnauthorized):
		return Class{Auth, "Authentication failed", "check SONAR_API_KEY (or api_key_file / api_key_command); `sonar-tui config` shows where the key comes from"}
	case errors.As(err, &tlsErr):
		// The hint may name the host from the config: escaped like the rest.
		hint := termsafe.Trusted(tlsErr.Hint, termsafe.SingleLine).Plain()
		if hint == "" {
			hint = "for a self-signed Sonar appliance set ca_file, or pin its key: run `sonar-tui fingerprint URL` and set pin_sha256"
		}
		return Class{TLS, "TLS verification failed", hint}
	case errors.Is(err, context.DeadlineExceeded):
		// *api.NetworkError makes every kind of timeout match.
		return Class{Timeout, "The Sonar server did not answer in time", "raise `timeout` in the config (or --timeout) for a slow server"}
	case errors.Is(err, api.ErrRedirectRefused):
		return Class{Redirect, "Refused a redirect", "sonar-tui never follows a redirect to another scheme, host or port, so the API key cannot leak; point SONAR_URL at the final address"}
	case errors.Is(err, api.ErrResponseTooLarge):
		return Class{TooLarge, "The response is too large", "nothing partial is shown"}
	case errors.As(err, &refused):
		return Class{Refused, "The server refused the ticket list query", "the server's message above says which parameter"}
	case errors.As(err, &apiErr):
		title := "The Sonar server reported an error"
		if apiErr.Status >= 500 {
			title = "Sonar server error"
		}
		return Class{Server, title, "the error_code and error_msg above come from the server"}
	case errors.As(err, &unexp):
		return Class{Unexpected, "Unexpected response (not the Sonar API)", "a proxy or login page may be in the way; check SONAR_URL"}
	case errors.As(err, &decErr):
		return Class{InvalidResponse, "The server sent an invalid response", "nothing partial is shown; --debug FILE records the exchange"}
	case errors.As(err, &netErr):
		return Class{Network, "Cannot reach the Sonar server", "check SONAR_URL, the network and any proxy (HTTPS_PROXY / NO_PROXY)"}
	}
	return Class{Other, "Could not load from the Sonar server", ""}
}

// noPermission recognises how Sonar reports a role that may not do
// something: HTTP 500 illegal-state "no-permission" (the error_msg is
// compared exactly, as every documented one is).
func noPermission(err error) bool {
	var ae *api.APIError
	return errors.As(err, &ae) && ae.Code.Is("illegal-state") && ae.Message.Is("no-permission")
}
