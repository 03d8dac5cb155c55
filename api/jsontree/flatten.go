package jsontree

import (
	"strconv"
	"strings"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Step is one edge of a path: an object key or an array index.
type Step struct {
	Key     termsafe.Untrusted
	Index   int
	IsIndex bool
}

// Path leads from the root to a node. The root itself has an empty path.
type Path []Step

// Leaf is one row of the "every leaf is visible" display model (FUZZ-4).
type Leaf struct {
	Path Path
	Node *Node
	// Duplicate is set when any member on the path is a duplicate key, so
	// the row can carry the DATA-3 warning even deep below the duplicate.
	Duplicate bool
}

// IsLeaf reports whether n is shown as a row of its own: any scalar, and
// an empty object or array (DATA-6 shows those as {} and []).
func IsLeaf(n *Node) bool {
	return n != nil && n.Len() == 0
}

// FlattenCost returns the number of leaves Flatten(n) lists and the total
// number of steps in their paths, without building them. It is linear in
// the tree, whereas Flatten is linear in the steps: a 10 MiB document
// nested thousands deep with many leaves at the bottom can need billions.
// Callers that flatten untrusted documents should check steps first and
// fall back to a lazy view when it is too large.
func FlattenCost(n *Node) (leaves, steps int) {
	walk(n, func(_ *Node, depth int) {
		leaves++
		steps += depth
	})
	return leaves, steps
}

// walk calls leaf for every leaf under n with its depth, in document order,
// using an explicit stack.
func walk(n *Node, leaf func(n *Node, depth int)) {
	if n == nil {
		return
	}
	type frame struct {
		n    *Node
		next int
	}
	if IsLeaf(n) {
		leaf(n, 0)
		return
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next >= f.n.Len() {
			stack = stack[:len(stack)-1]
			continue
		}
		c := child(f.n, f.next)
		f.next++
		if IsLeaf(c) {
			leaf(c, len(stack))
		} else {
			stack = append(stack, frame{n: c})
		}
	}
}

func child(n *Node, i int) *Node {
	if n.Kind == Array {
		return n.Items[i]
	}
	return n.Members[i].Value
}

// Flatten lists every leaf of n with its full path, in document order.
// Duplicate keys each get their own row. The paths share one allocation;
// see FlattenCost for the size of that allocation on hostile input.
func Flatten(n *Node) []Leaf {
	if n == nil {
		return nil
	}
	if IsLeaf(n) {
		return []Leaf{{Node: n}}
	}
	nLeaves, nSteps := FlattenCost(n)
	out := make([]Leaf, 0, nLeaves)
	arena := make([]Step, 0, nSteps)
	WalkLeaves(n, func(p Path, c *Node, dup bool) bool {
		k := len(arena)
		arena = append(arena, p...)
		out = append(out, Leaf{Path: arena[k:len(arena):len(arena)], Node: c, Duplicate: dup})
		return true
	})
	return out
}

// Safe renders the path as new_field_2027.x[0]. Keys that are not plain
// identifiers are quoted, ["a.b"], with \ and " backslash-escaped so a key
// cannot fake path syntax; the root is ".". The result goes through
// termsafe.Escape, so control characters in keys show as escape tokens.
func (p Path) Safe() termsafe.Safe {
	var b strings.Builder
	if len(p) == 0 {
		b.WriteByte('.')
	}
	for i, st := range p {
		k := termsafe.Unwrap(st.Key)
		switch {
		case st.IsIndex:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(st.Index))
			b.WriteByte(']')
		case isIdent(k):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(k)
		default:
			b.WriteString(`["`)
			for j := 0; j < len(k); j++ {
				if k[j] == '"' || k[j] == '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(k[j])
			}
			b.WriteString(`"]`)
		}
	}
	return termsafe.Escape(termsafe.Wrap(b.String()), termsafe.SingleLine)
}

func isIdent(k string) bool {
	if k == "" || isDigit(k[0]) {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c == '_' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			return false
		}
	}
	return true
}

// LeafText is the single-line display token of n. Every kind gets a
// distinct token (DATA-6): a string shows its escaped text, "" when empty;
// a number its exact literal; true, false, null; [] and {} for empty
// containers; "[N items]" / "{N members}" for others; "(missing)" for nil.
// A string whose text is "null" looks like null here: callers that need to
// tell them apart use Node.Kind (e.g. for styling).
func LeafText(n *Node) termsafe.Safe {
	var s string
	switch {
	case n == nil:
		s = "(missing)"
	case n.Kind == String && n.Value.IsEmpty():
		s = `""`
	case n.Kind == Array:
		s = count(n.Len(), "[]", "[", " item", "]")
	case n.Kind == Object:
		s = count(n.Len(), "{}", "{", " member", "}")
	default:
		return termsafe.Escape(n.Value, termsafe.SingleLine)
	}
	return termsafe.Escape(termsafe.Wrap(s), termsafe.SingleLine)
}

func count(n int, empty, open, noun, close string) string {
	switch n {
	case 0:
		return empty
	case 1:
		return open + "1" + noun + close
	}
	return open + strconv.Itoa(n) + noun + "s" + close
}
