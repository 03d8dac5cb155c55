package ui

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// streamBody is comments of every shape (Markdown, plain with escapes,
// a deleted author, a repeated content key, a non-object, unknown
// members, an edit), more than two chunks of them, then a second
// "comments" key: --plain writes comments a chunk at a time.
func streamBody() []byte {
	shapes := []string{
		`{"guid":"g%d","user_name":"ann","format":"MARKDOWN","created":"2026-11-20 09:12:44+0900","content":"**bold** %d and a long line that goes on and on and on past eighty columns, and on"}`,
		`{"guid":"g%d","format":"PLAIN","content":"line %d\nnext \u001b[31m red \u202e bidi\ttab"}`,
		`{"guid":"g%d","x_user":"gone","x_login":"gl","format":"PLAIN","content":"deleted author %d"}`,
		`{"guid":"g%d","format":"PLAIN","content":"first %d","content":"second"}`,
		`%d`,
		`{"guid":"g%d","format":"PLAIN","content":"other %d","extra":{"a":[1,2,{"b":"c"}]}}`,
		`{"guid":"g%d","format":"TEXT","created":"2026-11-20 09:12:44+0900","updated":"2026-11-21 10:00:00+0000","content":"edited %d"}`,
	}
	list := func(n int) string {
		cs := make([]string, n)
		for i := range cs {
			cs[i] = strings.ReplaceAll(shapes[i%len(shapes)], "%d", strconv.Itoa(i))
		}
		return "[" + strings.Join(cs, ",") + "]"
	}
	return ticketBody(`"title":"stream"`, `"comments":`+list(2*plainChunk+300), `"comments":`+list(3))
}

// The report's Comments section is the Comments pane, line for line,
// though --plain lays it out and writes it a chunk at a time.
func TestPlainCommentsAreThePane(t *testing.T) {
	t.Parallel()
	tk := decode(t, streamBody())
	for _, width := range []int{80, 0} {
		lw := width
		if width == 0 {
			lw = noWrapWidth
		}
		st := NewStyles(Dark)
		st.pt = paints{}
		md := newMDCache()
		var jobs []mdJob
		buildComments(st, tk, lw, false, false, testNow, time.UTC, md, &jobs)
		md.renderAll(jobs, -1, runtime.GOMAXPROCS(0))
		pane, _ := buildComments(st, tk, lw, false, false, testNow, time.UTC, md, &jobs)
		var want strings.Builder
		for _, l := range pane {
			want.WriteString(strings.TrimRight(plainLine(stripMarks(l)), " ") + "\n")
		}
		report := plainReport(t, tk, width)
		_, got, ok := strings.Cut(report, "== Comments ("+strconv.Itoa(len(tk.Comments))+") ")
		if _, got, _ = strings.Cut(got, "\n"); !ok || got != want.String() {
			t.Errorf("width %d: the Comments section (%d bytes) is not the pane's %d lines (%d bytes)", width, len(got), len(pane), want.Len())
		}
	}
}

// Without colour, the report is the coloured one without its styling:
// the panes lay out without paints rather than stripping them.
func TestPlainIsColourStripped(t *testing.T) {
	t.Parallel()
	bodies := map[string][]byte{"stream": streamBody(), "bold": markdownCommentsBody(3000)}
	for _, f := range sonartest.Fixtures() {
		bodies[f.Name] = f.Body
	}
	for name, body := range bodies {
		tk := decode(t, body)
		for _, width := range []int{0, 80} {
			o := PlainOptions{Width: width, Now: testNow, Location: time.UTC}
			var plain, colour strings.Builder
			if err := PlainReport(&plain, tk, o); err != nil {
				t.Fatal(err)
			}
			o.Color = true
			if err := PlainReport(&colour, tk, o); err != nil {
				t.Fatal(err)
			}
			lines := strings.SplitAfter(colour.String(), "\n")
			for i, l := range lines {
				lines[i] = strings.TrimRight(ansi.Strip(strings.TrimSuffix(l, "\n")), " ") + strings.Repeat("\n", strings.Count(l, "\n"))
			}
			if got, want := plain.String(), strings.Join(lines, ""); got != want {
				t.Errorf("%s at width %d: the plain report (%d bytes) is not the coloured one stripped (%d bytes)", name, width, len(got), len(want))
			}
		}
	}
}
