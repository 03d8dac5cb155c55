package ui

import (
	"bytes"
	"encoding/base64"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"
)

func programDeps(g *fakeGetter, h *memHistory) Deps {
	return Deps{
		Getter:   g,
		Now:      func() time.Time { return testNow },
		Location: time.UTC,
		History:  h,
		Host:     "sonar.example.com",
	}
}

// screenWatcher replays the program's output in a terminal emulator: the
// renderer sends only changed cells, so only the emulated screen says what
// the analyst sees.
type screenWatcher struct {
	em  *vt.Emulator
	raw bytes.Buffer
}

func newWatcher(w, h int) *screenWatcher {
	em := vt.NewEmulator(w, h)
	// The emulator answers the program's startup queries (DECRQM 2026)
	// through a pipe; drain it or its writes block.
	go func() { _, _ = io.Copy(io.Discard, em) }()
	return &screenWatcher{em: em}
}

func (s *screenWatcher) waitFor(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	var scr string
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		b, _ := io.ReadAll(tm.Output())
		s.raw.Write(b)
		// Without a TTY the renderer writes bare "\n"; a terminal in raw
		// mode needs "\r\n", as the ONLCR line discipline would produce.
		_, _ = s.em.Write(bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
		scr = screenText(s.em)
		ok := true
		for _, w := range want {
			if !strings.Contains(scr, w) {
				ok = false
			}
		}
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("screen never showed %q:\n%s", want, scr)
}

func press(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
}

// TestKeyFlow drives the real Bubble Tea program: open, switch panes,
// search, copy (a real OSC 52 write), refresh, open another, quit.
func TestKeyFlow(t *testing.T) {
	g := newFakeGetter()
	sw := newWatcher(100, 30)
	waitFor := sw.waitFor
	tm := teatest.NewTestModel(t, New(programDeps(g, &memHistory{}), ""),
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))

	waitFor(t, tm, "Open a ticket")
	tm.Type(seedGUID)
	press(tm, "enter")
	waitFor(t, tm, "Attempt to collect web server settings", "Identity")

	press(tm, "tab")
	waitFor(t, tm, "Key facts")
	press(tm, "3")
	waitFor(t, tm, "Jerry")

	press(tm, "2", "/")
	tm.Type("null")
	press(tm, "enter")
	waitFor(t, tm, "1/14")

	press(tm, "y", "g")
	waitFor(t, tm, "copied GUID")
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(seedGUID))
	if !waitRaw(sw, tm, want) {
		t.Errorf("no OSC 52 write of the GUID in the output")
	}

	calls := g.callCount()
	press(tm, "r")
	deadline := time.Now().Add(5 * time.Second)
	for g.callCount() == calls && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g.callCount() != calls+1 {
		t.Fatalf("r did not refresh")
	}

	other := fixtureGUID(t, "sonar5")
	press(tm, "o")
	waitFor(t, tm, "Recent")
	tm.Type(other)
	press(tm, "enter")
	waitFor(t, tm, "T1190")

	press(tm, "q")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if final.guid != other || final.Screen() != "ready" {
		t.Errorf("final model: guid %s screen %s", final.guid, final.Screen())
	}
}

// lockedBuffer is an io.Writer safe for the program's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestTerminalRepliesAreNotKeys is TERM-10: bytes that look like terminal
// replies (an OSC 11 colour report, a cursor position report "2;5R") are
// not keys. Read as keys, "2" would switch panes and "R" toggle raw mode;
// with the copy menu open, they would copy.
func TestTerminalRepliesAreNotKeys(t *testing.T) {
	g := newFakeGetter()
	clip := &clipboard{}
	deps := programDeps(g, &memHistory{})
	deps.Copy = clip.copy
	in, inW := io.Pipe()
	out := &lockedBuffer{}
	p := tea.NewProgram(New(deps, seedGUID), tea.WithInput(in), tea.WithOutput(out),
		tea.WithWindowSize(100, 30), tea.WithoutSignals(), tea.WithColorProfile(colorprofile.Ascii))
	done := make(chan tea.Model, 1)
	go func() {
		m, err := p.Run()
		if err != nil {
			t.Error(err)
		}
		done <- m
	}()
	waitOut := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(out.String(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("output never showed %q", want)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitOut("Identity")
	write := func(s string) {
		if _, err := inW.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	write("y") // open the copy menu
	waitOut("copy:")
	write("\x1b]11;rgb:0000/0000/0000\x1b\\")
	write("\x1b[2;5R")
	write("\x1b[?62;22c")
	write("\x1bP1$r0m\x1b\\")
	p.Quit()
	var m Model
	select {
	case fm := <-done:
		m = fm.(Model)
	case <-time.After(10 * time.Second):
		t.Fatal("program did not stop")
	}
	inW.Close()
	if len(clip.text) != 0 {
		t.Errorf("a terminal reply copied %q", clip.text)
	}
	if m.active != summaryPane || m.panes[summaryPane].raw || m.overlay != overlayCopy {
		t.Errorf("a terminal reply acted as keys: pane %v raw %v overlay %v", m.active, m.panes[summaryPane].raw, m.overlay)
	}
}
