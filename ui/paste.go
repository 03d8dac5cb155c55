package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// escapePaste makes pasted text (the prompt, the search box) visible the
// way server text is: a paste can carry bidi overrides, zero-width
// characters and escape sequences just as a ticket can, and the text
// input would show the first two raw and silently drop the last. Each
// becomes a visible token instead; surrounding white space (the newline a
// copied GUID often ends with) is trimmed.
func escapePaste(msg tea.PasteMsg) tea.PasteMsg {
	trimmed := strings.TrimSpace(msg.Content)
	return tea.PasteMsg{Content: termsafe.Escape(termsafe.Wrap(trimmed), termsafe.SingleLine).Plain()}
}
