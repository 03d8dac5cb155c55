package ui

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPlainPipedCommentsDoNotWrap: piped --plain does not wrap, so grep
// finds a long value on one line. Comments (Markdown and plain) and
// Markdown or plain events keep each logical line whole; with --width
// they wrap.
func TestPlainPipedCommentsDoNotWrap(t *testing.T) {
	words := func(tag string, n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(tag + strconv.Itoa(i) + " ")
		}
		return strings.TrimSpace(b.String())
	}
	mdPara := words("md", 120)                                       // ~700 cells, one source line
	mdSplit := words("sp", 60) + "\\n" + words("lit", 60)            // one paragraph over two source lines
	mdBold := "**" + words("bold", 40) + "** " + words("after", 100) // needs glamour
	plainLine := words("pl", 150)
	eventMD := words("ev", 150)
	cases := []struct {
		name, body, want string
		event            bool
	}{
		{"markdown paragraph", commentTicket("MARKDOWN", mdPara), mdPara, false},
		{"markdown soft break", commentTicket("MARKDOWN", mdSplit), strings.ReplaceAll(mdSplit, "\\n", " "), false},
		{"markdown through glamour", commentTicket("MARKDOWN", mdBold), words("bold", 40) + " " + words("after", 100), false},
		{"plain comment", commentTicket("PLAIN", plainLine), plainLine, false},
		{"markdown event", eventTicket("MARKDOWN", eventMD), eventMD, true},
		{"plain event", eventTicket("PLAIN", eventMD), eventMD, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pane := "== Comments"
			if c.event {
				pane = "== Event"
			}
			tk := decode(t, []byte(c.body))
			var piped strings.Builder
			if err := PlainReport(&piped, tk, PlainOptions{Now: testNow, Location: time.UTC}); err != nil {
				t.Fatal(err)
			}
			if !containsLine(section(piped.String(), pane), c.want) {
				t.Errorf("piped output has no line holding the whole text %.40q…:\n%s", c.want, piped.String())
			}
			wrapped := plainReport(t, tk, 100)
			if containsLine(section(wrapped, pane), c.want) {
				t.Error("with --width 100 the text is not wrapped")
			}
		})
	}
}

// commentTicket is a ticket with one comment; content is JSON-escaped
// already.
func commentTicket(format, content string) string {
	return string(ticketBody(`"title":"long"`, `"comments":[{"guid":"c1","format":"`+format+`","content":"`+content+`"}]`))
}

// eventTicket is a ticket whose event is text in format.
func eventTicket(format, content string) string {
	return `{"ticket":{"guid":"` + seedGUID + `","id":7,"format":"` + format + `","content":"` + content + `"}}`
}

// section is the part of a --plain report from the line starting with
// title to the next pane's title.
func section(out, title string) string {
	_, rest, _ := strings.Cut(out, "\n"+title)
	rest, _, _ = strings.Cut(rest, "\n== ")
	return rest
}

func containsLine(out, text string) bool {
	for l := range strings.SplitSeq(out, "\n") {
		if strings.Contains(l, text) {
			return true
		}
	}
	return false
}
