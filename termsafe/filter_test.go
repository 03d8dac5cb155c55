package termsafe

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func bracket(t string) string { return "[" + t + "]" }

func TestFilterStyled(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"TERM-8 keeps SGR, escapes the rest",
			"\x1b[1mB\x1b[m\x1b]52;c;QQ==\x07\x1b]0;t\x07\x1bP+q544e\x1b\\",
			"\x1b[1mB\x1b[m[\\x1B]52;c;QQ==\\x07][\\x1B]0;t\\x07][\\x1BP+q544e\\x1B\\x5C]"},
		{"SGR with colons and semicolons", "\x1b[38:2::1:2:3;1mx\x1b[0m", "\x1b[38:2::1:2:3;1mx\x1b[0m"},
		{"newline kept, tab and CR escaped", "a\nb\tc\r", "a\nb[\\x09]c[\\x0D]"},
		{"OSC 8 link escaped", "\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\",
			"[\\x1B]8;;https://evil.example\\x1B\\x5C]x[\\x1B]8;;\\x1B\\x5C]"},
		{"cursor moves and clear", "\x1b[10A\x1b[2J\x1b[?25l", "[\\x1B[10A][\\x1B[2J][\\x1B[?25l]"},
		{"private SGR-like is not SGR", "\x1b[>4;2m", "[\\x1B[>4;2m]"},
		{"8-bit CSI SGR is escaped", "\u009b31m", "[\\u{009B}31m]"},
		{"unterminated CSI", "\x1b[31", "[\\x1B[31]"},
		{"invalid bytes", "a\xffb", "a[\\xFF]b"},
		{"bidi escaped", "a\u202eb", "a[\\u{202E}]b"},
		{"markers pass", "\uE002\\x1B\uE003", "\uE002\\x1B\uE003"},
		{"other private use escaped", "\uE000", "[\\u{E000}]"},
		{"text untouched", "한국어 text é", "한국어 text é"},
		{"lone ESC", "\x1b", "[\\x1B]"},
		{"two-byte ESC", "\x1bc", "[\\x1Bc]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := FilterStyled(tt.in, bracket); got != tt.want {
				t.Errorf("FilterStyled = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFilterStyledNilEsc(t *testing.T) {
	t.Parallel()
	if got := FilterStyled("a\x07", nil); got != `a\x07` {
		t.Errorf("got %q", got)
	}
}

// onlySGR reports the first sequence or control in s that is not SGR or
// "\n", as the ansi package parses it.
func onlySGR(s string) (bad string, ok bool) {
	var state byte
	p := ansi.NewParser()
	for len(s) > 0 {
		seq, _, n, newState := ansi.DecodeSequence(s, state, p)
		state = newState
		s = s[n:]
		switch {
		case seq == "\n":
		case seq == "":
		case ansi.HasCsiPrefix(seq):
			if !strings.HasPrefix(seq, "\x1b[") || !isSGR(seq[2:]) {
				return seq, false
			}
		case ansi.HasEscPrefix(seq) || ansi.HasOscPrefix(seq) || ansi.HasDcsPrefix(seq) ||
			ansi.HasApcPrefix(seq) || ansi.HasSosPrefix(seq) || ansi.HasPmPrefix(seq) || ansi.HasStPrefix(seq):
			return seq, false
		case len(seq) == 1 && (seq[0] < 0x20 || seq[0] == 0x7f):
			return seq, false
		case !utf8.ValidString(seq) || strings.ContainsFunc(seq, isC1):
			return seq, false
		}
	}
	return "", true
}

func isC1(r rune) bool { return r >= 0x80 && r < 0xA0 }

func TestOnlySGRDetects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"\x1b]0;t\x07", "\x07", "\x1b[2J", "\u009b31m", "\x1bc"} {
		if _, ok := onlySGR(in); ok {
			t.Errorf("onlySGR(%q) = ok", in)
		}
	}
	if bad, ok := onlySGR("\x1b[1mx\x1b[m\n"); !ok {
		t.Errorf("onlySGR rejects %q", bad)
	}
}
