package markdown

import (
	"fmt"
	"testing"
	"strings"
	"time"
	"bytes"

	"github.com/yuin/goldmark/text"
	"github.com/sonar-tui/sonar-tui/termsafe"
	"charm.land/glamour/v2/ansi"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

func TestScratch(t *testing.T) {
	cases := map[string]string{
		"headings": strings.Repeat("# h\n", 60000),
		"list": strings.Repeat("- a\n", 60000),
		"paras": strings.Repeat("a\n\n", 80000),
		"rows": "|a|b|\n|-|-|\n" + strings.Repeat("|x|y|\n", 40000),
		"quotes": strings.Repeat("> a\n>\n", 40000),
		"hr": strings.Repeat("---\n\n", 50000),
		"code": strings.Repeat("```\nx\n```\n", 25000),
		"text": strings.Repeat("word ", 50000),
	}
	for _, w := range []int{120} {
		for _, nocolor := range []bool{false, true} {
		for name, in := range cases {
			prepared := prepare(termsafe.Marked(termsafe.Wrap(capNesting(in))))
			st := time.Now()
			md, _ := newMarkdown(w, Dark)
			sc := styleConfig(Dark)
			if nocolor { sc.Document.Color = nil }
			ar := ansi.NewRenderer(ansi.Options{WordWrap: w, InlineTableLinks: true, Styles: sc})
			r := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000)))
			src := []byte(prepared)
			doc := md.Parser().Parse(text.NewReader(src))
			t1 := time.Since(st)
			var out bytes.Buffer
			r.Render(&out, src, doc)
			t2 := time.Since(st)
			lw := newLineWriter(w, nil)
			lw.write(out.String())
			t3 := time.Since(st)
			fmt.Printf("%-10s nocolor=%v w=%3d parse=%v render=%v write=%v glamourout=%d\n", name, nocolor, w, t1.Round(time.Millisecond), (t2-t1).Round(time.Millisecond), (t3-t2).Round(time.Millisecond), out.Len())
		}
		}
	}
}
