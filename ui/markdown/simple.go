package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Most comments are a few plain sentences, and for those glamour changes
// nothing but the layout: each paragraph is wrapped to the width less the
// page margins and indented by two cells, with no styling at all (the
// document colour is left to the terminal, see styleConfig). glamour's
// render tree costs ~0.1 ms even for "ok", which made 100,000 such
// comments take over 15 s. simpleLines lays out that case directly, with
// the same wrap function glamour uses, and leaves everything else to
// glamour. TestSimpleMatchesGlamour and FuzzSimpleMatchesGlamour compare
// the two on random text: for any text this path accepts, the lines are
// identical.
//
// A text is "simple" when it cannot hold Markdown syntax: no character
// that starts or ends an inline construct (emphasis, code, links, HTML,
// entities, escapes, strikethrough, tables, autolinks), no line that could
// open a block (heading, quote, list, rule, setext underline, indented
// code, definition), no hard line break, nothing termsafe escapes, and
// only characters whose width every layer agrees on.

// simpleLines returns the rendered lines of a simple text at width, and
// which of them continue a wrapped paragraph, or false if the text needs
// glamour. Whether a text is simple does not depend on the width (see
// Cost).
func simpleLines(src termsafe.Untrusted, width int) ([]string, []Wrap, bool) {
	paras, ok := simple(src)
	if !ok {
		return nil, nil, false
	}
	tw := max(width-2*pageMargin, 0)
	var (
		lines []string
		wraps []Wrap
	)
	for i, p := range paras {
		if i > 0 {
			lines, wraps = append(lines, ""), append(wraps, Wrap{})
		}
		var rows []string
		if ansi.StringWidth(p) <= tw {
			rows = []string{pageIndent + p}
		} else {
			// glamour wraps the paragraph, and then the page again with
			// other break points; only lines the first wrap left too
			// wide (it can: spaces before a long word) change in the
			// second.
			for l := range strings.SplitSeq(lipgloss.Wrap(p, tw, ""), "\n") {
				if ansi.StringWidth(l) <= tw {
					rows = append(rows, strings.TrimRight(pageIndent+l, " "))
					continue
				}
				for l2 := range strings.SplitSeq(lipgloss.Wrap(l, tw, pageBreakpoints), "\n") {
					rows = append(rows, cutLine(pageIndent+l2, width)...)
				}
			}
		}
		lines, wraps = append(lines, rows...), append(wraps, rowWraps(p, rows)...)
	}
	return lines, wraps, true
}

// rowWraps finds each row of a wrapped paragraph in its text: rows after
// the first continue it, less their indentation, after the spaces the wrap
// took. A row not found where expected is left unmarked.
func rowWraps(p string, rows []string) []Wrap {
	wraps := make([]Wrap, len(rows))
	pos := 0
	for k, r := range rows {
		indent := 0
		if strings.HasPrefix(r, pageIndent) {
			indent = len(pageIndent)
		}
		text := r[indent:]
		start := pos
		for pos < len(p) && p[pos] == ' ' && !strings.HasPrefix(p[pos:], text) {
			pos++
		}
		if !strings.HasPrefix(p[pos:], text) || (k == 0 && pos > 0) {
			return wraps[:len(rows):len(rows)] // lost: the rest unmarked
		}
		if k > 0 {
			wraps[k] = Wrap{Cont: true, Indent: indent, Gap: p[start:pos]}
		}
		pos += len(text)
	}
	return wraps
}

// pageBreakpoints are the break points of glamour's second wrap.
const pageBreakpoints = " ,.;-+|"

// cutLine is what the line writer does to a line glamour left too wide
// even after its second wrap: it breaks it at width cells, grapheme by
// grapheme, and drops the spaces that end each piece.
func cutLine(s string, width int) []string {
	var out []string
	start, cur := 0, 0
	for i := 0; i < len(s); {
		g, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if cur+w > width && cur > 0 {
			out = append(out, strings.TrimRight(s[start:i], " "))
			start, cur = i, 0
		}
		cur += w
		i += len(g)
	}
	return append(out, strings.TrimRight(s[start:], " "))
}

// simple splits src into paragraphs if it is simple.
func simple(src termsafe.Untrusted) ([]string, bool) {
	if src.Len() > MaxSourceBytes {
		return nil, false
	}
	paras, ok := simpleParagraphs(termsafe.Escape(src, termsafe.MultiLine))
	return paras, ok && len(paras) <= blockBudget
}

