package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is the key bindings every pane of the ticket viewer shares: moving
// between panes, scrolling, search, copy, select and the page's own keys.
// Each pane adds its own keys (its paneKind's KeyMap), and the number keys
// come from the list of panes (numberKeys). Help, the README table and
// behaviour all come from these bindings (a test keeps the README in step).
type KeyMap struct {
	NextPane, PrevPane key.Binding

	Down, Up, PageDown, PageUp, HalfDown, HalfUp, Top, Bottom key.Binding

	Search, NextMatch, PrevMatch key.Binding

	Raw, Refresh, Open, Copy, Help, Quit, ForceQuit, Cancel key.Binding

	// TimeZone cycles how times are shown: local, UTC, as sent.
	TimeZone key.Binding

	// Select shows a line cursor; Mouse toggles mouse capture.
	Select, Mouse key.Binding

	// After y: what to copy.
	CopyValue, CopyPath, CopyGUID, CopyTitle, CopySource, CopyDest, CopyPane, CopyIOCs, CopyDefanged, CopyHandoff, CopyURL key.Binding
	// On the "open a ticket" prompt: open, and the recent tickets.
	Accept, RecentUp, RecentDown key.Binding
	// In the search box (and the Event filter): keep what is typed; esc
	// (Cancel) clears it.
	Keep key.Binding
}

// DefaultKeyMap is the keymap documented in the README.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		NextPane: b([]string{"tab", "l", "right"}, "tab/l/→", "next pane"),
		PrevPane: b([]string{"shift+tab", "h", "left"}, "shift+tab/h/←", "previous pane"),

		Down:     b([]string{"j", "down"}, "j/↓", "scroll down"),
		Up:       b([]string{"k", "up"}, "k/↑", "scroll up"),
		PageDown: b([]string{"pgdown", "space", "f"}, "pgdn/space", "page down"),
		PageUp:   b([]string{"pgup", "b"}, "pgup/b", "page up"),
		HalfDown: b([]string{"ctrl+d"}, "ctrl+d", "half page down"),
		HalfUp:   b([]string{"ctrl+u"}, "ctrl+u", "half page up"),
		Top:      b([]string{"g", "home"}, "g/home", "top"),
		Bottom:   b([]string{"G", "end"}, "G/end", "bottom"),

		Search:    b([]string{"/"}, "/", "search"),
		NextMatch: b([]string{"n"}, "n", "next match"),
		PrevMatch: b([]string{"N"}, "N", "previous match"),

		Raw:     b([]string{"R"}, "R", "raw server text"),
		Refresh: b([]string{"r"}, "r", "refresh"),
		Open:    b([]string{"o"}, "o", "open another ticket"),
		Copy:    b([]string{"y"}, "y", "copy"),
		Help:    b([]string{"?"}, "?", "help"),
		Quit:    b([]string{"q"}, "q", "quit"),
		Cancel:  b([]string{"esc"}, "esc", "close / cancel"),

		// ctrl+c quits from anywhere, even while typing, as an interrupt
		// (exit 130).
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit (always)"),

		TimeZone: b([]string{"z"}, "z", "times: local / UTC / as sent"),

		Select: b([]string{"v"}, "v", "select lines (j/k move, y copies)"),
		Mouse:  b([]string{"M"}, "M", "mouse on/off (off: native select)"),

		CopyValue:    b([]string{"y"}, "y y", "copy the selected value"),
		CopyPath:     b([]string{"."}, "y .", "copy the selected JSON path"),
		CopyGUID:     b([]string{"g"}, "y g", "copy the GUID"),
		CopyTitle:    b([]string{"t"}, "y t", "copy the title"),
		CopySource:   b([]string{"s"}, "y s", "copy the source IP"),
		CopyDest:     b([]string{"d"}, "y d", "copy the destination IP"),
		CopyPane:     b([]string{"p"}, "y p", "copy the pane as text"),
		CopyIOCs:     b([]string{"i"}, "y i", "copy the IOCs"),
		CopyDefanged: b([]string{"I"}, "y I", "copy the IOCs, defanged"),
		CopyHandoff:  b([]string{"m"}, "y m", "copy a Markdown hand-off"),
		CopyURL:      b([]string{"u"}, "y u", "copy the web-console URL"),
		Accept:       b([]string{"enter"}, "enter", "open (prompt)"),
		RecentUp:     b([]string{"up", "ctrl+p"}, "↑", "previous recent ticket (prompt)"),
		RecentDown:   b([]string{"down", "ctrl+n"}, "↓", "next recent ticket (prompt)"),
		Keep:         b([]string{"enter"}, "enter", "keep the search or filter"),
	}
}

