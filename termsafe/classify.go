package termsafe

import (
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Code point classes. Everything here answers one question: may this code
// point reach the terminal as itself? The answers follow the dangerous set
// of SECURITY.md §1.2; the comments say why each class is in it.

// dangerous are the Unicode categories that are escaped wherever they
// occur: format characters (bidi overrides, zero-width characters, tags)
// reorder or hide text (Trojan Source); line and paragraph separators
// break lines in some terminals and not in others; private use renders as
// anything a font likes (and is reserved for our own markers); surrogates
// cannot be valid UTF-8 anyway; non-ASCII space separators look like a
// space but are not one (TERM-7: "rm\u00a0-rf").
var dangerous = []*unicode.RangeTable{
	unicode.Cf, unicode.Zl, unicode.Zp, unicode.Co, unicode.Cs, unicode.Zs,
}

// isSimpleWide reports code points that are known to be a whole grapheme
// cluster of width 2 unless a combining mark follows: the Hangul syllables
// and the CJK unified ideographs. It is only a fast path for Korean and
// Chinese text; everything else takes the general route.
func isSimpleWide(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0x4E00 && r <= 0x9FFF)
}

// needsToken reports whether the valid, non-ASCII code point r is in the
// dangerous set and must be shown as \u{XXXX}.
func needsToken(r rune) bool {
	switch {
	case r < 0xA0: // C1 controls
		return true
	case r < 0x300:
		return r == 0xA0 || r == 0xAD // NBSP (Zs), soft hyphen (Cf)
	case isSimpleWide(r):
		return false
	case isNoncharacter(r) || isInvisible(r):
		return true
	}
	return unicode.In(r, dangerous...)
}

// isNoncharacter: U+FDD0-FDEF and the last two code points of every plane.
// They are never meant for interchange, so seeing one is itself a signal.
func isNoncharacter(r rune) bool {
	return (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE
}

// isInvisible lists default-ignorable code points outside Cf that render
// as nothing and are known spoofing tools (the Hangul fillers make
// "invisible" names), plus default-ignorable code points that are still
// unassigned, which a future font may draw as nothing. Variation selectors
// are not here: emoji and CJK text need them.
func isInvisible(r rune) bool {
	switch r {
	case 0x034F, // combining grapheme joiner
		0x115F, 0x1160, // Hangul choseong/jungseong fillers
		0x17B4, 0x17B5, // Khmer inherent vowels
		0x3164, // Hangul filler
		0xFFA0, // halfwidth Hangul filler
		0x2065: // unassigned, default ignorable
		return true
	}
	return (r >= 0xFFF0 && r <= 0xFFF8) ||
		(r >= 0xE0000 && r <= 0xE0FFF && !(r >= 0xE0100 && r <= 0xE01EF))
}

// isExtending reports code points that attach to the character before
// them: combining marks (Mn, Me, Mc) and the few letters and symbols with
// the grapheme property Extend or SpacingMark (halfwidth katakana voicing
// marks, emoji skin tones, Thai and Lao AM). Runs of them are capped
// (TERM-6) because terminals draw stacked marks outside the cell and
// width libraries and terminals disagree on how wide such clusters are.
func isExtending(r rune) bool {
	switch {
	case r < 0x300 || isSimpleWide(r):
		return false
	case r == 0xFF9E || r == 0xFF9F || r == 0x0E33 || r == 0x0EB3:
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF:
		return true
	}
	return unicode.Is(unicode.M, r)
}

// isPresentationSelector reports whether r is VS15 or VS16, the variation
// selectors that switch a character between text (one cell) and emoji
// (two cells) presentation.
func isPresentationSelector(r rune) bool { return r == 0xFE0E || r == 0xFE0F }

// startsMidCluster reports whether r would join the grapheme cluster of
// the character before it. At the start of a plain run that character is
// the end of a token, a tab or something the UI drew, so r is escaped.
// The probe asks the same segmenter ansi.StringWidth uses, so widths stay
// consistent with what lipgloss measures.
func startsMidCluster(r rune) bool {
	if isExtending(r) {
		return true
	}
	if isSimpleWide(r) {
		return false
	}
	var buf [1 + utf8.UTFMax]byte
	buf[0] = 'A'
	n := 1 + utf8.EncodeRune(buf[1:], r)
	cluster, _ := ansi.FirstGraphemeCluster(buf[:n], ansi.GraphemeWidth)
	return len(cluster) > 1
}

// joinsNext reports whether r would join the grapheme cluster of the
// character after it (Unicode "Prepend"), which at the end of a plain run
// is a token or the next field.
func joinsNext(r rune) bool {
	if r < 0x600 || isSimpleWide(r) {
		return false
	}
	var buf [utf8.UTFMax + 1]byte
	n := utf8.EncodeRune(buf[:], r)
	buf[n] = 'A'
	cluster, _ := ansi.FirstGraphemeCluster(buf[:n+1], ansi.GraphemeWidth)
	return len(cluster) > n
}
