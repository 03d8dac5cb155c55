package ui

import (
	"fmt"

	"charm.land/lipgloss/v2"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// This file turns ticket values into styled, escaped text. Every server
// string goes through termsafe.Escape here; views never see raw strings.

// field renders a value on one line, with the states an analyst must be
// able to tell apart (DATA-6): (missing), null, "" and the value itself.
func (s Styles) field(f api.Field) termsafe.Safe { return fieldSafe(f) }

// fieldSafe is Styles.field, which needs no styles: hot paths call it
// without copying a Styles.
func fieldSafe(f api.Field) termsafe.Safe {
	switch f.State() {
	case api.Missing:
		return termsafe.Trusted("(missing)", termsafe.SingleLine)
	case api.Null:
		return termsafe.Trusted("null", termsafe.SingleLine)
	}
	n := f.Node()
	switch n.Kind {
	case jsontree.String:
		if n.Value.IsEmpty() {
			return termsafe.Trusted(`""`, termsafe.SingleLine)
		}
		return termsafe.Escape(n.Value, termsafe.SingleLine)
	case jsontree.Array:
		return termsafe.Trusted(fmt.Sprintf("[%d items]", len(n.Items)), termsafe.SingleLine)
	case jsontree.Object:
		return termsafe.Trusted(fmt.Sprintf("{%d fields}", len(n.Members)), termsafe.SingleLine)
	}
	return termsafe.Escape(n.Value, termsafe.SingleLine)
}

// safeIn renders escaped text with base for the data and the reserved
// escape style for tokens, so colouring a value never hides its escapes.
func (s Styles) safeIn(base lipgloss.Style, v termsafe.Safe) string {
	var b strings.Builder
	for _, g := range v.Segments() {
		switch g.Kind {
		case termsafe.Escaped:
			b.WriteString(s.Escaped.Render(g.Text))
		case termsafe.Break:
			b.WriteString("\n")
		default:
			b.WriteString(base.Render(g.Text))
		}
	}
	return b.String()
}

// safePaint is safeIn for the hot paths.
func (s Styles) safePaint(base paint, v termsafe.Safe) string {
	return paintSafe(s.pt.escaped, base, v)
}

// paintSafe is safePaint given the escape paint.
func paintSafe(escaped, base paint, v termsafe.Safe) string {
	if v.NumSegments() == 1 && v.Segment(0).Kind == termsafe.Plain { // the usual value, without a copy
		return base.apply(v.Segment(0).Text)
	}
	segs := v.Segments()
	var b strings.Builder
	for _, g := range segs {
		switch g.Kind {
		case termsafe.Escaped:
			b.WriteString(escaped.apply(g.Text))
		case termsafe.Break:
			b.WriteString("\\n")
		default:
			b.WriteString(base.apply(g.Text))
		}
	}
	return b.String()
}

// fieldStyled is fieldAs with the default text style.
func (s Styles) fieldStyled(f api.Field) string { return s.fieldAs(f, s.Plain) }

// fieldAs renders a value in base, the placeholder states drawn faint, with
// a duplicate-key warning when the server sent the key more than once.
func (s Styles) fieldAs(f api.Field, base lipgloss.Style) string {
	v := s.field(f)
	if f.State() != api.Present || (f.Kind() == jsontree.String && f.Text().IsEmpty()) {
		base = s.Faint
	}
	var b strings.Builder
	b.WriteString(s.safeIn(base, v))
	b.WriteString(s.invalidFlag(f))
	s.writeDups(&b, f)
	return b.String()
}

// invalidFlag marks a string the decoder found invalid UTF-8 or a lone
// surrogate in (DATA-5): its tokens show the bytes, the flag says why.
func (s Styles) invalidFlag(f api.Field) string {
	if n := f.Node(); n != nil && n.InvalidUnicode {
		return s.Warn.Render(" " + s.G.Warn + " invalid Unicode")
	}
	return ""
}

// writeDups appends the values of later members with the same key, each
// flagged. Parsers such as jq, Jackson and browsers keep the last one, so
// the web console likely shows that value, not the first.
func (s Styles) writeDups(b *strings.Builder, f api.Field) {
	dups := f.Duplicates()
	for i, d := range dups {
		b.WriteString(s.Warn.Render(" " + s.G.Warn + " duplicate key: "))
		b.WriteString(s.safeIn(s.Plain, s.field(d)))
		b.WriteString(s.invalidFlag(d))
		if i == len(dups)-1 {
			b.WriteString(s.Faint.Render(" (" + lastWins + ")"))
		}
	}
}

// lastWins names which of several values of one key other tools use.
const lastWins = "the last value: what jq and browsers use"

// fitLine builds one styled line of at most room cells. Values are cut to
// what is left before they are styled, and nothing is added once the line
// is full, so a 10 MB title or 20,000 duplicate keys cost no more to draw
// than what fits on the screen.
type fitLine struct {
	st   Styles
	b    strings.Builder
	room int
}

// full reports whether nothing more fits.
func (l *fitLine) full() bool { return l.room <= 0 }

// add appends v in base, cut with "…" when it does not fit.
func (l *fitLine) add(base lipgloss.Style, v termsafe.Safe) {
	if l.full() {
		return
	}
	if w := v.Width(); w > l.room {
		v = v.Truncate(l.room, l.st.G.Ellipsis)
		l.room = 0
	} else {
		l.room -= w
	}
	l.b.WriteString(l.st.safeIn(base, v))
}

// chrome appends an already styled piece of trusted text.
func (l *fitLine) chrome(styled string) {
	if l.full() {
		return
	}
	if w := ansi.StringWidth(styled); w > l.room {
		styled = ansi.Truncate(styled, l.room, l.st.G.Ellipsis)
		l.room = 0
	} else {
		l.room -= w
	}
	l.b.WriteString(styled)
}

// text appends trusted chrome in style.
func (l *fitLine) text(style lipgloss.Style, s string) {
	l.add(style, termsafe.Trusted(s, termsafe.SingleLine))
}

// field appends a value as fieldAs renders it, duplicates included, as far
// as they fit.
func (l *fitLine) field(f api.Field, base lipgloss.Style) {
	if f.State() != api.Present || (f.Kind() == jsontree.String && f.Text().IsEmpty()) {
		base = l.st.Faint
	}
	l.add(base, l.st.field(f))
	if flag := l.st.invalidFlag(f); flag != "" {
		l.chrome(flag)
	}
	l.dups(f)
}

// dups appends how many values a repeated key has and the last of them.
func (l *fitLine) dups(f api.Field) {
	if dups := f.Duplicates(); len(dups) > 0 {
		l.text(l.st.Warn, fmt.Sprintf(" %s %d values (duplicate key), %s: ", l.st.G.Warn, len(dups)+1, lastWins))
		l.add(l.st.Plain, l.st.field(dups[len(dups)-1]))
	}
}

// cell renders a value for a table cell of at most w columns; a value that
// does not fit ends with "…" (DATA-8: the detail view has it all).
func (s Styles) cell(f api.Field, w int) string {
	v := s.field(f).Truncate(w, s.G.Ellipsis)
	if f.State() != api.Present {
		return s.safeIn(s.Faint, v)
	}
	return s.safeIn(s.Plain, v)
}

// when renders a timestamp by the one time rule of the viewer: in loc
// (local time, or UTC) with the original offset when it differs, or with
// loc nil as sent (its own offset); then a relative age. An unparseable
// value is shown raw.
func (s *Styles) when(f api.Field, now time.Time, loc *time.Location) string {
	t, ok := f.Time()
	if !ok {
		out := fieldPaint(s, f, s.pt.plain)
		if f.State() == api.Present {
			out += s.Warn.Render(" (unrecognised time format)")
		}
		return out
	}
	var out string
	if loc == nil {
		out = t.Format("2006-01-02 15:04:05 -0700")
	} else {
		lt := t.In(loc)
		out = lt.Format("2006-01-02 15:04:05 MST")
		_, off := t.Zone()
		if _, loff := lt.Zone(); off != loff {
			out += s.pt.faint.apply(" (" + t.Format("15:04 -0700") + ")")
		}
	}
	return out + s.pt.faint.apply(" "+s.G.Dot+" "+relative(t, now))
}

// relative is a short human age: "5m ago", "in 2h", "just now".
func relative(t, now time.Time) string {
	d := now.Sub(t)
	suffix := " ago"
	if d < 0 {
		d, suffix = -d, ""
	}
	var v string
	switch {
	case d < 10*time.Second:
		return "just now"
	case d < time.Minute:
		v = fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		v = fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		v = fmt.Sprintf("%dh", int(d.Hours()))
	case d < 60*24*time.Hour:
		v = fmt.Sprintf("%dd", int(d.Hours()/24))
	case d < 730*24*time.Hour:
		v = fmt.Sprintf("%dmo", int(d.Hours()/24/30))
	default:
		v = fmt.Sprintf("%dy", int(d.Hours()/24/365))
	}
	if suffix == "" {
		return "in " + v
	}
	return v + suffix
}

// humanSize renders a byte count as "121.2 KiB (124,118 bytes)".
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB (%s bytes)", float64(n)/float64(div), "KMGTPE"[exp], commas(n))
}

