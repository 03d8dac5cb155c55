package markdown

import (
	"strings"
	"unicode/utf8"
)

// MD-2 limits, applied to the raw text before anything parses it. glamour
// v2.0.1 took 58 s and produced 71 MB for ">"×80, and goldmark's inline
// parser is quadratic in the number of unmatched delimiters of one
// paragraph ("*a_"×80 000 takes seconds), so both are bounded here.
const (
	// MaxSourceBytes is the part of a comment that is rendered as Markdown;
	// the rest is only reachable through the raw view.
	MaxSourceBytes = 256 << 10
	// MaxNesting is the deepest block-quote/list nesting rendered as
	// structure; deeper markers are shown as literal text. Narrow panes get
	// less (nestingLimit), because glamour's cost explodes once the nested
	// text has no width left.
	MaxNesting = 16
	// maxDelims is how many emphasis, strikethrough, code and link
	// delimiters one block may use; later ones are made literal.
	maxDelims = 500
)

// truncate cuts s to MaxSourceBytes without splitting a valid character
// into escape tokens.
func truncate(s string) (head string, rest int) {
	if len(s) <= MaxSourceBytes {
		return s, 0
	}
	cut := MaxSourceBytes
	for start := cut - 1; start >= 0 && start > cut-utf8.UTFMax; start-- {
		if !utf8.RuneStart(s[start]) {
			continue
		}
		if r, n := utf8.DecodeRuneInString(s[start:]); r != utf8.RuneError && start+n > cut {
			cut = start
		}
		break
	}
	return s[:cut], len(s) - cut
}

// nestingLimit keeps at least ~10 columns for the innermost text: each
// level costs glamour up to two columns, plus four for the page margin.
func nestingLimit(width int) int {
	return min(MaxNesting, max(2, (width-14)/2))
}

// bound applies the MD-2 caps to raw text by inserting Markdown backslash
// escapes, so the extra markers and delimiters show as the literal
// characters they are. It is a line scanner approximating CommonMark's
// container rules; the AST checks in glamour.go back it up.
func bound(s string, depth int) string {
	var (
		b      strings.Builder
		sc     blockScan
		stack  []container
		delims int // delimiters seen in the current block
	)
	b.Grow(len(s) + len(s)/16)
	for len(s) > 0 {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i+1], s[i+1:]
		} else {
			s = ""
		}
		ln := lineScan{line: line}
		matched := ln.matchOpen(stack)
		if sc.fence != 0 {
			if matched >= sc.fenceAt {
				if ln.closesFence(sc.fence, sc.fenceLen) {
					sc.fence = 0
				}
				b.WriteString(line)
				continue
			}
			sc.fence = 0 // a container ended, and the fence with it
		}
		blank := ln.blank()
		if cols, _ := ln.spaces(); cols >= 4 && !sc.para && !blank && matched == len(stack) {
			b.WriteString(line) // indented code: nothing to bound
			continue
		}
		opened, esc := ln.openNew(matched, depth)
		if len(opened) > 0 || blank || !sc.para {
			stack = append(stack[:matched], opened...)
		} // else: a lazy continuation line keeps its containers
		if len(opened) > 0 || blank {
			delims = 0
		}
		if esc >= 0 {
			// The first marker too deep becomes literal; the rest of the
			// line is then paragraph text.
			b.WriteString(line[:esc])
			b.WriteByte('\\')
			b.WriteByte(line[esc])
			ln.i = esc + 1
		} else if c, n := ln.fenceOpen(); n > 0 {
			sc.fence, sc.fenceLen, sc.fenceAt = c, n, len(stack)
			sc.para, delims = false, 0
			b.WriteString(line)
			continue
		} else {
			b.WriteString(line[:ln.i])
		}
		delims = capDelims(&b, line[ln.i:], delims)
		sc.para = !blank
	}
	return b.String()
}

// blockScan is the leaf-block state carried between lines.
type blockScan struct {
	fence    byte // '`' or '~' while inside a fenced code block
	fenceLen int
	fenceAt  int  // containers open when the fence started
	para     bool // the previous line was paragraph text
}

