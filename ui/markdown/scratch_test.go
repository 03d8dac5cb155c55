package markdown

import (
	"fmt"
	"testing"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

func TestScratch(t *testing.T) {
	cases := map[string]string{
		"q80": strings.Repeat(">", 80) + " x",
		"ql200": strings.Repeat("> - ", 200) + "x",
		"emph": strings.Repeat("*a* ", 65536),
		"para": strings.Repeat("word ", 52000),
		"q16lines": strings.Repeat(strings.Repeat("> ", 16)+"some text here\n", 10000),
		"q16para": strings.Repeat("> ", 16)+strings.Repeat("word ", 50000),
		"brackets": strings.Repeat("[", 250000),
		"bang": strings.Repeat("![", 125000),
		"stars": strings.Repeat("*", 250000),
		"starsa": strings.Repeat("*a", 125000),
		"us": strings.Repeat("_a", 125000),
		"ticks": strings.Repeat("`", 250000),
		"tickspace": strings.Repeat("` ", 125000),
		"pipes": "|" + strings.Repeat("a|", 5000) + "\n|" + strings.Repeat("-|", 5000) + "\n",
		"tablerows": "|a|b|\n|-|-|\n" + strings.Repeat("|x|y|\n", 20000),
		"code": "```\n" + strings.Repeat("x = 1 + 2; // c\n", 15000) + "```\n",
		"codego": "```go\n" + strings.Repeat("x := 1 + 2 // c\n", 15000) + "```\n",
		"esc": strings.Repeat("\x1b[31m", 40000),
		"links": strings.Repeat("[a](http://x.y/) ", 15000),
		"autolinks": strings.Repeat("http://x.yz/ ", 20000),
		"list": strings.Repeat("- a\n", 60000),
		"indentlist": func() string { var b strings.Builder; for i := 0; i < 100; i++ { b.WriteString(strings.Repeat("  ", i) + "- x\n") }; return b.String() }(),
		"headings": strings.Repeat("# h\n", 60000),
		"refs": strings.Repeat("[a]: http://x\n", 15000) + strings.Repeat("[a] ", 10000),
		"nested-emph": strings.Repeat("*a **b ", 20000),
		"entities": strings.Repeat("&amp;", 50000),
		"deflist": strings.Repeat("term\n: def\n\n", 20000),
	}
	for _, w := range []int{20, 120} {
		for name, in := range cases {
			st := time.Now()
			r := Render(termsafe.Wrap(in), Options{Width: w})
			n := 0
			for _, l := range r.Lines { n += len(l) + 1 }
			fmt.Printf("%-12s w=%3d in=%7d %8v out=%9d lines=%d\n", name, w, len(in), time.Since(st).Round(time.Millisecond), n, len(r.Lines))
		}
	}
}
