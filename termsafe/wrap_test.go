package termsafe

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		mode  Mode
		width int
		want  []seg
	}{
		{"fits unchanged", "hello", SingleLine, 5, []seg{p("hello")}},
		{"cut with tail", "hello world", SingleLine, 8, []seg{p("hello w"), p("…")}},
		{"Korean never split", "한국어", SingleLine, 4, []seg{p("한"), p("…")}},
		{"Korean exact fit before tail", "한국어입니다", SingleLine, 5, []seg{p("한국"), p("…")}},
		{"token dropped whole", "ab\x07cd", SingleLine, 5, []seg{p("ab"), p("…")}},
		{"token kept whole", "ab\x07cd", SingleLine, 7, []seg{p("ab"), x(`\x07`), p("…")}},
		{"span cut between tokens", "\x1b]0;t\x07", SingleLine, 8, []seg{x(`\x1B]0;`), p("…")}},
		{"cluster never split", "ae\u0301\u0302bc", SingleLine, 3, []seg{p("ae\u0301\u0302"), p("…")}},
		{"break ends the kept text", "one\ntwo", MultiLine, 10, []seg{p("one"), p("…")}},
		{"zero width", "abc", SingleLine, 0, nil},
		{"tail wider than width is left out", "abc", SingleLine, 1, []seg{p("…")}},
		{"width one", "abc", SingleLine, 1, []seg{p("…")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Escape(Wrap(tt.in), tt.mode)
			got := s.Truncate(tt.width, "…")
			checkSegs(t, got, tt.want)
			if got.Width() > max(tt.width, 0) {
				t.Errorf("Width = %d > %d", got.Width(), tt.width)
			}
			if !strings.HasPrefix(tt.in, Unescape(got)) {
				t.Errorf("Unescape = %q, not a prefix of the input", Unescape(got))
			}
		})
	}
}

func TestTruncateTailIsEscaped(t *testing.T) {
	t.Parallel()
	got := Trusted("abcdefghijklmnop", SingleLine).Truncate(10, "\x1b")
	if got.Plain() != `abcdef\x1B` || Unescape(got) != "abcdef" {
		t.Errorf("got %q / %q", got.Plain(), Unescape(got))
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		width int
		want  []string
	}{
		{"words", "the quick brown fox", 10, []string{"the quick ", "brown fox"}},
		{"space at a full line moves down", "0123456789 abc", 10, []string{"0123456789", " abc"}},
		{"long word hard broken", "abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"long word starts a new line", "ab abcdefghijkl", 5, []string{"ab ", "abcde", "fghij", "kl"}},
		{"breaks start lines", "a\nb\r\n\nc", 10, []string{"a", "b", "", "c"}},
		{"Korean breaks between syllables", "한국어한국어", 5, []string{"한국", "어한", "국어"}},
		{"Korean with spaces", "안녕 하세요 세계", 8, []string{"안녕 하", "세요 세", "계"}},
		{"span is part of the word", "x ab\x1b[2Jcd", 8, []string{"x ", `ab\x1B[2`, "Jcd"}},
		{"long span broken between tokens", "\x1b]52;c;QQ==\x07", 8, []string{`\x1B]52;`, `c;QQ==`, `\x07`}},
		{"token longer than line split between characters", "\U000E0041", 4, []string{`\u{E`, `0041`, `}`}},
		{"tab re-expanded per line", "abcdefgh ijklm\tk", 12, []string{"abcdefgh ", "ijklm   k"}},
		{"tab clipped at the edge", "abcde\tx", 6, []string{"abcde ", "x"}},
		{"empty", "", 5, []string{""}},
		{"combining marks stay with base", "aé́ bé́", 3, []string{"aé́ ", "bé́"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Escape(Wrap(tt.in), MultiLine)
			lines := s.Wrap(tt.width)
			var got []string
			for _, l := range lines {
				got = append(got, l.Plain())
				if l.Width() > tt.width {
					t.Errorf("line %q is %d wide", l.Plain(), l.Width())
				}
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("Wrap = %q, want %q", got, tt.want)
			}
			if u := Unescape(Concat(lines...)); u != tt.in {
				t.Errorf("Unescape(Concat(lines)) = %q, want %q", u, tt.in)
			}
		})
	}
}

func TestWrapTwiceIsLossless(t *testing.T) {
	t.Parallel()
	in := "\U000E0041 \x1b]52;c;QQ==\x07 한국어\tend"
	s := Escape(Wrap(in), MultiLine)
	var again []Safe
	for _, l := range s.Wrap(3) {
		again = append(again, l.Wrap(2)...)
	}
	if u := Unescape(Concat(again...)); u != in {
		t.Errorf("got %q", u)
	}
}

// TestCellCannotBreakLayout is the TERM-6 check at the level of this
// package: a 40-column cell made of hostile values stays one line of at
// most 40 columns, whatever style is given to the escape spans.
func TestCellCannotBreakLayout(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"\x1b[10A\x1b[2Kx",
		"e" + strings.Repeat("\u0301", 200),
		strings.Repeat("한", 100),
		"A\x1b]52;c;ZXZpbA==\x07B\x1b[2JC\u009b31mD\u202eE",
		"line\nline\r\nline",
	} {
		cell := Escape(Wrap(in), SingleLine).Truncate(40, "…")
		styled := cell.Styled(sgrEsc)
		if w := ansi.StringWidth(styled); w > 40 || strings.ContainsAny(styled, "\n\r") {
			t.Errorf("cell for %q is %q, %d wide", in, styled, w)
		}
	}
}
