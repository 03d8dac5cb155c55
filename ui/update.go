package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// Esc goes back, never out: only q and ctrl+c quit. A failed or cancelled
// open returns to what was on screen before it (the previous ticket, or the
// prompt when there was none).

// onKey routes a key press: overlays first, then the screen.
func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(msg, m.keys.ForceQuit) {
		return m, m.interrupt()
	}
	switch m.overlay {
	case overlayHelp:
		return m.onHelpKey(msg)
	case overlayCopy:
		return m.onCopyKey(msg)
	case overlaySearch:
		return m.onSearchKey(msg)
	}
	if m.screen == screenPrompt {
		// Nothing typed can start with ? or q (a GUID is hex, a URL starts
		// with http), so on an empty prompt they mean help and quit.
		if m.prompt.empty() {
			switch {
			case key.Matches(msg, m.keys.Help):
				return m.openHelp()
			case key.Matches(msg, m.keys.Quit):
				return m, m.quit()
			}
		}
		return m.updatePrompt(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m, m.quit()
	case key.Matches(msg, m.keys.Help):
		return m.openHelp()
	case key.Matches(msg, m.keys.Cancel) && m.screen == screenLoading:
		return m.cancelOpen()
	case key.Matches(msg, m.keys.Cancel) && (m.screen == screenError || m.screen == screenNotFound):
		if m.embedded {
			return m, goBack
		}
		return m, m.openPrompt()
	case key.Matches(msg, m.keys.Open):
		return m, m.openPrompt()
	case key.Matches(msg, m.keys.Refresh):
		if m.guid == "" || m.screen == screenLoading {
			return m, nil
		}
		return m, m.fetch(m.guid, true)
	}
	if m.screen != screenReady {
		if key.Matches(msg, m.keys.Cancel) && m.embedded {
			return m, goBack
		}
		return m, nil
	}
	return m.onReadyKey(msg)
}

// cancelOpen stops the fetch in flight and returns to the ticket that was
// on screen, or to the prompt.
func (m Model) cancelOpen() (tea.Model, tea.Cmd) {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.seq++ // a reply already on its way is stale now
	if m.prev != nil {
		return m, m.restore()
	}
	if m.embedded {
		return m, goBack
	}
	return m, m.openPrompt()
}

// back is esc on the ticket screen with nothing to close (no overlay, no
// search): in the app it goes back to the queue; alone it stays.
func (m Model) back() (Model, tea.Cmd) {
	if m.embedded {
		return m, goBack
	}
	return m, nil
}

// shown is a ticket on screen, kept while another one opens.
type shown struct {
	guid    string
	ticket  *api.Ticket
	panes   []*pane
	active  paneID
	fetched time.Time
	tgen    int
	nav     *eventNav
}

// stash keeps the ticket on screen aside and gives the new one fresh panes.
func (m *Model) stash() {
	if m.ticket != nil {
		m.prev = &shown{guid: m.guid, ticket: m.ticket, panes: m.panes, active: m.active, fetched: m.fetched, tgen: m.tgen, nav: m.nav}
	}
	m.nav = &eventNav{}
	fresh := make([]*pane, len(m.panes))
	for i, p := range m.panes {
		fresh[i] = &pane{id: p.id, cur: -1, pager: pager{width: p.pager.width, height: p.pager.height}}
	}
	m.panes = fresh
	m.active = summaryPane
	m.ticket = nil
}

// restore puts the stashed ticket back on screen, and builds what it
// left unbuilt (panes deferred past its first frame, a resize meanwhile).
func (m *Model) restore() tea.Cmd {
	p := m.prev
	m.prev = nil
	m.guid, m.ticket, m.panes, m.active = p.guid, p.ticket, p.panes, p.active
	m.fetched, m.tgen, m.nav = p.fetched, p.tgen, p.nav
	m.err = nil
	m.overlay = overlayNone
	m.screen = screenReady
	return m.rebuild()
}

