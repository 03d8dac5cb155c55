package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

func TestSwitchPanes(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	steps := []struct {
		key  string
		want paneID
	}{
		{"tab", eventPane}, {"tab", peoplePane}, {"l", commentsPane}, {"right", summaryPane},
		{"shift+tab", commentsPane}, {"h", peoplePane}, {"left", eventPane},
		{"4", commentsPane}, {"1", summaryPane}, {"3", peoplePane}, {"2", eventPane},
	}
	for _, s := range steps {
		h.keys(s.key)
		if got := h.model().active; got != s.want {
			t.Fatalf("after %s: pane %v, want %v", s.key, got, s.want)
		}
	}
	if !strings.Contains(h.screen(), "People (2)") || !strings.Contains(h.screen(), "Comments (1)") {
		t.Errorf("tab bar lacks counts:\n%s", h.screen())
	}
}

func TestScrollKeys(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "comment"), 80, 24, Dark)
	h.keys("4")
	pg := func() *pager { return &h.model().panes[commentsPane].pager }
	if pg().maxOffset() < 50 {
		t.Fatalf("comments pane too short to test scrolling: %d", pg().maxOffset())
	}
	h.keys("j", "j", "down")
	if pg().offset != 3 {
		t.Errorf("j j ↓: offset %d, want 3", pg().offset)
	}
	h.keys("k")
	if pg().offset != 2 {
		t.Errorf("k: offset %d, want 2", pg().offset)
	}
	h.keys("pgdown")
	if pg().offset != 2+pg().height {
		t.Errorf("pgdown: offset %d, want %d", pg().offset, 2+pg().height)
	}
	h.keys("ctrl+u")
	if pg().offset != 2+pg().height-pg().height/2 {
		t.Errorf("ctrl+u: offset %d", pg().offset)
	}
	h.keys("G")
	if pg().offset != pg().maxOffset() {
		t.Errorf("G: offset %d, want %d", pg().offset, pg().maxOffset())
	}
	h.keys("g")
	if pg().offset != 0 {
		t.Errorf("g: offset %d", pg().offset)
	}
	h.keys("]", "]")
	if a := h.model().panes[commentsPane].anchors; pg().offset != a[2] && pg().offset != pg().maxOffset() {
		t.Errorf("] ]: offset %d, want comment 3 at %d", pg().offset, a[2])
	}
	h.keys("[")
	if a := h.model().panes[commentsPane].anchors; pg().offset != a[1] {
		t.Errorf("[: offset %d, want comment 2 at %d", pg().offset, a[1])
	}
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if a := h.model().panes[commentsPane].anchors; pg().offset != a[1]+3 {
		t.Errorf("wheel: offset %d, want %d", pg().offset, a[1]+3)
	}
}

func TestSearchCountsAndJumps(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 20, Dark)
	h.keys("2", "/")
	h.typeText("null")
	if !strings.Contains(h.screen(), "/null") {
		t.Errorf("search input not shown:\n%s", h.screen())
	}
	h.keys("enter")
	pg := &h.model().panes[eventPane].pager
	cur, total := pg.status()
	if total < 10 || cur != 1 {
		t.Fatalf("matches %d/%d, want 1/≥10", cur, total)
	}
	if !strings.Contains(h.screen(), "1/"+strconv.Itoa(total)) {
		t.Errorf("footer lacks the i/N counter:\n%s", h.screen())
	}
	h.keys("n", "n")
	if cur, _ := h.model().panes[eventPane].pager.status(); cur != 3 {
		t.Errorf("n n: match %d, want 3", cur)
	}
	h.keys("N")
	if cur, _ := h.model().panes[eventPane].pager.status(); cur != 2 {
		t.Errorf("N: match %d, want 2", cur)
	}
	// The current match is visible.
	pg = &h.model().panes[eventPane].pager
	m := pg.matches[pg.cur]
	if m.line < pg.offset || m.line >= pg.offset+pg.height {
		t.Errorf("current match on line %d is outside the view %d..%d", m.line, pg.offset, pg.offset+pg.height)
	}
	h.keys("esc")
	if _, total := h.model().panes[eventPane].pager.status(); total != 0 {
		t.Errorf("esc kept %d matches", total)
	}
}

