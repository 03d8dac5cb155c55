package ui

import (
	"image/color"

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

func priorityBadge(st Styles, f api.Field) string { return badgeFor(st, priorities, f) }
func statusBadge(st Styles, f api.Field) string   { return badgeFor(st, statuses, f) }

func badgeFor(st Styles, table map[string]badgeSpec, f api.Field) string {
	if b, ok := lookup(table, f); ok {
		word := b.word
		if b.glyph != nil {
			word = b.glyph(st.G) + " " + word
		}
		out := st.badge(word, b.color(st.p))
		for _, d := range f.Duplicates() {
			out += st.Warn.Render(" "+st.G.Warn+" duplicate key: ") + st.safeIn(st.Plain, st.field(d))
		}
		return out
	}
	// An undocumented value is shown as sent, never hidden.
	return st.fieldStyled(f)
}

func taskStatus(st Styles, f api.Field) string {
	if wf, ok := lookup(taskStatuses, f); ok {
		w := wf(st.G)
		switch {
		case f.Is("CLOSED") || f.Is("APPROVED"):
			return st.OK.Render(w)
		case f.Is("REJECTED"):
			return st.Danger.Render(w)
		case f.Is("IN_PROGRESS"):
			return st.Warn.Render(w)
		}
		return st.Accent.Render(w)
	}
	return st.fieldStyled(f)
}
