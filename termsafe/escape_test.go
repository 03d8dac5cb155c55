package termsafe

import (
	"strings"
	"testing"
)

// seg is a compact expected segment: kind and Text.
type seg struct {
	kind SegKind
	text string
}

func p(t string) seg { return seg{Plain, t} }
func x(t string) seg { return seg{Escaped, t} }

func checkSegs(t *testing.T, got Safe, want []seg) {
	t.Helper()
	var g []seg
	for _, s := range got.segs {
		g = append(g, seg{s.Kind, s.Text})
	}
	if len(g) != len(want) {
		t.Fatalf("segments = %q, want %q", g, want)
	}
	for i := range g {
		if g[i] != want[i] {
			t.Fatalf("segments = %q, want %q", g, want)
		}
	}
}

func TestEscapeSegments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		mode Mode
		want []seg
	}{
		// TERM-2: escape, never strip.
		{"TERM-2 ESC then letter is a two-byte sequence", "a\x1bb", SingleLine, []seg{p("a"), x(`\x1Bb`)}},
		{"TERM-2 zero width space", "a\u200bb", SingleLine, []seg{p("a"), x(`\u{200B}`), p("b")}},
		{"TERM-2 adjacent code points are separate tokens", "\x00\x01\u200e", SingleLine,
			[]seg{x(`\x00`), x(`\x01`), x(`\u{200E}`)}},
		// TERM-3: notation.
		{"TERM-3 ESC", "\x1b", SingleLine, []seg{x(`\x1B`)}},
		{"TERM-3 C1 CSI alone", "\u009b", SingleLine, []seg{x(`\u{009B}`)}},
		{"TERM-3 raw 0x9B byte", "\x9b", SingleLine, []seg{x(`\x9B`)}},
		{"TERM-3 literal backslash text", `\x1b`, SingleLine, []seg{p(`\x1b`)}},
		{"TERM-3 DEL", "a\x7f", SingleLine, []seg{p("a"), x(`\x7F`)}},
		{"TERM-3 NEL is C1", "a\u0085b", SingleLine, []seg{p("a"), x(`\u{0085}`), p("b")}},
		{"TERM-3 invalid bytes one token each", "\xc2", SingleLine, []seg{x(`\xC2`)}},
		{"DATA-5 lone surrogate as its code point", "\xed\xa0\x80", SingleLine, []seg{x(`\u{D800}`)}},
		{"low surrogate between text", "a\xed\xbf\xbfb", SingleLine, []seg{p("a"), x(`\u{DFFF}`), p("b")}},
		{"cut surrogate encoding stays bytes", "\xed\xa0", SingleLine, []seg{x(`\xED`), x(`\xA0`)}},
		{"TERM-3 beyond U+10FFFF", "\xf4\x90\x80\x80", SingleLine,
			[]seg{x(`\xF4`), x(`\x90`), x(`\x80`), x(`\x80`)}},
		{"TERM-3 backslash inside a span", "\x1b]0;a\\b\x07", SingleLine, []seg{x(`\x1B]0;a\x5Cb\x07`)}},
		{"TERM-3 tag character has five digits", "a\U000E0041", SingleLine, []seg{p("a"), x(`\u{E0041}`)}},
		// TERM-4: whole sequences.
		{"TERM-4 SGR", "\x1b[31m", SingleLine, []seg{x(`\x1B[31m`)}},
		{"TERM-4 OSC title with BEL", "\x1b]0;pwned\x07", SingleLine, []seg{x(`\x1B]0;pwned\x07`)}},
		{"TERM-4 DECRQSS", "\x1bP$q m\x1b\\", SingleLine, []seg{x(`\x1BP$q m\x1B\x5C`)}},
		{"TERM-4 kitty graphics APC", "\x1b_Gf=100;AAAA\x1b\\", SingleLine, []seg{x(`\x1B_Gf=100;AAAA\x1B\x5C`)}},
		{"TERM-4 unterminated OSC 52", "\x1b]52;c;QQ==", SingleLine, []seg{x(`\x1B]52;c;QQ==`)}},
		{"TERM-4 8-bit OSC 8", "\u009d8;;http://x\u009c", SingleLine, []seg{x(`\u{009D}8;;http://x\u{009C}`)}},
		{"TERM-4 clear screen between text", "ok\x1b[2Jok", SingleLine, []seg{p("ok"), x(`\x1B[2J`), p("ok")}},
		{"TERM-4 OSC 52", "\x1b]52;c;ZXZpbA==\x07", SingleLine, []seg{x(`\x1B]52;c;ZXZpbA==\x07`)}},
		{"TERM-4 8-bit CSI", "\u009b31mX", SingleLine, []seg{x(`\u{009B}31m`), p("X")}},
		{"TERM-4 8-bit DCS ends at 8-bit ST", "\u0090q\u009cX", SingleLine, []seg{x(`\u{0090}q\u{009C}`), p("X")}},
		{"TERM-4 SOS and PM", "\x1bXa\x1b\\\x1b^b\x1b\\", SingleLine, []seg{x(`\x1BXa\x1B\x5C`), x(`\x1B^b\x1B\x5C`)}},
		{"TERM-4 OSC ended by 8-bit ST", "\x1b]2;t\u009cX", SingleLine, []seg{x(`\x1B]2;t\u{009C}`), p("X")}},
		{"TERM-4 DCS is not ended by BEL", "\x1bPa\x07b", SingleLine, []seg{x(`\x1BPa\x07b`)}},
		{"TERM-4 unterminated OSC stops before ESC", "\x1b]0;t\x1b[2J", SingleLine, []seg{x(`\x1B]0;t`), x(`\x1B[2J`)}},
		{"TERM-4 unterminated OSC stops before CAN", "\x1b]0;t\x18x", SingleLine, []seg{x(`\x1B]0;t`), x(`\x18`), p("x")}},
		{"TERM-4 CSI stops before SUB", "\x1b[1\x1ax", SingleLine, []seg{x(`\x1B[1`), x(`\x1A`), p("x")}},
		{"TERM-4 CSI keeps C0 inside", "\x1b[1\x08m", SingleLine, []seg{x(`\x1B[1\x08m`)}},
		{"TERM-4 CSI stops before non-ASCII", "\x1b[1한", SingleLine, []seg{x(`\x1B[1`), p("한")}},
		{"TERM-4 ESC with intermediate", "\x1b(Bx", SingleLine, []seg{x(`\x1B(B`), p("x")}},
		{"TERM-4 DECALN", "\x1b#8", SingleLine, []seg{x(`\x1B#8`)}},
		{"TERM-4 lone ESC before control", "\x1b\x1b", SingleLine, []seg{x(`\x1B`), x(`\x1B`)}},
		{"TERM-4 lone ESC before non-ASCII", "\x1bé", SingleLine, []seg{x(`\x1B`), p("é")}},
		{"TERM-4 bracketed paste end", "curl\x1b[201~id\r", SingleLine, []seg{p("curl"), x(`\x1B[201~`), p("id"), x(`\x0D`)}},
		{"TERM-4 non-ASCII inside a string is tokens", "\x1b]2;한\u202e\x07", SingleLine, []seg{x(`\x1B]2;\u{D55C}\u{202E}\x07`)}},
		{"TERM-4 invalid byte inside a string", "\x1b]2;\xff\x07", SingleLine, []seg{x(`\x1B]2;\xFF\x07`)}},
		// TERM-5: line breaks and tabs by context.
		{"TERM-5 single-line newline", "user\nadmin", SingleLine, []seg{p("user"), x(`\x0A`), p("admin")}},
		{"TERM-5 multi-line lone CR", "OK\rFAIL", MultiLine, []seg{p("OK"), x(`\x0D`), p("FAIL")}},
		{"TERM-5 multi-line tab", "a\tb", MultiLine, []seg{p("a"), {Tab, "       "}, p("b")}},
		{"TERM-5 single-line tab", "a\tb", SingleLine, []seg{p("a"), x(`\x09`), p("b")}},
		{"TERM-5 multi-line breaks", "a\nb\r\nc", MultiLine, []seg{p("a"), {Break, "\n"}, p("b"), {Break, "\n"}, p("c")}},
		{"TERM-5 CR CR LF", "a\r\r\n", MultiLine, []seg{p("a"), x(`\x0D`), {Break, "\n"}}},
		{"TERM-5 tab at a stop is 8 wide", "12345678\tx", MultiLine, []seg{p("12345678"), {Tab, "        "}, p("x")}},
		{"TERM-5 tab counts wide characters", "한국어\tx", MultiLine, []seg{p("한국어"), {Tab, "  "}, p("x")}},
		{"TERM-5 tab counts tokens", "\x07\tx", MultiLine, []seg{x(`\x07`), {Tab, "    "}, p("x")}},
		{"TERM-5 tab column restarts after break", "abc\n\tx", MultiLine, []seg{p("abc"), {Break, "\n"}, {Tab, "        "}, p("x")}},
		// TERM-6: combining marks.
		{"TERM-6 four marks stay", "e\u0301\u0302\u0303\u0304", SingleLine, []seg{p("e\u0301\u0302\u0303\u0304")}},
		{"TERM-6 fifth mark is a token", "e\u0301\u0302\u0303\u0304\u0305f", SingleLine,
			[]seg{p("e\u0301\u0302\u0303\u0304"), x(`\u{0305}`), p("f")}},
		{"TERM-6 mark without base", "\u0301e", SingleLine, []seg{x(`\u{0301}`), p("e")}},
		{"TERM-6 mark after a token", "\x07\u0301", SingleLine, []seg{x(`\x07`), x(`\u{0301}`)}},
		{"TERM-6 emoji with skin tone and VS16", "👍🏽 ☺\ufe0f", SingleLine, []seg{p("👍🏽 ☺\ufe0f")}},
		{"VS16 after ASCII is a token", "1\ufe0fx", SingleLine, []seg{p("1"), x(`\u{FE0F}`), p("x")}},
		{"VS15 after ASCII is a token", "#\ufe0e", SingleLine, []seg{p("#"), x(`\u{FE0E}`)}},
		// TERM-7: lookalike spaces.
		{"TERM-7 NBSP", "rm\u00a0-rf", SingleLine, []seg{p("rm"), x(`\u{00A0}`), p("-rf")}},
		{"TERM-7 ideographic space", "a\u3000b", SingleLine, []seg{p("a"), x(`\u{3000}`), p("b")}},
		{"TERM-7 en quad and hair space", "\u2000\u200a", SingleLine, []seg{x(`\u{2000}`), x(`\u{200A}`)}},
		// Cases from other requirements that go through Escape.
		{"TERM-1 hostile ticket value", "A\x1b]52;c;ZXZpbA==\x07B\x1b[2JC\u009b31mD\u202eE", SingleLine,
			[]seg{p("A"), x(`\x1B]52;c;ZXZpbA==\x07`), p("B"), x(`\x1B[2J`), p("C"), x(`\u{009B}31m`), p("D"), x(`\u{202E}`), p("E")}},
		{"TERM-13 C1 and bidi", "a\u009b31mb\u202ec", SingleLine, []seg{p("a"), x(`\u{009B}31m`), p("b"), x(`\u{202E}`), p("c")}},
		{"DATA-5 raw 0xFF", "a\xffb", SingleLine, []seg{p("a"), x(`\xFF`), p("b")}},
		{"empty", "", SingleLine, nil},
		{"plain Korean", "안녕하세요 세계", MultiLine, []seg{p("안녕하세요 세계")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Escape(Wrap(tt.in), tt.mode)
			checkSegs(t, got, tt.want)
			if u := Unescape(got); u != tt.in {
				t.Errorf("Unescape = %q, want %q", u, tt.in)
			}
		})
	}
}

