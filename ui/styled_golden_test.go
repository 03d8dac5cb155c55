package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/vt"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// TestStyledGoldenHostile pins the styling of the hostile ticket, not only
// its text: under each screen row, a row of marks says which cells are in
// reverse video (R), which is how escape tokens are told apart from data
// that merely looks like them (TERM-3). Text-only goldens let that styling
// be removed unnoticed.
func TestStyledGoldenHostile(t *testing.T) {
	for _, p := range paneKeys {
		t.Run(p.name, func(t *testing.T) {
			h := newHarness(t, sonartest.HostileGUID, 100, 30, Dark)
			h.keys(p.key)
			if got := h.model().Screen(); got != "ready" {
				t.Fatalf("screen = %s", got)
			}
			golden.RequireEqual(t, attrScreen(h.frame(), 100, 30))
		})
	}
	t.Run("tokens are reversed", func(t *testing.T) {
		h := newHarness(t, sonartest.HostileGUID, 100, 30, Dark)
		scr := attrScreen(h.frame(), 100, 30)
		if !strings.Contains(scr, `\x1B`) || !strings.Contains(scr, "RRRR") {
			t.Errorf("the hostile Summary shows no reversed escape token:\n%s", scr)
		}
	})
}

// Cell attribute bits of the emulator's cells (ultraviolet's AttrBold,
// AttrFaint, AttrReverse; that module is only an indirect dependency).
const (
	attrBold    = 1 << 0
	attrFaint   = 1 << 1
	attrReverse = 1 << 5
)

// attrScreen draws frame in the emulator and returns each row's text
// followed by a row of attribute marks: R reverse, B bold, F faint, and a
// space for none (reverse wins).
func attrScreen(frame string, w, hgt int) string {
	e := vt.NewEmulator(w, hgt)
	defer e.Close()
	_, _ = e.Write([]byte(strings.ReplaceAll(frame, "\n", "\r\n")))
	var b strings.Builder
	for y := range hgt {
		var text, marks strings.Builder
		for x := 0; x < w; x++ {
			c := e.CellAt(x, y)
			if c == nil || c.Width == 0 {
				continue
			}
			content := c.Content
			if content == "" {
				content = " "
			}
			text.WriteString(content)
			mark := " "
			switch a := c.Style.Attrs; {
			case a&attrReverse != 0:
				mark = "R"
			case a&attrBold != 0:
				mark = "B"
			case a&attrFaint != 0:
				mark = "F"
			}
			marks.WriteString(strings.Repeat(mark, c.Width))
		}
		b.WriteString(strings.TrimRight(text.String(), " ") + "\n")
		if m := strings.TrimRight(marks.String(), " "); m != "" {
			b.WriteString(m + "\n")
		}
	}
	return b.String()
}
