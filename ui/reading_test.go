package ui

import (
	tea "charm.land/bubbletea/v2"
	"encoding/json"
	"errors"
	"github.com/charmbracelet/x/vt"
	"reflect"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// missingGUID is a valid GUID no fixture has.
const missingGUID = "00000000-0000-4000-8000-000000000000"

// TestEscNeverQuits is issue 7's reproduction: o, a GUID that is not
// found, enter, then o, esc used to quit and lose the ticket.
func TestEscNeverQuits(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	h.keys("o")
	h.typeText(missingGUID)
	h.keys("enter")
	if got := h.model().Screen(); got != "ready" || h.model().guid != seedGUID {
		t.Fatalf("a not-found open: screen %s guid %s, want the previous ticket", got, h.model().guid)
	}
	if scr := h.screen(); !strings.Contains(scr, "No ticket with GUID "+missingGUID) {
		t.Errorf("the failed open is not reported:\n%s", scr)
	}
	h.keys("o", "esc")
	if h.quit || h.model().Screen() != "ready" {
		t.Fatalf("o esc: quit=%v screen %s", h.quit, h.model().Screen())
	}
	for range 3 {
		h.keys("esc")
	}
	if h.quit || h.model().Screen() != "ready" {
		t.Fatalf("esc on the ticket: quit=%v screen %s", h.quit, h.model().Screen())
	}
}

// TestEscOnPromptAndErrorScreens: with no ticket, esc on the prompt or on
// an error screen never quits either; only q and ctrl+c do.
func TestEscOnPromptAndErrorScreens(t *testing.T) {
	h := newHarness(t, "", 100, 30, Dark)
	h.keys("esc", "esc")
	if h.quit || h.model().Screen() != "prompt" {
		t.Fatalf("esc on an empty prompt: quit=%v screen %s", h.quit, h.model().Screen())
	}
	h.typeText(missingGUID)
	h.keys("enter")
	if got := h.model().Screen(); got != "not found" {
		t.Fatalf("screen %s, want not found", got)
	}
	h.keys("esc")
	if h.quit || h.model().Screen() != "prompt" {
		t.Fatalf("esc on not found: quit=%v screen %s, want the prompt", h.quit, h.model().Screen())
	}
	h.typeText("https://sonar.example.com/?q")
	if h.quit || !strings.Contains(h.screen(), "?q") {
		t.Fatalf("q and ? typed into a URL must be typed, not quit or help:\n%s", h.screen())
	}
	h.keys("ctrl+c")
	if !h.quit {
		t.Fatalf("ctrl+c did not quit")
	}
	// On an empty prompt nothing can start with q: it quits.
	h = newHarness(t, "", 100, 30, Dark)
	h.keys("q")
	if !h.quit {
		t.Fatalf("q on an empty prompt did not quit")
	}
}

// TestCancelledOpenKeepsTicket: esc while another ticket loads returns to
// the ticket that was on screen.
func TestCancelledOpenKeepsTicket(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	h.keys("4")
	h.keys("o")
	h.typeText(fixtureGUID(t, "markdown"))
	h.g.block = make(chan struct{})
	m := h.model()
	res, cmd := m.updatePrompt(keyMsg("enter"))
	h.m = res
	_ = cmd // the fetch is never run: it stays "in flight"
	if got := h.model().Screen(); got != "loading" {
		t.Fatalf("screen %s, want loading", got)
	}
	h.keys("esc")
	if got := h.model().Screen(); got != "ready" || h.model().guid != seedGUID || h.model().active != commentsPane {
		t.Fatalf("esc while loading: screen %s guid %s pane %v", got, h.model().guid, h.model().active)
	}
}

// TestHelpOnEveryScreen: ? opens a visible help on the prompt, error and
// not-found screens too, and closing it gives the keys back.
func TestHelpOnEveryScreen(t *testing.T) {
	screens := []struct {
		name  string
		setup func(h *harness)
		want  string
	}{
		{"prompt", func(h *harness) {}, "prompt"},
		{"not found", func(h *harness) { h.typeText(missingGUID); h.keys("enter") }, "not found"},
		{"error", func(h *harness) {
			h.g.errs[seedGUID] = errBoom
			h.typeText(seedGUID)
			h.keys("enter")
		}, "error"},
		{"ticket", func(h *harness) { h.typeText(seedGUID); h.keys("enter") }, "ready"},
	}
	for _, s := range screens {
		t.Run(s.name, func(t *testing.T) {
			h := newHarness(t, "", 80, 24, Dark)
			s.setup(h)
			if got := h.model().Screen(); got != s.want {
				t.Fatalf("screen %s, want %s", got, s.want)
			}
			h.keys("?")
			scr := h.screen()
			for _, want := range []string{"Keys", "next pane", "search", "open another ticket"} {
				if !strings.Contains(scr, want) {
					t.Errorf("help lacks %q:\n%s", want, scr)
				}
			}
			h.keys("esc")
			if strings.Contains(h.screen(), "j/k scroll · ? or esc close") {
				t.Fatalf("esc did not close the help")
			}
			if got := h.model().Screen(); got != s.want {
				t.Errorf("after help: screen %s, want %s", got, s.want)
			}
		})
	}
}

// TestHelpAndQuitAlwaysVisible: "? help" and "q quit" are on every screen
// from 40 columns up.
func TestHelpAndQuitAlwaysVisible(t *testing.T) {
	for _, w := range []int{40, 59, 80, 100, 111, 200} {
		h := newHarness(t, "", w, 24, Dark)
		check := func(where string) {
			t.Helper()
			scr := h.screen()
			last := strings.Split(strings.TrimRight(scr, "\n"), "\n")
			foot := last[len(last)-1]
			if !strings.Contains(foot, "? help") || !strings.Contains(foot, "q quit") {
				t.Errorf("%d columns, %s: footer %q", w, where, foot)
			}
		}
		check("prompt")
		h.typeText(missingGUID)
		h.keys("enter")
		check("not found")
		h.keys("o")
		h.typeText(seedGUID)
		h.keys("enter")
		for _, p := range paneKeys {
			h.keys(p.key)
			check(p.name)
		}
	}
}

// TestHelpReflowsAndScrolls: every binding is on the help screen at any
// width (columns move below instead of being cut) and it scrolls.
func TestHelpReflowsAndScrolls(t *testing.T) {
	for _, w := range []int{40, 80, 111, 200} {
		h := newHarness(t, seedGUID, w, 12, Dark)
		h.keys("?")
		hp := h.model().helpPg
		text := hp.text()
		for _, col := range h.model().keys.FullHelp() {
			for _, b := range col {
				if !strings.Contains(text, b.Help().Desc) {
					t.Errorf("%d columns: help lacks %q", w, b.Help().Desc)
				}
			}
		}
		pg := h.model().helpPg
		if pg.maxOffset() == 0 {
			continue // all of it fits
		}
		h.keys("G")
		if got := h.model().helpPg.offset; got != pg.maxOffset() {
			t.Errorf("%d columns: G in help: offset %d, want %d", w, got, pg.maxOffset())
		}
		if !strings.Contains(h.screen(), "? or esc close") {
			t.Errorf("%d columns: the end of the help is not reachable:\n%s", w, h.screen())
		}
	}
}

// TestSearchAcrossSoftWraps is issue 7's reproduction: /Safari on the
// Sonar 5 ticket's event found 0/0 at 120 columns, 1/1 at 80 and 200.
// Search runs over logical lines, so the count is the same at any width.
func TestSearchAcrossSoftWraps(t *testing.T) {
	guid := fixtureGUID(t, "sonar5")
	for _, q := range []string{"Safari", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "union select"} {
		counts := map[int]int{}
		for _, w := range []int{60, 80, 100, 120, 137, 200} {
			h := newHarness(t, guid, w, 40, Dark)
			h.keys("2", "/")
			h.typeText(q)
			h.keys("enter")
			_, total := h.model().panes[eventPane].pager.status()
			counts[w] = total
			if total == 0 {
				t.Errorf("%q at %d columns: 0 matches", q, w)
				continue
			}
			// The current match is highlighted on every row it covers.
			pg := h.model().panes[eventPane].pager
			cur := pg.matches[pg.cur]
			got := 0
			for _, s := range cur.spans {
				got += s.end - s.start
			}
			if got != len(q) {
				t.Errorf("%q at %d columns: highlight covers %d cells", q, w, got)
			}
		}
		for w, n := range counts {
			if n != counts[120] {
				t.Errorf("%q: %d matches at %d columns, %d at 120", q, n, w, counts[120])
			}
		}
	}
}

// TestSearchCountSameAtAnyWidth: on the Summary and Event panes of every
// fixture, the MARKDOWN event included, a search finds as many matches at
// every width.
func TestSearchCountSameAtAnyWidth(t *testing.T) {
	queries := []string{"e", "in", "the ", "on t", "0.", `": "`}
	for _, f := range sonartestFixtures() {
		for _, pn := range []paneID{summaryPane, eventPane} {
			base := map[string]int{}
			for _, w := range []int{200, 120, 97, 80, 61} {
				h := newHarness(t, f.GUID, w, 30, Dark)
				pg := &h.model().panes[pn].pager
				for _, q := range queries {
					pg.search(q, false)
					n := len(pg.matches)
					if b, ok := base[q]; !ok {
						base[q] = n
					} else if n != b {
						t.Errorf("%s %v %q: %d matches at %d columns, %d at 200", f.Name, pn, q, n, w, b)
					}
				}
			}
		}
	}
}

func sonartestFixtures() []sonartest.Fixture { return sonartest.Fixtures() }

// searchComments opens the ticket body at w columns and searches its
// Comments pane for q.
func searchComments(t *testing.T, body []byte, w int, q string) *pager {
	t.Helper()
	h := newHarness(t, seedGUID, w, 30, Dark, func(d *Deps) {
		g := newFakeGetter()
		g.bodies[seedGUID] = body
		d.Getter = g
	})
	h.keys("4", "/")
	h.typeText(q)
	h.keys("enter")
	return &h.model().panes[commentsPane].pager
}

// checkHighlights: every match of q highlights each of its characters
// but the spaces a wrap took, which are not drawn.
func checkHighlights(t *testing.T, pg *pager, q string, w int) {
	t.Helper()
	for k, m := range pg.matches {
		got := 0
		for _, s := range m.spans {
			got += s.end - s.start
		}
		if got > len(q) || got < len(q)-strings.Count(q, " ") {
			t.Errorf("%q at %d columns: match %d highlights %d cells", q, w, k, got)
		}
	}
}

// TestSearchAcrossGlamourWraps: in a Markdown comment with syntax (bold,
// code, links, list items, quotes), which glamour wraps itself, a search
// term split by a soft wrap is found and highlighted on both rows, and
// the count is the number of occurrences in the text at every width.
func TestSearchAcrossGlamourWraps(t *testing.T) {
	para := "**Alert**: the host evil-gw.example.com sent `union select` payloads to " +
		"[the portal](https://portal.example/login) from Mozilla/5.0 Safari browsers; "
	src := strings.Repeat(para, 4) + "\n\n- item: " + strings.Repeat(para, 3) +
		"\n  - nested: " + strings.Repeat(para, 2) + "\n\n> " + strings.Repeat(para, 3)
	content, err := json.Marshal(src)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(commentTicket("MARKDOWN", string(content[1:len(content)-1])))
	for _, q := range []string{"payloads to the portal", "Mozilla/5.0 Safari", "evil-gw.example.com", "browsers; Alert"} {
		want := strings.Count(strings.NewReplacer("**", "", "`", "", "[the portal](", "the portal ", ")", "").Replace(src), q)
		split := false
		for _, w := range []int{60, 80, 120, 200} {
			pg := searchComments(t, body, w, q)
			if _, total := pg.status(); total != want {
				t.Errorf("%q at %d columns: %d matches, want %d", q, w, total, want)
				continue
			}
			checkHighlights(t, pg, q, w)
			for _, m := range pg.matches {
				split = split || len(m.spans) > 1
			}
		}
		if !split {
			t.Errorf("%q: no match crossed a wrap at any width; the test needs another text", q)
		}
	}
}

// topComment is the comment whose header is at or above the top row.
func topComment(p *pane) int {
	k := -1
	for i, a := range p.anchors {
		if a <= p.pager.offset {
			k = i
		}
	}
	return k
}

// TestResizeKeepsReadingPosition is issue 7's reproduction: comment 30 at
// the top at 200x60 was gone after resizing to 80x24.
func TestResizeKeepsReadingPosition(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "comment"), 200, 60, Dark)
	h.keys("4")
	p := func() *pane { return h.model().panes[commentsPane] }
	for range 29 {
		h.keys("]")
	}
	if topComment(p()) != 29 {
		t.Fatalf("29 × ]: comment %d at the top", topComment(p())+1)
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		h.width, h.h = size[0], size[1]
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		if got := topComment(p()); got != 29 || p().pager.offset != p().anchors[29] {
			t.Errorf("%dx%d: comment %d at the top (offset %d), want comment 30 at %d",
				size[0], size[1], got+1, p().pager.offset, p().anchors[29])
		}
		if !strings.Contains(h.screen(), "▍30/60") {
			t.Errorf("%dx%d: comment 30 not on screen:\n%s", size[0], size[1], h.screen())
		}
	}
	// Refresh keeps it too.
	h.keys("r")
	if got := topComment(p()); got != 29 {
		t.Errorf("refresh: comment %d at the top", got+1)
	}
}