// TestDangerousSet checks one or more code points of every class in the
// dangerous set of SECURITY.md §1.2 (and the TERM-7 spaces).
func TestDangerousSet(t *testing.T) {
	t.Parallel()
	runes := map[string][]rune{
		"C1":              {0x80, 0x85, 0x90, 0x9C, 0x9F},
		"bidi":            {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069},
		"zero width":      {0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF},
		"soft hyphen":     {0x00AD},
		"tags":            {0xE0001, 0xE0020, 0xE007F},
		"other Cf":        {0x0600, 0x06DD, 0x070F, 0x180E, 0xFFF9, 0x110BD, 0x1D173},
		"Zl Zp":           {0x2028, 0x2029},
		"private use":     {0xE000, 0xE002, 0xE003, 0xF8FF, 0xF0000, 0xFFFFD, 0x100000, 0x10FFFD},
		"noncharacters":   {0xFFFE, 0xFFFF, 0xFDD0, 0xFDEF, 0x1FFFE, 0x1FFFF, 0x10FFFE, 0x10FFFF},
		"spaces (TERM-7)": {0x00A0, 0x1680, 0x2000, 0x2005, 0x200A, 0x202F, 0x205F, 0x3000},
		"invisible":       {0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0},
	}
	for name, rs := range runes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, r := range rs {
				got := Escape(Wrap("a"+string(r)), SingleLine)
				if got.EscapeCount() != 1 || strings.ContainsRune(got.Plain(), r) {
					t.Errorf("U+%04X: got %q, want it escaped", r, got.Plain())
				}
			}
		})
	}
}

