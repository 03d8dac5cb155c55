package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"golang.org/x/text/width"
)

func asciiMode(d *Deps) { d.ASCII = true }

// dataRunes are the runes of every string in a fixture body, the content's
// inner JSON decoded too: the server's own characters, which ASCII mode
// shows as sent.
func dataRunes(t *testing.T, body []byte) map[rune]bool {
	t.Helper()
	out := map[rune]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			for _, r := range v {
				out[r] = true
			}
			if inner, err := decodeNumbers(v); err == nil {
				walk(inner)
			}
		case map[string]any:
			for k, x := range v {
				walk(k)
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	root, err := decodeNumbers(string(body))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	walk(root)
	return out
}

func decodeNumbers(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// TestASCIIModeDrawsNoAmbiguousGlyphs: with ASCII on, no frame of any
// fixture holds an East-Asian-ambiguous rune the server did not send, on
// any pane, raw view, help, copy menu, select mode or filter.
func TestASCIIModeDrawsNoAmbiguousGlyphs(t *testing.T) {
	for _, f := range sonartest.Fixtures() {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {50, 14}} {
			t.Run(fmt.Sprintf("%s/%dx%d", f.Name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, f.GUID, size[0], size[1], Dark, asciiMode)
				data := dataRunes(t, h.g.bodies[f.GUID])
				check := func(where string) {
					t.Helper()
					for _, r := range ansi.Strip(h.frame()) {
						if width.LookupRune(r).Kind() == width.EastAsianAmbiguous && !data[r] {
							t.Errorf("%s: frame draws ambiguous-width %q (%U)", where, r, r)
							return
						}
					}
				}
				for _, p := range paneKeys {
					h.keys(p.key)
					check(p.name)
					for range 3 {
						h.keys("pgdown")
						check(p.name + " paged")
					}
					h.keys("G")
					check(p.name + " bottom")
					h.keys("R")
					check(p.name + " raw")
					h.keys("R", "g", "v", "j")
					check(p.name + " select")
					h.keys("y")
					check(p.name + " copy menu")
					h.keys("esc", "esc")
				}
				h.keys("2", "C", "H")
				check("event folded")
				h.keys("?")
				check("help")
				h.keys("esc", "o")
				check("prompt")
			})
		}
	}
}

// TestASCIIModeGlyphsAreOneCell: the two glyph sets are interchangeable,
// so layouts do not change with the mode.
func TestASCIIModeGlyphsAreOneCell(t *testing.T) {
	u, a := unicodeGlyphs, asciiGlyphs
	for _, pair := range [][2]string{
		{u.Dot, a.Dot}, {u.Bullet, a.Bullet}, {u.Ellipsis, a.Ellipsis}, {u.Rule, a.Rule}, {u.Bar, a.Bar},
		{u.Mark, a.Mark}, {u.Arrow, a.Arrow}, {u.Dash, a.Dash}, {u.Warn, a.Warn}, {u.Check, a.Check},
		{u.Cross, a.Cross}, {u.High, a.High}, {u.Medium, a.Medium}, {u.Low, a.Low}, {u.Attack, a.Attack},
		{u.Incident, a.Incident}, {u.Filled, a.Filled}, {u.Empty, a.Empty}, {u.Open, a.Open}, {u.Half, a.Half},
		{u.Up, a.Up}, {u.Down, a.Down}, {u.Left, a.Left}, {u.Right, a.Right}, {u.Prompt, a.Prompt},
	} {
		if pair[1] == "" || strings.IndexFunc(pair[1], func(r rune) bool { return r > 0x7e || r < 0x20 }) >= 0 {
			t.Errorf("ASCII glyph for %q is %q", pair[0], pair[1])
		}
		if ansi.StringWidth(pair[0]) != ansi.StringWidth(pair[1]) {
			t.Errorf("%q and %q differ in width", pair[0], pair[1])
		}
	}
}
