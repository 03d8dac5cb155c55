//go:build linux

package main

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
)

// term is a program running on a pty whose output feeds an x/vt emulator,
// so the harness sees the screen an analyst would.
type term struct {
	w, h   int
	master *os.File
	cmd    *exec.Cmd
	emu    *vt.Emulator

	mu    sync.Mutex
	bytes int64     // everything the program wrote
	last  time.Time // when the last output arrived
	ready chan struct{}
	done  chan struct{} // closed when the program's output ends
}

func start(w, h int, env []string, name string, args ...string) (*term, error) {
	master, slave, err := openPTY(w, h)
	if err != nil {
		return nil, err
	}
	defer slave.Close()
	cmd := exec.Command(name, args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = sessionAttr()
	if err := cmd.Start(); err != nil {
		master.Close()
		return nil, err
	}
	t := &term{w: w, h: h, master: master, cmd: cmd, emu: vt.NewEmulator(w, h),
		ready: make(chan struct{}, 1), done: make(chan struct{})}
	go t.read()
	// The emulator answers the program's queries (cursor position, device
	// attributes) through its reply pipe, as a terminal does.
	go func() { _, _ = io.Copy(master, t.emu) }()
	return t, nil
}

func (t *term) read() {
	defer close(t.done)
	buf := make([]byte, 64<<10)
	for {
		n, err := t.master.Read(buf)
		if n > 0 {
			t.mu.Lock()
			_, _ = t.emu.Write(buf[:n])
			t.bytes += int64(n)
			t.last = time.Now()
			t.mu.Unlock()
			select {
			case t.ready <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// screen is the emulator's text, one line per row.
func (t *term) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var b strings.Builder
	for y := range t.h {
		for x := 0; x < t.w; x++ {
			c := t.emu.CellAt(x, y)
			switch {
			case c == nil || c.Content == "":
				b.WriteByte(' ')
			case c.Width == 0:
			default:
				b.WriteString(c.Content)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func (t *term) written() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bytes
}

var errTimeout = errors.New("timed out")

// waitFor waits until ok(screen) holds and returns when it first did.
func (t *term) waitFor(ok func(string) bool, timeout time.Duration) (time.Time, error) {
	deadline := time.After(timeout)
	for {
		if ok(t.screen()) {
			t.mu.Lock()
			at := t.last
			t.mu.Unlock()
			return at, nil
		}
		select {
		case <-t.ready:
		case <-t.done:
			if ok(t.screen()) {
				return t.last, nil
			}
			return time.Time{}, errors.New("the program ended")
		case <-deadline:
			return time.Time{}, errTimeout
		}
	}
}

// quiet waits until nothing has been written for d.
func (t *term) quiet(d time.Duration) {
	for {
		t.mu.Lock()
		idle := time.Since(t.last)
		t.mu.Unlock()
		if idle >= d {
			return
		}
		time.Sleep(d - idle)
	}
}

func (t *term) send(s string) { _, _ = t.master.WriteString(s) }

// key sends s and returns how long the screen took to change and how many
// bytes the program wrote for it (after the output settled).
func (t *term) key(s string, timeout time.Duration) (time.Duration, int64, error) {
	t.quiet(30 * time.Millisecond)
	before, n0 := t.screen(), t.written()
	t0 := time.Now()
	t.send(s)
	at, err := t.waitFor(func(scr string) bool { return scr != before }, timeout)
	if err != nil {
		return 0, 0, err
	}
	t.quiet(30 * time.Millisecond)
	return at.Sub(t0), t.written() - n0, nil
}

// close ends the program (politely with quit, then by its pid) and
// releases the pty.
func (t *term) close(quit string) {
	if quit != "" {
		t.send(quit)
	}
	exited := make(chan struct{})
	go func() { _ = t.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(3 * time.Second):
		_ = t.cmd.Process.Kill()
		<-exited
	}
	t.master.Close()
	t.emu.Close()
}
