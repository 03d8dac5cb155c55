package api

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// guidExact is the HTTP-15 pattern. \A and \z (not ^ and $) so that no
// multi-line flag could ever let "guid\n" through.
var guidExact = regexp.MustCompile(`\A[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\z`)

// guidAnywhere finds GUID candidates inside a pasted web URL.
var guidAnywhere = regexp.MustCompile(`[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}`)

// maxIDInput bounds what ParseGUID looks at; a real Sonar URL is far shorter.
const maxIDInput = 2048

// ParseGUID returns the ticket GUID in s, lower-cased, or a *GUIDError
// (errors.Is(err, ErrInvalidGUID)).
//
// s is either exactly a GUID (8-4-4-4-12 hex digits, any case, nothing
// around it: no spaces, newline or NUL) or an http(s) URL copied from the
// Sonar web console, such as https://sonar.example.com/#/tickets/<guid>,
// that contains exactly one GUID (in its path, query or fragment; when
// several differ, the one after "tickets/" if that is unique). Only the
// GUID is ever used from a URL, so nothing else in it can reach the request
// path; the URL's host is not used either (the configured base URL is).
//
// The GUID is lower-cased because Sonar writes GUIDs in lower case and
// compares them as strings.
func ParseGUID(s string) (string, error) {
	if guidExact.MatchString(s) {
		return strings.ToLower(s), nil
	}
	fail := func(reason string) (string, error) {
		return "", &GUIDError{Input: termsafe.Wrap(s), Reason: reason}
	}
	switch {
	case s == "":
		return fail("empty")
	case len(s) > maxIDInput:
		return fail("too long")
	case !hasHTTPScheme(s):
		return fail("expected a GUID like 49272877-75f2-4c2f-9301-d21c4f9a106d or a Sonar ticket URL")
	}
	for i := 0; i < len(s); i++ {
		// Whitespace, controls and backslashes are never part of a URL
		// copied from a browser; refusing them keeps parsing unambiguous.
		if c := s[i]; c <= ' ' || c == 0x7f || c == '\\' {
			return fail("URL contains a space, control character or backslash")
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return fail("not a valid http(s) URL")
	}
	// Search only after the authority: a host name cannot hold the ticket.
	rest := s[len(u.Scheme)+len("://"):]
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[i:]
	} else {
		rest = ""
	}
	all, afterTickets := findGUIDs(rest)
	switch {
	case len(all) == 1:
		return all[0], nil
	case len(all) == 0:
		return fail("the URL contains no ticket GUID")
	case len(afterTickets) == 1:
		return afterTickets[0], nil
	}
	return fail("the URL contains several different GUIDs")
}

func hasHTTPScheme(s string) bool {
	l := strings.ToLower(s[:min(len(s), len("https://"))])
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// findGUIDs returns the distinct GUIDs in s that stand alone (not part of a
// longer run of hex digits, letters or dashes), and those among them that
// follow "tickets/".
func findGUIDs(s string) (all, afterTickets []string) {
	for _, m := range guidAnywhere.FindAllStringIndex(s, -1) {
		if (m[0] > 0 && isWordByte(s[m[0]-1])) || (m[1] < len(s) && isWordByte(s[m[1]])) {
			continue
		}
		g := strings.ToLower(s[m[0]:m[1]])
		all = appendUnique(all, g)
		if strings.HasSuffix(strings.ToLower(s[:m[0]]), "tickets/") {
			afterTickets = appendUnique(afterTickets, g)
		}
	}
	return all, afterTickets
}

func isWordByte(c byte) bool {
	return c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
