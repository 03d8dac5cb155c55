package termsafe

import "unicode/utf8"

// Prefix returns at most n bytes of u, and whether anything was cut. It
// does not cut inside a valid UTF-8 sequence, so the kept text escapes
// exactly as the same bytes do in the whole. Callers that show only the
// start of a value (a remembered title, a header) use it to avoid escaping
// megabytes they will not show; they must mark the cut themselves.
func (u Untrusted) Prefix(n int) (Untrusted, bool) {
	s := u.text()
	if len(s) <= n {
		return u, false
	}
	n = max(n, 0)
	// Back off to the start of the sequence that n falls into.
	for i := n; i > 0 && i > n-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size > 1 {
				n = i
			}
			break
		}
	}
	return Wrap(s[:n]), true
}