func TestEscapeNotationDiffers(t *testing.T) {
	t.Parallel()
	a := Escape(Wrap("\x1b"), SingleLine).Plain()
	b := Escape(Wrap("\u009b"), SingleLine).Plain()
	if a != `\x1B` || b != `\u{009B}` {
		t.Fatalf(`got %q and %q, want \x1B and \u{009B}`, a, b)
	}
}

func TestEscapeLongSequenceIsBounded(t *testing.T) {
	t.Parallel()
	in := "\x1b]52;c;" + strings.Repeat("A", 3*maxSeq) + "\x07after"
	got := Escape(Wrap(in), SingleLine)
	segs := got.Segments()
	last := segs[len(segs)-1]
	if last.Kind != Plain || last.Text != "after" {
		t.Fatalf("last segment = %+v, want plain after", last)
	}
	for _, g := range segs[:len(segs)-1] {
		if g.Kind != Escaped || len(g.orig) > maxSeq+utf8Max {
			t.Fatalf("segment kind %v, %d bytes: want escape spans of at most %d", g.Kind, len(g.orig), maxSeq)
		}
	}
	if want := (len(in)-len("after")+maxSeq-1)/maxSeq + 1; len(segs) != want {
		t.Errorf("got %d segments, want %d", len(segs), want)
	}
	if Unescape(got) != in {
		t.Error("not lossless")
	}
}

