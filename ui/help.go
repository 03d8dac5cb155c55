package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The help screen works on every screen. It lays the KeyMap's help groups
// out in as many columns as the width allows (the rest below, never cut
// off) and scrolls like a pane.

func (m Model) openHelp() (tea.Model, tea.Cmd) {
	m.overlay = overlayHelp
	m.helpPg = pager{}
	m.layoutHelp()
	return m, nil
}

// layoutHelp sizes and fills the help pager for the current width.
func (m *Model) layoutHelp() {
	if m.overlay != overlayHelp {
		return
	}
	h := max(m.height-m.chromeHeight(), 1)
	off := m.helpPg.offset
	m.helpPg.setSize(m.contentWidth(), h)
	m.helpPg.setLines(helpLines(m.st, m.FullHelp(), m.keys.helpClosing(m.st.G), m.contentWidth()))
	m.helpPg.scrollTo(off)
}

func (m Model) onHelpKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k, pg := m.keys, &m.helpPg
	switch {
	case key.Matches(msg, k.Help, k.Cancel, k.Quit):
		m.overlay = overlayNone
	case k.isScroll(msg):
		pg.scroll(k.scrollBy(msg, pg.height))
	case key.Matches(msg, k.Top):
		pg.top()
	case key.Matches(msg, k.Bottom):
		pg.bottom()
	}
	return m, nil
}

// helpLines renders the help groups as columns that fit width: as many
// side by side as fit, the others in bands below.
func helpLines(st Styles, groups [][]key.Binding, closing string, width int) []string {
	const gap = 3
	type column struct {
		rows  []string
		width int
	}
	cols := make([]column, 0, len(groups))
	for _, g := range groups {
		keyW := 0
		for _, b := range g {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
		var c column
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			kk := b.Help().Key
			row := st.Accent.Render(kk) + strings.Repeat(" ", keyW-ansi.StringWidth(kk)+1) + st.Faint.Render(b.Help().Desc)
			c.rows = append(c.rows, row)
			c.width = max(c.width, ansi.StringWidth(row))
		}
		cols = append(cols, c)
	}
	lines := []string{st.Section.Render("Keys"), ""}
	for i := 0; i < len(cols); {
		// Take as many columns as fit (at least one, cut if wider).
		j, w := i+1, cols[i].width
		for j < len(cols) && w+gap+cols[j].width <= width {
			w += gap + cols[j].width
			j++
		}
		band := cols[i:j]
		n := 0
		for _, c := range band {
			n = max(n, len(c.rows))
		}
		for r := range n {
			var b strings.Builder
			for ci, c := range band {
				cell := ""
				if r < len(c.rows) {
					cell = c.rows[r]
				}
				if ci < len(band)-1 {
					cell += strings.Repeat(" ", c.width-ansi.StringWidth(cell)+gap)
				}
				b.WriteString(cell)
			}
			lines = append(lines, ansi.Truncate(b.String(), width, st.G.Ellipsis))
		}
		lines = append(lines, "")
		i = j
	}
	return append(lines, st.Faint.Render(closing))
}

// helpClosing is the help screen's last line, from the keys that scroll
// and close it.
func (k KeyMap) helpClosing(g Glyphs) string {
	return k.Down.Keys()[0] + "/" + k.Up.Keys()[0] + " scroll" + g.sep() + k.Help.Help().Key + " or " + k.Cancel.Help().Key + " close"
}

// isScroll says msg is one of the relative scroll keys.
func (k KeyMap) isScroll(msg tea.KeyPressMsg) bool {
	return key.Matches(msg, k.Down, k.Up, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp)
}

// scrollBy is how many rows a relative scroll key moves a view of height
// rows (negative: up).
func (k KeyMap) scrollBy(msg tea.KeyPressMsg, height int) int {
	switch {
	case key.Matches(msg, k.Down):
		return 1
	case key.Matches(msg, k.Up):
		return -1
	case key.Matches(msg, k.PageDown):
		return height
	case key.Matches(msg, k.PageUp):
		return -height
	case key.Matches(msg, k.HalfDown):
		return height / 2
	case key.Matches(msg, k.HalfUp):
		return -height / 2
	}
	return 0
}
