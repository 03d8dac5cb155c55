package ui

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
)

// PlainOptions configures PlainReport.
type PlainOptions struct {
	Width    int // wrap width; 0: no wrapping (for grep)
	Color    bool
	Theme    Theme
	Now      time.Time
	Location *time.Location
	// ASCII draws only ASCII glyphs (see Glyphs).
	ASCII bool

	// panes are the sections, as on screen (Deps.panes); nil: defaultPanes().
	panes []paneKind
}

// noWrapWidth is the layout width of an unwrapped report.
const noWrapWidth = 1 << 20

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
	ruleW := min(o.Width, 100)
	if o.Width <= 0 {
		// No wrapping: lay out at a width no value reaches. Tables cap
		// their columns, Markdown wraps at its own maximum.
		o.Width, ruleW = noWrapWidth, 100
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	st := NewStyles(o.Theme).WithGlyphs(o.ASCII)
	// Without colour, the event's JSON is laid out without paints: the
	// same text as the coloured layout stripped, without the stripping.
	evSt := st
	if !o.Color {
		evSt.pt = paints{}
	}
	md := newMDCache()
	md.ascii = o.ASCII
	// Markdown first, every comment in parallel; then each pane is laid
	// out once: a pane is built again only if it was waiting for Markdown,
	// and then comments reuse the headers laid out the first time. ctx is
	// checked between the steps, so an interrupt ends a long report.
	var panes [paneCount][]string
	var evJobs, cmJobs, jobs []mdJob
	cc := &commentCache{}
	for _, step := range []func(){
		func() { panes[eventPane] = buildEvent(evSt, t, o.Width, false, nil, o.Now, o.Location, md, &evJobs) },
		func() {
			panes[commentsPane], _ = buildCommentsCached(st, t, o.Width, false, false, o.Now, o.Location, md, &cmJobs, cc)
		},
		func() { md.renderAll(append(evJobs, cmJobs...), -1, runtime.GOMAXPROCS(0)) },
		func() {
			if len(evJobs) > 0 {
				panes[eventPane] = buildEvent(evSt, t, o.Width, false, nil, o.Now, o.Location, md, &jobs)
			}
		},
		func() {
			if len(cmJobs) > 0 {
				panes[commentsPane], _ = buildCommentsCached(st, t, o.Width, false, false, o.Now, o.Location, md, &jobs, cc)
			}
		},
		func() { panes[summaryPane] = buildSummary(st, t, o.Width, o.Now, o.Location) },
		func() { panes[peoplePane] = buildPeople(st, t, o.Width) },
	} {
		if err := ctx.Err(); err != nil {
			return err
		}
		step()
	}
	// One section per pane, in tab order. The default panes were built
	// above, their Markdown rendered together; any other is built here.
	kinds := o.panes
	if kinds == nil {
		kinds = defaultPanes()
	}
	var b strings.Builder
	for i, kind := range kinds {
		if err := ctx.Err(); err != nil {
			return err
		}
		var lines []string
		if i < len(panes) {
			lines = panes[i]
		} else {
			lines = plainPane(buildIn{key: buildKey{width: o.Width}, id: paneID(i), kind: kind, st: st, t: t, now: o.Now, loc: o.Location, md: md})
		}
		if i > 0 {
			b.WriteString("\n")
		}
		label := kind.tab(t)
		title := "== " + label + " " + strings.Repeat("=", max(ruleW-len(label)-4, 2))
		b.WriteString(title + "\n")
		for n, l := range lines {
			if n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			l = stripMarks(l)
			if !o.Color {
				l = plainLine(l)
			}
			b.WriteString(strings.TrimRight(l, " "))
			b.WriteByte('\n')
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}

// plainLine is l without styling. ansi.Strip is the identity on valid
// UTF-8 without ESC or DEL, so lines laid out without paints skip it.
func plainLine(l string) string {
	if strings.IndexByte(l, 0x1b) < 0 && strings.IndexByte(l, 0x7f) < 0 && utf8.ValidString(l) {
		return l
	}
	return ansi.Strip(l)
}
