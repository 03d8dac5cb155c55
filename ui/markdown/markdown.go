// Package markdown renders ticket comments, which attackers can influence,
// into styled terminal lines that cannot carry terminal commands
// (SECURITY.md MD-1..MD-6, TERM-8).
//
// glamour on its own is not safe for such text: it decodes HTML entities it
// rebuilds from the AST (so "&#27;" becomes a live ESC), strips HTML
// silently, wraps links in OSC 8 and takes super-linear time on deep
// nesting. Render therefore never hands it raw text (MD-1):
//
//  1. bound the raw text (MD-2): 256 KiB, nesting depth 16 (less on narrow
//     panes), delimiters per block;
//  2. escape it with termsafe.Marked;
//  3. replace '&' and '<' with private-use placeholders, so glamour never
//     decodes an entity and never sees HTML, and write the marked escape
//     tokens in a private-use "escape alphabet" (see alphabet.go);
//  4. render with glamour: info strings allowlisted, links rewritten to
//     show their real target (MD-3) and never OSC 8 (MD-4), images as text
//     (MD-5), block count budgeted;
//  5. map the placeholders back;
//  6. filter with termsafe.FilterStyled (TERM-8, SGR only);
//  7. draw the escape alphabet in the reserved escape style (reverse
//     video) and cut the result into self-contained lines that fit the
//     pane (output.go), noting which rows a wrap made (wraps.go).
//
// RenderPlain and Source share steps 2 and 7 for plain comments and the raw
// view (MD-6). Cache keeps results for the UI.
package markdown

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Style selects glamour's dark or light style.
type Style uint8

const (
	// Dark is glamour's "dark" style, for dark terminal backgrounds.
	Dark Style = iota
	// Light is glamour's "light" style.
	Light
)

// String returns the glamour style name.
func (s Style) String() string {
	if s == Light {
		return "light"
	}
	return "dark"
}

// Options says how to render a comment. It is comparable, so it can be part
// of a cache key.
type Options struct {
	// Width is the pane width in cells; every line fits in it. It is
	// clamped to [MinWidth, MaxWidth]; the caller is expected to cap it
	// near 120 for readability.
	Width int
	Style Style
	// ASCII draws bullets, rules, quote bars and notes in ASCII, for
	// terminals that draw East-Asian-ambiguous characters two cells wide.
	ASCII bool
	// ClickableLinks lets http/https link targets be wrapped in OSC 8
	// (MD-4). Off by default: comment links are attacker-controlled.
	ClickableLinks bool
	// Colors16, when On, draws in these ANSI colours, for 16-colour
	// terminals.
	Colors16 Colors16
}

// Width limits. Glamour pads every line to the wrap width, so an absurd
// width would cost memory in proportion.
const (
	MinWidth = 10
	MaxWidth = 512
	// Unwrapped as a width asks for no wrapping at all, for output that
	// is piped: each paragraph is one line, whatever its length (within
	// maxPadCells, see unwrappedWidth).
	Unwrapped = -1
)

// Result is a rendered comment.
type Result struct {
	// Lines are styled, safe to print, and each at most Width cells wide
	// (ansi.StringWidth). Each line ends with its styles reset.
	Lines []string
	// TruncatedBytes is how much of the comment was not rendered
	// (MaxSourceBytes); the raw view (Source) shows everything.
	TruncatedBytes int
	// Links lists the comment's links and images in document order.
	Links []Link
	// Wraps says, line by line, which lines continue the logical line of
	// the line before (a soft wrap), so search can run over logical
	// lines. It is nil, or as long as Lines. Paragraphs, list items and
	// quotes are marked, wherever glamour or this package wrapped them
	// (wraps.go); headings and table cells are not.
	Wraps []Wrap
}

// Wrap describes how a line continues the one before it.
type Wrap struct {
	// Cont: the line continues the previous line's logical line.
	Cont bool
	// Indent is how many bytes at the start of the line are layout
	// (unstyled indentation), not text.
	Indent int
	// Gap is the text the wrap consumed between the two lines (spaces).
	Gap string
}

