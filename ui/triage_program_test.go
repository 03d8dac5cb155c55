package ui

import (
	"encoding/base64"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// TestTriageFlow drives the real program through a triage: the card,
// the newest comment, newest first, the Event filter and hidden nulls,
// and copies of the defanged IOCs and the console URL as real OSC 52
// writes.
func TestTriageFlow(t *testing.T) {
	g := newFakeGetter()
	sw := newWatcher(100, 30)
	deps := programDeps(g, &memHistory{})
	deps.BaseURL = "https://sonar.example.com"
	guid := fixtureGUID(t, "sonar5")
	tm := teatest.NewTestModel(t, New(deps, guid),
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))

	sw.waitFor(t, tm, "Triage", "waiting for approval: 최동현", "185.220.101.47:51544 → 10.20.30.15:443")
	press(tm, "L")
	sw.waitFor(t, tm, "3/3 최동현")
	press(tm, "O")
	sw.waitFor(t, tm, "comments newest first")

	press(tm, "2", "&")
	tm.Type("dst")
	press(tm, "enter", "H")
	sw.waitFor(t, tm, `filter "dst": 3 of 37 fields`, "nulls hidden", `"dst_ip": "10.20.30.15"`)

	press(tm, "y", "I")
	sw.waitFor(t, tm, "copied IOCs defanged")
	want := iocText(extractIOCs(ticketTexts(mustDecode(t, g, guid))), true)
	if !strings.Contains(want, "185[.]220[.]101[.]47") {
		t.Fatalf("defanged IOCs lack the source IP:\n%s", want)
	}
	if !waitRaw(sw, tm, "\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte(want))) {
		t.Errorf("no OSC 52 write of the defanged IOCs")
	}
	press(tm, "y", "u")
	sw.waitFor(t, tm, "copied console URL")
	url := "https://sonar.example.com/#/tickets/" + guid
	if !waitRaw(sw, tm, "\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte(url))) {
		t.Errorf("no OSC 52 write of the console URL")
	}

	press(tm, "q")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if final.active != eventPane || !final.newestFirst || final.nav.filter != "dst" || !final.nav.hideNulls {
		t.Errorf("final model: pane %v newest first %v filter %q hide nulls %v", final.active, final.newestFirst, final.nav.filter, final.nav.hideNulls)
	}
}

// waitRaw reads the program's output until it holds want: the clipboard
// write is a command, so it may follow the frame that says "copied".
func waitRaw(sw *screenWatcher, tm *teatest.TestModel, want string) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, _ := io.ReadAll(tm.Output())
		sw.raw.Write(b)
		if strings.Contains(sw.raw.String(), want) {
			return true
		}
	}
	return false
}

func mustDecode(t *testing.T, g *fakeGetter, guid string) *api.Ticket {
	t.Helper()
	tk, err := g.GetTicket(t.Context(), guid)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}
