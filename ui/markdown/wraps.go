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
// and text block of doc. It runs last, after every rewrite of the tree.
func markBlocks(doc ast.Node, ex *extraSource) {
	begin, end := ex.text(markBegin).Segment, ex.text(markEnd).Segment
	var blocks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.HasChildren() && (n.Kind() == ast.KindParagraph || n.Kind() == ast.KindTextBlock) {
			blocks = append(blocks, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks { // not during the walk: inserting confuses it
		if c := b.FirstChild(); c.Kind() == astext.KindTaskCheckBox {
			// glamour looks for the box as the first child, to draw it
			// instead of the bullet.
			b.InsertAfter(b, c, ast.NewTextSegment(begin))
		} else {
			b.InsertBefore(b, c, ast.NewTextSegment(begin))
		}
		b.AppendChild(b, ast.NewTextSegment(end))
	}
}

// rowMark is what the line writer saw of the marks on one row.
type rowMark struct {
	begin  bool // a block starts on this row
	prefix int  // cells before the block start: the row's layout
	open   bool // a block was open when the row started
	cut    bool // the writer broke the row before this one (too wide)
	cutGap int  // spaces the writer dropped at that break
}

// wraps turns the row marks of lines (the writer's lines from first on)
// into Wraps. src is the prepared source, used to tell whether a word
// wrap consumed a space; width is the wrap width.
func (w *lineWriter) wraps(lines []string, first int, src string, width int) []Wrap {
	if first+len(lines) > len(w.marks) {
		return nil
	}
	marks := w.marks[first : first+len(lines)]
	var (
		wraps  []Wrap
		layout []string // the graphemes before the current block's start
		plain  *sourceText
	)
	for i, mk := range marks {
		switch {
		case mk.begin:
			layout = graphemes(ansi.Strip(lines[i]), mk.prefix)
			continue
		case i == 0:
			continue
		case mk.cut:
			// The writer's own break: no layout, the spaces it dropped.
		case !mk.open || strings.TrimSpace(ansi.Strip(lines[i])) == "":
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
		if plain == nil {
			plain = &sourceText{src: src}
		}
		prev := ansi.Strip(lines[i-1])
		if wraps[i-1].Cont {
			prev = ansi.Strip(lines[i-1][wraps[i-1].Indent:])
		} else if marks[i-1].begin {
			prev = ansi.Strip(lines[i-1])
			prev = prev[min(len(strings.Join(layout, "")), len(prev)):]
		}
		next := ansi.Strip(lines[i][indent:])
		wraps[i] = Wrap{Cont: true, Indent: indent, Gap: plain.gap(prev, next, ansi.StringWidth(ansi.Strip(lines[i-1])) >= width-pageMargin)}
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

// sourceText answers, for a word wrap, whether the text had a space
// where the row broke, by finding the words on either side in the
// source.
type sourceText struct {
	src   string
	plain string
	done  bool
}

// gap is the text a wrap consumed between prev and next (two rows'
// text). A break inside a word (a word longer than the row, or after a
// hyphen or other break point) consumes nothing; a break at spaces
// consumes them (one, as Markdown renders them). full says prev filled
// its row. The source decides when the two words are found in it
// adjacent or apart, the shape of the rows otherwise.
func (s *sourceText) gap(prev, next string, full bool) string {
	prev = strings.TrimRight(prev, " ")
	last := prev[strings.LastIndexByte(prev, ' ')+1:]
	firstWord, _, _ := strings.Cut(next, " ")
	if last != "" && firstWord != "" {
		if !s.done {
			s.plain, s.done = decodeSource(s.src), true
		}
		joined := strings.Contains(s.plain, last+firstWord)
		apart := containsApart(s.plain, last, firstWord)
		switch {
		case apart:
			return " "
		case joined:
			return ""
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

// containsApart reports whether a and b occur in s separated by blanks
// or a line break (with a continuation's quote markers).
func containsApart(s, a, b string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], a)
		if k < 0 {
			return false
		}
		j := i + k + len(a)
		rest := strings.TrimLeft(s[j:], " \t\n>")
		if len(rest) < len(s)-j && strings.HasPrefix(rest, b) {
			return true
		}
		i = i + k + 1
	}
}

// decodeSource is prepared text as the rows show it: styled-alphabet
// characters as their ASCII, placeholders as what they stand for.
func decodeSource(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	for i := 0; i < len(src); {
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
