package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// buildSummary renders every ticket-level field, grouped so an analyst reads
// it at a glance, ending with every field this client does not know.
func buildSummary(st Styles, t *api.Ticket, width int, now time.Time, loc *time.Location) []string {
	k := newKV(st, width)
	for _, w := range t.Warnings {
		k.line(st.Warn.Render(st.G.Warn+" ") + termsafe.Trusted(w.Error(), termsafe.SingleLine).Styled(st.esc))
	}
	triageCard(k, st, t, now, loc)

	// Null and missing values are listed together at the end, and GUIDs
	// in their own section: both are noise while reading, but nothing the
	// server sent is dropped, and search and copy still find them.
	var empty []string
	row := func(label string, f api.Field, value string) {
		if f.State() != api.Present {
			empty = append(empty, label+" "+st.field(f).Plain())
			return
		}
		k.row(label, value)
	}
	k.section("Identity")
	row("ID", t.ID, st.fieldStyled(t.ID))
	row("Title", t.Title, st.fieldStyled(t.Title))
	row("Repository", t.RepoName, st.fieldStyled(t.RepoName))
	if t.SiteName.State() != api.Missing || t.SiteGUID.State() != api.Missing {
		row("Site", t.SiteName, st.fieldStyled(t.SiteName))
	}
	if t.XSite.State() == api.Present {
		k.row("Deleted site", st.fieldStyled(t.XSite)+st.Warn.Render(" (site deleted)"))
	}
	row("Priority", t.Priority, priorityBadge(st, t.Priority))
	row("Status", t.Status, statusBadge(st, t.Status))
	row("Format", t.Format, st.fieldStyled(t.Format))

	k.section("Detection")
	row("Rule", t.RuleName, st.fieldStyled(t.RuleName))
	row("Rule type", t.RuleType, st.fieldStyled(t.RuleType))
	row("Merged dups", t.Count, st.fieldStyled(t.Count)+st.Faint.Render(" duplicate detections merged into this ticket"))
	if t.RiskScore.State() != api.Missing {
		row("Risk score", t.RiskScore, riskText(st, t.RiskScore))
	}
	if t.MITRETechniques.State() != api.Missing {
		techniques(k, st, t)
	}

	k.section("Verdict")
	k.row("Attack", verdict(st, t.Attack, "true positive", "false positive"))
	k.row("Incident", verdict(st, t.Incident, "incident: needs immediate response", "no incident"))

	k.section("Timeline")
	row("Created", t.Created, st.when(t.Created, now, loc))
	row("Updated", t.Updated, st.when(t.Updated, now, loc))
	row("Closed", t.Closed, st.when(t.Closed, now, loc))

	if len(t.Attachments) > 0 || t.AttachmentsField.Kind() != jsontree.Array {
		k.section(fmt.Sprintf("Attachments (%d)", len(t.Attachments)))
	} else {
		empty = append(empty, "attachments []")
	}
	if t.AttachmentsField.Kind() != jsontree.Array {
		k.row("attachments", st.fieldStyled(t.AttachmentsField))
	}
	for _, a := range t.Attachments {
		size := st.fieldAs(a.FileSize, st.Faint)
		if n, ok := a.FileSize.Int(); ok {
			size = st.Faint.Render(humanSize(n))
		}
		k.line(st.G.Bullet + " " + st.fieldStyled(a.FileName) + st.Faint.Render("  ") + size)
		k.row("  GUID", st.fieldStyled(a.GUID))
		otherRows(k, st, a.Other)
	}

	if deletedAny(t.XLogin, t.XUser, t.XDept) {
		k.section("Ticket author: account deleted")
		k.row("x_login", st.fieldStyled(t.XLogin))
		k.row("x_user", st.fieldStyled(t.XUser))
		k.row("x_dept", st.fieldStyled(t.XDept))
	} else {
		row("x_login", t.XLogin, "")
		row("x_user", t.XUser, "")
		row("x_dept", t.XDept, "")
	}

	k.section("Identifiers")
	row("GUID", t.GUID, st.fieldStyled(t.GUID))
	row("Repository", t.RepoGUID, st.fieldAs(t.RepoGUID, st.Faint))
	if t.SiteGUID.State() != api.Missing {
		row("Site", t.SiteGUID, st.fieldAs(t.SiteGUID, st.Faint))
	}
	row("Rule", t.RuleGUID, st.fieldAs(t.RuleGUID, st.Faint))

	if len(empty) > 0 {
		k.section("Empty")
		k.line(st.Faint.Render(strings.Join(empty, st.G.sep())))
		if !deletedAny(t.XLogin, t.XUser, t.XDept) {
			k.line(st.Faint.Render("x_login/x_user/x_dept are set only when the author's account was deleted"))
		}
	}

	if n := len(t.Other) + len(t.Envelope); n > 0 {
		k.section(fmt.Sprintf("Other fields (%d)", n))
	}
	otherRows(k, st, t.Other)
	if len(t.Envelope) > 0 {
		k.line(st.Faint.Render("beside \"ticket\" in the response:"))
		otherRows(k, st, t.Envelope)
	}
	return k.lines
}

