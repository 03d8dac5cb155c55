package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Below this size the layout drops the second header line, the rule and
// the long tab names; below the minimum it only says the terminal is too
// small.
const (
	compactWidth, compactHeight = 60, 15
	minWidth, minHeight         = 20, 6
)

func (m Model) compact() bool { return m.width < compactWidth || m.height < compactHeight }

// contentWidth is the width panes render at.
func (m Model) contentWidth() int {
	if m.compact() {
		return max(m.width, 1)
	}
	return max(m.width-2, 1)
}

// chromeHeight is the height of everything but the pane, measured from the
// rendered header and footer rather than assumed.
func (m Model) chromeHeight() int {
	return lipgloss.Height(m.header()) + lipgloss.Height(m.footer())
}

// layout sizes the panes after a resize.
func (m *Model) layout() {
	h := max(m.height-m.chromeHeight(), 1)
	for _, p := range m.panes {
		p.pager.setSize(m.contentWidth(), h)
	}
	m.help.SetWidth(m.width)
}

// View renders the whole screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	if m.mouseOff {
		v.MouseMode = tea.MouseModeNone
	}
	v.WindowTitle = m.windowTitle()
	if m.screen == screenPrompt {
		// The prompt draws its own (virtual) cursor.
		v.Cursor = nil
	}
	return v
}

// windowTitle never carries raw data (TERM-9).
func (m Model) windowTitle() string {
	if m.ticket == nil {
		return "sonar-tui"
	}
	id := termsafe.Escape(m.ticket.ID.Text(), termsafe.SingleLine).Plain()
	return termsafe.Title("sonar-tui #" + id)
}

func (m Model) render() string {
	if m.width < minWidth || m.height < minHeight {
		return fit(fmt.Sprintf("terminal too small: %dx%d, need at least %dx%d", m.width, m.height, minWidth, minHeight), m.width, m.height)
	}
	header, footer := m.header(), m.footer()
	bodyH := max(m.height-lipgloss.Height(header)-lipgloss.Height(footer), 1)
	body := m.body(bodyH)
	return fit(header+"\n"+body+"\n"+footer, m.width, m.height)
}

// fit pads or cuts s to exactly w x h cells, so no line is ever wider than
// the terminal whatever a pane produced.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (m Model) body(h int) string {
	pad := ""
	if !m.compact() {
		pad = " "
	}
	indent := func(s string) string {
		if pad == "" {
			return s
		}
		ls := strings.Split(s, "\n")
		for i := range ls {
			ls[i] = pad + ls[i]
		}
		return strings.Join(ls, "\n")
	}
	switch m.screen {
	case screenPrompt:
		return indent(fit(m.prompt.view(m.contentWidth(), h, m.deps.Now()), m.contentWidth(), h))
	case screenLoading:
		msg := m.spin.View() + " loading ticket " + m.guid + m.st.G.Ellipsis
		if m.retry != "" {
			msg += "\n  " + m.st.Warn.Render(m.retry)
		}
		hint := m.st.Faint.Render("esc cancel " + m.st.G.Dot + " q quit")
		return indent(fit("\n"+msg+"\n\n"+hint, m.contentWidth(), h))
	case screenNotFound:
		return indent(fit(m.notFoundView(), m.contentWidth(), h))
	case screenError:
		return indent(fit(m.errorView(), m.contentWidth(), h))
	}
	if m.overlay == overlayHelp {
		return indent(fit(m.help.FullHelpView(m.keys.FullHelp()), m.contentWidth(), h))
	}
	return indent(m.paneView())
}

func (m Model) notFoundView() string {
	w := m.contentWidth()
	lines := []string{
		"",
		m.st.Warn.Render("No ticket with GUID ") + m.st.Bold.Render(m.guid),
		"",
		wrapText("The server answered that no such ticket exists, or that this API key's account cannot see it.", w),
		"",
		m.st.Faint.Render("o open another ticket " + m.st.G.Dot + " r retry " + m.st.G.Dot + " q quit"),
	}
	return strings.Join(lines, "\n")
}

func (m Model) errorView() string {
	w := m.contentWidth()
	f := friendly(m.err)
	lines := []string{"", m.st.Danger.Render(m.st.G.Cross + " " + f.title), ""}
	lines = append(lines, wrapText(f.detail, w))
	if f.hint != "" {
		lines = append(lines, "", m.st.Accent.Render("hint: ")+wrapText(f.hint, w-6))
	}
	lines = append(lines, "", m.st.Faint.Render("r retry "+m.st.G.Dot+" o open another ticket "+m.st.G.Dot+" q quit"))
	return strings.Join(lines, "\n")
}

func wrapText(s string, w int) string { return ansi.Wrap(s, max(w, 10), "") }

