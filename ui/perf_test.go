package ui

import (
	"regexp"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// TestResizeStormRendersOnce: 50 resizes delivered before any command
// runs (a window dragged faster than a render) render each comment once,
// at the final width, and the pane ends up complete at that width.
func TestResizeStormRendersOnce(t *testing.T) {
	const comments = 30
	m0, cmd := open(decode(t, commentsBody(t, comments, false)), 120, 40)
	m0, _ = drain(m0, cmd)
	mm := m0.(Model)
	mm.active = commentsPane
	var m tea.Model = mm
	before := mm.md.renders.Load()
	var cmds []tea.Cmd
	for i := range 50 {
		var c tea.Cmd
		m, c = m.Update(tea.WindowSizeMsg{Width: 70 + i, Height: 40})
		cmds = append(cmds, c)
	}
	msgs := make([]tea.Msg, len(cmds))
	var wg sync.WaitGroup
	for i, c := range cmds {
		if c != nil {
			wg.Go(func() { msgs[i] = c() })
		}
	}
	wg.Wait()
	for _, msg := range msgs {
		if msg != nil {
			m, _ = drain(m, func() tea.Msg { return msg })
		}
	}
	if got := mm.md.renders.Load() - before; got != comments {
		t.Errorf("50 resizes rendered %d comments, want each of the %d once", got, comments)
	}
	text := m.(Model).panes[commentsPane].pager.text()
	if strings.Contains(text, "rendering…") || !strings.Contains(text, "Triage note 29") {
		t.Errorf("comments pane incomplete after the storm:\n%s", text)
	}
	requireFits(t, m.View().Content, 119, 40)
}

// TestRepeatedCommentRenderedOnce: a thread of one text repeated renders
// it once (a hostile ticket cannot multiply the Markdown work).
func TestRepeatedCommentRenderedOnce(t *testing.T) {
	body := regexp.MustCompile(`"checked host \d+"`).ReplaceAll(commentsBody(t, 200, true), []byte(`"same text"`))
	tk := decode(t, body)
	distinct := map[termsafe.Key]bool{}
	for _, c := range tk.Comments {
		distinct[c.Content.Text().Key()] = true
	}
	if len(distinct) != 1 {
		t.Fatalf("%d distinct texts, want 1", len(distinct))
	}
	m, cmd := open(tk, 120, 40)
	before := m.(Model).md.renders.Load()
	m, _ = drain(m, cmd)
	if got := m.(Model).md.renders.Load() - before; got != int64(len(distinct)) {
		t.Errorf("rendered %d times for %d distinct texts in %d comments", got, len(distinct), len(tk.Comments))
	}
}

// TestBigTicketKeysWhileBuilding: a big ticket's panes are built off the
// UI goroutine: the update that receives it returns at once with the
// panes "preparing…", and ctrl+c quits before any build has finished.
func TestBigTicketKeysWhileBuilding(t *testing.T) {
	tk := bigTicket(t, 2<<20)
	if tk.Body.Len() < asyncBuild {
		t.Fatalf("ticket of %d bytes is below the async threshold %d", tk.Body.Len(), asyncBuild)
	}
	m, cmd := open(tk, 120, 40)
	if cmd == nil {
		t.Fatal("no build command")
	}
	if got := m.(Model).panes[eventPane].pager.text(); !strings.Contains(got, "preparing…") {
		t.Errorf("event pane before its build = %q, want preparing…", got)
	}
	_, quit := m.Update(keyMsg("ctrl+c"))
	if quit == nil {
		t.Fatal("ctrl+c returned no command")
	}
	if _, ok := quit().(tea.InterruptMsg); !ok {
		t.Error("ctrl+c while building did not quit (as an interrupt)")
	}
	m, _ = drain(m, cmd)
	if got := m.(Model).panes[eventPane].pager.text(); !strings.Contains(got, "sqlmap") {
		t.Error("event pane not built after its command ran")
	}
}

// TestBuildPanicReachesTheGuard: a panic while building off the UI
// goroutine (where the program's guard cannot see it) comes back as a
// message, and the model raises it on the UI goroutine without the panic
// value, which may hold ticket text.
func TestBuildPanicReachesTheGuard(t *testing.T) {
	msg := guarded(func() tea.Msg { panic("ticket text \x1b]52;c;x\x07") })()
	if _, ok := msg.(buildFailedMsg); !ok {
		t.Fatalf("guarded command returned %T, want buildFailedMsg", msg)
	}
	md := newMDCache()
	md.render1 = func(mdKey) []string { panic("ticket text") }
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("a worker panic was swallowed")
			} else if s, _ := r.(string); strings.Contains(s, "ticket") {
				t.Errorf("the panic carries the original value: %q", s)
			}
		}()
		md.renderAll([]mdJob{{key: mdKey{src: termsafe.Wrap("a").Key()}}, {key: mdKey{src: termsafe.Wrap("b").Key()}}}, -1, 2)
	}()
	if _, ok := md.render(nil, 0, 1, nil)().(mdDoneMsg); !ok {
		t.Error("an empty batch did not finish")
	}
	var m tea.Model = quietModel()
	func() {
		defer func() {
			if recover() == nil {
				t.Error("buildFailedMsg did not panic on the UI goroutine")
			}
		}()
		m.Update(buildFailedMsg{})
	}()
}
