package ui

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/sonar-tui/sonar-tui/api"
)

// A badge carries its word as well as its colour, so it reads the same on a
// 16-colour terminal, with NO_COLOR, or for a colour-blind analyst.

type badgeSpec struct {
	word  string
	color func(palette) color.Color
	// glyph, when set, draws an icon before the word.
	glyph func(Glyphs) string
}

// text is the badge's word, after its icon if it has one.
func (b badgeSpec) text(g Glyphs) string {
	if b.glyph == nil {
		return b.word
	}
	return b.glyph(g) + " " + b.word
}

var priorities = map[string]badgeSpec{
	"HIGH":   {"HIGH", func(p palette) color.Color { return p.danger }, func(g Glyphs) string { return g.High }},
	"MEDIUM": {"MEDIUM", func(p palette) color.Color { return p.warn }, func(g Glyphs) string { return g.Medium }},
	"LOW":    {"LOW", func(p palette) color.Color { return p.ok }, func(g Glyphs) string { return g.Low }},
}

var statuses = map[string]badgeSpec{
	"NEW":         {"NEW", func(p palette) color.Color { return p.info }, nil},
	"ASSIGNED":    {"ASSIGNED", func(p palette) color.Color { return p.accent }, nil},
	"IN_PROGRESS": {"IN PROGRESS", func(p palette) color.Color { return p.warn }, nil},
	"SUBMITTED":   {"SUBMITTED", func(p palette) color.Color { return p.info }, nil},
	"APPROVED":    {"APPROVED", func(p palette) color.Color { return p.ok }, nil},
	"REJECTED":    {"REJECTED", func(p palette) color.Color { return p.danger }, nil},
	"CLOSED":      {"CLOSED", func(p palette) color.Color { return p.faint }, nil},
}

// taskStatuses are the assignee/approver task states, with an icon.
var taskStatuses = map[string]func(Glyphs) string{
	"ASSIGNED":    func(g Glyphs) string { return g.Open + " ASSIGNED" },
	"IN_PROGRESS": func(g Glyphs) string { return g.Half + " IN PROGRESS" },
	"CLOSED":      func(g Glyphs) string { return g.Check + " CLOSED" },
	"APPROVED":    func(g Glyphs) string { return g.Check + " APPROVED" },
	"REJECTED":    func(g Glyphs) string { return g.Cross + " REJECTED" },
	"SUBMITTED":   func(g Glyphs) string { return g.Up + " SUBMITTED" },
}

func lookup[T any](table map[string]T, f api.Field) (T, bool) {
	for k, v := range table {
		if f.Is(k) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// badgeFit adds a priority or status badge to a header line, bounded.
// A key sent twice is badged with its last value (see badgeFor) and
// flagged.
func badgeFit(l *fitLine, table map[string]badgeSpec, f api.Field) {
	eff := f
	ds := f.Duplicates()
	if len(ds) > 0 {
		eff = ds[len(ds)-1]
	}
	if b, ok := lookup(table, eff); ok {
		l.chrome(l.st.badge(b.text(l.st.G), b.color(l.st.p)))
	} else {
		l.field(eff, l.st.Plain)
	}
	if len(ds) > 0 {
		l.text(l.st.Warn, fmt.Sprintf(" %s %d values (duplicate key), last wins; first sent: ", l.st.G.Warn, len(ds)+1))
		l.add(l.st.Plain, l.st.field(f))
	}
}

func priorityBadge(st Styles, f api.Field) string { return badgeFor(st, priorities, f) }
func statusBadge(st Styles, f api.Field) string   { return badgeFor(st, statuses, f) }

// badgeFor draws the badge of a field's value. A key sent twice counts
// with its last value, as JSON parsers (and so, likely, the web console)
// take it; the other values are flagged next to it, never hidden.
func badgeFor(st Styles, table map[string]badgeSpec, f api.Field) string {
	eff, others := f, []api.Field(nil)
	if ds := f.Duplicates(); len(ds) > 0 {
		eff = ds[len(ds)-1]
		others = append([]api.Field{f}, ds[:len(ds)-1]...)
	}
	var out string
	if b, ok := lookup(table, eff); ok {
		out = st.badge(b.text(st.G), b.color(st.p))
	} else {
		// An undocumented value is shown as sent, never hidden.
		out = st.fieldStyled(eff)
	}
	if len(others) > 0 {
		vals := make([]string, len(others))
		for i, o := range others {
			vals[i] = st.safeIn(st.Plain, st.field(o))
		}
		out += st.Warn.Render(" "+st.G.Warn+" duplicate key, last wins; also sent: ") + strings.Join(vals, ", ")
	}
	return out
}

func taskStatus(st Styles, f api.Field) string {
	wf, ok := lookup(taskStatuses, f)
	if !ok {
		return st.fieldStyled(f)
	}
	w := wf(st.G)
	style := st.Accent
	switch {
	case f.Is("CLOSED") || f.Is("APPROVED"):
		style = st.OK
	case f.Is("REJECTED"):
		style = st.Danger
	case f.Is("IN_PROGRESS"):
		style = st.Warn
	}
	var out strings.Builder
	out.WriteString(style.Render(w))
	st.writeDups(&out, f)
	return out.String()
}
