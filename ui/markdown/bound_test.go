package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"pgregory.net/rapid"
)

// depthOf parses s as glamour would and returns the deepest nesting of
// block quotes and lists.
func depthOf(s string) int {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
	return maxDepth(md.Parser().Parse(text.NewReader([]byte(s))))
}

func maxDepth(doc ast.Node) int {
	deepest := 0
	var walk func(n ast.Node, d int)
	walk = func(n ast.Node, d int) {
		if n.Kind() == ast.KindBlockquote || n.Kind() == ast.KindList {
			d++
		}
		deepest = max(deepest, d)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c, d)
		}
	}
	walk(doc, 0)
	return deepest
}

func indentedList(levels int) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

func TestBoundNesting(t *testing.T) {
	tests := []struct{ name, src string }{
		{"quotes", strings.Repeat(">", 80) + " x"},
		{"spaced quotes", strings.Repeat("> ", 80) + "x"},
		{"quote lists", strings.Repeat("> - ", 200) + "x"},
		{"ordered", strings.Repeat("1. ", 40) + "x"},
		{"mixed", strings.Repeat("* 1) + > ", 20) + "x"},
		{"indented lists", indentedList(40)},
		{"quote lines", strings.Repeat(strings.Repeat("> ", 30)+"line\n", 5)},
		{"lazy", strings.Repeat(">", 40) + " a\nlazy\n" + strings.Repeat(">", 40) + " b"},
		{"tabs", strings.Repeat(">\t", 40) + "x"},
	}
	for _, tc := range tests {
		for _, limit := range []int{3, MaxNesting} {
			if d := depthOf(bound(tc.src, limit)); d > limit {
				t.Errorf("%s: depth %d after bound(%d)", tc.name, d, limit)
			}
		}
	}
}

// TestBoundLeavesNormalTextAlone: text within the limits is not changed,
// in particular code, where a backslash would be visible.
func TestBoundLeavesNormalTextAlone(t *testing.T) {
	for _, src := range []string{
		"# t\n\n> a\n> > b\n\n- a\n  - b\n    1. c\n\n---\n\n- - -\n",
		"```\n" + strings.Repeat(">", 80) + "\n" + strings.Repeat("*a_", 1000) + "\n```\n",
		"    " + strings.Repeat(">", 80) + "\n    " + strings.Repeat("*a_", 1000) + "\n",
		"- item\n\n  ```\n  " + strings.Repeat("> ", 30) + "\n  ```\n",
		strings.Repeat("snake_case_name ", 100),
	} {
		if got := bound(src, MaxNesting); got != src {
			t.Errorf("bound changed %.60q…", src)
		}
	}
}

func TestBoundDelimiters(t *testing.T) {
	src := strings.Repeat("*a_", 1000)
	got := bound(src, MaxNesting)
	if n := strings.Count(got, `\`); n != 2000-maxDelims {
		t.Errorf("%d delimiters escaped, want %d", n, 2000-maxDelims)
	}
	// The count restarts in each block.
	para := strings.Repeat("*a ", maxDelims)
	if got := bound(para+"\n\n"+para, MaxNesting); strings.Contains(got, `\`) {
		t.Errorf("delimiters escaped across blocks")
	}
	// Already escaped delimiters are neither counted nor escaped twice.
	esc := strings.Repeat(`\*`, 2*maxDelims)
	if got := bound(esc, MaxNesting); got != esc {
		t.Errorf("escaped delimiters changed")
	}
}

// TestBoundProperty: for any mix of container markers, indentation and
// text, the parsed nesting stays within the limit, and text with fewer
// markers than the limit is left unchanged.
func TestBoundProperty(t *testing.T) {
	parts := []string{"> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "  ", "    ", "\t", "x", "text ", "\n", "\n\n", "```", "~~~", "---", "*", "_", "`", "[", "\\"}
	rapid.Check(t, func(t *rapid.T) {
		src := strings.Join(rapid.SliceOfN(rapid.SampledFrom(parts), 0, 200).Draw(t, "parts"), "")
		limit := rapid.IntRange(2, MaxNesting).Draw(t, "limit")
		got := bound(src, limit)
		md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
		doc := md.Parser().Parse(text.NewReader([]byte(got)))
		flattenDeep(doc, limit)
		if d := maxDepth(doc); d > limit {
			t.Fatalf("depth %d > %d after bound and flattenDeep", d, limit)
		}
		markers := strings.Count(src, ">") + strings.Count(src, "-") + strings.Count(src, "*") +
			strings.Count(src, "+") + strings.Count(src, "1") + strings.Count(src, "2")
		if markers <= limit && got != src {
			t.Fatalf("bound changed shallow text %q to %q", src, got)
		}
	})
}

func TestFlattenDeepKeepsText(t *testing.T) {
	src := indentedList(30) + strings.Repeat(">", 30) + " deep text"
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	doc := md.Parser().Parse(text.NewReader([]byte(src)))
	flattenDeep(doc, 4)
	if d := maxDepth(doc); d > 4 {
		t.Fatalf("depth %d", d)
	}
	var words []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if tx, ok := n.(*ast.Text); ok && entering {
			words = append(words, string(tx.Segment.Value([]byte(src))))
		}
		return ast.WalkContinue, nil
	})
	items := 0
	for _, w := range words {
		if w == "x" {
			items++
		}
	}
	if items != 30 || !strings.Contains(strings.Join(words, ""), "deep text") {
		t.Errorf("%d of 30 list items survive; text %q", items, words)
	}
}

func TestTruncate(t *testing.T) {
	s := strings.Repeat("가", MaxSourceBytes/3+10) // 3-byte runes across the limit
	head, rest := truncate(s)
	if !utf8.ValidString(head) || len(head)+rest != len(s) || len(head) > MaxSourceBytes {
		t.Errorf("truncate: head %d bytes valid=%v, rest %d", len(head), utf8.ValidString(head), rest)
	}
	// Invalid bytes are cut at the limit, not searched for a rune start.
	s = strings.Repeat("\xff", MaxSourceBytes+5)
	if head, rest := truncate(s); len(head) != MaxSourceBytes || rest != 5 {
		t.Errorf("truncate invalid: %d, %d", len(head), rest)
	}
}

func TestNestingLimit(t *testing.T) {
	for width, want := range map[int]int{10: 2, 20: 3, 40: 13, 46: 16, 120: 16} {
		if got := nestingLimit(width); got != want {
			t.Errorf("nestingLimit(%d) = %d, want %d", width, got, want)
		}
	}
}
