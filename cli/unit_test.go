package cli

// In-process tests of the pieces Main is made of: argument parsing, the
// error-to-exit-code mapping and the demo history.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/history"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

func TestParseArgs(t *testing.T) {
	t.Parallel()
	g := sonartest.SeedGUID
	tests := []struct {
		name    string
		args    []string
		want    options
		wantErr string
	}{
		{name: "nothing", args: nil, want: options{}},
		{name: "GUID", args: []string{g}, want: options{target: g}},
		{name: "flags after the GUID", args: []string{g, "--plain", "--timeout", "2s"}, want: options{target: g, plain: true, timeout: 2 * time.Second}},
		{name: "flags around the GUID", args: []string{"--url=https://s.example", g, "-json"}, want: options{url: "https://s.example", target: g, json: true}},
		{name: "double dash", args: []string{"--plain", "--", "--not-a-flag"}, want: options{plain: true, target: "--not-a-flag"}},
		{name: "config command", args: []string{"--profile", "prod", "config"}, want: options{profile: "prod", command: cmdConfig}},
		{name: "fingerprint", args: []string{"fingerprint", "https://s.example", "--ca-file", "ca.pem"}, want: options{command: cmdFingerprint, target: "https://s.example", caFile: "ca.pem"}},
		{name: "help wins", args: []string{"--json", "--plain", "--help"}, want: options{json: true, plain: true, help: true}},
		{name: "help command", args: []string{"help"}, want: options{help: true}},
		{name: "demo", args: []string{"--demo", "--theme", "light"}, want: options{demo: true, theme: "light"}},
		{name: "unknown flag", args: []string{"--nope"}, wantErr: "unknown flag --nope"},
		{name: "flag without value", args: []string{g, "--url"}, wantErr: "flag needs an argument"},
		{name: "two targets", args: []string{g, g}, wantErr: "at most one"},
		{name: "timeout too long", args: []string{"--timeout", "1h"}, wantErr: "at most 10m0s"},
		{name: "plain without GUID", args: []string{"--plain"}, wantErr: "--plain needs"},
		{name: "demo with profile", args: []string{"--demo", "--profile", "x"}, wantErr: "--profile cannot be used with --demo"},
		{name: "fingerprint with url flag", args: []string{"fingerprint", "https://a", "--url", "https://b"}, wantErr: "--url cannot be used with fingerprint"},
		{name: "config with json", args: []string{"config", "--json"}, wantErr: "--json cannot be used with the config command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseArgs(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if exitCode(err) != ExitUsage {
					t.Errorf("exit code %d, want %d", exitCode(err), ExitUsage)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	_, guidErr := api.ParseGUID("../../admin")
	tests := []struct {
		name string
		err  error
		want ExitCode
	}{
		{name: "nil", err: nil, want: ExitOK},
		{name: "usage", err: usagef("x"), want: ExitUsage},
		{name: "invalid GUID", err: guidErr, want: ExitUsage},
		{name: "config", err: &configError{fmt.Errorf("%w: set SONAR_URL", config.ErrNoURL)}, want: ExitUsage},
		{name: "key file", err: &configError{&config.KeyFileError{Path: "k", Err: config.ErrKeyFileTooOpen}}, want: ExitUsage},
		{name: "not found", err: api.ErrNotFound, want: ExitNotFound},
		{name: "not found, named", err: &notFoundError{guid: "g", server: "h", err: api.ErrNotFound}, want: ExitNotFound},
		{name: "not found as 500", err: &api.APIError{Status: 500, Code: termsafe.Wrap("illegal-state"), Message: termsafe.Wrap("ticket not found: x")}, want: ExitNotFound},
		{name: "unauthorized", err: &api.AuthError{Status: 401, Err: errors.New("no")}, want: ExitAuth},
		{name: "no permission", err: &api.APIError{Status: 500, Code: termsafe.Wrap("illegal-state"), Message: termsafe.Wrap("no-permission")}, want: ExitAuth},
		{name: "other API error", err: &api.APIError{Status: 400, Code: termsafe.Wrap("invalid-param-type")}, want: ExitError},
		{name: "TLS", err: &api.TLSError{Host: "h", Err: errors.New("bad cert")}, want: ExitNetwork},
		{name: "network", err: &api.NetworkError{Op: "GET", Err: errors.New("refused")}, want: ExitNetwork},
		{name: "timeout", err: fmt.Errorf("x: %w", context.DeadlineExceeded), want: ExitNetwork},
		{name: "interrupted fetch", err: &api.NetworkError{Op: "GET", Err: context.Canceled}, want: ExitInterrupted},
		{name: "viewer interrupted", err: tea.ErrInterrupted, want: ExitInterrupted},
		{name: "viewer panic", err: fmt.Errorf("%w: %w", tea.ErrProgramKilled, tea.ErrProgramPanic), want: ExitError},
		{name: "HTML page", err: &api.UnexpectedResponseError{Status: 200, ContentType: termsafe.Wrap("text/html")}, want: ExitError},
		{name: "decode", err: &api.DecodeError{Offset: 3, Err: errors.New("eof")}, want: ExitError},
		{name: "too large", err: api.ErrResponseTooLarge, want: ExitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := exitCode(tt.err); got != tt.want {
				t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

// TestMessageEscapes: whatever an error quotes, stderr gets one line with
// no control character (TERM-13).
func TestMessageEscapes(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		usagef("unknown flag %s", "--\x1b]0;pwned\x07"),
		errors.New("a\nb\u202ec\u009b"),
	} {
		msg := message(err)
		if strings.ContainsFunc(msg, isControl) {
			t.Errorf("message(%q) = %q has a control character", err, msg)
		}
	}
}

func TestUsageListsEveryFlag(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	writeUsage(&b)
	newFlagSet(&options{}).VisitAll(func(f *flag.Flag) {
		if f.Name != "h" && !strings.Contains(b.String(), "--"+f.Name) {
			t.Errorf("--help does not list --%s", f.Name)
		}
		if strings.Contains(strings.ToLower(f.Name), "key") {
			t.Errorf("flag --%s looks like it takes the API key (HTTP-12)", f.Name)
		}
	})
}

func TestMainRecoversPanics(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	// A Stdout that panics, with the key in the panic value, stands in for
	// a bug anywhere below Main.
	code := Main(t.Context(), []string{"--version"}, Env{Stdout: panicWriter{}, Stderr: &stderr})
	if code != int(ExitError) || !strings.Contains(stderr.String(), "internal error") {
		t.Errorf("code %d, stderr %q", code, stderr.String())
	}
	if strings.Contains(stderr.String(), sentinelKey) || strings.Contains(stderr.String(), "boom") {
		t.Errorf("the panic value reached stderr: %q", stderr.String())
	}
}

type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("boom " + sentinelKey) }

func TestDemoHistory(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h := newDemoHistory(now)
	list, err := h.Load()
	if err != nil {
		t.Fatal(err)
	}
	fx := sonartest.Fixtures()
	if len(list) != len(fx) {
		t.Fatalf("%d entries, want one per fixture (%d)", len(list), len(fx))
	}
	for i, f := range fx {
		if list[i].GUID != f.GUID || !list[i].Title.Is(f.Name) || !list[i].Opened.Equal(now) {
			t.Errorf("entry %d = %+v, want fixture %s", i, list[i], f.Name)
		}
	}
	list, _ = h.Add(history.Entry{GUID: sonartest.HostileGUID, Title: termsafe.Wrap("\x1b[2J title from the server"), Opened: now})
	if list[0].GUID != sonartest.HostileGUID || !list[0].Title.Is("hostile_ticket") || len(list) != len(fx) {
		t.Errorf("after Add: first = %+v, %d entries", list[0], len(list))
	}
}

// lastErrModel stands for the viewer's final model.
type lastErrModel struct {
	tea.Model
	err error
}

func (m lastErrModel) LastError() error { return m.err }

// TestViewerExitsWithLastError: the viewer used to exit 0 after showing an
// authentication error; it exits with the code --plain gives for it.
func TestViewerExitsWithLastError(t *testing.T) {
	auth := &api.AuthError{Status: 401, Err: errors.New("boom")}
	cases := []struct {
		name  string
		final tea.Model
		err   error
		want  ExitCode
	}{
		{"auth error shown", guard{m: lastErrModel{err: auth}}, nil, ExitAuth},
		{"not found shown", guard{m: lastErrModel{err: api.ErrNotFound}}, nil, ExitNotFound},
		{"nothing shown", guard{m: lastErrModel{}}, nil, ExitOK},
		{"interrupted wins", guard{m: lastErrModel{err: auth}}, tea.ErrInterrupted, ExitInterrupted},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := exitCode(viewerErr(c.final, c.err)); got != c.want {
				t.Errorf("exit code %d, want %d", got, c.want)
			}
		})
	}
}
