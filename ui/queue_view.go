package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// splitWidth is the width from which the queue and the selected ticket's
// card sit side by side (gh-dash style); narrower, the queue is alone.
const splitWidth = 160

// render draws the queue page: the app's chrome around the queue's body.
func (a App) render() string {
	if a.width < minWidth || a.height < minHeight {
		return fit(fmt.Sprintf("terminal too small: %dx%d, need at least %dx%d", a.width, a.height, minWidth, minHeight), a.width, a.height)
	}
	header, footer := a.header(), a.footer()
	bodyH := max(a.height-lipgloss.Height(header)-lipgloss.Height(footer), 1)
	var body string
	if a.showHelp {
		body = fit(a.help.FullHelpView(a.queue.FullHelp()), a.width, bodyH)
	} else {
		body = a.queue.Render()
	}
	if a.showHelp || a.queue.state != queueReady {
		return fit(header+"\n"+body+"\n"+footer, a.width, a.height)
	}
	// The ready queue's body is exactly bodyH lines, none too wide (see
	// Render); header and footer are cut to the width: only the height
	// needs fitting, which keeps a scroll step cheap.
	return fitHeight(header+"\n"+body+"\n"+footer, a.height)
}

// fitHeight pads or cuts s to exactly h lines.
func fitHeight(s string, h int) string {
	n := strings.Count(s, "\n") + 1
	switch {
	case n < h:
		return s + strings.Repeat("\n", h-n)
	case n > h:
		i := 0
		for range h {
			i += strings.IndexByte(s[i:], '\n') + 1
		}
		return s[:i-1]
	}
	return s
}

// chromeHeight is the height of the queue's header and footer, measured.
func (a App) chromeHeight() int {
	return lipgloss.Height(a.header()) + lipgloss.Height(a.footer())
}

// header is the title line (view name, the server's total, the count of
// new or changed tickets) and a rule.
func (a App) header() string {
	q, st := &a.queue, a.st
	parts := []string{st.Title.Render("sonar-tui"), st.Accent.Render(q.view().titleName())}
	switch {
	case q.state == queueReady && q.totalKnown:
		parts = append(parts, st.Bold.Render(plural(q.total, "ticket")))
	case q.state == queueReady:
		parts = append(parts, st.Bold.Render("≥ "+plural(q.loadedRows(), "ticket"))+st.Warn.Render(" (the server sent no total)"))
	case q.state == queueEmpty:
		parts = append(parts, st.Faint.Render("0 tickets"))
	}
	if n := q.changedCount(); n > 0 {
		parts = append(parts, st.Info.Render(fmt.Sprintf("● %d new/changed", n)))
	}
	lines := []string{ansi.Truncate(" "+strings.Join(parts, st.Faint.Render(" · ")), a.width, "…")}
	if a.width >= compactWidth && a.height >= compactHeight {
		lines = append(lines, st.TabSep.Render(strings.Repeat("─", a.width)))
	}
	return strings.Join(lines, "\n")
}

// footer is help, the keyword input, a notice or the first page error on
// the left; the position, the server and the watch interval on the right.
func (a App) footer() string {
	q, st, w := &a.queue, a.st, a.width
	var right []string
	if q.total > 0 {
		right = append(right, fmt.Sprintf("%s/%s", commas(int64(q.cursor+1)), commas(int64(q.total))))
	}
	if q.busy() && q.state != queueLoading {
		right = append(right, q.spin.View()+"loading")
	}
	if a.deps.Watch > 0 {
		right = append(right, "watch "+a.deps.Watch.String())
	}
	if a.deps.Host != "" && w >= compactWidth {
		right = append(right, termsafe.Trusted(a.deps.Host, termsafe.SingleLine).Plain())
	}
	r := st.Footer.Render(strings.Join(right, " · "))
	var left string
	switch {
	case q.mode == modeKeywords:
		left = q.input.View()
	case q.toast != "":
		left = st.Accent.Render(q.toast)
	case q.failedPage() != "":
		left = st.Danger.Render("✗ " + q.failedPage())
	default:
		hw := max(w-ansi.StringWidth(r)-2, 0)
		key := [2]int{hw, int(q.mode)}
		if q.rows.helpKey != key || q.rows.help == "" {
			hm := a.help
			hm.SetWidth(hw)
			q.rows.help, q.rows.helpKey = hm.ShortHelpView(q.ShortHelp()), key
		}
		left = q.rows.help
	}
	room := max(w-ansi.StringWidth(r)-2, 0)
	left = ansi.Truncate(left, room, "…")
	gap := max(w-ansi.StringWidth(left)-ansi.StringWidth(r)-1, 1)
	return ansi.Truncate(" "+left+strings.Repeat(" ", gap)+r, w, "")
}

// failedPage describes the first page that failed to load while rows are
// shown (errors mid-scroll keep the rows already loaded).
func (q *queueModel) failedPage() string {
	if q.state != queueReady {
		return ""
	}
	first := -1
	for i, p := range q.pages {
		if p.err != nil && (first < 0 || i < first) {
			first = i
		}
	}
	if first < 0 {
		return ""
	}
	from := first*queuePageSize + 1
	to := min((first+1)*queuePageSize, q.total)
	return fmt.Sprintf("tickets %s–%s: %s · r retry", commas(int64(from)), commas(int64(to)), friendly(q.pages[first].err).title)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return commas(int64(n)) + " " + word + "s"
}