// Notes this package adds to a result.
const (
	failedNote = "(Markdown rendering failed; showing the comment as plain text)"
	fullNote   = "… output limit reached — press R for raw view"
)

// Render renders a Markdown comment. Bad input never makes it fail or
// panic: if glamour breaks, the escaped text is shown plain, with a note.
// Text without Markdown syntax is laid out as glamour would lay it out,
// without glamour (simple.go).
func Render(src termsafe.Untrusted, opt Options) Result {
	width := clampWidth(opt.Width)
	if opt.Width == Unwrapped {
		width = unwrappedWidth(termsafe.Escape(src, termsafe.MultiLine), true)
	}
	if lines, wraps, ok := simpleLines(src, width); ok {
		return Result{Lines: lines, Wraps: wraps}
	}
	return renderGlamourResult(src, opt, width)
}

// renderGlamourResult is Render through glamour at width, whatever the
// text.
func renderGlamourResult(src termsafe.Untrusted, opt Options, width int) (res Result) {
	// Unwrap is used for parsing only: the bounded text is wrapped again
	// and reaches the screen through termsafe.Marked.
	head, more := truncate(termsafe.Unwrap(src))
	defer func() {
		if recover() != nil {
			res = fallback(termsafe.Wrap(head), width, more)
		}
	}()

	depth := nestingLimit(width)
	prepared := prepare(termsafe.Marked(termsafe.Wrap(bound(head, depth))))
	out, err := renderRecovered(func() (rendered, error) { return renderGlamour(prepared, width, depth, opt) })
	if err != nil {
		return fallback(termsafe.Wrap(head), width, more)
	}
	if opt.ASCII {
		out.styled = strings.ReplaceAll(out.styled, "…", "~") // glamour's own; the data's are placeholders
	}
	var uris []string
	if opt.ClickableLinks {
		uris = out.uris
	}
	lines, wraps := glamourLines(out.styled, width, uris, opt.ASCII, prepared, out.blocks)
	if out.kept > 0 {
		lines = withNote(lines, width, asciiNote(opt.ASCII, fmt.Sprintf("… rendering stopped after %d blocks — press R for raw view", out.kept)))
	}
	if more > 0 {
		lines = withNote(lines, width, asciiNote(opt.ASCII, truncNote(more)))
	}
	if wraps != nil {
		wraps = append(wraps, make([]Wrap, len(lines)-len(wraps))...) // the notes
	}
	return Result{Lines: lines, TruncatedBytes: more, Links: out.links, Wraps: wraps}
}

// glamourLines is steps 5-7 for glamour's output: placeholders mapped
// back, everything but SGR escaped (TERM-8: glamour is a library and its
// output is not trusted to be only styling), the escape alphabet drawn and
// the result cut into lines of the pane width. The line writer escapes
// any non-SGR sequence as well, so the two guards back each other up.
// With ascii the note is spelled in ASCII. The wraps say which lines
// continue a paragraph glamour wrapped (wraps.go); prepared is the text
// glamour got, blocks where its marked blocks are in it (markBlocks).
// glamour got.
func glamourLines(styled string, width int, uris []string, ascii bool, prepared string, blocks [][2]int) ([]string, []Wrap) {
	w := glamourWriter(styled, width, uris)
	all := w.result()
	lines := trimBlankLines(all)
	first := 0
	if len(lines) > 0 {
		first = len(all) - len(lines) - trailingBlank(all)
	}
	wraps := w.wraps(lines, first, prepared, blocks, width)
	if w.full {
		lines = withNote(lines, width, asciiNote(ascii, fullNote))
	}
	return lines, wraps
}

// glamourWriter is a line writer fed glamour's output, placeholders
// mapped back and filtered.
func glamourWriter(styled string, width int, uris []string) *lineWriter {
	w := newLineWriter(width, uris)
	w.write(filterStyled(restorePlaceholders.Replace(styled)))
	return w
}

