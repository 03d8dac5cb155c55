package markdown

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Overlay SGR. Reverse video is reserved for escape tokens; glamour's dark
// and light styles never use it (TestStylesAvoidReverse), so data cannot
// look like an escape.
const (
	sgrReset  = "\x1b[m"
	sgrEscape = "\x1b[7m"
	sgrLink   = "\x1b[4m"
)

// lineWriter turns glamour's output into self-contained lines of at most
// width cells. It is the last step of every pipeline here:
//   - styled-alphabet characters become ASCII in escape (reverse video) or
//     link (underline, optionally OSC 8) style, re-applied after glamour's
//     own SGR, so interleaved styling cannot cancel them;
//   - each line ends with its styles reset and the next re-opens them, so
//     a line can be drawn next to other panes without bleeding;
//   - anything but SGR is escaped again: a third layer behind
//     termsafe.Marked and termsafe.FilterStyled;
//   - lines too wide for the pane (code, tables) are broken.
type lineWriter struct {
	width int
	uris  []string // clickable URI per link index, "" if not clickable
	lines []string

	cur   []byte
	curW  int
	trail int // start of trailing invisible spaces (and their SGR), -1 if none
	// trailPen is what was written before trail: after the spaces are
	// cut, that is the state the line must be closed from.
	trailPen pen
	trailW   int // curW at trail
	size     int // bytes in lines
	full     bool
	// backstop counts what this writer had to escape itself: anything but
	// SGR, controls, unsafe runes. After termsafe.FilterStyled it stays 0
	// (TestGlamourFilterRuns), so each guard is seen to work on its own.
	backstop int

	blankShows bool // spaces are visible in glamour's current style (background, underline…)
	// slow sends every byte through ansi.DecodeSequence, as chunk did
	// before its ASCII fast path: tests compare the two.
	slow bool

	carry   string // glamour SGR since its last reset: the style in force
	written string // the part of carry written on this line
	esc     bool   // escape style written
	link    int    // link whose style is written, -1 for none
	osc     bool   // an OSC 8 hyperlink is open

	// marks has one entry per line: the block marks seen on it (wraps.go).
	marks []rowMark
	mark  rowMark // the current line's
	open  bool    // inside a marked block
}

// maxOutput bounds the bytes of one result (FUZZ-2 allows 4 MiB); the
// rest is dropped with a note, the raw view shows everything.
const maxOutput = 4<<20 - 64<<10

func newLineWriter(width int, uris []string) *lineWriter {
	return &lineWriter{width: width, uris: uris, link: -1, trail: -1}
}

// write feeds styled text; it may be called several times.
func (w *lineWriter) write(s string) {
	for len(s) > 0 && !w.full {
		i := strings.IndexFunc(s, func(r rune) bool { return r == '\n' || isReserved(r) })
		if i < 0 {
			w.chunk(s)
			return
		}
		w.chunk(s[:i])
		r, n := utf8.DecodeRuneInString(s[i:])
		s = s[i+n:]
		switch g, ok := decodeGlyph(r); {
		case ok:
			w.grapheme(string(rune(g.c)), 1, g.esc, g.link)
		case r == '\n':
			w.finishLine()
		case r == phAmp: // only if a placeholder survived: show what it stands for
			w.grapheme("&", 1, false, -1)
		case r == phLt:
			w.grapheme("<", 1, false, -1)
		case r == phEll:
			w.grapheme("…", 1, false, -1)
		case r == phBegin:
			w.mark.begins++
			w.mark.prefix, w.open = w.curW, true
		case r == phEnd:
			w.open = false
		}
	}
}

