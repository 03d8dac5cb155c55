package ui

import (
	"strings"
	"testing"

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
// fixture, a search finds as many matches at every width. Text rendered by
// the Markdown pipeline (MARKDOWN and PLAIN events, comments) is wrapped
// there without soft-wrap marks, so those events are left out.
func TestSearchCountSameAtAnyWidth(t *testing.T) {
	queries := []string{"e", "in", "the ", "on t", "0.", `": "`}
	for _, f := range sonartestFixtures() {
		for _, pn := range []paneID{summaryPane, eventPane} {
			if pn == eventPane && (f.GUID == sonartest.MarkdownGUID || f.GUID == sonartest.PlainGUID) {
				continue
			}
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
