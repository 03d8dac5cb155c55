package ui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/vt"
)

// styledScreen is the emulator's screen with its styles: each run of
// cells in one style is written {fg bg attrs}text, so a golden pins the
// colours and highlights as well as the text.
func styledScreen(e *vt.Emulator) string {
	name := func(c color.Color) string {
		switch c := c.(type) {
		case nil:
			return "-"
		case interface{ String() string }:
			return c.String()
		default:
			r, g, b, _ := c.RGBA()
			return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
		}
	}
	var out strings.Builder
	for y := range e.Height() {
		var line strings.Builder
		prev := ""
		for x := 0; x < e.Width(); x++ {
			c := e.CellAt(x, y)
			if c == nil || c.Width == 0 {
				continue
			}
			st := fmt.Sprintf("{%s %s %d}", name(c.Style.Fg), name(c.Style.Bg), c.Style.Attrs)
			if st != prev {
				line.WriteString(st)
				prev = st
			}
			if c.Content == "" {
				line.WriteByte(' ')
			} else {
				line.WriteString(c.Content)
			}
		}
		out.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return out.String()
}

// TestGoldenReading pins the screens issue 7 changed, at the sizes it
// named: text as a terminal draws it, and for some the styles too.
func TestGoldenReading(t *testing.T) {
	cases := []struct {
		name    string
		guid    string
		w, h    int
		theme   Theme
		profile colorprofile.Profile
		keys    []string
		styled  bool
	}{
		{name: "help/80x24", guid: seedGUID, w: 80, h: 24, keys: []string{"?"}},
		{name: "help/40x12", guid: seedGUID, w: 40, h: 12, keys: []string{"?"}},
		{name: "help/200x60", guid: seedGUID, w: 200, h: 60, keys: []string{"?"}},
		{name: "prompt-help/80x24", w: 80, h: 24, keys: []string{"?"}},
		{name: "notfound/80x24", guid: missingGUID, w: 80, h: 24},
		{name: "narrow/40x12", guid: sonartestGUID("sonar5"), w: 40, h: 12, styled: true},
		{name: "search-wrap/120x40", guid: sonartestGUID("sonar5"), w: 120, h: 40, keys: []string{"2", "/", "S", "a", "f", "a", "r", "i", "enter"}, styled: true},
		{name: "comments-G-[/100x30", guid: sonartestGUID("comment"), w: 100, h: 30, keys: []string{"4", "G", "["}, styled: true},
		{name: "colors16-dark/80x24", guid: sonartestGUID("sonar5"), w: 80, h: 24, profile: colorprofile.ANSI, styled: true},
		{name: "colors16-light/80x24", guid: sonartestGUID("sonar5"), w: 80, h: 24, theme: Light, profile: colorprofile.ANSI, styled: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.guid, c.w, c.h, c.theme)
			if c.profile == colorprofile.ANSI {
				h.send(tea.ColorProfileMsg{Profile: c.profile})
			}
			if c.guid == "" {
				h.keys(c.keys...)
			} else {
				for _, k := range c.keys {
					h.send(keyMsg(k))
				}
			}
			requireFits(t, h.frame(), c.w, c.h)
			out := h.screen()
			if c.styled {
				out += "\n-- styles --\n" + styledScreen(h.cells())
			}
			golden.RequireEqual(t, out)
		})
	}
}

// sonartestGUID is fixtureGUID without a *testing.T, for tables.
func sonartestGUID(word string) string {
	for _, f := range sonartestFixtures() {
		if strings.Contains(strings.ToLower(f.Name), word) {
			return f.GUID
		}
	}
	panic("no fixture " + word)
}