// maxPathSteps bounds the work of listing unknown fields path by path.
const maxPathSteps = 2_000_000

// otherRows lists unknown members leaf by leaf with their full path
// (DATA-2), in server order, duplicates flagged (DATA-3).
func otherRows(k *kv, st Styles, members []jsontree.Member) {
	if len(members) == 0 {
		return
	}
	obj := &jsontree.Node{Kind: jsontree.Object, Members: members}
	// Every leaf carries its full path, so a hostile body of deep, leafy
	// unknown fields could cost gigabytes: past a bound, point to the raw
	// view (which shows every byte) instead of listing.
	if leaves, steps := jsontree.FlattenCost(obj); steps > maxPathSteps {
		k.line(st.Warn.Render(fmt.Sprintf(st.G.Warn+" %d values nested too deeply to list here (%d path steps); R shows the raw response", leaves, steps)))
		return
	}
	for _, leaf := range jsontree.Flatten(obj) {
		v := leafStyled(st, leaf.Node)
		if leaf.Duplicate {
			v += st.Warn.Render(" " + st.G.Warn + " duplicate key")
		}
		k.wide(st.safeIn(st.Label, leaf.Path.Safe())+st.Faint.Render(" = ")+v, 4)
	}
}

// leafStyled renders a leaf value with its JSON colour.
func leafStyled(st Styles, n *jsontree.Node) string {
	s := jsontree.LeafText(n).Styled(st.esc)
	switch n.Kind {
	case jsontree.String:
		if n.InvalidUnicode {
			s += st.Warn.Render(" " + st.G.Warn + " invalid Unicode")
		}
		return s
	case jsontree.Null:
		return st.JSONNull.Render(s)
	case jsontree.Number:
		return st.JSONNumber.Render(s)
	case jsontree.Bool:
		return st.JSONBool.Render(s)
	}
	return st.Faint.Render(s)
}

func deletedAny(fs ...api.Field) bool {
	for _, f := range fs {
		if f.State() == api.Present {
			return true
		}
	}
	return false
}

// verdict renders a tri-state flag: true, false, or not yet recorded.
func verdict(st Styles, f api.Field, yes, no string) string {
	v, ok := f.Bool()
	switch {
	case ok && v:
		return st.Danger.Render("YES") + st.Faint.Render(" "+st.G.Dot+" "+yes)
	case ok:
		return st.OK.Render("no") + st.Faint.Render(" "+st.G.Dot+" "+no)
	case f.State() == api.Null:
		return st.Faint.Render("null " + st.G.Dot + " not recorded yet")
	}
	return st.fieldStyled(f)
}

func riskText(st Styles, f api.Field) string {
	v, ok := f.Float()
	if !ok {
		return st.fieldStyled(f)
	}
	word, style := "low", st.OK
	switch {
	case v >= 80:
		word, style = "critical", st.Danger
	case v >= 60:
		word, style = "high", st.Danger
	case v >= 30:
		word, style = "medium", st.Warn
	}
	return st.fieldAs(f, style) + style.Render(" "+word) + st.Faint.Render(" "+bar(st.G, v, 100, 10))
}

func bar(g Glyphs, v, maxV float64, n int) string {
	fill := int(v / maxV * float64(n))
	fill = min(max(fill, 0), n)
	return strings.Repeat(g.Filled, fill) + strings.Repeat(g.Empty, n-fill)
}

func techniques(k *kv, st Styles, t *api.Ticket) {
	if t.MITRETechniques.Kind() != jsontree.Array {
		k.row("MITRE", st.fieldStyled(t.MITRETechniques))
		return
	}
	if len(t.Techniques) == 0 {
		k.row("MITRE", st.Faint.Render("none"))
	}
	for i, tq := range t.Techniques {
		label := ""
		if i == 0 {
			label = "MITRE"
		}
		k.row(label, st.fieldAs(tq.MITREID, st.Accent)+" "+st.fieldStyled(tq.Name))
		var tactics []string
		for _, ta := range tq.Tactics {
			tactics = append(tactics, st.fieldStyled(ta.Name)+st.Faint.Render(" (")+st.fieldAs(ta.MITREID, st.Faint)+st.Faint.Render(")"))
		}
		if len(tactics) > 0 {
			k.row("", st.Faint.Render("tactics: ")+strings.Join(tactics, ", "))
		}
		if tq.URL.State() == api.Present {
			k.row("", st.fieldAs(tq.URL, st.Faint))
		}
		otherRows(k, st, tq.Other)
	}
}
