package markdown

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// simplePieces are what random comments are made of: words in several
// scripts (narrow, wide, ambiguous), the punctuation the fast path admits,
// and the characters and line shapes it must leave to glamour, so both
// sides of every rule are exercised.
var simplePieces = []string{
	"a", "word", "Blocked", "10.0.0.7", "09:12", "port", "한국어", "텍스트", "입니다", "日本語", "テスト", "ひらがな",
	"Ünïcödé", "Ελληνικά", "кириллица", "«quoted»", "—", "“x”", "、", "。", "（全角）", "!", "?", "(x)", "#12",
	"1.", "2)", "12345678901", "a.b", "x=y", "50%", "{k}", "$HOME", "'s", "\"q\"", "-", "+", "=", ":", ";", ",",
	" ", " ", " ", " ", "  ", "   ", "    ", "\n", "\n", "\n\n", " \n", "  \n", "\n   ", "\n    ",
	"averyveryverylongwordthatcannotfitonanylineatallbecauseitislong", "長い長い長い長い長い長い長い長い長い長い長い長い",
}

// glamourPieces are left to glamour, each for a reason.
var glamourPieces = []string{
	"*", "_", "`", "[", "]", "<", ">", "&", "\\", "~", "|", "@", "…", "\t", "\x1b[31m", "\u202e", "\u0301",
	"https://x.example", "www.example.com", "#", "# h", "- item", "1. one", "> q", "---", "===", ": def",
	"\u1100\u1161", "\ue000", "✓", "→", "\u00a0",
}

