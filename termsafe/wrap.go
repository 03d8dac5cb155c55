package termsafe

import "unicode/utf8"

// Truncate and Wrap cut Safe text to a width without ever cutting inside
// a grapheme cluster, and without losing the input bytes of what they keep.

// Truncate cuts s to at most width columns including tail (usually "…").
// Text that fits and has no line break is returned unchanged. Otherwise
// whole units are kept while they fit: an escape token that does not fit
// is dropped as a whole, never shown half. A line break ends the kept
// text, so a multi-line value in a cell shows its first line and the tail.
// The tail is trusted chrome: it is escaped like Trusted text and stands
// for no input, so Unescape of the result is a prefix of the input. If the
// tail alone is wider than width it is left out.
func (s Safe) Truncate(width int, tail string) Safe {
	if !s.hasBreak() && s.Width() <= width {
		return s
	}
	if width <= 0 {
		return Safe{}
	}
	t := Trusted(tail, SingleLine).Plain()
	tw := textWidth(t)
	if tw > width {
		t, tw = "", 0
	}
	var l lineBuf
	for u := range s.units() {
		if u.class == unitBreak {
			break
		}
		if room := width - tw - l.w; u.w > room {
			if g := s.segs[u.seg]; isVerbatim(g) && isASCII(g.Text[u.ts:u.te]) {
				// An ASCII word: keep the characters that fit.
				l.add(unit{seg: u.seg, ts: u.ts, te: u.ts + room, os: u.os, oe: u.os + room, w: room})
			}
			break
		}
		l.add(u)
	}
	out := l.safe(s.segs)
	if t != "" {
		out.segs = append(out.segs, Segment{Text: t, Kind: Plain})
	}
	return out
}

func (s Safe) hasBreak() bool {
	for _, g := range s.segs {
		if g.Kind == Break {
			return true
		}
	}
	return false
}

// Wrap word-wraps s into lines of at most width columns. Breaks in s start
// new lines; lines break at spaces and tabs and between wide (CJK)
// characters; a word or escape span longer than a line is broken
// wherever the line is full, between grapheme clusters, and a token
// longer than a whole line between its characters. Spaces are kept (at the
// end of a line when they fit, else at the start of the next) and tabs are
// re-expanded to 8-column stops of the wrapped line, so
// Unescape(Concat(s.Wrap(w)...)) == Unescape(s). The one case that cannot
// fit is a wide character when width is 1: it gets a line of its own.
func (s Safe) Wrap(width int) []Safe {
	w := wrapper{width: max(width, 1), src: s.segs}
	for u := range s.units() {
		if u.class == unitBreak {
			w.endLine(s.segs[u.seg].orig)
			continue
		}
		w.unit(u)
	}
	w.endLine(s.eol)
	return w.out
}

// wrapper is the state of greedy word wrapping. The pending word holds
// units between break opportunities; the invariant line.w+word.w <= width
// holds after every step.
type wrapper struct {
	width int
	src   []Segment
	line  lineBuf
	word  lineBuf
	out   []Safe
}

// endLine ends a line of the input; eol is the break that ended it.
func (w *wrapper) endLine(eol string) {
	w.placeWord()
	w.emit()
	w.out[len(w.out)-1].eol = eol
}

func (w *wrapper) unit(u unit) {
	switch u.class {
	case unitSpace:
		w.placeWord()
		if w.line.w+u.w > w.width {
			w.emit()
		}
		w.line.add(u)
	case unitTab:
		w.placeWord()
		w.tab(u)
	case unitWide:
		w.placeWord()
		if w.line.w > 0 && w.line.w+u.w > w.width {
			w.emit()
		}
		w.line.add(u)
	default:
		w.wordUnit(u)
	}
}

func (w *wrapper) wordUnit(u unit) {
	switch {
	case u.w > w.width:
		// Longer than a line: the word starts on a new line and breaks
		// wherever lines are full.
		if w.line.w > 0 {
			w.emit()
		}
		w.placeWord()
		w.hardSplit(u)
	case w.line.w+w.word.w+u.w <= w.width:
		w.word.add(u)
	case w.line.w > 0 && w.word.w+u.w <= w.width:
		w.emit() // the word moves to the next line
		w.word.add(u)
	default:
		w.placeWord() // longer than a line: break it where the line is full
		w.emit()
		w.word.add(u)
	}
}

// tab re-expands a TAB for its column in the wrapped line. A tab that
// would pass the right edge is clipped to it: it is trailing white space.
func (w *wrapper) tab(u unit) {
	n := tabStop - w.line.w%tabStop
	if w.line.w+n > w.width {
		n = w.width - w.line.w
		if n <= 0 {
			w.emit()
			n = min(tabStop, w.width)
		}
	}
	w.line.addPiece(piece{seg: u.seg, ts: u.ts, te: u.te, os: u.os, oe: u.oe, text: spaces[:n]}, n)
}

// hardSplit breaks one unit wider than the whole line: a long ASCII word,
// a long token (at narrow widths) or a malformed span fragment. Such units
// are ASCII, so it splits between bytes; of an escape token, the first
// piece carries the input bytes. The last piece stays in the pending word,
// since the word may go on.
func (w *wrapper) hardSplit(u unit) {
	g := w.src[u.seg]
	if !isASCII(g.Text[u.ts:u.te]) {
		if w.line.w > 0 {
			w.emit()
		}
		w.line.add(u)
		return
	}
	for ts := u.ts; ts < u.te; {
		room := w.width - w.line.w
		if room <= 0 {
			w.emit()
			room = w.width
		}
		te := min(ts+room, u.te)
		p := piece{seg: u.seg, ts: ts, te: te, os: u.oe, oe: u.oe}
		switch {
		case isVerbatim(g):
			p.os, p.oe = ts, te
		case ts == u.ts:
			p.os = u.os
		}
		if te == u.te {
			w.word.addPiece(p, te-ts)
			return
		}
		w.line.addPiece(p, te-ts)
		w.emit()
		ts = te
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (w *wrapper) placeWord() {
	for _, p := range w.word.pieces {
		w.line.addPiece(p, 0)
	}
	w.line.w += w.word.w
	w.word = lineBuf{pieces: w.word.pieces[:0]}
}

func (w *wrapper) emit() {
	w.out = append(w.out, w.line.safe(w.src))
	w.line = lineBuf{pieces: w.line.pieces[:0]}
}

// piece is the part of one source segment that a result keeps.
type piece struct {
	seg            int
	ts, te, os, oe int
	text           string // replaces the source text: a re-expanded tab
}

// lineBuf collects pieces, merging contiguous parts of one segment.
type lineBuf struct {
	pieces []piece
	w      int
}

func (l *lineBuf) add(u unit) {
	l.addPiece(piece{seg: u.seg, ts: u.ts, te: u.te, os: u.os, oe: u.oe}, u.w)
}

func (l *lineBuf) addPiece(p piece, w int) {
	l.w += w
	if n := len(l.pieces); n > 0 && p.text == "" {
		last := &l.pieces[n-1]
		if last.text == "" && last.seg == p.seg && last.te == p.ts && last.oe == p.os {
			last.te, last.oe = p.te, p.oe
			return
		}
	}
	l.pieces = append(l.pieces, p)
}

func (l *lineBuf) safe(src []Segment) Safe {
	var b joiner
	for _, p := range l.pieces {
		g := src[p.seg]
		text := g.Text[p.ts:p.te]
		if p.text != "" {
			text = p.text
		}
		b.add(Segment{Text: text, Kind: g.Kind, orig: g.orig[p.os:p.oe]})
	}
	return Safe{segs: b.finish()}
}
