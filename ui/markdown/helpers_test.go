package markdown

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// maxResultBytes is FUZZ-2's bound on one rendered comment.
const maxResultBytes = 4 << 20

// checkLines asserts the invariants of every result: each line fits the
// width, the only escape sequences are SGR (and OSC 8 with a vetted URI if
// osc8 is allowed), and no control, C1, bidi, format or private-use code
// point appears anywhere: escape tokens are plain ASCII text.
func checkLines(t testing.TB, lines []string, width int, osc8 bool) {
	t.Helper()
	total := 0
	for i, l := range lines {
		total += len(l) + 1
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d cells wide, limit %d: %q", i, w, width, l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is not valid UTF-8: %q", i, l)
		}
		for s := l; len(s) > 0; {
			seq, _, n, _ := ansi.DecodeSequence(s, ansi.NormalState, nil)
			if n <= 0 {
				n = 1
			}
			if err := checkPiece(seq, osc8); err != "" {
				t.Errorf("line %d: %s %q in %q", i, err, seq, l)
				return
			}
			s = s[n:]
		}
	}
	if total > maxResultBytes {
		t.Errorf("result is %d bytes, limit %d", total, maxResultBytes)
	}
}

func checkPiece(seq string, osc8 bool) string {
	if seq[0] == 0x1b {
		switch {
		case isSGR(seq):
			return ""
		case osc8 && strings.HasPrefix(seq, "\x1b]8;") && strings.HasSuffix(seq, "\a"):
			_, uri, _ := strings.Cut(seq[4:len(seq)-1], ";")
			if uri != "" && !vettedURI(uri) {
				return "OSC 8 with unvetted URI"
			}
			return ""
		}
		return "escape sequence other than SGR"
	}
	for _, r := range seq {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Co, unicode.Cs) {
			return "dangerous code point " + strconv.QuoteRune(r)
		}
	}
	return ""
}

// vettedURI is MD-4's rule for OSC 8 targets.
func vettedURI(uri string) bool {
	if len(uri) > maxClickableURI || !(strings.HasPrefix(uri, "http://") || strings.HasPrefix(uri, "https://")) {
		return false
	}
	for i := 0; i < len(uri); i++ {
		if uri[i] <= 0x20 || uri[i] >= 0x7f {
			return false
		}
	}
	return true
}

// visible is the text a terminal shows: SGR and OSC 8 removed, lines
// joined with "\n", trailing spaces trimmed.
func visible(lines []string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(ansi.Strip(l), " ")
	}
	return strings.Join(out, "\n")
}

// render renders src at width with the default options.
func render(src string, width int) Result {
	return Render(termsafe.Wrap(src), Options{Width: width})
}

// reversed returns the runs of text drawn in reverse video, following SGR
// state across each line the way a terminal does.
func reversed(lines []string) []string {
	var runs []string
	for _, l := range lines {
		rev, cur := false, ""
		for s := l; len(s) > 0; {
			seq, _, n, _ := ansi.DecodeSequence(s, ansi.NormalState, nil)
			if n <= 0 {
				n = 1
			}
			s = s[n:]
			if !isSGR(seq) {
				if seq[0] != 0x1b && rev {
					cur += seq
				}
				continue
			}
			if now := sgrReverse(seq[2:len(seq)-1], rev); now != rev {
				if !now && cur != "" {
					runs = append(runs, cur)
					cur = ""
				}
				rev = now
			}
		}
		if cur != "" {
			runs = append(runs, cur)
		}
	}
	return runs
}

// sgrReverse applies SGR parameters to the reverse-video attribute.
func sgrReverse(params string, rev bool) bool {
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		p, _, _ := strings.Cut(ps[i], ":")
		switch p {
		case "", "0", "27":
			rev = false
		case "7":
			rev = true
		case "38", "48", "58":
			if i+1 < len(ps) && ps[i+1] == "5" {
				i += 2
			} else if i+1 < len(ps) && ps[i+1] == "2" {
				i += 4
			}
		}
	}
	return rev
}
