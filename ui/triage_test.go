package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
)

// TestTriageCardFirstScreen: at 80x24 the Summary's first screen answers
// what, from where to what, how bad, who owns it and who it waits on,
// state and age, and what was said last.
func TestTriageCardFirstScreen(t *testing.T) {
	cases := []struct {
		fixture string
		want    []string
	}{
		{"seed", []string{
			"What            Attempt to collect web server settings",
			"Flow            20.0.31.172 → —",
			"Where           US · AS8075 Microsoft Corporation → —",
			"▼ LOW", "ATTACK · no incident",
			"Owners          Joshua ✓ CLOSED",
			"Next            approved by Jerry",
			"APPROVED", "created 2022-09-14 17:34 (4y ago)",
			"Last said       Joshua · 4y ago: * Blocked the IP address in firewall.",
		}},
		{"sonar5", []string{
			"T1190", "185.220.101.47:51544 → 10.20.30.15:443 · tcp · allow",
			"risk 92 critical", "김민지 ◐ IN PROGRESS, 박준호 ○ ASSIGNED",
			"waiting for approval: 최동현; assignee: 김민지, 박준호",
			"Last said       최동현 · 5d ago:",
		}},
		{"comment", []string{
			"10.40.2.77:53211 → 10.0.0.53:53", "user gdhong", "ATTACK · INCIDENT",
			"waiting for approval: 최동현, Joshua", "SUBMITTED", "Last said       김민지 · 5d ago: 보고서",
		}},
		{"closed", []string{"정우진 (deleted) ✓ CLOSED", "approved by 이경호 (deleted)", "CLOSED", "user FIN\\hyoon"}},
		{"plain", []string{"Owners          nobody assigned", "Last said       no comments yet", "not an attack"}},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			h := newHarness(t, fixtureGUID(t, c.fixture), 80, 24, Dark)
			scr := h.screen()
			for _, w := range c.want {
				if !strings.Contains(scr, w) {
					t.Errorf("first screen lacks %q:\n%s", w, scr)
				}
			}
			// Noise is off the first screen: GUIDs, null rows.
			m := h.model()
			if guid := m.guid; strings.Contains(scr, guid) {
				t.Errorf("the GUID is on the first screen:\n%s", scr)
			}
			for _, l := range strings.Split(scr, "\n") {
				if strings.HasSuffix(strings.TrimSpace(l), " null") {
					t.Errorf("a null row is on the first screen: %q", l)
				}
			}
			// ... but still in the pane: searchable and copyable.
			if text := m.panes[summaryPane].pager.text(); !strings.Contains(text, m.guid) {
				t.Errorf("the GUID is gone from the Summary")
			}
		})
	}
}

func TestSummaryNoise(t *testing.T) {
	h := newHarness(t, seedGUID, 120, 40, Dark)
	text := h.model().panes[summaryPane].pager.text()
	if strings.Contains(text, "Other fields (0)") {
		t.Errorf("an empty Other fields section is shown")
	}
	// Null fields are listed once, together, and still searchable.
	if !strings.Contains(text, "Closed null") || !strings.Contains(text, "x_login null") {
		t.Errorf("null fields are not listed:\n%s", text)
	}
	h.keys("/")
	h.typeText("ad4b9871")
	h.keys("enter")
	if _, total := h.model().panes[summaryPane].pager.status(); total != 1 {
		t.Errorf("the rule GUID is not searchable: %d matches", total)
	}
	// An unknown-fields ticket still says how many.
	h = newHarness(t, fixtureGUID(t, "unknown"), 120, 40, Dark)
	if text := h.model().panes[summaryPane].pager.text(); !strings.Contains(text, "Other fields (") {
		t.Errorf("Other fields missing")
	}
}

// TestGoldenTriage pins the triage card of every kind of ticket, as a
// terminal draws it, in Unicode and ASCII mode.
func TestGoldenTriage(t *testing.T) {
	for _, fx := range []string{"sonar5", "closed", "plain", "hostile"} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, ascii := range []bool{false, true} {
				name := fmt.Sprintf("%s/%dx%d", fx, size[0], size[1])
				if ascii {
					name += "/ascii"
				}
				t.Run(name, func(t *testing.T) {
					h := newHarness(t, fixtureGUID(t, fx), size[0], size[1], Dark, func(d *Deps) { d.ASCII = ascii })
					requireFits(t, h.frame(), size[0], size[1])
					golden.RequireEqual(t, h.screen())
				})
			}
		}
	}
}

func TestLatestCommentAndOrder(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "comment"), 80, 24, Dark)
	h.keys("L")
	m := h.model()
	p := m.panes[commentsPane]
	if m.active != commentsPane {
		t.Fatalf("L did not switch to Comments: %v", m.active)
	}
	last := p.anchors[len(p.anchors)-1]
	if p.pager.offset != min(last, p.pager.maxOffset()) {
		t.Errorf("L: offset %d, want the last comment at %d", p.pager.offset, last)
	}
	if !strings.Contains(h.screen(), "60/60") {
		t.Errorf("the newest comment is not on screen:\n%s", h.screen())
	}
	// Newest first: comment 60 leads, numbers are kept.
	h.keys("O")
	scr := h.screen()
	if !strings.Contains(scr, "newest first") {
		t.Errorf("no notice of the order:\n%s", scr)
	}
	text := h.model().panes[commentsPane].pager.text()
	if i, j := strings.Index(text, "60/60"), strings.Index(text, "1/60"); i < 0 || j < 0 || i > j {
		t.Errorf("O: comment 60 is not first (%d, %d)", i, j)
	}
	h.keys("1", "L")
	if p := h.model().panes[commentsPane]; p.pager.offset != p.anchors[0] {
		t.Errorf("L with newest first: offset %d, want %d", p.pager.offset, p.anchors[0])
	}
	h.keys("O")
	text = h.model().panes[commentsPane].pager.text()
	if i, j := strings.Index(text, "60/60"), strings.Index(text, "1/60"); i < j {
		t.Errorf("O again: the thread is not oldest first")
	}
}

// TestLatestCommentWhileRendering: L given before the Markdown of the
// thread is rendered still lands on the newest comment.
func TestLatestCommentWhileRendering(t *testing.T) {
	h := newHarness(t, "", 80, 24, Dark)
	var md tea.Cmd
	h.m, md = h.m.Update(fetchedMsg{seq: h.model().seq, guid: fixtureGUID(t, "comment"), ticket: longThread(t, 60)})
	var jump tea.Cmd
	h.m, jump = h.m.Update(keyMsg("L"))
	if p := h.model().panes[commentsPane]; !p.rendering && !p.preparing {
		t.Fatal("the thread was neither rendering nor being prepared: the test tests nothing")
	}
	h.run(jump)
	h.run(md) // the Markdown arrives after the key
	p := h.model().panes[commentsPane]
	if p.rendering || p.preparing {
		t.Fatal("still rendering")
	}
	last := p.anchors[len(p.anchors)-1]
	if p.pager.offset != min(last, p.pager.maxOffset()) {
		t.Errorf("offset %d, want the last comment at %d", p.pager.offset, last)
	}
}