// RenderPlain renders a PLAIN-format comment: escaped, word-wrapped at
// width by termsafe, escape tokens in reverse video.
func RenderPlain(src termsafe.Untrusted, width int) Result {
	esc := termsafe.Escape(src, termsafe.MultiLine)
	width = plainWidth(esc, width)
	if line, ok := shortPrintable(esc, width); ok {
		return Result{Lines: []string{line}, Wraps: []Wrap{{}}}
	}
	return renderPlain(esc, newLineWriter(width, nil))
}

// plainWidth is the width RenderPlain lays esc out at when asked for
// width.
func plainWidth(esc termsafe.Safe, width int) int {
	if width == Unwrapped {
		return unwrappedWidth(esc, false)
	}
	return clampWidth(width)
}

// shortPrintable is RenderPlain's result for the commonest comment, one
// line of printable ASCII that fits the width: the line itself, less the
// trailing spaces the line writer drops. Most of a ticket with 100,000
// comments is spent on them otherwise. FuzzPlainFastPath compares it
// with renderPlain.
func shortPrintable(esc termsafe.Safe, width int) (string, bool) {
	if esc.NumSegments() != 1 {
		return "", false
	}
	seg := esc.Segment(0)
	if seg.Kind != termsafe.Plain || len(seg.Text) > width || !printableASCII(seg.Text) {
		return "", false
	}
	return strings.TrimRight(seg.Text, " "), true
}

// printableASCII reports whether s is non-empty and all of it is ASCII
// from space to tilde.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return s != ""
}

// renderPlain is RenderPlain for any text: esc wrapped by termsafe at the
// width of w and fed through w.
func renderPlain(esc termsafe.Safe, w *lineWriter) (res Result) {
	width := w.width
	defer func() {
		if recover() != nil {
			res = Result{Lines: noteLines(failedNote, width)}
		}
	}()
	var wraps []Wrap
	for i, line := range esc.Lines() {
		if i > 0 {
			w.write("\n")
		}
		rows := line.Wrap(width)
		for k, r := range rows {
			if k == 0 {
				wraps = append(wraps, Wrap{})
				w.write(styledEscapes(r))
				continue
			}
			// The spaces that end a row are not drawn (the line writer
			// drops them): they are the gap.
			prev := rows[k-1].Plain()
			wraps = append(wraps, Wrap{Cont: true, Gap: prev[len(strings.TrimRight(prev, " ")):]})
			w.write("\n")
			w.write(styledEscapes(r))
		}
	}
	lines := w.result()
	if len(lines) != len(wraps) { // the writer cut or stopped: no marks
		wraps = nil
	}
	if w.full {
		lines = withNote(lines, width, fullNote)
	}
	return Result{Lines: lines, Wraps: wraps}
}

// Source is the raw view (MD-6): the comment source, escaped, with line
// numbers, so anything Markdown hides (link targets, reference
// definitions, HTML comments) can be read. It is not truncated.
func Source(src termsafe.Untrusted, width int) []string {
	width = clampWidth(width)
	lines := termsafe.Escape(src, termsafe.MultiLine).Lines()
	digits := len(fmt.Sprint(len(lines)))
	out := make([]string, 0, len(lines))
	for i, l := range lines {
		w := newLineWriter(max(width-digits-3, 1), nil)
		writeWrapped(w, l, w.width)
		sub := w.result()
		if len(sub) == 0 {
			sub = []string{""}
		}
		for j, s := range sub {
			if j == 0 {
				out = append(out, fmt.Sprintf("%*d │ %s", digits, i+1, s))
			} else {
				out = append(out, strings.Repeat(" ", digits)+" │ "+s)
			}
		}
	}
	return out
}

// writeWrapped word-wraps s with termsafe and feeds the lines to w.
func writeWrapped(w *lineWriter, s termsafe.Safe, width int) {
	for i, l := range s.Wrap(width) {
		if i > 0 {
			w.write("\n")
		}
		w.write(styledEscapes(l))
	}
}

// renderRecovered runs render, turning a panic (glamour has had index
// panics on odd input) into an error.
func renderRecovered(render func() (rendered, error)) (out rendered, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("markdown rendering panicked: %v", r)
		}
	}()
	return render()
}

