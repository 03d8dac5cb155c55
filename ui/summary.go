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
		k.line(warningLine(st, w))
	}
	triageCard(k, st, t, now, loc)

	// Null and missing values are listed together at the end, and GUIDs
	// in their own section: both are noise while reading, but nothing the
	// server sent is dropped, and search and copy still find them.
	var empty []string
	row := func(label string, f api.Field, value string) {
		if f.State() != api.Present && len(f.Duplicates()) == 0 {
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
	row("Merged dups", t.Count, st.fieldStyled(t.Count)+st.Faint.Render(mergedNote(t.Count)))
	if t.RiskScore.State() != api.Missing {
		row("Risk score", t.RiskScore, riskText(st, t.RiskScore))
	}
	if t.MITRETechniques.State() != api.Missing {
		listWithDups(k, st, "mitre_techniques", t.MITRETechniques, t.Techniques, t.Dups.Techniques, techniques)
	}

	k.section("Verdict")
	k.row("Attack", verdict(st, t.Attack, "true positive", "false positive"))
	k.row("Incident", verdict(st, t.Incident, "incident: needs immediate response", "no incident"))

	k.section("Timeline")
	row("Created", t.Created, st.when(t.Created, now, loc))
	row("Updated", t.Updated, st.when(t.Updated, now, loc))
	row("Closed", t.Closed, st.when(t.Closed, now, loc))

	if len(t.Attachments) > 0 || t.AttachmentsField.Kind() != jsontree.Array || len(t.AttachmentsField.Duplicates()) > 0 {
		k.section(fmt.Sprintf("Attachments (%d)", len(t.Attachments)))
		listWithDups(k, st, "attachments", t.AttachmentsField, t.Attachments, t.Dups.Attachments, attachments)
	} else {
		empty = append(empty, "attachments []")
	}

	if deletedAny(t.XLogin, t.XUser, t.XDept) {
		k.section("Ticket author: account deleted")
		k.row("x_login", st.fieldStyled(t.XLogin))
		k.row("x_user", st.fieldStyled(t.XUser))
		k.row("x_dept", st.fieldStyled(t.XDept))
	} else {
		row("x_login", t.XLogin, st.fieldStyled(t.XLogin))
		row("x_user", t.XUser, st.fieldStyled(t.XUser))
		row("x_dept", t.XDept, st.fieldStyled(t.XDept))
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

// warningLine is a decoding warning of the ticket, escaped.
func warningLine(st Styles, w error) string {
	return st.Warn.Render(st.G.Warn+" ") + termsafe.Trusted(w.Error(), termsafe.SingleLine).Styled(st.esc)
}

// Listing unknown fields path by path is bounded per pane, not per item:
// a hostile ticket can put a deep, leafy member in every comment. Paths
// longer than maxPathShown steps show their ends around a "…N steps…"
// marker; past maxOtherRows values a pane says how many it did not list.
// The raw view (R) shows every byte either way.
const (
	maxOtherRows = 5000
	maxPathShown = 16
)

// otherBudget is what is left of one pane's listing budget, and the
// pane's walker, whose stacks are reused for every item.
type otherBudget struct {
	rows  int
	walk  jsontree.Walker
	label paint // set on first use: rows are styled on the hot path
}

func newOtherBudget() *otherBudget { return &otherBudget{rows: maxOtherRows} }

// otherRows lists unknown members leaf by leaf with their path (DATA-2),
// in server order, duplicates flagged (DATA-3), within the pane's budget.
func otherRows(k *kv, st Styles, members []jsontree.Member) {
	if len(members) == 0 {
		return
	}
	obj := &jsontree.Node{Kind: jsontree.Object, Members: members}
	b := k.budget
	if b.label == (paint{}) {
		b.label = paintOf(st.Label)
	}
	skipped, elidedPaths := 0, 0
	b.walk.Leaves(obj, func(p jsontree.Path, n *jsontree.Node, dup bool) bool {
		if b.rows <= 0 {
			skipped++
			return true
		}
		b.rows--
		path, elided := p.SafeElided(maxPathShown)
		if elided > 0 {
			elidedPaths++
		}
		v := leafStyled(st, n)
		if dup {
			v += st.pt.warn.apply(" " + st.G.Warn + " duplicate key")
		}
		k.wide(st.safePaint(b.label, path)+st.pt.faint.apply(" = ")+v, 4)
		return true
	})
	if elidedPaths > 0 {
		k.line(st.Warn.Render(fmt.Sprintf("%s %s paths deeper than %d steps shortened with %s; R shows the raw response", st.G.Warn, commas(int64(elidedPaths)), maxPathShown, st.G.Ellipsis)))
	}
	if skipped > 0 {
		k.line(st.Warn.Render(fmt.Sprintf(st.G.Warn+" %s more values not listed (this pane lists at most %s); R shows the raw response", commas(int64(skipped)), commas(maxOtherRows))))
	}
}

// dupRows lists later values of a repeated key leaf by leaf, each row
// flagged, for keys that have no section of their own.
func dupRows(k *kv, st Styles, key string, dups []api.Field) {
	ms := make([]jsontree.Member, len(dups))
	for i, d := range dups {
		ms[i] = jsontree.Member{Key: termsafe.Wrap(key), Value: d.Node(), Duplicate: true}
	}
	otherRows(k, st, ms)
}

// leafStyled renders a leaf value with its JSON colour.
func leafStyled(st Styles, n *jsontree.Node) string {
	pt := st.pt
	s := st.safePaint(paint{}, jsontree.LeafText(n))
	switch n.Kind {
	case jsontree.String:
		if n.InvalidUnicode {
			s += pt.warn.apply(" " + st.G.Warn + " invalid Unicode")
		}
		return s
	case jsontree.Null:
		return pt.jsonNull.apply(s)
	case jsontree.Number:
		return pt.jsonNumber.apply(s)
	case jsontree.Bool:
		return pt.jsonBool.apply(s)
	}
	return pt.faint.apply(s)
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
		return st.Danger.Render("YES") + st.Faint.Render(st.G.sep()+yes)
	case ok:
		return st.OK.Render("no") + st.Faint.Render(st.G.sep()+no)
	case f.State() == api.Null:
		return st.Faint.Render("null" + st.G.sep() + "not recorded yet")
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

// listWithDups lists a list field with rows, then every later value of
// a repeated key under its own warning heading.
func listWithDups[T any](k *kv, st Styles, key string, f api.Field, items []T, dups [][]T, rows func(*kv, Styles, api.Field, []T)) {
	d := f.Duplicates()
	if len(d) > 0 {
		k.line(dupNotice(st, key, len(d)+1))
	}
	rows(k, st, f, items)
	for i, v := range d {
		k.line(st.Warn.Render(dupHeading(st, key, i+1, len(d)+1)))
		rows(k, st, v, dups[i])
	}
}

func attachments(k *kv, st Styles, f api.Field, list []api.Attachment) {
	if f.Kind() != jsontree.Array {
		k.row("attachments", st.fieldStyled(f))
	}
	for _, a := range list {
		size := st.fieldAs(a.FileSize, st.Faint)
		if n, ok := a.FileSize.Int(); ok {
			size = st.Faint.Render(humanSize(n))
		}
		k.line(st.G.Bullet + " " + st.fieldStyled(a.FileName) + st.Faint.Render("  ") + size)
		k.row("  GUID", st.fieldStyled(a.GUID))
		k.row("  user GUID", st.fieldAs(a.UserGUID, st.Faint))
		k.row("  ticket GUID", st.fieldAs(a.TicketGUID, st.Faint))
		if a.Node != nil && a.Node.Kind != jsontree.Object {
			k.line(st.Warn.Render("  "+st.G.Warn+" not an object: ") + leafStyled(st, a.Node))
		}
		otherRows(k, st, a.Other)
	}
}

func techniques(k *kv, st Styles, f api.Field, list []api.Technique) {
	if f.Kind() != jsontree.Array {
		k.row("MITRE", st.fieldStyled(f))
		return
	}
	if len(list) == 0 {
		k.row("MITRE", st.Faint.Render("none"))
	}
	for i, tq := range list {
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
		if d := tq.TacticsField.Duplicates(); len(d) > 0 {
			k.row("", st.Warn.Render(dupHeading(st, "tactics", len(d), len(d)+1)))
			dupRows(k, st, "tactics", d)
		}
		for _, ta := range tq.Tactics {
			if ta.Node != nil && ta.Node.Kind != jsontree.Object {
				k.row("", st.Warn.Render(st.G.Warn+" tactic not an object: ")+leafStyled(st, ta.Node))
			}
			otherRows(k, st, ta.Other)
		}
		if tq.DisplayName.State() != api.Missing {
			k.row("", st.Faint.Render("display name: ")+st.fieldStyled(tq.DisplayName))
		}
		if tq.URL.State() == api.Present {
			k.row("", st.fieldAs(tq.URL, st.Faint))
		}
		if tq.TacticsField.State() != api.Missing && tq.TacticsField.Kind() != jsontree.Array {
			k.row("", st.Faint.Render("tactics: ")+st.fieldStyled(tq.TacticsField))
		}
		if tq.Node != nil && tq.Node.Kind != jsontree.Object {
			k.row("", st.Warn.Render(st.G.Warn+" not an object: ")+leafStyled(st, tq.Node))
		}
		otherRows(k, st, tq.Other)
	}
}

// mergedNote follows the count: "1 duplicate detection merged".
func mergedNote(count api.Field) string {
	if n, ok := count.Int(); ok && n == 1 {
		return " duplicate detection merged into this ticket"
	}
	return " duplicate detections merged into this ticket"
}
