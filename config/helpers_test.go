package config

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// sentinel is the API key used wherever a test checks that the key never
// appears in output (SECURITY.md HTTP-11).
const sentinel = "key-SENTINEL-7f3a"

// envMap is an injected environment.
func envMap(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// writeFile writes content with exactly mode (WriteFile alone is subject
// to the umask).
func writeFile(t *testing.T, path, content string, mode os.FileMode) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// testInputs returns Inputs rooted in a fresh temporary home, with a runner
// that fails the test if it is called. The config dir is not created.
func testInputs(t *testing.T, kv ...string) Inputs {
	t.Helper()
	home := t.TempDir()
	return Inputs{
		Getenv:    envMap(kv...),
		ConfigDir: filepath.Join(home, ".config", "sonar-tui"),
		Home:      home,
		RunCommand: func(context.Context, string) ([]byte, error) {
			t.Error("api_key_command ran but should not have")
			return nil, errors.New("unexpected command")
		},
	}
}

// writeConfig writes the default config.toml (mode 0600) of in.
func writeConfig(t *testing.T, in Inputs, content string) string {
	t.Helper()
	return writeFile(t, filepath.Join(in.ConfigDir, "config.toml"), content, 0o600)
}

// fakeRunner records api_key_command calls and returns a canned result.
type fakeRunner struct {
	mu    sync.Mutex
	calls []string
	out   string
	err   error
	// wait makes the runner block until ctx is done, like a hung command.
	wait bool
}

func (f *fakeRunner) run(ctx context.Context, cmd string) ([]byte, error) {
	f.mu.Lock()
	f.calls = append(f.calls, cmd)
	f.mu.Unlock()
	if f.wait {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return []byte(f.out), f.err
}

func (f *fakeRunner) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// exitError returns a real *exec.ExitError carrying stderr, as the default
// runner produces.
func exitError(t *testing.T, stderr string) error {
	t.Helper()
	err := exec.Command("sh", "-c", "exit 3").Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("sh -c 'exit 3': %v", err)
	}
	ee.Stderr = []byte(stderr)
	return ee
}
