package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
	"github.com/sonar-tui/sonar-tui/ui/markdown"
)

// mdMaxWidth caps Markdown rendering near 120 columns: longer lines are
// hard to read, and the cache stays small across very wide terminals.
const mdMaxWidth = 120

// mdBudget bounds the Markdown of one ticket that goes through glamour, in
// markdown.Cost units (bytes of source plus a fixed cost per comment):
// about 1.4 s of CPU on the reference machine, spread over its cores, and
// room for 1,000 comments of 500 bytes. Past it, in server order, the
// comments that need glamour are shown as sent, with a note: a ticket of
// 100,000 tiny Markdown comments would otherwise keep glamour busy for
// minutes.
const mdBudget = 768 << 10

// buildComments renders the thread oldest first (server order), or newest
// first. It returns the first line of each comment as anchors for [ and ].
func buildComments(st Styles, t *api.Ticket, width int, raw, newestFirst bool, now time.Time, loc *time.Location, md *mdCache, jobs *[]mdJob) ([]string, []int) {
	return buildCommentsCached(st, t, width, raw, newestFirst, now, loc, md, jobs, &commentCache{})
}

// commentCache keeps each comment's laid-out header and metadata for one
// (ticket, width, raw, order), so a pane rebuilt because some Markdown finished
// costs one map lookup and a copy per comment, not a layout.
type commentCache struct {
	heads []commentHead
	// asSource marks the Markdown comments past the ticket's Markdown
	// budget (mdBudget); spent is what the others cost.
	asSource []bool
	spent    int
}

// commentHead is a comment laid out around its body, and where the body's
// rendered lines come from when it is Markdown or plain text.
type commentHead struct {
	lines []string // the header and metadata, up to the body
	tail  []string // after the body: repeated "content" keys, as sent
	body  bool     // the body is rendered through the Markdown cache
	isMD  bool
	w     int
}

func buildCommentsCached(st Styles, t *api.Ticket, width int, raw, newestFirst bool, now time.Time, loc *time.Location, md *mdCache, jobs *[]mdJob, cc *commentCache) ([]string, []int) {
	th := thread{st: st, k: newKV(st, width), width: width, raw: raw, newestFirst: newestFirst, now: now, loc: loc, md: md, jobs: jobs, mdLeft: mdBudget}
	th.all(t, cc)
	return th.k.lines, th.anchors
}

// all renders every comments value of t: the list, then each duplicate
// "comments" key under its own heading.
func (th *thread) all(t *api.Ticket, cc *commentCache) {
	st, k := th.st, th.k
	dups := t.CommentsField.Duplicates()
	if len(dups) > 0 {
		k.line(dupNotice(st, "comments", len(dups)+1))
	}
	th.add(t.CommentsField, t.Comments, cc)
	for i, d := range dups {
		k.lines = append(k.lines, "")
		k.section(dupHeading(st, "comments", i+1, len(dups)+1))
		th.add(d, t.Dups.Comments[i], &commentCache{})
	}
}

// thread renders lists of comments into one pane.
type thread struct {
	st          Styles
	k           *kv
	width       int
	raw         bool
	newestFirst bool
	now         time.Time
	loc         *time.Location
	md          *mdCache
	jobs        *[]mdJob
	anchors     []int  // the first line of each comment, for [ and ]
	mdLeft      int    // what is left of the ticket's Markdown budget
	sourceNote  string // asSourceNote, made on first use
	rendering   []string
	// out, in --plain, receives the comments a chunk at a time
	// (plainWriter.comments); the thread then keeps none of them.
	out *plainWriter
}

// add renders one comments value (the list decoded from it): oldest first,
// in server order, or newest first.
func (th *thread) add(field api.Field, comments []api.Comment, cc *commentCache) {
	st, k := th.st, th.k
	if field.Kind() != jsontree.Array {
		k.section("Comments")
		k.row("comments", st.fieldStyled(field))
		return
	}
	if len(comments) == 0 {
		k.line(st.Faint.Render("No comments yet."))
		return
	}
	if len(cc.heads) != len(comments) {
		cc.heads = make([]commentHead, len(comments))
		cc.asSource, cc.spent = markdownBudget(comments, th.mdLeft)
	}
	th.mdLeft -= cc.spent
	order := commentOrder(len(comments), th.newestFirst)
	if th.out != nil {
		th.out.comments(th, order, comments, cc)
		return
	}
	for n, i := range order {
		th.comment(n, i, comments[i], cc)
	}
}

