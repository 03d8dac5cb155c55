package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// This file adapts the ticket viewer (Model) to the app's page contract.
// Model also runs on its own (New), as before the app existed.

// SetSize sizes the ticket page; it is a resize message to the Model.
func (m *Model) SetSize(w, h int) tea.Cmd {
	next, cmd := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	*m = next.(Model)
	return cmd
}

// Render is the ticket page's whole screen (it draws its own chrome).
func (m *Model) Render() string { return m.render() }

// ShortHelp is the ticket page's footer help.
func (m *Model) ShortHelp() []key.Binding { return m.keys.helpFor(m.screen) }

// FullHelp is the ticket page's `?` screen; in the app, with the keys the
// app adds (next/previous ticket, back to the queue).
func (m *Model) FullHelp() [][]key.Binding {
	cols := m.keys.fullHelp(m.kinds)
	if len(m.appKeys) == 0 || len(cols) == 0 {
		return cols
	}
	// Under the first column: a column more would not fit 80 cells.
	cols[0] = append(cols[0], m.appKeys...)
	return cols
}

// load starts fetching guid for the app, the panes starting fresh but on
// the pane the analyst was reading (J/K keep it).
func (m *Model) load(guid string) tea.Cmd {
	active := m.active
	cmd := m.fetch(guid, false)
	m.active = active
	return cmd
}

// show displays a ticket the app already has (prefetched), without a
// request: J/K are instant.
func (m *Model) show(guid string, t *api.Ticket, fetched time.Time) tea.Cmd {
	m.stopFetch()
	active := m.active
	for _, p := range m.panes {
		p.reset()
	}
	m.active = active
	m.seq++
	m.guid, m.ticket = guid, nil
	next, cmd := m.onFetched(fetchedMsg{seq: m.seq, guid: guid, ticket: t})
	*m = next.(Model)
	m.fetched = fetched
	return cmd
}

// stopFetch cancels the fetch in flight, if any; its reply is dropped.
func (m *Model) stopFetch() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
		m.seq++
	}
}

// openPromptFromQueue shows the GUID prompt; Esc goes back to the queue.
func (m *Model) openPromptFromQueue() tea.Cmd {
	cmd := m.openPrompt()
	m.prompt.reset(true)
	m.promptFromQueue = true
	return cmd
}
