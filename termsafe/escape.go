package termsafe

import (
	"strings"
	"unicode/utf8"
)

// Mode says how line breaks and tabs are treated (TERM-5).
type Mode uint8

const (
	// SingleLine escapes \n, \r and TAB too: table cells, headers, titles.
	SingleLine Mode = iota
	// MultiLine keeps \n and \r\n as line breaks, escapes a lone \r and
	// expands TAB to the next 8-column stop.
	MultiLine
)

// SegKind is the kind of one segment of escaped text.
type SegKind uint8

const (
	// Plain text, safe to print as is.
	Plain SegKind = iota
	// Escaped is one visible token span (\x1B]52;c;...\x07); drawn in the
	// reserved escape style.
	Escaped
	// Tab is the spaces a TAB expanded to (MultiLine).
	Tab
	// Break is a line break (MultiLine); Text is "\n".
	Break
)

// Segment is one run of escaped output.
type Segment struct {
	Text string
	Kind SegKind
	orig string // the input bytes this segment stands for
}

// Safe is escaped text: printable segments only, with escape spans marked.
// The zero value is empty text. A Safe is immutable; every method returns a
// new value, so pieces of one text can be shared freely.
type Safe struct {
	segs []Segment
	// eol is the line break (its original bytes) that ended this text when
	// it was cut out of a longer one by Lines or Wrap. It is not displayed,
	// but Unescape and Concat restore it, so splitting a text into lines
	// loses nothing.
	eol string
}

// Escape turns untrusted text into safe, visible text.
func Escape(u Untrusted, m Mode) Safe { return escapeString(u.text(), m) }

// Trusted builds Safe text from a string that originates in this binary
// (labels, messages). It is still escaped, so a mistake cannot leak controls.
func Trusted(s string, m Mode) Safe { return escapeString(s, m) }

// Unescape returns the exact input that Escape was given. For text cut by
// Truncate it is the kept prefix (the tail stands for no input).
func Unescape(s Safe) string {
	var b strings.Builder
	for _, g := range s.segs {
		b.WriteString(g.orig)
	}
	b.WriteString(s.eol)
	return b.String()
}

// maxMarks is how many combining marks may follow one base character
// (TERM-6). Real scripts need a few (Vietnamese two, Indic syllables up to
// about four); "Zalgo" text stacks hundreds, which terminals draw outside
// the cell and which would let data paint over neighbouring fields.
const maxMarks = 4

// tabStop is the TAB column interval (TERM-5).
const tabStop = 8

// spaces is sliced for Tab segments, so tabs cost no allocation.
const spaces = "        "

// escaper holds the state of one Escape call. It walks the input once,
// copying runs of harmless characters as Plain segments (substrings of the
// input, no copy) and emitting every dangerous code point or escape
// sequence as its own Escaped segment.
type escaper struct {
	s    string
	mode Mode
	segs []Segment
	// tok accumulates the text of all tokens; each token's Text is a slice
	// of it, so one call does a handful of allocations instead of one per
	// token. strings.Builder never rewrites bytes it has handed out.
	tok   strings.Builder
	run   int // start of the pending plain run, or -1
	marks int // combining marks since the last base character of the run
	// col is the display column (since the last Break) of the end of
	// segs[:colSeg]; it is brought up to date only when a TAB needs it.
	col, colSeg int
}

func escapeString(s string, m Mode) Safe {
	e := escaper{s: s, mode: m, run: -1}
	if m == MultiLine {
		// Most multi-line text is lines of plain text: two segments a line.
		e.segs = make([]Segment, 0, 2*strings.Count(s, "\n")+1)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isPrintableASCII(c):
			i = e.asciiRun(i)
		case c < utf8.RuneSelf:
			i = e.control(i)
		default:
			i = e.nonASCII(i)
		}
	}
	e.flush(len(s))
	return Safe{segs: e.segs}
}

func isPrintableASCII(c byte) bool { return c-0x20 < 0x5F }

// asciiRun is the fast path: printable ASCII is by far the most common
// input and never needs a decision beyond the byte test.
func (e *escaper) asciiRun(i int) int {
	if e.run < 0 {
		e.run = i
	}
	j := i + 1
	for j < len(e.s) && isPrintableASCII(e.s[j]) {
		j++
	}
	e.marks = 0
	return j
}

// control handles C0 and DEL: escape sequences, mode-dependent line
// breaks and tabs, and single-byte tokens for everything else.
func (e *escaper) control(i int) int {
	s, c := e.s, e.s[i]
	e.flush(i)
	multi := e.mode == MultiLine
	switch {
	case c == esc:
		return e.sequence(i)
	case multi && c == '\n':
		return e.lineBreak(i, i+1)
	case multi && c == '\r' && i+1 < len(s) && s[i+1] == '\n':
		return e.lineBreak(i, i+2)
	case multi && c == '\t':
		e.tab(i)
		return i + 1
	}
	e.byteToken(i)
	return i + 1
}

