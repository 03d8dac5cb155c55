package termsafe

import (
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width and the units that Truncate and Wrap may cut between.
//
// Widths follow ansi.StringWidth (grapheme clusters, East Asian wide = 2),
// which is what lipgloss uses to lay out the frame. Escape guarantees that
// no grapheme cluster spans two segments (see startsMidCluster and
// joinsNext), so the width of a text is the sum of its segments' widths
// and a cut between units never changes the width of what is kept.

// textWidth is ansi.StringWidth for text without escape sequences, with
// fast paths for ASCII and for Hangul/CJK text.
func textWidth(s string) int {
	w := 0
	for i := 0; i < len(s); {
		if isPrintableASCII(s[i]) && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
			w++
			i++
			continue
		}
		end, cw := nextCluster(s, i)
		w += cw
		i = end
	}
	return w
}

// nextCluster returns the end and width of the grapheme cluster at s[i].
func nextCluster(s string, i int) (end, width int) {
	c := s[i]
	if c < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
		if c == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			return i + 2, 0
		}
		if isPrintableASCII(c) {
			return i + 1, 1
		}
		return i + 1, 0
	}
	if r, size := utf8.DecodeRuneInString(s[i:]); isSimpleWide(r) {
		// A syllable or ideograph is a cluster on its own unless something
		// that extends it follows; ASCII and other such characters never do.
		j := i + size
		if j == len(s) || s[j] < utf8.RuneSelf {
			return j, 2
		}
		if next, _ := utf8.DecodeRuneInString(s[j:]); isSimpleWide(next) {
			return j, 2
		}
	}
	cluster, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
	return i + len(cluster), w
}

// unitClass says how Wrap may break around a unit.
type unitClass uint8

const (
	unitWord  unitClass = iota // part of a word: no break next to it
	unitSpace                  // an ASCII space: a break opportunity
	unitWide                   // a wide cluster (CJK): breaks allowed on both sides
	unitTab                    // a TAB: a break opportunity, width by column
	unitBreak                  // a line break
)

// unit is the smallest piece of a Safe that may be kept or moved on its
// own: a grapheme cluster of plain text, one token or literal character of
// an escape span, a tab, a break. It records the ranges of its segment's
// Text and orig that it covers, so cut text stays lossless.
type unit struct {
	seg    int // index of the segment
	ts, te int // range in the segment's Text
	os, oe int // range in the segment's orig
	w      int // display width
	class  unitClass
}

// units yields the units of s in order. Every byte of every segment's
// orig belongs to exactly one unit.
func (s Safe) units() iter.Seq[unit] {
	return func(yield func(unit) bool) {
		for k, g := range s.segs {
			if !segUnits(k, g, yield) {
				return
			}
		}
	}
}

func segUnits(k int, g Segment, yield func(unit) bool) bool {
	whole := unit{seg: k, te: len(g.Text), oe: len(g.orig)}
	switch {
	case g.Kind == Break:
		whole.class = unitBreak
		return yield(whole)
	case g.Kind == Tab:
		whole.w, whole.class = len(g.Text), unitTab
		return yield(whole)
	case g.Kind == Escaped:
		return escapedUnits(k, g, yield)
	case isVerbatim(g):
		return plainUnits(k, g, yield)
	}
	// Synthetic text (a Truncate tail) is indivisible.
	whole.w = textWidth(g.Text)
	return yield(whole)
}

// plainUnits yields the grapheme clusters of verbatim plain text, except
// that a run of ASCII letters, digits and punctuation is one unit: it is
// one word to Wrap, which splits it by bytes only when it is longer than a
// line. The run leaves out an ASCII character followed by non-ASCII,
// which may start a cluster with it (e + U+0301).
func plainUnits(k int, g Segment, yield func(unit) bool) bool {
	t := g.Text
	for i := 0; i < len(t); {
		end, w := asciiWord(t, i), 0
		class := unitWord
		if end > i {
			w = end - i
		} else {
			end, w = nextCluster(t, i)
			switch {
			case w == 2:
				class = unitWide
			case t[i] == ' ':
				class = unitSpace
			}
		}
		if !yield(unit{seg: k, ts: i, te: end, os: i, oe: end, w: w, class: class}) {
			return false
		}
		i = end
	}
	return true
}

// asciiWord returns the end of the run of printable ASCII other than space
// at t[i], or i if there is none.
func asciiWord(t string, i int) int {
	j := i
	for j < len(t) && t[j] != ' ' && isPrintableASCII(t[j]) {
		j++
	}
	if j < len(t) && j > i && t[j] >= utf8.RuneSelf {
		j--
	}
	return j
}

// escapedUnits splits an escape span into its tokens and literal
// characters. The input bytes of each are recovered from the token itself
// (\xNN is one byte, \u{...} one code point, a literal one byte); the last
// unit takes whatever is left, so even a span that was cut in the middle
// of a token by Wrap keeps all its input.
func escapedUnits(k int, g Segment, yield func(unit) bool) bool {
	t, os := g.Text, 0
	for i := 0; i < len(t); {
		end, n := tokenEnd(t, i)
		oe := min(os+n, len(g.orig))
		if end == len(t) {
			oe = len(g.orig)
		}
		if !yield(unit{seg: k, ts: i, te: end, os: os, oe: oe, w: end - i}) {
			return false
		}
		i, os = end, oe
	}
	return true
}

// tokenEnd returns the end of the token or literal character at t[i] and
// how many input bytes it stands for. Anything malformed (a fragment of a
// split token) extends to the end of the text.
func tokenEnd(t string, i int) (end, n int) {
	switch {
	case t[i] != '\\':
		return i + 1, 1
	case strings.HasPrefix(t[i:], `\x`) && i+4 <= len(t):
		return i + 4, 1
	case strings.HasPrefix(t[i:], `\u{`):
		if j := strings.IndexByte(t[i+3:], '}'); j > 0 {
			v, err := strconv.ParseUint(t[i+3:i+3+j], 16, 32)
			if r := rune(v); err == nil && utf8.ValidRune(r) {
				return i + 3 + j + 1, utf8.RuneLen(r)
			}
			if err == nil && v >= 0xD800 && v <= 0xDFFF {
				return i + 3 + j + 1, 3 // a surrogate's three-byte encoding
			}
		}
	}
	return len(t), len(t)
}
