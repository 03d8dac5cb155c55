package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// QuoteJSON renders u as a JSON string literal, quotes included, that is
// also safe to print: everything JSON requires escaping is escaped as JSON
// does (\" \\ \n \u001b), and everything Escape would turn into a token
// (controls and escape sequences as whole units, C1, bidi and other
// invisible characters) is written as JSON \uXXXX escapes in an Escaped
// segment, drawn in the reserved style. The result is valid JSON: a pane
// of it can be copied into jq. An invalid UTF-8 byte, which JSON cannot
// carry, becomes \ufffd (the raw view shows the byte).
func QuoteJSON(u Untrusted) Safe {
	src := escapeString(u.text(), SingleLine)
	if len(src.segs) <= 1 && !strings.ContainsAny(u.text(), `"\\`) {
		// The common case, plain text: one segment, quotes included.
		if len(src.segs) == 0 {
			return Safe{segs: []Segment{{Text: `""`, Kind: Plain}}}
		}
		if g := src.segs[0]; g.Kind == Plain {
			src.segs[0] = Segment{Text: `"` + g.Text + `"`, Kind: Plain, orig: g.orig}
			return src
		}
	}
	segs := make([]Segment, 0, len(src.segs)+2)
	segs = append(segs, Segment{Text: `"`, Kind: Plain})
	for _, g := range src.segs {
		switch g.Kind {
		case Escaped:
			segs = append(segs, Segment{Text: jsonEscape(g.orig, true), Kind: Escaped, orig: g.orig})
		default:
			segs = append(segs, Segment{Text: jsonEscape(g.Text, false), Kind: Plain, orig: g.orig})
		}
	}
	segs = append(segs, Segment{Text: `"`, Kind: Plain})
	return Safe{segs: segs}
}

// QuoteJSONWidth is QuoteJSON(u).Width() without building the text, for a
// layout that measures every value of a big document and draws only the
// ones on screen. Printable ASCII other than " and \ is never escaped.
func QuoteJSONWidth(u Untrusted) int {
	s := u.text()
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return QuoteJSON(u).Width()
		}
	}
	return len(s) + 2
}

// jsonEscape escapes s for the inside of a JSON string. With all, every
// character outside printable ASCII is written as \uXXXX too.
func jsonEscape(s string, all bool) string {
	if !all && !strings.ContainsAny(s, `"\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r >= 0x20 && r < 0x7f, !all:
			b.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}
