package jsontree

import (
	"strconv"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// WalkLeaves calls fn for every leaf under n, in document order, with the
// path to it and whether a member on that path is a duplicate key. The
// path is the walk's own stack: it is valid only during the call and must
// be copied to be kept. fn returns false to stop the walk.
//
// Unlike Flatten, whose cost is the sum of all path lengths (quadratic for
// a hostile document with a leaf at every level of a deep nest), the walk
// is linear in the size of the tree; with SafeElided a caller can list
// leaves at a bounded cost each.
func WalkLeaves(n *Node, fn func(p Path, leaf *Node, dup bool) bool) {
	var w Walker
	w.Leaves(n, fn)
}

// Walker is WalkLeaves with stacks kept from one walk to the next, for
// callers that walk many small trees (one per comment of a ticket).
type Walker struct {
	stack []walkFrame
	cur   Path
}

type walkFrame struct {
	n    *Node
	next int
	dup  bool
}

// Leaves is WalkLeaves, reusing w's stacks.
func (w *Walker) Leaves(n *Node, fn func(p Path, leaf *Node, dup bool) bool) {
	if n == nil {
		return
	}
	if IsLeaf(n) {
		fn(nil, n, false)
		return
	}
	stack := append(w.stack[:0], walkFrame{n: n})
	cur := w.cur[:0] // steps to the top frame's node
	defer func() { w.stack, w.cur = stack[:0], cur[:0] }()
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next >= f.n.Len() {
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				cur = cur[:len(cur)-1]
			}
			continue
		}
		i := f.next
		f.next++
		var c *Node
		var st Step
		dup := f.dup
		if f.n.Kind == Array {
			c, st = f.n.Items[i], Step{Index: i, IsIndex: true}
		} else {
			m := &f.n.Members[i]
			c, st = m.Value, Step{Key: m.Key}
			dup = dup || m.Duplicate
		}
		cur = append(cur, st)
		if !IsLeaf(c) {
			stack = append(stack, walkFrame{n: c, dup: dup})
			continue
		}
		if !fn(cur, c, dup) {
			return
		}
		cur = cur[:len(cur)-1]
	}
}

// SafeElided renders the path like Safe when it has at most keep steps.
// A longer path shows its first and last keep/2 steps around a visible
// "…N steps…" marker, so a path thousands of levels deep costs no more to
// show than a short one. elided is the number of steps left out.
func (p Path) SafeElided(keep int) (s termsafe.Safe, elided int) {
	keep = max(keep, 2)
	if len(p) <= keep {
		return p.Safe(), 0
	}
	h := keep / 2
	tail := p[len(p)-(keep-h):]
	elided = len(p) - h - len(tail)
	mid := "…" + strconv.Itoa(elided) + " steps…"
	if elided == 1 {
		mid = "…1 step…"
	}
	if !tail[0].IsIndex && isIdent(termsafe.Unwrap(tail[0].Key)) {
		mid += "."
	}
	return termsafe.Concat(p[:h].Safe(), termsafe.Trusted(mid, termsafe.SingleLine), tail.Safe()), elided
}
