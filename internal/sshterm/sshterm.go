// Package sshterm is the tests' SSH terminal: a session of the in-process
// x/crypto/ssh client with a PTY, its output drawn into a terminal
// emulator, so that a test reads the screen an analyst would see. The
// serve tests and the cli tests of `sonar-tui serve` share it.
package sshterm

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// HangGuard is how long a test waits for something that takes well under
// a second on an idle machine: a guard against a hang, not a speed
// assertion.
const HangGuard = 60 * time.Second

// Term is an interactive session drawn into a terminal emulator.
type Term struct {
	t     testing.TB
	sess  *gossh.Session
	stdin io.WriteCloser
	mu    sync.Mutex
	emu   *vt.Emulator
	raw   bytes.Buffer
	done  chan error    // the exit status
	eof   chan struct{} // all output has been read
}

// Open requests a PTY of w x h on c and starts the shell (the app).
func Open(t testing.TB, c *gossh.Client, w, h int) *Term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	x := &Term{t: t, sess: sess, stdin: stdin, emu: vt.NewEmulator(min(w, 600), min(h, 300)), done: make(chan error, 1), eof: make(chan struct{})}
	go func() { _, _ = io.Copy(io.Discard, x.emu) }() // the terminal's replies to queries
	go func() {
		defer close(x.eof)
		buf := make([]byte, 32<<10)
		for {
			n, err := stdout.Read(buf)
			if n > 0 {
				x.mu.Lock()
				x.raw.Write(buf[:n])
				_, _ = x.emu.Write(buf[:n])
				x.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { x.done <- sess.Wait() }()
	// The emulator is not closed: vt's Close races with the Read that
	// drains its replies, and the draining goroutine just stays blocked.
	t.Cleanup(func() { _ = sess.Close() })
	return x
}

// Screen is the emulator's text, one line per row.
func (x *Term) Screen() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	var b strings.Builder
	for y := range x.emu.Height() {
		var line strings.Builder
		for i := range x.emu.Width() {
			c := x.emu.CellAt(i, y)
			switch {
			case c == nil || c.Content == "":
				line.WriteByte(' ')
			case c.Width == 0:
			default:
				line.WriteString(c.Content)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// Extent is the last column (0-based) with a visible cell in any row, and
// the last row with one.
func (x *Term) Extent() (col, row int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	col, row = -1, -1
	for y := range x.emu.Height() {
		for i := range x.emu.Width() {
			if c := x.emu.CellAt(i, y); c != nil && strings.TrimSpace(c.Content) != "" {
				col, row = max(col, i), max(row, y)
			}
		}
	}
	return col, row
}

// Resize changes the emulator's size and sends the window change.
func (x *Term) Resize(w, h int) {
	x.t.Helper()
	x.mu.Lock()
	x.emu.Resize(min(w, 600), min(h, 300))
	x.mu.Unlock()
	if err := x.sess.WindowChange(h, w); err != nil {
		x.t.Fatal(err)
	}
}

// Raw is everything the session wrote, escape sequences included.
func (x *Term) Raw() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.raw.String()
}

// Type sends s as the analyst's keys.
func (x *Term) Type(s string) {
	x.t.Helper()
	if _, err := io.WriteString(x.stdin, s); err != nil {
		x.t.Fatal(err)
	}
}

// WaitFor polls until the screen shows want, and returns the screen.
func (x *Term) WaitFor(want string) string {
	x.t.Helper()
	return WaitUntil(x.t, HangGuard, fmt.Sprintf("screen shows %q", want), x.Screen, func(s string) bool { return strings.Contains(s, want) })
}

// Wait returns the session's exit error, once all its output is read.
func (x *Term) Wait() error {
	x.t.Helper()
	timeout := time.After(HangGuard)
	var err error
	select {
	case err = <-x.done:
	case <-timeout:
		x.t.Fatal("session did not end")
	}
	select {
	case <-x.eof:
	case <-timeout:
		x.t.Fatal("session output did not end")
	}
	return err
}

// WaitUntil polls get until ok accepts what it returns, for at most
// guard; then it fails the test with what it last got.
func WaitUntil(t testing.TB, guard time.Duration, what string, get func() string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(guard)
	var s string
	for time.Now().Before(deadline) {
		if s = get(); ok(s) {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting until %s; last:\n%s", what, s)
	return ""
}
