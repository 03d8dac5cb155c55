package ui

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// IOC extraction for "copy the IOCs" (y i, y I). It reads the escaped
// display form of the title, every string of the event and every comment,
// so what it finds is exactly what the screen shows: a value holding a
// control character shows (and is copied) with its \xNN token, which no
// pattern below matches across. RE2 keeps the matching linear in the input,
// however hostile.

// iocKind orders the groups of the copied list.
type iocKind uint8

const (
	iocURL iocKind = iota
	iocDomain
	iocIPv4
	iocIPv6
	iocEmail
	iocMD5
	iocSHA1
	iocSHA256
)

// ioc is one indicator.
type ioc struct {
	kind  iocKind
	value string
}

// maxIOCs bounds the copied list (OSC 52 payloads are limited by
// terminals and tmux); indicators past it are not copied.
const maxIOCs = 5000

var (
	urlRE   = regexp.MustCompile(`(?i)\b(?:https?|ftp)://[^\s"'<>\\` + "`" + `]+`)
	emailRE = regexp.MustCompile(`(?i)\b[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,63}\b`)
	// A domain is labels of letters, digits and dashes, ending in a TLD of
	// letters only; dots around (1.2.3.4.5, a..b) are checked by the caller.
	domainRE = regexp.MustCompile(`(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\b`)
	ipv4RE   = regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b`)
	ipv6RE   = regexp.MustCompile(`(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}`)
	hashRE   = regexp.MustCompile(`(?i)\b[0-9a-f]{32,64}\b`)
)

// notTLD are file extensions that look like top-level domains in event
// text ("cmd.exe", "a.txt"): they are not domains.
var notTLD = map[string]bool{
	"exe": true, "dll": true, "sys": true, "txt": true, "log": true, "js": true, "json": true, "xml": true,
	"html": true, "htm": true, "php": true, "jsp": true, "asp": true, "aspx": true, "css": true, "png": true,
	"jpg": true, "jpeg": true, "gif": true, "svg": true, "pdf": true, "doc": true, "docx": true, "xls": true,
	"xlsx": true, "ppt": true, "pptx": true, "zip": true, "rar": true, "gz": true, "tar": true, "tmp": true,
	"bat": true, "cmd": true, "ps": true, "sh": true, "py": true, "vbs": true, "ini": true, "cfg": true,
	"conf": true, "bak": true, "db": true, "dat": true, "csv": true, "md": true, "yml": true, "yaml": true,
}

// gTLDs are the generic top-level domains seen in SOC work, and the
// reserved and internal ones used in examples and company networks. Any
// two-letter TLD (a country) counts too, unless it is a file extension.
// Code in comments ("text.encoding", "c.length") is not a domain.
var gTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "info": true, "biz": true, "io": true, "co": true, "gov": true,
	"edu": true, "mil": true, "int": true, "xyz": true, "top": true, "site": true, "online": true, "app": true,
	"dev": true, "cloud": true, "club": true, "shop": true, "store": true, "live": true, "tech": true,
	"icu": true, "vip": true, "work": true, "link": true, "click": true, "buzz": true, "rest": true,
	"space": true, "website": true, "life": true, "world": true, "today": true, "email": true, "support": true,
	"services": true, "mobi": true, "name": true, "pro": true, "asia": true, "onion": true, "bit": true,
	"example": true, "test": true, "invalid": true, "localhost": true, "local": true, "internal": true,
	"corp": true, "lan": true, "intranet": true, "home": true, "arpa": true,
}

func isTLD(t string) bool {
	if notTLD[t] {
		return false
	}
	return gTLDs[t] || len(t) == 2
}

// extractIOCs finds the indicators in texts: deduplicated, grouped by kind
// (URLs, domains, IPv4, IPv6, emails, MD5, SHA-1, SHA-256), each group in
// order of first appearance.
func extractIOCs(texts []string) []ioc {
	seen := map[ioc]bool{}
	var byKind [iocSHA256 + 1][]string
	add := func(k iocKind, v string) {
		if k == iocDomain || k == iocEmail {
			v = strings.ToLower(v)
		}
		key := ioc{k, v}
		if !seen[key] {
			seen[key] = true
			byKind[k] = append(byKind[k], v)
		}
	}
	for _, s := range texts {
		for _, u := range urlRE.FindAllString(s, -1) {
			if i := strings.Index(u, "]("); i >= 0 {
				u = u[:i] // a Markdown link: [label](target)
			}
			u = strings.TrimRight(u, ".,;:!?)]}'")
			add(iocURL, u)
		}
		for _, e := range emailRE.FindAllString(s, -1) {
			add(iocEmail, e)
		}
		for _, loc := range domainRE.FindAllStringIndex(s, -1) {
			d := s[loc[0]:loc[1]]
			if dottedNeighbour(s, loc) || !isTLD(strings.ToLower(d[strings.LastIndexByte(d, '.')+1:])) {
				continue
			}
			add(iocDomain, d)
		}
		for _, loc := range ipv4RE.FindAllStringIndex(s, -1) {
			if dottedNeighbour(s, loc) {
				continue
			}
			if a, err := netip.ParseAddr(s[loc[0]:loc[1]]); err == nil && a.Is4() {
				add(iocIPv4, a.String())
			}
		}
		for _, loc := range ipv6RE.FindAllStringIndex(s, -1) {
			c := s[loc[0]:loc[1]]
			if strings.Count(c, ":") < 2 || (loc[0] > 0 && (isHexWord(s[loc[0]-1]) || isWordChar(s[loc[0]-1]))) ||
				(loc[1] < len(s) && (isHexWord(s[loc[1]]) || isWordChar(s[loc[1]]))) {
				continue
			}
			if a, err := netip.ParseAddr(c); err == nil && a.Is6() && !a.Is4In6() && !a.IsUnspecified() && len(c)-strings.Count(c, ":") >= 3 {
				add(iocIPv6, a.String())
			}
		}
		for _, h := range hashRE.FindAllString(s, -1) {
			switch len(h) {
			case 32:
				add(iocMD5, strings.ToLower(h))
			case 40:
				add(iocSHA1, strings.ToLower(h))
			case 64:
				add(iocSHA256, strings.ToLower(h))
			}
		}
	}
	var out []ioc
	for k, vs := range byKind {
		for _, v := range vs {
			out = append(out, ioc{iocKind(k), v})
		}
	}
	return out
}

// dottedNeighbour reports whether the match continues with a dot and a
// word character on either side: part of a longer dotted name or version.
func dottedNeighbour(s string, loc []int) bool {
	if loc[0] >= 2 && s[loc[0]-1] == '.' && isHexWord(s[loc[0]-2]) {
		return true
	}
	return loc[1]+1 < len(s) && s[loc[1]] == '.' && isWordChar(s[loc[1]+1])
}

func isHexWord(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.'
}

func isWordChar(c byte) bool {
	return c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// defang makes an indicator safe to paste where it could be clicked or
// resolved: hxxp://, [.] for dots and [@] in addresses. Hashes stay as
// they are.
func defang(i ioc) string {
	v := i.value
	switch i.kind {
	case iocMD5, iocSHA1, iocSHA256:
		return v
	case iocIPv6:
		return strings.ReplaceAll(v, ":", "[:]")
	case iocURL:
		low := strings.ToLower(v)
		for _, p := range []struct{ from, to string }{{"https://", "hxxps://"}, {"http://", "hxxp://"}, {"ftp://", "fxp://"}} {
			if strings.HasPrefix(low, p.from) {
				v = p.to + v[len(p.from):]
				break
			}
		}
		// Only the host is defanged; the path keeps its dots.
		scheme, rest, _ := strings.Cut(v, "://")
		host, path := rest, ""
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			host, path = rest[:j], rest[j:]
		}
		return scheme + "://" + strings.ReplaceAll(host, ".", "[.]") + path
	case iocEmail:
		v = strings.Replace(v, "@", "[@]", 1)
	}
	return strings.ReplaceAll(v, ".", "[.]")
}

// ticketTexts is the escaped display text the IOCs are taken from: the
// title, every string value of the event, or its text when it is not
// JSON, and every comment.
func ticketTexts(t *api.Ticket) []string {
	esc := func(u termsafe.Untrusted) string { return termsafe.Escape(u, termsafe.MultiLine).Plain() }
	out := []string{esc(t.Title.Text())}
	if t.Event.Tree != nil {
		// An explicit stack: the event may be nested 10,000 deep (DATA-9).
		stack := []*jsontree.Node{t.Event.Tree}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch n.Kind {
			case jsontree.String:
				out = append(out, esc(n.Value))
			case jsontree.Object:
				for i := len(n.Members) - 1; i >= 0; i-- {
					stack = append(stack, n.Members[i].Value)
				}
			case jsontree.Array:
				for i := len(n.Items) - 1; i >= 0; i-- {
					stack = append(stack, n.Items[i])
				}
			}
		}
	} else if t.Content.Kind() == jsontree.String {
		out = append(out, esc(t.Content.Text()))
	}
	for _, c := range t.Comments {
		if c.Content.Kind() == jsontree.String {
			out = append(out, esc(c.Content.Text()))
		}
	}
	return out
}

// iocText is the list to copy, one indicator a line.
func iocText(list []ioc, defanged bool) string {
	lines := make([]string, 0, min(len(list), maxIOCs))
	for i, x := range list {
		if i == maxIOCs {
			break
		}
		if defanged {
			lines = append(lines, defang(x))
		} else {
			lines = append(lines, x.value)
		}
	}
	return strings.Join(lines, "\n")
}
