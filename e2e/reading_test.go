package e2e

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// missingGUID is a well-formed GUID that no demo ticket has.
const missingGUID = "00000000-0000-4000-8000-000000000000"

// paneExit waits for the program in the pane to exit (remain-on-exit on)
// and returns its exit status.
func (x *tmux) paneExit() string {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		out, err := exec.Command("tmux", "-L", x.socket, "display-message", "-p", "-t", "e2e", "#{pane_dead} #{pane_dead_status}#{pane_dead_signal}").CombinedOutput()
		// The status may show a moment after the pane is marked dead.
		if st := strings.TrimSpace(strings.TrimPrefix(string(out), "1")); err == nil && strings.HasPrefix(string(out), "1") && st != "" {
			return st
		}
		time.Sleep(100 * time.Millisecond)
	}
	x.t.Fatalf("the program did not exit:\n%s", x.capture())
	return ""
}

// TestEscNeverQuitsUnderTmux is issue 7's reproduction in a real
// terminal: o, a GUID that is not found, Enter, then o, Esc exited the
// process. Esc goes back; the ticket stays.
func TestEscNeverQuitsUnderTmux(t *testing.T) {
	x := newTmux(t, 100, 30, "set -g default-terminal xterm-256color\nset -g remain-on-exit on\n", "--demo", sonartest.SeedGUID)
	x.waitFor("Attempt to collect web server settings")
	x.keys("o")
	x.waitFor("Open a ticket")
	x.cmd("send-keys", "-t", "e2e", "-l", missingGUID)
	x.keys("Enter")
	x.waitFor("No ticket with GUID " + missingGUID)
	x.keys("o")
	x.waitFor("Open a ticket")
	x.keys("Escape", "Escape", "Escape")
	time.Sleep(300 * time.Millisecond)
	x.waitFor("Attempt to collect web server settings")
	// The footer's message about the failed open gives way to the keys.
	scr := x.waitFor("q quit")
	if !strings.Contains(scr, "? help") {
		t.Errorf("footer lacks ? help:\n%s", scr)
	}
	x.keys("q")
	// The failed open was the last error shown: not found, 3.
	if got := x.paneExit(); got != "3" {
		t.Errorf("exit status %s, want 3 (ticket not found)", got)
	}
}

// TestViewerExitCodeUnderTmux: the viewer used to exit 0 after showing an
// error; it exits with the documented code of the last error shown.
func TestViewerExitCodeUnderTmux(t *testing.T) {
	x := newTmux(t, 100, 30, "set -g default-terminal xterm-256color\nset -g remain-on-exit on\n", "--demo", missingGUID)
	x.waitFor("No ticket with GUID")
	x.keys("q")
	if got := x.paneExit(); got != "3" {
		t.Errorf("exit status %s, want 3 (ticket not found)", got)
	}
}

// TestResizeUnderTmux: the comment at the top stays at the top when the
// terminal is resized.
func TestResizeUnderTmux(t *testing.T) {
	x := newTmux(t, 200, 60, "set -g default-terminal xterm-256color\n", "--demo", sonartest.LongThreadGUID)
	x.waitFor("Summary")
	x.keys("4")
	x.waitFor("▍1/60")
	for range 29 {
		x.cmd("send-keys", "-t", "e2e", "]")
	}
	x.waitFor("▍30/60")
	x.cmd("resize-window", "-t", "e2e", "-x", "80", "-y", "24")
	deadline := time.Now().Add(10 * time.Second)
	for {
		lines := strings.Split(x.capture(), "\n")
		if len(lines) > 3 && strings.Contains(lines[3]+lines[4]+lines[5], "▍30/60") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("comment 30 is not at the top after resizing to 80x24:\n%s", strings.Join(lines, "\n"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
