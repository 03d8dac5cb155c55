package ui

import (
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
}

const maxJSONDepth = 64

// frame is one container being printed.
type frame struct {
	n       *jsontree.Node
	order   []int // member/item indexes in display order
	next    int
	depth   int
	closing string
}

func renderJSON(st Styles, root *jsontree.Node, fieldOrder []termsafe.Untrusted, width int) []string {
	v := &jsonView{st: st, width: max(width, 10)}
	if root.Kind != jsontree.Object && root.Kind != jsontree.Array {
		v.emit(0, "", leafStyled(st, root), "")
		return v.lines
	}
	open, close := "{", "}"
	if root.Kind == jsontree.Array {
		open, close = "[", "]"
	}
	v.lines = append(v.lines, st.JSONPunct.Render(open))
	stack := []*frame{{n: root, order: topOrder(root, fieldOrder), depth: 1, closing: close}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		if f.next >= len(f.order) {
			stack = stack[:len(stack)-1]
			comma := ""
			if len(stack) > 0 && stack[len(stack)-1].next < len(stack[len(stack)-1].order) {
				comma = ","
			}
			v.lines = append(v.lines, strings.Repeat("  ", f.depth-1)+st.JSONPunct.Render(f.closing+comma))
			continue
		}
		i := f.order[f.next]
		f.next++
		comma := ""
		if f.next < len(f.order) {
			comma = ","
		}
		var key string
		var child *jsontree.Node
		if f.n.Kind == jsontree.Object {
			mem := f.n.Members[i]
			child = mem.Value
			key = st.safeIn(st.JSONKey, termsafe.Escape(mem.Key, termsafe.SingleLine))
			key = st.JSONKey.Render(`"`) + key + st.JSONKey.Render(`"`) + st.JSONPunct.Render(": ")
			if mem.Duplicate {
				comma += st.Warn.Render("  ⚠ duplicate key")
			}
		} else {
			child = f.n.Items[i]
		}
		switch {
		case (child.Kind == jsontree.Object && len(child.Members) > 0) || (child.Kind == jsontree.Array && len(child.Items) > 0):
			if f.depth >= maxJSONDepth {
				v.emit(f.depth, key, st.Warn.Render("… depth > 64 (press R for the raw text)"), comma)
				continue
			}
			open, close := "{", "}"
			order := seq(len(child.Members))
			if child.Kind == jsontree.Array {
				open, close = "[", "]"
				order = seq(len(child.Items))
			}
			v.emit(f.depth, key, st.JSONPunct.Render(open), "")
			stack = append(stack, &frame{n: child, order: order, depth: f.depth + 1, closing: close})
		default:
			v.emit(f.depth, key, jsonLeaf(st, child), comma)
		}
	}
	return v.lines
}

// jsonLeaf renders a scalar (or empty container) in JSON notation.
func jsonLeaf(st Styles, n *jsontree.Node) string {
	if n.Kind == jsontree.String {
		q := st.JSONString.Render(`"`)
		s := q + st.safeIn(st.JSONString, termsafe.Escape(n.Value, termsafe.SingleLine)) + q
		if n.InvalidUnicode {
			s += st.Warn.Render(" ⚠ invalid Unicode")
		}
		return s
	}
	return leafStyled(st, n)
}

// emit adds "key: value" at depth, wrapping long values under themselves.
func (v *jsonView) emit(depth int, key, value, comma string) {
	indent := strings.Repeat("  ", min(depth, v.width/4))
	first := indent + key
	avail := v.width - ansi.StringWidth(first)
	full := value + v.st.JSONPunct.Render(comma)
	if avail >= 12 && ansi.StringWidth(full) <= avail {
		v.lines = append(v.lines, first+full)
		return
	}
	// Continuation lines are indented one step deeper than the key.
	cont := indent + "    "
	cw := max(v.width-ansi.StringWidth(cont), 8)
	if avail < 12 {
		v.lines = append(v.lines, ansi.Truncate(first, v.width, "…"))
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
