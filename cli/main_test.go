package cli

// Tests in this file and in ticket_test.go run the real binary, built once
// in TestMain, against the fake Sonar server over loopback, and check what a
// user or a script sees: stdout, stderr and the exit code.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// sentinelKey is the API key every test server expects. runCLI fails the
// test if it appears in any output (SECURITY.md HTTP-11).
const sentinelKey = "key-SENTINEL-7f3a"

// binary is the sonar-tui executable built by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sonar-tui-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := 1
	if err := build(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
	} else {
		code = m.Run()
	}
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles the module's main package into dir, the way a user does.
func build(dir string) error {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	binary = filepath.Join(dir, "sonar-tui")
	cmd := exec.Command("go", "build", "-o", binary, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building sonar-tui: %v\n%s", err, out)
	}
	return nil
}

// result is what one run of the binary produced.
type result struct {
	stdout, stderr string
	code           int
	took           time.Duration
}

// baseEnv is a clean environment: PATH, and HOME and the XDG directories in
// a fresh temporary directory. Nothing is inherited from the developer's
// environment, so a real SONAR_API_KEY can neither leak in nor be used.
func baseEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	home := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"TZ=UTC",
	}
	return append(env, extra...) // later entries win in os/exec
}

// sonarEnv points the binary at url with the sentinel key.
func sonarEnv(t *testing.T, url string, extra ...string) []string {
	t.Helper()
	return baseEnv(t, append([]string{"SONAR_URL=" + url, "SONAR_API_KEY=" + sentinelKey}, extra...)...)
}

// runCLI runs the binary with exactly env and args. Stdin is empty and
// stdout/stderr are pipes, so the binary never sees a terminal.
func runCLI(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running sonar-tui %q: %v", args, err)
	}
	for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
		if strings.Contains(out, sentinelKey) {
			t.Errorf("sonar-tui %q: the API key appears on %s", args, name)
		}
	}
	return r
}

// startSonar serves a fake Sonar (all fixtures, the sentinel key) over
// plain http on loopback, which the client allows (HTTP-4).
func startSonar(t *testing.T, opts ...sonartest.Option) (*sonartest.Server, string) {
	t.Helper()
	s := sonartest.New(append([]sonartest.Option{sonartest.WithAPIKey(sentinelKey)}, opts...)...)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close) // runs first: releases requests held by latency faults
	return s, ts.URL
}

// wantExit reports a wrong exit code with everything needed to see why.
func wantExit(t *testing.T, r result, code ExitCode) {
	t.Helper()
	if r.code != int(code) {
		t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// wantOneLine checks the error contract: exactly one line on stderr, with
// no escape or other control character from anywhere (TERM-13).
func wantOneLine(t *testing.T, r result) {
	t.Helper()
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("stderr is not one line:\n%q", r.stderr)
	}
	if i := strings.IndexFunc(strings.TrimSuffix(r.stderr, "\n"), isControl); i >= 0 {
		t.Errorf("stderr has control character %q at byte %d: %q", r.stderr[i], i, r.stderr)
	}
}

// isControl matches C0, DEL, C1 and the bidi overrides.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}
