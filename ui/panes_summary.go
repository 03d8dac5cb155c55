package ui

import "github.com/sonar-tui/sonar-tui/api"

// summaryKind is the Summary pane: the triage card and every ticket field
// that has no pane of its own. Raw, it shows the response body.
type summaryKind struct{ basePane }

func (summaryKind) name() string           { return "Summary" }
func (summaryKind) tab(*api.Ticket) string { return "Summary" }

// rowAt: the Summary is label/value rows (its tables are copied whole).
func (summaryKind) rowAt(_ *Model, p *pane, _ int) bool { return !p.raw }

func (summaryKind) build(in buildIn) buildOut {
	if in.key.raw {
		return buildOut{lines: rawBody(in.st, in.t, in.key.width)}
	}
	return buildOut{lines: buildSummary(in.st, in.t, in.key.width, in.now, in.loc)}
}
