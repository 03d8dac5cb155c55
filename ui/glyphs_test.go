package ui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"golang.org/x/text/width"
)

func asciiMode(d *Deps) { d.ASCII = true }

// withoutAmbiguous is a response body with every East-Asian-ambiguous
// rune of its strings replaced by '?', written or \u-escaped, at any
// depth of JSON in JSON (a comment's or event's content), so that every
// such rune on screen comes from the viewer itself.
func withoutAmbiguous(body []byte) []byte {
	s := string(body)
	s = escapedRune.ReplaceAllStringFunc(s, func(m string) string {
		v, _ := strconv.ParseUint(m[len(m)-4:], 16, 32)
		if ambiguous(rune(v)) {
			return "?"
		}
		return m
	})
	return []byte(strings.Map(func(r rune) rune {
		if ambiguous(r) {
			return '?'
		}
		return r
	}, s))
}

var escapedRune = regexp.MustCompile(`\\+u[0-9a-fA-F]{4}`)

func ambiguous(r rune) bool { return width.LookupRune(r).Kind() == width.EastAsianAmbiguous }

// ambiguousOnScreen is the first ambiguous rune of the frame, if any.
func ambiguousOnScreen(frame string) (rune, bool) {
	for _, r := range ansi.Strip(frame) {
		if ambiguous(r) {
			return r, true
		}
	}
	return 0, false
}

// TestASCIIModeDrawsNoAmbiguousGlyphs: with ASCII on and server data free
// of them, no frame holds an East-Asian-ambiguous rune, on any pane
// (Markdown bullets, rules, quotes and tables included), raw view, help,
// copy menu, select mode or filter, at several sizes.
func TestASCIIModeDrawsNoAmbiguousGlyphs(t *testing.T) {
	for _, f := range sonartest.Fixtures() {
		body := withoutAmbiguous(f.Body)
		for _, size := range [][2]int{{80, 24}, {120, 40}, {50, 14}, {200, 60}} {
			t.Run(fmt.Sprintf("%s/%dx%d", f.Name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, f.GUID, size[0], size[1], Dark, asciiMode, func(d *Deps) {
					g := newFakeGetter()
					g.bodies[f.GUID] = body
					d.Getter = g
				})
				check := func(where string) {
					t.Helper()
					if r, ok := ambiguousOnScreen(h.frame()); ok {
						t.Errorf("%s: frame draws ambiguous-width %q (%U)", where, r, r)
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

// TestASCIIModeShowsServerText: ASCII mode changes the viewer's own
// symbols only; ambiguous-width characters the server sent are shown as
// sent, in the title, a Markdown comment and a plain comment.
func TestASCIIModeShowsServerText(t *testing.T) {
	const text = "±1° · ①② → “q” ★ Ω"
	body := []byte(strings.ReplaceAll(commentTicket("MARKDOWN", "- "+text), `"title":"long"`, `"title":"`+text+`"`))
	body = []byte(strings.ReplaceAll(string(body), `"comments":[`, `"comments":[{"guid":"p","format":"PLAIN","content":"`+text+`"},`))
	h := newHarness(t, seedGUID, 120, 40, Dark, asciiMode, func(d *Deps) {
		g := newFakeGetter()
		g.bodies[seedGUID] = body
		d.Getter = g
	})
	if !strings.Contains(ansi.Strip(h.frame()), text) {
		t.Errorf("the title lacks %q:\n%s", text, h.screen())
	}
	h.keys("4")
	pg := h.model().panes[commentsPane].pager
	if n := strings.Count(pg.text(), text); n != 2 {
		t.Errorf("%q is in %d comments, want 2:\n%s", text, n, pg.text())
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
