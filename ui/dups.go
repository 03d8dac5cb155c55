package ui

import "fmt"

// A key the server sent more than once in one object is a parser
// differential (DATA-3): this viewer decodes the first value, while jq,
// Jackson and browsers keep the last, so the web console likely shows
// another value than ours. Every value is shown, in the section where the
// analyst looks for that key, with these words.

// dupNotice is the warning at the top of a section whose key was sent n
// times.
func dupNotice(st Styles, key string, n int) string {
	return st.Warn.Render(fmt.Sprintf("%s duplicate key: the server sent %q %d times. The first value is shown first; "+
		"jq and browsers use the last (value %d of %d, below)", st.G.Warn, key, n, n, n))
}

// dupHeading is the section title of value i (0-based, i ≥ 1) of n.
func dupHeading(st Styles, key string, i, n int) string {
	s := fmt.Sprintf("%s duplicate key %q, value %d of %d", st.G.Warn, key, i+1, n)
	if i == n-1 {
		s += " (the last: what jq and browsers use)"
	}
	return s
}
