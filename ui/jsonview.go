package ui

import (
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// jsonView renders a JSON tree as pretty, coloured lines: our own code, as
// chroma is 20-80x slower on big events. Keys keep the server's order; the
// top level lists the field_order keys first. It walks with an explicit
// stack, so depth cannot overflow the goroutine stack (DATA-9), and shows
// values below maxJSONDepth as a summary. For the Event pane (lazy) it
// keeps only the rows it cannot draw again cheaply; jsonRows draws the
// others when they are shown (jsonline.go).
type jsonView struct {
	st    Styles
	width int
	lines []string
	// bare leaves out the notes ("3 items", "⚠ duplicate key") and does
	// not wrap: the text is JSON, for the clipboard.
	bare bool

	meta  []jsonMeta // per line: the value it shows (eventnav.go)
	steps []pathStep // the path steps meta refers to
	// record is set when meta and steps are wanted (the Event pane).
	record bool

	buf, kbuf []byte                       // scratch for a line and a key (jsonline.go)
	keys      map[termsafe.Key]jsonKeyPart // drawn keys
	arena     strings.Builder              // the lines' bytes (addLine)
	// lazy leaves the fast path's rows empty, for jsonRows to draw
	// (record only); row is what the next tag adds to such a row.
	lazy bool
	row  jsonMeta
}

const maxJSONDepth = 64

// frame is one container being printed.
type frame struct {
	n       *jsontree.Node
	order   []int // member/item indexes in display order
	next    int
	depth   int
	closing string
	step    int32 // its path step (eventnav.go), -1 for the root
}

func renderJSON(st Styles, root *jsontree.Node, fieldOrder []termsafe.Untrusted, width int) []string {
	return (&jsonView{st: st, width: max(width, 10)}).render(root, fieldOrder, jsonOpts{})
}

// renderJSONNav is renderJSON with the Event pane's filter, hidden nulls
// and folds, also returning what each line shows.
func renderJSONNav(st Styles, root *jsontree.Node, fieldOrder []termsafe.Untrusted, width int, o jsonOpts) ([]string, []jsonMeta, []pathStep) {
	v := &jsonView{st: st, width: max(width, 10), record: o.record, lazy: o.record && o.lazy}
	lines := v.render(root, fieldOrder, o)
	return lines, v.meta, v.steps
}

// jsonText is the tree as indented JSON text (escaped, so it holds no
// control character) that jq accepts: what copying the Event pane gives.
func jsonText(root *jsontree.Node, fieldOrder []termsafe.Untrusted) string {
	v := &jsonView{width: math.MaxInt32, bare: true}
	return strings.Join(v.render(root, fieldOrder, jsonOpts{}), "\n")
}

func (v *jsonView) render(root *jsontree.Node, fieldOrder []termsafe.Untrusted, o jsonOpts) []string {
	st := v.st
	if root.Kind != jsontree.Object && root.Kind != jsontree.Array {
		val, w := jsonLeaf(st, root, !v.bare)
		v.emit(0, "", 0, val, w, "")
		v.tag(jsonMeta{step: -1, n: root})
		return v.lines
	}
	open, close := "{", "}"
	if root.Kind == jsontree.Array {
		open, close = "[", "]"
	}
	pt := st.pt
	if o.keep == nil && !o.hideNulls && len(o.folded) == 0 {
		v.reserve(root)
	}
	v.lines = append(v.lines, pt.jsonPunct.apply(open))
	v.tag(jsonMeta{step: -1, n: root})
	stack := []*frame{{n: root, order: o.visible(root, topOrder(root, fieldOrder)), depth: 1, closing: close, step: -1}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		if f.next >= len(f.order) {
			stack = stack[:len(stack)-1]
			comma := ""
			if len(stack) > 0 && stack[len(stack)-1].next < len(stack[len(stack)-1].order) {
				comma = ","
			}
			v.closeLine(f.depth, f.closing, comma)
			v.tag(jsonMeta{step: f.step, n: f.n, closing: true})
			continue
		}
		i := f.order[f.next]
		f.next++
		comma := ""
		if f.next < len(f.order) {
			comma = ","
		}
		var key []byte
		keyW := 0
		var child *jsontree.Node
		step := int32(-1)
		if f.n.Kind == jsontree.Object {
			mem := &f.n.Members[i]
			child = mem.Value
			step = v.step(f.step, &mem.Key, 0)
			kp := v.keyPart(mem.Key)
			key, keyW = kp.b, kp.w
			if mem.Duplicate && !v.bare {
				comma += pt.warn.apply("  " + st.G.Warn + " duplicate key")
			}
		} else {
			child = f.n.Items[i]
			step = v.step(f.step, nil, i)
		}
		nonEmpty := (child.Kind == jsontree.Object && len(child.Members) > 0) || (child.Kind == jsontree.Array && len(child.Items) > 0)
		switch {
		case nonEmpty && len(o.folded) > 0 && o.folded[v.path(step)]:
			v.emit(f.depth, string(key), keyW, foldedText(st, child), -1, comma)
			v.tag(jsonMeta{step: step, n: child, folded: true})
		case nonEmpty:
			if f.depth >= maxJSONDepth {
				v.emit(f.depth, string(key), keyW, pt.warn.apply(st.G.Ellipsis+" depth > 64 (press R for the raw text)"), -1, comma)
				v.tag(jsonMeta{step: step, n: child})
				continue
			}
			open, close := "{", "}"
			order := seq(len(child.Members))
			if child.Kind == jsontree.Array {
				open, close = "[", "]"
				order = seq(len(child.Items))
			}
			note := ""
			if child.Kind == jsontree.Array && len(child.Items) > 1 && !v.bare {
				// Long arrays say how long they are; every item follows.
				note = "  " + strconv.Itoa(len(child.Items)) + " items"
			}
			if v.fits(f.depth, keyW, 1+len(note)) {
				v.openLine(f.depth, key, open, note)
			} else {
				v.emit(f.depth, string(key), keyW, pt.jsonPunct.apply(open)+pt.faint.apply(note), 1+len(note), "")
			}
			v.tag(jsonMeta{step: step, n: child})
			stack = append(stack, &frame{n: child, order: o.visible(child, order), depth: f.depth + 1, closing: close, step: step})
		default:
			if !v.leafLine(f.depth, key, keyW, child, comma) {
				val, w := jsonLeaf(st, child, !v.bare)
				v.emit(f.depth, string(key), keyW, val, w, comma)
			}
			v.tag(jsonMeta{step: step, n: child})
		}
	}
	return v.lines
}

// jsonLeaf renders a scalar (or empty container) in JSON notation, with
// notes (invalid Unicode) when asked. It also returns the display width,
// or -1 when the caller must measure.
func jsonLeaf(st Styles, n *jsontree.Node, notes bool) (string, int) {
	pt := st.pt
	var p paint
	switch n.Kind {
	case jsontree.String:
		// Escaped as JSON would, with the escape tokens in the reserved
		// style and the string colour around each of them.
		v := termsafe.QuoteJSON(n.Value)
		s := st.safePaint(pt.jsonString, v)
		w := v.Width()
		if n.InvalidUnicode && notes {
			s += pt.warn.apply(" " + st.G.Warn + " invalid Unicode")
			w = -1
		}
		return s, w
	case jsontree.Null:
		return pt.jsonNull.apply("null"), 4
	case jsontree.Number:
		p = pt.jsonNumber
	case jsontree.Bool:
		p = pt.jsonBool
	default:
		return leafStyled(st, n), -1
	}
	v := termsafe.Escape(n.Value, termsafe.SingleLine)
	return p.apply(st.safePaint(paint{}, v)), v.Width()
}

// emit adds "key: value" at depth, wrapping long values under themselves.
// keyW and valueW are the known display widths (valueW -1: measure it).
func (v *jsonView) emit(depth int, key string, keyW int, value string, valueW int, comma string) {
	indent := strings.Repeat("  ", min(depth, v.width/4))
	first := indent + key
	avail := v.width - len(indent) - keyW
	full := value + v.st.pt.jsonPunct.apply(comma)
	if valueW < 0 || len(comma) > 1 { // a styled note after the comma
		valueW = ansi.StringWidth(full)
	} else {
		valueW += len(comma)
	}
	if avail >= 12 && valueW <= avail {
		v.lines = append(v.lines, first+full)
		return
	}
	// Continuation lines are indented one step deeper than the key.
	cont := indent + "    "
	cw := max(v.width-ansi.StringWidth(cont), 8)
	// Continuation rows are soft wraps: search sees one logical line.
	if avail < 12 {
		// A long key: key and value wrap together, nothing is cut.
		first, full, avail = indent, key+full, max(v.width-len(indent), 8)
	}
	parts := strings.Split(ansi.Hardwrap(full, avail, true), "\n")
	v.lines = append(v.lines, first+parts[0])
	rest := strings.Join(parts[1:], "")
	if rest != "" {
		for _, p := range strings.Split(ansi.Hardwrap(rest, cw, true), "\n") {
			v.lines = append(v.lines, contRow(cont, "", p))
		}
	}
}

// topOrder lists the top-level members named by field_order first, in its
// order (all members with that key, so duplicates are not hidden), then the
// rest in server order. Names that are absent are skipped (REFERENCE Q5).
// It is linear in members plus names: both come from the server, and a
// scan of the members per name froze the viewer on a 0.5 MB event.
func topOrder(root *jsontree.Node, fieldOrder []termsafe.Untrusted) []int {
	if root.Kind != jsontree.Object {
		return seq(len(root.Items))
	}
	order := make([]int, 0, len(root.Members))
	used := make([]bool, len(root.Members))
	if len(fieldOrder) > 0 {
		byKey := make(map[termsafe.Key][]int, len(root.Members))
		for i, mem := range root.Members {
			byKey[mem.Key.Key()] = append(byKey[mem.Key.Key()], i)
		}
		for _, name := range fieldOrder {
			for _, i := range byKey[name.Key()] {
				used[i] = true
				order = append(order, i)
			}
			delete(byKey, name.Key()) // a name listed twice places its members once
		}
	}
	for i := range root.Members {
		if !used[i] {
			order = append(order, i)
		}
	}
	return order
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// reserve sizes lines, meta and steps for the whole of root: a big event
// is hundreds of thousands of rows, and growing the slices by appending
// allocates several times their final size.
func (v *jsonView) reserve(root *jsontree.Node) {
	rows, steps := 1, 0
	type item struct {
		n     *jsontree.Node
		depth int
	}
	stack := []item{{root, 1}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n.Len() == 0 || it.depth > maxJSONDepth {
			continue
		}
		rows, steps = rows+it.n.Len()+1, steps+it.n.Len() // each child, and the closing bracket
		for i := range it.n.Len() {
			stack = append(stack, item{child(it.n, i), it.depth + 1})
		}
	}
	v.lines = make([]string, 0, rows)
	if v.record {
		v.meta = make([]jsonMeta, 0, rows)
		v.steps = make([]pathStep, 0, steps)
	}
}