func TestCopy(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	h.keys("y")
	if !strings.Contains(h.screen(), "copy:") {
		t.Fatalf("copy menu not shown:\n%s", h.screen())
	}
	h.keys("g")
	if got := h.clip.last(); got != seedGUID {
		t.Errorf("copied %q, want the GUID", got)
	}
	h.keys("y", "s")
	if got := h.clip.last(); got != "20.0.31.172" {
		t.Errorf("copied %q, want the source IP", got)
	}
	h.keys("y", "t")
	if got := h.clip.last(); got != "Attempt to collect web server settings: 20.0.31.172" {
		t.Errorf("copied %q, want the title", got)
	}
	h.keys("2", "y", "p")
	if got := h.clip.last(); !strings.Contains(got, `"src_ip": "20.0.31.172"`) {
		t.Errorf("pane copy lacks the event:\n%s", got)
	}
	// No destination IP in the seed event: say so, copy nothing.
	n := len(h.clip.text)
	h.keys("y", "d")
	if len(h.clip.text) != n || !strings.Contains(h.screen(), "nothing to copy") {
		t.Errorf("copying a null dst_ip should copy nothing and say so")
	}
}

// TestCopyNeverCarriesControls is TERM-11: a hostile value is copied in its
// escaped display form.
func TestCopyNeverCarriesControls(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "hostile"), 100, 30, Dark)
	for _, k := range []string{"t", "g", "s", "p"} {
		h.keys("y", k)
		got := h.clip.last()
		for _, r := range got {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Errorf("y %s copied control %U in %q", k, r, got)
				break
			}
		}
	}
	h.keys("y", "t")
	if got := h.clip.last(); !strings.Contains(got, `\x1B]0;pwned\x07`) {
		t.Errorf("title copy %q lacks the escaped sequence", got)
	}
}

func TestRefreshKeepsScroll(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "comment"), 80, 24, Dark)
	h.keys("4", "pgdown", "pgdown")
	before := h.model().panes[commentsPane].pager.offset
	calls := h.g.callCount()
	h.keys("r")
	if h.g.callCount() != calls+1 {
		t.Fatalf("r did not fetch")
	}
	if got := h.model().panes[commentsPane].pager.offset; got != before || h.model().active != commentsPane {
		t.Errorf("refresh moved the view: offset %d → %d, pane %v", before, got, h.model().active)
	}
}