// header is the ticket line, the badge line and the tab bar.
func (m Model) header() string {
	w := m.width
	var title string
	if m.ticket == nil {
		title = m.st.Title.Render("sonar-tui")
		if m.guid != "" && m.screen != screenPrompt {
			title += m.st.Faint.Render("  " + m.guid)
		}
	} else {
		t := m.ticket
		title = m.st.Accent.Render("#") + m.st.fieldAs(t.ID, m.st.Accent) + "  " + m.st.fieldAs(t.Title, m.st.Title)
	}
	lines := []string{ansi.Truncate(" "+title, w, m.st.G.Ellipsis)}
	if m.ticket != nil && !m.compact() {
		lines = append(lines, ansi.Truncate(" "+m.badges(), w, m.st.G.Ellipsis))
	}
	lines = append(lines, m.tabs())
	if !m.compact() {
		lines = append(lines, m.st.TabSep.Render(strings.Repeat(m.st.G.Rule, w)))
	}
	return strings.Join(lines, "\n")
}

// badges is priority, status, verdict and risk: words first, colour second.
func (m Model) badges() string {
	t, st := m.ticket, m.st
	parts := []string{priorityBadge(st, t.Priority), statusBadge(st, t.Status)}
	if v, ok := t.Attack.Bool(); ok && v {
		parts = append(parts, st.Danger.Render(m.st.G.Attack+" ATTACK"))
	} else if ok {
		parts = append(parts, st.OK.Render(m.st.G.Check+" not an attack"))
	} else {
		parts = append(parts, st.Faint.Render("attack: not recorded"))
	}
	if v, ok := t.Incident.Bool(); ok && v {
		parts = append(parts, st.Danger.Render(m.st.G.Incident+" INCIDENT"))
	} else if ok {
		parts = append(parts, st.Faint.Render("no incident"))
	} else {
		parts = append(parts, st.Faint.Render("incident: not recorded"))
	}
	if t.RiskScore.State() == api.Present {
		parts = append(parts, st.Faint.Render("risk ")+st.fieldAs(t.RiskScore, st.Bold))
	}
	return strings.Join(parts, " ")
}

func (m Model) tabs() string {
	st := m.st
	var parts []string
	for i := range paneCount {
		label := m.tabText(i)
		if i == m.active && m.screen == screenReady {
			parts = append(parts, st.TabActive.Render(label))
		} else {
			parts = append(parts, st.TabInactive.Render(label))
		}
	}
	sep := st.TabSep.Render(st.G.sep())
	return ansi.Truncate(" "+strings.Join(parts, sep), m.width, m.st.G.Ellipsis)
}

// footer is one line: help or the active overlay on the left, the server
// and the data's age on the right.
func (m Model) footer() string {
	w := m.width
	right := m.footerRight()
	var left string
	switch {
	case m.overlay == overlaySearch && m.nav.filtering:
		left = m.search.View() + m.st.Faint.Render(fmt.Sprintf("  %d of %d fields", m.nav.shown, m.nav.total))
	case m.overlay == overlaySearch:
		cur, total := m.panes[m.active].pager.status()
		left = m.search.View() + m.st.Faint.Render(fmt.Sprintf("  %d/%d", max(cur, 0), total))
	case m.overlay == overlayCopy:
		left = m.copyMenu()
	case m.toast != "":
		left = m.st.Accent.Render(m.toast)
	case m.screen == screenReady && m.panes[m.active].pager.query != "":
		pg := &m.panes[m.active].pager
		cur, total := pg.status()
		left = m.st.Accent.Render("/"+termsafe.Trusted(pg.query, termsafe.SingleLine).Plain()) +
			m.st.Faint.Render(fmt.Sprintf(" %d/%d "+m.st.G.Dot+" n/N next/prev "+m.st.G.Dot+" esc clear", max(cur, 0), total))
	default:
		hw := max(w-ansi.StringWidth(right)-2, 0)
		hm := m.help
		hm.SetWidth(hw)
		left = hm.ShortHelpView(m.keys.helpFor(m.screen))
	}
	room := max(w-ansi.StringWidth(right)-2, 0)
	left = ansi.Truncate(left, room, m.st.G.Ellipsis)
	gap := max(w-ansi.StringWidth(left)-ansi.StringWidth(right)-1, 1)
	return ansi.Truncate(" "+left+strings.Repeat(" ", gap)+right, w, "")
}

func (m Model) footerRight() string {
	var parts []string
	if m.screen == screenReady {
		p := m.panes[m.active]
		if p.raw {
			parts = append(parts, m.st.Warn.Render("RAW"))
		}
		if m.refreshing() {
			parts = append(parts, m.spin.View()+"refreshing")
			if m.retry != "" {
				parts = append(parts, m.retry)
			}
		}
		if path := m.currentPath(); path != "" {
			parts = append(parts, pathLabel(path, max(m.width/3, 8), m.st.G.Ellipsis))
		}
		parts = append(parts, p.pager.position())
	}
	if m.compact() {
		return m.st.Footer.Render(strings.Join(parts, " "+m.st.G.Dot+" "))
	}
	if m.deps.Host != "" {
		parts = append(parts, termsafe.Trusted(m.deps.Host, termsafe.SingleLine).Plain())
	}
	if !m.fetched.IsZero() {
		parts = append(parts, "fetched "+relative(m.fetched, m.deps.Now()))
	}
	return m.st.Footer.Render(strings.Join(parts, " "+m.st.G.Dot+" "))
}
