package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// timeMode is how every timestamp is shown: one rule for the whole
// viewer, toggled with z.
type timeMode uint8

const (
	timeLocal    timeMode = iota // local time, the original offset beside it when it differs
	timeUTC                      // UTC, the original offset beside it
	timeOriginal                 // as sent, with the server's offset
	timeModes
)

// String names the mode for the footer.
func (t timeMode) String() string {
	return [...]string{"local time", "UTC", "the original offsets"}[t]
}

// timeLoc is the location builders render times in; nil means as sent.
func (m Model) timeLoc() *time.Location {
	switch m.timeMode {
	case timeUTC:
		return time.UTC
	case timeOriginal:
		return nil
	}
	return m.deps.Location
}

// toggleTime moves to the next time mode and re-renders.
func (m Model) toggleTime() (tea.Model, tea.Cmd) {
	m.timeMode = (m.timeMode + 1) % timeModes
	return m, tea.Batch(m.rebuild(), m.flash("times in "+m.timeMode.String()))
}