func fallback(src termsafe.Untrusted, width, more int) Result {
	r := RenderPlain(src, width)
	r.Lines = append(append(noteLines(failedNote, width), ""), r.Lines...)
	if more > 0 {
		r.Lines = withNote(r.Lines, width, truncNote(more))
	}
	r.TruncatedBytes = more
	return r
}

func truncNote(more int) string {
	return fmt.Sprintf("… truncated, %d bytes more — press R for raw view", more)
}

// withNote appends a note of this package's own after a blank line.
func withNote(lines []string, width int, note string) []string {
	return append(append(lines, ""), noteLines(note, width)...)
}

func noteLines(note string, width int) []string {
	w := newLineWriter(width, nil)
	writeWrapped(w, termsafe.Trusted(note, termsafe.SingleLine), width)
	return w.result()
}

// restorePlaceholders maps the placeholders back, and turns glamour's
// block marks into the reserved runes the line writer reads (wraps.go).
var restorePlaceholders = strings.NewReplacer(string(phAmp), "&", string(phLt), "<", string(phEll), "…",
	markBegin, string(phBegin), markEnd, string(phEnd))

// filterStyled applies termsafe.FilterStyled (TERM-8) to the text between
// this package's reserved runes, which the filter would rightly escape as
// private use; tokens it creates are written in the escape alphabet.
func filterStyled(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexFunc(s, isReserved)
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			b.WriteString(termsafe.FilterStyled(s[:i], escAlphabet))
		}
		j := strings.IndexFunc(s[i:], func(r rune) bool { return !isReserved(r) })
		if j < 0 {
			j = len(s) - i
		}
		b.WriteString(s[i : i+j])
		s = s[i+j:]
	}
	return b.String()
}

func clampWidth(w int) int { return min(max(w, MinWidth), MaxWidth) }

// maxPadCells bounds what an unwrapped width may cost: glamour pads every
// line of a comment to the full width.
const (
	maxPadCells  = 2 << 20
	maxUnwrapped = 1 << 20
)

// unwrappedWidth is a width at which no paragraph of s is wrapped: its
// widest run of non-blank lines, joined with spaces as glamour joins
// them (for Markdown; plain text keeps its lines), plus room for the page
// margins and the deepest nesting. For Markdown it is bounded so that
// glamour's padding stays within maxPadCells; past that the text wraps
// at the bound.
func unwrappedWidth(s termsafe.Safe, markdown bool) int {
	lines := s.Lines()
	widest, run := 0, 0
	for _, l := range lines {
		w := l.Width()
		switch {
		case !markdown:
			run = w
		case strings.TrimSpace(l.Plain()) == "":
			run = 0
			continue
		case run > 0:
			run += 1 + w
		default:
			run = w
		}
		widest = max(widest, run)
	}
	if !markdown {
		return min(max(widest, MinWidth), maxUnwrapped)
	}
	width := max(widest+4+4*MaxNesting, MaxWidth)
	return min(width, max(MaxWidth, maxPadCells/max(len(lines), 1)), maxUnwrapped)
}

// trimBlankLines drops glamour's leading and trailing blank lines.
func trimBlankLines(lines []string) []string {
	for len(lines) > 0 && blankLine(lines[0]) {
		lines = lines[1:]
	}
	return lines[:len(lines)-trailingBlank(lines)]
}

// trailingBlank counts the blank lines that end lines.
func trailingBlank(lines []string) int {
	n := 0
	for n < len(lines) && blankLine(lines[len(lines)-1-n]) {
		n++
	}
	return n
}

func blankLine(l string) bool { return strings.TrimSpace(ansi.Strip(l)) == "" }

// asciiNote spells a note of this package in ASCII when ascii is set.
func asciiNote(ascii bool, note string) string {
	if !ascii {
		return note
	}
	return strings.NewReplacer("…", "...", "—", "-", "⚠", "!", "≠", "!=").Replace(note)
}
