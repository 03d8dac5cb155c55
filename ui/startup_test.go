package ui

import (
	"strings"
	"testing"
)

// The first frame after a fetch waits for the pane on screen only: the
// other panes are built by the next message, and a key that reaches one
// of them before that finds it preparing, then built.
func TestFirstFrameBuildsOnlyThePaneOnScreen(t *testing.T) {
	m, cmd := open(decode(t, newFakeGetter().bodies[seedGUID]), 120, 40)
	first := m.(Model)
	if p := first.panes[summaryPane]; p.built.ticket != first.tgen || p.preparing {
		t.Fatalf("Summary is not built in the first frame (built for %d, ticket %d, preparing %v)", p.built.ticket, first.tgen, p.preparing)
	}
	if !strings.Contains(first.View().Content, "Identity") {
		t.Fatalf("the first frame does not show the Summary:\n%s", first.View().Content)
	}
	for _, id := range []paneID{eventPane, peoplePane, commentsPane} {
		if p := first.panes[id]; !p.preparing || p.built.ticket == first.tgen {
			t.Errorf("%s was built before the first frame (preparing %v)", id, p.preparing)
		}
	}

	// A key before the rest is built: the Comments pane says so.
	m, _ = m.Update(keyMsg("4"))
	if got := m.(Model).View().Content; !strings.Contains(got, "preparing") {
		t.Errorf("Comments before its build does not say preparing:\n%s", got)
	}

	m, _ = drain(m, cmd)
	done := m.(Model)
	for _, p := range done.panes {
		if p.preparing || p.built.ticket != done.tgen {
			t.Errorf("%s is not built after the first frame's follow-up (preparing %v)", p.id, p.preparing)
		}
	}
	if got := done.View().Content; strings.Contains(got, "preparing") || !strings.Contains(got, "Blocked the IP address") {
		t.Errorf("Comments after the follow-up:\n%s", got)
	}
}

// Opening another ticket before the first one's other panes were built,
// then going back (Esc while it loads), leaves no pane "preparing…" for
// good: the follow-up that was meant to build them came while the other
// ticket was loading.
func TestRestoredTicketBuildsItsDeferredPanes(t *testing.T) {
	m, _ := open(decode(t, newFakeGetter().bodies[seedGUID]), 120, 40)
	first := m.(Model)
	rest := buildRestMsg{tgen: first.tgen}

	_ = first.fetch("00000000-0000-4000-8000-000000000001", false)
	m, _ = first.Update(rest) // arrives while the other ticket loads
	m, cmd := m.Update(keyMsg("esc"))
	m, _ = drain(m, cmd)
	back := m.(Model)
	if back.Screen() != "ready" || back.ticket == nil {
		t.Fatalf("esc while loading did not return to the ticket: %s", back.Screen())
	}
	for _, p := range back.panes {
		if p.preparing || p.built.ticket != back.tgen {
			t.Errorf("%s is left unbuilt after going back (preparing %v)", p.id, p.preparing)
		}
	}
}

// A refresh's reply that lands after the analyst opened the prompt (o)
// leaves the prompt open (TestKeyFlow lost it now and then under load).
func TestRefreshReplyKeepsThePromptOpen(t *testing.T) {
	m, cmd := open(decode(t, newFakeGetter().bodies[seedGUID]), 120, 40)
	m, _ = drain(m, cmd)
	mm := m.(Model)
	_ = mm.fetch(seedGUID, true) // r
	m, _ = mm.Update(keyMsg("o"))
	if got := m.(Model).Screen(); got != "prompt" {
		t.Fatalf("o during a refresh shows %s", got)
	}
	m, _ = m.Update(fetchedMsg{seq: mm.seq, guid: seedGUID, ticket: mm.ticket})
	if got := m.(Model).Screen(); got != "prompt" {
		t.Errorf("the refresh's reply replaced the prompt with %s", got)
	}
}
