package termsafe

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzSeeds are the payloads of SECURITY.md §1.1, TERM-1..13 and FUZZ-1.
func fuzzSeeds() []string {
	return []string{
		// TERM-4
		"\x1b[31m", "\x1b]0;pwned\x07", "\x1bP$q m\x1b\\", "\x1b_Gf=100;AAAA\x1b\\", "\x1b]52;c;QQ==",
		"\u009d8;;http://x\u009c", "ok\x1b[2Jok",
		// TERM-1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 13
		"A\x1b]52;c;ZXZpbA==\x07B\x1b[2JC\u009b31mD\u202eE", "a\x1bb", "a\u200bb", "\\x1b", "\u009b",
		"user\nadmin", "OK\rFAIL", "a\tb", "\x1b[10A\x1b[2Kx", "e" + strings.Repeat("\u0301", 200),
		"rm\u00a0-rf", "https://pаypal.com", "\x1b[1mB\x1b[m\x1b]52;c;QQ==\x07\x1b]0;t\x07\x1bP+q544e\x1b\\",
		"T-1\x07\x1b]52;c;QQ==\x07", "\x1b]11;rgb:0000/0000/0000\x1b\\", "\x1b[2;5R", "curl\x1b[201~id\r",
		"a\u009b31mb\u202ec",
		// glamour attack table (§1.1) and MD-*
		"hello \x1b]52;c;ZXZpbA==\x07 world", "hello &#27;]52;c;ZXZpbA==&#7; world", "`&#27;[31mRED`",
		"~~&**#27;**[31mFAKE~~", "<div>&#27;[31mX</div>", "```\n\x1b[2J cleared\n```", "abc\u202edcba",
		"[https://siem.corp/t/1](https://evil.example/x)", "[click](file:///etc/passwd)",
		"![alt](https://tracker.example/p.png)", strings.Repeat(">", 80) + " x",
		"raw \x1b[31m and typed \\x1B", "[x](https://a.example/\u009c)", "/%1b%5d52%3bc%3bQQ%3d%3d%07",
		// FUZZ-1
		"\x1b", "\xc2", "\xc2\x9b", "\xed\xa0\x80", "\xf4\x90\x80\x80", strings.Repeat("\x1b[", 1<<19),
		// grapheme edge cases
		"\u0D4E\x07", "\x07\u0E33", "👍🏽\u200d", "\u1100\x07\u1161", "한\u0301국",
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := string(data)
		for _, m := range []Mode{SingleLine, MultiLine} {
			s := Escape(WrapBytes(data), m)
			checkSafe(t, in, m, s)
		}
	})
}

// sgrEsc styles tokens the way the UI does, so the output mixes the
// filter's own SGR with the kept ones.
func sgrEsc(t string) string { return "\x1b[7m" + t + "\x1b[27m" }

func FuzzFilterStyled(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Add("\x1b[38;5;252m\x1b[0m\x1b[38;5;252mhello\x1b[0m\n\x1b]8;;https://x\x1b\\x\x1b]8;;\x1b\\")
	f.Fuzz(func(t *testing.T, in string) {
		out := FilterStyled(in, sgrEsc)
		if bad, ok := onlySGR(out); !ok {
			t.Fatalf("FilterStyled(%q) = %q keeps %q", in, out, bad)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("FilterStyled(%q) = %q is not valid UTF-8", in, out)
		}
		for _, r := range ansiStrip(out) {
			// Space separators may stay: they are the renderer's own spacing
			// (the input was escaped before rendering).
			if r != '\n' && r != MarkOpen && r != MarkClose && !unicode.Is(unicode.Zs, r) && forbidden(r) {
				t.Fatalf("FilterStyled(%q) = %q keeps U+%04X", in, out, r)
			}
		}
	})
}

// ansiStrip removes the SGR sequences that FilterStyled keeps.
func ansiStrip(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == esc {
			end, _ := scanCSI(s, i+2, len(s)+1)
			i = end
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
