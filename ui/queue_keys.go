package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// QueueKeyMap is every key binding of the queue screen, plus the keys the
// app adds to the ticket view (next/previous ticket, back to the queue).
// Like KeyMap, it is the single source of behaviour, help and the README.
type QueueKeyMap struct {
	Down, Up, PageDown, PageUp, Top, Bottom key.Binding

	Open, OpenGUID, Refresh, Filter, Mine, Keywords, NextView, PrevView key.Binding

	// In the filter bar.
	ChipLeft, ChipRight, Toggle key.Binding

	// In the keyword input.
	Apply key.Binding

	Help, Quit, ForceQuit, Cancel key.Binding

	// In the ticket view, when it was opened from the queue.
	NextTicket, PrevTicket, Back key.Binding
}

// DefaultQueueKeyMap is the queue keymap documented in the README.
func DefaultQueueKeyMap() QueueKeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return QueueKeyMap{
		Down:     b([]string{"j", "down"}, "j/↓", "next row"),
		Up:       b([]string{"k", "up"}, "k/↑", "previous row"),
		PageDown: b([]string{"pgdown", "space", "ctrl+d"}, "pgdn", "page down"),
		PageUp:   b([]string{"pgup", "b", "ctrl+u"}, "pgup", "page up"),
		Top:      b([]string{"g", "home"}, "g", "first row"),
		Bottom:   b([]string{"G", "end"}, "G", "last row"),

		Open:     b([]string{"enter"}, "enter", "open"),
		OpenGUID: b([]string{"o"}, "o", "open by GUID"),
		Refresh:  b([]string{"r"}, "r", "refresh"),
		Filter:   b([]string{"f"}, "f", "filter bar"),
		Mine:     b([]string{"m"}, "m", "only mine"),
		Keywords: b([]string{"/"}, "/", "server search"),
		NextView: b([]string{"v"}, "v", "next view"),
		PrevView: b([]string{"V"}, "V", "previous view"),

		ChipLeft:  b([]string{"left", "h", "shift+tab"}, "←/h", "previous filter"),
		ChipRight: b([]string{"right", "l", "tab"}, "→/l", "next filter"),
		Toggle:    b([]string{"space", "enter", "x"}, "space", "toggle filter"),

		Apply: b([]string{"enter"}, "enter", "search"),

		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit (always)"),
		Cancel:    b([]string{"esc"}, "esc", "close / clear"),

		NextTicket: b([]string{"J"}, "J", "next ticket"),
		PrevTicket: b([]string{"K"}, "K", "previous ticket"),
		Back:       b([]string{"esc"}, "esc", "back to the queue"),
	}
}

// ShortHelp is the queue footer's one-line help.
func (k QueueKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Filter, k.Mine, k.Keywords, k.NextView, k.Refresh, k.Help, k.Quit}
}

// FullHelp is the queue's `?` screen, by column (three, so it fits 80
// cells).
func (k QueueKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom, k.NextView, k.PrevView},
		{k.Open, k.OpenGUID, k.Refresh, k.Filter, k.Mine, k.Keywords, k.Help, k.Quit, k.ForceQuit},
		{k.ChipLeft, k.ChipRight, k.Toggle, k.Apply, k.Cancel, k.NextTicket, k.PrevTicket, k.Back},
	}
}

// filterHelp is the footer help while the filter bar has the focus.
func (k QueueKeyMap) filterHelp() []key.Binding {
	return []key.Binding{k.ChipLeft, k.ChipRight, k.Toggle, k.Cancel}
}

// MarkdownTable renders the queue keys as rows of the README table (no
// header: it continues the ticket view's table), each with where it works.
func (k QueueKeyMap) MarkdownTable() string {
	var b strings.Builder
	for _, col := range k.FullHelp() {
		for _, kb := range col {
			b.WriteString(markdownRow(kb, k.where(kb)))
		}
	}
	return b.String()
}

// where names the place a binding works, for the README.
func (k QueueKeyMap) where(kb key.Binding) string {
	in := func(bs ...key.Binding) bool {
		for _, b := range bs {
			if b.Help() == kb.Help() {
				return true
			}
		}
		return false
	}
	switch {
	case in(k.ChipLeft, k.ChipRight, k.Toggle):
		return "filter bar"
	case in(k.Apply):
		return "keywords"
	case in(k.NextTicket, k.PrevTicket, k.Back):
		return "ticket, from the queue"
	}
	return "queue"
}

func markdownRow(kb key.Binding, where string) string {
	keys := kb.Keys()
	for i, s := range keys {
		keys[i] = "`" + s + "`"
	}
	return "| " + strings.Join(keys, ", ") + " | " + kb.Help().Desc + " (" + where + ") |\n"
}

// ReadmeKeyTable is the README's whole keybinding table: the ticket view's
// keys, then the queue's.
func ReadmeKeyTable() string {
	return DefaultKeyMap().MarkdownTable() + DefaultQueueKeyMap().MarkdownTable()
}