// TestResizeKeepsLogicalLine: on the Event pane, the logical line at the
// top stays at the top across widths.
func TestResizeKeepsLogicalLine(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "sonar5"), 200, 30, Dark)
	h.keys("2", "/")
	h.typeText(`"file_name"`)
	h.keys("enter")
	pg := func() *pager { return &h.model().panes[eventPane].pager }
	pg().scrollTo(pg().matches[0].line)
	for _, w := range []int{70, 90, 150} {
		h.width = w
		h.send(tea.WindowSizeMsg{Width: w, Height: 30})
		if top := pg().unstyled()[pg().offset]; !strings.Contains(top, `"file_name"`) {
			t.Errorf("%d columns: top row %q", w, top)
		}
	}
}

// TestRawPeople: R on People shows the assignees and approvers JSON as the
// server sent it, not the same table with "RAW" in the footer.
func TestRawPeople(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 40, Dark)
	h.keys("3")
	before := h.model().panes[peoplePane].pager.text()
	h.keys("R")
	raw := h.model().panes[peoplePane].pager.text()
	if raw == before {
		t.Fatal("R changed nothing on People")
	}
	for _, want := range []string{`"assignees" as sent`, `"approvers" as sent`, `"task_status": "CLOSED"`, `"user_name": "Jerry"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("raw People lacks %s:\n%s", want, raw)
		}
	}
}

// longThread is the 60-comment fixture with its comments repeated to n.
func longThread(t *testing.T, n int) *api.Ticket {
	t.Helper()
	var body map[string]map[string]any
	if err := json.Unmarshal(newFakeGetter().bodies[fixtureGUID(t, "comment")], &body); err != nil {
		t.Fatal(err)
	}
	cs := body["ticket"]["comments"].([]any)
	var all []any
	for len(all) < n {
		all = append(all, cs...)
	}
	body["ticket"]["comments"] = all[:n]
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	tk, err := api.DecodeResponse(b)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// TestKeysWhileRendering is issue 7's reproduction: on a 600-comment
// ticket, 4 then G before the Markdown arrived ended at 15%, not at the
// last comment. Position commands apply to the finished pane.
func TestKeysWhileRendering(t *testing.T) {
	cases := []struct {
		keys []string
		want func(t *testing.T, p *pane)
	}{
		{[]string{"4", "G"}, func(t *testing.T, p *pane) {
			if p.pager.offset != p.pager.maxOffset() || p.cur != 599 {
				t.Errorf("G: offset %d of %d, comment %d", p.pager.offset, p.pager.maxOffset(), p.cur+1)
			}
		}},
		{[]string{"4", "]", "]", "]"}, func(t *testing.T, p *pane) {
			if p.cur != 3 || p.pager.offset != p.anchors[3] {
				t.Errorf("] ] ]: comment %d at offset %d, want 4 at %d", p.cur+1, p.pager.offset, p.anchors[3])
			}
		}},
		{[]string{"4", "/", "4", "4", "4", "/", "6", "0", "0", "enter"}, func(t *testing.T, p *pane) {
			if len(p.pager.matches) == 0 || p.pager.cur != 0 {
				t.Fatalf("search: %d matches, current %d", len(p.pager.matches), p.pager.cur)
			}
			if l := p.pager.matches[0].line; l < p.pager.offset || l >= p.pager.offset+p.pager.height {
				t.Errorf("search: the match on row %d is not in view %d+%d", l, p.pager.offset, p.pager.height)
			}
		}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.keys, ""), func(t *testing.T) {
			h := newHarness(t, "", 100, 30, Dark)
			tk := longThread(t, 600)
			var md tea.Cmd
			h.m, md = h.m.Update(fetchedMsg{seq: h.model().seq, guid: fixtureGUID(t, "comment"), ticket: tk})
			for _, k := range c.keys {
				h.m, _ = h.m.Update(keyMsg(k)) // while the Markdown renders
			}
			if p := h.model().panes[commentsPane]; !p.rendering && !p.preparing {
				t.Fatal("the pane was neither rendering nor being prepared: the test tests nothing")
			}
			h.run(md)
			p := h.model().panes[commentsPane]
			if p.rendering || p.preparing {
				t.Fatalf("still rendering (rendering %v preparing %v waiting %v building %v deferred %v)", p.rendering, p.preparing, p.waiting, p.building, h.model().deferred)
			}
			c.want(t, p)
		})
	}
}

// TestCommentJumps is issue 7's reproduction: ] after G did nothing and [
// after G skipped comments 53-59.
func TestCommentJumps(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "comment"), 100, 30, Dark)
	h.keys("4", "G")
	p := func() *pane { return h.model().panes[commentsPane] }
	if p().cur != 59 {
		t.Fatalf("G: current comment %d, want 60", p().cur+1)
	}
	h.keys("]")
	if !strings.Contains(h.screen(), "no more comments (60 of 60)") {
		t.Errorf("] after G says nothing:\n%s", h.screen())
	}
	for want := 58; want >= 50; want-- {
		h.keys("[")
		if p().cur != want {
			t.Fatalf("[: comment %d, want %d", p().cur+1, want+1)
		}
		if a := p().anchors[want]; a < p().pager.offset || a >= p().pager.offset+p().pager.height {
			t.Fatalf("[: comment %d (row %d) is not on screen", want+1, a)
		}
	}
	h.keys("]")
	if p().cur != 51 {
		t.Errorf("]: comment %d, want 52", p().cur+1)
	}
}

// TestEventPaneIsJSON is issue 7's reproduction: the Event pane showed
// strings decoded inside quotes, so "copy pane" gave text jq rejects.
// Copying the Event pane gives the event as JSON, equal to what was sent.
func TestEventPaneIsJSON(t *testing.T) {
	for _, name := range []string{"seed", "sonar5", "hostile", "unknown"} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, fixtureGUID(t, name), 100, 30, Dark)
			h.keys("2", "y", "p")
			got := h.clip.last()
			var ev any
			if err := json.Unmarshal([]byte(got), &ev); err != nil {
				t.Fatalf("copied event is not JSON (%v):\n%s", err, got)
			}
			var body struct{ Ticket struct{ Content string } }
			if err := json.Unmarshal(h.g.bodies[fixtureGUID(t, name)], &body); err != nil {
				t.Fatal(err)
			}
			var sent any
			if err := json.Unmarshal([]byte(body.Ticket.Content), &sent); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ev, sent) {
				t.Errorf("copied event differs from the content sent:\n%s", got)
			}
		})
	}
}

// TestEventStringsEscapedAsJSON: a quote inside a string is \" on screen,
// and the string colour continues after an escape token.
func TestEventStringsEscapedAsJSON(t *testing.T) {
	h := newHarness(t, seedGUID, 120, 40, Dark)
	body := strings.Replace(string(h.g.bodies[seedGUID]), `\"logger_name\"`, `\"cmdline\": \"cmd.exe /c \\\"echo pwned > C:\\\\temp\\\\a.txt\\\"\", \"esc\": \"a\\u001b[2Jrest-of-string\", \"logger_name\"`, 1)
	h.g.bodies[seedGUID] = []byte(body)
	h.keys("r", "2")
	text := h.model().panes[eventPane].pager.text()
	if !strings.Contains(text, `"cmdline": "cmd.exe /c \"echo pwned > C:\\temp\\a.txt\""`) {
		t.Errorf("the quoted command is not escaped as JSON:\n%s", text)
	}
	if !strings.Contains(text, `"esc": "a\u001b[2Jrest-of-string"`) {
		t.Fatalf("the escape is not a JSON escape:\n%s", text)
	}
	// In the emulator, "rest-of-string" has the string colour of "a".
	e := vt.NewEmulator(120, 40)
	defer e.Close()
	_, _ = e.Write([]byte(strings.ReplaceAll(h.frame(), "\n", "\r\n")))
	scr := strings.Split(screenText(e), "\n")
	for y, row := range scr {
		x := strings.Index(row, `"a\u001b`)
		if x < 0 {
			continue
		}
		x = len([]rune(row[:x]))
		a := e.CellAt(x+1, y)
		r := e.CellAt(x+1+len(`a\u001b[2J`), y)
		if a.Style.Fg == nil || r.Style.Fg == nil || !sameColor(a.Style.Fg, r.Style.Fg) {
			t.Errorf("colour after the token: %v, before: %v", r.Style.Fg, a.Style.Fg)
		}
		return
	}
	t.Fatal("the escaped string is not on screen")
}

