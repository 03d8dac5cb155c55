package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// msgsOf runs cmd and the batches it holds, not what their messages lead
// to, and returns the messages.
func msgsOf(cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	walk(cmd, func(msg tea.Msg) tea.Cmd {
		out = append(out, msg)
		return nil
	})
	return out
}

// TestBigTicketOtherPanesWaitForTheFirstFrame: when the pane on screen of
// a big ticket comes back from its build, the other panes are not started
// in the same update (their builds and Markdown would take the CPUs while
// the renderer writes the first frame) but by the follow-up message, as
// for a small ticket.
func TestBigTicketOtherPanesWaitForTheFirstFrame(t *testing.T) {
	tk := bigTicket(t, 2<<20)
	m, cmd := open(tk, 120, 40)
	var built *paneBuiltMsg
	for _, msg := range msgsOf(cmd) {
		if b, ok := msg.(paneBuiltMsg); ok && b.out.id == summaryPane {
			built = &b
		}
	}
	if built == nil {
		t.Fatal("no build of the Summary after the fetch")
	}
	m, cmd = m.Update(*built)
	first := m.(Model)
	for _, id := range []paneID{eventPane, peoplePane, commentsPane} {
		if p := first.panes[id]; p.building || !p.preparing {
			t.Errorf("%s started with the first frame (building %v, preparing %v)", id, p.building, p.preparing)
		}
	}
	var rest *buildRestMsg
	for _, msg := range msgsOf(cmd) {
		if r, ok := msg.(buildRestMsg); ok {
			rest = &r
		}
	}
	if rest == nil {
		t.Fatal("no follow-up to build the other panes")
	}
	m, cmd = m.Update(*rest)
	for _, id := range []paneID{eventPane, peoplePane, commentsPane} {
		if p := m.(Model).panes[id]; !p.building {
			t.Errorf("%s not started by the follow-up", id)
		}
	}
	m, _ = drain(m, cmd)
	for _, p := range m.(Model).panes {
		if p.preparing || p.built.ticket != m.(Model).tgen {
			t.Errorf("%s is not built after the follow-up (preparing %v)", p.id, p.preparing)
		}
	}
}
