package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// pager is a scrollable block of pre-rendered rows with search. Every pane
// renders its content into rows no wider than the pane and hands them to a
// pager, so scrolling, search and the reading position behave the same
// everywhere. The Event pane may leave rows empty for a rowSource to draw
// when they are shown, searched or copied (its JSON: see jsonRows).
//
// It is not bubbles/viewport because a pane needs three things viewport
// does not do: search over logical lines (a value soft-wrapped over three
// rows is one line, so a match does not depend on the terminal width), a
// reading position anchored to a logical line across resize and refresh,
// and position commands given while Markdown is still rendering applied to
// the finished content (pane.apply).
type pager struct {
	lines []string // styled rows, each at most width cells
	plain []string // the same without styling, for search and copy
	// cont[i] says row i continues the logical line of row i-1 (a soft
	// wrap); skip[i] is how many bytes of plain[i] are indentation drawn
	// for the wrap, and gap[i] the text the wrap consumed (spaces), so
	// the logical line is exactly the text before wrapping.
	cont []bool
	skip []int
	gap  []string
	// A row cut to one line (cutRow) keeps the cut-off text for search:
	// tail[i] is it, and cut[i] the bytes of the drawn ellipsis, which is
	// not part of the logical line.
	tail []string
	cut  []int
	// plain, skip, gap, tail and cut are made on the first search or copy
	// (unstyledRows), from lines and marks: most panes are only read, and
	// on a big event they cost more than the styled rows.
	marks []rowMark
	// src draws the rows left empty in lines (the Event pane's JSON, see
	// jsonRows); the pane sets it with the lines it belongs to.
	src rowSource

	width  int
	height int
	offset int
	mark   int // 1 + the row drawn as the current one (the current comment); 0 for none

	query   string
	matches []hit
	cur     int // index into matches, -1 when none is current
}

// hit is one search match: one or more spans, one per row it covers.
type hit struct {
	line  int // the first row
	spans []span
}

type span struct{ line, start, end int } // row and cells

// softWrap starts the marker of a row that continues the previous row's
// logical line: indent + softWrap + consumed text + softWrap + rest. Only
// builders in this package write it (contRow) and setLines removes it;
// escaped server text can never contain a NUL.
const softWrap = "\x00"

// contRow marks a continuation row: indent is drawn but not part of the
// logical line; gap is part of the logical line but not drawn (the spaces
// a word wrap consumed).
func contRow(indent, gap, rest string) string {
	return indent + softWrap + gap + softWrap + rest
}

// cutMark starts the marker of a row cut to one line (cutRow): drawn +
// cutMark + ellipsis + cutMark + the text cut off. Like softWrap, only
// builders in this package write it; escaped server text never holds it.
const cutMark = "\x01"

// cutRow is a styled line cut to w cells with ellipsis; the text cut off
// stays part of the logical line, so search finds it (on the ellipsis)
// at any width.
func cutRow(s string, w int, ellipsis string) string {
	sw := ansi.StringWidth(s)
	if sw <= w {
		return s
	}
	keep := max(w-ansi.StringWidth(ellipsis), 0)
	shown := ansi.Truncate(s, keep, "")
	rest := ansi.Cut(s, ansi.StringWidth(shown), sw)
	return shown + cutMark + ellipsis + cutMark + rest
}

// wrapRows word-wraps a styled line to w cells; the rows after the first
// carry the soft-wrap marker (without indentation: the caller adds it in
// front of the row).
func wrapRows(s string, w int) []string {
	if fits(s, max(w, 1)) {
		return []string{s} // what ansi.Wrap returns for a line that fits, sooner
	}
	rows := strings.Split(ansi.Wrap(s, max(w, 1), ""), "\n")
	if len(rows) == 1 {
		return rows
	}
	orig := ansi.Strip(s)
	pos := 0
	for i, r := range rows {
		rp := ansi.Strip(r)
		if i > 0 {
			if pos < len(orig) && orig[pos] == '\n' {
				pos++ // a line break of the text itself: a new logical line
			} else {
				start := pos
				for pos < len(orig) && orig[pos] == ' ' && !strings.HasPrefix(orig[pos:], rp) {
					pos++
				}
				rows[i] = contRow("", orig[start:pos], r)
			}
		}
		if strings.HasPrefix(orig[pos:], rp) {
			pos += len(rp)
		}
	}
	return rows
}

