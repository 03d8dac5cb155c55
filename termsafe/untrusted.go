// Package termsafe is the single choke point through which text that did not
// originate in this binary reaches a terminal (SECURITY.md TERM-1..13).
//
// Server data is held in the opaque Untrusted type. The only way to turn it
// into something displayable is Escape, which replaces every control,
// escape sequence, invalid byte and format character with a visible,
// reversible token (\xNN or \u{XXXX}) drawn in a reserved style. Nothing is
// ever dropped: Unescape(Escape(x)) == x.
package termsafe

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unsafe"
)

// Untrusted is text that came from outside the binary: the Sonar server, a
// ticket, an HTTP error body. Its content is unexported so that view code
// cannot print it without going through Escape.
//
// fmt prints it escaped (String, Format). fmt cannot call methods on an
// unexported struct field, though, and prints such fields by reflection, so
// the text is held as a pointer and a length rather than a string: a
// reflective print shows an address, never the bytes. The empty array of
// funcs makes the type incomparable, so == cannot compare addresses by
// mistake: use Equal.
type Untrusted struct {
	_ [0]func()
	p *byte
	n int
}

// Wrap marks s as untrusted.
func Wrap(s string) Untrusted { return Untrusted{p: unsafe.StringData(s), n: len(s)} }

// WrapBytes marks b as untrusted. Invalid UTF-8 is kept byte for byte.
func WrapBytes(b []byte) Untrusted { return Wrap(string(b)) }

// Unwrap returns the raw text for parsing and protocol use (time parsing,
// comparisons, request building). It must never be used to display text:
// a test forbids its use in the ui package.
func Unwrap(u Untrusted) string { return u.text() }

// text is the raw string, for this package.
func (u Untrusted) text() string {
	if u.n == 0 {
		return ""
	}
	return unsafe.String(u.p, u.n)
}

// String returns u escaped for one line, as the screen shows it. It exists
// so that fmt never prints raw server text: %v and %s of an Untrusted, or
// of a struct holding one, give this form (see Format).
func (u Untrusted) String() string { return Escape(u, SingleLine).Plain() }

// GoString returns a Go expression of the escaped form, for %#v.
func (u Untrusted) GoString() string { return "termsafe.Wrap(" + strconv.Quote(u.String()) + ")" }

// Format prints the escaped form for every verb (String; %q quotes it, %#v
// is GoString), so no verb, such as %x, reaches the raw bytes.
func (u Untrusted) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'q':
		_, _ = io.WriteString(f, strconv.Quote(u.String()))
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, u.GoString())
	default:
		_, _ = io.WriteString(f, u.String())
	}
}

// IsEmpty reports whether u is the empty string.
func (u Untrusted) IsEmpty() bool { return u.n == 0 }

// Len is the length of u in bytes.
func (u Untrusted) Len() int { return u.n }

// Is reports whether u equals the trusted constant s exactly.
func (u Untrusted) Is(s string) bool { return u.text() == s }

// IsFold reports whether u equals s under Unicode case folding.
func (u Untrusted) IsFold(s string) bool { return strings.EqualFold(u.text(), s) }

// TrimSpace returns u without leading and trailing white space.
func (u Untrusted) TrimSpace() Untrusted { return Wrap(strings.TrimSpace(u.text())) }

// ContainsFold reports whether u contains s, ignoring case (used by search).
func (u Untrusted) ContainsFold(s string) bool {
	return strings.Contains(strings.ToLower(u.text()), strings.ToLower(s))
}

// Hash is a 64-bit FNV-1a hash of the text, for cache keys.
func (u Untrusted) Hash() uint64 {
	h := uint64(14695981039346656037)
	s := u.text()
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Equal reports whether two untrusted texts are byte-for-byte equal.
func (u Untrusted) Equal(o Untrusted) bool { return u.text() == o.text() }

// Key is a comparable stand-in for an Untrusted text, for map keys (caches
// keyed by content): equal texts give equal keys. It has no way to display
// the text; Untrusted gives it back for escaping.
type Key struct{ s string }

// Key returns u's map key.
func (u Untrusted) Key() Key { return Key{u.text()} }

// Untrusted returns the text the key stands for.
func (k Key) Untrusted() Untrusted { return Wrap(k.s) }

// String prints the escaped text, as Untrusted does, so fmt never prints a
// key raw.
func (k Key) String() string { return k.Untrusted().String() }
