package jsontree

import (
	"strconv"
	"unicode/utf8"
)

// The scanner is the one RFC 8259 grammar both Parse and Indent are built
// on, so the tree and the --json output can never disagree about what is
// valid. It is a pull tokenizer over the whole input with an explicit
// container stack: no recursion, so depth is bounded only by MaxDepth.
// Error messages and the byte where an error is detected follow
// encoding/json, so the fuzz test can compare the two directly; offsets are
// 0-based (encoding/json reports the byte count read, one more).

type tokKind uint8

const (
	tokEnd         tokKind = iota // the top-level value is complete
	tokBeginObject                // '{'
	tokEndObject                  // '}'
	tokBeginArray                 // '['
	tokEndArray                   // ']'
	tokKey                        // an object key; its ':' is consumed
	tokString
	tokNumber
	tokTrue
	tokFalse
	tokNull
)

// token is one lexical token. For strings [start,end) includes the quotes.
type token struct {
	kind       tokKind
	start, end int
	escaped    bool // a string holding backslash escapes
	invalid    bool // a string holding raw bytes that are not valid UTF-8
}

type scanState uint8

const (
	stValue      scanState = iota // a value is required
	stValueOrEnd                  // after '[': a value or ']'
	stKey                         // after ',' in an object: a key is required
	stKeyOrEnd                    // after '{': a key or '}'
	stAfter                       // after a value: ',' or a close; the end at top level
)

type scanner struct {
	data  []byte
	pos   int
	state scanState
	stack []byte // '{' or '[' per open container
}

// strPlain marks the bytes a string can hold without ending or escaping.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// next returns the next token. tokEnd leaves pos at the first
// non-whitespace byte after the top-level value (len(data) if none), so the
// caller can report trailing data.
func (s *scanner) next() (token, error) {
	for {
		i := skipSpace(s.data, s.pos)
		if i >= len(s.data) {
			if s.state == stAfter && len(s.stack) == 0 {
				s.pos = i
				return token{kind: tokEnd}, nil
			}
			return token{}, s.eof()
		}
		c := s.data[i]
		switch s.state {
		case stAfter:
			if len(s.stack) == 0 {
				s.pos = i
				return token{kind: tokEnd}, nil
			}
			top := s.stack[len(s.stack)-1]
			switch {
			case c == ',':
				s.pos = i + 1
				s.state = stValue
				if top == '{' {
					s.state = stKey
				}
				continue
			case c == ']' && top == '[', c == '}' && top == '{':
				return s.close(i, c), nil
			case top == '{':
				return token{}, s.errAt(i, "after object key:value pair")
			default:
				return token{}, s.errAt(i, "after array element")
			}
		case stValueOrEnd:
			if c == ']' {
				return s.close(i, c), nil
			}
		case stKeyOrEnd, stKey:
			if c == '}' && s.state == stKeyOrEnd {
				return s.close(i, c), nil
			}
			if c != '"' {
				return token{}, s.errAt(i, "looking for beginning of object key string")
			}
			return s.key(i)
		}
		return s.value(i, c)
	}
}

func (s *scanner) close(i int, c byte) token {
	s.stack = s.stack[:len(s.stack)-1]
	s.state = stAfter
	s.pos = i + 1
	if c == '}' {
		return token{kind: tokEndObject, start: i, end: i + 1}
	}
	return token{kind: tokEndArray, start: i, end: i + 1}
}

func (s *scanner) key(i int) (token, error) {
	t, err := s.str(i)
	if err != nil {
		return t, err
	}
	j := skipSpace(s.data, t.end)
	if j >= len(s.data) {
		return token{}, s.eof()
	}
	if s.data[j] != ':' {
		return token{}, s.errAt(j, "after object key")
	}
	t.kind = tokKey
	s.pos = j + 1
	s.state = stValue
	return t, nil
}

func (s *scanner) value(i int, c byte) (token, error) {
	var t token
	var err error
	switch {
	case c == '{' || c == '[':
		// Checked before pushing, like encoding/json: MaxDepth open
		// containers are fine, one more is not (DATA-9).
		if len(s.stack) >= MaxDepth {
			return token{}, &SyntaxError{Offset: int64(i), Msg: "nesting too deep"}
		}
		s.stack = append(s.stack, c)
		s.pos = i + 1
		if c == '{' {
			s.state = stKeyOrEnd
			return token{kind: tokBeginObject, start: i, end: i + 1}, nil
		}
		s.state = stValueOrEnd
		return token{kind: tokBeginArray, start: i, end: i + 1}, nil
	case c == '"':
		t, err = s.str(i)
	case c == '-' || (c >= '0' && c <= '9'):
		t, err = s.number(i)
	case c == 't':
		t, err = s.literal(i, "true", tokTrue)
	case c == 'f':
		t, err = s.literal(i, "false", tokFalse)
	case c == 'n':
		t, err = s.literal(i, "null", tokNull)
	default:
		return token{}, s.errAt(i, "looking for beginning of value")
	}
	if err != nil {
		return t, err
	}
	s.pos = t.end
	s.state = stAfter
	return t, nil
}

