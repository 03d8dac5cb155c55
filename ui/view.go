package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
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
	badgeMinHeight              = 10
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
	m.layoutHelp()
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
	return m.ticketHeader().windowTitle
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
	if m.overlay == overlayHelp {
		return indent(m.helpPg.view(m.st))
	}
	switch m.screen {
	case screenPrompt:
		return indent(fit(m.prompt.view(m.contentWidth(), h, m.deps.Now()), m.contentWidth(), h))
	case screenLoading:
		msg := m.spin.View() + " loading ticket " + m.guid + m.st.G.Ellipsis
		if m.retry != "" {
			msg += "\n  " + m.st.Warn.Render(m.retry)
		}
		hint := m.hints()
		return indent(fit("\n"+msg+"\n\n"+hint, m.contentWidth(), h))
	case screenNotFound:
		return indent(fit(m.notFoundView(), m.contentWidth(), h))
	case screenError:
		return indent(fit(m.errorView(), m.contentWidth(), h))
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
		m.hints(),
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
	lines = append(lines, "", m.hints())
	return strings.Join(lines, "\n")
}

func wrapText(s string, w int) string { return ansi.Wrap(s, max(w, 10), "") }

// header is the ticket line, the badge line and the tab bar.
func (m Model) header() string {
	w := m.width
	var lines []string
	if m.ticket == nil {
		title := m.st.Title.Render("sonar-tui")
		if m.guid != "" && m.screen != screenPrompt {
			title += m.st.Faint.Render("  " + m.guid)
		}
		lines = append(lines, ansi.Truncate(" "+title, w, m.st.G.Ellipsis))
	} else {
		th := m.ticketHeader()
		lines = append(lines, th.title)
		// The priority/status line is the last thing a small terminal drops.
		if m.height >= badgeMinHeight {
			lines = append(lines, th.badges)
		}
	}
	lines = append(lines, m.tabs())
	if !m.compact() {
		lines = append(lines, m.st.TabSep.Render(strings.Repeat(m.st.G.Rule, w)))
	}
	return strings.Join(lines, "\n")
}

// headerCache keeps the ticket's header lines for one (ticket, width):
// they are drawn on every frame, and a hostile ticket (a 10 MB title,
// 20,000 duplicate keys) must not make every key press pay for them.
type headerCache struct {
	ticket *api.Ticket
	width  int
	basic  bool // drawn with the 16-colour palette
	lines  ticketHeader
}

type ticketHeader struct{ title, badges, windowTitle string }

func (m Model) ticketHeader() ticketHeader {
	c := m.hdr
	if c != nil && c.ticket == m.ticket && c.width == m.width && c.basic == m.st.basic {
		return c.lines
	}
	th := buildTicketHeader(m.st, m.ticket, m.width)
	if c != nil {
		*c = headerCache{ticket: m.ticket, width: m.width, basic: m.st.basic, lines: th}
	}
	return th
}

// buildTicketHeader renders the header lines, each cut to width before it
// is styled.
func buildTicketHeader(st Styles, t *api.Ticket, w int) ticketHeader {
	title := &fitLine{st: st, room: w - 1}
	title.text(st.Accent, "#")
	title.field(t.ID, st.Accent)
	title.text(st.Plain, "  ")
	title.field(t.Title, st.Title)

	b := &fitLine{st: st, room: w - 1}
	badgeFit(b, priorities, t.Priority)
	b.text(st.Plain, " ")
	badgeFit(b, statuses, t.Status)
	for _, p := range verdictBadges(st, t) {
		b.chrome(" " + p)
	}
	if t.RiskScore.State() == api.Present {
		b.text(st.Faint, " risk ")
		b.field(t.RiskScore, st.Bold)
	}

	id := termsafe.Escape(t.ID.Text(), termsafe.SingleLine).Truncate(40, st.G.Ellipsis).Plain()
	return ticketHeader{
		title:       " " + title.b.String(),
		badges:      " " + b.b.String(),
		windowTitle: termsafe.Title("sonar-tui #" + id),
	}
}

// verdictBadges are the attack and incident words.
func verdictBadges(st Styles, t *api.Ticket) []string {
	var parts []string
	if v, ok := t.Attack.Bool(); ok && v {
		parts = append(parts, st.Danger.Render(st.G.Attack+" ATTACK"))
	} else if ok {
		parts = append(parts, st.OK.Render(st.G.Check+" not an attack"))
	} else {
		parts = append(parts, st.Faint.Render("attack: not recorded"))
	}
	if v, ok := t.Incident.Bool(); ok && v {
		parts = append(parts, st.Danger.Render(st.G.Incident+" INCIDENT"))
	} else if ok {
		parts = append(parts, st.Faint.Render("no incident"))
	} else {
		parts = append(parts, st.Faint.Render("incident: not recorded"))
	}
	return parts
}

func (m Model) tabs() string {
	st := m.st
	var parts []string
	for i := range m.kinds {
		label := m.tabText(paneID(i))
		if paneID(i) == m.active && m.screen == screenReady {
			parts = append(parts, st.TabActive.Render(label))
		} else {
			parts = append(parts, st.TabInactive.Render(label))
		}
	}
	sep := st.TabSep.Render(st.G.sep())
	return ansi.Truncate(" "+strings.Join(parts, sep), m.width, st.G.Ellipsis)
}

