package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func withBase(base, pattern string) func(*Deps) {
	return func(d *Deps) { d.BaseURL, d.ConsoleURLPattern = base, pattern }
}

func TestCopyConsoleURL(t *testing.T) {
	cases := []struct {
		name, base, pattern, want string
	}{
		{"default", "https://sonar.example.com/", "", "https://sonar.example.com/#/tickets/" + seedGUID},
		{"path prefix", "https://siem.example/sonar", "", "https://siem.example/sonar/#/tickets/" + seedGUID},
		{"pattern", "https://sonar.example.com", "{base}/ui/ticket?guid={guid}", "https://sonar.example.com/ui/ticket?guid=" + seedGUID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, seedGUID, 100, 30, Dark, withBase(c.base, c.pattern))
			h.keys("y", "u")
			if got := h.clip.last(); got != c.want {
				t.Errorf("copied %q, want %q", got, c.want)
			}
		})
	}
	// Without a server URL there is nothing to link to: say so.
	h := newHarness(t, seedGUID, 100, 30, Dark)
	h.keys("y", "u")
	if len(h.clip.text) != 0 || !strings.Contains(h.screen(), "nothing to copy") {
		t.Errorf("copied %q without a base URL", h.clip.last())
	}
}

// TestCopyHandoff: the Markdown hand-off carries the card's answers, the
// link and the defanged IOCs, and ticket data cannot add lines, links or
// controls to it.
func TestCopyHandoff(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "sonar5"), 100, 30, Dark, withBase("https://sonar.example.com", ""))
	h.keys("y", "m")
	got := h.clip.last()
	for _, want := range []string{
		"### #48213 Web shell upload after SQL injection: 185.220.101.47",
		"- **Ticket:** <https://sonar.example.com/#/tickets/a7bccf5a-f7a6-4056-8c9c-48a5b4ca8db4>",
		"- **State:** priority HIGH, status IN\\_PROGRESS, risk 92, attack yes, incident no",
		"- **Flow:** 185.220.101.47:51544 -> 10.20.30.15:443",
		"- **Assignees:** 김민지 (IN\\_PROGRESS), 박준호 (ASSIGNED)",
		"- **Approvers:** 최동현 (ASSIGNED)",
		"- **Last comment:** 최동현, ",
		"IOCs (defanged):", "185[.]220[.]101[.]47",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("hand-off lacks %q:\n%s", want, got)
		}
	}

	h = newHarness(t, fixtureGUID(t, "hostile"), 100, 30, Dark, withBase("https://sonar.example.com", ""))
	h.keys("y", "m")
	got = h.clip.last()
	for _, r := range got {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x202e {
			t.Fatalf("hand-off holds %U", r)
		}
	}
	inFence := false
	for _, l := range strings.Split(got, "\n") {
		switch {
		case l == "```":
			inFence = !inFence
		case inFence, l == "", l == "IOCs (defanged):":
		case strings.HasPrefix(l, "### #"), strings.HasPrefix(l, "- **"):
		default:
			t.Errorf("ticket data added the line %q", l)
		}
		if !inFence && strings.Contains(strings.ReplaceAll(l, `\[`, ""), "[") {
			t.Errorf("an unescaped [ could make a link: %q", l)
		}
	}
	if !strings.Contains(got, `\\x1B\]0;pwned\\x07`) {
		t.Errorf("the title's escape is not shown escaped:\n%s", got)
	}
}

func TestCopySelectedSummaryValue(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 40, Dark)
	pg := &h.model().panes[summaryPane].pager
	line := -1
	for i, l := range pg.unstyled() {
		if strings.HasPrefix(l, "Rule            ") && strings.Contains(l, "Attempt") {
			line = i
		}
	}
	if line < 0 {
		t.Fatalf("no Rule row:\n%s", pg.text())
	}
	h.keys("v")
	if open := paintOf(h.model().st.Cursor).open; open == "" || !strings.Contains(h.frame(), open) {
		t.Errorf("select mode draws no cursor line")
	}
	for h.model().panes[summaryPane].cursor.line < line {
		h.keys("j")
	}
	h.keys("y")
	if !strings.Contains(h.screen(), "y value") && !strings.Contains(h.screen(), "y  value") {
		t.Errorf("the copy menu does not offer the value:\n%s", h.screen())
	}
	h.keys("y")
	if got := h.clip.last(); got != "Attempt to collect web server settings" {
		t.Errorf("y y copied %q", got)
	}
	// esc leaves select mode; y y is then not offered.
	h.keys("esc", "y", "y")
	if got := h.clip.last(); got != "Attempt to collect web server settings" || len(h.clip.text) != 1 {
		t.Errorf("y y without a cursor copied %q", got)
	}
}