func TestOpenAnother(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	other := fixtureGUID(t, "markdown")
	h.keys("o")
	if h.model().Screen() != "prompt" {
		t.Fatalf("o: screen %s", h.model().Screen())
	}
	h.typeText("not-a-guid")
	if !strings.Contains(h.screen(), "✗") {
		t.Errorf("no validation message:\n%s", h.screen())
	}
	h.keys("enter")
	if h.model().Screen() != "prompt" {
		t.Fatalf("enter on an invalid GUID left the prompt")
	}
	for range len("not-a-guid") {
		h.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	h.send(tea.PasteMsg{Content: "https://sonar.example.com/#/tickets/" + other + "?tab=comments"})
	if !strings.Contains(h.screen(), "✓") {
		t.Errorf("pasted URL not accepted:\n%s", h.screen())
	}
	h.keys("enter")
	if h.model().Screen() != "ready" || h.model().guid != other {
		t.Fatalf("screen %s guid %s", h.model().Screen(), h.model().guid)
	}
	// The recent list now holds both tickets, newest first.
	h.keys("o")
	scr := h.screen()
	if !strings.Contains(scr, "Recent") || strings.Index(scr, other) > strings.Index(scr, seedGUID) {
		t.Errorf("recent list wrong:\n%s", scr)
	}
	h.keys("down", "down", "enter")
	if h.model().guid != seedGUID {
		t.Errorf("choosing the second recent entry opened %s", h.model().guid)
	}
	// esc from the prompt goes back to the ticket.
	h.keys("o", "esc")
	if h.model().Screen() != "ready" {
		t.Errorf("esc: screen %s", h.model().Screen())
	}
}

func TestQuitWhileLoadingCancels(t *testing.T) {
	h := &harness{t: t, g: newFakeGetter(), clip: &clipboard{}, hist: &memHistory{}, width: 80, h: 24}
	h.g.block = make(chan struct{})
	m := New(Deps{Getter: h.g, Now: func() time.Time { return testNow }, Tick: func(time.Duration, tea.Msg) tea.Cmd { return nil }}, seedGUID)
	h.m = m
	// Deliver startMsg by hand and keep the fetch command running in the
	// background, as the real program does.
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(startMsg{guid: seedGUID})
	if h.model().Screen() != "loading" {
		t.Fatalf("screen %s", h.model().Screen())
	}
	// Run the fetch in the background, as the program would.
	batch, ok := cmd().(tea.BatchMsg)
	if !ok {
		t.Fatal("fetch did not return a batch")
	}
	for _, c := range batch {
		if c != nil {
			go c()
		}
	}
	for h.g.callCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	h.m, cmd = h.m.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q returned no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Errorf("q did not quit")
	}
	deadline := time.After(5 * time.Second)
	for {
		h.g.mu.Lock()
		err := h.g.ctxErr
		h.g.mu.Unlock()
		if err == context.Canceled {
			break
		}
		select {
		case <-deadline:
			t.Fatal("the request was not cancelled")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func TestStaleReplyIsDropped(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	other := fixtureGUID(t, "plain")
	m := h.model()
	old := m.seq
	// A late reply for an earlier fetch must not replace the ticket.
	stale, _ := api.DecodeResponse(h.g.bodies[other])
	h.send(fetchedMsg{seq: old - 1, guid: other, ticket: stale})
	if h.model().guid != seedGUID || !h.model().ticket.GUID.Is(seedGUID) {
		t.Errorf("stale reply replaced the ticket")
	}
}

func TestNotFoundAndErrors(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want []string
	}{
		{"not found", api.ErrNotFound, []string{"No ticket with GUID", "o open another"}},
		{"unauthorized", &api.AuthError{Status: 401, Err: api.ErrUnauthorized}, []string{"Authentication failed", "SONAR_API_KEY"}},
		{"tls", &api.TLSError{Host: "sonar", Err: errBoom}, []string{"TLS verification failed", "pin_sha256"}},
		{"timeout", context.DeadlineExceeded, []string{"did not answer in time", "r retry"}},
		{"no permission", &api.APIError{Status: 500, Code: termsafe.Wrap("illegal-state"), Message: termsafe.Wrap("no-permission")}, []string{"Permission denied", "illegal-state", "no-permission"}},
		{"server error", &api.APIError{Status: 500, Code: termsafe.Wrap("illegal-state"), Message: termsafe.Wrap("not-completed")}, []string{"Sonar server error", "illegal-state", "not-completed"}},
		{"html", &api.UnexpectedResponseError{Status: 200, ContentType: termsafe.Wrap("text/html"), Snippet: termsafe.Wrap("<html>login</html>")}, []string{"not the Sonar API", "text/html"}},
		{"hostile tls hint", &api.TLSError{Host: "sonar", Hint: "set ca_file for x\x1b[2J", Err: errBoom}, []string{`x\x1B[2J`}},
		{"hostile message", &api.APIError{Status: 400, Code: termsafe.Wrap("x\x1b]52;c;QQ==\x07"), Message: termsafe.Wrap("m")}, []string{`\x1B]52;c;QQ==\x07`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, "", 100, 30, Dark)
			h.g.errs[seedGUID] = c.err
			h.typeText(seedGUID)
			h.keys("enter")
			scr := h.screen()
			for _, w := range c.want {
				if !strings.Contains(scr, w) {
					t.Errorf("screen lacks %q:\n%s", w, scr)
				}
			}
			assertOnlySGR(t, c.name, h.frame())
			// r retries: the fixed server now answers.
			delete(h.g.errs, seedGUID)
			h.keys("r")
			if h.model().Screen() != "ready" {
				t.Errorf("r did not retry: %s", h.model().Screen())
			}
		})
	}
}

// TestHostileTicketFrames is TERM-1(b): every screen of the hostile ticket
// holds no escape sequence but the renderer's own SGR, and no C1 or bidi.
func TestHostileTicketFrames(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "hostile"), 120, 40, Dark)
	check := func(where string) {
		t.Helper()
		f := h.frame()
		assertOnlySGR(t, where, f)
		if strings.Contains(f, "\u009b") || strings.Contains(f, "\u202e") || strings.Contains(f, "\u009d") {
			t.Errorf("%s: C1 or bidi in frame", where)
		}
		if title := h.m.View().WindowTitle; strings.ContainsAny(title, "\x1b\x07") || len(title) > 64 {
			t.Errorf("%s: window title %q", where, title)
		}
	}
	for _, p := range paneKeys {
		h.keys(p.key)
		for range 40 {
			check(p.name)
			h.keys("pgdown")
		}
		h.keys("R")
		check(p.name + " raw")
		h.keys("R", "g")
	}
	h.keys("?")
	check("help")
	h.keys("esc", "1")
	if !strings.Contains(h.screen(), `\x1B]0;pwned\x07`) {
		t.Errorf("the escaped title is not visible:\n%s", h.screen())
	}
}