// recent is ↑ and ↓ on the prompt as one hint.
func (k KeyMap) recent() key.Binding {
	return pair(k.RecentUp, k.RecentDown, "recent tickets (prompt)")
}

// pair is two bindings as one hint ("↑/↓ desc"), matching either's keys.
func pair(a, b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(a.Help().Key+"/"+b.Help().Key, desc))
}

// ShortHelp is the footer's one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.NextPane, k.Search, k.Copy, k.Open, k.Help, k.Quit}
}

// helpFor is the footer help of a screen: only keys that work there.
func (k KeyMap) helpFor(s screen) []key.Binding {
	switch s {
	case screenPrompt:
		return []key.Binding{k.Accept, k.recent(), k.Cancel}
	case screenLoading:
		return []key.Binding{k.Cancel, k.Quit}
	case screenNotFound, screenError:
		return []key.Binding{k.Refresh, k.Open, k.Quit}
	}
	return k.ShortHelp()
}

// FullHelp is the `?` screen of the default panes, by column.
func (k KeyMap) FullHelp() [][]key.Binding { return k.fullHelp(defaultPanes()) }

// fullHelp is the `?` screen, by column: the shared keys, then a column of
// each pane's own keys (panes without keys of their own have none), then
// the copy menu.
func (k KeyMap) fullHelp(kinds []paneKind) [][]key.Binding {
	cols := [][]key.Binding{
		append([]key.Binding{k.NextPane, k.PrevPane}, numberKeys(kinds)...),
		{k.Down, k.Up, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp, k.Top, k.Bottom},
		{k.Search, k.NextMatch, k.PrevMatch, k.Raw, k.TimeZone, k.Select, k.Mouse},
		{k.Copy, k.Refresh, k.Open, k.Help, k.Cancel, k.Quit, k.ForceQuit, k.Accept, k.Keep, k.RecentUp, k.RecentDown},
	}
	for _, p := range kinds {
		if own := p.keys(); len(own) > 0 {
			cols = append(cols, own)
		}
	}
	return append(cols, []key.Binding{k.CopyValue, k.CopyPath, k.CopyGUID, k.CopyTitle, k.CopySource, k.CopyDest, k.CopyPane, k.CopyIOCs, k.CopyDefanged, k.CopyHandoff, k.CopyURL})
}

// MarkdownTable renders the keymap, with the default panes' keys, as the
// README's keybinding table.
func (k KeyMap) MarkdownTable() string { return k.markdownTable(defaultPanes()) }

func (k KeyMap) markdownTable(kinds []paneKind) string {
	var b strings.Builder
	b.WriteString("| Key | Action |\n|---|---|\n")
	for _, col := range k.fullHelp(kinds) {
		for _, kb := range col {
			keys := kb.Keys()
			for i, s := range keys {
				keys[i] = "`" + s + "`"
			}
			if h := kb.Help().Key; strings.Contains(h, " ") {
				keys = []string{"`" + h + "`"} // a sequence: y then a letter
			}
			b.WriteString("| " + strings.Join(keys, ", ") + " | " + kb.Help().Desc + " |\n")
		}
	}
	b.WriteString("| mouse wheel | scroll |\n")
	b.WriteString("| mouse click on a tab | switch to it |\n")
	b.WriteString("| mouse click on a line | select it (then `y` `y` copies its value) |\n")
	return b.String()
}
