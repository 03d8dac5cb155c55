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

	NextComment, PrevComment, LatestComment, CommentOrder key.Binding

	Search, NextMatch, PrevMatch key.Binding

	Raw, Refresh, Open, Copy, Help, Quit, Cancel key.Binding

	// TimeZone cycles how times are shown: local, UTC, as sent.
	TimeZone key.Binding

	// Select shows a line cursor; Mouse toggles mouse capture.
	Select, Mouse key.Binding

	// In the Event pane: filter, hide nulls, fold.
	Filter, HideNulls, Fold, FoldAll, UnfoldAll key.Binding

	// After y: what to copy.
	CopyValue, CopyPath, CopyGUID, CopyTitle, CopySource, CopyDest, CopyPane, CopyIOCs, CopyDefanged, CopyHandoff, CopyURL key.Binding
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

		NextComment:   b([]string{"]"}, "]", "next comment"),
		PrevComment:   b([]string{"["}, "[", "previous comment"),
		LatestComment: b([]string{"L"}, "L", "latest comment"),
		CommentOrder:  b([]string{"O"}, "O", "comments newest/oldest first"),

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

		Select: b([]string{"v"}, "v", "select lines (j/k move, y copies)"),
		Mouse:  b([]string{"M"}, "M", "mouse on/off (off: native select)"),

		Filter:    b([]string{"&"}, "&", "filter event keys/values"),
		HideNulls: b([]string{"H"}, "H", "hide/show null values (event)"),
		Fold:      b([]string{"c"}, "c", "fold/unfold at the cursor (event)"),
		FoldAll:   b([]string{"C"}, "C", "fold all (event)"),
		UnfoldAll: b([]string{"E"}, "E", "unfold all (event)"),

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
		Choose:       b([]string{"up", "down"}, "↑/↓", "recent tickets (prompt)"),
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
		{k.Search, k.NextMatch, k.PrevMatch, k.NextComment, k.PrevComment, k.LatestComment, k.CommentOrder, k.Raw, k.TimeZone},
		{k.Copy, k.Refresh, k.Open, k.Help, k.Cancel, k.Quit, k.Accept, k.Choose},
		{k.Select, k.Filter, k.HideNulls, k.Fold, k.FoldAll, k.UnfoldAll, k.Mouse},
		{k.CopyValue, k.CopyPath, k.CopyGUID, k.CopyTitle, k.CopySource, k.CopyDest, k.CopyPane, k.CopyIOCs, k.CopyDefanged, k.CopyHandoff, k.CopyURL},
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
