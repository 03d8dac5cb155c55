package markdown

import (
	"strings"
	"unicode/utf8"
)

// MD-2 limits. glamour's cost grows super-linearly with container depth
// (">"×80 took 58 s and produced 71 MB with v2.0.1), so the raw text is
// bounded before anything else looks at it.
const (
	// MaxSourceBytes is the part of a comment that is rendered as Markdown;
	// the rest is only reachable through the raw view.
	MaxSourceBytes = 256 << 10
	// MaxNesting is the deepest block-quote/list nesting that is rendered as
	// structure. Deeper markers are shown as literal text.
	MaxNesting = 16
)

// truncate cuts s to MaxSourceBytes, moving the cut back to a rune start
// so a valid character is not split into escape tokens.
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

// container is one open block-quote or list item while scanning lines.
type container struct {
	quote   bool
	content int // column where a list item's content starts
}

// capNesting makes every block-quote or list marker beyond MaxNesting
// literal by putting a Markdown backslash escape in front of it. It is a
// line scanner approximating CommonMark's container rules; the AST check in
// flattenDeep is the backstop for the cases it gets wrong.
func capNesting(s string) string {
	s0 := s
	var (
		b        strings.Builder
		stack    []container
		fence    byte // '`' or '~' while inside a fenced code block
		fenceLen int
		fenceAt  int // containers open when the fence started
		prevText bool
		changed  bool
	)
	b.Grow(len(s) + 16)
	for len(s) > 0 {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i+1], s[i+1:]
		} else {
			s = ""
		}
		ln := lineScan{line: line}
		matched := ln.matchOpen(stack)
		if fence != 0 {
			if matched >= fenceAt {
				if ln.closesFence(fence, fenceLen) {
					fence = 0
				}
				b.WriteString(line)
				continue
			}
			fence = 0 // a container ended, and the fence with it
		}
		blank := ln.blank()
		opened, esc := ln.openNew(matched)
		switch {
		case len(opened) > 0 || blank || !prevText:
			stack = append(stack[:matched], opened...)
		default:
			// Lazy continuation: a paragraph line keeps its containers.
		}
		if esc >= 0 {
			b.WriteString(line[:esc])
			b.WriteByte('\\')
			b.WriteString(line[esc:])
			changed = true
		} else {
			b.WriteString(line)
		}
		if c, n := ln.fenceOpen(); n > 0 && esc < 0 {
			fence, fenceLen, fenceAt = c, n, len(stack)
		}
		prevText = !blank
	}
	if !changed {
		return s0
	}
	return b.String()
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

// spaces counts the columns of white space at the cursor without moving.
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

func (l *lineScan) blank() bool {
	return strings.TrimSpace(l.line[l.i:]) == ""
}

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
// and the byte offset where a backslash must go to make the first marker
// beyond MaxNesting literal (-1 if none).
func (l *lineScan) openNew(depth int) ([]container, int) {
	var opened []container
	for {
		cols, nb := l.spaces()
		if cols > 3 {
			return opened, -1 // indented code, not a marker
		}
		at := l.i + nb
		c := l.peek(nb)
		var next container
		var markerEnd, escAt int
		switch {
		case c == '>':
			next, markerEnd, escAt = container{quote: true}, nb+1, at
		case (c == '-' || c == '*' || c == '+') && isSpaceOrEOL(l.peek(nb+1)) && !thematicBreak(l.line[at:]):
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
		if depth+len(opened)+1 > MaxNesting {
			return opened, escAt
		}
		l.advance(markerEnd)
		if !next.quote {
			// Content starts after 1-4 spaces; 5+ means indented code
			// inside the item, which starts one column after the marker.
			cols, nb := l.spaces()
			switch {
			case nb == len(l.line)-l.i || l.blank():
				next.content = l.col + 1
			case cols > 4:
				next.content = l.col + 1
				l.advance(1)
			default:
				next.content = l.col + cols
				l.advance(nb)
			}
		} else if b := l.peek(0); b == ' ' || b == '\t' {
			l.advance(1)
		}
		opened = append(opened, next)
	}
}

// fenceOpen reports a code fence starting at the cursor.
func (l *lineScan) fenceOpen() (byte, int) {
	cols, nb := l.spaces()
	if cols > 3 {
		return 0, 0
	}
	rest := l.line[l.i+nb:]
	c := byte(0)
	if len(rest) > 0 {
		c = rest[0]
	}
	if c != '`' && c != '~' {
		return 0, 0
	}
	n := 0
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

// thematicBreak reports whether s (from a '-', '*' or '_') is a line such
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
