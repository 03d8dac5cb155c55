package ui

import "fmt"

// Position commands (g, G, [, ], n, N, search) are intents: applied at
// once, and kept while the pane is still rendering Markdown, so that they
// apply again to the finished pane ("4 G" on a long thread ends at the
// last comment, not where the placeholder text ended).

type intentKind uint8

const (
	toTop intentKind = iota
	toBottom
	toAnchor  // [ or ]: resolved to toComment when applied
	toComment // a comment by index
	toMatch   // n or N: resolved to toHit when applied
	toHit     // a search match by index
	toSearch  // run a search and jump to the first match
)

type intent struct {
	kind  intentKind
	dir   int
	index int
	query string
}

// apply runs a position command and returns a note for the footer, or "".
func (p *pane) apply(in intent) string {
	if p.preparing {
		// Nothing to move in yet: keep the command (repeated [ ] n N
		// count) for the built lines.
		if in.kind == toAnchor || in.kind == toMatch {
			if q := p.pending; q != nil && q.kind == in.kind && q.dir == in.dir {
				q.index++
				return ""
			}
			in.index = 1
		}
		p.pending = &in
		return ""
	}
	note := ""
	switch in.kind {
	case toAnchor:
		k, last := p.targetComment(in.dir)
		if k < 0 {
			if last && len(p.anchors) > 0 {
				note = fmt.Sprintf("no more comments (%d of %d)", max(p.cur, 0)+1, len(p.anchors))
				if in.dir < 0 {
					note = fmt.Sprintf("first comment (1 of %d)", len(p.anchors))
				}
			}
			return note
		}
		in = intent{kind: toComment, index: k}
	case toMatch:
		p.pager.next(in.dir)
		in = intent{kind: toHit, index: p.pager.cur}
	}
	p.do(in)
	p.pending = nil
	if p.rendering {
		p.pending = &in
	}
	return note
}

func (p *pane) do(in intent) {
	pg := &p.pager
	switch in.kind {
	case toTop:
		pg.top()
		p.setCur(-1)
	case toBottom:
		pg.bottom()
		// The comment at the bottom of the view is the current one.
		p.setCur(-1)
		for k := len(p.anchors) - 1; k >= 0; k-- {
			if p.anchors[k] < pg.offset+pg.height {
				p.setCur(k)
				break
			}
		}
	case toComment:
		if in.index < len(p.anchors) {
			pg.scrollTo(p.anchors[in.index])
			p.setCur(in.index)
		}
	case toHit:
		if in.index >= 0 && in.index < len(pg.matches) {
			pg.cur = in.index
			pg.revealHit(in.index)
		}
	case toSearch:
		pg.search(in.query, true)
	}
}

// scroll moves the view by n rows: a manual move, so the current comment
// and any pending command are dropped.
func (p *pane) scroll(n int) {
	p.pager.scroll(n)
	p.setCur(-1)
	p.pending = nil
}

func (p *pane) setCur(k int) {
	p.cur = k
	p.pager.mark = 0
	if k >= 0 && k < len(p.anchors) {
		p.pager.mark = p.anchors[k] + 1
	}
}

// targetComment is the comment [ (dir -1) or ] (dir 1) goes to, or -1;
// last says there is none that way.
func (p *pane) targetComment(dir int) (k int, last bool) {
	if len(p.anchors) == 0 {
		return -1, false
	}
	var t int
	if p.cur >= 0 {
		t = p.cur + dir
	} else {
		off := p.pager.offset
		b := -1 // the comment holding the top row
		for i, a := range p.anchors {
			if a <= off {
				b = i
			}
		}
		t = b + 1
		if dir < 0 {
			t = b - 1
			if b >= 0 && p.anchors[b] < off {
				t = b // back to the start of the comment being read
			}
		}
	}
	if t < 0 || t >= len(p.anchors) {
		return -1, true
	}
	return t, false
}

// readingPos is the view's top row as a logical position: the block
// (comment) it is in, the logical line within the block, and the row
// within that line. It survives a re-wrap at another width.
type readingPos struct {
	block, line, lines, row int
}

func (p *pane) readingPos() (readingPos, bool) {
	pg := &p.pager
	if len(pg.lines) == 0 {
		return readingPos{}, false
	}
	top := min(pg.offset, len(pg.lines)-1)
	pos := readingPos{block: -1}
	for i, a := range p.anchors {
		if a <= top {
			pos.block = i
		}
	}
	from, to := p.blockRows(pos.block)
	start := pg.logicalStart(top)
	pos.row = top - start
	for r := from; r < to; r = pg.logicalEnd(r) {
		if r < start {
			pos.line++
		}
		pos.lines++
	}
	return pos, true
}

// blockRows is the row range of block b (-1: before the first anchor).
func (p *pane) blockRows(b int) (from, to int) {
	n := len(p.pager.lines)
	from, to = 0, n
	if b >= 0 && b < len(p.anchors) {
		from = p.anchors[b]
	}
	if b+1 < len(p.anchors) {
		to = p.anchors[b+1]
	}
	return min(from, n), min(max(to, from), n)
}

// rowOf finds a reading position in the current content. A block whose
// logical line count changed (Markdown re-wrapped at another width) maps
// the line proportionally.
func (p *pane) rowOf(pos readingPos) int {
	pg := &p.pager
	if pos.block >= len(p.anchors) {
		return pg.offset
	}
	from, to := p.blockRows(pos.block)
	var starts []int
	for r := from; r < to; r = pg.logicalEnd(r) {
		starts = append(starts, r)
	}
	if len(starts) == 0 {
		return from
	}
	line := pos.line
	if len(starts) != pos.lines && pos.lines > 0 {
		line = pos.line * len(starts) / pos.lines
	}
	start := starts[min(line, len(starts)-1)]
	return min(start+pos.row, pg.logicalEnd(start)-1)
}

// setContent replaces the pane's rows keeping the reading position on the
// same logical line, and applies a pending position command once the
// content is complete.
func (p *pane) setContent(lines []string, anchors []int, rendering bool) {
	pos, ok := p.readingPos()
	p.anchors = anchors
	p.pager.setLines(lines)
	if ok {
		p.pager.scrollTo(p.rowOf(pos))
	}
	p.rendering = rendering
	p.setCur(p.cur)
	if p.cur >= len(anchors) {
		p.setCur(-1)
	}
	wasPreparing := p.preparing
	p.preparing = false
	if (!rendering || wasPreparing) && p.pending != nil {
		in := *p.pending
		p.pending = nil
		p.replay(in)
	}
}

// replay applies a command kept while the pane was not ready. [ ] n N
// kept while it was being prepared carry their repeat count in index.
func (p *pane) replay(in intent) {
	if in.kind == toAnchor || in.kind == toMatch {
		for range max(in.index, 1) {
			p.apply(intent{kind: in.kind, dir: in.dir})
		}
		return
	}
	p.apply(in)
}
