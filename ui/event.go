package ui

import (
	"errors"
	"strings"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// buildEvent renders the detection event: key facts first, then the whole
// event. JSON content is pretty and coloured; MARKDOWN is rendered like a
// comment; PLAIN is wrapped; invalid JSON is shown raw with the error.
// nav, when not nil, filters and folds the JSON and records what each
// line shows.
func buildEvent(st Styles, t *api.Ticket, width int, raw bool, nav *eventNav, md *mdCache, jobs *[]mdJob) []string {
	ev := t.Event
	k := newKV(st, width)
	if nav != nil {
		nav.meta, nav.steps = nil, nil
	}
	if raw {
		k.section("Raw content (as sent by the server)")
		return append(k.lines, rawText(st, t.Content, width)...)
	}
	if ev.Tree != nil {
		keyFacts(k, st, ev.Tree)
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
		}
		return append(k.lines, lines...)
	case ev.Err != nil:
		k.section("Event (content is not valid JSON)")
		k.line(st.Danger.Render(st.G.Cross+" ") + termsafe.Trusted(parseErrText(ev.Err), termsafe.SingleLine).Plain())
		k.line(st.Faint.Render("the raw content follows, escaped:"))
		k.line("")
		return append(k.lines, rawText(st, t.Content, width)...)
	case t.Content.Kind() != jsontree.String:
		k.section("Event")
		k.row("content", st.fieldStyled(t.Content))
		return k.lines
	}
	isMD := t.Format.Text().IsFold("MARKDOWN")
	title := "Event (plain text)"
	if isMD {
		title = "Event (Markdown)"
	}
	k.section(title)
	lines, ok := md.lookup(t.Content.Text(), width, st.Theme, isMD, jobs)
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
	var out []string
	for _, l := range termsafe.Escape(f.Text(), termsafe.MultiLine).Wrap(max(width, 1)) {
		out = append(out, l.Styled(st.esc))
	}
	return out
}

// rawBody is the whole response body as received (DATA-1).
func rawBody(st Styles, t *api.Ticket, width int) []string {
	k := newKV(st, width)
	k.section("Raw response body (exact bytes, escaped)")
	out := k.lines
	for _, l := range termsafe.Escape(t.Body, termsafe.MultiLine).Wrap(max(width, 1)) {
		out = append(out, l.Styled(st.esc))
	}
	return out
}

// keyFacts is the summary an analyst looks for first.
func keyFacts(k *kv, st Styles, tree *jsontree.Node) {
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
	rows := []struct{ label, key string }{
		{"Protocol", "protocol"}, {"Action", "action"}, {"User", "user"}, {"URL", "url"},
		{"Logger", "logger_name"}, {"Message", "msg"}, {"First seen", "first_seen"}, {"Last seen", "last_seen"},
		{"Event count", "count"},
	}
	for _, r := range rows {
		if n := get(r.key); n != nil && n.Kind != jsontree.Null {
			k.row(r.label, val(n))
		}
	}
}
