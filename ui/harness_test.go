package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// testNow is the injected clock: goldens say "3y ago" forever.
var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// fakeGetter serves the demo fixtures through the real decoder.
type fakeGetter struct {
	mu     sync.Mutex
	bodies map[string][]byte
	errs   map[string]error
	calls  []string
	block  chan struct{} // when set, GetTicket waits for it or ctx
	ctxErr error         // the context error seen by a blocked call
}

func newFakeGetter() *fakeGetter {
	g := &fakeGetter{bodies: map[string][]byte{}, errs: map[string]error{}}
	for _, f := range sonartest.Fixtures() {
		g.bodies[f.GUID] = f.Body
	}
	return g
}

func (g *fakeGetter) GetTicket(ctx context.Context, guid string) (*api.Ticket, error) {
	g.mu.Lock()
	g.calls = append(g.calls, guid)
	block, body, err := g.block, g.bodies[guid], g.errs[guid]
	g.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			g.mu.Lock()
			g.ctxErr = ctx.Err()
			g.mu.Unlock()
			return nil, ctx.Err()
		}
	}
	if err != nil {
		return nil, err
	}
	if body == nil {
		return nil, api.ErrNotFound
	}
	return api.DecodeResponse(body)
}

func (g *fakeGetter) callCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.calls)
}

// memHistory is an in-memory History.
type memHistory struct {
	mu   sync.Mutex
	list []Recent
}

func (h *memHistory) Load() ([]Recent, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Recent(nil), h.list...), nil
}

func (h *memHistory) Add(r Recent) ([]Recent, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := []Recent{r}
	for _, o := range h.list {
		if o.GUID != r.GUID {
			out = append(out, o)
		}
	}
	h.list = out
	return append([]Recent(nil), out...), nil
}

// clipboard records what the model copied.
type clipboard struct {
	mu   sync.Mutex
	text []string
}

func (c *clipboard) copy(s string) tea.Cmd {
	c.mu.Lock()
	c.text = append(c.text, s)
	c.mu.Unlock()
	return nil
}

func (c *clipboard) last() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.text) == 0 {
		return ""
	}
	return c.text[len(c.text)-1]
}

type harness struct {
	t     *testing.T
	m     tea.Model
	g     *fakeGetter
	clip  *clipboard
	hist  *memHistory
	quit  bool
	width int
	h     int
}

func newHarness(t *testing.T, guid string, w, h int, theme Theme, opts ...func(*Deps)) *harness {
	t.Helper()
	hs := &harness{t: t, g: newFakeGetter(), clip: &clipboard{}, hist: &memHistory{}, width: w, h: h}
	deps := Deps{
		Getter:   hs.g,
		Now:      func() time.Time { return testNow },
		Location: time.FixedZone("KST", 9*3600),
		Copy:     hs.clip.copy,
		History:  hs.hist,
		Host:     "sonar.example.com",
		Theme:    theme,
		Tick:     func(time.Duration, tea.Msg) tea.Cmd { return nil },
	}
	for _, o := range opts {
		o(&deps)
	}
	hs.m = New(deps, guid)
	hs.run(hs.m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// send delivers msg and runs every command it leads to, synchronously.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(msg)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			h.t.Fatal("command loop did not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(20 * time.Second):
			h.t.Fatal("a command did not return")
		}
		switch msg := msg.(type) {
		case nil, spinner.TickMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg, tea.InterruptMsg: // q, and ctrl+c (an interrupt: exit 130)
			h.quit = true
		default:
			if fmt.Sprintf("%T", msg) == "tea.sequenceMsg" {
				continue
			}
			var next tea.Cmd
			h.m, next = h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

func (h *harness) keys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// typeText sends each rune as a key press.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("unknown key " + k)
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

func (h *harness) model() Model { return h.m.(Model) }

// frame is the raw view content.
func (h *harness) frame() string { return h.m.View().Content }

// screen draws the frame in a terminal emulator and returns its text: what
// an analyst would see, wide characters and all.
func (h *harness) screen() string {
	return emulate(h.frame(), h.width, h.h)
}

func emulate(frame string, w, hgt int) string {
	// A view holds no terminal queries, so nothing is answered and the
	// emulator's reply pipe needs no reader.
	e := vt.NewEmulator(w, hgt)
	defer e.Close()
	// The emulator needs CR LF, as a real terminal in raw mode does.
	_, _ = e.Write([]byte(strings.ReplaceAll(frame, "\n", "\r\n")))
	return screenText(e)
}

// screenText is the emulator's screen as text, one line per row.
func screenText(e *vt.Emulator) string {
	w, hgt := e.Width(), e.Height()
	var b strings.Builder
	for y := range hgt {
		var line strings.Builder
		for x := 0; x < w; x++ {
			c := e.CellAt(x, y)
			if c == nil {
				line.WriteByte(' ')
				continue
			}
			if c.Width == 0 {
				continue
			}
			if c.Content == "" {
				line.WriteByte(' ')
				continue
			}
			line.WriteString(c.Content)
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// requireFits checks the frame has exactly h lines, none wider than w.
func requireFits(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if sw := ansi.StringWidth(l); sw > w {
			t.Errorf("line %d is %d cells wide, terminal is %d: %q", i, sw, w, ansi.Strip(l))
		}
	}
}

var errBoom = errors.New("boom")