// capDelims copies text, escaping delimiters beyond maxDelims.
func capDelims(b *strings.Builder, text string, n int) int {
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '\\':
			if i+1 < len(text) && isASCIIPunct(text[i+1]) {
				b.WriteByte(c)
				i++
				c = text[i] // already escaped: copied as is
			}
		case '*', '_', '~', '`', '[':
			if n++; n > maxDelims {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return n
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// container is one open block quote or list item while scanning lines.
type container struct {
	quote   bool
	content int // column where a list item's content starts
}

// lineScan walks one raw line, tracking byte offset and visual column.
type lineScan struct {
	line string
	i    int
	col  int
}

func (l *lineScan) peek(k int) byte {
	if l.i+k < len(l.line) {
		return l.line[l.i+k]
	}
	return '\n'
}

// spaces counts the columns and bytes of white space at the cursor.
func (l *lineScan) spaces() (cols, bytes int) {
	col := l.col
	for j := l.i; j < len(l.line); j++ {
		switch l.line[j] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col - l.col, j - l.i
		}
	}
	return col - l.col, len(l.line) - l.i
}

func (l *lineScan) advance(n int) {
	for ; n > 0 && l.i < len(l.line); n-- {
		if l.line[l.i] == '\t' {
			l.col += 4 - l.col%4
		} else {
			l.col++
		}
		l.i++
	}
}

func (l *lineScan) blank() bool { return strings.TrimSpace(l.line[l.i:]) == "" }

// matchOpen consumes the markers and indentation of containers that stay
// open on this line and returns how many matched.
func (l *lineScan) matchOpen(stack []container) int {
	for n, c := range stack {
		cols, nb := l.spaces()
		switch {
		case c.quote:
			if cols > 3 || l.peek(nb) != '>' {
				return n
			}
			l.advance(nb + 1)
			if b := l.peek(0); b == ' ' || b == '\t' {
				l.advance(1)
			}
		case l.blank():
			// blank lines keep list items open
		case l.col+cols >= c.content:
			for l.col < c.content {
				l.advance(1)
			}
		default:
			return n
		}
	}
	return len(stack)
}

// openNew reads new container markers. It returns the containers opened
// and the byte offset where a backslash makes the first marker beyond
// limit literal (-1 if none).
func (l *lineScan) openNew(depth, limit int) ([]container, int) {
	var opened []container
	for {
		cols, nb := l.spaces()
		if cols > 3 {
			return opened, -1 // indented code, not a marker
		}
		at := l.i + nb
		var next container
		var markerEnd, escAt int
		switch c := l.peek(nb); {
		case c == '>':
			next, markerEnd, escAt = container{quote: true}, nb+1, at
		case (c == '-' || c == '*' || c == '+') && isSpaceOrEOL(l.peek(nb+1)) && (c == '+' || !thematicBreak(l.line[at:])):
			markerEnd, escAt = nb+1, at
		case c >= '0' && c <= '9':
			d := nb
			for d-nb < 9 && l.peek(d) >= '0' && l.peek(d) <= '9' {
				d++
			}
			if p := l.peek(d); (p != '.' && p != ')') || !isSpaceOrEOL(l.peek(d+1)) {
				return opened, -1
			}
			markerEnd, escAt = d+1, l.i+d
		default:
			return opened, -1
		}
		if depth+len(opened)+1 > limit {
			return opened, escAt
		}
		l.advance(markerEnd)
		if next.quote {
			if b := l.peek(0); b == ' ' || b == '\t' {
				l.advance(1)
			}
		} else {
			// Content starts after 1-4 spaces; 5 or more means indented
			// code inside the item, which starts one column after the marker.
			cols, nb := l.spaces()
			switch {
			case l.blank():
				next.content = l.col + 1
			case cols > 4:
				next.content = l.col + 1
				l.advance(1)
			default:
				next.content = l.col + cols
				l.advance(nb)
			}
		}
		opened = append(opened, next)
	}
}

// fenceOpen reports a code fence starting at the cursor.
func (l *lineScan) fenceOpen() (byte, int) {
	cols, nb := l.spaces()
	rest := l.line[l.i+nb:]
	if cols > 3 || rest == "" || (rest[0] != '`' && rest[0] != '~') {
		return 0, 0
	}
	c, n := rest[0], 0
	for n < len(rest) && rest[n] == c {
		n++
	}
	if n < 3 || (c == '`' && strings.IndexByte(rest[n:], '`') >= 0) {
		return 0, 0
	}
	return c, n
}

func (l *lineScan) closesFence(c byte, n int) bool {
	cols, nb := l.spaces()
	if cols > 3 {
		return false
	}
	rest := l.line[l.i+nb:]
	k := 0
	for k < len(rest) && rest[k] == c {
		k++
	}
	return k >= n && strings.TrimSpace(rest[k:]) == ""
}

func isSpaceOrEOL(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// thematicBreak reports whether s (from a '-', '*' or '_') is a rule such
// as "- - -", which CommonMark reads as a rule, not as nested list items.
func thematicBreak(s string) bool {
	c, n := s[0], 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case c:
			n++
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return n >= 3
}
