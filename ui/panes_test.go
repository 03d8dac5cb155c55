package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// fakeKind is a pane that exists only in this test: a pane is its type
// plus its place in the list of panes, and nothing else.
type fakeKind struct {
	basePane
	act   key.Binding
	shout *bool // its own state, which X toggles
}

func newFakeKind() fakeKind {
	return fakeKind{act: oneKey("X", "fake action (fakes)"), shout: new(bool)}
}

func (fakeKind) name() string { return "Fakes" }

func (fakeKind) tab(t *api.Ticket) string {
	if t == nil {
		return "Fakes"
	}
	return fmt.Sprintf("Fakes (%d)", len(t.Comments))
}

func (f fakeKind) input(_ pageState, in *buildIn) { in.key.own = *f.shout }

func (fakeKind) build(in buildIn) buildOut {
	id := termsafe.Escape(in.t.ID.Text(), termsafe.SingleLine).Plain()
	if in.key.raw {
		return buildOut{lines: []string{"raw fake lines of #" + id}}
	}
	lines := []string{"fake line one of #" + id, "fake line two"}
	if shout, _ := in.key.own.(bool); shout {
		for i := range lines {
			lines[i] = strings.ToUpper(lines[i])
		}
	}
	return buildOut{lines: lines}
}

func (f fakeKind) keys() []key.Binding { return []key.Binding{f.act} }

func (f fakeKind) update(m *Model, msg tea.KeyPressMsg, active bool) (bool, tea.Cmd) {
	if active && key.Matches(msg, f.act) {
		*f.shout = !*f.shout
		return true, tea.Batch(m.rebuild(), m.flash("the fake pane's own key"))
	}
	return false, nil
}

func withFake(d *Deps) { d.panes = append(defaultPanes(), newFakeKind()) }

// TestOnePlaceAddsAPane: a pane registered in the list of panes, and
// nowhere else, has a tab (with its count, clickable), a number key, a
// place in tab order, its own key (only on its pane), the shared pager
// keys, a column in `?`, rows in the README table and a --plain section.
func TestOnePlaceAddsAPane(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark, withFake)
	n := len(h.model().ticket.Comments)
	tab := fmt.Sprintf("Fakes (%d)", n)

	// The tab bar, and the number key that follows the panes.
	if !strings.Contains(h.screen(), "Comments ("+fmt.Sprint(n)+") · "+tab) {
		t.Fatalf("no %q tab after Comments:\n%s", tab, h.screen())
	}
	h.keys("5")
	if got := h.model().active; got != 4 {
		t.Fatalf("5: active pane %d, want 4 (the fake)", got)
	}
	if scr := h.screen(); !strings.Contains(scr, "fake line one of #2") {
		t.Fatalf("the fake pane's lines are not shown:\n%s", scr)
	}

	// Tab order wraps through it.
	h.keys("tab")
	if got := h.model().active; got != summaryPane {
		t.Errorf("tab from the fake pane: %v, want Summary", got)
	}
	h.keys("shift+tab")
	if got := h.model().active; got != 4 {
		t.Errorf("shift+tab from Summary: %d, want 4", got)
	}

	// Its own key works on its pane only, and its own state reaches its
	// build.
	h.keys("X")
	if got := h.model().toast; got != "the fake pane's own key" {
		t.Errorf("X on the fake pane: footer %q", got)
	}
	if scr := h.screen(); !strings.Contains(scr, "FAKE LINE ONE OF #2") {
		t.Errorf("X did not build the fake pane again:\n%s", scr)
	}
	h.keys("X")
	h.send(clearToastMsg{text: "the fake pane's own key"})
	h.keys("1", "X")
	if got := h.model().toast; got != "" {
		t.Errorf("X on Summary did something: footer %q", got)
	}

	// The shared pager keys: search and raw.
	h.keys("5", "/")
	h.typeText("two")
	h.keys("enter")
	if cur, total := h.model().panes[4].pager.status(); total != 1 || cur != 1 {
		t.Errorf("search in the fake pane: %d/%d, want 1/1", cur, total)
	}
	h.keys("esc", "R")
	if scr := h.screen(); !strings.Contains(scr, "raw fake lines of #2") || !strings.Contains(scr, "RAW") {
		t.Errorf("R on the fake pane:\n%s", scr)
	}
	h.keys("R")

	// A click on its tab.
	h.keys("1")
	lines := strings.Split(h.screen(), "\n")
	for y, l := range lines {
		if i := strings.Index(l, tab); i >= 0 {
			x := ansi.StringWidth(l[:i]) + 1
			h.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
			break
		}
	}
	if got := h.model().active; got != 4 {
		t.Errorf("a click on the fake tab: active %d, want 4", got)
	}

	// `?` lists its number key and its own key.
	h.keys("?")
	hp := h.model().helpPg
	help := hp.text()
	for _, want := range []string{"5", "fakes", "fake action (fakes)"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}

	// The README table.
	table := DefaultKeyMap().markdownTable(append(defaultPanes(), newFakeKind()))
	for _, row := range []string{"| `5` | fakes |\n", "| `X` | fake action (fakes) |\n"} {
		if !strings.Contains(table, row) {
			t.Errorf("README table lacks %q", row)
		}
	}
	if strings.Contains(ReadmeKeyTable(), "fakes") {
		t.Errorf("the default README table has the test's pane")
	}

	// --plain: a section after Comments.
	var out bytes.Buffer
	tk := h.model().ticket
	if err := PlainReport(&out, tk, PlainOptions{Width: 80, Now: testNow, Location: time.UTC, panes: append(defaultPanes(), newFakeKind())}); err != nil {
		t.Fatal(err)
	}
	plain := out.String()
	ci, fi := strings.Index(plain, "== Comments ("), strings.Index(plain, "== "+tab+" ==")
	if ci < 0 || fi < ci || !strings.Contains(plain[fi:], "fake line one of #2\nfake line two\n") {
		t.Errorf("--plain has no %q section after Comments:\n%s", tab, plain)
	}
}

