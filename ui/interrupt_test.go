package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestCtrlCInterrupts: ctrl+c ends the viewer and the app as an interrupt
// (the command line then exits 130, the documented code), where q is a
// plain quit (exit 0).
func TestCtrlCInterrupts(t *testing.T) {
	ctrlC := tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	cases := []struct {
		name string
		m    tea.Model
	}{
		{"viewer", newHarness(t, seedGUID, 100, 30, Dark).m},
		{"app, queue page", func() tea.Model { h, _ := newAppHarness(t, 20, 100, 30); return h.m }()},
		{"app, ticket page", func() tea.Model { h, _ := newAppHarness(t, 20, 100, 30); h.keys("enter"); return h.m }()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, cmd := c.m.Update(ctrlC)
			if cmd == nil {
				t.Fatal("ctrl+c returned no command")
			}
			if _, ok := cmd().(tea.InterruptMsg); !ok {
				t.Errorf("ctrl+c ends with %T, want tea.InterruptMsg", cmd())
			}
			_, cmd = c.m.Update(keyMsg("q"))
			if cmd == nil {
				t.Fatal("q returned no command")
			}
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Errorf("q ends with %T, want tea.QuitMsg", cmd())
			}
		})
	}
}
