package markdown

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// The fast paths of RenderPlain (shortPrintable) and of the line writer
// (graphemeRun) must not change a byte of output. These tests compare them
// with the slow paths on random text: renderPlain with every byte sent
// through ansi.DecodeSequence, as before the fast paths existed.

// slowPlain is RenderPlain without its fast paths.
func slowPlain(src termsafe.Untrusted, width int) Result {
	esc := termsafe.Escape(src, termsafe.MultiLine)
	w := newLineWriter(plainWidth(esc, width), nil)
	w.slow = true
	return renderPlain(esc, w)
}

// checkPlainFast compares RenderPlain with slowPlain, wrap marks
// included, and reports whether the short path was taken.
func checkPlainFast(t testing.TB, src string, width int) bool {
	t.Helper()
	got, want := RenderPlain(termsafe.Wrap(src), width), slowPlain(termsafe.Wrap(src), width)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("RenderPlain(%q, %d) differs from the slow path:\nfast: %#v\nslow: %#v", src, width, got, want)
	}
	checkWraps(t, got)
	esc := termsafe.Escape(termsafe.Wrap(src), termsafe.MultiLine)
	_, short := shortPrintable(esc, plainWidth(esc, width))
	return short
}

// checkWriterFast feeds styled to a line writer with and without the
// ASCII fast path and compares everything they produce.
func checkWriterFast(t testing.TB, styled string, width int) {
	t.Helper()
	fast, slow := newLineWriter(width, []string{"https://a.example/"}), newLineWriter(width, []string{"https://a.example/"})
	slow.slow = true
	fast.write(styled)
	slow.write(styled)
	fl, sl := fast.result(), slow.result()
	if !reflect.DeepEqual(fl, sl) || !reflect.DeepEqual(fast.marks, slow.marks) ||
		fast.backstop != slow.backstop || fast.full != slow.full || fast.size != slow.size {
		t.Fatalf("line writer differs from the slow path on %q at width %d:\nfast: %q %+v\nslow: %q %+v",
			styled, width, fl, fast.marks, sl, slow.marks)
	}
}

// plainPieces are what random texts are made of: the ASCII the fast paths
// take, and everything at their edges (combining marks and joiners after
// ASCII, wide and ambiguous runes, controls, escapes, tabs, line ends,
// trailing spaces, Markdown syntax for glamour).
var plainPieces = []string{
	"a", "word", "note", "123", " ", "  ", "   ", ".", "~", "!", "*", "**", "_", "`", "#", "> ", "- ", "1. ",
	"[l](https://a.example/)", "<b>", "&amp;", "\\", "|", "\n", "\n\n", "\r\n", "\r", "\t", "\x00", "\x1b[31m",
	"\x1b]0;t\x07", "\x7f", "\u0085", "\u0301", "\u200d", "\ufe0f", "\u200b", "\u202e", "é", "한국", "漢字",
	"👍", "👨\u200d👩", "\u20e3", "1\ufe0f\u20e3", "\U0001F1F0\U0001F1F7", "\xff", "…", "\ue000",
}

func randomPlain(r *rand.Rand, pieces []string) string {
	var b strings.Builder
	for range r.IntN(24) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// TestPlainFastPath: on random text at random widths, RenderPlain gives
// what the slow path gives; the counts make sure the short path is both
// taken and refused often.
func TestPlainFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	ascii := plainPieces[:17]
	short, long := 0, 0
	for i := range 20000 {
		pieces := plainPieces
		if i%2 == 0 {
			pieces = ascii
		}
		width := Unwrapped
		if i%3 != 0 {
			width = r.IntN(60)
		}
		if checkPlainFast(t, randomPlain(r, pieces), width) {
			short++
		} else {
			long++
		}
	}
	for _, src := range []string{"", " ", "**note** number 7 end", "a   ", "x\u0301", "ab\u200dc", strings.Repeat("word ", 30)} {
		for _, width := range []int{Unwrapped, 0, 10, 20, 100} {
			checkPlainFast(t, src, width)
		}
	}
	if short < 2000 || long < 2000 {
		t.Errorf("short path taken %d times, refused %d times: the test checks too little", short, long)
	}
}

// TestWriterFastPath: the line writer's ASCII fast path changes nothing
// in glamour's output, with its SGR, link and block marks, nor in raw
// text with stray escape sequences.
func TestWriterFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 17))
	for i := range 1500 {
		src := randomPlain(r, plainPieces)
		width := 10 + r.IntN(80)
		checkWriterFast(t, src, width)
		if i%3 == 0 {
			continue
		}
		out, err := renderGlamour(src, width, 0, Options{Width: width, Style: []Style{Dark, Light}[i%2]})
		if err != nil {
			continue // glamour's panics are renderRecovered's business
		}
		checkWriterFast(t, filterStyled(restorePlaceholders.Replace(out.styled)), width)
	}
	for _, row := range attackRows {
		checkWriterFast(t, row.src, 40)
		if out, err := renderGlamour(row.src, 60, 0, Options{Width: 60}); err == nil {
			checkWriterFast(t, filterStyled(restorePlaceholders.Replace(out.styled)), 60)
		}
	}
}

// FuzzPlainFastPath is TestPlainFastPath and TestWriterFastPath for the
// fuzzer.
func FuzzPlainFastPath(f *testing.F) {
	f.Add("**note** number 5 end", uint8(0))
	f.Add("a\u0301 b  ", uint8(12))
	f.Add("x\x1b[1mbold\x1b[0m y\u200dz", uint8(30))
	f.Fuzz(func(t *testing.T, src string, w uint8) {
		width := int(w)
		if w == 0 {
			width = Unwrapped
		}
		checkPlainFast(t, src, width)
		checkWriterFast(t, src, clampWidth(width))
	})
}
