package ui

import (
	"strings"
	"testing"
)

// TestNoticeUntilNextKey: a notice from outside (the SSH server's idle
// warning) is shown escaped in the footer of the page on screen, stays
// when the analyst switches pages, and goes at the next key.
func TestNoticeUntilNextKey(t *testing.T) {
	h, _ := newAppHarness(t, 20, 100, 20)
	h.send(NoticeMsg{Text: "this session ends in 1m0s\x1b]0;x\x07"})
	if scr := h.screen(); !strings.Contains(scr, `this session ends in 1m0s\x1B]0;x\x07`) {
		t.Errorf("queue footer lacks the notice:\n%s", scr)
	}
	if strings.Contains(h.frame(), "\x1b]0;x") {
		t.Error("the notice's escape reached the frame raw")
	}
	h.keys("j")
	if scr := h.screen(); strings.Contains(scr, "session ends") {
		t.Errorf("the notice outlived a key press:\n%s", scr)
	}
	h.keys("enter")
	h.send(NoticeMsg{Text: "this session ends in 59s"})
	if scr := h.screen(); !strings.Contains(scr, "this session ends in 59s") {
		t.Errorf("ticket footer lacks the notice:\n%s", scr)
	}
	h.keys("2")
	if scr := h.screen(); strings.Contains(scr, "session ends") {
		t.Errorf("the notice outlived a key press on the ticket page:\n%s", scr)
	}
}

// TestNoticeOnTheTicketViewer: the single-ticket viewer (serve without a
// lister) shows a notice too, until the next key.
func TestNoticeOnTheTicketViewer(t *testing.T) {
	h := newHarness(t, seedGUID, 100, 30, Dark)
	h.send(NoticeMsg{Text: "this session ends in 1m0s"})
	if scr := h.screen(); !strings.Contains(scr, "this session ends in 1m0s") {
		t.Errorf("footer lacks the notice:\n%s", scr)
	}
	h.keys("j")
	if scr := h.screen(); strings.Contains(scr, "session ends") {
		t.Errorf("the notice outlived a key press:\n%s", scr)
	}
}
