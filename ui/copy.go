package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// copyChoice is one thing `y` can copy.
type copyChoice struct {
	key   key.Binding
	label string
	text  func(m Model) (string, bool)
}

// copyChoices are offered by the copy menu. Values are copied in their
// escaped display form: a hostile value can never put ESC or CR on the
// clipboard, where it would later be pasted into a shell (TERM-11).
func (m Model) copyChoices() []copyChoice {
	k := m.keys
	var out []copyChoice
	if p := m.panes[m.active]; p.cursor.on {
		out = append(out, copyChoice{k.CopyValue, "value", func(m Model) (string, bool) { return m.selectedValue() }})
		if _, ok := m.selectedPath(); ok {
			out = append(out, copyChoice{k.CopyPath, "JSON path", func(m Model) (string, bool) { return m.selectedPath() }})
		}
	}
	return append(out,
		copyChoice{k.CopyGUID, "GUID", func(m Model) (string, bool) { return fieldCopy(m.ticket.GUID) }},
		copyChoice{k.CopyTitle, "title", func(m Model) (string, bool) { return fieldCopy(m.ticket.Title) }},
		copyChoice{k.CopySource, "source IP", func(m Model) (string, bool) { return eventCopy(m.ticket, "src_ip") }},
		copyChoice{k.CopyDest, "destination IP", func(m Model) (string, bool) { return eventCopy(m.ticket, "dst_ip") }},
		copyChoice{k.CopyPane, "pane as text", func(m Model) (string, bool) {
			// A pane may copy as something else (the Event pane: JSON).
			p := m.panes[m.active]
			if c, ok := m.kinds[p.id].(paneCopier); ok {
				if text, ok := c.copyText(&m, p); ok {
					return text, true
				}
			}
			return p.pager.text(), true
		}},
		copyChoice{k.CopyIOCs, "IOCs", func(m Model) (string, bool) {
			list := extractIOCs(ticketTexts(m.ticket))
			return iocText(list, false), len(list) > 0
		}},
		copyChoice{k.CopyDefanged, "IOCs defanged", func(m Model) (string, bool) {
			list := extractIOCs(ticketTexts(m.ticket))
			return iocText(list, true), len(list) > 0
		}},
		copyChoice{k.CopyHandoff, "hand-off (Markdown)", func(m Model) (string, bool) { return m.handoff(), true }},
		copyChoice{k.CopyURL, "console URL", func(m Model) (string, bool) {
			return consoleURL(m.deps.ConsoleURLPattern, m.deps.BaseURL, m.guid)
		}},
	)
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
	for _, c := range m.copyChoices() {
		if !key.Matches(msg, c.key) {
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
	choices := m.copyChoices()
	parts := make([]string, 0, len(choices)+1)
	for _, c := range choices {
		parts = append(parts, m.st.Accent.Render(c.key.Keys()[0])+" "+c.label)
	}
	esc := m.keys.Cancel.Help().Key
	parts = append(parts, m.st.Accent.Render(esc)+" cancel")
	line := "copy: " + strings.Join(parts, m.st.G.sep())
	if m.copyListed() {
		return "copy: press a key above, " + esc + " cancels"
	}
	return line
}

// copyListed reports whether the copy menu is too wide for the footer and
// is drawn as a list over the pane instead.
func (m Model) copyListed() bool {
	w := len("copy: ") + len(m.keys.Cancel.Help().Key) + len(" cancel")
	for _, c := range m.copyChoices() {
		w += len(c.key.Keys()[0]) + 1 + len(c.label) + 3
	}
	return w > m.width-2
}

// copyList is the copy menu as lines, one choice each.
func (m Model) copyList() []string {
	out := []string{m.st.Section.Render("Copy to the clipboard (OSC 52)")}
	for _, c := range m.copyChoices() {
		out = append(out, "  "+m.st.Accent.Render(c.key.Keys()[0])+"  "+c.label)
	}
	return append(out, "  "+m.st.Accent.Render(m.keys.Cancel.Help().Key)+"  cancel")
}
