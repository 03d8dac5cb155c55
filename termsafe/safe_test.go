package termsafe

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestZeroSafe(t *testing.T) {
	t.Parallel()
	var s Safe
	if s.Plain() != "" || s.Width() != 0 || !s.IsEmpty() || s.EscapeCount() != 0 || Unescape(s) != "" {
		t.Error("zero Safe is not empty text")
	}
	if got := s.Truncate(5, "…"); !got.IsEmpty() {
		t.Errorf("Truncate = %q", got.Plain())
	}
	if got := s.Wrap(5); len(got) != 1 || !got[0].IsEmpty() {
		t.Errorf("Wrap = %v", got)
	}
	if got := Concat(); !got.IsEmpty() {
		t.Error("Concat() not empty")
	}
	if got := s.Append(Trusted("a", SingleLine)); got.Plain() != "a" {
		t.Errorf("Append = %q", got.Plain())
	}
}

func TestWidth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		mode Mode
		want int
	}{
		{"ASCII", "hello", SingleLine, 5},
		{"Korean is two columns per syllable", "한국어", SingleLine, 6},
		{"Korean and ASCII", "티켓 T-1", SingleLine, 8},
		{"Chinese", "中文", SingleLine, 4},
		{"combining mark", "e\u0301", SingleLine, 1},
		{"emoji", "👍", SingleLine, 2},
		{"token", "\x07", SingleLine, 4},
		{"widest line", "ab\n한국어한\nc", MultiLine, 8},
		{"tab", "a\tb", MultiLine, 9},
		{"decomposed Hangul", "\u1112\u1161\u11ab", SingleLine, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Escape(Wrap(tt.in), tt.mode)
			if got := s.Width(); got != tt.want {
				t.Errorf("Width = %d, want %d", got, tt.want)
			}
			if got := maxLineWidth(s.Plain()); got != tt.want {
				t.Errorf("ansi.StringWidth = %d, want %d", got, tt.want)
			}
		})
	}
}

func maxLineWidth(s string) int {
	w := 0
	for line := range strings.SplitSeq(s, "\n") {
		w = max(w, ansi.StringWidth(line))
	}
	return w
}

func TestStyled(t *testing.T) {
	t.Parallel()
	s := Escape(Wrap("a\x1b[2Jb\n\tc"), MultiLine)
	got := s.Styled(func(t string) string { return "[" + t + "]" })
	if want := "a[\\x1B[2J]b\n        c"; got != want {
		t.Errorf("Styled = %q, want %q", got, want)
	}
	if s.Styled(nil) != s.Plain() {
		t.Error("Styled(nil) != Plain")
	}
	if fmt.Sprint(s) != s.Plain() {
		t.Error("fmt does not print Plain")
	}
}

func TestSegmentsIsACopy(t *testing.T) {
	t.Parallel()
	s := Escape(Wrap("a\x07"), SingleLine)
	segs := s.Segments()
	segs[1].Text = "\x07"
	if s.Plain() != `a\x07` {
		t.Error("changing Segments changed the Safe")
	}
}

func TestLinesAndConcat(t *testing.T) {
	t.Parallel()
	in := "one\r\ntwo\x07\n\nthree\n"
	s := Escape(Wrap(in), MultiLine)
	lines := s.Lines()
	var plain []string
	for _, l := range lines {
		plain = append(plain, l.Plain())
	}
	if want := []string{"one", `two\x07`, "", "three", ""}; fmt.Sprint(plain) != fmt.Sprint(want) {
		t.Errorf("Lines = %q, want %q", plain, want)
	}
	if got := Concat(lines...); Unescape(got) != in || got.Plain() != s.Plain() {
		t.Errorf("Concat(Lines) = %q", Unescape(got))
	}
}

func TestAppendMergesPlain(t *testing.T) {
	t.Parallel()
	a := Trusted("ab", SingleLine)
	b := Escape(Wrap("cd\x07"), SingleLine)
	got := a.Append(b)
	checkSegs(t, got, []seg{p("abcd"), x(`\x07`)})
	if Unescape(got) != "abcd\x07" {
		t.Errorf("Unescape = %q", Unescape(got))
	}
	// The inputs are unchanged.
	checkSegs(t, a, []seg{p("ab")})
}

func TestMarked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"MD-1 only the real ESC is marked", "raw \x1b[31m and typed \\x1B", "raw \uE002\\x1B[31m\uE003 and typed \\x1B"},
		{"forged markers are escaped", "\uE002x\uE003", "\uE002\\u{E002}\uE003x\uE002\\u{E003}\uE003"},
		{"placeholders are escaped", "\uE000", "\uE002\\u{E000}\uE003"},
		{"line breaks stay", "a\nb", "a\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Marked(Wrap(tt.in)); got != tt.want {
				t.Errorf("Marked = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"TERM-9 hostile GUID", "T-1\x07\x1b]52;c;QQ==\x07", "T-1___52_c_QQ___"},
		{"allowed characters", "Ticket #12: a.b_c-d", "Ticket #12: a.b_c-d"},
		{"one underscore per code point", "한국", "__"},
		{"one underscore per invalid byte", "a\xff\xfeb", "a__b"},
		{"64 bytes at most", strings.Repeat("x", 100), strings.Repeat("x", 64)},
		{"64 bytes of replacements", strings.Repeat("한", 100), strings.Repeat("_", 64)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Title(tt.in); got != tt.want {
				t.Errorf("Title = %q, want %q", got, tt.want)
			}
		})
	}
}
