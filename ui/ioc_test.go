package ui

import (
	"strings"
	"testing"
)

func TestExtractIOCs(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		want []string // kind:value, in order
	}{
		{"ipv4 and ports", []string{"src 185.220.101.47:51544 -> 10.20.30.15:443"},
			[]string{"ipv4:185.220.101.47", "ipv4:10.20.30.15"}},
		{"not an address", []string{"version 1.2.3.4.5, 999.1.1.1, 01.2.3.4, 2022-09-14 17:34:19+0900"}, nil},
		{"ipv6", []string{"from 2001:db8::1 and fe80::1%eth0; not std::vector, not 17:34:19, not ::"},
			[]string{"ipv6:2001:db8::1", "ipv6:fe80::1"}},
		{"url, its domain, trailing punctuation", []string{"see https://Evil.example/a/b.php?x=1)."},
			[]string{"url:https://Evil.example/a/b.php?x=1", "domain:evil.example"}},
		{"files are not domains", []string{"cmd.exe /c echo > C:\\temp\\a.txt; jquery.min.js"}, nil},
		{"email and its domain", []string{"Reply-To: HR-Desk@Mailbox.example"},
			[]string{"domain:mailbox.example", "email:hr-desk@mailbox.example"}},
		{"hashes", []string{"md5 44d88612fea8a8f36de82e1278abb02f sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 sha256 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"},
			[]string{"md5:44d88612fea8a8f36de82e1278abb02f", "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}},
		{"not a hash: a GUID, a 48-digit run", []string{"49272877-75f2-4c2f-9301-d21c4f9a106d " + strings.Repeat("ab", 24)}, nil},
		{"deduplicated across texts, first seen first", []string{"10.0.0.2 and 10.0.0.1", "10.0.0.1 again, 10.0.0.2"},
			[]string{"ipv4:10.0.0.2", "ipv4:10.0.0.1"}},
		// Escaped display text: the \x1B token stops the URL; the OSC 52
		// payload is not an indicator.
		{"hostile escapes", []string{`http://shop.example/\x1B]52;c;ZXZpbA==\x07?q=1`, `A\x1B]52;c;ZXZpbA==\x07B`},
			[]string{"url:http://shop.example/", "domain:shop.example"}},
		{"nothing", []string{"", "no indicators here", "웹 서버 설정 수집 시도"}, nil},
	}
	names := [...]string{"url", "domain", "ipv4", "ipv6", "email", "md5", "sha1", "sha256"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, x := range extractIOCs(c.in) {
				got = append(got, names[x.kind]+":"+x.value)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestDefang(t *testing.T) {
	cases := []struct {
		in   ioc
		want string
	}{
		{ioc{iocURL, "https://evil.example/a.php?x=1.2"}, "hxxps://evil[.]example/a.php?x=1.2"},
		{ioc{iocURL, "HTTP://evil.example"}, "hxxp://evil[.]example"},
		{ioc{iocURL, "ftp://files.example/x"}, "fxp://files[.]example/x"},
		{ioc{iocDomain, "cdn-sync.example"}, "cdn-sync[.]example"},
		{ioc{iocIPv4, "185.220.101.47"}, "185[.]220[.]101[.]47"},
		{ioc{iocIPv6, "2001:db8::1"}, "2001[:]db8[:][:]1"},
		{ioc{iocEmail, "hr-desk@mailbox.example"}, "hr-desk[@]mailbox[.]example"},
		{ioc{iocSHA256, strings.Repeat("a", 64)}, strings.Repeat("a", 64)},
	}
	for _, c := range cases {
		if got := defang(c.in); got != c.want {
			t.Errorf("defang(%q) = %q, want %q", c.in.value, got, c.want)
		}
	}
}

// TestIOCsOfTicket reads the Markdown phishing ticket: the indicators of
// its event text and comment, deduplicated, each group in order.
func TestIOCsOfTicket(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "markdown"), 100, 30, Dark)
	got := iocText(extractIOCs(ticketTexts(h.model().ticket)), false)
	for _, want := range []string{
		"https://hanbit-flnance.example/sso/login", "hanbit-flnance.example", "payroll@hanbit-flnance.example",
		"hr-desk@mailbox.example", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("IOCs lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Payroll_Nov2026.html") {
		t.Errorf("a file name was taken for a domain:\n%s", got)
	}
	lines := strings.Split(got, "\n")
	seen := map[string]bool{}
	for _, l := range lines {
		if seen[l] {
			t.Errorf("%q listed twice", l)
		}
		seen[l] = true
	}
}

// TestCopyIOCsHostile: the hostile ticket's IOCs go to the clipboard in
// escaped form: no control character, no line that is not an indicator.
func TestCopyIOCsHostile(t *testing.T) {
	h := newHarness(t, fixtureGUID(t, "hostile"), 120, 40, Dark)
	for _, k := range []string{"i", "I"} {
		h.keys("y", k)
		got := h.clip.last()
		if got == "" {
			t.Fatalf("y %s copied nothing", k)
		}
		for _, r := range got {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x202e {
				t.Fatalf("y %s copied %U in %q", k, r, got)
			}
		}
		for _, l := range strings.Split(got, "\n") {
			if l == "" || strings.ContainsAny(l, " \t") {
				t.Errorf("y %s: line %q is not one indicator", k, l)
			}
		}
	}
	if got := h.clip.last(); strings.Contains(got, "http://") || !strings.Contains(got, "hxxp://") {
		t.Errorf("defanged list keeps a live URL:\n%s", got)
	}
}