// chunk handles text without newlines or reserved runes.
func (w *lineWriter) chunk(s string) {
	var state byte
	first := true
	for len(s) > 0 {
		if n := graphemeRun(s); n > 0 && state == ansi.NormalState && !w.slow {
			for i := range n {
				w.grapheme(s[i:i+1], 1, false, -1)
			}
			s, first = s[n:], false
			continue
		}
		seq, width, n, st := ansi.DecodeSequence(s, state, nil)
		if n <= 0 {
			seq, width, n, st = s[:1], 0, 1, ansi.NormalState
		}
		state, s = st, s[n:]
		switch {
		case isSGR(seq):
			w.sgr(seq)
			continue
		case width == 0 && (seq[0] < 0x20 || seq[0] == 0x7f || seq[0] >= 0x80 && seq[0] < 0xc0):
			w.backstop++
			w.escapeText(seq) // control byte or non-SGR sequence
		case !safeGrapheme(seq):
			w.backstop++
			w.escapeText(seq)
		default:
			if first && width == 0 && w.curW > 0 {
				// A combining mark or variation selector cut off from its
				// base by a style change may still widen it ("x\uFE0F" is
				// two cells): count it, so lines can only be too short.
				width = 1
			}
			w.grapheme(seq, width, false, -1)
		}
		first = false
	}
}

// graphemeRun is the length of the printable ASCII that starts s, each byte
// a grapheme of one cell: the last byte before a non-ASCII one is left
// out, since a combining mark or joiner may extend it.
func graphemeRun(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
			return max(i-1, 0)
		case c < 0x20 || c == 0x7f:
			return i
		}
	}
	return len(s)
}

// escapeText shows s, which the earlier layers should never have let
// through, as escape tokens via termsafe. Runes termsafe leaves alone but
// this writer rejects get a local token, so this cannot recurse.
func (w *lineWriter) escapeText(s string) {
	for _, seg := range termsafe.Escape(termsafe.Wrap(s), termsafe.SingleLine).Segments() {
		if seg.Kind == termsafe.Escaped {
			w.escaped(seg.Text)
			continue
		}
		for _, r := range seg.Text {
			if unsafeRune(r) {
				w.escaped(fmt.Sprintf(`\u{%04X}`, r))
			} else {
				g := string(r)
				w.grapheme(g, ansi.StringWidth(g), false, -1)
			}
		}
	}
}

// escaped writes an ASCII token in escape style.
func (w *lineWriter) escaped(tok string) {
	for i := 0; i < len(tok); i++ {
		w.grapheme(tok[i:i+1], 1, true, -1)
	}
}

// sgr records glamour's style; it is written lazily before the next
// visible grapheme, so runs of resets and re-sets collapse.
func (w *lineWriter) sgr(seq string) {
	params := seq[2 : len(seq)-1]
	first, _, _ := strings.Cut(params, ";")
	if strings.Trim(first, "0") == "" { // a reset, possibly followed by more
		w.carry = ""
		if strings.Contains(params, ";") {
			w.carry = seq
		}
		w.blankShows = visibleBlank(w.carry)
		return
	}
	w.carry += seq
	w.blankShows = visibleBlank(w.carry)
	if len(w.carry) > 512 { // no real style needs this; keep the newest part
		if i := strings.Index(w.carry[len(w.carry)-256:], "\x1b["); i >= 0 {
			w.carry = sgrReset + w.carry[len(w.carry)-256+i:]
		}
	}
}

// grapheme writes one printable grapheme of the given cell width.
func (w *lineWriter) grapheme(g string, width int, esc bool, link int) {
	if w.full {
		return
	}
	if w.curW+width > w.width && w.curW > 0 {
		gap := 0
		if w.trail >= 0 {
			gap = w.curW - w.trailW
		}
		w.finishLine() // too wide: styles continue on the next line
		w.mark.cut, w.mark.cutGap = true, gap
	}
	trimmable := g == " " && !esc && link < 0 && !w.blankShows
	if trimmable && w.trail < 0 {
		w.trail, w.trailPen, w.trailW = len(w.cur), w.pen(), w.curW
	}
	w.style(esc, link)
	w.out(g)
	w.curW += width
	if !trimmable {
		w.trail = -1
	}
}

func (w *lineWriter) out(s string) { w.cur = append(w.cur, s...) }