// footer is one line: help or the active overlay on the left, the server
// and the data's age on the right. "? help" and "q quit" are always there
// from 40 columns up: the other hints and the right side give way first.
func (m Model) footer() string {
	w := m.width
	var left string
	fixed := true // left is an overlay line that keeps its width
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
	case m.screen == screenReady && m.overlay == overlayNone && m.panes[m.active].pager.query != "":
		pg := &m.panes[m.active].pager
		cur, total := pg.status()
		left = m.st.Accent.Render("/"+termsafe.Trusted(pg.query, termsafe.SingleLine).Plain()) +
			m.st.Faint.Render(fmt.Sprintf(" %d/%d", max(cur, 0), total)+m.st.G.sep()+
				m.keys.NextMatch.Help().Key+"/"+m.keys.PrevMatch.Help().Key+" next/prev"+m.st.G.sep()+m.keys.Cancel.Help().Key+" clear")
	default:
		fixed = false
	}
	if fixed {
		// An overlay or a message is what the analyst must read: the
		// right side gives way.
		right := m.rightFitting(w - ansi.StringWidth(left) - 2)
		return m.footerLine(left, right)
	}
	essential := []key.Binding{m.keys.Help, m.keys.Quit}
	right := m.rightFitting(w - ansi.StringWidth(m.help.ShortHelpView(essential)) - 3)
	left = hintsFitting(m.help, m.footerKeys(), essential, w-ansi.StringWidth(right)-2)
	return m.footerLine(left, right)
}

// hintsFitting is the footer's key hints in room cells: the essential
// ones (help, quit) always, after as many of the others as fit whole, in
// order.
func hintsFitting(hm help.Model, keys, essential []key.Binding, room int) string {
	ess := hm.ShortHelpView(essential)
	if len(essential) == 0 {
		ess = ""
	}
	sep := hm.ShortSeparator
	hw := room - ansi.StringWidth(ess) - ansi.StringWidth(sep)
	if ess == "" {
		hw = room
	}
	for n := len(keys); n > 0; n-- {
		if v := hm.ShortHelpView(keys[:n]); ansi.StringWidth(v) <= hw {
			if ess == "" {
				return v
			}
			return v + hm.Styles.ShortSeparator.Render(sep) + ess
		}
	}
	return ess
}

// rightFitting is the footer's right side in at most room cells: all of
// it, only the position, or nothing.
func (m Model) rightFitting(room int) string {
	right := m.footerRight(true)
	if ansi.StringWidth(right) > room {
		right = m.footerRight(false)
	}
	if ansi.StringWidth(right) > room {
		right = ""
	}
	return right
}

// footerLine puts left and right on one line of the terminal's width.
func (m Model) footerLine(left, right string) string {
	w := m.width
	room := max(w-ansi.StringWidth(right)-2, 0)
	left = ansi.Truncate(left, room, m.st.G.Ellipsis)
	gap := max(w-ansi.StringWidth(left)-ansi.StringWidth(right)-1, 1)
	return ansi.Truncate(" "+left+strings.Repeat(" ", gap)+right, w, "")
}

// footerKeys are the footer's hints besides help and quit, for the screen.
func (m Model) footerKeys() []key.Binding {
	var out []key.Binding
	for _, b := range m.screenKeys() {
		if b.Help().Key != m.keys.Help.Help().Key && b.Help().Key != m.keys.Quit.Help().Key {
			out = append(out, b)
		}
	}
	return out
}

// screenKeys are the keys that work on the screen shown, with "r" named
// "retry" where it retries, so the body and the footer say the same.
func (m Model) screenKeys() []key.Binding {
	k := m.keys
	if m.overlay == overlayHelp {
		return []key.Binding{k.Down, k.Up, k.Cancel, k.Help, k.Quit}
	}
	if m.screen == screenNotFound || m.screen == screenError {
		retry := k.Refresh
		retry.SetHelp(k.Refresh.Help().Key, "retry")
		return []key.Binding{retry, k.Open, back(k.Cancel), k.Help, k.Quit}
	}
	if m.screen == screenPrompt && m.ticket != nil {
		return []key.Binding{k.Accept, k.recent(), back(k.Cancel), k.Help, k.Quit}
	}
	return k.helpFor(m.screen)
}

// back is the esc binding where it goes back.
func back(b key.Binding) key.Binding {
	b.SetHelp(b.Help().Key, "back")
	return b
}

// hints is the keys line under a message screen: the footer's keys.
func (m Model) hints() string {
	hm := m.help
	hm.SetWidth(m.contentWidth())
	return hm.ShortHelpView(m.screenKeys())
}

func (m Model) footerRight(full bool) string {
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
	sep := m.st.G.sep()
	if m.compact() || !full {
		return m.st.Footer.Render(strings.Join(parts, sep))
	}
	if m.deps.Host != "" {
		parts = append(parts, termsafe.Trusted(m.deps.Host, termsafe.SingleLine).Plain())
	}
	if !m.fetched.IsZero() {
		parts = append(parts, "fetched "+relative(m.fetched, m.deps.Now()))
	}
	return m.st.Footer.Render(strings.Join(parts, sep))
}
