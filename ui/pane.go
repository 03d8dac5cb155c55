package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// paneID names the four panes.
type paneID uint8

const (
	summaryPane paneID = iota
	eventPane
	peoplePane
	commentsPane
	paneCount
)

// String is the pane's tab name.
func (p paneID) String() string {
	return [...]string{"Summary", "Event", "People", "Comments"}[p]
}

// pane is the state every pane has: its scrolled content, whether it shows
// the raw server text, and anchors (comment starts) for [ and ].
type pane struct {
	id      paneID
	pager   pager
	raw     bool
	anchors []int
	// pending is the anchor to scroll to, when hasPending, each time the
	// pane is rebuilt until its Markdown is rendered: L given while the
	// thread renders still lands on the newest comment.
	pending    int
	hasPending bool
	// cursor is the line cursor of select mode (v).
	cursor lineCursor
}

func (p *pane) reset() {
	p.pager = pager{width: p.pager.width, height: p.pager.height}
	p.raw = false
	p.anchors = nil
	p.hasPending = false
	p.cursor = lineCursor{}
}

// jump scrolls to the next (dir 1) or previous (dir -1) anchor.
func (p *pane) jump(dir int) {
	off := p.pager.offset
	if dir > 0 {
		for _, a := range p.anchors {
			if a > off {
				p.pager.scrollTo(a)
				return
			}
		}
		return
	}
	for i := len(p.anchors) - 1; i >= 0; i-- {
		if p.anchors[i] < off {
			p.pager.scrollTo(p.anchors[i])
			return
		}
	}
}

// tabLabel is the tab text, with counts where they help.
func tabLabel(id paneID, t *api.Ticket) string {
	if t == nil {
		return id.String()
	}
	switch id {
	case peoplePane:
		return fmt.Sprintf("People (%d)", len(t.Assignees)+len(t.Approvers))
	case commentsPane:
		return fmt.Sprintf("Comments (%d)", len(t.Comments))
	}
	return id.String()
}

// rebuild re-renders every pane's content for the current ticket and width
// and starts Markdown rendering for what is not cached yet.
func (m *Model) rebuild() tea.Cmd {
	if m.ticket == nil {
		return nil
	}
	// The header grows when a ticket arrives: size the panes again.
	m.layout()
	var jobs []mdJob
	w := m.contentWidth()
	for _, p := range m.panes {
		lines, anchors := m.build(p, w, &jobs)
		p.anchors = anchors
		p.pager.setLines(lines)
		if p.hasPending && p.pending < len(anchors) {
			p.pager.scrollTo(anchors[p.pending])
		}
	}
	if len(jobs) == 0 {
		for _, p := range m.panes {
			p.hasPending = false
		}
	}
	if len(jobs) == 0 || m.mdBusy {
		return nil
	}
	m.mdBusy = true
	return renderMarkdown(jobs)
}

// build renders one pane.
func (m *Model) build(p *pane, width int, jobs *[]mdJob) ([]string, []int) {
	t := m.ticket
	switch p.id {
	case summaryPane:
		if p.raw {
			return rawBody(m.st, t, width), nil
		}
		return buildSummary(m.st, t, width, m.deps.Now(), m.deps.Location), nil
	case eventPane:
		return buildEvent(m.st, t, width, p.raw, m.nav, m.md, jobs), nil
	case peoplePane:
		return buildPeople(m.st, t, width), nil
	default:
		return buildComments(m.st, t, width, p.raw, m.newestFirst, m.deps.Now(), m.deps.Location, m.md, jobs)
	}
}
