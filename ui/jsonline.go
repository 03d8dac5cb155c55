package ui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// The JSON layout's fast path: a line whose parts have known widths and
// fit the width is assembled in one buffer, the same bytes the general
// path (emit) makes from strings, with one allocation per line instead of
// one per part. A 10 MiB event is ~400,000 lines, so parts matter.

// appendPaint is paint.apply appended to b.
func appendPaint(b []byte, p paint, s string) []byte {
	if s == "" || p.open == "" {
		return append(b, s...)
	}
	b = append(b, p.open...)
	b = append(b, s...)
	return append(b, p.close...)
}

// appendSafePaint is Styles.safePaint appended to b, escape tokens in
// escaped. (Styles is large: passing it by value per call costs more than
// the drawing.)
func appendSafePaint(b []byte, escaped, base paint, v termsafe.Safe) []byte {
	n := v.NumSegments()
	if n == 1 {
		if g := v.Segment(0); g.Kind == termsafe.Plain {
			return appendPaint(b, base, g.Text)
		}
	}
	for i := range n {
		switch g := v.Segment(i); g.Kind {
		case termsafe.Escaped:
			b = appendPaint(b, escaped, g.Text)
		case termsafe.Break:
			b = append(b, "\\n"...)
		default:
			b = appendPaint(b, base, g.Text)
		}
	}
	return b
}

// leafVal is a scalar before styling: what jsonLeaf draws.
type leafVal struct {
	kind jsontree.Kind
	v    termsafe.Safe
}

// leafOf is n as a leafVal, or false when jsonLeaf must draw it (a note
// follows the value, or it is an empty container).
func (v *jsonView) leafOf(n *jsontree.Node) (leafVal, bool) {
	switch n.Kind {
	case jsontree.String:
		if n.InvalidUnicode && !v.bare {
			return leafVal{}, false
		}
		return leafVal{kind: n.Kind, v: termsafe.QuoteJSON(n.Value)}, true
	case jsontree.Null:
		return leafVal{kind: n.Kind}, true
	case jsontree.Number, jsontree.Bool:
		return leafVal{kind: n.Kind, v: termsafe.Escape(n.Value, termsafe.SingleLine)}, true
	}
	return leafVal{}, false
}

// leafWidth is the width of n as jsonLeaf draws it, measured without
// drawing: the layout measures every value, and keeps (or draws) only some.
func (v *jsonView) leafWidth(n *jsontree.Node) (int, bool) {
	switch n.Kind {
	case jsontree.String:
		if n.InvalidUnicode && !v.bare {
			return 0, false
		}
		return termsafe.QuoteJSONWidth(n.Value), true
	case jsontree.Null:
		return 4, true
	case jsontree.Number, jsontree.Bool:
		// The JSON grammar makes these printable ASCII, which Escape keeps.
		return n.Value.Len(), true
	}
	return 0, false
}

// appendLeaf draws l as jsonLeaf does.
func (v *jsonView) appendLeaf(b []byte, l leafVal) []byte {
	pt := v.st.pt
	switch l.kind {
	case jsontree.String:
		return appendSafePaint(b, pt.escaped, pt.jsonString, l.v)
	case jsontree.Null:
		return appendPaint(b, pt.jsonNull, "null")
	}
	p := pt.jsonNumber
	if l.kind == jsontree.Bool {
		p = pt.jsonBool
	}
	// p.apply(safePaint(paint{}, v)): p wraps the whole text, if any.
	if p.open == "" {
		return appendSafePaint(b, pt.escaped, paint{}, l.v)
	}
	start := len(b)
	b = append(b, p.open...)
	mid := len(b)
	b = appendSafePaint(b, pt.escaped, paint{}, l.v)
	if len(b) == mid {
		return b[:start]
	}
	return append(b, p.close...)
}