func sameColor(a, b interface{ RGBA() (r, g, b, a uint32) }) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// TestWording covers issue 7's wording bugs.
func TestWording(t *testing.T) {
	t.Run("one duplicate", func(t *testing.T) {
		h := newHarness(t, seedGUID, 120, 40, Dark)
		body := strings.Replace(string(h.g.bodies[seedGUID]), `"count": 7,`, `"count": 1,`, 1)
		h.g.bodies[seedGUID] = []byte(body)
		h.keys("r")
		text := h.model().panes[summaryPane].pager.text()
		if !strings.Contains(text, "1 duplicate detection merged") {
			t.Errorf("no singular:\n%s", text)
		}
	})
	t.Run("403", func(t *testing.T) {
		h := newHarness(t, "", 120, 30, Dark)
		h.g.errs[seedGUID] = &api.AuthError{Status: 403, Err: errBoom}
		h.typeText(seedGUID)
		h.keys("enter")
		scr := h.screen()
		if !strings.Contains(scr, "accepted but lacks rights") || strings.Contains(scr, "rejected") {
			t.Errorf("403 wording:\n%s", scr)
		}
	})
	t.Run("retry", func(t *testing.T) {
		h := newHarness(t, "", 120, 30, Dark)
		h.g.errs[seedGUID] = errBoom
		h.typeText(seedGUID)
		h.keys("enter")
		scr := h.screen()
		if strings.Count(scr, "r retry") != 2 || strings.Contains(scr, "refresh") {
			t.Errorf("the body and the footer must both say r retry:\n%s", scr)
		}
	})
}

