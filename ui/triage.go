package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// The triage card opens the Summary. It answers, on the first screen of an
// 80x24 terminal, what an analyst asks first: what happened, from where to
// what, how bad, who owns it and who it waits on, its state and age, and
// what was said last. Each answer is one line, cut with an ellipsis when
// it does not fit; the field inventory below the card shows every value in
// full (DATA-8).

// triageCard adds the card to k.
func triageCard(k *kv, st Styles, t *api.Ticket, now time.Time, loc *time.Location) {
	g := st.G
	sep := st.Faint.Render(g.sep())
	ev := eventFacts{st: st, tree: t.Event.Tree}
	k.section("Triage")

	// What: the rule and its MITRE techniques (the title is in the header).
	what := []string{st.fieldStyled(t.RuleName)}
	for _, tq := range t.Techniques {
		what = append(what, st.fieldAs(tq.MITREID, st.Accent)+" "+st.fieldStyled(tq.Name))
	}
	k.one("What", strings.Join(what, sep))

	// From where to what.
	src, srcOK := ev.endpoint("src_ip", "src_port")
	dst, dstOK := ev.endpoint("dst_ip", "dst_port")
	if srcOK || dstOK {
		flow := src + st.Faint.Render(" "+g.Arrow+" ") + dst
		for _, key := range []string{"protocol", "action"} {
			if v, ok := ev.value(key); ok {
				flow += sep + v
			}
		}
		k.one("Flow", flow)
	}
	srcGeo, sOK := ev.join(sep, "src_country", "src_city", "src_asn")
	dstGeo, dOK := ev.join(sep, "dst_country", "dst_city", "dst_asn")
	if sOK || dOK {
		if !sOK {
			srcGeo = st.Faint.Render(g.Dash)
		}
		if !dOK {
			dstGeo = st.Faint.Render(g.Dash)
		}
		k.one("Where", srcGeo+st.Faint.Render(" "+g.Arrow+" ")+dstGeo)
	}
	if who, ok := ev.labelled(sep, "user", "host", "host_ip", "hostname", "mail_from", "mail_to"); ok {
		k.one("Who", who)
	}

	// How bad.
	bad := []string{priorityBadge(st, t.Priority)}
	if t.RiskScore.State() == api.Present {
		bad = append(bad, st.Faint.Render("risk ")+riskText(st, t.RiskScore))
	}
	bad = append(bad, verdictWord(st, t.Attack, "ATTACK", "not an attack", "attack?"),
		verdictWord(st, t.Incident, "INCIDENT", "no incident", "incident?"))
	k.one("Severity", strings.Join(bad, sep))

	// Who owns it, and who it waits on.
	if t.AssigneesField.Kind() == jsontree.Array {
		owners := make([]string, 0, len(t.Assignees))
		for _, a := range t.Assignees {
			owners = append(owners, personName(st, a)+" "+taskStatus(st, a.TaskStatus))
		}
		if len(owners) == 0 {
			owners = append(owners, st.Warn.Render("nobody assigned"))
		}
		k.one("Owners", strings.Join(owners, ", "))
	}
	if next := waitingOn(st, t); next != "" {
		k.one("Next", next)
	}

	// State and age.
	state := []string{statusBadge(st, t.Status)}
	for _, f := range []struct {
		word string
		f    api.Field
	}{{"created", t.Created}, {"updated", t.Updated}, {"closed", t.Closed}} {
		at, ok := f.f.Time()
		switch {
		case ok && f.word == "created":
			state = append(state, st.Faint.Render("created ")+cardTime(at, loc)+st.Faint.Render(" ("+relative(at, now)+")"))
		case ok:
			state = append(state, st.Faint.Render(f.word+" ")+relative(at, now))
		}
	}
	k.one("State", strings.Join(state, sep))
	for _, m := range slaMembers(t) {
		k.one(termsafe.Escape(m.Key, termsafe.SingleLine).Plain(), leafStyled(st, m.Value))
	}

	// What was said last.
	if c, ok := latestComment(t); ok {
		said := commentAuthor(st, c)
		if at, ok := c.Created.Time(); ok {
			said += sep + st.Faint.Render(relative(at, now))
		}
		if line, ok := firstLine(c.Content); ok {
			said += st.Faint.Render(": ") + st.safeIn(st.Plain, line)
		}
		k.one("Last said", said)
	} else if t.CommentsField.Kind() == jsontree.Array {
		k.one("Last said", st.Faint.Render("no comments yet"))
	}
}

// one adds a row cut to a single line: the card must fit the first screen.
// Search still finds the text cut off (cutRow).
func (k *kv) one(label, value string) {
	vw := max(k.width-k.labelW, 1)
	if ansi.StringWidth(value) <= vw {
		k.row(label, value)
		return
	}
	lbl := ansi.Truncate(label, k.labelW-1, k.st.G.Ellipsis)
	pad := strings.Repeat(" ", k.labelW-ansi.StringWidth(lbl))
	k.lines = append(k.lines, k.st.Label.Render(lbl)+pad+cutRow(value, vw, k.st.G.Ellipsis))
}

// verdictWord is a tri-state flag in one word.
func verdictWord(st Styles, f api.Field, yes, no, unknown string) string {
	v, ok := f.Bool()
	switch {
	case ok && v:
		return st.Danger.Render(yes)
	case ok:
		return st.OK.Render(no)
	}
	return st.Faint.Render(unknown)
}

