package ui

import (
	"fmt"
	"strings"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// DefaultConsoleURLPattern is the web-console link of a ticket: the shape
// of the URLs the prompt and the command line accept.
const DefaultConsoleURLPattern = "{base}/#/tickets/{guid}"

// consoleURL fills the pattern with the base URL and the ticket's GUID
// (validated: hex digits and dashes only).
func consoleURL(pattern, base, guid string) (string, bool) {
	if base == "" || guid == "" {
		return "", false
	}
	if pattern == "" {
		pattern = DefaultConsoleURLPattern
	}
	return strings.NewReplacer("{base}", strings.TrimRight(base, "/"), "{guid}", guid).Replace(pattern), true
}

// mdInline makes an escaped value inert in Markdown: a pasted hand-off
// must not turn ticket data into links, images, HTML or headings.
var mdInline = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`#`, `\#`, `|`, `\|`, `~`, `\~`,
)

// mdValue is a field's escaped, single-line, Markdown-inert text.
func mdValue(f api.Field) string {
	switch f.State() {
	case api.Missing:
		return "(missing)"
	case api.Null:
		return "null"
	}
	return mdInline.Replace(termsafe.Escape(f.Text(), termsafe.SingleLine).Plain())
}

// mdNode is mdValue for an event value.
func mdNode(n *jsontree.Node) string {
	if n == nil || n.Kind == jsontree.Null {
		return ""
	}
	return mdInline.Replace(termsafe.Escape(n.Value.TrimSpace(), termsafe.SingleLine).Plain())
}

// handoff is a Markdown summary of the ticket for a chat or a shift
// hand-off: the triage card's answers, the link and the IOCs. Every value
// is escaped and single-line, so ticket data cannot add lines, links or
// controls to it.
func (m Model) handoff() string {
	t := m.ticket
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "- **%s:** %s\n", label, value)
		}
	}
	fmt.Fprintf(&b, "### #%s %s\n\n", mdValue(t.ID), mdValue(t.Title))
	if u, ok := consoleURL(m.deps.ConsoleURLPattern, m.deps.BaseURL, m.guid); ok {
		line("Ticket", "<"+u+">")
	}
	line("GUID", "`"+m.guid+"`")
	bad := []string{"priority " + mdValue(t.Priority), "status " + mdValue(t.Status)}
	if t.RiskScore.State() == api.Present {
		bad = append(bad, "risk "+mdValue(t.RiskScore))
	}
	bad = append(bad, "attack "+yesNo(t.Attack), "incident "+yesNo(t.Incident))
	line("State", strings.Join(bad, ", "))
	what := []string{mdValue(t.RuleName)}
	for _, tq := range t.Techniques {
		what = append(what, mdValue(tq.MITREID)+" "+mdValue(tq.Name))
	}
	line("Rule", strings.Join(what, "; "))
	if tr := t.Event.Tree; tr != nil {
		ep := func(ip, port string) string {
			s := mdNode(tr.Get(ip))
			if s == "" {
				s = "-"
			}
			if p := mdNode(tr.Get(port)); p != "" {
				s += ":" + p
			}
			return s
		}
		if tr.Get("src_ip") != nil || tr.Get("dst_ip") != nil {
			line("Flow", ep("src_ip", "src_port")+" -> "+ep("dst_ip", "dst_port"))
		}
		var who []string
		for _, k := range []string{"user", "host", "host_ip", "src_country", "src_asn"} {
			if v := mdNode(tr.Get(k)); v != "" {
				who = append(who, strings.ReplaceAll(k, "_", " ")+" "+v)
			}
		}
		line("Context", strings.Join(who, ", "))
	}
	var owners []string
	for _, a := range t.Assignees {
		owners = append(owners, taskMD(a))
	}
	line("Assignees", strings.Join(owners, ", "))
	var approvers []string
	for _, a := range t.Approvers {
		approvers = append(approvers, taskMD(a))
	}
	line("Approvers", strings.Join(approvers, ", "))
	line("Created", m.timeMD(t.Created))
	line("Updated", m.timeMD(t.Updated))
	if t.Closed.State() == api.Present {
		line("Closed", m.timeMD(t.Closed))
	}
	if c, ok := latestComment(t); ok {
		who := mdValue(c.UserName)
		if c.UserName.State() != api.Present {
			who = mdValue(c.XUser) + " (deleted)"
		}
		said := who + ", " + m.timeMD(c.Created)
		if l, ok := firstLine(c.Content); ok {
			said += ": " + mdInline.Replace(l.Plain())
		}
		line("Last comment", said)
	}
	if iocs := extractIOCs(ticketTexts(t)); len(iocs) > 0 {
		b.WriteString("\nIOCs (defanged):\n\n```\n" + iocText(iocs, true) + "\n```\n")
	}
	return b.String()
}

func yesNo(f api.Field) string {
	if v, ok := f.Bool(); ok {
		if v {
			return "yes"
		}
		return "no"
	}
	return mdValue(f)
}

func taskMD(a api.Task) string {
	name := mdValue(a.UserName)
	if a.UserName.State() != api.Present && a.XUser.State() == api.Present {
		name = mdValue(a.XUser) + " (deleted)"
	}
	return name + " (" + mdValue(a.TaskStatus) + ")"
}

// timeMD is a timestamp in local time with its age, or the value as sent.
func (m Model) timeMD(f api.Field) string {
	at, ok := f.Time()
	if !ok {
		return mdValue(f)
	}
	return at.In(m.deps.Location).Format("2006-01-02 15:04 MST") + " (" + relative(at, m.deps.Now()) + ")"
}
