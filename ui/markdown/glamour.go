package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"sync"

	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	astext "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// infoString is the MD-2 allowlist for fenced-code info strings; anything
// else is dropped (the raw view shows it).
var infoString = regexp.MustCompile(`^[A-Za-z0-9+#._-]{1,32}$`)

// highlighted are the languages whose chroma lexers may run on comment
// code. Lexers are regular expressions written by many hands and many are
// not linear: on 30 KB of crafted code, cpp took 67 s, yaml 34 s,
// powershell 18 s and go 3.7 s (for an unterminated "/*"). The lexers
// kept here stayed at the cost of plain text on the same inputs; anything
// else is shown as plain text, which keeps glamour's code-block look.
var highlighted = map[string]bool{
	"json": true, "diff": true, "bash": true, "sh": true, "shell": true,
	"text": true, "plaintext": true,
}

// Cost bounds beyond MD-2's: chroma work per comment, and a budget of
// blocks (glamour pads every line to the full width and numbers list items
// in quadratic time, so block count, not bytes, drives its cost). A code
// block costs codeBlockCost: chroma's formatter spends ~0.1 ms on each
// however small it is.
const (
	maxHighlightBytes = 32 << 10 // per comment, at most half of it in one block
	blockBudget       = 8000
	codeBlockCost     = 16
)

// styleConfig returns glamour's dark or light style with two changes:
//   - the document text colour is left to the terminal: glamour writes
//     every padding space with the document style, so the colour alone
//     made its output 10-20 times larger (BenchmarkRender/blocks);
//   - the block-quote bar "│ " is a one-cell margin instead of a one-cell
//     indent: glamour draws the two-cell bar but budgets one cell per
//     level, so nested quotes overflowed and outer levels re-wrapped the
//     inner text into a jumble.
//
// With ascii, bullets, rules, task ticks, quote bars and table borders are
// ASCII (ambiguous-width terminals draw the others two cells wide).
//
// With colors16 On, the colours are the caller's 16 (recolor16).
func styleConfig(s Style, ascii bool, colors16 Colors16) ansi.StyleConfig {
	c := styles.DarkStyleConfig
	if s == Light {
		c = styles.LightStyleConfig
	}
	if colors16.On {
		recolor16(&c, colors16)
	}
	c.Document.Color = nil
	one, bar := uint(1), "│ "
	if ascii {
		bar = "| "
		c.Item.BlockPrefix = "* "
		c.HorizontalRule.Format = "\n--------\n"
		c.Task.Ticked, c.Task.Unticked = "[x] ", "[ ] "
		c.ImageText.Format = "Image: {{.text}} ->"
		sepC, sepR, sepX := "|", "-", "+"
		c.Table.ColumnSeparator, c.Table.RowSeparator, c.Table.CenterSeparator = &sepC, &sepR, &sepX
	}
	c.BlockQuote.Indent, c.BlockQuote.Margin, c.BlockQuote.IndentToken = nil, &one, &bar
	return c
}

// newMarkdown builds the goldmark configuration glamour.NewTermRenderer
// uses, minus emoji and heading IDs. renderGlamour takes them from a pool
// (markdowns).
func newMarkdown(width int, s Style, ascii bool, colors16 Colors16) (goldmark.Markdown, renderer.Renderer) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
	formatter := cachedFormatter()
	if colors16.On {
		formatter = formatter16(colors16)
	}
	ar := ansi.NewRenderer(ansi.Options{
		WordWrap:         width,
		InlineTableLinks: true, // footer link lists would bypass the link rewrite
		Styles:           styleConfig(s, ascii, colors16),
		ChromaFormatter:  formatter,
	})
	return md, renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000)))
}

// markdowns pools parsers and glamour renderers per configuration:
// building one is ~25% of rendering a short comment (goldmark's parser
// setup and bluemonday's policy in glamour's render context). A renderer
// goes back to the pool only after a render that ended normally, as
// glamour's own TermRenderer reuses it; one that failed or panicked half
// way is dropped with whatever state it holds.
var markdowns sync.Map // markdownKey -> *sync.Pool of *pooledMarkdown

type markdownKey struct {
	width    int
	style    Style
	ascii    bool
	colors16 Colors16
}

type pooledMarkdown struct {
	md goldmark.Markdown
	r  renderer.Renderer
}

func getMarkdown(k markdownKey) (*sync.Pool, *pooledMarkdown) {
	p, ok := markdowns.Load(k)
	if !ok {
		p, _ = markdowns.LoadOrStore(k, &sync.Pool{New: func() any {
			md, r := newMarkdown(k.width, k.style, k.ascii, k.colors16)
			return &pooledMarkdown{md: md, r: r}
		}})
	}
	pool := p.(*sync.Pool)
	return pool, pool.Get().(*pooledMarkdown)
}

// rendered is glamour's output for one comment.
type rendered struct {
	styled string
	links  []Link
	uris   []string
	kept   int      // blocks rendered, if the block budget cut the rest (else 0)
	blocks [][2]int // the marked blocks in the source (markBlocks)
}

