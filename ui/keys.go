package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key binding of the viewer. Help, the README table and
// behaviour all come from it (a test keeps the README in step).
type KeyMap struct {
	NextPane, PrevPane, Pane1, Pane2, Pane3, Pane4 key.Binding

	Down, Up, PageDown, PageUp, HalfDown, HalfUp, Top, Bottom key.Binding

	NextComment, PrevComment key.Binding

	Search, NextMatch, PrevMatch key.Binding

	Raw, Refresh, Open, Copy, Help, Quit, Cancel key.Binding

	// TimeZone cycles how times are shown: local, UTC, as sent.
	TimeZone key.Binding

	// On the "open a ticket" prompt.
	Accept, Choose key.Binding
}

// DefaultKeyMap is the keymap documented in the README.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		NextPane: b([]string{"tab", "l", "right"}, "tab/l/→", "next pane"),
		PrevPane: b([]string{"shift+tab", "h", "left"}, "shift+tab/h/←", "previous pane"),
		Pane1:    b([]string{"1"}, "1", "summary"),
		Pane2:    b([]string{"2"}, "2", "event"),
		Pane3:    b([]string{"3"}, "3", "people"),
		Pane4:    b([]string{"4"}, "4", "comments"),

		Down:     b([]string{"j", "down"}, "j/↓", "scroll down"),
		Up:       b([]string{"k", "up"}, "k/↑", "scroll up"),
		PageDown: b([]string{"pgdown", "space", "f"}, "pgdn/space", "page down"),
		PageUp:   b([]string{"pgup", "b"}, "pgup/b", "page up"),
		HalfDown: b([]string{"ctrl+d"}, "ctrl+d", "half page down"),
		HalfUp:   b([]string{"ctrl+u"}, "ctrl+u", "half page up"),
		Top:      b([]string{"g", "home"}, "g/home", "top"),
		Bottom:   b([]string{"G", "end"}, "G/end", "bottom"),

		NextComment: b([]string{"]"}, "]", "next comment"),
		PrevComment: b([]string{"["}, "[", "previous comment"),

		Search:    b([]string{"/"}, "/", "search"),
		NextMatch: b([]string{"n"}, "n", "next match"),
		PrevMatch: b([]string{"N"}, "N", "previous match"),

		Raw:     b([]string{"R"}, "R", "raw server text"),
		Refresh: b([]string{"r"}, "r", "refresh"),
		Open:    b([]string{"o"}, "o", "open another ticket"),
		Copy:    b([]string{"y"}, "y", "copy"),
		Help:    b([]string{"?"}, "?", "help"),
		Quit:    b([]string{"q", "ctrl+c"}, "q", "quit"),
		Cancel:  b([]string{"esc"}, "esc", "close / cancel"),

		TimeZone: b([]string{"z"}, "z", "times: local / UTC / as sent"),

		Accept: b([]string{"enter"}, "enter", "open (prompt)"),
		Choose: b([]string{"up", "down"}, "↑/↓", "recent tickets (prompt)"),
	}
}

// ShortHelp is the footer's one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.NextPane, k.Search, k.Copy, k.Open, k.Help, k.Quit}
}

// helpFor is the footer help of a screen: only keys that work there.
func (k KeyMap) helpFor(s screen) []key.Binding {
	switch s {
	case screenPrompt:
		return []key.Binding{k.Accept, k.Choose, k.Cancel}
	case screenLoading:
		return []key.Binding{k.Cancel, k.Quit}
	case screenNotFound, screenError:
		return []key.Binding{k.Refresh, k.Open, k.Quit}
	}
	return k.ShortHelp()
}

// FullHelp is the `?` screen, by column.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextPane, k.PrevPane, k.Pane1, k.Pane2, k.Pane3, k.Pane4},
		{k.Down, k.Up, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp, k.Top, k.Bottom},
		{k.Search, k.NextMatch, k.PrevMatch, k.NextComment, k.PrevComment, k.Raw, k.TimeZone},
		{k.Copy, k.Refresh, k.Open, k.Help, k.Cancel, k.Quit, k.Accept, k.Choose},
	}
}

// MarkdownTable renders the keymap as the README's keybinding table.
func (k KeyMap) MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Key | Action |\n|---|---|\n")
	for _, col := range k.FullHelp() {
		for _, kb := range col {
			keys := kb.Keys()
			for i, s := range keys {
				keys[i] = "`" + s + "`"
			}
			b.WriteString("| " + strings.Join(keys, ", ") + " | " + kb.Help().Desc + " |\n")
		}
	}
	b.WriteString("| mouse wheel | scroll |\n")
	return b.String()
}
