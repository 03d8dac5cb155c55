package markdown

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// TestColors16OnlyPalette: with Colors16 on, every colour glamour and the
// code highlighter write is one of the palette's, as a basic ANSI colour,
// and there is no background at all.
func TestColors16OnlyPalette(t *testing.T) {
	src := "# H\n\n**b** *e* `code` [l](https://x.example) ![i](https://x.example/i.png)\n\n> q\n\n- a\n\n---\n\n" +
		"```json\n{\"a\": \"s\", \"n\": 1, \"t\": true}\n```\n\n```sh\n# c\necho x\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
	p := Colors16{On: true, Accent: 14, Faint: 7, Code: 11, Link: 13, OK: 10, Number: 12, Danger: 9}
	allowed := map[int]bool{}
	for _, n := range []uint8{p.Accent, p.Faint, p.Code, p.Link, p.OK, p.Number, p.Danger} {
		allowed[sgr16(n)] = true
	}
	sgr := regexp.MustCompile(`\x1b\[([0-9;:]*)m`)
	for _, style := range []Style{Dark, Light} {
		out := strings.Join(Render(termsafe.Wrap(src), Options{Width: 80, Style: style, Colors16: p}).Lines, "\n")
		colours := 0
		for _, m := range sgr.FindAllStringSubmatch(out, -1) {
			params := strings.Split(m[1], ";")
			for i := 0; i < len(params); i++ {
				n, _ := strconv.Atoi(params[i])
				switch {
				case n == 38 || n == 48 || n == 58 || (n >= 40 && n <= 47) || (n >= 100 && n <= 107):
					t.Fatalf("%v: colour outside the palette or a background: %q", style, m[0])
				case (n >= 30 && n <= 37) || (n >= 90 && n <= 97):
					colours++
					if !allowed[n] {
						t.Errorf("%v: colour %d is not in the palette (%q)", style, n, m[0])
					}
				}
			}
		}
		if colours < 5 {
			t.Errorf("%v: only %d colours written: %q", style, colours, out)
		}
	}
}
