package ui

import (
	"strings"
	"testing"
)

// TestSearchAcrossWrapsInComments: search in Comments runs over logical
// lines for text the Markdown pipeline wraps too (plain-text Markdown
// paragraphs and PLAIN comments), so a match split by a soft wrap is
// found and highlighted on both rows, and the count is the same at every
// width: it is the number of occurrences in the comments' text.
func TestSearchAcrossWrapsInComments(t *testing.T) {
	para := strings.Repeat("the attacker sent union select from users then waited; ", 12)
	body := []byte(strings.ReplaceAll(commentTicket("MARKDOWN", para), `"comments":[`,
		`"comments":[{"guid":"p1","format":"PLAIN","content":"`+para+`"},`))
	for _, q := range []string{"union select", "waited; the attacker", "from users then"} {
		want := 2 * strings.Count(para, q)
		for _, w := range []int{61, 80, 97, 120, 137, 200} {
			h := newHarness(t, seedGUID, w, 30, Dark, func(d *Deps) {
				g := newFakeGetter()
				g.bodies[seedGUID] = body
				d.Getter = g
			})
			h.keys("4", "/")
			h.typeText(q)
			h.keys("enter")
			pg := h.model().panes[commentsPane].pager
			if _, total := pg.status(); total != want {
				t.Errorf("%q at %d columns: %d matches, want %d", q, w, total, want)
				continue
			}
			for k, m := range pg.matches {
				got := 0
				for _, s := range m.spans {
					got += s.end - s.start
				}
				// Every character is highlighted but the spaces a wrap
				// took, which are not drawn.
				if got > len(q) || got < len(q)-strings.Count(q, " ") {
					t.Errorf("%q at %d columns: match %d highlights %d cells", q, w, k, got)
				}
			}
		}
	}
}
