package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// queueTotal matches the queue header's count, e.g. "229 tickets".
var queueTotal = regexp.MustCompile(`· ([0-9,]+) tickets`)

// waitForQueue waits for the queue's first page: the header's count.
func (x *tmux) waitForQueue() string {
	x.t.Helper()
	deadline := time.Now().Add(15 * time.Second) // a hang guard
	for time.Now().Before(deadline) {
		if scr := x.capture(); queueTotal.MatchString(scr) {
			return scr
		}
		time.Sleep(100 * time.Millisecond)
	}
	x.t.Fatalf("the queue never showed its ticket count:\n%s", x.capture())
	return ""
}

// TestQueueUnderTmux: `sonar-tui --demo` without a GUID opens the queue of
// open tickets; Enter opens the selected one in the four panes, J moves to
// the next ticket of the queue, Esc comes back to the queue, q quits.
func TestQueueUnderTmux(t *testing.T) {
	x := newTmux(t, 120, 36, "set -g default-terminal xterm-256color\nset -g remain-on-exit on\n", "--demo")
	scr := x.waitForQueue()
	for _, closed := range []string{" CLOSED ", " APPROVED "} {
		if strings.Contains(scr, closed) {
			t.Errorf("the default queue shows a%s ticket (open tickets only):\n%s", closed, scr)
		}
	}
	x.keys("Enter")
	x.waitFor("Summary")
	first := x.waitFor("Comments")
	x.keys("J")
	x.waitFor("Comments")
	if x.capture() == first {
		t.Errorf("J did not open the next ticket of the queue")
	}
	x.keys("Escape")
	time.Sleep(300 * time.Millisecond) // a lone ESC, not alt+ the next key
	x.waitForQueue()
	x.keys("q")
	if got := x.paneExit(); got != "0" {
		t.Errorf("exit status %s, want 0", got)
	}
}

// TestListOnATerminalOpensTheQueue: `sonar-tui list` with filters on a
// terminal opens the queue screen with those filters, not printed lines.
func TestListOnATerminalOpensTheQueue(t *testing.T) {
	x := newTmux(t, 120, 36, "set -g default-terminal xterm-256color\nset -g remain-on-exit on\n",
		"--demo", "list", "--status", "new", "--priority", "high")
	scr := x.waitForQueue()
	rows := 0
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "HIGH") && strings.Contains(l, "NEW") {
			rows++
		}
		for _, other := range []string{"MEDIUM", "LOW", "ASSIGNED", "IN PROGRESS", "SUBMITTED"} {
			if strings.Contains(l, " "+other+" ") {
				t.Errorf("row outside the filters: %q", l)
			}
		}
	}
	if rows == 0 {
		t.Fatalf("no HIGH NEW rows on the queue screen:\n%s", scr)
	}
	time.Sleep(300 * time.Millisecond) // let the start-up terminal replies settle
	x.keys("q")
	if got := x.paneExit(); got != "0" {
		t.Errorf("exit status %s, want 0", got)
	}
}