// str scans the string starting at the quote at i. It validates escapes
// but does not decode them: Parse decodes, Indent re-encodes.
func (s *scanner) str(i int) (token, error) {
	data := s.data
	t := token{kind: tokString, start: i}
	var or byte // OR of all plain bytes: bit 7 set means non-ASCII seen
	j := i + 1
	for {
		for j < len(data) && strPlain[data[j]] {
			or |= data[j]
			j++
		}
		if j >= len(data) {
			return token{}, s.eof()
		}
		switch c := data[j]; {
		case c == '"':
			t.end = j + 1
			// utf8.Valid is far faster than decoding rune by rune, and
			// escapes are ASCII, so checking the raw span is exact.
			t.invalid = or >= 0x80 && !utf8.Valid(data[i+1:j])
			return t, nil
		case c == '\\':
			t.escaped = true
			j++
			if j >= len(data) {
				return token{}, s.eof()
			}
			switch data[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j++
			case 'u':
				for k := 1; k <= 4; k++ {
					if j+k >= len(data) {
						return token{}, s.eof()
					}
					if !isHex(data[j+k]) {
						return token{}, s.errAt(j+k, "in \\u hexadecimal character escape")
					}
				}
				j += 5
			default:
				return token{}, s.errAt(j, "in string escape code")
			}
		default: // a control character
			return token{}, s.errAt(j, "in string literal")
		}
	}
}

func (s *scanner) number(i int) (token, error) {
	data := s.data
	j := i
	if data[j] == '-' {
		j++
		if j >= len(data) {
			return token{}, s.eof()
		}
		if !isDigit(data[j]) {
			return token{}, s.errAt(j, "in numeric literal")
		}
	}
	if data[j] == '0' {
		j++ // a leading zero stands alone; "01" fails as trailing '1'
	} else {
		for j < len(data) && isDigit(data[j]) {
			j++
		}
	}
	if j < len(data) && data[j] == '.' {
		j++
		if j >= len(data) {
			return token{}, s.eof()
		}
		if !isDigit(data[j]) {
			return token{}, s.errAt(j, "after decimal point in numeric literal")
		}
		for j < len(data) && isDigit(data[j]) {
			j++
		}
	}
	if j < len(data) && (data[j] == 'e' || data[j] == 'E') {
		j++
		if j < len(data) && (data[j] == '+' || data[j] == '-') {
			j++
		}
		if j >= len(data) {
			return token{}, s.eof()
		}
		if !isDigit(data[j]) {
			return token{}, s.errAt(j, "in exponent of numeric literal")
		}
		for j < len(data) && isDigit(data[j]) {
			j++
		}
	}
	return token{kind: tokNumber, start: i, end: j}, nil
}

func (s *scanner) literal(i int, lit string, kind tokKind) (token, error) {
	for k := 1; k < len(lit); k++ {
		if i+k >= len(s.data) {
			return token{}, s.eof()
		}
		if s.data[i+k] != lit[k] {
			return token{}, s.errAt(i+k, "in literal "+lit+" (expecting "+strconv.QuoteRune(rune(lit[k]))+")")
		}
	}
	return token{kind: kind, start: i, end: i + len(lit)}, nil
}

func (s *scanner) eof() error {
	return &SyntaxError{Offset: int64(len(s.data)), Msg: "unexpected end of JSON input"}
}

func (s *scanner) errAt(i int, context string) error {
	return &SyntaxError{Offset: int64(i), Msg: "invalid character " + quoteChar(s.data[i]) + " " + context}
}

// quoteChar matches encoding/json for ASCII. Other bytes are shown as
// '\xNN' rather than as the Latin-1 rune encoding/json prints, so an error
// message never carries a raw non-ASCII byte from the input.
func quoteChar(c byte) string {
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c >= utf8.RuneSelf:
		const hex = "0123456789abcdef"
		return `'\x` + string(hex[c>>4]) + string(hex[c&15]) + `'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