func commas(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + commas(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// kv lays out "label  value" rows: the value wraps under itself, never
// past width.
type kv struct {
	st     Styles
	width  int
	labelW int
	lines  []string
	// budget bounds the listing of unknown fields in the pane being built.
	budget *otherBudget
}

func newKV(st Styles, width int) *kv {
	return &kv{st: st, width: width, labelW: min(16, max(width/4, 6)), budget: newOtherBudget()}
}

// row adds a label and an already styled single-line value, wrapping it.
func (k *kv) row(label, value string) {
	lbl := ansi.Truncate(label, k.labelW-1, k.st.G.Ellipsis)
	pad := strings.Repeat(" ", k.labelW-ansi.StringWidth(lbl))
	vw := max(k.width-k.labelW, 1)
	for i, p := range wrapRows(value, vw) {
		if i == 0 {
			k.lines = append(k.lines, k.st.Label.Render(lbl)+pad+p)
			continue
		}
		k.lines = append(k.lines, strings.Repeat(" ", k.labelW)+p)
	}
}

// section starts a titled group.
func (k *kv) section(title string) {
	if len(k.lines) > 0 {
		k.lines = append(k.lines, "")
	}
	k.lines = append(k.lines, k.st.Section.Render(ansi.Truncate(title, k.width, k.st.G.Ellipsis)))
}

// line adds a styled line, wrapped to width.
func (k *kv) line(s string) {
	k.lines = append(k.lines, wrapRows(s, k.width)...)
}

// wide adds a styled line that wraps with a hanging indent, for rows whose
// label is too long for the label column (paths of unknown fields).
func (k *kv) wide(s string, hang int) {
	if ansi.StringWidth(s) <= k.width {
		k.lines = append(k.lines, s)
		return
	}
	pad := strings.Repeat(" ", hang)
	for i, p := range wrapRows(s, max(k.width-hang, 1)) {
		if i > 0 {
			p = pad + p
		}
		k.lines = append(k.lines, p)
	}
}
