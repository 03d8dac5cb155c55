package api

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// masked replaces a credential in any text this package lets out.
const masked = "<masked>"

// masker hides the request's credentials in text that comes back from the
// server: a proxy or error page that echoes request headers would
// otherwise put the key on the screen or in a log (HTTP-11). It covers the
// API key and the values of WithHeader headers with secret-looking names.
//
// An echo need not be literal: a JSON encoder may write any character as
// \u00XX (or "/" as "\/"), an HTML page as &#NN;, a URL as %XX. So the
// masker matches a secret character by character, each written literally
// or in any of those encodings, and masks text both before and after it is
// decoded (the decoded error_msg is new text).
type masker struct {
	key   func() string
	extra []string
}

func newMasker(o *options) *masker {
	m := &masker{key: o.apiKey}
	for k, vs := range o.headers {
		if isSecretHeader(k) {
			m.extra = append(m.extra, vs...)
		}
	}
	return m
}

// secrets returns the non-empty values to mask.
func (m *masker) secrets() []string {
	if m == nil {
		return nil
	}
	var list []string
	if m.key != nil {
		if k := m.key(); k != "" {
			list = append(list, k)
		}
	}
	for _, v := range m.extra {
		if v != "" {
			list = append(list, v)
		}
	}
	return list
}

// margin is how many bytes past a cut a secret that starts before the cut
// can reach: what maskHead must be given beyond its limit.
func (m *masker) margin() int {
	n := 0
	for _, s := range m.secrets() {
		n = max(n, maxEncodedRune*utf8.RuneCountInString(s))
	}
	return n
}

// mask replaces every occurrence of a secret in s, however encoded.
func (m *masker) mask(s string) string { return m.maskHead(s, len(s)) }

// maskHead masks s and returns the part of it that stands for s[:limit].
// A secret that starts before limit is masked whole even when it ends
// after it, so cutting text to a length can never show the start of a key
// (--debug showed 16 of 17 characters of one that straddled its cut).
// limit is moved back to the start of a character.
func (m *masker) maskHead(s string, limit int) string {
	limit = min(max(limit, 0), len(s))
	for limit > 0 && limit < len(s) && !utf8.RuneStart(s[limit]) {
		limit--
	}
	secrets := m.secrets()
	if len(secrets) == 0 {
		return s[:limit]
	}
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < limit; {
		n := 0
		for _, sec := range secrets {
			if n = matchSecret(s, i, sec); n > 0 {
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		b.WriteString(s[done:i])
		b.WriteString(masked)
		i += n
		done = i
	}
	if done == 0 {
		return s[:limit]
	}
	if done < limit {
		b.WriteString(s[done:limit])
	}
	return b.String()
}

// maxEncodedRune is the longest encoding of one character that
// matchSecret accepts: a UTF-16 surrogate pair in JSON, or four %XX.
const maxEncodedRune = 12

// matchSecret returns the length of the encoded secret at s[i:], or 0.
func matchSecret(s string, i int, secret string) int {
	j := i
	for _, want := range secret {
		r, size := decodeChar(s[j:])
		if size == 0 || r != want {
			return 0
		}
		j += size
	}
	return j - i
}

// decodeChar reads one character from the start of s, literal or written
// as a JSON escape, an HTML character reference or URL percent-encoding.
// It returns size 0 when s is empty.
func decodeChar(s string) (rune, int) {
	if s == "" {
		return 0, 0
	}
	switch s[0] {
	case '\\':
		if r, n := jsonEscape(s); n > 0 {
			return r, n
		}
	case '&':
		if r, n := htmlReference(s); n > 0 {
			return r, n
		}
	case '%':
		if r, n := percentEncoded(s); n > 0 {
			return r, n
		}
	}
	return utf8.DecodeRuneInString(s)
}

func jsonEscape(s string) (rune, int) {
	if len(s) < 2 {
		return 0, 0
	}
	switch s[1] {
	case '"', '\\', '/':
		return rune(s[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u', 'U':
	default:
		return 0, 0
	}
	r, ok := hex4(s[2:])
	if !ok {
		return 0, 0
	}
	if r >= 0xD800 && r < 0xDC00 && len(s) >= 12 && s[6] == '\\' && (s[7] == 'u' || s[7] == 'U') {
		if lo, ok := hex4(s[8:]); ok && lo >= 0xDC00 && lo < 0xE000 {
			return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), 12
		}
	}
	return r, 6
}

func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(s[:4], 16, 16)
	return rune(v), err == nil
}

// htmlNamed are the references an HTML or XML page may use for the ASCII
// characters of a key.
var htmlNamed = map[string]rune{"amp": '&', "lt": '<', "gt": '>', "quot": '"', "apos": '\''}

func htmlReference(s string) (rune, int) {
	end := strings.IndexByte(s[:min(len(s), 12)], ';')
	if end < 2 {
		return 0, 0
	}
	ref := s[1:end]
	if r, ok := htmlNamed[ref]; ok {
		return r, end + 1
	}
	if ref[0] != '#' {
		return 0, 0
	}
	base, digits := 10, ref[1:]
	if digits != "" && (digits[0] == 'x' || digits[0] == 'X') {
		base, digits = 16, digits[1:]
	}
	v, err := strconv.ParseUint(digits, base, 32)
	if err != nil || v > utf8.MaxRune {
		return 0, 0
	}
	return rune(v), end + 1
}

// percentEncoded decodes %XX, or the %XX sequence of one UTF-8 character.
func percentEncoded(s string) (rune, int) {
	var buf [utf8.UTFMax]byte
	n := 0
	for n < len(buf) && len(s) >= 3*(n+1) && s[3*n] == '%' {
		v, err := strconv.ParseUint(s[3*n+1:3*n+3], 16, 8)
		if err != nil {
			break
		}
		buf[n] = byte(v)
		n++
		if utf8.FullRune(buf[:n]) {
			r, size := utf8.DecodeRune(buf[:n])
			if size != n {
				return 0, 0
			}
			return r, 3 * n
		}
	}
	return 0, 0
}