// assertOnlySGR fails on any control or escape sequence that is not SGR.
func assertOnlySGR(t *testing.T, where, s string) {
	t.Helper()
	p := ansi.NewParser()
	var state byte
	for len(s) > 0 {
		seq, width, n, newState := ansi.DecodeSequence(s, state, p)
		state = newState
		if width == 0 && n > 0 && seq != "\n" {
			if !ansi.HasCsiPrefix(seq) || seq[len(seq)-1] != 'm' {
				t.Errorf("%s: frame holds sequence %q", where, seq)
				return
			}
		}
		s = s[n:]
	}
}

func TestRetryNoticeShownWhileLoading(t *testing.T) {
	h := &harness{t: t, g: newFakeGetter(), clip: &clipboard{}, hist: &memHistory{}, width: 80, h: 24}
	h.g.block = make(chan struct{})
	h.m = New(Deps{Getter: h.g, Now: func() time.Time { return testNow }, Tick: func(time.Duration, tea.Msg) tea.Cmd { return nil }}, seedGUID)
	h.m, _ = h.m.Update(startMsg{guid: seedGUID})
	h.m, _ = h.m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.m, _ = h.m.Update(RetryMsg{Attempt: 2, Max: 3, Wait: 1500 * time.Millisecond})
	if scr := h.screen(); !strings.Contains(scr, "retrying in 1.5s (attempt 2/3)") {
		t.Errorf("no retry notice:\n%s", scr)
	}
	close(h.g.block)
}

// TestHostileHistoryEntry: a GUID from the history file is validated like
// any other before it is shown or fetched.
func TestHostileHistoryEntry(t *testing.T) {
	h := newHarness(t, "", 100, 30, Dark)
	h.hist.list = []Recent{{GUID: "x\x1b]52;c;QQ==\x07", Title: termsafe.Wrap("t"), Opened: testNow}}
	h.run(h.model().loadHistory())
	h.keys("down", "enter")
	if h.model().Screen() != "error" || h.g.callCount() != 0 {
		t.Fatalf("screen %s, %d requests", h.model().Screen(), h.g.callCount())
	}
	assertOnlySGR(t, "error screen", h.frame())
	if !strings.Contains(h.screen(), "Not a ticket GUID") {
		t.Errorf("no GUID error:\n%s", h.screen())
	}
}
