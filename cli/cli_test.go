package cli

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {sonartest.SeedGUID, "--help"}} {
		r := runCLI(t, baseEnv(t), args...)
		wantExit(t, r, ExitOK)
		for _, want := range []string{
			"SONAR_URL", "SONAR_API_KEY", "SONAR_API_KEY_FILE", "SONAR_API_KEY_ALLOW_GROUP_READABLE",
			"SONAR_PROFILE", "SONAR_CONFIG", "SONAR_THEME", "NO_COLOR", "XDG_CONFIG_HOME",
			"XDG_STATE_HOME", "HTTPS_PROXY", "NO_PROXY", "Exit codes", "config", "fingerprint",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%q: help lacks %q", args, want)
			}
		}
		for _, c := range exitCodes {
			if !regexp.MustCompile(`(?m)^ +` + strconv.Itoa(int(c.Code)) + `  ` + regexp.QuoteMeta(c.Desc) + `$`).MatchString(r.stdout) {
				t.Errorf("help lacks exit code %d", c.Code)
			}
		}
		// HTTP-12: no flag takes the key.
		for _, line := range strings.Split(r.stdout, "\n") {
			if f, ok := strings.CutPrefix(strings.TrimSpace(line), "--"); ok && strings.Contains(strings.ToLower(strings.Fields(f)[0]), "key") {
				t.Errorf("help lists a key flag: %q", line)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	r := runCLI(t, baseEnv(t), "--version")
	wantExit(t, r, ExitOK)
	if !regexp.MustCompile(`^sonar-tui \S.*\n$`).MatchString(r.stdout) {
		t.Errorf("--version printed %q", r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{name: "unknown flag", args: []string{"--frobnicate"}, stderr: "unknown flag --frobnicate"},
		{name: "key as a flag", args: []string{"--api-key", "x"}, stderr: "never given as a flag"},
		{name: "json without GUID", args: []string{"--json"}, stderr: "--json needs a ticket GUID"},
		{name: "two GUIDs", args: []string{sonartest.SeedGUID, sonartest.Sonar5GUID}, stderr: "at most one"},
		{name: "json and plain", args: []string{"--json", "--plain", sonartest.SeedGUID}, stderr: "cannot be used together"},
		{name: "bad theme", args: []string{"--theme", "blue"}, stderr: "--theme"},
		{name: "bad timeout", args: []string{"--timeout", "soon"}, stderr: "timeout"},
		{name: "negative timeout", args: []string{"--timeout", "-1s"}, stderr: "timeout"},
		{name: "demo with url", args: []string{"--demo", "--url", "https://x.example"}, stderr: "--url cannot be used with --demo"},
		{name: "config with GUID", args: []string{"config", sonartest.SeedGUID}, stderr: "config takes no argument"},
		{name: "fingerprint without URL", args: []string{"fingerprint"}, stderr: "fingerprint needs the server URL"},
		{name: "fingerprint of http", args: []string{"fingerprint", "http://127.0.0.1:1"}, stderr: "https URL"},
		{name: "viewer without a terminal nor GUID", args: nil, stderr: "not a terminal"},
		{name: "flag with control characters", args: []string{"--\x1b[2J"}, stderr: `\x1B[2J`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, sonarEnv(t, "https://sonar.example.com"), tt.args...)
			wantExit(t, r, ExitUsage)
			wantOneLine(t, r)
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.stderr)
			}
		})
	}
}

// TestFingerprint: the command prints the pin of the server's real
// certificate after a TLS handshake only: the handler never runs.
func TestFingerprint(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	ts := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(ts.Close)
	env := sonarEnv(t, ts.URL)
	for _, target := range []string{ts.URL, strings.TrimPrefix(ts.URL, "https://"), ts.URL + "/#/tickets/" + sonartest.SeedGUID} {
		r := runCLI(t, env, "fingerprint", target)
		wantExit(t, r, ExitOK)
		want := `pin_sha256 = "` + api.SPKIPin(ts.Certificate()) + `"`
		if !strings.Contains(r.stdout, want+"\n") {
			t.Errorf("%s: output lacks %s:\n%s", target, want, r.stdout)
		}
		for _, s := range []string{"Subject:", "Issuer:", "Valid until:", "Names (SANs):", "127.0.0.1", "does NOT verify"} {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("%s: output lacks %q", target, s)
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("handler ran %d times; fingerprint must not send HTTP requests", n)
	}
}
