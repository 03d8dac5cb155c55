package ui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// everyMarkdown uses every element glamour styles.
const everyMarkdown = "# Heading one\n\n## Heading two\n\n### Three\n\nText with **bold**, *emphasis*, ~~struck~~, `inline code` and a " +
	"[link](https://example.com/x) and an ![image](https://example.com/i.png).\n\n> a quote\n> on two lines\n\n" +
	"- item one\n- item two\n  1. nested\n- [x] done\n- [ ] to do\n\n---\n\n" +
	"```json\n{\"src_ip\": \"10.0.0.7\", \"count\": 3, \"ok\": true, \"x\": null}\n```\n\n" +
	"```sh\n# comment\necho \"hi\" | grep -v x\n```\n\n    indented code\n\n" +
	"| a | b |\n|---|---|\n| 1 | two |\n\nTerm\n: definition\n"

// TestSixteenColourMarkdown is issue 7's "use an explicit 16-colour
// palette per theme" for Markdown: glamour's own colours were
// downsampled, so the light theme's code block came out bright white on
// white. On 16 colours Markdown is drawn in the theme's chosen ANSI
// colours: no Markdown cell is drawn in its background's colour, or in a
// colour unreadable on the theme's background.
func TestSixteenColourMarkdown(t *testing.T) {
	unreadable := map[Theme]map[int]string{
		Dark:  {0: "black", 4: "dark blue", 8: "bright black"},
		Light: {7: "white", 15: "bright white", 3: "yellow", 11: "bright yellow"},
	}
	body := []byte(commentTicket("MARKDOWN", strconv.Quote(everyMarkdown)[1:len(strconv.Quote(everyMarkdown))-1]))
	for _, theme := range []Theme{Dark, Light} {
		for _, size := range [][2]int{{120, 80}, {80, 80}} {
			h := newHarness(t, seedGUID, size[0], size[1], theme, func(d *Deps) {
				g := newFakeGetter()
				g.bodies[seedGUID] = body
				d.Getter = g
			})
			h.send(tea.ColorProfileMsg{Profile: colorprofile.ANSI})
			h.keys("4")
			e := h.cells()
			if !strings.Contains(h.screen(), "inline code") {
				t.Fatalf("the comment is not on screen:\n%s", h.screen())
			}
			for y := range h.h {
				for x := range h.width {
					c := e.CellAt(x, y)
					if c == nil || strings.TrimSpace(c.Content) == "" || c.Style.Attrs&1<<5 != 0 {
						continue // blank, or reversed (escape tokens, matches)
					}
					where := fmt.Sprintf("%v %dx%d (%d,%d) %q", theme, size[0], size[1], x, y, c.Content)
					fg, bg := basic(to16(c.Style.Fg)), basic(to16(c.Style.Bg))
					switch {
					case c.Style.Bg != nil && fg == bg:
						t.Errorf("%s: colour %d on colour %d", where, fg, bg)
					case c.Style.Bg == nil:
						if name, bad := unreadable[theme][fg]; bad {
							t.Errorf("%s: %s text on the %v background", where, name, theme)
						}
					}
				}
			}
		}
	}
}
