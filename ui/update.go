package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// onKey routes a key press: overlays first, then the screen.
func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if msg.String() == "ctrl+c" {
		return m, m.quit()
	}
	switch m.overlay {
	case overlayHelp:
		if key.Matches(msg, m.keys.Help, m.keys.Cancel, m.keys.Quit) {
			m.overlay = overlayNone
		}
		return m, nil
	case overlayCopy:
		return m.onCopyKey(msg)
	case overlaySearch:
		return m.onSearchKey(msg)
	}
	if m.screen == screenPrompt {
		return m.updatePrompt(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m, m.quit()
	case key.Matches(msg, m.keys.Cancel) && m.screen == screenLoading:
		// Esc while loading cancels the request and goes back to the prompt.
		if m.cancel != nil {
			m.cancel()
			m.cancel = nil
		}
		m.seq++
		return m, m.openPrompt()
	case key.Matches(msg, m.keys.Help):
		m.overlay = overlayHelp
		return m, nil
	case key.Matches(msg, m.keys.Open):
		return m, m.openPrompt()
	case key.Matches(msg, m.keys.Refresh):
		if m.guid == "" || m.screen == screenLoading {
			return m, nil
		}
		return m, m.fetch(m.guid, true)
	}
	if m.screen != screenReady {
		return m, nil
	}
	return m.onReadyKey(msg)
}

// onReadyKey handles keys while a ticket is shown.
func (m Model) onReadyKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if ok, cmd := m.onTriageKey(msg); ok {
		return m, cmd
	}
	p := m.panes[m.active]
	pg := &p.pager
	k := m.keys
	switch {
	case key.Matches(msg, k.NextPane):
		m.active = (m.active + 1) % paneCount
	case key.Matches(msg, k.PrevPane):
		m.active = (m.active + paneCount - 1) % paneCount
	case key.Matches(msg, k.Pane1):
		m.active = summaryPane
	case key.Matches(msg, k.Pane2):
		m.active = eventPane
	case key.Matches(msg, k.Pane3):
		m.active = peoplePane
	case key.Matches(msg, k.Pane4):
		m.active = commentsPane
	case key.Matches(msg, k.Down):
		pg.scroll(1)
	case key.Matches(msg, k.Up):
		pg.scroll(-1)
	case key.Matches(msg, k.PageDown):
		pg.scroll(pg.height)
	case key.Matches(msg, k.PageUp):
		pg.scroll(-pg.height)
	case key.Matches(msg, k.HalfDown):
		pg.scroll(pg.height / 2)
	case key.Matches(msg, k.HalfUp):
		pg.scroll(-pg.height / 2)
	case key.Matches(msg, k.Top):
		pg.top()
	case key.Matches(msg, k.Bottom):
		pg.bottom()
	case key.Matches(msg, k.NextComment):
		p.jump(1)
	case key.Matches(msg, k.PrevComment):
		p.jump(-1)
	case key.Matches(msg, k.Search):
		m.overlay = overlaySearch
		m.search.SetValue(pg.query)
		m.search.CursorEnd()
		return m, m.search.Focus()
	case key.Matches(msg, k.NextMatch):
		pg.next(1)
	case key.Matches(msg, k.PrevMatch):
		pg.next(-1)
	case key.Matches(msg, k.Raw):
		p.raw = !p.raw
		return m, m.rebuild()
	case key.Matches(msg, k.Copy):
		m.overlay = overlayCopy
	case key.Matches(msg, k.Cancel):
		if pg.query != "" {
			pg.search("", false)
		}
	}
	return m, nil
}

// onSearchKey edits the search query; the search runs as you type.
func (m Model) onSearchKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.nav.filtering {
		return m.onFilterKey(msg)
	}
	pg := &m.panes[m.active].pager
	switch msg.String() {
	case "enter":
		m.overlay = overlayNone
		m.search.Blur()
		pg.search(m.search.Value(), true)
		return m, nil
	case "esc":
		m.overlay = overlayNone
		m.search.Blur()
		pg.search("", false)
		return m, nil
	}
	var cmd tea.Cmd
	m.search, cmd = m.search.Update(msg)
	pg.search(m.search.Value(), true)
	return m, cmd
}

// openPrompt shows the GUID prompt; esc returns to the ticket, if any.
func (m *Model) openPrompt() tea.Cmd {
	m.overlay = overlayNone
	m.prompt.reset(m.ticket != nil)
	m.prompt.setRecent(m.recent)
	m.screen = screenPrompt
	return m.prompt.focus()
}

// updatePrompt handles the prompt screen.
func (m Model) updatePrompt(msg tea.Msg) (tea.Model, tea.Cmd) {
	res, cmd := m.prompt.update(msg, m.keys)
	switch res.action {
	case promptOpen:
		return m, tea.Batch(cmd, m.fetch(res.guid, false))
	case promptBack:
		if m.ticket != nil {
			m.screen = screenReady
			return m, cmd
		}
	case promptQuit:
		return m, m.quit()
	}
	return m, cmd
}