// titleName is the view's name for the header and window title. Names
// come from the config file; they are escaped like everything shown.
func (v QueueView) titleName() string {
	return termsafe.Trusted(v.Name, termsafe.SingleLine).Plain()
}

// Render draws the queue's body at its size: the filter bar, then the
// table (and, from splitWidth columns, the selected ticket's card).
func (q *queueModel) Render() string {
	w, h := q.width, q.height
	bar := q.bar
	th := max(h-lipgloss.Height(bar), 1)
	var main string
	switch q.state {
	case queueLoading:
		main = fit("\n "+q.spin.View()+" loading tickets…", w, th)
	case queueError:
		main = q.errorView(w, th)
	case queueEmpty:
		main = fit("\n "+q.st.Faint.Render("No tickets match this filter.")+"\n\n "+
			q.st.Faint.Render("f filter · / keywords · v views · r refresh"), w, th)
	default:
		if w >= splitWidth {
			cw := min(max(w*2/5, 50), 80)
			tw := w - cw - 1
			left := fitHeight(q.table(tw, th), th)
			main = joinColumns(left, tw, q.card(cw, th), q.st.TabSep.Render("│"))
		} else {
			main = q.table(w, th)
		}
		// Every line was built to the width: fit only the height.
		return fitHeight(bar+"\n"+main, h)
	}
	return fit(bar+"\n"+main, w, h)
}

// barHeight is the filter bar's height at the current width.
func (q *queueModel) barHeight() int { return lipgloss.Height(q.bar) }

// layoutBar draws the filter bar again after its state or width changed.
func (q *queueModel) layoutBar() { q.bar = q.filterBar() }

// filterBar shows every toggle with its state as a mark and a word (never
// by colour alone), and the keywords sent to the server.
func (q *queueModel) filterBar() string {
	st := q.st
	var parts []string
	for i, c := range filterChips {
		label := strings.ReplaceAll(c.label, "_", " ")
		text := "○ " + strings.ToLower(label)
		style := st.Faint
		if q.filter.on(c) {
			text, style = "● "+label, st.Accent
		}
		if q.mode == modeFilter && i == q.chip {
			style = st.CurMatch
		}
		sep := ""
		if i > 0 && filterChips[i-1].kind != c.kind {
			sep = st.TabSep.Render("│ ")
		}
		parts = append(parts, sep+style.Render(text))
	}
	if kw := q.filter.keywords; kw != "" {
		parts = append(parts, st.TabSep.Render("│ ")+st.Label.Render("keywords ")+
			st.Bold.Render(termsafe.Trusted(kw, termsafe.SingleLine).Plain()))
	}
	if len(q.filter.statuses) == 0 {
		parts = append(parts, st.Faint.Render("(any status)"))
	}
	// Pack whole chips into lines: a chip never breaks between its mark
	// and its word.
	var lines []string
	line, lw := "", 0
	for _, p := range parts {
		pw := ansi.StringWidth(p)
		if lw > 0 && lw+1+pw > q.width {
			lines = append(lines, line)
			line, lw = "", 0
		}
		line += " " + p
		lw += 1 + pw
	}
	lines = append(lines, line)
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, max(q.width, 1), "…")
	}
	return strings.Join(lines, "\n")
}

// columns are the table's column widths; 0 hides a column.
type columns struct{ id, prio, status, age, assignee, title int }

func layoutColumns(w int) columns {
	c := columns{id: 6, prio: 8, status: 11, age: 8, assignee: 14}
	if w < 90 {
		c.assignee = 0
	}
	if w < 60 {
		c.age, c.status = 0, 0
	}
	used := 3 // cursor, mark and a space
	for _, n := range []int{c.id, c.prio, c.status, c.age, c.assignee} {
		if n > 0 {
			used += n + 1
		}
	}
	c.title = max(w-used, 1)
	return c
}

// table draws the column header and the visible rows.
func (q *queueModel) table(w, h int) string {
	cols := layoutColumns(w)
	st := q.st
	head := "   " + padRight("ID", cols.id) + " " + padRight("PRIORITY", cols.prio) + " "
	if cols.status > 0 {
		head += padRight("STATUS", cols.status) + " "
	}
	if cols.age > 0 {
		head += padRight("UPDATED", cols.age) + " "
	}
	if cols.assignee > 0 {
		head += padRight("ASSIGNEE", cols.assignee) + " "
	}
	head += "TITLE"
	lines := []string{st.TableHeader.Render(padRight(ansi.Truncate(head, w, ""), w))}
	if q.rows.width != w {
		q.rows.clear()
		q.rows.width = w
	}
	end := min(q.offset+h-1, q.total)
	for i := q.offset; i < end; i++ {
		cur := " "
		if i == q.cursor {
			cur = st.Accent.Render("›")
		}
		line, ok := q.rows.get(i)
		if !ok {
			line = padRight(ansi.Truncate(q.renderRow(i, cols), w-1, ""), w-1)
			q.rows.put(i, line)
		}
		lines = append(lines, cur+line)
	}
	return strings.Join(lines, "\n")
}

