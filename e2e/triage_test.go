package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// TestCopyIOCsUnderTmux: y I puts the defanged IOCs on tmux's clipboard
// through OSC 52, one a line, with no control character.
func TestCopyIOCsUnderTmux(t *testing.T) {
	conf := "set -g set-clipboard on\nset -g default-terminal xterm-256color\n"
	x := newTmux(t, 100, 30, conf, "--demo", sonartest.MarkdownGUID)
	x.waitFor("Triage")
	x.keys("y")
	x.waitFor("IOCs defanged")
	x.keys("I")
	x.waitFor("copied IOCs defanged")
	var buf string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if strings.TrimSpace(x.cmd("list-buffers")) != "" {
			buf = x.cmd("show-buffer")
			break
		}
	}
	for _, want := range []string{"hxxps://hanbit-flnance[.]example/sso/login", "hr-desk[@]mailbox[.]example",
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"} {
		if !strings.Contains(buf, want) {
			t.Errorf("tmux buffer lacks %q:\n%s", want, buf)
		}
	}
	if strings.ContainsAny(buf, "\x1b\x07\r") || strings.Contains(buf, "https://") {
		t.Errorf("tmux buffer holds a control character or a live URL: %q", buf)
	}
}

// TestTriageCardASCIIUnderTmux: the triage card is the first screen at
// 80x24, and with --ascii the terminal shows no symbol outside ASCII but
// the ticket's own (Hangul) text.
func TestTriageCardASCIIUnderTmux(t *testing.T) {
	x := newTmux(t, 80, 24, "set -g default-terminal xterm-256color\n", "--demo", "--ascii", sonartest.Sonar5GUID)
	scr := x.waitFor("Triage")
	for _, want := range []string{"185.220.101.47:51544 > 10.20.30.15:443", "waiting for approval:", "^ HIGH", "Last said"} {
		if !strings.Contains(scr, want) {
			t.Errorf("first screen lacks %q:\n%s", want, scr)
		}
	}
	for _, r := range scr {
		if r > 0x7e && !(r >= 0xAC00 && r <= 0xD7A3) {
			t.Errorf("ASCII mode drew %q (%U):\n%s", r, r, scr)
			break
		}
	}
}
