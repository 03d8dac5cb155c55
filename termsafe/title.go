package termsafe

// maxTitle is the longest window/pane title the app emits (TERM-9).
const maxTitle = 64

// Title reduces s to a safe window/pane title (TERM-9): characters outside
// [A-Za-z0-9 ._:#-] become '_' (one per code point, or per byte of invalid
// UTF-8), at most 64 bytes. A title is chrome the terminal may echo back on
// request and that other programs display, so it gets a strict allowlist
// rather than escaping; the full escaped value is always in the view.
func Title(s string) string {
	b := make([]byte, 0, min(len(s), maxTitle))
	for _, r := range s {
		if len(b) == maxTitle {
			break
		}
		if isTitleChar(r) {
			b = append(b, byte(r))
		} else {
			b = append(b, '_')
		}
	}
	return string(b)
}

func isTitleChar(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	switch r {
	case ' ', '.', '_', ':', '#', '-':
		return true
	}
	return false
}
