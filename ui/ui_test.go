package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

const seedGUID = sonartest.SeedGUID

// fixtureGUID finds a demo fixture by a word of its name.
func fixtureGUID(t *testing.T, word string) string {
	t.Helper()
	for _, f := range sonartest.Fixtures() {
		if strings.Contains(strings.ToLower(f.Name), word) {
			return f.GUID
		}
	}
	t.Fatalf("no fixture named like %q", word)
	return ""
}

var paneKeys = []struct {
	name, key string
}{{"summary", "1"}, {"event", "2"}, {"people", "3"}, {"comments", "4"}}

// TestGoldenScreens pins what every pane looks like, as a terminal draws
// it, for the seed ticket and the Korean-comment ticket.
func TestGoldenScreens(t *testing.T) {
	tickets := []struct{ name, guid string }{
		{"seed", seedGUID},
		{"korean", fixtureGUID(t, "comment")},
	}
	for _, tk := range tickets {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, p := range paneKeys {
				name := fmt.Sprintf("%s/%s/%dx%d", tk.name, p.name, size[0], size[1])
				t.Run(name, func(t *testing.T) {
					h := newHarness(t, tk.guid, size[0], size[1], Dark)
					h.keys(p.key)
					if got := h.model().Screen(); got != "ready" {
						t.Fatalf("screen = %s", got)
					}
					requireFits(t, h.frame(), size[0], size[1])
					golden.RequireEqual(t, h.screen())
				})
			}
		}
	}
}

// TestEveryFrameFits renders every fixture, pane and raw view at small to
// huge sizes: no line may be wider than the terminal, and the frame always
// fills it exactly.
func TestEveryFrameFits(t *testing.T) {
	sizes := [][2]int{{40, 12}, {80, 24}, {120, 40}, {250, 70}, {59, 14}, {20, 6}, {10, 3}}
	for _, f := range sonartest.Fixtures() {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", f.Name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, f.GUID, size[0], size[1], Dark)
				for _, p := range paneKeys {
					h.keys(p.key)
					requireFits(t, h.frame(), size[0], size[1])
					h.keys("G")
					requireFits(t, h.frame(), size[0], size[1])
					h.keys("R")
					requireFits(t, h.frame(), size[0], size[1])
					h.keys("R", "g")
				}
				h.keys("?")
				requireFits(t, h.frame(), size[0], size[1])
			})
		}
	}
}

func TestPanesShowEveryField(t *testing.T) {
	h := newHarness(t, seedGUID, 120, 40, Dark)
	all := func() string {
		var b strings.Builder
		for _, p := range h.model().panes {
			b.WriteString(p.pager.text())
		}
		return b.String()
	}
	text := all()
	for _, want := range []string{
		"49272877-75f2-4c2f-9301-d21c4f9a106d", "Attempt to collect web server settings: 20.0.31.172",
		"Threat", "5f0ba741-7551-400d-8bd6-1f14a6e8536d", "ad4b9871-d5f0-4a8b-a341-8ac0afcdcddf",
		"STREAM", "3bc31b3d-bc25-4be5-8dae-d3cb1831da02.png", "121.2 KiB (124,118 bytes)",
		"웹 서버 설정 수집 시도: 20.0.31.172", "AS8075 Microsoft Corporation", `"ko.logpresso.com "`,
		"Joshua", "Jerry", "✓ CLOSED", "✓ APPROVED", "bfd00bb0-be99-4fd5-8380-166f544975fa",
		"Blocked the IP address in firewall.", "37.750999450683594", "-97.8219985961914",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no pane shows %q", want)
		}
	}
	// field_order names src_ip before the other keys: it comes first.
	ev := h.model().panes[eventPane].pager.text()
	if i, j := strings.Index(ev, `"src_ip"`), strings.Index(ev, `"first_seen"`); i < 0 || j < 0 || i > j {
		t.Errorf("field_order not honoured: src_ip at %d, first_seen at %d", i, j)
	}
}

func TestUnknownFieldsAreShown(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "unknown"), 120, 40, Dark)
	sum := h.model().panes[summaryPane].pager.text()
	for _, want := range []string{"new_field_2027.x[0]", "new_field_2027.x[1]", "owner_name", "9007199254740993", "duplicate key"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary does not show %q", want)
		}
	}
}

func TestInvalidJSONContentShownRawWithError(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "invalid"), 100, 30, Dark)
	ev := h.model().panes[eventPane].pager.text()
	if !strings.Contains(ev, "invalid JSON") || !strings.Contains(ev, "at byte") {
		t.Errorf("event pane lacks the parse error:\n%s", ev)
	}
}

var _ = api.ErrNotFound

// TestLongCellsShownInFull is DATA-8: a cell cut with "…" is shown in full
// nearby.
func TestLongCellsShownInFull(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	long := strings.Repeat("Mozilla/5.0 (compatible; sqlmap) ", 300) // ~10 000 characters
	body := strings.Replace(string(h.g.bodies[seedGUID]), `"company_name": "Logpresso"`, `"company_name": "`+long+`"`, 1)
	h.g.bodies[seedGUID] = []byte(body)
	h.keys("r", "3")
	text := h.model().panes[peoplePane].pager.text()
	if !strings.Contains(text, "…") {
		t.Fatalf("the long company was not cut in the table")
	}
	if got := strings.Count(strings.ReplaceAll(text, "\n", ""), "sqlmap"); got < 300 {
		t.Errorf("the full value is not shown: %d of 300 repetitions", got)
	}
}

func TestDeepUnknownFieldsDoNotExplode(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	deep := strings.Repeat(`{"a":`, 5000) + `[` + strings.Repeat(`1,`, 999) + `1]` + strings.Repeat(`}`, 5000)
	body := strings.Replace(string(h.g.bodies[seedGUID]), `"id": 2,`, `"id": 2, "deep": `+deep+`,`, 1)
	h.g.bodies[seedGUID] = []byte(body)
	h.keys("r")
	if text := h.model().panes[summaryPane].pager.text(); !strings.Contains(text, "…4986 steps…") || !strings.Contains(text, "shortened with …") {
		t.Errorf("deep unknown field not bounded")
	}
}
