//go:build unix

package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// hangGuard bounds the wait for the viewer to end. It is not a speed
// budget: without the fix the process lived on for 20 minutes and more.
const hangGuard = 15 * time.Second

// startViewer runs the demo viewer in a private tmux server through sh,
// with prefix run first (e.g. "trap ” HUP;", as nohup does), and returns
// the tmux handle and the viewer's pid.
func startViewer(t *testing.T, prefix string) (*tmux, int) {
	t.Helper()
	needTmux(t)
	home := t.TempDir()
	x := &tmux{t: t, socket: fmt.Sprintf("sonar-sig-%d-%d", os.Getpid(), time.Now().UnixNano()), home: home}
	conf := filepath.Join(home, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set -g remain-on-exit on\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := prefix + " exec env -i HOME=" + home + " PATH=" + os.Getenv("PATH") +
		" TERM=xterm-256color TZ=UTC LANG=C.UTF-8 XDG_STATE_HOME=" + filepath.Join(home, "state") +
		" " + binary + " --demo " + sonartest.SeedGUID
	x.cmd("-f", conf, "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", cmd)
	t.Cleanup(func() { _ = runTmux(x.socket, "kill-server") })
	x.waitFor("Attempt to collect web server settings")
	pid, err := strconv.Atoi(strings.TrimSpace(x.cmd("display", "-p", "-t", "e2e", "#{pane_pid}")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	return x, pid
}

// gone waits until pid no longer exists.
func gone(pid int) bool {
	for deadline := time.Now().Add(hangGuard); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return true
		}
	}
	return false
}

// The viewer ends when its terminal goes away (SIGHUP), even when it was
// started with SIGHUP ignored, as under nohup: it used to outlive its
// closed terminal for 20 minutes and more.
func TestViewerEndsWithItsTerminal(t *testing.T) {
	for _, tt := range []struct{ name, prefix string }{
		{"plain start", ""},
		{"started with SIGHUP ignored", "trap '' HUP;"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x, pid := startViewer(t, tt.prefix)
			_ = runTmux(x.socket, "kill-server") // closes the pane's terminal
			if !gone(pid) {
				t.Fatalf("sonar-tui (pid %d) still running %v after its terminal closed", pid, hangGuard)
			}
		})
	}
}

// SIGTERM and SIGINT sent to the viewer end it with exit code 130, and the
// terminal is given back (main screen, cursor visible).
func TestViewerSignalsExit130(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			x, pid := startViewer(t, "")
			if err := syscall.Kill(pid, sig); err != nil {
				t.Fatal(err)
			}
			var status string
			for deadline := time.Now().Add(hangGuard); ; time.Sleep(50 * time.Millisecond) {
				out := strings.Fields(x.cmd("display", "-p", "-t", "e2e", "#{pane_dead} #{pane_dead_status} #{alternate_on}"))
				if len(out) >= 2 && out[0] == "1" {
					status = out[1]
					if len(out) == 3 && out[2] == "1" {
						t.Error("the terminal was left on the alternate screen")
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("sonar-tui still running %v after %v", hangGuard, sig)
				}
			}
			if status != "130" {
				t.Errorf("exit status %s after %v, want 130; screen:\n%s", status, sig, x.capture())
			}
		})
	}
}

// runTmux runs a tmux command on socket, for cleanups that must not fail
// the test.
func runTmux(socket string, args ...string) error {
	return exec.Command("tmux", append([]string{"-L", socket}, args...)...).Run()
}
