package termsafe

import (
	"strings"
	"unicode/utf8"
)

// Escape-sequence grammar (VT220 manual ch. 4, xterm ctlseqs), reduced to
// what is needed to find where a sequence ends. The escaper never executes
// anything; it only has to group the bytes a terminal would consume as one
// sequence, so that the analyst sees one token span instead of a stray
// \x1B followed by text that looks like data (TERM-4, gh#13561).

const (
	esc = 0x1B
	bel = 0x07
	can = 0x18 // cancels a sequence in progress
	sub = 0x1A // cancels a sequence in progress
)

// maxSeq bounds one escaped span (in input bytes, give or take a rune).
// A longer sequence continues in the next span: it stays fully visible,
// but no segment is unbounded, which keeps Truncate and Wrap cheap.
const maxSeq = 4096

// seqKind is the grammar of the body that follows an introducer.
type seqKind uint8

const (
	seqNone   seqKind = iota // not an introducer
	seqLone                  // ESC with nothing that continues it
	seqEsc                   // ESC intermediates* final: ESC c, ESC ( B, ESC #8
	seqCSI                   // ESC [ or U+009B ... final 0x40-0x7E
	seqOSC                   // ESC ] or U+009D ... BEL or ST
	seqString                // DCS, SOS, PM, APC ... ST
)

// introducer reports whether s[i:] starts an escape sequence and where its
// body starts. Both 7-bit (ESC x) and 8-bit spellings count; the 8-bit ones
// only as valid UTF-8 C1 code points, since a raw 0x9B byte is not UTF-8
// and is escaped on its own as \x9B.
func introducer(s string, i int) (seqKind, int) {
	if s[i] == esc {
		if i+1 == len(s) {
			return seqLone, i + 1
		}
		switch c := s[i+1]; {
		case c == '[':
			return seqCSI, i + 2
		case c == ']':
			return seqOSC, i + 2
		case c == 'P' || c == 'X' || c == '^' || c == '_':
			return seqString, i + 2
		case isPrintableASCII(c):
			return seqEsc, i + 1
		}
		return seqLone, i + 1
	}
	if s[i] != 0xC2 || i+1 == len(s) {
		return seqNone, i
	}
	switch s[i+1] {
	case 0x9B:
		return seqCSI, i + 2
	case 0x9D:
		return seqOSC, i + 2
	case 0x90, 0x98, 0x9E, 0x9F:
		return seqString, i + 2
	}
	return seqNone, i
}

// scanBody returns where the sequence body starting at j ends. done is
// false only when the span reached limit and the sequence goes on; the
// caller then continues scanning the same kind of body from end.
func scanBody(s string, j int, k seqKind, limit int) (end int, done bool) {
	switch k {
	case seqEsc:
		return scanEsc(s, j, limit)
	case seqCSI:
		return scanCSI(s, j, limit)
	case seqOSC, seqString:
		return scanString(s, j, k == seqOSC, limit)
	}
	return j, true
}

// scanEsc: intermediates 0x20-0x2F, then one final byte 0x30-0x7E.
func scanEsc(s string, j, limit int) (int, bool) {
	for ; j < len(s); j++ {
		if j >= limit {
			return j, false
		}
		switch c := s[j]; {
		case c >= 0x20 && c <= 0x2F:
		case c >= 0x30 && c <= 0x7E:
			return j + 1, true
		default:
			return j, true
		}
	}
	return j, true
}

// scanCSI: parameter and intermediate bytes 0x20-0x3F, then a final byte
// 0x40-0x7E. C0 controls other than CAN, SUB and ESC do not end a CSI in a
// real terminal (they are executed and the sequence goes on), so they stay
// in the span; CAN, SUB, ESC and anything non-ASCII end it unterminated.
func scanCSI(s string, j, limit int) (int, bool) {
	for ; j < len(s); j++ {
		if j >= limit {
			return j, false
		}
		switch c := s[j]; {
		case c >= 0x40 && c <= 0x7E:
			return j + 1, true
		case c == can || c == sub || c == esc || c >= utf8.RuneSelf:
			return j, true
		}
	}
	return j, true
}

// scanString covers OSC (which BEL may also end) and DCS/SOS/PM/APC.
// ST is ESC \ or U+009C. An unterminated string runs to the end of the
// input or stops before CAN, SUB or an ESC that is not part of ST: that is
// where a terminal abandons it (the unterminated OSC of less#781).
func scanString(s string, j int, osc bool, limit int) (int, bool) {
	for j < len(s) {
		if j >= limit {
			return j, false
		}
		switch c := s[j]; {
		case c == bel && osc:
			return j + 1, true
		case c == esc:
			if j+1 < len(s) && s[j+1] == '\\' {
				return j + 2, true
			}
			return j, true
		case c == can || c == sub:
			return j, true
		case c == 0xC2 && j+1 < len(s) && s[j+1] == 0x9C:
			return j + 2, true
		case c < utf8.RuneSelf:
			j++
		default:
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
		}
	}
	return j, true
}

// writeSpan writes the token text of a sequence span. Inside a span only
// printable ASCII other than the backslash is literal: every control,
// invalid byte and non-ASCII code point is a token, so a span is pure
// ASCII (its width is its length), cannot form grapheme clusters with its
// neighbours, and every backslash in it starts a token.
func writeSpan(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isPrintableASCII(c) && c != '\\':
			b.WriteByte(c)
			i++
		case c < utf8.RuneSelf:
			writeByteToken(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				writeByteToken(b, c)
			} else {
				writeRuneToken(b, r)
			}
			i += size
		}
	}
}

const hexDigits = "0123456789ABCDEF"

// writeByteToken writes \xNN: C0, DEL, invalid bytes and, inside spans,
// the backslash (TERM-3).
func writeByteToken(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexDigits[c>>4])
	b.WriteByte(hexDigits[c&0xF])
}

// writeRuneToken writes \u{XXXX} with at least four uppercase hex digits.
func writeRuneToken(b *strings.Builder, r rune) {
	var buf [6]byte
	n := len(buf)
	for v := uint32(r); v != 0 || n > len(buf)-4; v >>= 4 {
		n--
		buf[n] = hexDigits[v&0xF]
	}
	b.WriteString(`\u{`)
	b.Write(buf[n:])
	b.WriteByte('}')
}