// jsonKeyPart is a member's key as drawn before its value: the quoted key
// and ": ". Keys repeat across the rows of an event, so the view keeps the
// drawn form of the first few thousand distinct keys.
type jsonKeyPart struct {
	b []byte // not to be changed: it may be the cache's
	w int
}

const maxKeyCache = 4096

// keyPart is the drawn key of a member.
func (v *jsonView) keyPart(k termsafe.Untrusted) jsonKeyPart {
	ck := k.Key()
	if kp, ok := v.keys[ck]; ok {
		return kp
	}
	q := termsafe.QuoteJSON(k)
	b := appendSafePaint(v.kbuf[:0], v.st.pt.escaped, v.st.pt.jsonKey, q)
	b = appendPaint(b, v.st.pt.jsonPunct, ": ")
	v.kbuf = b
	kp := jsonKeyPart{b: b, w: q.Width() + 2}
	if len(v.keys) < maxKeyCache {
		if v.keys == nil {
			v.keys = make(map[termsafe.Key]jsonKeyPart)
		}
		kp.b = slices.Clone(b)
		v.keys[ck] = kp
	}
	return kp
}

// fits says whether a value of width w (comma included) goes on the line
// after the indentation of depth and a key of width keyW, as emit decides.
func (v *jsonView) fits(depth, keyW, w int) bool {
	avail := v.width - len(v.indent(depth)) - keyW
	return avail >= 12 && w <= avail
}

// indentSpaces is sliced for indentation.
var indentSpaces = strings.Repeat(" ", 256)

// indent is the indentation of a value at depth, as emit draws it.
func (v *jsonView) indent(depth int) string {
	n := 2 * min(depth, v.width/4)
	if n <= len(indentSpaces) {
		return indentSpaces[:n]
	}
	return strings.Repeat(" ", n)
}

// addLine adds the line in v.buf. Lines are cut from shared blocks (a
// strings.Builder never changes bytes it has handed out), so a big event
// costs a few large allocations instead of one per line.
func (v *jsonView) addLine() {
	n := len(v.buf)
	if v.arena.Cap()-v.arena.Len() < n {
		v.arena = strings.Builder{}
		v.arena.Grow(max(n, arenaBlock))
	}
	start := v.arena.Len()
	v.arena.Write(v.buf)
	v.lines = append(v.lines, v.arena.String()[start:])
}

// arenaBlock is the size of the blocks lines are cut from.
const arenaBlock = 64 << 10

// leafLine adds "key: value," at depth if the value's width is known
// without measuring and it fits; false leaves it to the general path.
func (v *jsonView) leafLine(depth int, key []byte, keyW int, n *jsontree.Node, comma string) bool {
	if len(comma) > 1 { // a note follows
		return false
	}
	if v.lazy {
		w, ok := v.leafWidth(n)
		if !ok || !v.fits(depth, keyW, w+len(comma)) {
			return false
		}
		v.lazyRow(comma)
		return true
	}
	l, ok := v.leafOf(n)
	if !ok {
		return false
	}
	w := 4 // null
	if l.kind != jsontree.Null {
		w = l.v.Width()
	}
	if !v.fits(depth, keyW, w+len(comma)) {
		return false
	}
	v.buf = v.leafBytes(depth, key, l, comma)
	v.addLine()
	return true
}

func (v *jsonView) leafBytes(depth int, key []byte, l leafVal, comma string) []byte {
	b := append(v.buf[:0], v.indent(depth)...)
	b = append(b, key...)
	b = v.appendLeaf(b, l)
	return appendPaint(b, v.st.pt.jsonPunct, comma)
}

// openLine adds "key: {" (or "[  n items") at depth; the caller checked
// that it fits.
func (v *jsonView) openLine(depth int, key []byte, open, note string) {
	if v.lazy {
		v.lazyRow("")
		return
	}
	v.buf = v.openBytes(depth, key, open, note)
	v.addLine()
}

