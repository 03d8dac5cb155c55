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
			k.lines = append(k.lines, peopleTable(st, tasks, width)...)
			return
		}
		for _, p := range tasks {
			peopleCard(k, st, p)
		}
	}
	group("Assignees", t.AssigneesField, t.Assignees)
	group("Approvers", t.ApproversField, t.Approvers)
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

func peopleTable(st Styles, tasks []api.Task, width int) []string {
	const statusW, guidW = 14, 36
	showGUID := width >= 100
	rest := width - statusW - 3
	if showGUID {
		rest -= guidW + 2
	}
	nameW := max(rest*11/20, 8)
	compW := max(rest-nameW-2, 6)
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
		name := personName(st, p)
		out = append(out, row(name, st.cell(p.CompanyName, compW), taskStatus(st, p.TaskStatus), st.cell(p.UserGUID, guidW)))
		// A cell cut with "…" is repeated in full under its row (DATA-8).
		full := newKV(st, width-2)
		if ansi.StringWidth(name) > nameW {
			full.wide(st.Label.Render("name: ")+name, 4)
		}
		if st.field(p.CompanyName).Width() > compW {
			full.wide(st.Label.Render("company: ")+st.fieldStyled(p.CompanyName), 4)
		}
		if showGUID && st.field(p.UserGUID).Width() > guidW {
			full.wide(st.Label.Render("user guid: ")+st.fieldStyled(p.UserGUID), 4)
		}
		for _, l := range full.lines {
			out = append(out, "  "+l)
		}
		if p.Deleted() {
			out = append(out, ansi.Truncate("  "+st.Warn.Render("deleted account: ")+
				st.Faint.Render("login ")+st.fieldStyled(p.XLogin)+
				st.Faint.Render(" "+st.G.Dot+" user ")+st.fieldStyled(p.XUser)+
				st.Faint.Render(" "+st.G.Dot+" dept ")+st.fieldStyled(p.XDept), width, st.G.Ellipsis))
		}
		if !showGUID {
			out = append(out, ansi.Truncate("  "+st.Faint.Render("guid ")+st.fieldAs(p.UserGUID, st.Faint), width, st.G.Ellipsis))
		}
		if p.Node != nil && p.Node.Kind != jsontree.Object {
			out = append(out, "  "+st.Warn.Render(st.G.Warn+" not an object: ")+leafStyled(st, p.Node))
		}
		if !p.TaskType.Is("ASSIGNEE") && !p.TaskType.Is("APPROVER") && p.TaskType.State() != api.Missing {
			out = append(out, "  "+st.Faint.Render("task_type ")+st.fieldStyled(p.TaskType))
		}
		k := newKV(st, width)
		otherRows(k, st, p.Other)
		for _, l := range k.lines {
			out = append(out, ansi.Truncate("  "+l, width, st.G.Ellipsis))
		}
	}
	return out
}

func peopleCard(k *kv, st Styles, p api.Task) {
	k.line(st.G.Bullet + " " + personName(st, p) + "  " + taskStatus(st, p.TaskStatus))
	k.row("  company", st.fieldStyled(p.CompanyName))
	k.row("  user guid", st.fieldStyled(p.UserGUID))
	if p.Deleted() {
		k.row("  x_login", st.fieldStyled(p.XLogin))
		k.row("  x_user", st.fieldStyled(p.XUser))
		k.row("  x_dept", st.fieldStyled(p.XDept))
	}
	otherRows(k, st, p.Other)
}
