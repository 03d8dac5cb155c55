package jsontree

import (
	"bufio"
	"io"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Indent pretty-prints the JSON document src to w for `sonar-tui --json`.
// It streams from the raw bytes, so key order, duplicate keys and number
// literals are kept exactly; only whitespace changes, plus string contents,
// which are re-encoded so the output is safe to print (TERM-13):
//
//   - `"` and `\` are escaped, \b \f \n \r \t use their short forms;
//   - other C0 controls, DEL, C1 (U+0080-U+009F), format characters
//     (Unicode Cf: bidi controls, zero-width characters, BOM, soft hyphen,
//     tags), U+2028/U+2029, private-use code points and noncharacters are
//     written as \uXXXX, as a UTF-16 surrogate pair above U+FFFF;
//   - a \uD800-\uDFFF escape that is not half of a pair is written back as
//     its own \udXXX escape;
//   - a byte that is not valid UTF-8 is written as the six characters
//     \\xNN (NN uppercase hex): a JSON-escaped backslash followed by xNN.
//     The output stays valid UTF-8 and valid JSON, and a reader sees which
//     byte it was, but decoding gives the text `\xNN`, not the byte;
//   - everything else (printable Unicode such as Korean) stays UTF-8, and
//     escapes of safe characters are written as the character itself.
//
// Indentation stops growing at MaxIndentDepth levels: output size would
// otherwise grow with depth times the number of tokens, and a 10 MiB
// document nested 10 000 deep could print gigabytes of spaces.
//
// So for valid UTF-8 input, Parse(Indent(x)) is the same tree as Parse(x).
// The output has no trailing newline. Invalid input returns a
// *SyntaxError, and bytes after the top-level value a *TrailingDataError
// after the first value is written; either way w may have received part
// of the output, so callers that must not print partial output buffer it.
func Indent(w io.Writer, src []byte, indent string) error {
	// Big enough that a 10 MiB document is written in few calls, small
	// enough that the buffer does not dominate a one-ticket call.
	bw := bufio.NewWriterSize(w, min(max(2*len(src), 512), 32<<10))
	s := scanner{data: src}
	depth := 0
	open := false     // the last token opened a container
	afterKey := false // the next value follows "key": on the same line
	for {
		t, err := s.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEnd:
			if err := bw.Flush(); err != nil {
				return err
			}
			if s.pos < len(src) {
				return &TrailingDataError{Offset: int64(s.pos)}
			}
			return nil
		case tokEndObject, tokEndArray:
			depth--
			if !open { // keep empty containers as {} and []
				newline(bw, indent, depth)
			}
			open = false
			bw.WriteByte(src[t.start])
			continue
		}
		if afterKey {
			afterKey = false
		} else if depth > 0 {
			if !open {
				bw.WriteByte(',')
			}
			newline(bw, indent, depth)
		}
		open = false
		switch t.kind {
		case tokBeginObject, tokBeginArray:
			bw.WriteByte(src[t.start])
			depth++
			open = true
		case tokKey:
			writeString(bw, src[t.start+1:t.end-1])
			bw.WriteString(": ")
			afterKey = true
		case tokString:
			writeString(bw, src[t.start+1:t.end-1])
		default:
			bw.Write(src[t.start:t.end])
		}
	}
}

// MaxIndentDepth is the deepest level Indent indents further.
const MaxIndentDepth = 64

func newline(bw *bufio.Writer, indent string, depth int) {
	bw.WriteByte('\n')
	for range min(depth, MaxIndentDepth) {
		bw.WriteString(indent)
	}
}

// writeString writes the quoted, re-encoded form of raw, the validated
// inside of a string token. Runs of safe bytes are copied in one write.
func writeString(bw *bufio.Writer, raw []byte) {
	bw.WriteByte('"')
	run := 0 // start of the pending run of bytes to copy unchanged
	for i := 0; i < len(raw); {
		c := raw[i]
		if c >= 0x20 && c < 0x7F && c != '\\' {
			i++ // '"' cannot occur unescaped inside a valid token
			continue
		}
		if c < utf8.RuneSelf && c != '\\' { // DEL (controls are invalid raw)
			bw.Write(raw[run:i])
			writeRune(bw, rune(c))
			i++
			run = i
			continue
		}
		if c == '\\' {
			bw.Write(raw[run:i])
			i += writeEscape(bw, raw[i:])
			run = i
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			bw.Write(raw[run:i])
			bw.WriteString(`\\x`)
			bw.WriteByte(upperHex[c>>4])
			bw.WriteByte(upperHex[c&15])
		} else if unsafeRune(r) {
			bw.Write(raw[run:i])
			writeRune(bw, r)
		} else {
			i += size
			continue
		}
		i += size
		run = i
	}
	bw.Write(raw[run:])
	bw.WriteByte('"')
}

// writeEscape re-encodes the escape at the start of esc and returns its
// length in the input.
func writeEscape(bw *bufio.Writer, esc []byte) int {
	c := esc[1]
	switch c {
	case '"', '\\':
		bw.Write(esc[:2])
		return 2
	case 'u':
	default:
		writeRune(bw, rune(unescapeByte[c]))
		return 2
	}
	// decodeU needs a string; the conversion of at most 12 bytes to a
	// short-lived string does not escape and costs no allocation.
	n := min(len(esc)-2, 10)
	r, lone, rest := decodeU(string(esc[2 : 2+n]))
	if lone {
		writeU(bw, r)
	} else {
		writeRune(bw, r)
	}
	return 2 + n - len(rest)
}

var unescapeByte = [256]byte{'/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// writeRune writes a decoded code point: escaped if unsafe, else as UTF-8.
func writeRune(bw *bufio.Writer, r rune) {
	switch r {
	case '"':
		bw.WriteString(`\"`)
	case '\\':
		bw.WriteString(`\\`)
	case '\b':
		bw.WriteString(`\b`)
	case '\f':
		bw.WriteString(`\f`)
	case '\n':
		bw.WriteString(`\n`)
	case '\r':
		bw.WriteString(`\r`)
	case '\t':
		bw.WriteString(`\t`)
	default:
		if !unsafeRune(r) {
			bw.WriteRune(r)
		} else if r > 0xFFFF {
			hi, lo := utf16.EncodeRune(r)
			writeU(bw, hi)
			writeU(bw, lo)
		} else {
			writeU(bw, r)
		}
	}
}

func writeU(bw *bufio.Writer, r rune) {
	bw.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		bw.WriteByte(lowerHex[(r>>shift)&15])
	}
}

const (
	lowerHex = "0123456789abcdef"
	upperHex = "0123456789ABCDEF"
)

// unsafeRune reports whether r must not reach a terminal raw: controls,
// format characters, line/paragraph separators, private use and
// noncharacters (TERM-13). '"' and '\\' are handled by the caller.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20 || (r >= 0x7F && r <= 0x9F):
		return true
	case r < 0xAD: // the first Cf code point is the soft hyphen
		return false
	case r == 0x2028 || r == 0x2029:
		return true
	case r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Co)
}