// fits reports whether s is one line of at most w cells. Most lines are
// short, so an upper bound decides without segmenting graphemes: text and
// SGR sequences, one cell per ASCII character and at most two per rune.
func fits(s string, w int) bool {
	bound := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x20 && c < 0x7f:
			bound++
		case c >= 0x80: // n bytes of a rune count n+1: at least two
			bound++
			if c >= 0xc0 {
				bound++
			}
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j == len(s) || s[j] != 'm' {
				return !strings.Contains(s, "\n") && ansi.StringWidth(s) <= w
			}
			i = j
		default: // line breaks, other controls and sequences
			return !strings.Contains(s, "\n") && ansi.StringWidth(s) <= w
		}
		if bound > w {
			return !strings.Contains(s, "\n") && ansi.StringWidth(s) <= w
		}
	}
	return true
}

// stripMarks removes the soft-wrap markers, for output that is not a pager
// (the --plain report).
func stripMarks(l string) string {
	if shown, rest, ok := strings.Cut(l, cutMark); ok {
		ellipsis, _, _ := strings.Cut(rest, cutMark)
		return shown + ellipsis
	}
	indent, rest, ok := strings.Cut(l, softWrap)
	if !ok {
		return l
	}
	_, rest, _ = strings.Cut(rest, softWrap)
	return indent + rest
}

func (p *pager) setSize(w, h int) {
	p.width, p.height = w, max(h, 1)
	p.clamp()
}

// setLines replaces the content and re-runs the search. The scroll offset
// is kept as a row number; pane.setContent anchors it to a logical line.
func (p *pager) setLines(lines []string) {
	n := len(lines)
	p.lines = make([]string, n)
	p.cont = make([]bool, n)
	p.marks = nil
	p.plain, p.skip, p.gap, p.tail, p.cut = nil, nil, nil, nil, nil
	for i, l := range lines {
		var mk rowMark
		if shown, rest, ok := strings.Cut(l, cutMark); ok {
			ellipsis, tail, _ := strings.Cut(rest, cutMark)
			mk.tail, mk.cut = ansi.Strip(tail), len(ansi.Strip(ellipsis))
			l = shown + ellipsis
		}
		if indent, rest, ok := strings.Cut(l, softWrap); ok {
			gap, body, _ := strings.Cut(rest, softWrap)
			p.cont[i] = i > 0
			mk.gap = gap
			mk.skip = len(ansi.Strip(indent))
			l = indent + body
		}
		if mk != (rowMark{}) {
			mk.row = i
			p.marks = append(p.marks, mk)
		}
		p.lines[i] = l
	}
	p.search(p.query, false)
	p.clamp()
}

// rowSource draws rows on demand: row i, styled or plain, if it is one of
// its rows.
type rowSource interface {
	row(i int, plain bool) (string, bool)
}

// row is the styled row i, drawn by src if the lines left it empty.
func (p *pager) row(i int) string {
	if l := p.lines[i]; l != "" || p.src == nil {
		return l
	}
	l, _ := p.src.row(i, false)
	return l
}

// rowMark is what the markers of row said: see pager.skip, gap, tail, cut.
type rowMark struct {
	row, skip, cut int
	gap, tail      string
}

