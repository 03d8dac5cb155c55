package markdown

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Private-use code points this package gives meaning to. termsafe escapes
// every private-use code point in untrusted text, so only this package can
// put them into what glamour renders.
//
// Escape tokens are not kept as a marked region (U+E002 … U+E003) while
// glamour runs. Each of their (ASCII) characters is replaced by a
// private-use "styled alphabet" character of the same width instead:
// Markdown cannot split or reinterpret them (a '*', '[' or '\' inside a
// token is inert), and the style travels with every character, so word
// wrapping and tables, which interleave the lines of neighbouring cells,
// cannot spread reverse video onto other text. Link targets use the same
// trick, with the link index folded in so OSC 8 always gets the right URI.
const (
	phAmp = '\uE000' // stands for '&' while glamour runs (MD-1)
	phLt  = '\uE001' // stands for '<'
	// phEll stands for a '…' of the text, so that in ASCII mode the
	// ellipses glamour and lipgloss add (cut table cells) can be told
	// apart from the data's own and spelled in ASCII.
	phEll = '\uE004'

	escBase     = 0xF000   // escBase+c: ASCII c of an escape token
	linkBase    = 0xF0000  // linkBase+i*95+c-0x20: ASCII c of link i's target
	escLinkBase = 0x100000 // same, for escape-token characters in a target
	alphabetLen = 0x7f - 0x20
	// maxStyledLinks is how many links fit into one plane; further links
	// are still shown, but neither underlined nor clickable.
	maxStyledLinks = 0xFFFE / alphabetLen
)

// glyph is one decoded styled-alphabet character.
type glyph struct {
	c    byte
	esc  bool
	link int // -1: not part of a link target
}

// decodeGlyph reports whether r belongs to a styled alphabet.
func decodeGlyph(r rune) (glyph, bool) {
	switch {
	case r > escBase+0x1f && r < escBase+0x7f:
		return glyph{c: byte(r - escBase), esc: true, link: -1}, true
	case r >= escLinkBase && r < escLinkBase+maxStyledLinks*alphabetLen:
		o := int(r - escLinkBase)
		return glyph{c: byte(o%alphabetLen + 0x20), esc: true, link: o / alphabetLen}, true
	case r >= linkBase && r < linkBase+maxStyledLinks*alphabetLen:
		o := int(r - linkBase)
		return glyph{c: byte(o%alphabetLen + 0x20), link: o / alphabetLen}, true
	}
	return glyph{}, false
}

func encodeGlyph(c byte, esc bool, link int) rune {
	switch {
	case c < 0x20 || c > 0x7e:
		return rune(c) // not ASCII printable: kept as it is
	case link >= 0 && link < maxStyledLinks:
		base := linkBase
		if esc {
			base = escLinkBase
		}
		return rune(base + link*alphabetLen + int(c) - 0x20)
	case esc:
		return rune(escBase + int(c))
	}
	return rune(c)
}

// isReserved reports whether r has a meaning in this package.
func isReserved(r rune) bool {
	_, ok := decodeGlyph(r)
	return ok || r == phAmp || r == phLt || r == phEll || r == phBegin || r == phEnd
}

// prepare turns termsafe.Marked output into what glamour gets: escape
// tokens in the escape alphabet, '&' and '<' as placeholders (MD-1).
// A private-use rune outside a marked token would mean termsafe let one
// through; it is shown as an escape token rather than trusted.
func prepare(marked string) string {
	var b strings.Builder
	b.Grow(len(marked) + len(marked)/8)
	in := false
	for _, r := range marked {
		switch {
		case r == termsafe.MarkOpen:
			in = true
		case r == termsafe.MarkClose:
			in = false
		case in:
			writeStyled(&b, string(r), true, -1)
		case r == '&':
			b.WriteRune(phAmp)
		case r == '<':
			b.WriteRune(phLt)
		case r == '…':
			b.WriteRune(phEll)
		case unicode.Is(unicode.Co, r):
			writeStyled(&b, `\u{`+strings.ToUpper(strconv.FormatInt(int64(r), 16))+`}`, true, -1)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeStyled writes s with its ASCII characters in the given alphabet.
// Other characters are written unchanged ('&' and '<' as placeholders).
func writeStyled(b *strings.Builder, s string, esc bool, link int) {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && r >= 0x20 && r < 0x7f && (esc || link >= 0 && link < maxStyledLinks):
			b.WriteRune(encodeGlyph(byte(r), esc, link))
		case r == '&':
			b.WriteRune(phAmp)
		case r == '<':
			b.WriteRune(phLt)
		case r == '…':
			b.WriteRune(phEll)
		case r == '\\':
			// Only reached for links beyond maxStyledLinks: glamour undoes
			// Markdown backslash escapes in text nodes, so double it.
			b.WriteString(`\\`)
		default:
			b.WriteRune(r)
		}
	}
}

// styledText escapes raw and writes it in link i's alphabet, for text
// this package inserts into the document.
func styledText(raw string, link int) string {
	var b strings.Builder
	for _, seg := range safe(raw).Segments() {
		writeStyled(&b, seg.Text, seg.Kind == termsafe.Escaped, link)
	}
	return b.String()
}

// unmark turns prepared text back into the raw text it stands for:
// placeholders become '&' and '<', and escape tokens (\xNN, \u{X…}) become
// the bytes and runes they represent. It is used to parse link targets.
func unmark(s string) string {
	var b, tok strings.Builder
	flush := func() {
		b.WriteString(untoken(tok.String()))
		tok.Reset()
	}
	for _, r := range s {
		if g, ok := decodeGlyph(r); ok && g.esc {
			tok.WriteByte(g.c)
			continue
		}
		flush()
		writeUnplaced(&b, r)
	}
	flush()
	return b.String()
}

// writeUnplaced writes r, or what it stands for if it is a placeholder.
func writeUnplaced(b *strings.Builder, r rune) {
	switch r {
	case phAmp:
		b.WriteByte('&')
	case phLt:
		b.WriteByte('<')
	case phEll:
		b.WriteRune('…')
	default:
		b.WriteRune(r)
	}
}

// untoken decodes the token notation of one run of escape-token text;
// the printable parts of an escaped sequence stand for themselves.
func untoken(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], `\x`) && i+4 <= len(s) {
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 4
				continue
			}
		}
		if strings.HasPrefix(s[i:], `\u{`) {
			if end := strings.IndexByte(s[i:], '}'); end > 3 && end <= 9 {
				if v, err := strconv.ParseUint(s[i+3:i+end], 16, 32); err == nil && v <= unicode.MaxRune {
					b.WriteRune(rune(v))
					i += end + 1
					continue
				}
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// escAlphabet writes an escape token in the escape alphabet; it is the esc
// function handed to termsafe.FilterStyled.
func escAlphabet(tok string) string {
	var b strings.Builder
	writeStyled(&b, tok, true, -1)
	return b.String()
}

// styledEscapes is s with its escape tokens in the escape alphabet, for
// text that does not go through glamour.
func styledEscapes(s termsafe.Safe) string {
	var b strings.Builder
	for _, seg := range s.Segments() {
		if seg.Kind == termsafe.Escaped {
			writeStyled(&b, seg.Text, true, -1)
		} else {
			b.WriteString(seg.Text)
		}
	}
	return b.String()
}
