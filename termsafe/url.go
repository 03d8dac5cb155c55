package termsafe

import "strings"

// RedactURL returns raw, a URL as typed or pasted, fit to show in a
// message: without user info, query and fragment, each replaced by "…" so
// the reader sees that something was removed. Pasted links carry
// credentials there (user:password@, ?token=, #access_token=), and
// messages end up in scrollback, tickets and chat. It works on text that
// does not parse as a URL too: it relies only on "://", "/", "?", "#" and
// "@". The result is still to be escaped for display.
func RedactURL(raw string) string {
	scheme, rest := "", raw
	// A "://" after a "?", "#", "/" or "@" is inside the query, fragment,
	// path or user info, not the end of a scheme ("?t=x://" keeps its query
	// hidden).
	if i := strings.Index(raw, "://"); i >= 0 && !strings.ContainsAny(raw[:i], "?#/@") {
		scheme, rest = raw[:i+3], raw[i+3:]
	}
	tail := ""
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		tail, rest = rest[i:i+1]+"…", rest[:i]
	}
	auth, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		auth, path = rest[:i], rest[i:]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		auth = "…@" + auth[i+1:]
	}
	return scheme + auth + path + tail
}