// TestCopyMenuFits: at 80 columns the menu is a list over the pane, every
// choice visible.
func TestCopyMenuFits(t *testing.T) {
	h := newHarness(t, seedGUID, 80, 24, Dark)
	h.keys("y")
	scr := h.screen()
	for _, want := range []string{"g  GUID", "i  IOCs", "I  IOCs defanged", "m  hand-off (Markdown)", "u  console URL", "esc  cancel"} {
		if !strings.Contains(scr, want) {
			t.Errorf("copy menu lacks %q:\n%s", want, scr)
		}
	}
	requireFits(t, h.frame(), 80, 24)
}

func TestMouseToggleAndTabClick(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	if got := h.m.View().MouseMode; got != tea.MouseModeCellMotion {
		t.Fatalf("mouse mode %v", got)
	}
	h.keys("M")
	if got := h.m.View().MouseMode; got != tea.MouseModeNone {
		t.Errorf("M: mouse mode %v, want none", got)
	}
	h.keys("M")
	if got := h.m.View().MouseMode; got != tea.MouseModeCellMotion {
		t.Errorf("M again: mouse mode %v", got)
	}
	// Click each tab where the tab bar draws it.
	row := -1
	for y, l := range strings.Split(h.screen(), "\n") {
		if strings.Contains(l, "Comments (1)") {
			row = y
		}
	}
	bar := strings.Split(h.screen(), "\n")[row]
	for _, tab := range []struct {
		label string
		want  paneID
	}{{"Comments", commentsPane}, {"People", peoplePane}, {"Event", eventPane}, {"Summary", summaryPane}} {
		x := len([]rune(bar[:strings.Index(bar, tab.label)])) + 1
		h.send(tea.MouseClickMsg{X: x, Y: row, Button: tea.MouseLeft})
		if got := h.model().active; got != tab.want {
			t.Errorf("click on %s at %d,%d: pane %v", tab.label, x, row, got)
		}
	}
	// A click on a line of the pane selects it (y y copies it) and
	// stays on the pane.
	scr := strings.Split(h.screen(), "\n")
	y := -1
	for i, l := range scr {
		if strings.Contains(l, "Rule type") {
			y = i
		}
	}
	h.send(tea.MouseClickMsg{X: 5, Y: y, Button: tea.MouseLeft})
	if got := h.model().active; got != summaryPane {
		t.Errorf("a click on the pane switched to %v", got)
	}
	h.keys("y", "y")
	if got := h.clip.last(); got != "STREAM" {
		t.Errorf("click then y y copied %q, want the Rule type STREAM", got)
	}
	// Starting with capture off (Deps.NoMouse).
	h = newHarness(t, seedGUID, 100, 30, Dark, func(d *Deps) { d.NoMouse = true })
	if got := h.m.View().MouseMode; got != tea.MouseModeNone {
		t.Errorf("NoMouse: mouse mode %v", got)
	}
}

// TestCopySelectedWrappedValue: a key fact that wraps onto several lines
// is copied whole, from any of its lines.
func TestCopySelectedWrappedValue(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "sonar5"), 80, 24, Dark)
	h.keys("2", "v")
	pg := &h.model().panes[eventPane].pager
	line := -1
	for i, l := range pg.unstyled() {
		if strings.HasPrefix(l, "URL ") {
			line = i
		}
	}
	if line < 0 || !strings.HasPrefix(pg.unstyled()[line+1], "      ") {
		t.Fatalf("the URL key fact does not wrap at 80 columns:\n%s", pg.text())
	}
	for h.model().panes[eventPane].cursor.line < line {
		h.keys("j")
	}
	h.keys("y", "y")
	want := "https://shop.hanbit-fin.example/board/upload.php?id=1%27%20UNION%20SELECT%201,2,load_file(%27/etc/passwd%27)--%20-"
	if got := h.clip.last(); got != want {
		t.Errorf("copied %q\nwant   %q", got, want)
	}
}

// TestCopySelectedCardRow: y y on a triage card row cut with an ellipsis
// copies the whole value, and search finds the text cut off.
func TestCopySelectedCardRow(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "sonar5"), 80, 24, Dark)
	pg := &h.model().panes[summaryPane].pager
	line := -1
	for i, l := range pg.unstyled() {
		if strings.HasPrefix(l, "What ") {
			line = i
			break
		}
	}
	if line < 0 || !strings.HasSuffix(pg.unstyled()[line], "…") {
		t.Fatalf("no cut What row:\n%s", pg.text())
	}
	pg.search("Application", false)
	found := false
	for _, m := range pg.matches {
		found = found || m.line == line
	}
	if !found {
		t.Errorf("search does not find the text cut off the What row")
	}
	pg.search("", false)
	h.keys("v")
	for h.model().panes[summaryPane].cursor.line < line {
		h.keys("j")
	}
	h.keys("y", "y")
	if got, want := h.clip.last(), "Web shell upload after SQL injection · T1190 Exploit Public-Facing Application · T1505.003 Server Software Component: Web Shell · T1059.004 Command and Scripting Interpreter: Unix Shell"; got != want {
		t.Errorf("y y copied %q, want %q", got, want)
	}
}
