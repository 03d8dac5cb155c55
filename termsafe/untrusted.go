// Package termsafe is the single choke point through which text that did not
// originate in this binary reaches a terminal (SECURITY.md TERM-1..13).
//
// Server data is held in the opaque Untrusted type. The only way to turn it
// into something displayable is Escape, which replaces every control,
// escape sequence, invalid byte and format character with a visible,
// reversible token (\xNN or \u{XXXX}) drawn in a reserved style. Nothing is
// ever dropped: Unescape(Escape(x)) == x.
package termsafe

import "strings"

// Untrusted is text that came from outside the binary: the Sonar server, a
// ticket, an HTTP error body. Its content is unexported so that view code
// cannot print it without going through Escape.
type Untrusted struct{ s string }

// Wrap marks s as untrusted.
func Wrap(s string) Untrusted { return Untrusted{s: s} }

// WrapBytes marks b as untrusted. Invalid UTF-8 is kept byte for byte.
func WrapBytes(b []byte) Untrusted { return Untrusted{s: string(b)} }

// Unwrap returns the raw text for parsing and protocol use (time parsing,
// comparisons, request building). It must never be used to display text:
// a test forbids its use in the ui package.
func Unwrap(u Untrusted) string { return u.s }

// IsEmpty reports whether u is the empty string.
func (u Untrusted) IsEmpty() bool { return u.s == "" }

// Len is the length of u in bytes.
func (u Untrusted) Len() int { return len(u.s) }

// Is reports whether u equals the trusted constant s exactly.
func (u Untrusted) Is(s string) bool { return u.s == s }

// IsFold reports whether u equals s under Unicode case folding.
func (u Untrusted) IsFold(s string) bool { return strings.EqualFold(u.s, s) }

// TrimSpace returns u without leading and trailing white space.
func (u Untrusted) TrimSpace() Untrusted { return Untrusted{s: strings.TrimSpace(u.s)} }

// ContainsFold reports whether u contains s, ignoring case (used by search).
func (u Untrusted) ContainsFold(s string) bool {
	return strings.Contains(strings.ToLower(u.s), strings.ToLower(s))
}

// Hash is a 64-bit FNV-1a hash of the text, for cache keys.
func (u Untrusted) Hash() uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(u.s); i++ {
		h ^= uint64(u.s[i])
		h *= 1099511628211
	}
	return h
}

// Equal reports whether two untrusted texts are byte-for-byte equal.
func (u Untrusted) Equal(o Untrusted) bool { return u.s == o.s }
