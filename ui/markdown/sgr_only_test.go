package markdown

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestGlamourOutputSGROnly: whatever glamour (or a future version of it)
// writes, only SGR reaches the screen; any other sequence is shown as a
// visible token. glamour today writes only SGR, so this feeds the output
// stage text as glamour might write it: with the filter removed, the test
// fails.
func TestGlamourOutputSGROnly(t *testing.T) {
	lines, _ := glamourLines(hostileGlamourOutput, 80, nil, false, "", nil)
	checkSGROnly(t, strings.Join(lines, "\n"))
}

// hostileGlamourOutput is text as a broken or future glamour might write
// it: SGR, and sequences that must never reach the terminal.
const hostileGlamourOutput = "\x1b[1mbold\x1b[0m \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b[2J\x1b[H" +
	"\x1bP1$r\x1b\\ \x9b31m \x1b]52;c;QQ==\x07 end"

// The two guards behind glamour each hold on their own (a mutation audit
// found that removing only one went unnoticed): the TERM-8 filter, and the
// line writer, which escapes any sequence but SGR it is given.

// TestGlamourFilterRuns: glamour's output is filtered before the line
// writer sees it; the writer finds nothing left to escape.
func TestGlamourFilterRuns(t *testing.T) {
	w := glamourWriter(hostileGlamourOutput, 80, nil)
	checkSGROnly(t, strings.Join(w.result(), "\n"))
	if w.backstop != 0 {
		t.Errorf("the line writer escaped %d pieces the filter should have: glamour's output is not filtered", w.backstop)
	}
}

// TestLineWriterBackstopCounts: the count the test above relies on moves
// when the writer does escape something.
func TestLineWriterBackstopCounts(t *testing.T) {
	w := newLineWriter(80, nil)
	w.write("a\x1b[2Jb\u202ec")
	if w.backstop != 2 {
		t.Errorf("backstop = %d, want 2", w.backstop)
	}
}

func TestFilterStyledAloneKeepsSGROnly(t *testing.T) {
	var b strings.Builder
	for _, r := range filterStyled(hostileGlamourOutput) { // the escape alphabet, decoded
		if g, ok := decodeGlyph(r); ok {
			b.WriteByte(g.c)
		} else {
			b.WriteRune(r)
		}
	}
	checkSGROnly(t, b.String())
}

func TestLineWriterAloneKeepsSGROnly(t *testing.T) {
	w := newLineWriter(80, nil)
	w.write(hostileGlamourOutput)
	checkSGROnly(t, strings.Join(w.result(), "\n"))
}

// checkSGROnly fails if text holds any sequence but SGR, or lacks the
// visible form of the hostile sequences.
func checkSGROnly(t *testing.T, text string) {
	t.Helper()
	p := ansi.NewParser()
	var state byte
	for s := text; len(s) > 0; {
		seq, _, n, st := ansi.DecodeSequence(s, state, p)
		state, s = st, s[n:]
		if ansi.HasCsiPrefix(seq) && ansi.Cmd(p.Command()).Final() == 'm' {
			continue
		}
		if len(seq) > 0 && (seq[0] == 0x1b || seq[0] == 0x9b || seq[0] == 0x9d || seq[0] == 0x90) {
			t.Fatalf("non-SGR sequence %q reached the output: %q", seq, text)
		}
	}
	plain := ansi.Strip(text)
	for _, want := range []string{"bold", `\x1B]8;;http://evil.example`, `\x1B[2J`, `\x1B]52;c;QQ==\x07`, "end"} {
		if !strings.Contains(plain, want) {
			t.Errorf("output lacks %q: %q", want, plain)
		}
	}
}
