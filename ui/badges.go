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
// A key sent twice is badged with its last value (see badgeFor) and
// flagged.
func badgeFit(l *fitLine, table map[string]badgeSpec, f api.Field) {
	eff := f
	ds := f.Duplicates()
	if len(ds) > 0 {
		eff = ds[len(ds)-1]
	}
	if b, ok := lookup(table, eff); ok {
		l.chrome(l.st.badge(b.word, b.color(l.st.p)))
	} else {
		l.field(eff, l.st.Plain)
	}
	if len(ds) > 0 {
		l.text(l.st.Warn, fmt.Sprintf(" ⚠ %d values (duplicate key), last wins; first sent: ", len(ds)+1))
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
		out = st.badge(b.word, b.color(st.p))
	} else {
		// An undocumented value is shown as sent, never hidden.
		out = st.fieldStyled(eff)
	}
	if len(others) > 0 {
		vals := make([]string, len(others))
		for i, o := range others {
			vals[i] = st.safeIn(st.Plain, st.field(o))
		}
		out += st.Warn.Render(" ⚠ duplicate key, last wins; also sent: ") + strings.Join(vals, ", ")
	}
	return out
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
