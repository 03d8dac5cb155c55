package ui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// cells draws the harness's frame and returns the emulator (closed by
// the test's cleanup).
func (h *harness) cells() *vt.Emulator {
	e := vt.NewEmulator(h.width, h.h)
	h.t.Cleanup(func() { _ = e.Close() })
	_, _ = e.Write([]byte(strings.ReplaceAll(h.frame(), "\n", "\r\n")))
	return e
}

// to16 is c as a 16-colour terminal gets it: Bubble Tea downsamples
// whatever the styles hold.
func to16(c color.Color) color.Color {
	if c == nil {
		return nil
	}
	return colorprofile.ANSI.Convert(c)
}

// basic is the 16-colour index of c, or -1 when c is not one of them.
func basic(c color.Color) int {
	if b, ok := c.(ansi.BasicColor); ok {
		return int(b)
	}
	return -1
}

// TestSixteenColours is issue 7's reproduction: on 16 colours MEDIUM and
// HIGH got the same red, labels dark blue, separators black on dark, and
// hints and rules were invisible on a light background. The palette is
// explicit per theme; the emulator's cells are inspected. Markdown keeps
// glamour's own styles and is left out.
func TestSixteenColours(t *testing.T) {
	// Text colours that cannot be read on the theme's background.
	unreadable := map[Theme]map[int]string{
		Dark:  {0: "black", 4: "dark blue", 8: "bright black"},
		Light: {7: "white", 15: "bright white", 3: "yellow", 11: "bright yellow"},
	}
	for _, theme := range []Theme{Dark, Light} {
		for _, guid := range []string{seedGUID, fixtureGUID(t, "sonar5"), fixtureGUID(t, "comment")} {
			h := newHarness(t, guid, 120, 40, theme)
			h.send(tea.ColorProfileMsg{Profile: colorprofile.ANSI})
			for _, p := range paneKeys[:3] { // Comments: glamour's styles, not ours
				h.keys(p.key)
				e := h.cells()
				for y := range h.h {
					for x := range h.width {
						c := e.CellAt(x, y)
						if c == nil || strings.TrimSpace(c.Content) == "" {
							continue
						}
						where := fmt.Sprintf("%v %s %s (%d,%d) %q", theme, guid[:8], p.name, x, y, c.Content)
						if c.Style.Bg != nil || c.Style.Attrs&1<<5 != 0 { // on a badge or reversed
							continue
						}
						if name, bad := unreadable[theme][basic(to16(c.Style.Fg))]; bad {
							t.Errorf("%s: %s text on the %v background", where, name, theme)
						}
					}
				}
			}
		}
	}
}

// TestSixteenColourBadges: HIGH and MEDIUM badges differ on 16 colours.
func TestSixteenColourBadges(t *testing.T) {
	for _, theme := range []Theme{Dark, Light} {
		st := stylesFor(theme, colorprofile.ANSI)
		bg := map[string]color.Color{}
		for _, word := range []string{"HIGH", "MEDIUM", "LOW"} {
			b := priorities[word]
			bg[word] = to16(b.color(st.p))
		}
		if basic(bg["HIGH"]) == basic(bg["MEDIUM"]) || basic(bg["MEDIUM"]) == basic(bg["LOW"]) {
			t.Errorf("%v: badges HIGH %v MEDIUM %v LOW %v", theme, bg["HIGH"], bg["MEDIUM"], bg["LOW"])
		}
		for w, c := range bg {
			if basic(c) < 0 {
				t.Errorf("%v: %s badge colour %v is not one of the 16", theme, w, c)
			}
		}
	}
}
