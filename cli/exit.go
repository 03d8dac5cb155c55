package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// ExitCode is the process exit status. Scripts branch on it, so the values
// are part of the interface: they are listed once here, and --help prints
// this table (exitCodes).
type ExitCode int

// The exit codes.
const (
	ExitOK       ExitCode = 0 // success
	ExitError    ExitCode = 1 // anything not listed below
	ExitUsage    ExitCode = 2 // bad flags or arguments, invalid GUID, or configuration problem
	ExitNotFound ExitCode = 3 // the ticket does not exist
	ExitAuth     ExitCode = 4 // API key rejected, or the account lacks permission
	ExitNetwork  ExitCode = 5 // connection, TLS or timeout
	// ExitInterrupted follows the shell convention 128+SIGINT, so a script
	// can tell "the user stopped it" from a failure.
	ExitInterrupted ExitCode = 130
)

// exitCodes is the table printed by --help, in order, and the README's
// (a test keeps it in step).
var exitCodes = []struct {
	Code ExitCode
	Desc string
}{
	{ExitOK, "success"},
	{ExitError, "any other error (unexpected server answer, invalid response, response too large)"},
	{ExitUsage, "usage or configuration error, or an invalid ticket GUID (nothing was sent)"},
	{ExitNotFound, "ticket not found"},
	{ExitAuth, "authentication or permission: the API key was rejected or lacks rights"},
	{ExitNetwork, "network, TLS or timeout"},
	{ExitInterrupted, "interrupted (Ctrl+C, SIGINT, SIGTERM, or SIGHUP when the terminal closes), in any phase"},
}

// usageError is a mistake on the command line. Its text is ours, but may
// quote arguments, so it is escaped like everything else when printed.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// configError marks a failure to load or apply the configuration
// (config.Load, api.New). The config and api packages have many error
// types for these; wrapping them where they are produced lets exitCode
// treat the whole class alike without listing every type.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// exitCode is the one place errors become exit codes. Order matters: an
// interrupted fetch is also a *api.NetworkError, and a configuration
// problem may wrap an api error.
func exitCode(err error) ExitCode {
	var (
		usage *usageError
		cfg   *configError
		tlsE  *api.TLSError
		netE  *api.NetworkError
	)
	switch {
	case err == nil:
		return ExitOK
	case interrupted(err):
		return ExitInterrupted
	case errors.As(err, &usage), errors.As(err, &cfg), errors.Is(err, api.ErrInvalidGUID):
		return ExitUsage
	case errors.Is(err, api.ErrNotFound):
		return ExitNotFound
	case errors.Is(err, api.ErrUnauthorized), noPermission(err):
		return ExitAuth
	case errors.As(err, &tlsE), errors.As(err, &netE), errors.Is(err, context.DeadlineExceeded):
		return ExitNetwork
	}
	return ExitError
}

func interrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, tea.ErrInterrupted) ||
		errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrProgramPanic)
}

// noPermission recognises how Sonar reports a role that may not read
// tickets: HTTP 500 illegal-state "no-permission", not 403 (REFERENCE.md
// Q2). The api package has no sentinel for it.
func noPermission(err error) bool {
	var ae *api.APIError
	return errors.As(err, &ae) && ae.Code.Is("illegal-state") && ae.Message.Is("no-permission")
}

// message is the one-line text printed for err on stderr. Every error type
// of api and config already escapes what came from outside; passing the
// result through termsafe once more is the safety net for the rest (flag
// names, paths, wrapped errors of other packages), so that no control
// character reaches the terminal (TERM-13).
func message(err error) string {
	msg := err.Error()
	var (
		ue   *usageError
		ure  *api.UnexpectedResponseError
		tlsE *api.TLSError
		netE *api.NetworkError
	)
	switch {
	case interrupted(err):
		msg = "interrupted"
	case errors.As(err, &ue):
		msg += " (see sonar-tui --help)"
	case noPermission(err):
		msg = "permission denied: the API key's account may not read this ticket (" + msg + ")"
	case errors.Is(err, api.ErrUnauthorized):
		// Says which key source to check; keep it whole.
	case errors.As(err, &ure):
		// api keeps 2 KiB of the body; on a terminal, the start of it is
		// enough to recognise a proxy's login page. --debug has more.
		snippet := termsafe.Escape(ure.Snippet, termsafe.SingleLine).Truncate(120, "…").Plain()
		ct := termsafe.Escape(ure.ContentType, termsafe.SingleLine).Plain()
		msg = fmt.Sprintf("the server did not answer like the Sonar API (a proxy or login page?): HTTP %d %s, content type \"%s\": %s",
			ure.Status, http.StatusText(ure.Status), ct, snippet)
	case errors.As(err, &tlsE):
		// Already names the host, the failure and the fix (ca_file,
		// pin_sha256, tls_server_name, fingerprint).
	case errors.Is(err, context.DeadlineExceeded):
		msg = "timed out waiting for the Sonar server (a larger --timeout may help): " + msg
	case errors.As(err, &netE):
		msg = "cannot reach the Sonar server: " + msg
	}
	return oneLine(msg)
}

// oneLine escapes msg for a terminal and keeps it on one line.
func oneLine(msg string) string {
	return strings.TrimSpace(termsafe.Trusted(msg, termsafe.SingleLine).Plain())
}

// keyRejectedError says where the rejected key came from, which is the
// first thing to check; api's error cannot know it.
type keyRejectedError struct {
	source string // e.g. "env SONAR_API_KEY"
	err    error
}

func (e *keyRejectedError) Error() string {
	return fmt.Sprintf("%v (the key came from %s)", e.err, e.source)
}
func (e *keyRejectedError) Unwrap() error { return e.err }

// notFoundError names the GUID that was asked for, which api.ErrNotFound
// alone does not.
type notFoundError struct {
	guid, server string
	err          error
}

func (e *notFoundError) Error() string {
	return fmt.Sprintf("ticket %s not found on %s", e.guid, e.server)
}
func (e *notFoundError) Unwrap() error { return e.err }

// exitCodeTable is exitCodes as the README's Markdown table.
func exitCodeTable() string {
	var b strings.Builder
	b.WriteString("| Code | Meaning |\n|---|---|\n")
	for _, c := range exitCodes {
		fmt.Fprintf(&b, "| %d | %s |\n", c.Code, c.Desc)
	}
	return b.String()
}
