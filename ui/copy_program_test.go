package ui

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

var osc52 = regexp.MustCompile("\x1b\\]52;c;([^\x07\x1b]*)(\x07|\x1b\\\\)")

// TestMultiLineCopyOSC52: copying the hostile ticket's Summary pane (many
// lines, escape sequences in every value) through the real OSC 52 path
// writes one well-formed OSC 52 sequence: base64 only, so no newline or
// ESC of the text reaches the terminal inside it, and the decoded text has
// no control character but the line breaks.
func TestMultiLineCopyOSC52(t *testing.T) {
	sw := newWatcher(100, 30)
	tm := teatest.NewTestModel(t, New(programDeps(newFakeGetter(), &memHistory{}), sonartest.HostileGUID),
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	sw.waitFor(t, tm, "Identity")
	press(tm, "y", "p")
	sw.waitFor(t, tm, "copied pane as text")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	raw := sw.raw.String()
	start := strings.Index(raw, "\x1b]52;")
	if start < 0 {
		t.Fatal("no OSC 52 write in the output")
	}
	m := osc52.FindStringSubmatch(raw[start:])
	if m == nil || !strings.HasPrefix(raw[start:], m[0]) {
		t.Fatalf("malformed OSC 52 write: %q", raw[start:min(start+200, len(raw))])
	}
	payload := m[1]
	if strings.ContainsAny(payload, "\r\n") {
		t.Fatalf("a line break reached the OSC 52 sequence itself")
	}
	text, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		t.Fatalf("OSC 52 payload is not base64: %v", err)
	}
	if strings.Count(string(text), "\n") < 10 || !strings.Contains(string(text), `\x1B]0;pwned\x07`) {
		t.Errorf("copied text is not the escaped pane: %q", text[:min(len(text), 200)])
	}
	for _, r := range string(text) {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			t.Fatalf("copied control %U", r)
		}
	}
}