// nonASCII classifies one multi-byte code point or invalid byte.
func (e *escaper) nonASCII(i int) int {
	r, size := utf8.DecodeRuneInString(e.s[i:])
	switch {
	case r == utf8.RuneError && size == 1:
		e.flush(i)
		if sr, ok := surrogateAt(e.s, i); ok {
			e.surrogateToken(i, sr)
			return i + 3
		}
		e.byteToken(i)
		return i + 1
	case r < 0xA0: // C1: 8-bit sequence introducers or single controls
		e.flush(i)
		if k, _ := introducer(e.s, i); k != seqNone {
			return e.sequence(i)
		}
		e.runeToken(i, size)
	case needsToken(r):
		e.flush(i)
		e.runeToken(i, size)
	case e.run < 0 && startsMidCluster(r):
		// Nothing in this run to attach to: it would join the previous
		// token, the tab, or whatever the UI draws left of the text.
		e.runeToken(i, size)
	case isPresentationSelector(r) && i > 0 && e.s[i-1] < utf8.RuneSelf:
		// An ASCII character with U+FE0F is a two-cell emoji ("1️"), but
		// ansi.Wrap and Hardwrap, which lay out every pane, treat the
		// ASCII character alone and break before the selector: the line
		// came out a cell wider than measured, the next one started with
		// a bare selector. As a token the pair cannot be split.
		e.flush(i)
		e.runeToken(i, size)
	case isExtending(r):
		if e.marks++; e.marks > maxMarks {
			e.flush(i)
			e.runeToken(i, size)
		}
	default:
		if e.run < 0 {
			e.run = i
		}
		e.marks = 0
		if isSimpleWide(r) {
			return wideRun(e.s, i+size)
		}
	}
	return i + size
}

// wideRun skips Hangul syllables and CJK ideographs from i on: the fast
// path for Korean and Chinese text, which needs no decision either. It
// decodes only the 3-byte forms with lead bytes E4-ED, where they live.
func wideRun(s string, i int) int {
	for i+2 < len(s) {
		c0, c1, c2 := s[i], s[i+1], s[i+2]
		if c0 < 0xE4 || c0 > 0xED || c1&0xC0 != 0x80 || c2&0xC0 != 0x80 {
			break
		}
		if !isSimpleWide(rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)) {
			break
		}
		i += 3
	}
	return i
}

// flush ends the pending plain run at i. A trailing code point that would
// join the next grapheme cluster (Unicode "Prepend" letters) is escaped
// instead: the next thing is a token, a tab or another field, and joining
// would change widths and hide where the token begins.
func (e *escaper) flush(i int) {
	if e.run < 0 {
		return
	}
	end := i
	for end > e.run && e.s[end-1] >= utf8.RuneSelf {
		r, size := utf8.DecodeLastRuneInString(e.s[e.run:end])
		if !joinsNext(r) {
			break
		}
		end -= size
	}
	if end > e.run {
		e.add(Segment{Text: e.s[e.run:end], Kind: Plain, orig: e.s[e.run:end]})
	}
	for end < i {
		_, size := utf8.DecodeRuneInString(e.s[end:i])
		e.runeToken(end, size)
		end += size
	}
	e.run, e.marks = -1, 0
}

func (e *escaper) add(g Segment) { e.segs = append(e.segs, g) }

func (e *escaper) lineBreak(i, j int) int {
	e.add(Segment{Text: "\n", Kind: Break, orig: e.s[i:j]})
	e.col, e.colSeg = 0, len(e.segs)
	return j
}

// tab expands a TAB to the next stop, counted in display columns since the
// last break. Columns are summed lazily so text without tabs never pays for
// width computation.
func (e *escaper) tab(i int) {
	for ; e.colSeg < len(e.segs); e.colSeg++ {
		e.col += textWidth(e.segs[e.colSeg].Text)
	}
	n := tabStop - e.col%tabStop
	e.add(Segment{Text: spaces[:n], Kind: Tab, orig: e.s[i : i+1]})
}

// byteToken escapes the single byte at i as \xNN.
func (e *escaper) byteToken(i int) {
	mark := e.tok.Len()
	writeByteToken(&e.tok, e.s[i])
	e.addToken(mark, e.s[i:i+1])
}

// runeToken escapes the valid code point s[i:i+size] as \u{XXXX}.
func (e *escaper) runeToken(i, size int) {
	mark := e.tok.Len()
	r, _ := utf8.DecodeRuneInString(e.s[i : i+size])
	writeRuneToken(&e.tok, r)
	e.addToken(mark, e.s[i:i+size])
}

// surrogateAt decodes the three-byte encoding of a UTF-16 surrogate
// (U+D800-U+DFFF) at s[i]. It is not valid UTF-8, but it is how a lone
// "\ud83d" escape in JSON is kept (jsontree stores it so), and a \u{D83D}
// token says what the server sent far better than \xED\xA0\xBD.
func surrogateAt(s string, i int) (rune, bool) {
	if i+2 >= len(s) || s[i] != 0xED || s[i+1] < 0xA0 || s[i+1] > 0xBF || s[i+2]&0xC0 != 0x80 {
		return 0, false
	}
	return 0xD000 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), true
}

// surrogateToken escapes the surrogate encoding at s[i:i+3] as \u{XXXX}.
func (e *escaper) surrogateToken(i int, r rune) {
	mark := e.tok.Len()
	writeRuneToken(&e.tok, r)
	e.addToken(mark, e.s[i:i+3])
}

// sequence escapes the escape sequence starting at i as one span (TERM-4).
// A sequence longer than maxSeq is shown as several consecutive spans, so
// no single segment is unbounded.
func (e *escaper) sequence(i int) int {
	k, j := introducer(e.s, i)
	for start := i; ; start = j {
		var done bool
		j, done = scanBody(e.s, j, k, start+maxSeq)
		mark := e.tok.Len()
		writeSpan(&e.tok, e.s[start:j])
		e.addToken(mark, e.s[start:j])
		if done {
			return j
		}
	}
}

func (e *escaper) addToken(mark int, orig string) {
	e.add(Segment{Text: e.tok.String()[mark:], Kind: Escaped, orig: orig})
}
