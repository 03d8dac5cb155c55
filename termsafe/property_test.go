package termsafe

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"pgregory.net/rapid"
)

// fragments are the building blocks the generators favour: the characters
// and sequences where escaping, widths and cutting go wrong.
var fragments = []string{
	"a", "hello", " ", "  ", "\t", "\n", "\r\n", "\r", "\\", "\\x1B",
	"\x1b", "\x1b[", "\x1b[31m", "\x1b]52;c;QQ==\x07", "\x1b]0;t", "\x1bP", "\x1b\\", "\x1bc",
	"\u009b", "\u009c", "\u009d", "\x18", "\x7f",
	"한국어", "中文", "👍", "🏽", "🇰🇷", "\ufe0f", "e\u0301", "\u0301", "\u20e3",
	"\u0D4E", "\u0E33", "ก", "\u0903", "\u1100", "\u1161", "\u11a8",
	"\u200d", "\u202e", "\u00a0", "\u00ad", "\U000E0041", "\uE002", "\uFFFD", "\uFFFF",
	"\xff", "\xc2", "\xed\xa0\x80",
}

// hostileText draws strings mixing fragments, arbitrary Unicode and raw
// bytes.
var hostileText = rapid.Custom(func(t *rapid.T) string {
	part := rapid.OneOf(
		rapid.SampledFrom(fragments),
		rapid.String(),
		rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 4), func(b []byte) string { return string(b) }),
	)
	n := rapid.IntRange(0, 80).Draw(t, "n")
	return strings.Join(rapid.SliceOfN(part, n, n).Draw(t, "parts"), "")
})

var modes = rapid.SampledFrom([]Mode{SingleLine, MultiLine})

// tester is what checkSafe needs from *testing.T and *rapid.T.
type tester interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkSafe asserts the FUZZ-1 properties of s = Escape(in, m).
func checkSafe(t tester, in string, m Mode, s Safe) {
	t.Helper()
	plain := s.Plain()
	if u := Unescape(s); u != in {
		t.Fatalf("Unescape(Escape(%q)) = %q", in, u)
	}
	if !utf8.ValidString(plain) {
		t.Fatalf("Plain %q is not valid UTF-8", plain)
	}
	if len(plain) > 12*len(in)+16 {
		t.Fatalf("Plain is %d bytes for %d input bytes", len(plain), len(in))
	}
	for _, r := range plain {
		if isPrintableASCII(byte(r)) && r < utf8.RuneSelf || r == '\n' && m == MultiLine {
			continue
		}
		if forbidden(r) {
			t.Fatalf("Plain %q contains U+%04X", plain, r)
		}
	}
	for _, g := range s.segs {
		if g.Kind != Escaped {
			continue
		}
		if i := badToken(g.Text); i >= 0 {
			t.Fatalf("escape span %q is malformed at byte %d", g.Text, i)
		}
	}
	if isPrintableASCIIString(in) && plain != in {
		t.Fatalf("printable ASCII %q became %q", in, plain)
	}
	// ansi.StringWidth is slow; on huge inputs (the 1 MiB seed) the cross
	// check would stall the fuzzer, and widths are checked on the rest.
	if len(in) > 1<<16 {
		return
	}
	if w := maxLineWidth(plain); s.Width() != w {
		t.Fatalf("Width = %d, ansi.StringWidth = %d for %q", s.Width(), w, plain)
	}
}

// forbidden is the dangerous set, decided with the unicode tables rather
// than the code under test.
func forbidden(r rune) bool {
	return r < 0x20 || (r >= 0x7F && r < 0xA0) ||
		unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Co, unicode.Cs) ||
		(unicode.Is(unicode.Zs, r) && r != ' ') ||
		(r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE
}

// badToken returns the offset of the first byte in an escape span that is
// not printable ASCII or a backslash that does not start a token (\xNN
// or \u{XXXX} with 4 to 6 uppercase hex digits), or -1.
func badToken(text string) int {
	for i := 0; i < len(text); i++ {
		if !isPrintableASCII(text[i]) {
			return i
		}
		if text[i] != '\\' {
			continue
		}
		n := tokenLen(text[i:])
		if n == 0 {
			return i
		}
		i += n - 1
	}
	return -1
}

func tokenLen(s string) int {
	if len(s) >= 4 && s[1] == 'x' && isUpperHex(s[2:4]) {
		return 4
	}
	if strings.HasPrefix(s, `\u{`) {
		if j := strings.IndexByte(s, '}'); j >= 7 && j <= 9 && isUpperHex(s[3:j]) {
			return j + 1
		}
	}
	return 0
}

func isUpperHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(hexDigits, rune(s[i])) {
			return false
		}
	}
	return true
}

func isPrintableASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isPrintableASCII(s[i]) {
			return false
		}
	}
	return true
}

func TestPropertyEscape(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		in, m := hostileText.Draw(t, "in"), modes.Draw(t, "mode")
		s := Escape(Wrap(in), m)
		checkSafe(t, in, m, s)
		if u := Unescape(Concat(s.Lines()...)); u != in {
			t.Fatalf("Concat(Lines) = %q", u)
		}
	})
}

func TestPropertyTruncate(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		in, m := hostileText.Draw(t, "in"), modes.Draw(t, "mode")
		width := rapid.IntRange(0, 40).Draw(t, "width")
		got := Escape(Wrap(in), m).Truncate(width, "…")
		plain := got.Plain()
		if got.Width() > width || ansi.StringWidth(plain) > width {
			t.Fatalf("Truncate(%d) = %q, %d wide", width, plain, ansi.StringWidth(plain))
		}
		if strings.Contains(plain, "\n") {
			t.Fatalf("Truncate kept a line break: %q", plain)
		}
		if !strings.HasPrefix(in, Unescape(got)) {
			t.Fatalf("Unescape(Truncate) = %q is not a prefix", Unescape(got))
		}
	})
}

func TestPropertyWrap(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		in, m := hostileText.Draw(t, "in"), modes.Draw(t, "mode")
		width := rapid.IntRange(2, 40).Draw(t, "width")
		lines := Escape(Wrap(in), m).Wrap(width)
		for _, l := range lines {
			plain := l.Plain()
			if l.Width() > width || ansi.StringWidth(plain) > width {
				t.Fatalf("Wrap(%d) line %q is %d wide", width, plain, ansi.StringWidth(plain))
			}
			if strings.Contains(plain, "\n") {
				t.Fatalf("Wrap line contains a break: %q", plain)
			}
		}
		if u := Unescape(Concat(lines...)); u != in {
			t.Fatalf("Unescape(Concat(Wrap)) = %q, want %q", u, in)
		}
	})
}

func TestPropertyTextWidthMatchesAnsi(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		// Any Plain text: valid UTF-8 without controls.
		in := rapid.StringOf(rapid.RuneFrom(nil, unicode.L, unicode.M, unicode.N, unicode.S, unicode.P)).Draw(t, "in")
		if got, want := textWidth(in), ansi.StringWidth(in); got != want {
			t.Fatalf("textWidth(%q) = %d, ansi.StringWidth = %d", in, got, want)
		}
	})
}

func TestBadToken(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text string
		want int
	}{
		{`\x1B]0;\x5C\u{202E}\u{E0041}`, -1},
		{`a\b`, 1},
		{`\x1b`, 0},
		{`\u{12}`, 0},
		{`\u{1234567}`, 0},
		{"\x07", 0},
	} {
		if got := badToken(tt.text); got != tt.want {
			t.Errorf("badToken(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
