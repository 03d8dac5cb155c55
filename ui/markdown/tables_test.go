package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

func table(cols, rows int) string {
	var b strings.Builder
	for i := range cols {
		fmt.Fprintf(&b, "| head%d ", i)
	}
	b.WriteString("|\n" + strings.Repeat("|---", cols) + "|\n")
	for r := range rows {
		for i := range cols {
			fmt.Fprintf(&b, "| r%dc%d ", r, i)
		}
		b.WriteString("|\n")
	}
	return b.String()
}

// TestWideTableLosesNoCell: glamour dropped the last columns of a table
// wider than the pane and blanked header names. Every cell and every
// header must be in the output, and the list form must say why.
func TestWideTableLosesNoCell(t *testing.T) {
	for _, tc := range []struct{ cols, rows, width int }{{60, 2, 80}, {8, 3, 40}, {5000, 1, 120}, {3, 0, 10}} {
		t.Run(fmt.Sprintf("%dx%d@%d", tc.cols, tc.rows, tc.width), func(t *testing.T) {
			res := Render(termsafe.Wrap(table(tc.cols, tc.rows)), Options{Width: tc.width})
			out := ansi.Strip(strings.Join(res.Lines, "\n"))
			flat := strings.Join(strings.Fields(out), "")
			for r := range tc.rows {
				for i := range tc.cols {
					if want := fmt.Sprintf("head%d:r%dc%d", i, r, i); !strings.Contains(flat, want) {
						t.Fatalf("cell %q is missing:\n%s", want, out)
					}
				}
			}
			if tc.rows == 0 && !strings.Contains(flat, fmt.Sprintf("head%d", tc.cols-1)) {
				t.Fatalf("header missing:\n%s", out)
			}
			if !strings.Contains(flat, fmt.Sprintf("atableof%dcolumns,toowide", tc.cols)) {
				t.Errorf("no note about the list form:\n%s", out)
			}
			for _, l := range res.Lines {
				if w := ansi.StringWidth(l); w > tc.width {
					t.Fatalf("line of %d cells in a %d pane", w, tc.width)
				}
			}
		})
	}
}

// TestNarrowTableStaysTable: a table that fits is still drawn as one.
func TestNarrowTableStaysTable(t *testing.T) {
	res := Render(termsafe.Wrap(table(3, 2)), Options{Width: 80})
	out := ansi.Strip(strings.Join(res.Lines, "\n"))
	if strings.Contains(out, "too wide") || !strings.Contains(out, "head2") || !strings.Contains(out, "r1c2") {
		t.Errorf("narrow table:\n%s", out)
	}
}
