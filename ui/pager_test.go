package ui

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestFitsIsStringWidth: the quick check wrapRows makes before wrapping
// answers exactly what ansi.StringWidth would, for styled text in every
// script, controls, other sequences and invalid bytes.
func TestFitsIsStringWidth(t *testing.T) {
	pieces := []string{"a", "word ", " ", "▸", "·", "한국어", "日本", "é", "e\u0301", "👍", "🇰🇷", "\x1b[1m", "\x1b[38;2;1;2;3m",
		"\x1b[m", "\x1b]8;;x\x07", "\x1b[2J", "\n", "\t", "\x00", "\x7f", "\xff", "\x80", "\u200b", "\ufe0f"}
	r := rand.New(rand.NewPCG(3, 4))
	yes, no := 0, 0
	for range 20000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s, w := b.String(), 1+r.IntN(40)
		want := !strings.Contains(s, "\n") && ansi.StringWidth(s) <= w
		if got := fits(s, w); got != want {
			t.Fatalf("fits(%q, %d) = %v, want %v", s, w, got, want)
		}
		if want {
			yes++
		} else {
			no++
		}
	}
	if yes < 1000 || no < 1000 {
		t.Errorf("%d fit, %d did not: the generator no longer covers both", yes, no)
	}
}
