package markdown

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// TestMD3LinksShowTarget: the real target is always visible, and a label
// that names another host is flagged.
func TestMD3LinksShowTarget(t *testing.T) {
	tests := []struct {
		name, src string
		shows     []string
		mismatch  bool
	}{
		{"phishing", "[https://siem.corp/t/1](https://evil.example/x)", []string{"https://siem.corp/t/1", "https://evil.example/x", mismatchNote}, true},
		{"plain label", "[ok](https://a.example)", []string{"ok", "https://a.example"}, false},
		{"same host", "[https://a.example/x](https://a.example/y)", []string{"https://a.example/y"}, false},
		{"www label", "[www.bank.example](https://evil.example)", []string{"https://evil.example", mismatchNote}, true},
		{"bare host label", "[paypal.com](https://evil.example)", []string{mismatchNote}, true},
		{"homograph", "[x](https://p\u0430ypal.com/login)", []string{"https://xn--pypal-4ve.com/login"}, false},
		{"userinfo", "[x](https://siem.corp@evil.example/)", []string{"https://siem.corp@evil.example/"}, false},
		{"reference", "[x][r]\n\n[r]: https://ref.example/p", []string{"x https://ref.example/p"}, false},
		{"relative", "[x](/tickets/1)", []string{"x /tickets/1"}, false},
		{"escape in target", "[x](https://a.example/\x1b[2J)", []string{`https://a.example/\x1B[2J`}, false},
		{"autolink", "see https://auto.example/p.", []string{"https://auto.example/p"}, false},
		{"www autolink", "see www.auto.example", []string{"http://www.auto.example"}, false},
		{"email", "mail soc@corp.example", []string{"soc@corp.example"}, false},
		{"in table", "| a |\n|---|\n| [x](https://t.example) |", []string{"x https://t.example"}, false},
		{"in emphasis", "*[x](https://e.example)*", []string{"x https://e.example"}, false},
		{"image in link", "[![alt](https://i.example/p.png)](https://l.example)", []string{"[image: alt] <https://i.example/p.png>", "https://l.example"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := render(tc.src, 120)
			text := visible(r.Lines)
			for _, s := range tc.shows {
				if !strings.Contains(text, s) {
					t.Errorf("%q does not show %q", text, s)
				}
			}
			if got := strings.Contains(text, mismatchNote); got != tc.mismatch {
				t.Errorf("mismatch marker = %v, want %v: %q", got, tc.mismatch, text)
			}
			if len(r.Links) == 0 || r.Links[0].Mismatch != tc.mismatch {
				t.Errorf("Links = %+v", r.Links)
			}
			checkLines(t, r.Lines, 120, false)
		})
	}
}

func TestLinksList(t *testing.T) {
	r := render("[a](https://x.example) ![b](https://y.example/i.png) https://z.example", 80)
	want := []struct {
		label, target string
		image         bool
	}{{"a", "https://x.example", false}, {"b", "https://y.example/i.png", true}, {"https://z.example", "https://z.example", false}}
	if len(r.Links) != len(want) {
		t.Fatalf("Links = %+v", r.Links)
	}
	for i, w := range want {
		l := r.Links[i]
		if l.Label.Plain() != w.label || l.Target.Plain() != w.target || l.Image != w.image {
			t.Errorf("link %d = {%q %q %v}, want %+v", i, l.Label.Plain(), l.Target.Plain(), l.Image, w)
		}
	}
}

var osc8 = regexp.MustCompile("\x1b\\]8;[^;\a]*;([^\a]*)\a")

// hyperlinks returns each OSC 8 URI with the visible text it wraps.
func hyperlinks(lines []string) [][2]string {
	var out [][2]string
	for _, l := range lines {
		for _, m := range osc8.FindAllStringSubmatchIndex(l, -1) {
			uri := l[m[2]:m[3]]
			if uri == "" {
				continue
			}
			rest := l[m[1]:]
			end := strings.Index(rest, "\x1b]8;;\a")
			out = append(out, [2]string{uri, ansi.Strip(rest[:end])})
		}
	}
	return out
}

