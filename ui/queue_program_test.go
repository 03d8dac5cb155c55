package ui

import (
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// TestQueueKeyFlow drives the real Bubble Tea program: the queue, Enter
// into a ticket, J/K through the queue, Esc back, then a filter.
func TestQueueKeyFlow(t *testing.T) {
	g := newFakeGetter()
	l := newFakeLister(300)
	for _, qt := range l.tickets {
		g.bodies[qt.guid] = qt.ticketJSON()
	}
	deps := programDeps(g, &memHistory{})
	deps.Lister, deps.UserGUID = l, testUser
	rows := openRows(l)
	sw := newWatcher(100, 30)
	tm := teatest.NewTestModel(t, NewApp(deps, Start{Query: DefaultQuery()}),
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))

	sw.waitFor(t, tm, commas(int64(len(rows)))+" tickets", rows[0].title)
	press(tm, "j", "enter")
	// The Summary opens on the triage card; the GUID is further down.
	sw.waitFor(t, tm, "Identity", rows[1].title)
	press(tm, "J")
	sw.waitFor(t, tm, rows[2].title)
	press(tm, "J")
	sw.waitFor(t, tm, "hostile title")
	press(tm, "K")
	sw.waitFor(t, tm, rows[2].title)
	press(tm, "esc")
	sw.waitFor(t, tm, "PRIORITY", "3/"+commas(int64(len(rows))))
	press(tm, "f", "x", "esc") // NEW off
	// The chip changes at once; the total changes when the filtered
	// query's answer is on screen, so the request has been made.
	notNew := 0
	for _, r := range rows {
		if r.status != api.StatusNew {
			notNew++
		}
	}
	sw.waitFor(t, tm, "○ new", commas(int64(notNew))+" tickets")
	press(tm, "q")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	if final.Page() != "queue" {
		t.Errorf("final page %s", final.Page())
	}
	if q := l.lastQuery(); slices.Contains(q.Statuses, api.StatusNew) || len(q.Statuses) != len(api.OpenStatuses)-1 {
		t.Errorf("the filter sent statuses %v", q.Statuses)
	}
}