// style brings the written style up to date with glamour's style and the
// overlay the next grapheme needs.
func (w *lineWriter) style(esc bool, link int) {
	uri := ""
	if link >= 0 && link < len(w.uris) {
		uri = w.uris[link]
	}
	if w.osc && (link != w.link || uri == "") {
		w.out(ansi.ResetHyperlink())
		w.osc = false
	}
	stale := w.carry != w.written
	switch {
	case (w.esc && !esc) || (w.link >= 0 && link < 0):
		w.out(sgrReset) // drop the overlay, then re-apply glamour's style
		w.out(w.carry)
		w.esc, w.link = false, -1
	case stale && w.written != "" && strings.HasPrefix(w.carry, w.written):
		w.out(w.carry[len(w.written):])
	case stale:
		if w.written != "" || w.esc || w.link >= 0 {
			w.out(sgrReset)
		}
		w.out(w.carry)
		w.esc, w.link = false, -1
	}
	w.written = w.carry
	// Re-assert the overlay after any glamour SGR, which may have reset it.
	if esc && (!w.esc || stale) {
		w.out(sgrEscape)
	}
	if link >= 0 && (w.link < 0 || stale) {
		w.out(sgrLink)
	}
	w.esc, w.link = esc, link
	if uri != "" && !w.osc {
		w.out(ansi.SetHyperlink(uri))
		w.osc = true
	}
}

// pen is the state the terminal is left in by what was written so far.
type pen struct {
	sgr bool // any SGR in force
	osc bool // a hyperlink open
}

func (w *lineWriter) pen() pen {
	return pen{sgr: w.written != "" || w.esc || w.link >= 0, osc: w.osc}
}

func (w *lineWriter) finishLine() {
	p := w.pen()
	if w.trail >= 0 {
		// glamour pads every line to the full width; invisible padding
		// only costs bytes.
		w.cur, p = w.cur[:w.trail], w.trailPen
	}
	if p.osc {
		w.out(ansi.ResetHyperlink())
	}
	if p.sgr {
		w.out(sgrReset)
	}
	w.lines = append(w.lines, string(w.cur))
	w.mark.cells = w.curW
	if w.trail >= 0 {
		w.mark.cells = w.trailW // the padding is cut
	}
	w.marks = append(w.marks, w.mark)
	w.mark = rowMark{open: w.open}
	w.size += len(w.cur) + 1
	w.full = w.size > maxOutput
	w.cur = w.cur[:0]
	w.curW, w.trail, w.osc = 0, -1, false
	w.written, w.esc, w.link = "", false, -1
}

// result flushes the last line and returns all lines.
func (w *lineWriter) result() []string {
	if len(w.cur) > 0 {
		w.finishLine()
	}
	return w.lines
}

// isSGR reports whether seq is CSI [0-9;:]* m, the only sequence that may
// reach the terminal from rendered comments (TERM-8).
func isSGR(seq string) bool {
	if len(seq) < 3 || seq[0] != 0x1b || seq[1] != '[' || seq[len(seq)-1] != 'm' {
		return false
	}
	for i := 2; i < len(seq)-1; i++ {
		if c := seq[i]; (c < '0' || c > '9') && c != ';' && c != ':' {
			return false
		}
	}
	return true
}

func safeGrapheme(g string) bool {
	for i := 0; i < len(g); {
		r, n := utf8.DecodeRuneInString(g[i:])
		if (r == utf8.RuneError && n == 1) || unsafeRune(r) {
			return false
		}
		i += n
	}
	return true
}

// unsafeRune mirrors the dangerous set of SECURITY.md §1.2 for text that
// glamour produced. It is a backstop only: termsafe has already escaped
// these in the data.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Co, unicode.Cs)
}

// visibleBlank reports whether a space drawn in the SGR style carry can be
// seen: a background, reverse, underline, strike or overline.
func visibleBlank(carry string) bool {
	for _, seq := range strings.Split(carry, "\x1b[") {
		params := strings.Split(strings.TrimSuffix(seq, "m"), ";")
		for i := 0; i < len(params); i++ {
			p, _, _ := strings.Cut(params[i], ":")
			switch n, _ := strconv.Atoi(p); {
			case n == 38 || n == 58: // foreground/underline colour: skip its arguments
				if i+1 < len(params) && params[i+1] == "5" {
					i += 2
				} else if i+1 < len(params) && params[i+1] == "2" {
					i += 4
				}
			case n == 4 || n == 7 || n == 9 || n == 21 || n == 48 || n == 53,
				n >= 40 && n <= 47, n >= 100 && n <= 107:
				return true
			}
		}
	}
	return false
}
