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
			pg := searchComments(t, body, w, q)
			if _, total := pg.status(); total != want {
				t.Errorf("%q at %d columns: %d matches, want %d", q, w, total, want)
				continue
			}
			checkHighlights(t, pg, q, w)
		}
	}
}