// TestMD4OSC8 covers MD-4: no OSC 8 by default; when enabled, only for
// http(s), percent-encoded, bounded, and only around the URL text.
func TestMD4OSC8(t *testing.T) {
	on := Options{Width: 120, ClickableLinks: true}
	for _, src := range []string{"[x](https://a.example)", "https://a.example", "![i](https://a.example/p.png)"} {
		if out := strings.Join(render(src, 120).Lines, ""); strings.Contains(out, "\x1b]8;") {
			t.Errorf("default mode emitted OSC 8 for %q: %q", src, out)
		}
	}
	for _, src := range []string{"[x](file:///etc/passwd)", "[x](javascript:alert(1))", "[x](https://a.example/" + strings.Repeat("a", 2100) + ")"} {
		r := Render(termsafe.Wrap(src), on)
		if h := hyperlinks(r.Lines); len(h) != 0 {
			t.Errorf("%.40q: OSC 8 %q", src, h)
		}
		checkLines(t, r.Lines, on.Width, true)
	}

	r := Render(termsafe.Wrap("[x](https://a.example/\u009c)"), on)
	h := hyperlinks(r.Lines)
	if len(h) != 1 || h[0][0] != "https://a.example/%C2%9C" || h[0][1] != `https://a.example/\u{009C}` {
		t.Errorf("hyperlinks = %q", h)
	}
	checkLines(t, r.Lines, on.Width, true)

	// Only the URL is clickable, never the (differing) label.
	r = Render(termsafe.Wrap("[https://siem.corp/t/1](https://evil.example/x)"), on)
	h = hyperlinks(r.Lines)
	if len(h) != 1 || h[0] != [2]string{"https://evil.example/x", "https://evil.example/x"} {
		t.Errorf("hyperlinks = %q", h)
	}
}

// TestMD4WrappedLinks: a target wrapped over lines (here in a table cell,
// whose lines interleave with other cells) is clickable only on its own
// text, and every part points at its own link.
func TestMD4WrappedLinks(t *testing.T) {
	src := "| a | b |\n|---|---|\n| left text that wraps | [x](https://one.example/aaaaaaaaaaaa) [y](https://two.example/bbbbbbbbbbbb) |"
	r := Render(termsafe.Wrap(src), Options{Width: 40, ClickableLinks: true})
	checkLines(t, r.Lines, 40, true)
	h := hyperlinks(r.Lines)
	if len(h) < 2 {
		t.Fatalf("hyperlinks = %q in %q", h, r.Lines)
	}
	for _, p := range h {
		if p[1] == "" || !strings.Contains(p[0], p[1]) {
			t.Errorf("OSC 8 to %q wraps %q, which is not part of that URL", p[0], p[1])
		}
	}
}

func TestLabelHost(t *testing.T) {
	tests := []struct {
		label, host string
		ok          bool
	}{
		{"click here", "", false},
		{"https://siem.corp/t/1", "siem.corp", true},
		{"HTTPS://SIEM.CORP", "siem.corp", true},
		{"www.bank.example/login", "www.bank.example", true},
		{"paypal.com", "paypal.com", true},
		{"user@mail.example", "mail.example", true},
		{"siem.corp:8443/x", "siem.corp", true},
		{"v1.2.3", "", false},
		{"3.14", "", false},
		{"p\u0430ypal.com", "xn--pypal-4ve.com", true},
		{"javascript://x", "x", true},
		{"", "", false},
	}
	for _, tc := range tests {
		host, ok := labelHost(tc.label)
		if host != tc.host || ok != tc.ok {
			t.Errorf("labelHost(%q) = %q, %v; want %q, %v", tc.label, host, ok, tc.host, tc.ok)
		}
	}
}

func TestDescribeURL(t *testing.T) {
	tests := []struct{ raw, display, host, clickable string }{
		{"https://A.Example/P?q#f", "https://a.example/P?q#f", "a.example", "https://a.example/P?q#f"},
		{"HTTP://x.example:8080", "http://x.example:8080", "x.example", "http://x.example:8080"},
		{"https://[::1]:443/", "https://[::1]:443/", "::1", "https://[::1]:443/"},
		{"https://bücher.example/ä", "https://xn--bcher-kva.example/ä", "xn--bcher-kva.example", "https://xn--bcher-kva.example/%C3%A4"},
		{"ftp://f.example/x", "ftp://f.example/x", "f.example", ""},
		{"mailto:a@b.example", "mailto:a@b.example", "", ""},
		{"/relative", "/relative", "", ""},
		{"https://a.example/\x07", "https://a.example/\x07", "", ""},
	}
	for _, tc := range tests {
		got := describeURL(tc.raw)
		if got.display != tc.display || got.host != tc.host || got.clickable != tc.clickable {
			t.Errorf("describeURL(%q) = %+v, want {%q %q %q}", tc.raw, got, tc.display, tc.host, tc.clickable)
		}
	}
}

// TestUnmark: prepared text maps back to the raw text it came from, which
// is what link targets are parsed from.
func TestUnmark(t *testing.T) {
	for _, raw := range []string{"a&b<c", "x\x1b[31my", "\u202e\u009c", "\x1b]0;t\x07", "plain", "\\x1B typed"} {
		if got := unmark(prepare(termsafe.Marked(termsafe.Wrap(raw)))); got != raw {
			t.Errorf("unmark(prepare(%q)) = %q", raw, got)
		}
	}
}