// renderRow draws row i without the cursor column.
func (q *queueModel) renderRow(i int, c columns) string {
	st := q.st
	t := q.row(i)
	if t == nil {
		if q.rowErr(i) != nil {
			return " " + st.Danger.Render("✗ not loaded: r retries")
		}
		return " " + st.Faint.Render("… loading")
	}
	var b strings.Builder
	b.WriteString(q.markOf(t))
	b.WriteByte(' ')
	b.WriteString(padLeft(st.cell(t.ID, c.id), c.id))
	b.WriteByte(' ')
	b.WriteString(padRight(wordCell(st, priorities, t.Priority, c.prio), c.prio))
	b.WriteByte(' ')
	if c.status > 0 {
		b.WriteString(padRight(wordCell(st, statuses, t.Status, c.status), c.status))
		b.WriteByte(' ')
	}
	if c.age > 0 {
		b.WriteString(padRight(q.age(t, c.age), c.age))
		b.WriteByte(' ')
	}
	if c.assignee > 0 {
		b.WriteString(padRight(assigneeCell(st, t, c.assignee), c.assignee))
		b.WriteByte(' ')
	}
	b.WriteString(st.cell(t.Title, c.title))
	return b.String()
}

func (q *queueModel) markOf(t *api.Ticket) string {
	guid, ok := rowGUID(t)
	if !ok {
		return " "
	}
	switch q.marks[guid] {
	case markNew:
		return q.st.Info.Render("●")
	case markChanged:
		return q.st.Warn.Render("◐")
	case markGone:
		return q.st.Danger.Render("✗")
	}
	return " "
}

// age is the "updated" column: how long ago, or the value as sent.
func (q *queueModel) age(t *api.Ticket, w int) string {
	if at, ok := t.Updated.Time(); ok {
		return ansi.Truncate(relative(at, q.deps.Now()), w, "…")
	}
	return q.st.cell(t.Updated, w)
}

// wordCell is a priority or status as its coloured word; an undocumented
// value is shown as sent.
func wordCell(st Styles, table map[string]badgeSpec, f api.Field, w int) string {
	if b, ok := lookup(table, f); ok {
		return st.Plain.Foreground(b.color(st.p)).Render(ansi.Truncate(b.word, w, "…"))
	}
	return st.cell(f, w)
}

// assigneeCell is the first assignee's name, "+N" for the others.
func assigneeCell(st Styles, t *api.Ticket, w int) string {
	if len(t.Assignees) == 0 {
		if t.AssigneesField.State() == api.Present && t.AssigneesField.Kind() == jsontree.Array {
			return st.Faint.Render("—")
		}
		return st.cell(t.AssigneesField, w)
	}
	more := ""
	if n := len(t.Assignees) - 1; n > 0 {
		more = fmt.Sprintf(" +%d", n)
	}
	a := t.Assignees[0]
	name := a.UserName
	if a.Deleted() {
		name = a.XUser
	}
	return st.cell(name, max(w-len(more), 1)) + st.Faint.Render(more)
}

func padRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func padLeft(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}

// joinColumns puts two blocks side by side: left's lines are exactly lw
// cells wide (the table pads its rows once, when it caches them), so no
// line is measured here; right has at least as many lines as left.
func joinColumns(left string, lw int, right, sep string) string {
	l, r := strings.Split(left, "\n"), strings.Split(right, "\n")
	blank := strings.Repeat(" ", lw)
	for i := range l {
		if l[i] == "" {
			l[i] = blank
		}
		if i < len(r) {
			l[i] += sep + r[i]
		}
	}
	return strings.Join(l, "\n")
}

func (q *queueModel) errorView(w, h int) string {
	f := friendly(q.err)
	lines := []string{"", " " + q.st.Danger.Render("✗ Could not load the queue: "+f.title), "", " " + wrapText(f.detail, w-2)}
	if f.hint != "" {
		lines = append(lines, "", " "+q.st.Accent.Render("hint: ")+wrapText(f.hint, w-8))
	}
	lines = append(lines, "", " "+q.st.Faint.Render("r retry · o open a ticket by GUID · q quit"))
	return fit(strings.Join(lines, "\n"), w, h)
}

// rowCache keeps rendered rows (without the cursor) so a scroll step only
// draws the rows that came into view. It is cleared when the data, the
// width, the marks or the clock change.
type rowCache struct {
	width int
	lines map[int]string
	// The footer's help line, for a width and mode.
	help    string
	helpKey [2]int
	// The split view's card, for a row and width.
	card    string
	cardKey [2]int
}

func (c *rowCache) clear() {
	c.lines = nil
	c.card = ""
}

func (c *rowCache) get(i int) (string, bool) {
	s, ok := c.lines[i]
	return s, ok
}

func (c *rowCache) put(i int, s string) {
	if c.lines == nil || len(c.lines) > 4096 {
		c.lines = map[int]string{}
	}
	c.lines[i] = s
}
