package markdown

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	astext "github.com/yuin/goldmark/extension/ast"
)

// Soft wraps in glamour's output. glamour word-wraps paragraphs and list
// items itself, and its output does not say which rows a wrap made. So
// before rendering, every paragraph and list-item text block gets a mark
// at its start and end (markBlocks). A mark is an escape sequence, which
// every wrap and padding step of glamour and lipgloss carries along at
// zero width, so the layout is exactly what it was without marks. After
// rendering, the sequences become reserved runes (restorePlaceholders),
// before the SGR-only filter would escape them, and the line writer notes
// them per row: a row inside a marked block that does not hold its start
// continues the row before it.
//
// Server text cannot forge a mark: termsafe.Marked escapes every control
// character (so no ESC reaches glamour from a comment) and prepare every
// private-use rune (so no reserved rune does either).
const (
	markBegin = "\x1b[?7701z"
	markEnd   = "\x1b[?7702z"

	phBegin = '\uE005' // markBegin after rendering
	phEnd   = '\uE006' // markEnd after rendering
)

// markBlocks puts the marks around the inline content of every paragraph
// and text block of doc, and returns where the blocks are in the source,
// in document order, which is the order of their marks in the output. It
// runs last, after every rewrite of the tree.
func markBlocks(doc ast.Node, ex *extraSource) [][2]int {
	begin, end := ex.text(markBegin).Segment, ex.text(markEnd).Segment
	var blocks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.HasChildren() && (n.Kind() == ast.KindParagraph || n.Kind() == ast.KindTextBlock) {
			blocks = append(blocks, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	srcs := make([][2]int, len(blocks))
	for i, b := range blocks { // not during the walk: inserting confuses it
		if l := b.Lines(); l.Len() > 0 {
			srcs[i] = [2]int{l.At(0).Start, l.At(l.Len() - 1).Stop}
		}
		if c := b.FirstChild(); c.Kind() == astext.KindTaskCheckBox {
			// glamour looks for the box as the first child, to draw it
			// instead of the bullet.
			b.InsertAfter(b, c, ast.NewTextSegment(begin))
		} else {
			b.InsertBefore(b, c, ast.NewTextSegment(begin))
		}
		b.AppendChild(b, ast.NewTextSegment(end))
	}
	return srcs
}

// rowMark is what the line writer saw of the marks on one row.
type rowMark struct {
	begins int  // blocks that start on this row
	prefix int  // cells before the last block start: the row's layout
	open   bool // a block was open when the row started
	cut    bool // the writer broke the row before this one (too wide)
	cutGap int  // spaces the writer dropped at that break
	cells  int  // the row's width
}

// wraps turns the row marks of lines (the writer's lines from first on)
// into Wraps. blocks says where each marked block is in src, the text
// glamour got (markBlocks), to tell whether a word wrap consumed a space;
// width is the wrap width.
func (w *lineWriter) wraps(lines []string, first int, src string, blocks [][2]int, width int) []Wrap {
	if first+len(lines) > len(w.marks) {
		return nil
	}
	var (
		wraps  []Wrap
		layout []string // the graphemes before the current block's start
		block  = -1     // the current block
		text   blockText
	)
	for _, mk := range w.marks[:first] {
		block += mk.begins
	}
	marks := w.marks[first : first+len(lines)]
	// The text of rows i-1 and i (unstyled, without layout), if in a block.
	var prev, cur string
	for i, mk := range marks {
		prev, cur = cur, ""
		if mk.begins > 0 || mk.open || mk.cut {
			cur = ansi.Strip(lines[i])
		}
		switch {
		case mk.begins > 0:
			layout = graphemes(cur, mk.prefix)
			cur = cur[min(len(strings.Join(layout, "")), len(cur)):]
			block += mk.begins
			text = blockText{}
			if block < len(blocks) {
				if b := blocks[block]; b[0] <= b[1] && b[1] <= len(src) {
					text.raw = src[b[0]:b[1]]
				}
			}
			continue
		case i == 0:
			continue
		case mk.cut:
			// The writer's own break: no layout, the spaces it dropped.
		case !mk.open || strings.TrimSpace(cur) == "":
			continue
		}
		if wraps == nil {
			wraps = make([]Wrap, len(lines))
		}
		if mk.cut {
			wraps[i] = Wrap{Cont: true, Gap: strings.Repeat(" ", mk.cutGap)}
			continue
		}
		indent := layoutBytes(lines[i], layout)
		cur = cur[min(len(ansi.Strip(lines[i][:indent])), len(cur)):]
		full := marks[i-1].cells >= width-pageMargin
		wraps[i] = Wrap{Cont: true, Indent: indent, Gap: text.gap(prev, cur, full)}
	}
	return wraps
}

// graphemes returns the graphemes of the first cells cells of s.
func graphemes(s string, cells int) []string {
	var gs []string
	for w := 0; w < cells && s != ""; {
		g, gw := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		gs = append(gs, g)
		for range max(gw-1, 0) {
			gs = append(gs, "")
		}
		w += max(gw, 1)
		s = s[len(g):]
	}
	return gs
}

// layoutBytes is how many bytes at the start of the styled line l are
// layout: the cells where the block's first row had its layout and this
// row has blanks or the same quote bar. List bullets and numbers are not
// repeated on later rows, so only blanks and bars count.
func layoutBytes(l string, layout []string) int {
	end, cell := 0, 0
	var state byte
	for i := 0; i < len(l) && cell < len(layout); {
		seq, width, n, st := ansi.DecodeSequence(l[i:], state, nil)
		if n <= 0 {
			break
		}
		state = st
		if width > 0 || (seq[0] != 0x1b && seq[0] >= 0x20) {
			if seq != " " && (seq != layout[cell] || (seq != "│" && seq != "|")) {
				break
			}
			cell += max(width, 1)
			end = i + n
		}
		i += n
	}
	return end
}

// blockText answers, for a word wrap in one block, whether the text had
// a space where the row broke, by finding the words on either side in the
// block's source. The rows come in order and Markdown only ever adds
// characters to what it shows, so a row's last word is no nearer in the
// source than the row's length past the last find, and the search looks
// only a row's length further: a block of any size costs time in
// proportion to its size.
type blockText struct {
	raw   string
	plain string
	done  bool
	pos   int
}

// gapSlack is how much further than a row's length the source is
// searched, for markup.
const gapSlack = 256

// gap is the text a wrap consumed between prev and next (two rows'
// text). A break inside a word (a word longer than the row, or after a
// hyphen or other break point) consumes nothing; a break at spaces
// consumes them (one, as Markdown renders them). full says prev filled
// its row. The source decides when the two words are found in it,
// adjacent or apart; the shape of the rows otherwise.
func (s *blockText) gap(prev, next string, full bool) string {
	prev = strings.TrimRight(prev, " ")
	last := prev[strings.LastIndexByte(prev, ' ')+1:]
	firstWord, _, _ := strings.Cut(next, " ")
	if last != "" && firstWord != "" {
		if !s.done {
			s.plain, s.done = decodeSource(s.raw), true
		}
		if gap, ok := s.find(max(len(prev)-len(last), 0), len(prev)+gapSlack, last, firstWord); ok {
			return gap
		}
	}
	switch {
	case full && !strings.Contains(prev, " "):
		return "" // a word too long for the row, cut
	case len(last) > 1 && last[len(last)-1] == '-':
		return "" // a hyphenated word broken after its hyphen
	}
	return " "
}

// find looks for a followed by b, adjacent (gap "") or apart, with
// blanks, a line break or a quote continuation between them, from skip
// bytes past the last find to size bytes further.
func (s *blockText) find(skip, size int, a, b string) (string, bool) {
	s.pos = min(s.pos+skip, len(s.plain))
	window := s.plain[s.pos:min(s.pos+size, len(s.plain))]
	for i := 0; i < len(window); {
		k := strings.Index(window[i:], a)
		if k < 0 {
			return "", false
		}
		j := i + k + len(a)
		rest := strings.TrimLeft(s.plain[s.pos+j:], " \t\n>")
		switch {
		case strings.HasPrefix(s.plain[s.pos+j:], b):
			s.pos += j
			return "", true
		case len(rest) < len(s.plain)-s.pos-j && strings.HasPrefix(rest, b):
			// Spaces within a line are kept as they are; a line break
			// (and the next line's indentation) renders as one.
			blank := s.plain[s.pos+j : len(s.plain)-len(rest)]
			s.pos += j
			if strings.Trim(blank, " ") != "" {
				return " ", true
			}
			return blank, true
		}
		i += k + 1
	}
	return "", false
}

// decodeSource is prepared text as the rows show it: styled-alphabet
// characters as their ASCII, placeholders as what they stand for.
func decodeSource(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	for i := 0; i < len(src); {
		if j := i + asciiRun(src[i:]); j > i {
			b.WriteString(src[i:j])
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(src[i:])
		i += n
		if g, ok := decodeGlyph(r); ok {
			b.WriteByte(g.c)
			continue
		}
		writeUnplaced(&b, r)
	}
	return b.String()
}

// asciiRun is the length of the ASCII text s starts with.
func asciiRun(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return len(s)
}
