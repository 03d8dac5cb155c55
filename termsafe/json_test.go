package termsafe

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuoteJSON(t *testing.T) {
	cases := []struct{ in, want string }{
		{`plain`, `"plain"`},
		{`cmd.exe /c "echo pwned > C:\temp\a.txt"`, `"cmd.exe /c \"echo pwned > C:\\temp\\a.txt\""`},
		{"a\x1b]0;pwned\x07b", `"a\u001b]0;pwned\u0007b"`},
		{"tab\there\nnew", `"tab\there\nnew"`},
		{"rtl\u202eevil", `"rtl\u202eevil"`},
		{"c1\u009b31m", `"c1\u009b31m"`},
		{"한국어 😀", `"한국어 😀"`},
		{"bad\xffbyte", `"bad\ufffdbyte"`},
		{"\x1b]52;c;\"x\\\x07", `"\u001b]52;c;\"x\\\u0007"`},
	}
	for _, c := range cases {
		got := QuoteJSON(Wrap(c.in))
		if got.Plain() != c.want {
			t.Errorf("QuoteJSON(%q) = %s, want %s", c.in, got.Plain(), c.want)
		}
		if !json.Valid([]byte(got.Plain())) {
			t.Errorf("QuoteJSON(%q) = %s is not valid JSON", c.in, got.Plain())
		}
		if utf8.ValidString(c.in) {
			var back string
			if err := json.Unmarshal([]byte(got.Plain()), &back); err != nil || back != c.in {
				t.Errorf("QuoteJSON(%q) decodes to %q (%v)", c.in, back, err)
			}
		}
		if Unescape(got) != c.in {
			t.Errorf("Unescape(QuoteJSON(%q)) = %q", c.in, Unescape(got))
		}
		for _, r := range got.Plain() {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x202e {
				t.Errorf("QuoteJSON(%q) holds %U", c.in, r)
			}
		}
	}
	// Escapes drawn in the reserved style are the dangerous ones only.
	segs := QuoteJSON(Wrap("a\x1b[2Jb\"c")).Segments()
	var escaped []string
	for _, g := range segs {
		if g.Kind == Escaped {
			escaped = append(escaped, g.Text)
		}
	}
	if strings.Join(escaped, "|") != `\u001b[2J` {
		t.Errorf("escaped segments %q", escaped)
	}
}

func FuzzQuoteJSON(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x1b]0;x\x07", "\xff", "\u202e", "\U0001F600", "plain ascii ~!@#$%^&*()", "tab\tnl\n\x7f", "한국어"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if w, want := QuoteJSONWidth(Wrap(s)), QuoteJSON(Wrap(s)).Width(); w != want {
			t.Fatalf("QuoteJSONWidth(%q) = %d, QuoteJSON's width is %d", s, w, want)
		}
		q := QuoteJSON(Wrap(s)).Plain()
		if !json.Valid([]byte(q)) {
			t.Fatalf("QuoteJSON(%q) = %s: not valid JSON", s, q)
		}
		if utf8.ValidString(s) {
			var back string
			if err := json.Unmarshal([]byte(q), &back); err != nil || back != s {
				t.Fatalf("QuoteJSON(%q) = %s decodes to %q", s, q, back)
			}
		}
	})
}