// renderGlamour renders prepared text (escaped, placeholders in place).
func renderGlamour(prepared string, width, depth int, opt Options) (rendered, error) {
	pool, pm := getMarkdown(markdownKey{width: width, style: opt.Style, ascii: opt.ASCII, colors16: opt.Colors16})
	md, r := pm.md, pm.r
	ascii := opt.ASCII
	src := []byte(prepared)
	doc := md.Parser().Parse(text.NewReader(src))

	ex := &extraSource{src: src}
	kept := limitBlocks(doc, blockBudget)
	flattenDeep(doc, depth)
	wideTables(doc, ex, width, ascii)
	codeLanguages(doc, ex)
	lr := linkRewriter{extraSource: ex, ascii: ascii}
	lr.rewrite(doc)
	blocks := markBlocks(doc, ex)

	// Inserted text lives after the source so existing segments stay valid.
	full := append(src[:len(src):len(src)], ex.extra.Bytes()...)
	var out bytes.Buffer
	if err := r.Render(&out, full, doc); err != nil {
		return rendered{}, err
	}
	pool.Put(pm)
	return rendered{styled: out.String(), links: lr.links, uris: lr.uris, kept: kept, blocks: blocks}, nil
}

// extraSource holds text this package adds to a document. It is appended
// to the source, so text nodes can address it like any other text.
type extraSource struct {
	src   []byte
	extra bytes.Buffer
}

// plain is the text of n's descendants, wherever their segments point.
func (e *extraSource) plain(n ast.Node) []byte {
	var b []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			seg := t.Segment
			if seg.Start >= len(e.src) {
				b = append(b, e.extra.Bytes()[seg.Start-len(e.src):seg.Stop-len(e.src)]...)
			} else {
				b = append(b, seg.Value(e.src)...)
			}
		}
		return ast.WalkContinue, nil
	})
	return b
}

func (e *extraSource) text(s string) *ast.Text {
	start := len(e.src) + e.extra.Len()
	e.extra.WriteString(s)
	return ast.NewTextSegment(text.NewSegment(start, start+len(s)))
}

// codeLanguages drops info strings that fail the MD-2 allowlist and turns
// off highlighting outside the language list and the byte budget. It
// works on the AST rather than raw lines so it sees exactly the fences
// the parser saw; escaped or placeholder characters never match.
// Unlabelled code is labelled "text": chroma would otherwise run every
// lexer's detector over it.
func codeLanguages(doc ast.Node, ex *extraSource) {
	budget := maxHighlightBytes
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fc, ok := n.(*ast.FencedCodeBlock)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		lang := ""
		if fc.Info != nil {
			lang = string(bytes.TrimSpace(fc.Info.Segment.Value(ex.src)))
		}
		size := 0
		for i := 0; i < fc.Lines().Len(); i++ {
			seg := fc.Lines().At(i)
			size += seg.Len()
		}
		if !infoString.MatchString(lang) || !highlighted[strings.ToLower(lang)] || size > min(budget, maxHighlightBytes/2) {
			lang = "text"
		} else {
			budget -= size
		}
		fc.Info = ex.text(lang)
		return ast.WalkContinue, nil
	})
	// Indented code has no info string at all: make it fenced "text".
	var indented []*ast.CodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cb, ok := n.(*ast.CodeBlock); ok && entering {
			indented = append(indented, cb)
		}
		return ast.WalkContinue, nil
	})
	for _, cb := range indented { // not during the walk: replacing ends it
		fc := ast.NewFencedCodeBlock(ex.text("text"))
		fc.SetLines(cb.Lines())
		cb.Parent().ReplaceChild(cb.Parent(), cb, fc)
	}
}

// limitBlocks removes the blocks after the budget is spent. It returns how
// many blocks it kept if it cut any, else 0.
func limitBlocks(doc ast.Node, budget int) int {
	count, spent := 0, 0
	var cut ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || n == doc {
			return ast.WalkContinue, nil
		}
		spent++
		if n.Kind() == ast.KindFencedCodeBlock || n.Kind() == ast.KindCodeBlock {
			spent += codeBlockCost - 1
		}
		if spent > budget {
			cut = n
			return ast.WalkStop, nil
		}
		count++
		if n.Kind() == astext.KindTableRow || n.Kind() == astext.KindTableHeader {
			return ast.WalkSkipChildren, nil // cells are not split from their row
		}
		return ast.WalkContinue, nil
	})
	if cut == nil {
		return 0
	}
	// Drop cut and everything after it, and containers left empty.
	removeSelf := true
	for n := cut; n != doc; {
		parent := n.Parent()
		for s := n.NextSibling(); s != nil; {
			next := s.NextSibling()
			parent.RemoveChild(parent, s)
			s = next
		}
		if removeSelf {
			parent.RemoveChild(parent, n)
		}
		removeSelf = !parent.HasChildren()
		n = parent
	}
	return count
}

// flattenDeep is the backstop for capNesting: a block quote or list that
// still ends up deeper than MaxNesting (nesting the line scanner did not
// model) is replaced by its content, which bounds glamour's cost whatever
// the scanner missed. The text stays; only the indentation is lost.
func flattenDeep(doc ast.Node, limit int) {
	var deep []ast.Node
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			d := depth
			if c.Kind() == ast.KindBlockquote || c.Kind() == ast.KindList {
				d++
				if d > limit {
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
