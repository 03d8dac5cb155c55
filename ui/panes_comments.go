package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// commentsKind is the Comments pane: the thread, each comment an anchor
// that ] and [ move between.
type commentsKind struct{ km commentsKeyMap }

// commentsKeyMap is the Comments pane's own keys. Latest and Order work
// from any pane.
type commentsKeyMap struct {
	Next, Prev, Latest, Order key.Binding
}

func newCommentsKind() commentsKind {
	b := oneKey
	return commentsKind{km: commentsKeyMap{
		Next:   b("]", "next comment"),
		Prev:   b("[", "previous comment"),
		Latest: b("L", "latest comment"),
		Order:  b("O", "comments newest/oldest first"),
	}}
}

func (commentsKind) name() string { return "Comments" }

func (commentsKind) tab(t *api.Ticket) string {
	if t == nil {
		return "Comments"
	}
	return fmt.Sprintf("Comments (%d)", len(t.Comments))
}

func (c commentsKind) keys() []key.Binding {
	k := c.km
	return []key.Binding{k.Next, k.Prev, k.Latest, k.Order}
}

// input gives the build the order (O).
func (commentsKind) input(s pageState, in *buildIn) { in.key.own = s.newestFirst }

func (commentsKind) build(in buildIn) buildOut {
	cc := in.comments
	if cc == nil {
		cc = &commentCache{}
	}
	var out buildOut
	newest, _ := in.key.own.(bool) // false in --plain
	out.lines, out.anchors = buildCommentsCached(in.st, in.t, in.key.width, in.key.raw, newest, in.now, in.loc, in.md, &out.jobs, cc)
	return out
}

func (c commentsKind) update(m *Model, msg tea.KeyPressMsg, active bool) (bool, tea.Cmd) {
	k := c.km
	switch {
	case key.Matches(msg, k.Latest):
		return true, m.jumpLatest()
	case key.Matches(msg, k.Order):
		m.newestFirst = !m.newestFirst
		word := "oldest first"
		if m.newestFirst {
			word = "newest first"
		}
		cmd := m.rebuild()
		m.panes[commentsPane].apply(intent{kind: toTop})
		return true, tea.Batch(cmd, m.flash("comments "+word))
	case !active:
		return false, nil
	case key.Matches(msg, k.Next, k.Prev):
		dir := 1
		if key.Matches(msg, k.Prev) {
			dir = -1
		}
		if note := m.panes[m.active].apply(intent{kind: toAnchor, dir: dir}); note != "" {
			return true, m.flash(note)
		}
		return true, nil
	}
	return false, nil
}

// writePlain writes the thread a chunk of comments at a time (thread.out),
// each chunk's Markdown rendered on every core, then dropped.
func (commentsKind) writePlain(in buildIn, pw *plainWriter) {
	th := &thread{st: in.st, k: newKV(in.st, in.key.width), width: in.key.width, now: in.now, loc: in.loc, md: in.md, mdLeft: mdBudget, out: pw}
	th.all(in.t, &commentCache{})
	pw.lines(th.k.lines)
}
