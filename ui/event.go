package ui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// buildEvent renders the detection event: key facts first, then the whole
// event. JSON content is pretty and coloured; MARKDOWN is rendered like a
// comment; PLAIN is wrapped; invalid JSON is shown raw with the error.
// nav, when not nil, filters and folds the JSON of the (first) event and
// records what each line shows; the build owns it (see eventNav.forBuild).
func buildEvent(st Styles, t *api.Ticket, width int, raw bool, nav *eventNav, now time.Time, loc *time.Location, md *mdCache, jobs *[]mdJob) []string {
	if nav != nil {
		nav.meta, nav.steps, nav.rows = nil, nil, nil
	}
	dups := t.Content.Duplicates()
	if len(dups) == 0 {
		return eventLines(st, t, t.Event, t.Content, width, raw, nav, now, loc, md, jobs)
	}
	// A repeated "content" key: every event the server sent, in order.
	n := len(dups) + 1
	k := newKV(st, width)
	k.line(dupNotice(st, "content", n))
	out := append(k.lines, eventLines(st, t, t.Event, t.Content, width, raw, nav, now, loc, md, jobs)...)
	if nav != nil {
		nav.from += len(k.lines) // the JSON lines start after the notice
	}
	for i, d := range dups {
		out = append(out, "", st.Warn.Render(ansi.Truncate(dupHeading(st, "content", i+1, n), width, st.G.Ellipsis)))
		out = append(out, eventLines(st, t, t.Dups.Events[i], d, width, raw, nil, now, loc, md, jobs)...)
	}
	return out
}

// eventLines renders one content value, decoded as ev.
func eventLines(st Styles, t *api.Ticket, ev api.Event, content api.Field, width int, raw bool, nav *eventNav, now time.Time, loc *time.Location, md *mdCache, jobs *[]mdJob) []string {
	k := newKV(st, width)
	if raw {
		k.section("Raw content (as sent by the server)")
		return append(k.lines, rawText(st, content, width)...)
	}
	if ev.Tree != nil {
		keyFacts(k, st, ev.Tree, now, loc)
	}
	switch {
	case ev.Tree != nil:
		title, o := "Event", jsonOpts{}
		if nav != nil {
			o = nav.opts(ev.Tree)
			title += nav.title()
		}
		k.section(title)
		if ev.Trailing != nil {
			k.line(st.Warn.Render(st.G.Warn+" ") + termsafe.Trusted(ev.Trailing.Error(), termsafe.SingleLine).Plain() + st.Faint.Render(" (R shows the raw text)"))
		}
		if len(ev.FieldOrder) > 0 {
			k.line(st.Faint.Render("fields named by field_order first, then the rest in server order"))
		}
		lines, meta, steps := renderJSONNav(st, ev.Tree, ev.FieldOrder, width, o)
		if nav != nil {
			nav.from, nav.meta, nav.steps = len(k.lines), meta, steps
			nav.rows = newJSONRows(st, width, nav)
		}
		return append(k.lines, lines...)
	case ev.Err != nil:
		k.section("Event (content is not valid JSON)")
		k.line(st.Danger.Render(st.G.Cross+" ") + termsafe.Trusted(parseErrText(ev.Err), termsafe.SingleLine).Plain())
		k.line(st.Faint.Render("the raw content follows, escaped:"))
		k.line("")
		return append(k.lines, rawText(st, content, width)...)
	case content.Kind() != jsontree.String:
		k.section("Event")
		k.row("content", st.fieldStyled(content))
		return k.lines
	}
	isMD := t.Format.Text().IsFold("MARKDOWN")
	title := "Event (plain text)"
	if isMD {
		title = "Event (Markdown)"
	}
	k.section(title)
	lines, ok := md.lookup(content.Text(), width, st.Theme, isMD, jobs)
	if !ok {
		return append(k.lines, st.Faint.Render("rendering"+st.G.Ellipsis))
	}
	return append(k.lines, lines...)
}

func parseErrText(err error) string {
	var se *jsontree.SyntaxError
	if errors.As(err, &se) {
		return "invalid JSON: " + se.Error()
	}
	return err.Error()
}

// rawText shows a server string exactly, escaped and wrapped.
func rawText(st Styles, f api.Field, width int) []string {
	if f.Kind() != jsontree.String {
		return []string{st.fieldStyled(f)}
	}
	return wrapSafe(st, termsafe.Escape(f.Text(), termsafe.MultiLine), width)
}

// wrapSafe wraps escaped multi-line text; rows after the first of each
// line are soft wraps (search sees the line whole).
func wrapSafe(st Styles, s termsafe.Safe, width int) []string {
	var out []string
	for _, line := range s.Lines() {
		for j, part := range line.Wrap(max(width, 1)) {
			if j > 0 {
				out = append(out, contRow("", "", part.Styled(st.esc)))
				continue
			}
			out = append(out, part.Styled(st.esc))
		}
	}
	return out
}

// rawBody is the whole response body as received (DATA-1).
func rawBody(st Styles, t *api.Ticket, width int) []string {
	k := newKV(st, width)
	k.section("Raw response body (exact bytes, escaped)")
	return append(k.lines, wrapSafe(st, termsafe.Escape(t.Body, termsafe.MultiLine), width)...)
}

// keyFacts is the summary an analyst looks for first.
func keyFacts(k *kv, st Styles, tree *jsontree.Node, now time.Time, loc *time.Location) {
	get := func(key string) *jsontree.Node {
		if tree.Kind != jsontree.Object {
			return nil
		}
		return tree.Get(key)
	}
	val := func(n *jsontree.Node) string {
		if n == nil {
			return st.Faint.Render(st.G.Dash)
		}
		if n.Kind == jsontree.String {
			return st.safeIn(st.Plain, termsafe.Escape(n.Value.TrimSpace(), termsafe.SingleLine))
		}
		return leafStyled(st, n)
	}
	endpoint := func(ip, port, country, asn, city string) (string, bool) {
		ipN, portN := get(ip), get(port)
		if ipN == nil && portN == nil {
			return "", false
		}
		s := val(ipN)
		if portN != nil && portN.Kind != jsontree.Null {
			s += st.Faint.Render(":") + val(portN)
		}
		var extra []string
		for _, key := range []string{country, city, asn} {
			if n := get(key); n != nil && n.Kind != jsontree.Null {
				extra = append(extra, val(n))
			}
		}
		if len(extra) > 0 {
			s += st.Faint.Render("  ") + strings.Join(extra, st.Faint.Render(" "+st.G.Dot+" "))
		}
		return s, true
	}
	k.section("Key facts")
	if s, ok := endpoint("src_ip", "src_port", "src_country", "src_asn", "src_city"); ok {
		k.row("Source", s)
	}
	if s, ok := endpoint("dst_ip", "dst_port", "dst_country", "dst_asn", "dst_city"); ok {
		k.row("Destination", s)
	}
	rows := []struct {
		label, key string
		time       bool
	}{
		{"Protocol", "protocol", false}, {"Action", "action", false}, {"User", "user", false}, {"URL", "url", false},
		{"Logger", "logger_name", false}, {"Message", "msg", false},
		{"First seen", "first_seen", true}, {"Last seen", "last_seen", true},
		{"Event count", "count", false},
	}
	for _, r := range rows {
		n := get(r.key)
		switch {
		case n == nil || n.Kind == jsontree.Null:
		case r.time:
			// The same time rule as the Summary.
			k.row(r.label, st.when(api.NodeField(n), now, loc))
		default:
			k.row(r.label, val(n))
		}
	}
}
