package cli

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/errclass"
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

// exitCode is the one place errors become exit codes. The command line's
// own errors (usage, configuration, Bubble Tea's interrupts) come first;
// every other error is classified by errclass, as the screens do, and
// kindExit gives its code.
func exitCode(err error) ExitCode {
	var (
		usage *usageError
		cfg   *configError
	)
	switch {
	case err == nil:
		return ExitOK
	case interrupted(err):
		return ExitInterrupted
	case errors.As(err, &usage), errors.As(err, &cfg):
		return ExitUsage
	}
	return kindExit(errclass.Classify(err).Kind)
}

// kindExit is the exit code of each kind of error (the table above says
// what each code means).
func kindExit(k errclass.Kind) ExitCode {
	switch k {
	case errclass.None:
		return ExitOK
	case errclass.Cancelled:
		return ExitInterrupted
	case errclass.InvalidGUID, errclass.BadQuery, errclass.Config:
		return ExitUsage
	case errclass.NotFound:
		return ExitNotFound
	case errclass.Auth, errclass.Permission:
		return ExitAuth
	case errclass.TLS, errclass.Timeout, errclass.Network:
		return ExitNetwork
	}
	return ExitError
}

// interrupted is the command line's notion of "the user stopped it":
// a cancelled context, or Bubble Tea's interrupt or kill (not a panic).
func interrupted(err error) bool {
	return errclass.Classify(err).Kind == errclass.Cancelled || errors.Is(err, tea.ErrInterrupted) ||
		errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrProgramPanic)
}

// message is the one-line text printed for err on stderr: the error's own
// text, which names what was asked for, led by the classifier's title
// where the text does not say it already. Every error type of api and
// config already escapes what came from outside; passing the result
// through termsafe once more is the safety net for the rest (flag names,
// paths, wrapped errors of other packages), so that no control character
// reaches the terminal (TERM-13).
func message(err error) string {
	msg := err.Error()
	var (
		ue  *usageError
		ure *api.UnexpectedResponseError
	)
	if errors.As(err, &ue) {
		return oneLine(msg + " (see sonar-tui --help)")
	}
	c := errclass.Classify(err)
	switch c.Kind {
	case errclass.Cancelled:
		msg = "interrupted"
	case errclass.Permission:
		// A 403 says it already; Sonar's "no-permission" 500 does not.
		if !errors.Is(err, api.ErrUnauthorized) {
			msg = lowerFirst(c.Title) + ": " + msg + " (" + c.Hint + ")"
		}
	case errclass.Unexpected:
		// api keeps 2 KiB of the body; on a terminal, the start of it is
		// enough to recognise a proxy's login page. --debug has more.
		errors.As(err, &ure)
		snippet := termsafe.Escape(ure.Snippet, termsafe.SingleLine).Truncate(120, "…").Plain()
		ct := termsafe.Escape(ure.ContentType, termsafe.SingleLine).Plain()
		msg = fmt.Sprintf("the server did not answer like the Sonar API (a proxy or login page?): HTTP %d %s, content type \"%s\": %s",
			ure.Status, http.StatusText(ure.Status), ct, snippet)
	case errclass.Timeout:
		msg = "timed out: " + lowerFirst(c.Title) + " (a larger --timeout may help): " + msg
	case errclass.Network:
		msg = lowerFirst(c.Title) + ": " + msg
	}
	// Auth says which key source to check, TLS names the host, the failure
	// and the fix (ca_file, pin_sha256, tls_server_name, fingerprint), and
	// the others name what failed: their text stands alone.
	return oneLine(msg)
}

// lowerFirst is a title as the start of a sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
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