func (v *jsonView) openBytes(depth int, key []byte, open, note string) []byte {
	pt := v.st.pt
	b := append(v.buf[:0], v.indent(depth)...)
	b = append(b, key...)
	b = appendPaint(b, pt.jsonPunct, open)
	return appendPaint(b, pt.faint, note)
}

// closeLine adds the closing bracket of a container at depth.
func (v *jsonView) closeLine(depth int, closing, comma string) {
	if v.lazy {
		v.lazyRow(comma)
		return
	}
	v.buf = v.closeBytes(depth, closing, comma)
	v.addLine()
}

func (v *jsonView) closeBytes(depth int, closing, comma string) []byte {
	n := 2 * (depth - 1)
	b := v.buf[:0]
	if n <= len(indentSpaces) {
		b = append(b, indentSpaces[:n]...)
	} else {
		b = append(b, strings.Repeat(" ", n)...)
	}
	return appendPaint(b, v.st.pt.jsonPunct, closing+comma)
}

// The Event pane does not keep the rows the fast path draws: a 10 MiB
// event is ~400,000 of them, more memory than the decoded event. The
// layout leaves such a row empty and records in its jsonMeta what it
// needs to draw it again (depth, comma); the pager asks jsonRows for the
// rows on screen, and for all of them, unstyled, on the first search or
// copy. Rows the general path draws (wrapped values, notes, folds) are
// kept as before.

// lazyRow adds an empty row to be drawn on demand; the next tag records
// the comma. (The depth is that of its path step.)
func (v *jsonView) lazyRow(comma string) {
	v.lines = append(v.lines, "")
	v.row = jsonMeta{comma: comma != "", lazy: true}
}

// jsonRows draws the rows an Event pane layout left empty. It is used on
// the UI goroutine only, once the build has been handed over.
type jsonRows struct {
	nav           *eventNav // the build's line map: meta, steps, from
	styled, plain *jsonView
}

func newJSONRows(st Styles, width int, nav *eventNav) *jsonRows {
	w := max(width, 10)
	// Styles without paints draw exactly the styled row without its SGR
	// sequences, which is all a paint adds.
	return &jsonRows{nav: nav, styled: &jsonView{st: st, width: w}, plain: &jsonView{width: w}}
}

// row is pager row i, drawn, if it is one of the rows left empty.
func (r *jsonRows) row(i int, plain bool) (string, bool) {
	j := i - r.nav.from
	if j < 0 || j >= len(r.nav.meta) || !r.nav.meta[j].lazy {
		return "", false
	}
	v := r.styled
	if plain {
		v = r.plain
	}
	return string(v.draw(r.nav.meta[j], r.nav.steps)), true
}

// draw draws a row the fast path left empty, the same bytes it would have
// kept.
func (v *jsonView) draw(m jsonMeta, steps []pathStep) []byte {
	// A row is drawn at the depth of its path (a closing bracket at one
	// more: it is indented by its container's depth less one).
	depth := 0
	for i := m.step; i >= 0; i = steps[i].parent {
		depth++
	}
	if m.closing {
		depth++
	}
	comma := ""
	if m.comma {
		comma = ","
	}
	var key []byte
	if m.step >= 0 {
		if k := steps[m.step].key; k != nil {
			key = v.keyPart(*k).b
		}
	}
	n := m.n
	open, closing := "{", "}"
	if n.Kind == jsontree.Array {
		open, closing = "[", "]"
	}
	switch {
	case m.closing:
		return v.closeBytes(depth, closing, comma)
	case n.Kind == jsontree.Object || n.Kind == jsontree.Array:
		note := ""
		if n.Kind == jsontree.Array && len(n.Items) > 1 {
			note = "  " + strconv.Itoa(len(n.Items)) + " items"
		}
		return v.openBytes(depth, key, open, note)
	}
	l, _ := v.leafOf(n)
	return v.leafBytes(depth, key, l, comma)
}
