package markdown

import (
	"fmt"
	"testing"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

func TestScratch(t *testing.T) {
	units := []string{"\"", "\\", "'a", "<", "{", "/*", "#", "$(", "`", "a=", "<a ", "\"\\", "[", "(", "--", "${", "<!--", "@\"", "0x", "1e", "r\"", "'''", "\"\"\"", "%", "&", "<<", "/", "*", "\n"}
	langs := []string{}
	for l := range highlighted { langs = append(langs, l) }
	worst := time.Duration(0)
	for _, lang := range langs {
		for _, u := range units {
			body := strings.Repeat(u, 30000/len(u))
			src := "```" + lang + "\n" + body + "\n```\n"
			st := time.Now()
			Render(termsafe.Wrap(src), Options{Width: 100})
			d := time.Since(st)
			if d > 200*time.Millisecond { fmt.Printf("%-10s %-6q %v\n", lang, u, d) }
			if d > worst { worst = d }
		}
	}
	fmt.Println("worst", worst)
}
