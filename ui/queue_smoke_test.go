package ui

import "testing"

func TestQueueSmoke(t *testing.T) {
	h, _ := newAppHarness(t, 250, 80, 24)
	t.Log("\n" + h.screen())
	h.keys("j", "j", "j", "enter")
	t.Log("\n" + h.screen())
	h.keys("J")
	t.Log("\n" + h.screen())
	h.keys("esc")
	t.Log("\n" + h.screen())
	h2, _ := newAppHarness(t, 250, 160, 48)
	t.Log("\n" + h2.screen())
}
