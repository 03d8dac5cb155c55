package ui

import (
	"reflect"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// lineCursor is the line cursor of select mode (v): j/k move it instead of
// the view, and y y copies the value on its line.
type lineCursor struct {
	on   bool
	line int
}

// onTriageKey handles the keys of the triage features (comments order,
// select mode, the Event pane's filter and folds, mouse capture). It
// reports whether it used the key.
func (m *Model) onTriageKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := m.keys
	p := m.panes[m.active]
	if p.cursor.on && m.moveCursor(p, msg) {
		return true, nil
	}
	switch {
	case key.Matches(msg, k.Select):
		p.cursor.on = !p.cursor.on
		p.cursor.line = min(max(p.cursor.line, p.pager.offset), p.pager.offset+p.pager.height-1, max(len(p.pager.lines)-1, 0))
		return true, nil
	case key.Matches(msg, k.Cancel) && p.cursor.on && p.pager.query == "":
		p.cursor.on = false
		return true, nil
	case key.Matches(msg, k.Mouse):
		m.mouseOff = !m.mouseOff
		if m.mouseOff {
			return true, m.flash("mouse capture off: select text with the mouse; M turns it back on")
		}
		return true, m.flash("mouse capture on")
	}
	return false, nil
}

// moveCursor moves the line cursor with the scrolling keys.
func (m *Model) moveCursor(p *pane, msg tea.KeyPressMsg) bool {
	k, pg := m.keys, &p.pager
	n := 0
	switch {
	case key.Matches(msg, k.Down):
		n = 1
	case key.Matches(msg, k.Up):
		n = -1
	case key.Matches(msg, k.PageDown):
		n = pg.height
	case key.Matches(msg, k.PageUp):
		n = -pg.height
	case key.Matches(msg, k.HalfDown):
		n = pg.height / 2
	case key.Matches(msg, k.HalfUp):
		n = -pg.height / 2
	case key.Matches(msg, k.Top):
		n = -len(pg.lines)
	case key.Matches(msg, k.Bottom):
		n = len(pg.lines)
	default:
		return false
	}
	p.cursor.line = min(max(p.cursor.line+n, 0), max(len(pg.lines)-1, 0))
	pg.reveal(p.cursor.line, p.cursor.line)
	return true
}

// jumpLatest shows the newest comment: a position command, so if the
// thread is still rendering it lands there once it is done.
func (m *Model) jumpLatest() tea.Cmd {
	t := m.ticket
	if t == nil || len(t.Comments) == 0 {
		return m.flash("no comments")
	}
	m.active = commentsPane
	newest := newestComment(t.Comments)
	for pos, i := range commentOrder(len(t.Comments), m.newestFirst) {
		if i == newest {
			m.panes[commentsPane].apply(intent{kind: toComment, index: pos})
		}
	}
	return nil
}

// paneView is the active pane with the line cursor drawn.
func (m Model) paneView() string {
	p := m.panes[m.active]
	v := p.pager.view(m.st)
	if m.overlay == overlayCopy && m.copyListed() {
		// The menu covers the bottom of the pane, under a rule.
		lines := strings.Split(v, "\n")
		menu := append([]string{m.st.TabSep.Render(strings.Repeat(m.st.G.Rule, p.pager.width))}, m.copyList()...)
		if len(menu) <= len(lines) {
			copy(lines[len(lines)-len(menu):], menu)
		}
		return strings.Join(lines, "\n")
	}
	if !p.cursor.on {
		return v
	}
	row := p.cursor.line - p.pager.offset
	lines := strings.Split(v, "\n")
	if row < 0 || row >= len(lines) {
		return v
	}
	l := lines[row]
	if w := ansi.StringWidth(l); w < p.pager.width {
		l += strings.Repeat(" ", p.pager.width-w)
	}
	lines[row] = lipgloss.StyleRanges(l, lipgloss.NewRange(0, p.pager.width, m.st.Cursor))
	return strings.Join(lines, "\n")
}

// currentLine is the cursor's line in select mode, else the top line.
func (p *pane) currentLine() int {
	if p.cursor.on {
		return p.cursor.line
	}
	return p.pager.offset
}

