package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// eventKind is the Event pane: the event's key facts, its content and the
// event JSON, which its own keys filter and fold (eventnav.go).
type eventKind struct{ km eventKeyMap }

// eventKeyMap is the Event pane's own keys.
type eventKeyMap struct {
	Filter, HideNulls, Fold, FoldAll, UnfoldAll key.Binding
}

func newEventKind() eventKind {
	b := oneKey
	return eventKind{km: eventKeyMap{
		Filter:    b("&", "filter event keys/values"),
		HideNulls: b("H", "hide/show null values (event)"),
		Fold:      b("c", "fold/unfold at the cursor (event)"),
		FoldAll:   b("C", "fold all (event)"),
		UnfoldAll: b("E", "unfold all (event)"),
	}}
}

func (eventKind) name() string           { return "Event" }
func (eventKind) tab(*api.Ticket) string { return "Event" }

func (e eventKind) keys() []key.Binding {
	k := e.km
	return []key.Binding{k.Filter, k.HideNulls, k.Fold, k.FoldAll, k.UnfoldAll}
}

// input gives the build the filter, hidden nulls and folds (a copy the
// build owns and records its line map in).
func (eventKind) input(s pageState, in *buildIn) {
	in.key.own = s.nav.key()
	in.nav = s.nav.forBuild()
}

func (eventKind) build(in buildIn) buildOut {
	out := buildOut{nav: in.nav}
	out.lines = buildEvent(in.st, in.t, in.key.width, in.key.raw, in.nav, in.now, in.loc, in.md, &out.jobs)
	return out
}

// copyText copies the event as JSON that jq accepts.
func (eventKind) copyText(m *Model, p *pane) (string, bool) {
	if p.raw || m.ticket.Event.Tree == nil {
		return "", false
	}
	return jsonText(m.ticket.Event.Tree, m.ticket.Event.FieldOrder), true
}

// rowAt: the key facts above the JSON are label/value rows.
func (eventKind) rowAt(m *Model, p *pane, line int) bool {
	return !p.raw && (m.nav.meta == nil || line < m.nav.from)
}

func (e eventKind) update(m *Model, msg tea.KeyPressMsg, active bool) (bool, tea.Cmd) {
	if !active {
		return false, nil
	}
	return m.onEventNavKey(msg, e.km)
}