// comment appends comment i, the n-th shown, to the pane: its head, laid
// out once per cache, and its body from the Markdown cache, or
// "rendering…" (recording the job) until the body is there.
func (th *thread) comment(n, i int, c api.Comment, cc *commentCache) {
	st, k := &th.st, th.k // Styles is large: not copied per comment
	if n > 0 {
		k.lines = append(k.lines, "")
	}
	th.anchors = append(th.anchors, len(k.lines))
	h := th.head(i, c, cc)
	k.lines = append(k.lines, h.lines...)
	if h.body {
		if lines, ok := th.md.lookup(c.Content.Text(), h.w, st.Theme, h.isMD, th.jobs); ok {
			for _, l := range lines {
				if !h.isMD {
					l = "  " + l
				}
				k.lines = append(k.lines, l)
			}
		} else {
			if th.rendering == nil {
				rk := newKV(*st, th.width)
				rk.line(st.Faint.Render("rendering" + st.G.Ellipsis))
				th.rendering = rk.lines
			}
			k.lines = append(k.lines, th.rendering...)
		}
	}
	k.lines = append(k.lines, h.tail...)
}

// head is comment i laid out around its body, once per cache.
func (th *thread) head(i int, c api.Comment, cc *commentCache) *commentHead {
	h := &cc.heads[i]
	if h.lines == nil {
		note := ""
		if cc.asSource[i] {
			if th.sourceNote == "" {
				th.sourceNote = asSourceNote(th.st)
			}
			note = th.sourceNote
		}
		*h = layoutCommentHead(&th.st, c, i, len(cc.heads), th.width, th.raw, note, th.now, th.loc, th.k.budget)
	}
	return h
}

// markdownBudget spends left on the Markdown comments in server order and
// marks those past it, which are shown as sent. The first comment that
// does not fit ends the spending: every later one that needs glamour is
// shown as sent too, so the rule is easy to state.
func markdownBudget(comments []api.Comment, left int) (asSource []bool, spent int) {
	asSource = make([]bool, len(comments))
	over := false
	for i, c := range comments {
		if !c.IsMarkdown() || c.Content.Kind() != jsontree.String {
			continue
		}
		cost := markdown.Cost(c.Content.Text())
		if cost == 0 {
			continue
		}
		if over = over || spent+cost > left; over {
			asSource[i] = true
			continue
		}
		spent += cost
	}
	return asSource, spent
}

// layoutCommentHead lays out comment i around its body. Unknown members
// are listed within budget, the pane's one listing budget. st is a
// pointer and the usual comment is laid out without a kv: Styles is large,
// and a ticket may hold 100,000 comments. asSource shows a Markdown
// comment as sent, under sourceNote (markdownBudget).
func layoutCommentHead(st *Styles, c api.Comment, i, n, width int, raw bool, sourceNote string, now time.Time, loc *time.Location, budget *otherBudget) commentHead {
	h := commentHead{}
	object := c.Node != nil && c.Node.Kind == jsontree.Object
	if object && !raw && c.Content.Kind() == jsontree.String && !c.Deleted() &&
		len(c.Format.Duplicates()) == 0 && len(c.Other) == 0 {
		// Room for the header, the identifiers and asSourceNote.
		h.lines = append(make([]string, 0, 3), wrapRows(commentHeader(st, c, i, n, now, loc), width)...)
		h.lines = append(h.lines, wrapRows(commentMeta(st, c), width)...)
		h.setBody(c, width)
	} else {
		k := newKV(*st, width)
		k.budget = budget
		k.line(commentHeader(st, c, i, n, now, loc))
		if c.Deleted() {
			k.line(st.Warn.Render("  author account deleted: ") +
				st.Faint.Render("login ") + st.fieldStyled(c.XLogin) +
				st.Faint.Render(" "+st.G.Dot+" user ") + st.fieldStyled(c.XUser) +
				st.Faint.Render(" "+st.G.Dot+" dept ") + st.fieldStyled(c.XDept))
		}
		if object {
			k.line(commentMeta(st, c))
		}
		if len(c.Format.Duplicates()) > 0 {
			k.line(st.Warn.Render(st.G.Warn+" duplicate key \"format\": ") + st.fieldStyled(c.Format))
		}
		otherRows(k, *st, c.Other)
		switch {
		case c.Node != nil && !object:
			k.line(st.Warn.Render(st.G.Warn+" not an object: ") + leafStyled(*st, c.Node))
		case raw:
			k.lines = append(k.lines, rawSource(*st, c.Content, width)...)
		case c.Content.Kind() != jsontree.String:
			k.row("content", st.fieldStyled(c.Content))
		default:
			h.setBody(c, width)
		}
		h.lines = k.lines
	}
	if h.body && h.isMD && sourceNote != "" {
		h.isMD = false
		if h.w < noWrapWidth {
			h.w = max(h.w-2, 1)
		}
		h.lines = append(h.lines, wrapRows(sourceNote, width)...)
	}
	if h.lines == nil {
		h.lines = []string{}
	}
	// A second "content" in one comment: shown as its source, escaped.
	if dups := c.Content.Duplicates(); len(dups) > 0 {
		tk := newKV(*st, width)
		for i, d := range dups {
			tk.line(st.Warn.Render(dupHeading(*st, "content", i+1, len(dups)+1) + ", as sent:"))
			tk.lines = append(tk.lines, rawSource(*st, d, width)...)
		}
		h.tail = tk.lines
	}
	return h
}

