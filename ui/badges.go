package ui

import (
	"image/color"
	"strings"

	"github.com/sonar-tui/sonar-tui/api"
)

// A badge carries its word as well as its colour, so it reads the same on a
// 16-colour terminal, with NO_COLOR, or for a colour-blind analyst.

type badgeSpec struct {
	word  string
	color func(palette) color.Color
}

var priorities = map[string]badgeSpec{
	"HIGH":   {"▲ HIGH", func(p palette) color.Color { return p.danger }},
	"MEDIUM": {"◆ MEDIUM", func(p palette) color.Color { return p.warn }},
	"LOW":    {"▼ LOW", func(p palette) color.Color { return p.ok }},
}

var statuses = map[string]badgeSpec{
	"NEW":         {"NEW", func(p palette) color.Color { return p.info }},
	"ASSIGNED":    {"ASSIGNED", func(p palette) color.Color { return p.accent }},
	"IN_PROGRESS": {"IN PROGRESS", func(p palette) color.Color { return p.warn }},
	"SUBMITTED":   {"SUBMITTED", func(p palette) color.Color { return p.info }},
	"APPROVED":    {"APPROVED", func(p palette) color.Color { return p.ok }},
	"REJECTED":    {"REJECTED", func(p palette) color.Color { return p.danger }},
	"CLOSED":      {"CLOSED", func(p palette) color.Color { return p.faint }},
}

// taskStatuses are the assignee/approver task states, with an icon.
var taskStatuses = map[string]string{
	"ASSIGNED":    "○ ASSIGNED",
	"IN_PROGRESS": "◐ IN PROGRESS",
	"CLOSED":      "✓ CLOSED",
	"APPROVED":    "✓ APPROVED",
	"REJECTED":    "✗ REJECTED",
	"SUBMITTED":   "↑ SUBMITTED",
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
func badgeFit(l *fitLine, table map[string]badgeSpec, f api.Field) {
	b, ok := lookup(table, f)
	if !ok {
		l.field(f, l.st.Plain)
		return
	}
	l.chrome(l.st.badge(b.word, b.color(l.st.p)))
	l.dups(f)
}

func priorityBadge(st Styles, f api.Field) string { return badgeFor(st, priorities, f) }
func statusBadge(st Styles, f api.Field) string   { return badgeFor(st, statuses, f) }

func badgeFor(st Styles, table map[string]badgeSpec, f api.Field) string {
	if b, ok := lookup(table, f); ok {
		var out strings.Builder
		out.WriteString(st.badge(b.word, b.color(st.p)))
		st.writeDups(&out, f)
		return out.String()
	}
	// An undocumented value is shown as sent, never hidden.
	return st.fieldStyled(f)
}

func taskStatus(st Styles, f api.Field) string {
	w, ok := lookup(taskStatuses, f)
	if !ok {
		return st.fieldStyled(f)
	}
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
