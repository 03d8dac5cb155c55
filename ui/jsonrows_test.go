package ui

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// randomEvent is a JSON event mixing what the layout treats differently:
// escapes in keys and values, invalid Unicode, wide text, long values that
// wrap, duplicate keys, empty and nested containers, nulls.
func randomEvent(r *rand.Rand, depth int) string {
	leaves := []string{`"a"`, `"\u001b[31mred"`, `"\ud800x"`, `"한국어 텍스트"`, `"` + strings.Repeat("long value ", 20) + `"`,
		`"q\"uote\\"`, `""`, `"\u202e bidi"`, "\"\xff bad\"", `"tab\there"`, `-12.5e3`, `7`, `true`, `false`, `null`, `{}`, `[]`}
	keys := []string{`"k"`, `"src_ip"`, `"\u001b]52;c;x\u0007"`, `"` + strings.Repeat("longkey", 8) + `"`, `"키"`, `"bad\ud800"`, `"msg"`}
	switch k := r.Intn(10); {
	case depth > 4 || k < 5:
		return leaves[r.Intn(len(leaves))]
	case k < 7:
		parts := make([]string, r.Intn(5))
		for i := range parts {
			parts[i] = randomEvent(r, depth+1)
		}
		return "[" + strings.Join(parts, ",") + "]"
	default:
		parts := make([]string, r.Intn(6))
		for i := range parts {
			parts[i] = keys[r.Intn(len(keys))] + ":" + randomEvent(r, depth+1)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
}

// jsonEventTickets are the fixtures with a JSON event and random events.
func jsonEventTickets(t *testing.T) []*api.Ticket {
	var out []*api.Ticket
	for _, f := range sonartest.Fixtures() {
		if tk := decode(t, f.Body); tk.Event.Tree != nil {
			out = append(out, tk)
		}
	}
	r := rand.New(rand.NewSource(6))
	for len(out) < 60 {
		ev := `{"field_order":"msg,k",` + `"e":` + randomEvent(r, 0) + `,"k":` + randomEvent(r, 0) + `}`
		out = append(out, decode(t, ticketBody(`"title":"random"`, `"content":`+jsonQuote(ev))))
	}
	deep := strings.Repeat(`{"d":`, 70) + "1" + strings.Repeat("}", 70)
	return append(out, decode(t, ticketBody(`"title":"deep"`, `"content":`+jsonQuote(deep))))
}

// jsonQuote is s as a JSON string, raw bytes kept (strconv.Quote would
// write \x escapes, which JSON does not have).
func jsonQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestLazyEventRows: the Event pane keeps no drawn JSON rows; the rows it
// draws on demand, styled and plain, are exactly those of the full layout,
// for every palette, glyph set, width, filter, hidden nulls and folds.
func TestLazyEventRows(t *testing.T) {
	styles := []Styles{NewStyles(Dark), NewStyles(Light), stylesFor(Dark, colorprofile.ANSI), NewStyles(Dark).WithGlyphs(true)}
	navs := []eventNav{{}, {hideNulls: true}, {filter: "k"}, {folded: map[string]bool{".e": true, `.k`: true}}}
	for ti, tk := range jsonEventTickets(t) {
		for si, st := range styles {
			for _, w := range []int{12, 37, 80, 120} {
				for ni, nv := range navs {
					nav := nv
					var jobs []mdJob
					lazy := buildEvent(st, tk, w, false, &nav, testNow, time.UTC, newMDCache(), &jobs)
					// The same layout, every row kept.
					o := nav.opts(tk.Event.Tree)
					o.lazy = false
					eager, _, _ := renderJSONNav(st, tk.Event.Tree, tk.Event.FieldOrder, w, o)
					eager = append(append([]string{}, lazy[:nav.from]...), eager...)
					var pl, pe pager
					pl.src = nav.rows
					pl.setLines(lazy)
					pe.setLines(eager)
					if len(pl.lines) != len(pe.lines) {
						t.Fatalf("ticket %d style %d width %d nav %d: %d rows, want %d", ti, si, w, ni, len(pl.lines), len(pe.lines))
					}
					kept := 0
					for i := range pl.lines {
						if pl.lines[i] != "" {
							kept++
						}
						if got := pl.row(i); got != pe.lines[i] {
							t.Fatalf("ticket %d style %d width %d nav %d: row %d is\n%q, want\n%q", ti, si, w, ni, i, got, pe.lines[i])
						}
					}
					if pu, eu := pl.unstyled(), pe.unstyled(); strings.Join(pu, "\n") != strings.Join(eu, "\n") {
						t.Fatalf("ticket %d style %d width %d nav %d: unstyled rows differ", ti, si, w, ni)
					}
					if ti == 0 && w == 120 && kept > nav.from+2 {
						t.Errorf("seed ticket at 120 columns: %d of %d rows kept drawn", kept, len(pl.lines))
					}
				}
			}
		}
	}
}

// TestLazyEventPane: the viewer's Event pane shows, searches and copies
// the lazily drawn rows.
func TestLazyEventPane(t *testing.T) {
	tk := decode(t, eventTicketBody(300<<10))
	m := modelFor(t, tk, 100, 30)
	p := m.panes[eventPane]
	if p.pager.src == nil {
		t.Fatal("the Event pane has no row source")
	}
	empty := 0
	for _, l := range p.pager.lines {
		if l == "" {
			empty++
		}
	}
	if empty < len(p.pager.lines)*9/10 {
		t.Fatalf("%d of %d rows left to draw on demand, want most", empty, len(p.pager.lines))
	}
	m.active = eventPane
	p.pager.scrollTo(m.nav.from + 3)
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, `"src_ip": "10.0.0.0"`) {
		t.Fatalf("the screen lacks the first row's src_ip:\n%s", v)
	}
	const q = "index.php?id=123"
	want := 0
	for _, ev := range tk.Event.Tree.Get("events").Items {
		if ev.Get("msg").Value.ContainsFold(q) {
			want++
		}
	}
	p.pager.search(q, true)
	if _, n := p.pager.status(); n != want || want == 0 {
		t.Fatalf("%d matches, want %d", n, want)
	}
	events := tk.Event.Tree.Get("events").Items
	last := `"msg": "` + termsafe.Escape(events[len(events)-1].Get("msg").Value, termsafe.SingleLine).Plain() + `",`
	if !strings.Contains(p.pager.text(), last) {
		t.Fatalf("copying the pane lacks the row %s", last)
	}
}

// TestPlainWithoutColour: --plain without colour lays the event out without
// paints instead of stripping them; it must say exactly what the coloured
// report says.
func TestPlainWithoutColour(t *testing.T) {
	for ti, tk := range jsonEventTickets(t) {
		for _, w := range []int{0, 40} {
			var plain, colour strings.Builder
			if err := PlainReport(&plain, tk, PlainOptions{Width: w, Now: testNow, Location: time.UTC}); err != nil {
				t.Fatal(err)
			}
			if err := PlainReport(&colour, tk, PlainOptions{Width: w, Color: true, Now: testNow, Location: time.UTC}); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(plain.String(), "\x1b") {
				t.Fatalf("ticket %d: an escape sequence without colour", ti)
			}
			want := strings.Split(colour.String(), "\n")
			for i := range want {
				want[i] = strings.TrimRight(ansi.Strip(want[i]), " ")
			}
			if got := strings.Split(plain.String(), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("ticket %d width %d, line %d:\n%q, want\n%q", ti, w, i, got[i], want[i])
					}
				}
				t.Fatalf("ticket %d width %d: %d lines, want %d", ti, w, len(got), len(want))
			}
		}
	}
}
