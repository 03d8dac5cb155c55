package ui

import (
	"fmt"
	"slices"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// mdMaxWidth caps Markdown rendering near 120 columns: longer lines are
// hard to read, and the cache stays small across very wide terminals.
const mdMaxWidth = 120

// buildComments renders the thread oldest first (server order), or newest
// first. It returns the first line of each comment as anchors for [ and ].
func buildComments(st Styles, t *api.Ticket, width int, raw, newestFirst bool, now time.Time, loc *time.Location, md *mdCache, jobs *[]mdJob) ([]string, []int) {
	k := newKV(st, width)
	if t.CommentsField.Kind() != jsontree.Array {
		k.section("Comments")
		k.row("comments", st.fieldStyled(t.CommentsField))
		return k.lines, nil
	}
	if len(t.Comments) == 0 {
		k.line(st.Faint.Render("No comments yet."))
		return k.lines, nil
	}
	anchors := make([]int, 0, len(t.Comments))
	mdw := min(width, mdMaxWidth)
	for n, i := range commentOrder(len(t.Comments), newestFirst) {
		c := t.Comments[i]
		if n > 0 {
			k.lines = append(k.lines, "")
		}
		anchors = append(anchors, len(k.lines))
		k.line(commentHeader(st, c, i, len(t.Comments), now, loc))
		if c.Deleted() {
			k.line(st.Warn.Render("  author account deleted: ") +
				st.Faint.Render("login ") + st.fieldStyled(c.XLogin) +
				st.Faint.Render(" "+st.G.Dot+" user ") + st.fieldStyled(c.XUser) +
				st.Faint.Render(" "+st.G.Dot+" dept ") + st.fieldStyled(c.XDept))
		}
		otherRows(k, st, c.Other)
		switch {
		case c.Node != nil && c.Node.Kind != jsontree.Object:
			k.line(st.Warn.Render(st.G.Warn+" not an object: ") + leafStyled(st, c.Node))
		case raw:
			k.lines = append(k.lines, rawSource(st, c.Content, width)...)
		case c.Content.Kind() != jsontree.String:
			k.row("content", st.fieldStyled(c.Content))
		default:
			// Plain comments get the same two-column margin glamour gives
			// Markdown, so the thread reads as one column.
			isMD, w := c.IsMarkdown(), mdw
			if !isMD {
				w = max(mdw-2, 1)
			}
			lines, ok := md.lookup(c.Content.Text(), w, st.Theme, isMD, jobs)
			if !ok {
				k.line(st.Faint.Render("rendering" + st.G.Ellipsis))
				continue
			}
			for _, l := range lines {
				if !isMD {
					l = "  " + l
				}
				k.lines = append(k.lines, l)
			}
		}
	}
	return k.lines, anchors
}

func commentHeader(st Styles, c api.Comment, i, n int, now time.Time, loc *time.Location) string {
	author := st.fieldAs(c.UserName, st.Bold)
	if c.UserName.State() != api.Present && c.XUser.State() == api.Present {
		author = st.fieldAs(c.XUser, st.Bold) + st.Warn.Render(" (deleted)")
	}
	h := st.Accent.Render(fmt.Sprintf(st.G.Mark+"%d/%d ", i+1, n)) + author + st.Faint.Render(" "+st.G.Dot+" ") + st.when(c.Created, now, loc)
	if c.Edited() {
		h += st.Warn.Render(" "+st.G.Dot+" edited ") + st.Faint.Render(relativeField(c.Updated, now))
	}
	if !c.IsMarkdown() {
		h += st.Faint.Render(" "+st.G.Dot+" ") + st.fieldAs(c.Format, st.Faint)
	}
	return h
}

func relativeField(f api.Field, now time.Time) string {
	if t, ok := f.Time(); ok {
		return relative(t, now)
	}
	return ""
}

// rawSource is the comment's source, escaped and line-numbered (MD-6), so
// anything the Markdown renderer hides is reachable.
func rawSource(st Styles, f api.Field, width int) []string {
	if f.Kind() != jsontree.String {
		return []string{st.fieldStyled(f)}
	}
	var out []string
	for i, l := range termsafe.Escape(f.Text(), termsafe.MultiLine).Lines() {
		num := st.Faint.Render(fmt.Sprintf("%4d "+st.G.Bar+" ", i+1))
		for j, part := range l.Wrap(max(width-7, 1)) {
			if j > 0 {
				num = st.Faint.Render("     " + st.G.Bar + " ")
			}
			out = append(out, num+part.Styled(st.esc))
		}
	}
	return out
}

// commentOrder is the display order of n comments: server order, or
// reversed for newest first.
func commentOrder(n int, newestFirst bool) []int {
	order := seq(n)
	if newestFirst {
		slices.Reverse(order)
	}
	return order
}
