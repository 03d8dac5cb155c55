package markdown

import (
	"fmt"
	"testing"
	"strings"
	"time"

	"github.com/yuin/goldmark/text"
)

func TestScratch(t *testing.T) {
	for _, unit := range []string{"a_a ", "a*a ", "a_", "`a` ", "`a", "*a_", "[a](", "[a]", "a~"} {
		for _, n := range []int{20000, 80000} {
			in := strings.Repeat(unit, n/len(unit))
			md, _ := newMarkdown(80, Dark)
			st := time.Now()
			md.Parser().Parse(text.NewReader([]byte(in)))
			fmt.Printf("%-6q n=%6d parse=%v\n", unit, n, time.Since(st).Round(time.Millisecond))
		}
	}
}