// unstyledRows makes the unstyled rows and what the markers said, once
// per content: on the first search or copy.
func (p *pager) unstyledRows() {
	if p.plain != nil {
		return
	}
	n := len(p.lines)
	p.plain = make([]string, n)
	p.skip = make([]int, n)
	p.gap = make([]string, n)
	p.tail = make([]string, n)
	p.cut = make([]int, n)
	for i, l := range p.lines {
		if l == "" && p.src != nil {
			p.plain[i], _ = p.src.row(i, true)
			continue
		}
		p.plain[i] = ansi.Strip(l)
	}
	for _, mk := range p.marks {
		p.skip[mk.row], p.gap[mk.row], p.tail[mk.row], p.cut[mk.row] = mk.skip, mk.gap, mk.tail, mk.cut
	}
}

func (p *pager) maxOffset() int { return max(len(p.lines)-p.height, 0) }

func (p *pager) clamp() { p.offset = min(max(p.offset, 0), p.maxOffset()) }

func (p *pager) scroll(n int) { p.offset += n; p.clamp() }
func (p *pager) top()         { p.offset = 0 }
func (p *pager) bottom()      { p.offset = p.maxOffset() }

// scrollTo puts row i at the top of the view (or as close as possible).
func (p *pager) scrollTo(i int) { p.offset = i; p.clamp() }

// reveal scrolls the least needed to show rows i..j.
func (p *pager) reveal(i, j int) {
	switch {
	case i < p.offset:
		p.offset = i
	case j >= p.offset+p.height:
		p.offset = min(j-p.height+1, i)
	}
	p.clamp()
}

// logicalStart is the first row of the logical line that holds row i.
func (p *pager) logicalStart(i int) int {
	for i > 0 && i < len(p.cont) && p.cont[i] {
		i--
	}
	return i
}

// logicalEnd is one past the last row of the logical line starting at i.
func (p *pager) logicalEnd(i int) int {
	j := i + 1
	for j < len(p.cont) && p.cont[j] {
		j++
	}
	return j
}

// search finds every case-insensitive occurrence of q in the logical
// lines, so a match split by a soft wrap is found and highlighted on both
// rows, and the count is the same at every width. With jump, the view
// moves to the first match at or below the current position.
func (p *pager) search(q string, jump bool) {
	p.query, p.matches, p.cur = q, nil, -1
	if q == "" {
		return
	}
	p.unstyledRows()
	for i := 0; i < len(p.plain); {
		end := p.logicalEnd(i)
		p.searchLine(i, end, q)
		i = end
	}
	if jump && len(p.matches) > 0 {
		p.cur = 0
		for k, h := range p.matches {
			if h.line >= p.offset {
				p.cur = k
				break
			}
		}
		p.revealHit(p.cur)
	}
}

// searchLine searches the logical line made of rows [from, to).
func (p *pager) searchLine(from, to int, q string) {
	// The logical text, and where each row's own text starts in it.
	var line string
	starts := []int{0}
	if to-from == 1 && p.skip[from] == 0 && p.gap[from] == "" && p.cut[from] == 0 {
		line = p.plain[from] // the common case: one row, no copy
	} else {
		var text strings.Builder
		starts = make([]int, to-from)
		for r := from; r < to; r++ {
			text.WriteString(p.gap[r])
			starts[r-from] = text.Len()
			text.WriteString(p.plain[r][p.skip[r] : len(p.plain[r])-p.cut[r]])
			text.WriteString(p.tail[r])
		}
		line = text.String()
	}
	if !containsFold(line, q) {
		return
	}
	hay, lq := strings.ToLower(line), strings.ToLower(q)
	if len(hay) != len(line) { // case mapping changed byte lengths
		hay, lq = line, q
	}
	for pos := 0; ; {
		j := strings.Index(hay[pos:], lq)
		if j < 0 {
			return
		}
		s, e := pos+j, pos+j+len(lq)
		h := hit{line: -1}
		for r := from; r < to; r++ {
			rs := starts[r-from]
			drawn := rs + len(p.plain[r]) - p.skip[r] - p.cut[r] // end of the drawn text
			re := drawn + len(p.tail[r])
			a, b := max(s, rs), min(e, re)
			if a >= b {
				continue
			}
			row := p.plain[r]
			base := p.skip[r] - rs
			var sp span
			switch {
			case a >= drawn: // in the text cut off: the ellipsis stands for it
				sp = span{line: r, start: ansi.StringWidth(row[:base+drawn]), end: ansi.StringWidth(row)}
			case b > drawn:
				sp = span{line: r, start: ansi.StringWidth(row[:base+a]), end: ansi.StringWidth(row)}
			default:
				sp = span{line: r, start: ansi.StringWidth(row[:base+a]), end: ansi.StringWidth(row[:base+b])}
			}
			if h.line < 0 {
				h.line = r
			}
			h.spans = append(h.spans, sp)
		}
		if h.line >= 0 {
			p.matches = append(p.matches, h)
		}
		pos = e
	}
}

