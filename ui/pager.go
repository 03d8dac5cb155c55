package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// pager is a scrollable block of pre-rendered lines with search. Every pane
// renders its content into lines no wider than the pane and hands them to
// a pager, so scrolling, search and the scroll position on refresh behave
// the same everywhere.
type pager struct {
	lines  []string // styled, each at most width cells
	plain  []string // the same without styling, for search and copy; see unstyled
	width  int
	height int
	offset int

	query   string
	matches []match
	cur     int // index into matches, -1 when none is current
}

type match struct{ line, start, end int } // cells

func (p *pager) setSize(w, h int) {
	p.width, p.height = w, max(h, 1)
	p.clamp()
}

// setLines replaces the content, keeping the scroll position (refresh must
// not jump back to the top) and re-running the search.
func (p *pager) setLines(lines []string) {
	p.lines, p.plain = lines, nil
	p.search(p.query, false)
	p.clamp()
}

func (p *pager) maxOffset() int { return max(len(p.lines)-p.height, 0) }

func (p *pager) clamp() { p.offset = min(max(p.offset, 0), p.maxOffset()) }

func (p *pager) scroll(n int) { p.offset += n; p.clamp() }
func (p *pager) top()         { p.offset = 0 }
func (p *pager) bottom()      { p.offset = p.maxOffset() }

// scrollTo puts line i at the top of the view (or as close as possible).
func (p *pager) scrollTo(i int) { p.offset = i; p.clamp() }

// reveal scrolls the least needed to show line i.
func (p *pager) reveal(i int) {
	switch {
	case i < p.offset:
		p.offset = i
	case i >= p.offset+p.height:
		p.offset = i - p.height + 1
	}
	p.clamp()
}

// search finds every case-insensitive occurrence of q. With jump, the view
// moves to the first match at or below the current position.
func (p *pager) search(q string, jump bool) {
	p.query, p.matches, p.cur = q, nil, -1
	if q == "" {
		return
	}
	lq := strings.ToLower(q)
	for i, line := range p.unstyled() {
		hay := strings.ToLower(line)
		if len(hay) != len(line) { // case mapping changed byte lengths
			hay, lq = line, q
		}
		for from := 0; ; {
			j := strings.Index(hay[from:], lq)
			if j < 0 {
				break
			}
			start := from + j
			end := start + len(lq)
			p.matches = append(p.matches, match{
				line:  i,
				start: ansi.StringWidth(line[:start]),
				end:   ansi.StringWidth(line[:end]),
			})
			from = end
		}
		lq = strings.ToLower(q)
	}
	if jump && len(p.matches) > 0 {
		p.cur = 0
		for k, m := range p.matches {
			if m.line >= p.offset {
				p.cur = k
				break
			}
		}
		p.reveal(p.matches[p.cur].line)
	}
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
	p.reveal(p.matches[p.cur].line)
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

// view renders exactly height lines, search matches highlighted.
func (p *pager) view(st Styles) string {
	end := min(p.offset+p.height, len(p.lines))
	out := make([]string, 0, p.height)
	mi := 0
	for i := p.offset; i < end; i++ {
		line := p.lines[i]
		var ranges []lipgloss.Range
		for ; mi < len(p.matches) && p.matches[mi].line < i; mi++ {
		}
		for k := mi; k < len(p.matches) && p.matches[k].line == i; k++ {
			style := st.Match
			if k == p.cur {
				style = st.CurMatch
			}
			m := p.matches[k]
			ranges = append(ranges, lipgloss.NewRange(m.start, m.end, style))
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

// text is the whole content as plain text, for copying a pane.
func (p *pager) text() string { return strings.Join(p.unstyled(), "\n") }

// unstyled is the content without styling, made on the first search or
// copy: most panes are only ever looked at, and keeping every line twice
// doubled the memory of a big event.
func (p *pager) unstyled() []string {
	if p.plain == nil && len(p.lines) > 0 {
		p.plain = make([]string, len(p.lines))
		for i, l := range p.lines {
			p.plain[i] = ansi.Strip(l)
		}
	}
	return p.plain
}
