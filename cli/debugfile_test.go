//go:build unix

package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --debug FILE holds ticket content: it is created 0600, never through a
// symlink (which could point at a file the user did not mean, such as
// ~/.bashrc), and a file sonar-tui did not create is never truncated or
// chmodded: it is appended to if it is private, else refused.
func TestOpenDebug(t *testing.T) {
	t.Parallel()
	const old = "earlier trace\n"
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string) string // returns the path to pass
		wantErr string                                // "" = opened
		check   func(t *testing.T, path string)
	}{
		{name: "new file is created 0600", setup: func(t *testing.T, dir string) string {
			return filepath.Join(dir, "trace.log")
		}, check: wantFile("written\n", 0o600)},
		{name: "symlink to a file is refused", setup: func(t *testing.T, dir string) string {
			target := filepath.Join(dir, "target")
			mustWrite(t, target, old, 0o644)
			link := filepath.Join(dir, "trace.log")
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { wantFile(old, 0o644)(t, target) })
			return link
		}, wantErr: "symbolic link"},
		{name: "dangling symlink is refused and creates nothing", setup: func(t *testing.T, dir string) string {
			target := filepath.Join(dir, "target")
			link := filepath.Join(dir, "trace.log")
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("the symlink's target was created: %v", err)
				}
			})
			return link
		}, wantErr: "symbolic link"},
		{name: "existing private file is appended to", setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "trace.log")
			mustWrite(t, p, old, 0o600)
			return p
		}, check: wantFile(old+"written\n", 0o600)},
		{name: "existing readable file is refused, not chmodded", setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "trace.log")
			mustWrite(t, p, old, 0o644)
			t.Cleanup(func() { wantFile(old, 0o644)(t, p) })
			return p
		}, wantErr: "chmod 600"},
		{name: "a directory is refused", setup: func(t *testing.T, dir string) string {
			return dir
		}, wantErr: "--debug"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := tt.setup(t, t.TempDir())
			w, closeFn, err := openDebug(path, io.Discard)
			if tt.wantErr != "" {
				var ue *usageError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &ue) {
					t.Fatalf("openDebug = %v, want a usage error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(w, "written\n"); err != nil {
				t.Fatal(err)
			}
			closeFn()
			tt.check(t, path)
		})
	}
}

// "--debug -" traces to standard error; /dev/stderr is a symlink.
func TestOpenDebugStderr(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	w, closeFn, err := openDebug("-", &stderr)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(w, "x")
	closeFn()
	if stderr.String() != "x" {
		t.Errorf("stderr = %q", stderr.String())
	}
}

func mustWrite(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // past the umask
		t.Fatal(err)
	}
}

func wantFile(content string, mode os.FileMode) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != content || fi.Mode() != mode {
			t.Errorf("%s: %q mode %v, want %q mode %v", path, data, fi.Mode(), content, mode)
		}
	}
}