func (p *pager) revealHit(k int) {
	h := p.matches[k]
	p.reveal(h.line, h.spans[len(h.spans)-1].line)
}

// next moves to the next (dir 1) or previous (dir -1) match, wrapping.
func (p *pager) next(dir int) {
	if len(p.matches) == 0 {
		return
	}
	if p.cur < 0 {
		p.cur = 0
	} else {
		p.cur = (p.cur + dir + len(p.matches)) % len(p.matches)
	}
	p.revealHit(p.cur)
}

// status is the "i/N" counter for the footer.
func (p *pager) status() (cur, total int) { return p.cur + 1, len(p.matches) }

// position says where the view is, like a pager does: All, Top, Bot or a
// percentage.
func (p *pager) position() string {
	switch {
	case p.maxOffset() == 0:
		return "All"
	case p.offset == 0:
		return "Top"
	case p.offset == p.maxOffset():
		return "Bot"
	}
	return fmt.Sprintf("%d%%", p.offset*100/p.maxOffset())
}

// view renders exactly height rows, search matches highlighted.
func (p *pager) view(st Styles) string {
	end := min(p.offset+p.height, len(p.lines))
	out := make([]string, 0, p.height)
	// The spans on screen, in row order, with their hit's index.
	type drawn struct {
		span
		k int
	}
	var spans []drawn
	for k, h := range p.matches {
		if h.spans[len(h.spans)-1].line < p.offset || h.line >= end {
			continue
		}
		for _, s := range h.spans {
			spans = append(spans, drawn{s, k})
		}
	}
	si := 0
	for i := p.offset; i < end; i++ {
		line := p.row(i)
		var ranges []lipgloss.Range
		if i == p.mark-1 {
			ranges = append(ranges, lipgloss.NewRange(0, 1, st.CurMatch))
		}
		for ; si < len(spans) && spans[si].line < i; si++ {
		}
		for k := si; k < len(spans) && spans[k].line == i; k++ {
			style := st.Match
			if spans[k].k == p.cur {
				style = st.CurMatch
			}
			ranges = append(ranges, lipgloss.NewRange(spans[k].start, spans[k].end, style))
		}
		if len(ranges) > 0 {
			line = lipgloss.StyleRanges(line, ranges...)
		}
		out = append(out, line)
	}
	for len(out) < p.height {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// rowText is row i as plain text, with the text a cut row (cutRow) left
// off in place of its ellipsis.
func (p *pager) rowText(i int) string {
	p.unstyledRows()
	if p.cut[i] == 0 {
		return p.plain[i]
	}
	return p.plain[i][:len(p.plain[i])-p.cut[i]] + p.tail[i]
}

// text is the whole content as plain text, for copying a pane.
func (p *pager) text() string { return strings.Join(p.unstyled(), "\n") }

// unstyled is the content without styling, for search and copy.
func (p *pager) unstyled() []string {
	p.unstyledRows()
	return p.plain
}

// containsFold is a quick check before the search proper: most lines do
// not hold the query, and they should cost no allocation.
func containsFold(s, q string) bool {
	if len(q) == 0 || len(q) > len(s) {
		return len(q) == 0
	}
	for i := 0; i+len(q) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(q)], q) {
			return true
		}
	}
	return false
}
