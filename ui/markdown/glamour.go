package markdown

import (
	"bytes"
	"regexp"

	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// infoString is the MD-2 allowlist for fenced-code info strings; anything
// else could pick an unexpected lexer and is dropped (the raw view shows it).
var infoString = regexp.MustCompile(`^[A-Za-z0-9+#._-]{1,32}$`)

// styleConfig returns glamour's own dark or light style unchanged, so
// comments look like glamour output everywhere else; links are restyled by
// this package after rendering (see overlay).
func styleConfig(s Style) ansi.StyleConfig {
	if s == Light {
		return styles.LightStyleConfig
	}
	return styles.DarkStyleConfig
}

// newMarkdown builds the same goldmark configuration glamour.NewTermRenderer
// uses, minus emoji and auto heading IDs. A fresh parser and renderer per
// call cost far less than one render (see BenchmarkNewRenderer) and leave no
// state behind when glamour panics half way.
func newMarkdown(width int, s Style) (goldmark.Markdown, renderer.Renderer) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
	ar := ansi.NewRenderer(ansi.Options{
		WordWrap:         width,
		InlineTableLinks: true, // footer link lists would bypass the link rewrite
		Styles:           styleConfig(s),
	})
	return md, renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000)))
}

// renderGlamour renders prepared text (escaped, marked, placeholders in
// place) and returns glamour's styled output plus the comment's links.
func renderGlamour(prepared string, width int, s Style) (string, *linkRewriter, error) {
	md, r := newMarkdown(width, s)
	src := []byte(prepared)
	doc := md.Parser().Parse(text.NewReader(src))

	dropInfoStrings(doc, src)
	flattenDeep(doc)
	lr := &linkRewriter{src: src, extra: bytes.NewBuffer(nil)}
	lr.rewrite(doc)

	// Inserted text lives after the source so existing segments stay valid.
	full := append(src[:len(src):len(src)], lr.extra.Bytes()...)
	var out bytes.Buffer
	if err := r.Render(&out, full, doc); err != nil {
		return "", nil, err
	}
	return out.String(), lr, nil
}

// dropInfoStrings removes info strings that fail the MD-2 allowlist. It runs
// on the AST rather than the raw lines so it sees exactly the fences the
// parser saw; escaped or placeholder characters never match the allowlist.
func dropInfoStrings(doc ast.Node, src []byte) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fc, ok := n.(*ast.FencedCodeBlock); ok && entering && fc.Info != nil {
			if !infoString.Match(bytes.TrimSpace(fc.Info.Segment.Value(src))) {
				fc.Info = nil
			}
		}
		return ast.WalkContinue, nil
	})
}

// flattenDeep is the backstop for capNesting: a block quote or list that
// still ends up deeper than MaxNesting (nesting the line scanner did not
// model) is replaced by its content, which bounds glamour's cost whatever
// the scanner missed. The text stays; only the indentation is lost.
func flattenDeep(doc ast.Node) {
	var deep []ast.Node
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			d := depth
			if c.Kind() == ast.KindBlockquote || c.Kind() == ast.KindList {
				d++
				if d > MaxNesting {
					deep = append(deep, c)
					continue // everything below goes with it
				}
			}
			walk(c, d)
		}
	}
	walk(doc, 0)
	for _, n := range deep {
		unwrap(n)
	}
}

// unwrap moves the leaf content of container n (recursively) in front of n
// and removes n. List items' tight text blocks become paragraphs, which
// glamour renders on their own outside a list.
func unwrap(n ast.Node) {
	parent := n.Parent()
	var move func(c ast.Node)
	move = func(c ast.Node) {
		switch c.Kind() {
		case ast.KindBlockquote, ast.KindList, ast.KindListItem:
			for g := c.FirstChild(); g != nil; {
				next := g.NextSibling()
				move(g)
				g = next
			}
		case ast.KindTextBlock:
			p := ast.NewParagraph()
			p.SetLines(c.Lines())
			for g := c.FirstChild(); g != nil; {
				next := g.NextSibling()
				p.AppendChild(p, g)
				g = next
			}
			parent.InsertBefore(parent, n, p)
		default:
			parent.InsertBefore(parent, n, c)
		}
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		move(c)
		c = next
	}
	parent.RemoveChild(parent, n)
}
