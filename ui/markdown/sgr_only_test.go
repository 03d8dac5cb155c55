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
	out := "\x1b[1mbold\x1b[0m \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b[2J\x1b[H" +
		"\x1bP1$r\x1b\\ \x9b31m \x1b]52;c;QQ==\x07 end"
	lines := glamourLines(out, 80, nil, false)
	text := strings.Join(lines, "\n")
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