// openFailed is the footer line for an open that failed over a ticket.
func openFailed(g Glyphs, guid string, err error) string {
	if isNotFound(err) {
		return g.Cross + " No ticket with GUID " + guid + " (still showing the previous ticket)"
	}
	return g.Cross + " " + friendly(err).title + " (still showing the previous ticket)"
}

// onReadyKey handles keys while a ticket is shown.
func (m Model) onReadyKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if ok, cmd := m.onTriageKey(msg); ok {
		return m, cmd
	}
	if m.isPaneKey(msg) {
		return m.onPaneKey(msg)
	}
	return m.onSharedKey(msg)
}

// onSharedKey handles the keys every pane shares.
func (m Model) onSharedKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.switchPane(msg) {
		return m, nil
	}
	p := m.panes[m.active]
	pg := &p.pager
	k := m.keys
	switch {
	case k.isScroll(msg):
		p.scroll(k.scrollBy(msg, pg.height))
	case key.Matches(msg, k.Top):
		p.apply(intent{kind: toTop})
	case key.Matches(msg, k.Bottom):
		p.apply(intent{kind: toBottom})
	case key.Matches(msg, k.Search):
		m.overlay = overlaySearch
		m.search.SetValue(pg.query)
		m.search.CursorEnd()
		return m, m.search.Focus()
	case key.Matches(msg, k.NextMatch):
		p.apply(intent{kind: toMatch, dir: 1})
	case key.Matches(msg, k.PrevMatch):
		p.apply(intent{kind: toMatch, dir: -1})
	case key.Matches(msg, k.TimeZone):
		return m.toggleTime()
	case key.Matches(msg, k.Raw):
		p.raw = !p.raw
		return m, m.rebuild()
	case key.Matches(msg, k.Copy):
		m.overlay = overlayCopy
	case key.Matches(msg, k.Cancel):
		if pg.query != "" {
			pg.search("", false)
			return m, nil
		}
		return m.back()
	}
	return m, nil
}

// onSearchKey edits the search query; the search runs as you type.
func (m Model) onSearchKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.nav.filtering {
		return m.onFilterKey(msg)
	}
	p := m.panes[m.active]
	switch {
	case key.Matches(msg, m.keys.Keep):
		m.overlay = overlayNone
		m.search.Blur()
		p.apply(intent{kind: toSearch, query: m.search.Value()})
		return m, nil
	case key.Matches(msg, m.keys.Cancel):
		m.overlay = overlayNone
		m.search.Blur()
		p.pager.search("", false)
		return m, nil
	}
	var cmd tea.Cmd
	m.search, cmd = m.search.Update(msg)
	p.apply(intent{kind: toSearch, query: m.search.Value()})
	return m, cmd
}

// openPrompt shows the GUID prompt; esc returns to the ticket, if any.
func (m *Model) openPrompt() tea.Cmd {
	m.overlay = overlayNone
	m.promptFromQueue = false
	m.prompt.reset(m.ticket != nil || m.embedded)
	m.prompt.setRecent(m.recent)
	m.screen = screenPrompt
	return m.prompt.focus()
}

// updatePrompt handles the prompt screen.
func (m Model) updatePrompt(msg tea.Msg) (tea.Model, tea.Cmd) {
	res, cmd := m.prompt.update(msg)
	switch res.action {
	case promptOpen:
		return m, tea.Batch(cmd, m.fetch(res.guid, false))
	case promptBack:
		if m.ticket != nil {
			m.screen = screenReady
		}
		if m.promptFromQueue || (m.ticket == nil && m.embedded) {
			return m, tea.Batch(cmd, goBack)
		}
	}
	return m, cmd
}

// LastError is the last error the viewer showed (a failed open or
// refresh), or nil once a ticket loaded after it. The command line exits
// with its code, as --plain does for the same error.
func (m Model) LastError() error { return m.lastErr }
