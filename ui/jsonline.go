package ui

import (
	"slices"
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

// leafVal is a scalar before styling: what jsonLeaf draws, when its width
// is known without measuring.
type leafVal struct {
	kind jsontree.Kind
	v    termsafe.Safe
	w    int
}

// leafOf is n as a leafVal, or false when jsonLeaf must draw it (a note
// follows the value, or it is an empty container).
func (v *jsonView) leafOf(n *jsontree.Node) (leafVal, bool) {
	switch n.Kind {
	case jsontree.String:
		if n.InvalidUnicode && !v.bare {
			return leafVal{}, false
		}
		q := termsafe.QuoteJSON(n.Value)
		return leafVal{kind: n.Kind, v: q, w: q.Width()}, true
	case jsontree.Null:
		return leafVal{kind: n.Kind, w: 4}, true
	case jsontree.Number, jsontree.Bool:
		e := termsafe.Escape(n.Value, termsafe.SingleLine)
		return leafVal{kind: n.Kind, v: e, w: e.Width()}, true
	}
	return leafVal{}, false
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

// leafLine adds "key: value," at depth; the caller checked that it fits.
func (v *jsonView) leafLine(depth int, key []byte, l leafVal, comma string) {
	b := append(v.buf[:0], v.indent(depth)...)
	b = append(b, key...)
	b = v.appendLeaf(b, l)
	b = appendPaint(b, v.st.pt.jsonPunct, comma)
	v.buf = b
	v.addLine()
}

// openLine adds "key: {" (or "[  n items") at depth; the caller checked
// that it fits.
func (v *jsonView) openLine(depth int, key []byte, open, note string) {
	pt := v.st.pt
	b := append(v.buf[:0], v.indent(depth)...)
	b = append(b, key...)
	b = appendPaint(b, pt.jsonPunct, open)
	b = appendPaint(b, pt.faint, note)
	v.buf = b
	v.addLine()
}

// closeLine adds the closing bracket of a container at depth.
func (v *jsonView) closeLine(depth int, closing string) {
	n := 2 * (depth - 1)
	b := v.buf[:0]
	if n <= len(indentSpaces) {
		b = append(b, indentSpaces[:n]...)
	} else {
		b = append(b, strings.Repeat(" ", n)...)
	}
	b = appendPaint(b, v.st.pt.jsonPunct, closing)
	v.buf = b
	v.addLine()
}
