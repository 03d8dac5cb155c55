package ui

import (
	"context"
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
}

// PlainReport writes every pane of t as text, for grep and pagers
// (`sonar-tui --plain`). Server text is escaped exactly as on screen
// (TERM-13); without Color, no escape sequence at all is written.
func PlainReport(w io.Writer, t *api.Ticket, o PlainOptions) error {
	return PlainReportContext(context.Background(), w, t, o)
}

// PlainReportContext is PlainReport that stops, with ctx's error and
// without writing anything, once ctx is done (an interrupted --plain).
// ctx is checked between panes and lines.
func PlainReportContext(ctx context.Context, w io.Writer, t *api.Ticket, o PlainOptions) error {
	if o.Width <= 0 {
		o.Width = 100
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	st := NewStyles(o.Theme)
	md := newMDCache()
	build := func(jobs *[]mdJob) (out [paneCount][]string, err error) {
		for _, step := range []func(){
			func() { out[summaryPane] = buildSummary(st, t, o.Width, o.Now, o.Location) },
			func() { out[eventPane] = buildEvent(st, t, o.Width, false, md, jobs) },
			func() { out[peoplePane] = buildPeople(st, t, o.Width) },
			func() { out[commentsPane], _ = buildComments(st, t, o.Width, false, o.Now, o.Location, md, jobs) },
		} {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			step()
		}
		return out, ctx.Err()
	}
	var jobs []mdJob
	panes, err := build(&jobs)
	if err != nil {
		return err
	}
	if len(jobs) > 0 {
		// No UI loop to keep responsive here: render Markdown in place.
		md.store(renderMarkdown(jobs)().(mdDoneMsg).results)
		jobs = nil
		if panes, err = build(&jobs); err != nil {
			return err
		}
	}
	var b strings.Builder
	for i, lines := range panes {
		if i > 0 {
			b.WriteString("\n")
		}
		title := "== " + tabLabel(paneID(i), t) + " " + strings.Repeat("=", max(o.Width-len(tabLabel(paneID(i), t))-4, 2))
		b.WriteString(title + "\n")
		for n, l := range lines {
			if n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if !o.Color {
				l = ansi.Strip(l)
			}
			b.WriteString(strings.TrimRight(l, " ") + "\n")
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}