// randomComment joins n random pieces, one in 40 of them from
// glamourPieces.
func randomComment(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		p := simplePieces[r.IntN(len(simplePieces))]
		if r.IntN(40) == 0 {
			p = glamourPieces[r.IntN(len(glamourPieces))]
		}
		if strings.HasPrefix(p, "\n") && r.IntN(4) > 0 {
			// Mostly no space before a line break: that is a hard
			// break, left to glamour.
			s := strings.TrimRight(b.String(), " ")
			b.Reset()
			b.WriteString(s)
		}
		b.WriteString(p)
		if r.IntN(3) > 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// checkSimple fails if the fast path accepts src and its lines differ
// from glamour's; it reports whether the fast path accepted.
func checkSimple(t *testing.T, src string, width int) bool {
	t.Helper()
	got, wraps, ok := simpleLines(termsafe.Wrap(src), clampWidth(width))
	if !ok {
		return false
	}
	gotLogical := strings.Join(logical(t, Result{Lines: got, Wraps: wraps}), "\n")
	for _, style := range []Style{Dark, Light} {
		for _, ascii := range []bool{false, true} {
			want := renderGlamourResult(termsafe.Wrap(src), Options{Width: width, Style: style, ASCII: ascii}, clampWidth(width))
			if len(want.Links) > 0 || want.TruncatedBytes > 0 || !slices.Equal(got, want.Lines) && (len(got) > 0 || len(want.Lines) > 0) {
				t.Fatalf("fast path differs from glamour for %q at width %d (%s, ascii %v):\nfast:    %q\nglamour: %q",
					src, width, style, ascii, got, want.Lines)
			}
			// The marks glamour's wraps get match the fast path's.
			if l := strings.Join(logical(t, want), "\n"); l != gotLogical {
				t.Fatalf("logical lines differ for %q at width %d (%s, ascii %v):\nfast:    %q\nglamour: %q",
					src, width, style, ascii, gotLogical, l)
			}
		}
	}
	return true
}

// TestSimpleMatchesGlamour: on random comments at random widths, whatever
// the fast path accepts it lays out exactly as glamour does. The counts
// make sure both outcomes are common, so the test checks something.
func TestSimpleMatchesGlamour(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	accepted, rejected := 0, 0
	for range 3000 {
		src := randomComment(r, 1+r.IntN(40))
		if checkSimple(t, src, 10+r.IntN(110)) {
			accepted++
		} else {
			rejected++
		}
	}
	t.Logf("fast path: %d accepted, %d left to glamour", accepted, rejected)
	if accepted < 300 || rejected < 300 {
		t.Errorf("accepted %d, rejected %d: the generator no longer exercises both paths", accepted, rejected)
	}
}

// TestSimpleCases pins which texts take the fast path.
func TestSimpleCases(t *testing.T) {
	for _, c := range []struct {
		src  string
		fast bool
	}{
		{"comment 5", true},
		{"Blocked 10.0.3.7 at 09:12; no 200 responses (checked twice)!", true},
		{"line one\nline two\n\npara two", true},
		{"한국어 텍스트 입니다, 日本語のテスト。", true},
		{"2026-11-20 checked", true},
		{"", true},
		{"**bold**", false},
		{"see https://x.example/a", false},
		{"see www.example.com", false},
		{"mail a@b.example", false},
		{"- item", false},
		{"1. first", false},
		{"1) first", false},
		{"# heading", false},
		{"title\n===", false},
		{"    code", false},
		{"hard  \nbreak", false},
		{"AT&T", false},
		{"a <b> c", false},
		{"tab\there", false},
		{"esc \x1b[31m", false},
		{"wait…", false},
	} {
		_, _, ok := simpleLines(termsafe.Wrap(c.src), 80)
		if ok != c.fast {
			t.Errorf("%q: fast path %v, want %v", c.src, ok, c.fast)
		}
		checkSimple(t, c.src, 80)
		checkSimple(t, c.src, 12)
	}
	// lipgloss leaves "…islong #12    -" wider than the wrap width even
	// after glamour's second wrap, and the line writer breaks it.
	long := "averyveryverylongwordthatcannotfitonanylineatallbecauseitislong #12    - x"
	for _, w := range []int{21, 27, 38, 71, 72, 73} {
		if !checkSimple(t, long, w) {
			t.Errorf("%q at width %d left to glamour", long, w)
		}
	}
}

// FuzzSimpleMatchesGlamour is TestSimpleMatchesGlamour for the fuzzer.
func FuzzSimpleMatchesGlamour(f *testing.F) {
	f.Add("comment 5", uint8(80))
	f.Add("line one\nline two\n\n한국어 텍스트 입니다 한국어 텍스트", uint8(14))
	f.Add("averyveryverylongword (x) 50% done, next: 09:12.", uint8(3))
	f.Fuzz(func(t *testing.T, src string, w uint8) {
		checkSimple(t, src, 10+int(w)%120)
	})
}

// TestUnwrapped: with Width Unwrapped every paragraph is one line, for
// Markdown that takes either path and for plain text; a text that would
// make glamour pad many lines to a huge width wraps at a bound instead.
func TestUnwrapped(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("word ", 400)) // 1,999 cells
	for _, c := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"simple", Render(termsafe.Wrap(long+"\n"+long), Options{Width: Unwrapped}).Lines, "  " + long + " " + long},
		{"glamour", Render(termsafe.Wrap("**"+long+"**\n\n- x"), Options{Width: Unwrapped}).Lines, "  " + long},
		{"plain", RenderPlain(termsafe.Wrap(long+"\nshort"), Unwrapped).Lines, long},
	} {
		if !slices.ContainsFunc(c.lines, func(l string) bool { return ansi.Strip(l) == c.want }) {
			t.Errorf("%s: no line is the whole paragraph: %q", c.name, c.lines)
		}
	}
	// 6,000 short lines and one long paragraph: glamour would pad 6,000
	// lines to the paragraph's width (300 M cells) unbounded.
	hostile := strings.Repeat("*a*\n\n", 3000) + strings.TrimSpace(strings.Repeat("word ", 10000))
	r := Render(termsafe.Wrap(hostile), Options{Width: Unwrapped})
	bound := max(MaxWidth, maxPadCells/strings.Count(hostile, "\n"))
	checkLines(t, r.Lines, bound, false)
	if !slices.ContainsFunc(r.Lines, func(l string) bool { return strings.HasPrefix(ansi.Strip(l), "  word word") }) {
		t.Error("the long paragraph is missing")
	}
}