// asSourceNote says a Markdown comment is shown as sent. It is made once
// per pane, so every comment that shows it shares the string.
func asSourceNote(st Styles) string {
	return st.pt.warn.apply(fmt.Sprintf("  %s shown as sent, not rendered: the ticket's Markdown budget (%d KiB) is spent", st.G.Warn, mdBudget>>10))
}

// setBody says the comment's content is rendered through the Markdown
// cache. Plain comments get the same two-column margin glamour gives
// Markdown, so the thread reads as one column.
func (h *commentHead) setBody(c api.Comment, width int) {
	h.body, h.isMD, h.w = true, c.IsMarkdown(), min(width, mdMaxWidth)
	if width >= noWrapWidth {
		h.w = noWrapWidth // piped --plain: not wrapped at all (renderJob)
	} else if !h.isMD {
		h.w = max(h.w-2, 1)
	}
}

// commentMeta is the comment's identifiers, faint.
func commentMeta(st *Styles, c api.Comment) string {
	f := st.pt.faint
	return f.apply("  guid ") + fieldPaint(st, c.GUID, f) +
		f.apply(" "+st.G.Dot+" user_guid ") + fieldPaint(st, c.UserGUID, f) +
		f.apply(" "+st.G.Dot+" type ") + fieldPaint(st, c.Type, f)
}

// commentHeader is "▸3/12 author · created"; it colours by paints (one
// header per comment: a 100,000-comment ticket has as many).
func commentHeader(st *Styles, c api.Comment, i, n int, now time.Time, loc *time.Location) string {
	author := fieldPaint(st, c.UserName, st.pt.bold)
	if c.UserName.State() != api.Present && c.XUser.State() == api.Present {
		author = fieldPaint(st, c.XUser, st.pt.bold) + st.Warn.Render(" (deleted)")
	}
	h := st.pt.accent.apply(st.G.Mark+strconv.Itoa(i+1)+"/"+strconv.Itoa(n)+" ") + author + st.pt.faint.apply(" "+st.G.Dot+" ") + st.when(c.Created, now, loc)
	if _, ok := c.Updated.Time(); c.Edited() && ok {
		h += st.Warn.Render(" "+st.G.Dot+" edited ") + st.Faint.Render(relativeField(c.Updated, now))
	} else if c.Edited() {
		h += st.Warn.Render(" "+st.G.Dot+" edited ") + st.when(c.Updated, now, loc)
	}
	if !c.IsMarkdown() {
		h += st.pt.faint.apply(" "+st.G.Dot+" ") + fieldPaint(st, c.Format, st.pt.faint)
	}
	return h
}

// fieldPaint is fieldAs with base as a paint, for the per-comment hot
// path; the rare flags are drawn by fieldAs's own code.
func fieldPaint(st *Styles, f api.Field, base paint) string {
	if f.State() != api.Present || (f.Kind() == jsontree.String && f.Text().IsEmpty()) {
		base = st.pt.faint
	}
	out := paintSafe(st.pt.escaped, base, fieldSafe(f))
	if n := f.Node(); (n != nil && n.InvalidUnicode) || len(f.Duplicates()) > 0 {
		var b strings.Builder
		b.WriteString(out)
		b.WriteString(st.invalidFlag(f))
		st.writeDups(&b, f)
		out = b.String()
	}
	return out
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
				out = append(out, contRow(st.Faint.Render("     "+st.G.Bar+" "), "", part.Styled(st.esc)))
				continue
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
