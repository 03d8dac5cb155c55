package ui

import (
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
)

// cardLines is the right half of the split view: the selected row's
// ticket, exactly h lines of w cells.
func (q *queueModel) cardLines(w, h int) []string {
	key := [2]int{q.cursor, w*10000 + h}
	if q.rows.card != nil && q.rows.cardKey == key {
		return q.rows.card
	}
	var out string
	if t := q.row(q.cursor); t != nil {
		lines := selectedCard(q.st, t, w-1, q.deps.Now(), q.deps.Location)
		for i := range lines {
			lines[i] = " " + lines[i]
		}
		out = strings.Join(lines, "\n")
	}
	card := strings.Split(fit(out, w, h), "\n")
	q.rows.card, q.rows.cardKey = card, key
	return card
}

// selectedCard is the split view's card of the selected ticket, drawn from
// its list item (a summary projection: fields the list does not send show
// as missing). It is the one function to call for the triage card.
func selectedCard(st Styles, t *api.Ticket, width int, now time.Time, loc *time.Location) []string {
	k := newKV(st, width)
	k.line(st.Accent.Render("#") + st.fieldAs(t.ID, st.Accent) + "  " + st.fieldAs(t.Title, st.Title))
	k.line(priorityBadge(st, t.Priority) + " " + statusBadge(st, t.Status))
	k.section("Ticket")
	k.row("GUID", st.fieldAs(t.GUID, st.Faint))
	k.row("Repository", st.fieldStyled(t.RepoName))
	k.row("Attack", verdict(st, t.Attack, "true positive", "false positive"))
	k.row("Incident", verdict(st, t.Incident, "needs immediate response", "no incident"))
	k.row("Merged dups", st.fieldStyled(t.Count))
	if t.RiskScore.State() == api.Present {
		k.row("Risk score", riskText(st, t.RiskScore))
	}
	k.section("People")
	people := func(label string, tasks []api.Task, f api.Field) {
		if len(tasks) == 0 {
			k.row(label, st.fieldAs(f, st.Faint))
			return
		}
		for _, p := range tasks {
			name := p.UserName
			if p.Deleted() {
				name = p.XUser
			}
			k.row(label, st.fieldStyled(name)+"  "+taskStatus(st, p.TaskStatus))
			label = ""
		}
	}
	people("Assignees", t.Assignees, t.AssigneesField)
	people("Approvers", t.Approvers, t.ApproversField)
	k.section("Timeline")
	k.row("Created", st.when(t.Created, now, loc))
	k.row("Updated", st.when(t.Updated, now, loc))
	if t.Closed.State() == api.Present {
		k.row("Closed", st.when(t.Closed, now, loc))
	}
	k.line("")
	k.line(st.Faint.Render("enter opens all four panes"))
	return k.lines
}
