package cli

import (
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api/errclass"
	"github.com/sonar-tui/sonar-tui/api/errclass/errclasstest"
)

// documentedExit is the exit code each kind of error ends with, as the
// README's table documents it.
var documentedExit = map[errclass.Kind]ExitCode{
	errclass.None:            ExitOK,
	errclass.Cancelled:       ExitInterrupted,
	errclass.InvalidGUID:     ExitUsage,
	errclass.BadQuery:        ExitUsage,
	errclass.Config:          ExitUsage,
	errclass.NotFound:        ExitNotFound,
	errclass.Auth:            ExitAuth,
	errclass.Permission:      ExitAuth,
	errclass.TLS:             ExitNetwork,
	errclass.Timeout:         ExitNetwork,
	errclass.Network:         ExitNetwork,
	errclass.Redirect:        ExitError,
	errclass.TooLarge:        ExitError,
	errclass.Refused:         ExitError,
	errclass.Server:          ExitError,
	errclass.Unexpected:      ExitError,
	errclass.InvalidResponse: ExitError,
	errclass.Other:           ExitError,
}

// TestExitCodeFollowsTheClassifier: every kind of error ends with its
// documented code, whether --plain printed it or the viewer showed it last
// (ui tests the screens over the same table).
func TestExitCodeFollowsTheClassifier(t *testing.T) {
	t.Parallel()
	for _, k := range errclass.Kinds() {
		if _, ok := documentedExit[k]; !ok {
			t.Errorf("kind %s has no documented exit code", k)
		}
	}
	for _, c := range errclasstest.Cases() {
		want := documentedExit[c.Kind]
		if got := exitCode(c.Err); got != want {
			t.Errorf("%s: exit code %d, want %d (%s)", c.Name, got, want, c.Kind)
		}
		if got := exitCode(viewerErr(guard{m: lastErrModel{err: c.Err}}, nil)); got != want {
			t.Errorf("%s: the viewer exits %d after showing it, want %d", c.Name, got, want)
		}
		if c.Err != nil && strings.TrimSpace(message(c.Err)) == "" {
			t.Errorf("%s: empty message", c.Name)
		}
	}
}