// TestLastError: the viewer reports the last error it showed, so the
// command line exits with its code; a ticket that loads clears it.
func TestLastError(t *testing.T) {
	h := newHarness(t, "", 100, 30, Dark)
	h.g.errs[seedGUID] = &api.AuthError{Status: 401, Err: errBoom}
	h.typeText(seedGUID)
	h.keys("enter")
	if err := h.model().LastError(); !errors.Is(err, api.ErrUnauthorized) {
		t.Fatalf("LastError = %v", err)
	}
	delete(h.g.errs, seedGUID)
	h.keys("r")
	if err := h.model().LastError(); err != nil {
		t.Errorf("after a successful retry: LastError = %v", err)
	}
	h.keys("o")
	h.typeText(missingGUID)
	h.keys("enter")
	if err := h.model().LastError(); !errors.Is(err, api.ErrNotFound) {
		t.Errorf("after a failed open: LastError = %v", err)
	}
}

// TestNarrowKeepsPriorityAndStatus: below 60 columns the priority/status
// line used to be the first thing dropped; it is the last.
func TestNarrowKeepsPriorityAndStatus(t *testing.T) {
	for _, size := range [][2]int{{40, 12}, {59, 24}, {45, 14}, {80, 12}} {
		h := newHarness(t, fixtureGUID(t, "sonar5"), size[0], size[1], Dark)
		scr := h.screen()
		if !strings.Contains(scr, "▲ HIGH") || !strings.Contains(scr, "IN PROGRESS") {
			t.Errorf("%dx%d: no priority/status line:\n%s", size[0], size[1], scr)
		}
		requireFits(t, h.frame(), size[0], size[1])
	}
}