const utf8Max = 4

func TestZalgoIsCapped(t *testing.T) {
	t.Parallel()
	in := "e" + strings.Repeat("\u0301", 200)
	got := Escape(Wrap(in), SingleLine)
	if n := got.EscapeCount(); n != 196 {
		t.Errorf("EscapeCount = %d, want 196", n)
	}
	if w := got.Width(); w != 1+196*len(`\u{0301}`) {
		t.Errorf("Width = %d", w)
	}
}

// TestPrependIsEscapedAtRunEnd: a "Prepend" letter would join the token
// after it into one grapheme cluster.
func TestPrependIsEscapedAtRunEnd(t *testing.T) {
	t.Parallel()
	got := Escape(Wrap("a\u0D4E\x07"), SingleLine)
	checkSegs(t, got, []seg{p("a"), x(`\u{0D4E}`), x(`\x07`)})
	got = Escape(Wrap("a\u0D4Eb"), SingleLine)
	checkSegs(t, got, []seg{p("a\u0D4Eb")})
}

func TestTrustedEscapesToo(t *testing.T) {
	t.Parallel()
	if got := Trusted("label\x1b[2J", SingleLine).Plain(); got != `label\x1B[2J` {
		t.Errorf("got %q", got)
	}
}

func TestPrintableASCIIIsIdentity(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for c := byte(0x20); c < 0x7F; c++ {
		b.WriteByte(c)
	}
	in := b.String()
	for _, m := range []Mode{SingleLine, MultiLine} {
		got := Escape(Wrap(in), m)
		checkSegs(t, got, []seg{p(in)})
	}
}
