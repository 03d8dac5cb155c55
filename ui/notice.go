package ui

import "github.com/sonar-tui/sonar-tui/termsafe"

// NoticeMsg is a line for the analyst from outside the app (the SSH
// server's "this session ends in 1m0s"): the footer shows it until the
// next key press. The app gives it to both pages, so it is on screen
// whichever page is active.
type NoticeMsg struct{ Text string }

// showNotice puts a notice in the ticket page's footer.
func (m *Model) showNotice(msg NoticeMsg) {
	m.notice = termsafe.Trusted(msg.Text, termsafe.SingleLine).Plain()
	m.toast = m.notice
}

// clearNotice takes the notice away at a key press, unless something else
// took its place meanwhile.
func (m *Model) clearNotice() {
	if m.notice != "" && m.toast == m.notice {
		m.toast = ""
	}
	m.notice = ""
}

// showNotice puts a notice in the queue's footer, where the next key
// clears it like any other toast.
func (q *queueModel) showNotice(msg NoticeMsg) {
	q.toast = termsafe.Trusted(msg.Text, termsafe.SingleLine).Plain()
}
