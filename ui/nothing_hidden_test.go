package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/vt"
)

// dupListsBody repeats every list key and content, and content/format
// inside a comment: each second value carries a word found nowhere else.
func dupListsBody() []byte {
	return ticketBody(`"title":"dups"`,
		`"content":"first-event"`,
		`"comments":[{"guid":"c1","format":"PLAIN","content":"first-comment","format":"MARKDOWN","content":"second-content-in-comment"}]`,
		`"assignees":[{"user_name":"first-assignee","task_type":"ASSIGNEE"}]`,
		`"approvers":[{"user_name":"first-approver","task_type":"APPROVER"}]`,
		`"attachments":[{"file_name":"first-attachment"}]`,
		`"mitre_techniques":[{"mitre_id":"T1","name":"first-technique"}]`,
		`"content":"second-event"`,
		`"comments":[{"format":"PLAIN","content":"second-comment"}]`,
		`"assignees":[{"user_name":"second-assignee","task_type":"ASSIGNEE"}]`,
		`"approvers":[{"user_name":"second-approver","task_type":"APPROVER"}]`,
		`"attachments":[{"file_name":"second-attachment"}]`,
		`"mitre_techniques":[{"mitre_id":"T2","name":"second-technique"}]`,
	)
}

// TestDuplicateListsShown: a second comments/assignees/approvers/
// attachments/mitre_techniques/content key, and a second content/format
// inside a comment, used to be shown nowhere. Each is now in the pane
// where the analyst looks for it, flagged, with which value other parsers
// use, and in --plain.
func TestDuplicateListsShown(t *testing.T) {
	tk := decode(t, dupListsBody())
	m := renderedModel(t, tk, 120, 40)
	panes := map[paneID][]string{
		summaryPane:  {"second-attachment", "second-technique", `duplicate key "attachments", value 2 of 2 (the last: what jq and browsers use)`, `"mitre_techniques" 2 times`},
		eventPane:    {"first-event", "second-event", `the server sent "content" 2 times`, `duplicate key "content", value 2 of 2 (the last`},
		peoplePane:   {"second-assignee", "second-approver", `"assignees" 2 times`, `duplicate key "approvers", value 2 of 2 (the last`},
		commentsPane: {"second-comment", "second-content-in-comment", `the server sent "comments" 2 times`, `duplicate key "format": PLAIN ⚠ duplicate key: MARKDOWN`},
	}
	plain := plainReport(t, tk, 200)
	for id, wants := range panes {
		text := m.panes[id].pager.text()
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s pane lacks %q:\n%s", id, w, text)
			}
			if !strings.Contains(plain, w) {
				t.Errorf("--plain lacks %q", w)
			}
		}
	}
}

// TestKnownFieldsShown: fields the decoder knows but no pane showed.
func TestKnownFieldsShown(t *testing.T) {
	tk := decode(t, ticketBody(`"title":"known"`,
		`"comments":[{"guid":"comment-guid-1","user_guid":"comment-user-1","type":"comment-type-1","created":"2026-01-01 00:00:00+0000","updated":"not a time"}]`,
		`"attachments":[{"file_name":"f","user_guid":"attach-user-1","ticket_guid":"attach-ticket-1"}]`,
		`"assignees":[{"user_name":"u","company_guid":"company-guid-1"}]`,
		`"mitre_techniques":[{"mitre_id":"T1","name":"n","display_name":"display-name-1"}]`,
	))
	plain := plainReport(t, tk, 120)
	for _, w := range []string{"comment-guid-1", "comment-user-1", "comment-type-1", "not a time",
		"attach-user-1", "attach-ticket-1", "company-guid-1", "display-name-1"} {
		if !strings.Contains(plain, w) {
			t.Errorf("--plain lacks %q", w)
		}
	}
}

// TestLoneSurrogateFlagged: a lone surrogate in a known field shows as its
// code point and the field carries the "invalid Unicode" flag (DATA-5);
// it used to show three byte tokens and no flag.
func TestLoneSurrogateFlagged(t *testing.T) {
	tk := decode(t, ticketBody(`"title":"smile \ud83d here"`, `"comments":[{"format":"PLAIN","user_name":"\udc00x","content":"c"}]`))
	m := modelFor(t, tk, 120, 40)
	scr := emulate(m.View().Content, 120, 40)
	if !strings.Contains(scr, `smile \u{D83D} here ⚠ invalid Unicode`) {
		t.Errorf("header:\n%s", scr)
	}
	plain := plainReport(t, tk, 120)
	for _, want := range []string{`Title           smile \u{D83D} here ⚠ invalid Unicode`, `\u{DC00}x ⚠ invalid Unicode`} {
		if !strings.Contains(plain, want) {
			t.Errorf("--plain lacks %q", want)
		}
	}
}

// TestVariationSelectorWidth: a value with an ASCII character and U+FE0F
// ("1️", two cells) used to be wrapped as if it were one cell, so the line
// came out a cell wider in a terminal than the layout measured. Every line
// of every pane, drawn by the vt emulator, must fit the pane.
func TestVariationSelectorWidth(t *testing.T) {
	v := strings.Repeat("ab1\ufe0f ", 30) + strings.Repeat("x\ufe0f", 40)
	tk := decode(t, ticketBody(`"title":"`+v+`"`, `"rule_name":"`+v+`"`, `"x_extra":"`+v+`"`,
		`"content":"{\"k\":\"`+v+`\"}"`, `"comments":[{"format":"PLAIN","content":"`+v+`"}]`))
	for _, w := range []int{41, 47, 53, 58} {
		m := renderedModel(t, tk, w, 30)
		for _, p := range m.panes {
			for i := range p.pager.lines {
				if l := p.pager.row(i); emulatedWidth(l) > p.pager.width {
					got := emulatedWidth(l)
					t.Fatalf("width %d, %s pane: a line is %d cells in the terminal: %q", w, p.id, got, l)
				}
			}
		}
	}
}

// emulatedWidth is where the vt emulator's cursor ends after drawing l.
func emulatedWidth(l string) int {
	e := vt.NewEmulator(1000, 2)
	defer e.Close()
	_, _ = e.Write([]byte(l))
	return e.CursorPosition().X
}
