package ui

import (
	"context"
	"errors"
	"net/http"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// friendlyError is an error as the analyst reads it: what happened, the
// details, and what to do.
type friendlyError struct{ title, detail, hint string }

func isNotFound(err error) bool { return errors.Is(err, api.ErrNotFound) }

// friendly is the one place typed API errors become words. Error() strings
// of api errors already escape server text; they are escaped once more
// here because this is the last step before the screen.
func friendly(err error) friendlyError {
	detail := termsafe.Trusted(errText(err), termsafe.SingleLine).Plain()
	var (
		apiErr  *api.APIError
		tlsErr  *api.TLSError
		netErr  *api.NetworkError
		unexp   *api.UnexpectedResponseError
		decErr  *api.DecodeError
		redir   *api.RedirectError
		guidErr *api.GUIDError
		authErr *api.AuthError
	)
	switch {
	case err == nil:
		return friendlyError{title: "no error"}
	case errors.As(err, &guidErr):
		return friendlyError{"Not a ticket GUID", detail, "a GUID looks like 49272877-75f2-4c2f-9301-d21c4f9a106d; a Sonar ticket URL works too (o)"}
	case errors.As(err, &authErr) && authErr.Status == http.StatusForbidden:
		return friendlyError{"Permission denied", detail, "the API key was accepted but lacks rights: its account needs the role or ticket-repository rights for this ticket"}
	case errors.Is(err, api.ErrUnauthorized):
		return friendlyError{"Authentication failed", detail, "check SONAR_API_KEY (or api_key_file / api_key_command) and that the key's account may view this ticket; `sonar-tui config` shows where the key comes from"}
	case errors.As(err, &tlsErr):
		// The hint may name the host from the config: escape it like detail.
		hint := termsafe.Trusted(tlsErr.Hint, termsafe.SingleLine).Plain()
		if hint == "" {
			hint = "for a self-signed Sonar appliance set ca_file, or pin its key: run `sonar-tui fingerprint URL` and set pin_sha256"
		}
		return friendlyError{"TLS verification failed", detail, hint}
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netTimeout(netErr)):
		return friendlyError{"The server did not answer in time", detail, "press r to retry; raise `timeout` in the config for a slow server"}
	case errors.Is(err, context.Canceled):
		return friendlyError{"Cancelled", detail, ""}
	case errors.As(err, &redir):
		return friendlyError{"Refused a redirect", detail, "sonar-tui never follows a redirect to another scheme, host or port, so the API key cannot leak; point SONAR_URL at the final address"}
	case errors.Is(err, api.ErrResponseTooLarge):
		return friendlyError{"The response is too large", detail, "no partial ticket is shown"}
	case errors.As(err, &apiErr) && apiErr.Message.Is("no-permission"):
		// Sonar reports a missing role as HTTP 500 illegal-state (REFERENCE Q2).
		return friendlyError{"Permission denied", detail, "the API key's account lacks the role or ticket-repository rights for this ticket"}
	case errors.As(err, &apiErr):
		title := "The Sonar server reported an error"
		if apiErr.Status >= 500 {
			title = "Sonar server error"
		}
		return friendlyError{title, detail, "the error_code and error_msg above come from the server"}
	case errors.As(err, &unexp):
		return friendlyError{"Unexpected response (not the Sonar API)", detail, "a proxy or login page may be in the way; check SONAR_URL"}
	case errors.As(err, &decErr):
		return friendlyError{"The server sent an invalid ticket response", detail, ""}
	case errors.As(err, &netErr):
		return friendlyError{"Cannot reach the Sonar server", detail, "check SONAR_URL, the network and any proxy (HTTPS_PROXY / NO_PROXY)"}
	}
	return friendlyError{"Could not load the ticket", detail, ""}
}

func netTimeout(e *api.NetworkError) bool {
	var t interface{ Timeout() bool }
	return errors.As(e.Err, &t) && t.Timeout()
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
