package ui

import (
	"fmt"

	"github.com/sonar-tui/sonar-tui/api"
)

// peopleKind is the People pane: assignees and approvers.
type peopleKind struct{ basePane }

func (peopleKind) name() string { return "People" }

func (peopleKind) tab(t *api.Ticket) string {
	if t == nil {
		return "People"
	}
	return fmt.Sprintf("People (%d)", len(t.Assignees)+len(t.Approvers))
}

func (peopleKind) build(in buildIn) buildOut {
	if in.key.raw {
		return buildOut{lines: rawPeople(in.st, in.t, in.key.width)}
	}
	return buildOut{lines: buildPeople(in.st, in.t, in.key.width)}
}
