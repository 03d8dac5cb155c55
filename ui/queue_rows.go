package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
)

// This file draws the queue's table: columns, rows and their caches.

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

// tableLine is line i of the table at width w: the column header, a row
// with the cursor column, or (pad) blanks.
func (q *queueModel) tableLine(i, w int, pad bool) string {
	c := q.rows
	if c.width != w {
		c.clear()
		c.width = w
		c.blank = strings.Repeat(" ", w)
	}
	if i == 0 {
		if c.head == "" {
			c.head = q.st.TableHeader.Render(padRight(ansi.Truncate(columnHeader(layoutColumns(w)), w, ""), w))
		}
		return c.head
	}
	row := q.offset + i - 1
	if row >= q.total {
		if pad {
			return c.blank
		}
		return ""
	}
	line, ok := c.get(row)
	if !ok {
		line = padRight(ansi.Truncate(q.renderRow(row, layoutColumns(w)), w-1, ""), w-1)
		c.put(row, line)
	}
	if row == q.cursor {
		return q.glyphs.cursor + line
	}
	return " " + line
}

func columnHeader(cols columns) string {
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
	return head + "TITLE"
}

// renderRow draws row i without the cursor column.
func (q *queueModel) renderRow(i int, c columns) string {
	st := q.st
	t := q.row(i)
	if t == nil {
		if q.rowErr(i) != nil {
			return " " + st.Danger.Render(st.G.Cross+" not loaded: r retries")
		}
		return " " + st.Faint.Render(st.G.Ellipsis+" loading")
	}
	var b strings.Builder
	b.WriteString(q.markOf(t))
	b.WriteByte(' ')
	b.WriteString(padLeft(st.cellPaint(t.ID, c.id), c.id))
	b.WriteByte(' ')
	b.WriteString(padRight(q.glyphs.word(st, priorities, t.Priority, c.prio), c.prio))
	b.WriteByte(' ')
	if c.status > 0 {
		b.WriteString(padRight(q.glyphs.word(st, statuses, t.Status, c.status), c.status))
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
	// Fields sonar-tui does not know are counted (the card lists them):
	// nothing the server sent goes unseen.
	more, tw := "", c.title
	if n := len(t.Other); n > 0 {
		more = " +" + plural(n, "field")
		tw = max(tw-len(more), 1)
	}
	b.WriteString(st.cellPaint(t.Title, tw))
	b.WriteString(st.pt.faint.apply(more))
	return b.String()
}

func (q *queueModel) markOf(t *api.Ticket) string {
	guid, ok := rowGUID(t)
	if !ok {
		return " "
	}
	return q.glyphs.marks[q.marks[guid]]
}

// age is the "updated" column: how long ago, or the value as sent.
func (q *queueModel) age(t *api.Ticket, w int) string {
	if at, ok := t.Updated.Time(); ok {
		return ansi.Truncate(relative(at, q.deps.Now()), w, q.st.G.Ellipsis)
	}
	return q.st.cellPaint(t.Updated, w)
}

// glyphs are the row's fixed styled pieces, drawn once per queue: a
// scroll step then only concatenates.
type glyphs struct {
	cursor, sep string
	marks       [4]string
	words       map[string]string // priority and status words, coloured
}

func newGlyphs(st Styles) glyphs {
	g := glyphs{
		cursor: st.Accent.Render(st.G.Prompt),
		sep:    st.TabSep.Render(st.G.Bar),
		marks:  [4]string{" ", st.Info.Render(st.G.Attack), st.Warn.Render(st.G.Half), st.Danger.Render(st.G.Cross)},
		words:  map[string]string{},
	}
	for _, table := range []map[string]badgeSpec{priorities, statuses} {
		for _, b := range table {
			g.words[b.word] = st.Plain.Foreground(b.color(st.p)).Render(b.text(st.G))
		}
	}
	return g
}

// word is a priority or status as its coloured word; an undocumented
// value is shown as sent.
func (g glyphs) word(st Styles, table map[string]badgeSpec, f api.Field, w int) string {
	if b, ok := lookup(table, f); ok {
		if text := b.text(st.G); ansi.StringWidth(text) > w {
			return st.Plain.Foreground(b.color(st.p)).Render(ansi.Truncate(text, w, st.G.Ellipsis))
		}
		return g.words[b.word]
	}
	return st.cellPaint(f, w)
}

// cellPaint is Styles.cell for the hot path (paints, not Render).
func (s Styles) cellPaint(f api.Field, w int) string {
	v := s.field(f).Truncate(w, s.G.Ellipsis)
	if f.State() != api.Present {
		return s.safePaint(s.pt.faint, v)
	}
	return s.safePaint(s.pt.plain, v)
}

// assigneeCell is the first assignee's name, "+N" for the others.
func assigneeCell(st Styles, t *api.Ticket, w int) string {
	if len(t.Assignees) == 0 {
		if t.AssigneesField.State() == api.Present && t.AssigneesField.Kind() == jsontree.Array {
			return st.pt.faint.apply(st.G.Dash)
		}
		return st.cellPaint(t.AssigneesField, w)
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
	return st.cellPaint(name, max(w-len(more), 1)) + st.pt.faint.apply(more)
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

// rowCache keeps rendered rows (without the cursor) so a scroll step only
// draws the rows that came into view. It is cleared when the data, the
// width, the marks or the clock change.
type rowCache struct {
	width int
	head  string // the column header
	blank string // an empty line of the table's width
	lines map[int]string
	// The footer's help line, for a width and mode.
	help    string
	helpKey [2]int
	// The split view's card lines, for a row and size.
	card    []string
	cardKey cardKey
}

func (c *rowCache) clear() {
	c.lines, c.card, c.head = nil, nil, ""
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