// Cost is what Render spends on src, in bytes of source: nothing when it
// takes the plain-text path (no more than a plain comment), else the
// bytes glamour gets plus its fixed cost per comment, which is about
// that of 256 bytes. Callers bound the Markdown of a ticket with it.
func Cost(src termsafe.Untrusted) int {
	if _, ok := simple(src); ok {
		return 0
	}
	return min(src.Len(), MaxSourceBytes) + glamourOverhead
}

// glamourOverhead is glamour's fixed cost per comment in bytes of
// source: ~0.15 ms for "**x**" against ~1.8 µs per byte.
const glamourOverhead = 256

// pageMargin is the margin glamour's document style keeps on either side.
const pageMargin = 2

var pageIndent = strings.Repeat(" ", pageMargin)

// simpleParagraphs splits escaped text into paragraphs, each one line
// (soft line breaks become spaces, as glamour renders them), or reports
// that the text is not simple.
func simpleParagraphs(s termsafe.Safe) ([]string, bool) {
	var (
		paras []string
		cur   strings.Builder
		line  strings.Builder
		// trailing: the previous line ended in spaces. At the end of a
		// paragraph they are dropped; before another line they are a
		// hard break (two or more) or dropped (one): left to glamour.
		trailing bool
	)
	endLine := func() bool {
		raw := line.String()
		l := strings.TrimRight(raw, " ")
		line.Reset()
		body := strings.TrimLeft(l, " ")
		switch {
		case body == "":
			if cur.Len() > 0 {
				paras = append(paras, cur.String())
				cur.Reset()
			}
			trailing = false
			return true
		case trailing && cur.Len() > 0, len(l)-len(body) > 3, !simpleLineStart(body):
			return false
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(body)
		trailing = len(l) < len(raw)
		return true
	}
	for _, seg := range s.Segments() {
		switch seg.Kind {
		case termsafe.Plain:
			line.WriteString(seg.Text)
		case termsafe.Break:
			if !endLine() {
				return nil, false
			}
		default: // escape tokens and tabs
			return nil, false
		}
	}
	if !endLine() {
		return nil, false
	}
	if cur.Len() > 0 {
		paras = append(paras, cur.String())
	}
	for _, p := range paras {
		if !simpleInline(p) {
			return nil, false
		}
	}
	return paras, true
}

// simpleLineStart reports whether a line (without its indentation) cannot
// start or continue a block construct: headings, quotes, bullets, ordered
// lists, thematic breaks, setext underlines, definitions.
func simpleLineStart(l string) bool {
	switch l[0] {
	case '#', '>', '-', '+', '=', ':':
		return false
	}
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return i == 0 || i == len(l) || (l[i] != '.' && l[i] != ')')
}

// simpleInline reports whether a paragraph holds only characters that are
// inert in Markdown and whose width all layers agree on.
func simpleInline(p string) bool {
	if strings.HasSuffix(p, " ") || strings.Contains(p, "://") || containsFoldASCII(p, "www.") {
		return false
	}
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if !simpleASCII[c] {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(p[i:])
		if !simpleRune(r) {
			return false
		}
		i += n
	}
	return true
}

// simpleASCII are the ASCII characters with no meaning in Markdown (with
// GFM and definition lists) inside a paragraph.
var simpleASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range " !\"#$%'(),-./:;=?^{}+" {
		t[c] = true
	}
	return t
}()

// simpleRune admits letters, digits and punctuation outside ASCII (none
// has a meaning in Markdown) from blocks where every such character is a
// grapheme of its own, at least one cell wide: Latin, Greek, Cyrillic,
// general punctuation, CJK, kana, Hangul syllables and fullwidth forms.
// Conjoining jamo, combining marks and scripts whose letters can join a
// cluster are left to glamour, as is '…' (glamour's code stands it in with
// a placeholder).
func simpleRune(r rune) bool {
	if r == '…' || !unicode.In(r, unicode.L, unicode.N, unicode.P) {
		return false
	}
	for _, b := range simpleBlocks {
		if r >= b[0] && r <= b[1] {
			return true
		}
	}
	return false
}

var simpleBlocks = [][2]rune{
	{0x00A1, 0x024F}, // Latin-1 Supplement, Latin Extended-A and -B
	{0x0370, 0x04FF}, // Greek, Cyrillic
	{0x2010, 0x205E}, // General Punctuation
	{0x3001, 0x3011}, // CJK punctuation and brackets
	{0x3041, 0x3096}, // Hiragana
	{0x30A1, 0x30FC}, // Katakana
	{0x4E00, 0x9FFF}, // CJK Unified Ideographs
	{0xAC00, 0xD7A3}, // Hangul syllables
	{0xFF01, 0xFF60}, // Fullwidth forms
}

// containsFoldASCII is strings.Contains with ASCII case folding.
func containsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
