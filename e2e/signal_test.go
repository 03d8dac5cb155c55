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
	// The shell reports the exit status on the screen (exitMark): tmux's
	// own #{pane_dead_status} is sometimes never filled in when the pane's
	// terminal closes before tmux reaps the process.
	// prefix "exec" makes sonar-tui the pane's own process (the session
	// leader that gets SIGHUP when the terminal closes); otherwise a shell
	// runs it and prints its exit status.
	mark := exitMark
	if strings.HasSuffix(strings.TrimSpace(prefix), "exec") {
		mark = ""
	}
	cmd := prefix + " env -i HOME=" + home + " PATH=" + os.Getenv("PATH") +
		" TERM=xterm-256color TZ=UTC LANG=C.UTF-8 XDG_STATE_HOME=" + filepath.Join(home, "state") +
		" " + binary + " --demo " + sonartest.SeedGUID + mark
	x.cmd("-f", conf, "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", cmd)
	t.Cleanup(func() { _ = runTmux(x.socket, "kill-server") })
	x.waitFor("Attempt to collect web server settings")
	panePID := strings.TrimSpace(x.cmd("display", "-p", "-t", "e2e", "#{pane_pid}"))
	if mark == "" {
		pid, err := strconv.Atoi(panePID)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
		return x, pid
	}
	out, err := exec.Command("pgrep", "-P", panePID).Output()
	pid, err2 := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil || err2 != nil {
		t.Fatalf("no sonar-tui process under the pane's shell %s: %v %v", panePID, err, err2)
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
		{"plain start", "exec"},
		{"started with SIGHUP ignored", "trap '' HUP; exec"},
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
			status := x.paneExit()
			if alt := strings.TrimSpace(x.cmd("display", "-p", "-t", "e2e", "#{alternate_on}")); alt == "1" {
				t.Error("the terminal was left on the alternate screen")
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
