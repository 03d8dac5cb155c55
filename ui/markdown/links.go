package markdown

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/idna"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Link is one link or image of a comment, for a links list in the UI.
type Link struct {
	Label    termsafe.Safe // link text or image alt text
	Target   termsafe.Safe // the real destination, host in punycode (MD-3)
	Image    bool
	Mismatch bool // the label looks like a URL for a different host
}

// maxClickableURI is the longest URI MD-4 lets into an OSC 8 sequence.
const maxClickableURI = 2048

// mismatchNote follows a link whose URL-looking label names another host.
const mismatchNote = "⚠ label≠target"

// linkRewriter replaces glamour's link handling. glamour v2.0.1 wraps every
// link and image in OSC 8 and has no option to turn that off, so links
// never reach it: a link keeps its label (with an unparsable destination,
// which makes glamour emit neither OSC 8 nor its own URL), followed by text
// nodes showing the real target; images and autolinks become text.
// Inserted text is appended to the source so it can be addressed by
// segments like any other text.
type linkRewriter struct {
	*extraSource
	links []Link
	uris  []string // vetted OSC 8 URI per link ("" = not clickable)
	ascii bool     // write the mismatch note in ASCII
}

func (lr *linkRewriter) rewrite(doc ast.Node) {
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.Kind() {
		case ast.KindLink, ast.KindImage, ast.KindAutoLink:
			if entering {
				nodes = append(nodes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range nodes {
		switch n := n.(type) {
		case *ast.Link:
			lr.link(n)
		case *ast.Image:
			lr.image(n)
		case *ast.AutoLink:
			lr.autoLink(n)
		}
	}
}

func (lr *linkRewriter) link(n *ast.Link) {
	label := unmark(string(util.UnescapePunctuations(lr.plain(n))))
	t := describeURL(unmark(string(util.UnescapePunctuations(n.Destination))))
	mismatch := labelMismatch(label, t.host)
	n.Destination, n.Title = []byte(":"), nil // url.Parse fails: no OSC 8, no href

	parent, at := n.Parent(), ast.Node(n)
	after := func(s string) {
		node := lr.text(s)
		parent.InsertAfter(parent, at, node)
		at = node
	}
	if n.HasChildren() {
		after(" ")
	}
	after(lr.target(t, label, false, mismatch))
	if mismatch {
		after(" ")
		// Strong emphasis: glamour styles it, and it is trusted text.
		warn := ast.NewEmphasis(2)
		warn.AppendChild(warn, lr.text(asciiNote(lr.ascii, mismatchNote)))
		parent.InsertAfter(parent, at, warn)
	}
}

func (lr *linkRewriter) image(n *ast.Image) {
	parent := n.Parent()
	alt := unmark(string(util.UnescapePunctuations(lr.plain(n))))
	t := describeURL(unmark(string(util.UnescapePunctuations(n.Destination))))
	parent.InsertBefore(parent, n, lr.text("[image: "))
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.InsertBefore(parent, n, lr.text("] <"+lr.target(t, alt, true, false)+">"))
	parent.RemoveChild(parent, n)
}

func (lr *linkRewriter) autoLink(n *ast.AutoLink) {
	parent := n.Parent()
	label := unmark(string(n.Label(lr.src)))
	dest := unmark(string(n.URL(lr.src)))
	if n.AutoLinkType != ast.AutoLinkEmail {
		parent.ReplaceChild(parent, n, lr.text(lr.target(describeURL(dest), label, false, false)))
		return
	}
	// The address is the visible text; the target only adds "mailto:".
	if !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
		dest = "mailto:" + dest
	}
	lr.links = append(lr.links, Link{Label: safe(label), Target: safe(dest)})
	lr.uris = append(lr.uris, "")
	parent.ReplaceChild(parent, n, lr.text(styledText(label, len(lr.links)-1)))
}

// target records a link and returns its target as styled text.
func (lr *linkRewriter) target(t urlInfo, label string, image, mismatch bool) string {
	lr.links = append(lr.links, Link{Label: safe(label), Target: safe(t.display), Image: image, Mismatch: mismatch})
	lr.uris = append(lr.uris, t.clickable)
	return styledText(t.display, len(lr.links)-1)
}

func safe(s string) termsafe.Safe { return termsafe.Escape(termsafe.Wrap(s), termsafe.SingleLine) }

// urlInfo is what a comment link is shown and vetted as.
type urlInfo struct {
	display   string // scheme://[userinfo@]punycode-host[:port]rest, raw
	host      string // lower-case ASCII host, "" if the URL has none
	clickable string // vetted OSC 8 URI (MD-4), "" if not eligible
}

// describeURL shows a destination with its host in punycode, so a
// homograph (Cyrillic а in "pаypal") is visible (TERM-7, MD-3).
func describeURL(raw string) urlInfo {
	u, err := url.Parse(raw)
	colon := strings.IndexByte(raw, ':')
	if err != nil || u.Host == "" || colon < 0 || !strings.HasPrefix(raw[colon+1:], "//") {
		return urlInfo{display: raw}
	}
	auth := raw[colon+3:]
	end := strings.IndexAny(auth, "/?#")
	if end < 0 {
		end = len(auth)
	}
	rest := auth[end:]
	userinfo := ""
	if at := strings.LastIndexByte(auth[:end], '@'); at >= 0 {
		userinfo = auth[:at+1]
	}
	host := asciiHost(u.Hostname())
	hostport := host
	if strings.Contains(host, ":") {
		hostport = "[" + host + "]"
	}
	if p := u.Port(); p != "" {
		hostport += ":" + p
	}
	scheme := strings.ToLower(u.Scheme)
	info := urlInfo{display: scheme + "://" + userinfo + hostport + rest, host: host}
	if scheme == "http" || scheme == "https" {
		if uri := percentEncode(info.display); len(uri) <= maxClickableURI {
			info.clickable = uri
		}
	}
	return info
}

// asciiHost converts a host name to lower-case punycode; names IDNA
// rejects are converted leniently rather than hidden.
func asciiHost(h string) string {
	h = strings.TrimSuffix(h, ".")
	if a, err := idna.Lookup.ToASCII(h); err == nil {
		return strings.ToLower(a)
	}
	if a, err := idna.Punycode.ToASCII(h); err == nil {
		return strings.ToLower(a)
	}
	return strings.ToLower(h)
}

// percentEncode keeps printable ASCII and %-encodes every other byte, so
// an OSC 8 URI can neither end the sequence nor smuggle controls (MD-4).
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c > 0x20 && c < 0x7f {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// labelMismatch reports whether a label that looks like a URL or host name
// names a different host than the target (MD-3). Labels that are plainly
// not addresses ("click here") are never flagged.
func labelMismatch(label, targetHost string) bool {
	h, ok := labelHost(strings.TrimSpace(label))
	return ok && h != targetHost
}

// labelHost extracts the host a label appears to name: "scheme://host…",
// "www.host…" or a bare "host.tld[:port][/…]".
func labelHost(label string) (string, bool) {
	if label == "" || strings.ContainsAny(label, " \t\n") {
		return "", false
	}
	if i := strings.Index(label, "://"); i > 0 {
		u, err := url.Parse(label)
		if err != nil || u.Host == "" {
			return "", true // claims to be a URL but names no usable host
		}
		return asciiHost(u.Hostname()), true
	}
	host := label
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[:i], ":") {
		host = host[:i]
	}
	host = strings.TrimSuffix(host, ".")
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || len(host)-dot-1 < 2 {
		return "", false
	}
	for _, r := range host[dot+1:] {
		if !unicode.IsLetter(r) && r != '-' {
			return "", false // "v1.2", "3.14": not a host
		}
	}
	for _, r := range host {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '.' {
			return "", false
		}
	}
	return asciiHost(host), true
}