// onClick switches to a tab clicked in the tab bar; a click on a line of
// the pane puts the line cursor there (select mode), so y y copies it.
func (m *Model) onClick(msg tea.MouseClickMsg) bool {
	mouse := msg.Mouse()
	if mouse.Button != tea.MouseLeft || m.screen != screenReady || m.overlay != overlayNone {
		return false
	}
	headerH := lipgloss.Height(m.header())
	tabRow := headerH - 1
	if !m.compact() {
		tabRow-- // the rule under the tabs
	}
	if p := m.panes[m.active]; mouse.Y >= headerH && mouse.Y < headerH+p.pager.height {
		if line := p.pager.offset + mouse.Y - headerH; line < len(p.pager.lines) {
			p.cursor = lineCursor{on: true, line: line}
			return true
		}
		return false
	}
	if mouse.Y != tabRow {
		return false
	}
	x := 1 // the tab bar's left margin
	sepW := ansi.StringWidth(m.st.G.sep())
	for i := range m.kinds {
		w := ansi.StringWidth(m.tabText(paneID(i)))
		if mouse.X >= x && mouse.X < x+w {
			m.active = paneID(i)
			return true
		}
		x += w + sepW
	}
	return false
}

// tabText is a tab's label as the tab bar draws it.
func (m Model) tabText(i paneID) string {
	label := m.kinds[i].tab(m.ticket)
	if m.compact() {
		label = string(rune('1'+i)) + ":" + ansi.Truncate(label, 3, "")
	}
	return label
}

// asciiKeys rewrites the arrows in the help texts for ASCII mode.
func asciiKeys(km KeyMap) KeyMap {
	asciiBindings(&km)
	return km
}

// asciiBindings rewrites the arrows in the help texts of every binding in
// the struct keymap points to (KeyMap, QueueKeyMap).
func asciiBindings(keymap any) {
	r := strings.NewReplacer("→", "right", "←", "left", "↑", "up", "↓", "down")
	v := reflect.ValueOf(keymap).Elem()
	for i := range v.NumField() {
		b, ok := v.Field(i).Addr().Interface().(*key.Binding)
		if !ok {
			continue
		}
		h := b.Help()
		b.SetHelp(r.Replace(h.Key), h.Desc)
	}
}

// selectedValue is the value on the cursor's line: a JSON value in the
// Event pane, else the text after the label column.
func (m Model) selectedValue() (string, bool) {
	p := m.panes[m.active]
	if v, ok := m.jsonLineValue(p); ok {
		return v, true
	}
	i := p.cursor.line
	if i < 0 || i >= len(p.pager.lines) {
		return "", false
	}
	// Label/value rows are the Summary's and the Event's key facts; other
	// lines (tables, comments, raw text) are copied whole.
	r, ok := m.kinds[p.id].(paneRows)
	if !ok || !r.rowAt(&m, p, i) {
		v := strings.TrimSpace(p.pager.unstyled()[i])
		return v, v != ""
	}
	labelW := newKV(m.st, m.contentWidth()).labelW
	labelled := func(l string) bool {
		return ansi.StringWidth(l) > labelW && strings.TrimSpace(ansi.Cut(l, 0, labelW)) != ""
	}
	// A row's value may wrap onto lines that leave the label column blank.
	row := p.pager.rowText(i) // a triage card row whole, not cut
	parts := []string{strings.TrimSpace(row)}
	if labelled(row) {
		parts[0] = strings.TrimSpace(ansi.Cut(row, labelW, ansi.StringWidth(row)))
		for j := i + 1; j < len(p.pager.lines); j++ {
			l := p.pager.unstyled()[j]
			if strings.TrimSpace(l) == "" || labelled(l) || ansi.StringWidth(l) <= labelW {
				break
			}
			parts = append(parts, strings.TrimSpace(l))
		}
	}
	// ansi.Wrap breaks after a hyphen, and inside a token too long for a
	// line (which it then fills), as well as at spaces: rejoin those
	// without a space.
	vw := m.contentWidth() - labelW
	var b strings.Builder
	for k, part := range parts {
		prev := ""
		if k > 0 {
			prev = parts[k-1]
		}
		if k > 0 && !strings.HasSuffix(prev, "-") && ansi.StringWidth(prev) < vw {
			b.WriteByte(' ')
		}
		b.WriteString(part)
	}
	v := b.String()
	return v, v != ""
}
