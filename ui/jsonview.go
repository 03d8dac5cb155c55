package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// jsonView renders a JSON tree as pretty, coloured lines: our own code, as
// chroma is 20-80x slower on big events. Keys keep the server's order; the
// top level lists the field_order keys first. It walks with an explicit
// stack, so depth cannot overflow the goroutine stack (DATA-9), and shows
// values below maxJSONDepth as a summary.
type jsonView struct {
	st    Styles
	width int
	lines []string
	meta  []jsonMeta // per line: the value it shows (eventnav.go)
	steps []pathStep // the path steps meta refers to
	// record is set when meta and steps are wanted (the Event pane).
	record bool
}

const maxJSONDepth = 64

// frame is one container being printed.
type frame struct {
	n       *jsontree.Node
	order   []int // member/item indexes in display order
	next    int
	depth   int
	closing string
	step    int // its path step (eventnav.go), -1 for the root
}

func renderJSON(st Styles, root *jsontree.Node, fieldOrder []termsafe.Untrusted, width int) []string {
	lines, _, _ := renderJSONNav(st, root, fieldOrder, width, jsonOpts{})
	return lines
}

// renderJSONNav is renderJSON with the Event pane's filter, hidden nulls
// and folds, also returning what each line shows.
func renderJSONNav(st Styles, root *jsontree.Node, fieldOrder []termsafe.Untrusted, width int, o jsonOpts) ([]string, []jsonMeta, []pathStep) {
	v := &jsonView{st: st, width: max(width, 10), record: o.record}
	if root.Kind != jsontree.Object && root.Kind != jsontree.Array {
		v.emit(0, "", 0, leafStyled(st, root), -1, "")
		v.tag(jsonMeta{step: -1, n: root})
		return v.lines, v.meta, v.steps
	}
	open, close := "{", "}"
	if root.Kind == jsontree.Array {
		open, close = "[", "]"
	}
	pt := st.pt
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
			v.lines = append(v.lines, strings.Repeat("  ", f.depth-1)+pt.jsonPunct.apply(f.closing+comma))
			v.tag(jsonMeta{step: f.step, n: f.n, closing: true})
			continue
		}
		i := f.order[f.next]
		f.next++
		comma := ""
		if f.next < len(f.order) {
			comma = ","
		}
		var key string
		keyW := 0
		var child *jsontree.Node
		step := -1
		if f.n.Kind == jsontree.Object {
			mem := f.n.Members[i]
			child = mem.Value
			step = v.step(f.step, &f.n.Members[i].Key, 0)
			k := termsafe.Escape(mem.Key, termsafe.SingleLine)
			keyW = k.Width() + 4 // the quotes, ": "
			key = pt.jsonKey.apply(`"`) + st.safePaint(pt.jsonKey, k) + pt.jsonKey.apply(`"`) + pt.jsonPunct.apply(": ")
			if mem.Duplicate {
				comma += pt.warn.apply("  " + st.G.Warn + " duplicate key")
			}
		} else {
			child = f.n.Items[i]
			step = v.step(f.step, nil, i)
		}
		switch {
		case len(o.folded) > 0 && ((child.Kind == jsontree.Object && len(child.Members) > 0) || (child.Kind == jsontree.Array && len(child.Items) > 0)) && o.folded[v.path(step)]:
			folded := foldedText(st, child)
			v.emit(f.depth, key, keyW, folded, -1, comma)
			v.tag(jsonMeta{step: step, n: child, folded: true})
		case (child.Kind == jsontree.Object && len(child.Members) > 0) || (child.Kind == jsontree.Array && len(child.Items) > 0):
			if f.depth >= maxJSONDepth {
				v.emit(f.depth, key, keyW, pt.warn.apply(st.G.Ellipsis+" depth > 64 (press R for the raw text)"), -1, comma)
				v.tag(jsonMeta{step: step, n: child})
				continue
			}
			open, close := "{", "}"
			order := seq(len(child.Members))
			if child.Kind == jsontree.Array {
				open, close = "[", "]"
				order = seq(len(child.Items))
			}
			if child.Kind == jsontree.Array && len(child.Items) > 1 {
				// Long arrays say how long they are; every item follows.
				note := fmt.Sprintf("  %d items", len(child.Items))
				v.emit(f.depth, key, keyW, pt.jsonPunct.apply(open)+pt.faint.apply(note), 1+len(note), "")
			} else {
				v.emit(f.depth, key, keyW, pt.jsonPunct.apply(open), 1, "")
			}
			v.tag(jsonMeta{step: step, n: child})
			stack = append(stack, &frame{n: child, order: o.visible(child, order), depth: f.depth + 1, closing: close, step: step})
		default:
			val, w := jsonLeaf(st, child)
			v.emit(f.depth, key, keyW, val, w, comma)
			v.tag(jsonMeta{step: step, n: child})
		}
	}
	return v.lines, v.meta, v.steps
}

// jsonLeaf renders a scalar (or empty container) in JSON notation.
// It also returns the display width, or -1 when the caller must measure.
func jsonLeaf(st Styles, n *jsontree.Node) (string, int) {
	pt := st.pt
	var p paint
	switch n.Kind {
	case jsontree.String:
		v := termsafe.Escape(n.Value, termsafe.SingleLine)
		s := pt.jsonString.apply(`"` + st.safePaint(paint{}, v) + `"`)
		w := v.Width() + 2
		if n.InvalidUnicode {
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
	if valueW < 0 || strings.ContainsRune(comma, '⚠') {
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
	if avail < 12 {
		v.lines = append(v.lines, ansi.Truncate(first, v.width, v.st.G.Ellipsis))
		for _, p := range strings.Split(ansi.Hardwrap(full, cw, true), "\n") {
			v.lines = append(v.lines, cont+p)
		}
		return
	}
	parts := strings.Split(ansi.Hardwrap(full, avail, true), "\n")
	v.lines = append(v.lines, first+parts[0])
	rest := strings.Join(parts[1:], "")
	if rest != "" {
		for _, p := range strings.Split(ansi.Hardwrap(rest, cw, true), "\n") {
			v.lines = append(v.lines, cont+p)
		}
	}
}

// topOrder lists the top-level members named by field_order first, in its
// order (all members with that key, so duplicates are not hidden), then the
// rest in server order. Names that are absent are skipped (REFERENCE Q5).
func topOrder(root *jsontree.Node, fieldOrder []termsafe.Untrusted) []int {
	if root.Kind != jsontree.Object {
		return seq(len(root.Items))
	}
	used := make([]bool, len(root.Members))
	order := make([]int, 0, len(root.Members))
	for _, name := range fieldOrder {
		for i, mem := range root.Members {
			if !used[i] && mem.Key.Equal(name) {
				used[i] = true
				order = append(order, i)
			}
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
