package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
)

// buildPeople renders assignees and approvers as tables (cards when the
// pane is too narrow for columns), deleted accounts marked as such.
func buildPeople(st Styles, t *api.Ticket, width int) []string {
	k := newKV(st, width)
	group := func(title string, raw api.Field, tasks []api.Task) {
		k.section(fmt.Sprintf("%s (%d)", title, len(tasks)))
		switch {
		case raw.Kind() != jsontree.Array:
			k.row(strings.ToLower(title), st.fieldStyled(raw))
			return
		case len(tasks) == 0:
			k.line(st.Faint.Render("nobody"))
			return
		}
		if width >= 72 {
			k.lines = append(k.lines, peopleTable(st, tasks, width, k.budget)...)
			return
		}
		for _, p := range tasks {
			peopleCard(k, st, p)
		}
	}
	groups := func(title, key string, raw api.Field, tasks []api.Task, dups [][]api.Task) {
		d := raw.Duplicates()
		group(title, raw, tasks)
		if len(d) > 0 {
			k.line(dupNotice(st, key, len(d)+1))
		}
		for i, v := range d {
			group(title+": "+dupHeading(st, key, i+1, len(d)+1), v, dups[i])
		}
	}
	groups("Assignees", "assignees", t.AssigneesField, t.Assignees, t.Dups.Assignees)
	groups("Approvers", "approvers", t.ApproversField, t.Approvers, t.Dups.Approvers)
	return k.lines
}

// personName is the user name, or for a deleted account the saved x_user.
func personName(st Styles, p api.Task) string {
	if p.Deleted() && p.UserName.State() != api.Present {
		return st.fieldStyled(p.XUser) + st.Warn.Render(" (deleted)")
	}
	name := st.fieldStyled(p.UserName)
	if p.Deleted() {
		name += st.Warn.Render(" (deleted)")
	}
	return name
}

// maxColumn is the widest a name or company column gets.
const maxColumn = 48

func peopleTable(st Styles, tasks []api.Task, width int, budget *otherBudget) []string {
	const statusW, guidW = 14, 36
	showGUID := width >= 100
	rest := width - statusW - 3
	if showGUID {
		rest -= guidW + 2
	}
	// Columns are capped, so a very wide (or unwrapped --plain) layout
	// does not pad cells with thousands of spaces.
	nameW := min(max(rest*11/20, 8), maxColumn)
	compW := min(max(rest-nameW-2, 6), maxColumn)
	cell := func(s string, w int) string {
		s = ansi.Truncate(s, w, st.G.Ellipsis)
		return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
	}
	row := func(name, comp, status, guid string) string {
		line := cell(name, nameW) + "  " + cell(comp, compW) + "  " + cell(status, statusW)
		if showGUID {
			line += "  " + cell(guid, guidW)
		}
		return ansi.Truncate(line, width, "")
	}
	hdr := func(s string) string { return st.TableHeader.Render(s) }
	out := []string{row(hdr("NAME"), hdr("COMPANY"), hdr("TASK STATUS"), hdr("USER GUID"))}
	for _, p := range tasks {
		name, status := personName(st, p), taskStatus(st, p.TaskStatus)
		company, guid := st.fieldStyled(p.CompanyName), st.fieldStyled(p.UserGUID)
		out = append(out, row(name, company, status, guid))
		// A cell cut with "…" is repeated in full under its row (DATA-8),
		// and so is everything else about the person: wrapped, never cut.
		full := newKV(st, width-2)
		full.budget = budget // one listing budget for the whole pane
		if ansi.StringWidth(name) > nameW {
			full.wide(st.Label.Render("name: ")+name, 4)
		}
		if ansi.StringWidth(company) > compW {
			full.wide(st.Label.Render("company: ")+company, 4)
		}
		if ansi.StringWidth(status) > statusW {
			full.wide(st.Label.Render("task status: ")+status, 4)
		}
		if !showGUID || ansi.StringWidth(guid) > guidW {
			full.wide(st.Label.Render("user guid: ")+guid, 4)
		}
		if p.Deleted() {
			full.wide(st.Warn.Render("deleted account: ")+
				st.Faint.Render("login ")+st.fieldStyled(p.XLogin)+
				st.Faint.Render(" "+st.G.Dot+" user ")+st.fieldStyled(p.XUser)+
				st.Faint.Render(" "+st.G.Dot+" dept ")+st.fieldStyled(p.XDept), 4)
		}
		if p.CompanyGUID.State() != api.Missing {
			full.wide(st.Faint.Render("company guid ")+st.fieldAs(p.CompanyGUID, st.Faint), 4)
		}
		if p.Node != nil && p.Node.Kind != jsontree.Object {
			full.wide(st.Warn.Render(st.G.Warn+" not an object: ")+leafStyled(st, p.Node), 4)
		}
		if !p.TaskType.Is("ASSIGNEE") && !p.TaskType.Is("APPROVER") && p.TaskType.State() != api.Missing {
			full.wide(st.Faint.Render("task_type ")+st.fieldStyled(p.TaskType), 4)
		}
		if len(p.TaskType.Duplicates()) > 0 && (p.TaskType.Is("ASSIGNEE") || p.TaskType.Is("APPROVER")) {
			full.wide(st.Faint.Render("task_type ")+st.fieldStyled(p.TaskType), 4)
		}
		otherRows(full, st, p.Other)
		for _, l := range full.lines {
			out = append(out, "  "+l)
		}
	}
	return out
}

func peopleCard(k *kv, st Styles, p api.Task) {
	k.line(st.G.Bullet + " " + personName(st, p) + "  " + taskStatus(st, p.TaskStatus))
	k.row("  company", st.fieldStyled(p.CompanyName))
	if p.CompanyGUID.State() != api.Missing {
		k.row("  company guid", st.fieldAs(p.CompanyGUID, st.Faint))
	}
	if !p.TaskType.Is("ASSIGNEE") && !p.TaskType.Is("APPROVER") && p.TaskType.State() != api.Missing {
		k.row("  task_type", st.fieldStyled(p.TaskType))
	}
	if p.Node != nil && p.Node.Kind != jsontree.Object {
		k.line(st.Warn.Render("  "+st.G.Warn+" not an object: ") + leafStyled(st, p.Node))
	}
	k.row("  user guid", st.fieldStyled(p.UserGUID))
	if p.Deleted() {
		k.row("  x_login", st.fieldStyled(p.XLogin))
		k.row("  x_user", st.fieldStyled(p.XUser))
		k.row("  x_dept", st.fieldStyled(p.XDept))
	}
	otherRows(k, st, p.Other)
}

// rawPeople is R on People: assignees and approvers as the server sent
// them, as JSON in server order (unknown keys, duplicates and exact number
// literals included).
func rawPeople(st Styles, t *api.Ticket, width int) []string {
	k := newKV(st, width)
	for _, g := range []struct {
		name string
		f    api.Field
	}{{"assignees", t.AssigneesField}, {"approvers", t.ApproversField}} {
		k.section(`"` + g.name + `" as sent by the server`)
		if g.f.State() == api.Missing {
			k.line(st.Faint.Render("(missing)"))
			continue
		}
		k.lines = append(k.lines, renderJSON(st, g.f.Node(), nil, width)...)
	}
	return k.lines
}