// TestDuplicateStatusLastWins: a status sent twice shows the last value
// as the badge (as JSON parsers and likely the web console do), flagged.
func TestDuplicateStatusLastWins(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "unknown"), 120, 40, Dark)
	scr := h.screen()
	lines := strings.Split(scr, "\n")
	badge := lines[1]
	if !strings.Contains(badge, "CLOSED") || !strings.HasPrefix(strings.TrimSpace(badge[strings.Index(badge, "CLOSED")-2:]), "CLOSED") {
		t.Errorf("badge line %q: want the last status, CLOSED, as the badge", badge)
	}
	if !strings.Contains(badge, "duplicate") || !strings.Contains(badge, "ASSIGNED") {
		t.Errorf("badge line %q: the duplicate is not flagged with the other value", badge)
	}
	sum := h.model().panes[summaryPane].pager.text()
	if !strings.Contains(sum, "last wins") {
		t.Errorf("summary does not say which value counts:\n%s", sum)
	}
}

// TestOneTimeRule: Key facts showed raw "+0900" times while Summary used
// local time. Both follow one rule, and z toggles local / UTC / original.
func TestOneTimeRule(t *testing.T) {
	h := newHarness(t, seedGUID, 120, 40, Dark) // local zone: KST (+09:00)
	row := func(p paneID, label string) string {
		for _, l := range strings.Split(h.model().panes[p].pager.text(), "\n") {
			if strings.HasPrefix(l, label) {
				return strings.TrimSpace(strings.TrimPrefix(l, label))
			}
		}
		t.Fatalf("no %q row", label)
		return ""
	}
	steps := []struct {
		name, key, created, firstSeen string
	}{
		{"local", "", "2022-09-14 17:34:19 KST · 4y ago", "2022-09-14 17:34:19 KST · 4y ago"},
		{"utc", "z", "2022-09-14 08:34:19 UTC (17:34 +0900) · 4y ago", "2022-09-14 08:34:19 UTC (17:34 +0900) · 4y ago"},
		{"original", "z", "2022-09-14 17:34:19 +0900 · 4y ago", "2022-09-14 17:34:19 +0900 · 4y ago"},
		{"local again", "z", "2022-09-14 17:34:19 KST · 4y ago", "2022-09-14 17:34:19 KST · 4y ago"},
	}
	for _, s := range steps {
		if s.key != "" {
			h.keys(s.key)
		}
		if got := row(summaryPane, "Created"); got != s.created {
			t.Errorf("%s: Summary Created %q, want %q", s.name, got, s.created)
		}
		if got := row(eventPane, "First seen"); got != s.firstSeen {
			t.Errorf("%s: Key facts First seen %q, want %q", s.name, got, s.firstSeen)
		}
	}
}
