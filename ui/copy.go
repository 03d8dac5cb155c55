package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// copyChoice is one thing `y` can copy.
type copyChoice struct {
	key, label string
	text       func(m Model) (string, bool)
}

// copyChoices are offered by the copy menu. Values are copied in their
// escaped display form: a hostile value can never put ESC or CR on the
// clipboard, where it would later be pasted into a shell (TERM-11).
var copyChoices = []copyChoice{
	{"g", "GUID", func(m Model) (string, bool) { return fieldCopy(m.ticket.GUID) }},
	{"t", "title", func(m Model) (string, bool) { return fieldCopy(m.ticket.Title) }},
	{"s", "source IP", func(m Model) (string, bool) { return eventCopy(m.ticket, "src_ip") }},
	{"d", "destination IP", func(m Model) (string, bool) { return eventCopy(m.ticket, "dst_ip") }},
	{"p", "pane as text", func(m Model) (string, bool) {
		// The Event pane copies as the event's JSON, which jq accepts.
		if p := m.panes[m.active]; p.id == eventPane && !p.raw && m.ticket.Event.Tree != nil {
			return jsonText(m.ticket.Event.Tree, m.ticket.Event.FieldOrder), true
		}
		return m.panes[m.active].pager.text(), true
	}},
}

func fieldCopy(f api.Field) (string, bool) {
	if f.State() != api.Present {
		return "", false
	}
	return termsafe.Escape(f.Text(), termsafe.SingleLine).Plain(), true
}

func eventCopy(t *api.Ticket, key string) (string, bool) {
	if t.Event.Tree == nil {
		return "", false
	}
	n := t.Event.Tree.Get(key)
	if n == nil || n.Kind == jsontree.Null {
		return "", false
	}
	return termsafe.Escape(n.Value, termsafe.SingleLine).Plain(), true
}

// clipSafe is the last guard before the clipboard: only "\n" may remain of
// the control characters (between the lines of a copied pane).
func clipSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}

func (m Model) onCopyKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	m.overlay = overlayNone
	for _, c := range copyChoices {
		if msg.String() != c.key {
			continue
		}
		text, ok := c.text(m)
		if !ok {
			return m, m.flash("nothing to copy: this ticket has no " + c.label)
		}
		text = clipSafe(text)
		return m, tea.Batch(m.deps.Copy(text), m.flash("copied "+c.label+" to the clipboard (OSC 52)"))
	}
	return m, nil
}

// copyMenu is the footer line of the copy overlay.
func (m Model) copyMenu() string {
	parts := make([]string, 0, len(copyChoices)+1)
	for _, c := range copyChoices {
		parts = append(parts, m.st.Accent.Render(c.key)+" "+c.label)
	}
	parts = append(parts, m.st.Accent.Render("esc")+" cancel")
	return "copy: " + strings.Join(parts, " · ")
}
