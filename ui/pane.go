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
	// cur is the current comment ([ and ] move it), -1 when the view
	// decides; rendering says Markdown is still on its way, and pending
	// is the position command to apply once it has arrived.
	cur       int
	rendering bool
	pending   *intent
}

func (p *pane) reset() {
	p.pager = pager{width: p.pager.width, height: p.pager.height}
	p.raw = false
	p.anchors = nil
	p.cur, p.rendering, p.pending = -1, false, nil
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
		n := len(jobs)
		lines, anchors := m.build(p, w, &jobs)
		p.setContent(lines, anchors, len(jobs) > n)
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
		return buildSummary(m.st, t, width, m.deps.Now(), m.timeLoc()), nil
	case eventPane:
		return buildEvent(m.st, t, width, p.raw, m.deps.Now(), m.timeLoc(), m.md, jobs), nil
	case peoplePane:
		if p.raw {
			return rawPeople(m.st, t, width), nil
		}
		return buildPeople(m.st, t, width), nil
	default:
		return buildComments(m.st, t, width, p.raw, m.deps.Now(), m.timeLoc(), m.md, jobs)
	}
}