// waitingOn says whose move it is: pending approvers first (a submitted
// ticket waits on them), then assignees still working.
func waitingOn(st Styles, t *api.Ticket) string {
	var pending, approved, rejected, working []string
	for _, a := range t.Approvers {
		switch {
		case a.TaskStatus.Is("APPROVED"):
			approved = append(approved, personName(st, a))
		case a.TaskStatus.Is("REJECTED"):
			rejected = append(rejected, personName(st, a))
		case !a.TaskStatus.Is("CLOSED"):
			pending = append(pending, personName(st, a))
		}
	}
	for _, a := range t.Assignees {
		if !a.TaskStatus.Is("CLOSED") {
			working = append(working, personName(st, a))
		}
	}
	var parts []string
	if len(rejected) > 0 {
		parts = append(parts, st.Danger.Render("rejected by ")+strings.Join(rejected, ", "))
	}
	var waits []string
	if len(pending) > 0 {
		waits = append(waits, "approval: "+strings.Join(pending, ", "))
	}
	if len(working) > 0 {
		waits = append(waits, "assignee: "+strings.Join(working, ", "))
	}
	if len(waits) > 0 {
		parts = append(parts, st.Warn.Render("waiting for ")+strings.Join(waits, st.Faint.Render("; ")))
	}
	if len(parts) == 0 && len(approved) > 0 {
		parts = append(parts, st.OK.Render("approved by ")+strings.Join(approved, ", "))
	}
	return strings.Join(parts, st.Faint.Render("; "))
}

// slaMembers are unknown ticket fields that look like deadlines (SLA, due
// dates): worth a line on the card when a server sends them.
func slaMembers(t *api.Ticket) []jsontree.Member {
	var out []jsontree.Member
	for _, m := range t.Other {
		if m.Value == nil || m.Value.Kind == jsontree.Object || m.Value.Kind == jsontree.Array || m.Value.Kind == jsontree.Null {
			continue
		}
		for _, w := range []string{"sla", "due", "deadline", "expire"} {
			if m.Key.ContainsFold(w) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// latestComment is the comment created last (server order breaks ties and
// stands in for unparseable times).
func latestComment(t *api.Ticket) (api.Comment, bool) {
	if len(t.Comments) == 0 {
		return api.Comment{}, false
	}
	i := newestComment(t.Comments)
	return t.Comments[i], true
}

// newestComment is the index of the comment created last.
func newestComment(cs []api.Comment) int {
	best := len(cs) - 1
	bestAt, bestOK := cs[best].Created.Time()
	for i := len(cs) - 2; i >= 0; i-- {
		at, ok := cs[i].Created.Time()
		if ok && (!bestOK || at.After(bestAt)) {
			best, bestAt, bestOK = i, at, true
		}
	}
	return best
}

// commentAuthor is the author's name, or the saved name of a deleted one.
func commentAuthor(st Styles, c api.Comment) string {
	if c.UserName.State() != api.Present && c.XUser.State() == api.Present {
		return st.fieldAs(c.XUser, st.Bold) + st.Warn.Render(" (deleted)")
	}
	return st.fieldAs(c.UserName, st.Bold)
}

// firstLine is the first line of a text that is not blank, escaped.
func firstLine(f api.Field) (termsafe.Safe, bool) {
	if f.Kind() != jsontree.String {
		return termsafe.Safe{}, false
	}
	for _, l := range termsafe.Escape(f.Text(), termsafe.MultiLine).Lines() {
		if strings.TrimSpace(l.Plain()) != "" {
			return l, true
		}
	}
	return termsafe.Safe{}, false
}

// eventFacts reads top-level values of the event for the card.
type eventFacts struct {
	st   Styles
	tree *jsontree.Node
}

// value is the styled value of key, if the event has it and it is not null.
func (e eventFacts) value(key string) (string, bool) {
	n := e.tree.Get(key)
	if n == nil || n.Kind == jsontree.Null {
		return "", false
	}
	if n.Kind == jsontree.String {
		v := termsafe.Escape(n.Value.TrimSpace(), termsafe.SingleLine)
		if v.IsEmpty() {
			return "", false
		}
		return e.st.safeIn(e.st.Plain, v), true
	}
	return leafStyled(e.st, n), true
}

// endpoint is "ip:port", a dash for what is missing.
func (e eventFacts) endpoint(ipKey, portKey string) (string, bool) {
	ip, ipOK := e.value(ipKey)
	port, portOK := e.value(portKey)
	if !ipOK {
		ip = e.st.Faint.Render(e.st.G.Dash)
	}
	if portOK {
		ip += e.st.Faint.Render(":") + port
	}
	return ip, ipOK || portOK
}

// join lists the values of keys that are present.
func (e eventFacts) join(sep string, keys ...string) (string, bool) {
	var parts []string
	for _, k := range keys {
		if v, ok := e.value(k); ok {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, sep), len(parts) > 0
}

// labelled lists "key value" for the keys that are present.
func (e eventFacts) labelled(sep string, keys ...string) (string, bool) {
	var parts []string
	for _, k := range keys {
		if v, ok := e.value(k); ok {
			parts = append(parts, e.st.Faint.Render(strings.ReplaceAll(k, "_", " ")+" ")+v)
		}
	}
	return strings.Join(parts, sep), len(parts) > 0
}

// cardTime is a time in loc, or as sent (with its offset) when loc is nil
// (the time mode z chose).
func cardTime(at time.Time, loc *time.Location) string {
	if loc == nil {
		return at.Format("2006-01-02 15:04 -0700")
	}
	return at.In(loc).Format("2006-01-02 15:04")
}
