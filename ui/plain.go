package ui

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
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

// PlainReportContext is PlainReport that stops with ctx's error once ctx
// is done (an interrupted --plain). ctx is checked before anything is
// written, then between panes, chunks of comments and lines.
//
// The report is written as it is laid out, a pane (or a chunk of
// comments) at a time, so a ticket of 100,000 comments is never held
// twice over as text: an interrupted or failed report has written the
// part before the interrupt, whole lines only, and returns the error.
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
	if !o.Color {
		// The hot paths (the event's JSON, each comment's header) colour
		// by paints: without them they lay out the same text as the
		// coloured layout stripped, without the stripping.
		st.pt = paints{}
	}
	md := newMDCache()
	md.ascii = o.ASCII
	kinds := o.panes
	if kinds == nil {
		kinds = defaultPanes()
	}
	pw := &plainWriter{ctx: ctx, w: w, buf: make([]byte, 0, plainBuffer), color: o.Color}
	// One section per pane, in tab order, each written once laid out;
	// its lines are then dropped.
	for i, kind := range kinds {
		if pw.check() != nil {
			break
		}
		if i > 0 {
			pw.buf = append(pw.buf, '\n')
		}
		label := kind.tab(t)
		pw.buf = append(pw.buf, "== "+label+" "+strings.Repeat("=", max(ruleW-len(label)-4, 2))+"\n"...)
		in := buildIn{key: buildKey{width: o.Width}, id: paneID(i), kind: kind, st: st, t: t, now: o.Now, loc: o.Location, md: md}
		if s, ok := kind.(panePlain); ok {
			s.writePlain(in, pw)
			continue
		}
		pw.lines(plainPane(in))
	}
	if pw.err == nil {
		pw.flush()
	}
	return pw.err
}

// plainBuffer is how much of the report is written at a time.
const plainBuffer = 64 << 10

// plainWriter writes the report's lines as they are laid out, in whole
// lines, a buffer at a time.
type plainWriter struct {
	ctx   context.Context
	w     io.Writer
	buf   []byte
	color bool
	n     int   // lines written, to check ctx every so many
	err   error // the first error: ctx's, or writing's
}

// check records and returns ctx's error or the writer's.
func (pw *plainWriter) check() error {
	if pw.err == nil {
		if err := pw.ctx.Err(); err != nil {
			pw.err = err
		}
	}
	return pw.err
}

// lines writes lines without marks, trailing spaces or, without colour,
// styling.
func (pw *plainWriter) lines(lines []string) {
	for _, l := range lines {
		if pw.n++; pw.n%1024 == 0 && pw.check() != nil {
			return
		}
		l = stripMarks(l)
		if !pw.color {
			l = plainLine(l)
		}
		pw.buf = append(pw.buf, strings.TrimRight(l, " ")...)
		pw.buf = append(pw.buf, '\n')
		if len(pw.buf) >= plainBuffer && pw.flush() != nil {
			return
		}
	}
}

// flush writes the buffer.
func (pw *plainWriter) flush() error {
	if len(pw.buf) == 0 {
		return nil
	}
	if _, err := pw.w.Write(pw.buf); err != nil {
		pw.err = fmt.Errorf("writing report: %w", err)
	}
	pw.buf = pw.buf[:0]
	return pw.err
}

// plainChunk is how many comments --plain lays out, renders and writes at
// a time: enough to keep every core busy with Markdown, few enough that
// a ticket's comments are never all held as lines.
const plainChunk = 2048

// comments writes a list of comments (thread.add) a chunk at a time: each
// chunk is laid out, its Markdown rendered on every core while the next
// chunk's heads are laid out, laid out again with it (the heads are kept
// between the two) and written; then its heads, lines and rendered
// Markdown are dropped.
func (pw *plainWriter) comments(th *thread, order []int, comments []api.Comment, cc *commentCache) {
	k := th.k
	for lo := 0; lo < len(order) && pw.check() == nil; lo += plainChunk {
		part := order[lo:min(lo+plainChunk, len(order))]
		next := order[lo+len(part) : min(lo+2*plainChunk, len(order))]
		var jobs []mdJob
		th.jobs = &jobs
		start := len(k.lines)
		for n, i := range part {
			th.comment(lo+n, i, comments[i], cc)
		}
		if len(jobs) > 0 {
			if pw.check() != nil {
				return
			}
			renderWhile(th.md, jobs, func() {
				for _, i := range next {
					th.head(i, comments[i], cc)
				}
			})
			k.lines = k.lines[:start]
			for n, i := range part {
				th.comment(lo+n, i, comments[i], cc)
			}
		}
		// The last line stays in the pane: what follows is laid out
		// as after a non-empty pane (kv.section's spacing).
		last := len(k.lines) - 1
		if last < 0 {
			continue
		}
		pw.lines(k.lines[:last])
		k.lines[0] = k.lines[last]
		clear(k.lines[1:])
		k.lines = k.lines[:1]
		for _, i := range part {
			cc.heads[i] = commentHead{}
		}
		th.md.mu.Lock()
		clear(th.md.m)
		th.md.mu.Unlock()
	}
}

// renderWhile renders jobs into md on every core while meanwhile runs on
// this goroutine; a failed render panics here, as renderAll would.
func renderWhile(md *mdCache, jobs []mdJob, meanwhile func()) {
	var failed atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if recover() != nil {
				failed.Store(true)
			}
		}()
		md.renderAll(jobs, -1, runtime.GOMAXPROCS(0))
	}()
	meanwhile()
	<-done
	if failed.Load() {
		panic("ui: rendering Markdown failed")
	}
}

// plainLine is l without styling. ansi.Strip is the identity on valid
// UTF-8 without ESC or DEL, so lines laid out without paints skip it.
func plainLine(l string) string {
	if strings.IndexByte(l, 0x1b) < 0 && strings.IndexByte(l, 0x7f) < 0 && utf8.ValidString(l) {
		return l
	}
	return ansi.Strip(l)
}
