package ui

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
)

// PlainOptions configures PlainReport.
type PlainOptions struct {
	Width    int // wrap width; 0 means 100
	Color    bool
	Theme    Theme
	Now      time.Time
	Location *time.Location
	// ASCII draws only ASCII glyphs (see Glyphs).
	ASCII bool
}

// PlainReport writes every pane of t as text, for grep and pagers
// (`sonar-tui --plain`). Server text is escaped exactly as on screen
// (TERM-13); without Color, no escape sequence at all is written.
func PlainReport(w io.Writer, t *api.Ticket, o PlainOptions) error {
	if o.Width <= 0 {
		o.Width = 100
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	st := NewStyles(o.Theme).WithGlyphs(o.ASCII)
	md := newMDCache()
	md.ascii = o.ASCII
	build := func(jobs *[]mdJob) [paneCount][]string {
		var out [paneCount][]string
		out[summaryPane] = buildSummary(st, t, o.Width, o.Now, o.Location)
		out[eventPane] = buildEvent(st, t, o.Width, false, nil, md, jobs)
		out[peoplePane] = buildPeople(st, t, o.Width)
		out[commentsPane], _ = buildComments(st, t, o.Width, false, false, o.Now, o.Location, md, jobs)
		return out
	}
	var jobs []mdJob
	panes := build(&jobs)
	if len(jobs) > 0 {
		// No UI loop to keep responsive here: render Markdown in place.
		md.store(renderMarkdown(jobs)().(mdDoneMsg).results)
		jobs = nil
		panes = build(&jobs)
	}
	var b strings.Builder
	for i, lines := range panes {
		if i > 0 {
			b.WriteString("\n")
		}
		title := "== " + tabLabel(paneID(i), t) + " " + strings.Repeat("=", max(o.Width-len(tabLabel(paneID(i), t))-4, 2))
		b.WriteString(title + "\n")
		for _, l := range lines {
			if !o.Color {
				l = ansi.Strip(l)
			}
			b.WriteString(strings.TrimRight(l, " ") + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}