// TestDefaultPaneIDs: the paneID constants name the default panes in the
// order the page lists them.
func TestDefaultPaneIDs(t *testing.T) {
	kinds := defaultPanes()
	if len(kinds) != int(paneCount) {
		t.Fatalf("%d default panes, paneCount %d", len(kinds), paneCount)
	}
	for id, want := range map[paneID]string{summaryPane: "Summary", eventPane: "Event", peoplePane: "People", commentsPane: "Comments"} {
		if got := kinds[id].name(); got != want {
			t.Errorf("pane %d is %q, want %q", id, got, want)
		}
	}
}

// ctxGetter records the context error its requests see.
type ctxGetter struct{ seen chan error }

func (g ctxGetter) GetTicket(ctx context.Context, guid string) (*api.Ticket, error) {
	g.seen <- ctx.Err()
	if ctx.Err() == nil {
		return nil, errBoom
	}
	return nil, ctx.Err()
}

// TestRequestsUseTheBaseContext: a request is made under Deps.Context, so
// ending it (an SSH session that closes) cancels the viewer's requests.
func TestRequestsUseTheBaseContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	g := ctxGetter{seen: make(chan error, 1)}
	newHarness(t, seedGUID, 80, 24, Dark, func(d *Deps) { d.Context, d.Getter = ctx, g })
	if err := <-g.seen; !errors.Is(err, context.Canceled) {
		t.Errorf("the request's context: %v, want cancelled with the base context", err)
	}
}

// TestScrollKeyCopiesThePageOnce: the page (Model) is a large value that
// Bubble Tea's Update returns boxed, one heap copy per message. Handing
// &m to a pane's interface method on the way would move a second copy to
// the heap on every key (it did, while panes became components): a
// scroll key must allocate less than one and a half pages.
func TestScrollKeyCopiesThePageOnce(t *testing.T) {
	h := newHarness(t, seedGUID, 120, 40, Dark)
	m := h.m
	page := uint64(unsafe.Sizeof(Model{}))
	const n = 64
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range n {
		k := "j"
		if i%2 == 1 {
			k = "k"
		}
		m, _ = m.Update(keyMsg(k))
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > page*3/2 {
		t.Errorf("a scroll key allocates %d bytes; the page is %d", per, page)
	}
}
