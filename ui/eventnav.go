package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// A 216-field event is ~480 lines. The Event pane helps read it the way
// fx does: & filters on keys and values (matches keep their parents, a
// matching key keeps its whole value), H hides nulls, z folds the object
// or array at the cursor (Z all, U none), and the footer shows the JSON
// path of the current line (the cursor's, or the top line's), which y .
// copies.

// eventNav is the Event pane's view state. It is shared by the model's
// copies (a pointer), like the panes. The pane is built off the UI
// goroutine from a copy (forBuild); navBuilt takes the copy's line map.
type eventNav struct {
	filter    string
	hideNulls bool
	// folded is by JSON path. Builds read it while they run, so it is
	// replaced (setFolded), never changed in place; folds counts the
	// replacements, for the build key.
	folded map[string]bool
	folds  int

	// Set by each build: what every line of the pane shows, from line
	// from on (the lines before are the key facts).
	meta  []jsonMeta
	steps []pathStep
	from  int
	// rows draws the JSON rows the build left empty (jsonRows).
	rows *jsonRows
	// shown and total count the top-level fields, for the section title.
	shown, total int
	// filtering is true while the filter is being typed.
	filtering bool

	// What waits for the next build: keep the line showing reveal in
	// view (a fold), or show the JSON from its first line (a filter).
	reveal *jsontree.Node
	toJSON bool
}

// navKey is what of eventNav an Event pane build depends on.
type navKey struct {
	filter    string
	hideNulls bool
	folds     int
}

func (nav *eventNav) key() navKey {
	return navKey{filter: nav.filter, hideNulls: nav.hideNulls, folds: nav.folds}
}

// forBuild is a copy of the view state for one build, which records its
// line map there, off the UI goroutine.
func (nav *eventNav) forBuild() *eventNav {
	return &eventNav{filter: nav.filter, hideNulls: nav.hideNulls, folded: nav.folded, folds: nav.folds}
}

// setFolded replaces the folds.
func (nav *eventNav) setFolded(folded map[string]bool) {
	nav.folded = folded
	nav.folds++
}

// navBuilt takes the line map of the Event pane build just shown, and does
// what waited for it.
func (m *Model) navBuilt(b *eventNav) {
	nav := m.nav
	nav.meta, nav.steps, nav.from, nav.shown, nav.total = b.meta, b.steps, b.from, b.shown, b.total
	switch {
	case nav.reveal != nil:
		m.revealNode(nav.reveal)
	case nav.toJSON:
		m.panes[eventPane].pager.scrollTo(nav.from)
	}
	nav.reveal, nav.toJSON = nil, false
}

// jsonOpts is what renderJSONNav leaves out.
type jsonOpts struct {
	record    bool // keep what each line shows (jsonMeta)
	lazy      bool // with record: leave the rows jsonRows can draw empty
	hideNulls bool
	keep      map[*jsontree.Node]bool // nil: everything
	folded    map[string]bool
}

// jsonMeta is what one line of the JSON view shows.
type jsonMeta struct {
	n       *jsontree.Node
	step    int32 // n's path step, -1 for the root
	closing bool  // the closing bracket of n
	folded  bool
	// lazy says the row was left empty, to be drawn by jsonRows; comma
	// that a comma follows. (16 bytes: a big event has 400,000 rows.)
	lazy, comma bool
}

// pathStep is one step of a JSON path: a member's key or an item's index
// under the parent step. Paths are built from steps only when shown or
// copied, so a large event costs no path strings.
type pathStep struct {
	key           *termsafe.Untrusted // nil: index
	parent, index int32
}

// tag records m for the lines added since the last tag.
func (v *jsonView) tag(m jsonMeta) {
	if !v.record {
		return
	}
	if v.row.lazy {
		m.comma, m.lazy = v.row.comma, true
		v.row = jsonMeta{}
	}
	for len(v.meta) < len(v.lines) {
		v.meta = append(v.meta, m)
	}
}

// step adds a path step under parent (when recording).
func (v *jsonView) step(parent int32, key *termsafe.Untrusted, index int) int32 {
	if !v.record {
		return -1
	}
	v.steps = append(v.steps, pathStep{parent: parent, key: key, index: int32(index)})
	return int32(len(v.steps) - 1)
}

// path is the jq-style path of step i.
func (v *jsonView) path(i int32) string { return pathOf(v.steps, i) }

func pathOf(steps []pathStep, i int32) string {
	var parts []string
	for ; i >= 0 && int(i) < len(steps); i = steps[i].parent {
		if k := steps[i].key; k != nil {
			parts = append(parts, keyPath(*k))
		} else {
			parts = append(parts, fmt.Sprintf("[%d]", steps[i].index))
		}
	}
	if len(parts) == 0 {
		return "."
	}
	slices.Reverse(parts)
	return strings.Join(parts, "")
}

// keyPath is one step of a jq-style path: .name, or ["other key"] in the
// escaped display form.
func keyPath(k termsafe.Untrusted) string {
	s := termsafe.Escape(k, termsafe.SingleLine).Plain()
	ident := s != ""
	for i, r := range s {
		if !(r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')) {
			ident = false
			break
		}
	}
	if ident {
		return "." + s
	}
	return `["` + strings.ReplaceAll(s, `"`, `\"`) + `"]`
}

// visible filters a container's display order.
func (o jsonOpts) visible(n *jsontree.Node, order []int) []int {
	if !o.hideNulls && o.keep == nil {
		return order
	}
	out := order[:0:0]
	for _, i := range order {
		c := child(n, i)
		if o.hideNulls && c.Kind == jsontree.Null {
			continue
		}
		if o.keep != nil && !o.keep[c] {
			continue
		}
		out = append(out, i)
	}
	return out
}

func child(n *jsontree.Node, i int) *jsontree.Node {
	if n.Kind == jsontree.Object {
		return n.Members[i].Value
	}
	return n.Items[i]
}

// foldedText is a folded container: {… 12 fields} or [… 3 items].
func foldedText(st Styles, n *jsontree.Node) string {
	pt := st.pt
	if n.Kind == jsontree.Array {
		return pt.jsonPunct.apply("[") + pt.faint.apply(fmt.Sprintf("%s %d items", st.G.Ellipsis, len(n.Items))) + pt.jsonPunct.apply("]")
	}
	return pt.jsonPunct.apply("{") + pt.faint.apply(fmt.Sprintf("%s %d fields", st.G.Ellipsis, len(n.Members))) + pt.jsonPunct.apply("}")
}

// keepSet is the nodes a filter keeps: those whose key or value contains
// q (case-insensitive), everything inside a kept key, and the parents of
// what is kept. It walks with an explicit stack (DATA-9).
func keepSet(root *jsontree.Node, q string) map[*jsontree.Node]bool {
	type entry struct {
		n      *jsontree.Node
		parent int
		inside bool // an ancestor's key matched
	}
	keep := map[*jsontree.Node]bool{root: true}
	all := []entry{{n: root, parent: -1}}
	stack := []int{0}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		e := all[i]
		hit := e.inside
		if !hit && (e.n.Kind == jsontree.String || e.n.Kind == jsontree.Number || e.n.Kind == jsontree.Bool || e.n.Kind == jsontree.Null) {
			hit = e.n.Value.ContainsFold(q) || (e.n.Kind == jsontree.Null && strings.Contains("null", strings.ToLower(q)))
		}
		if hit {
			for j := i; j >= 0 && !keep[all[j].n]; j = all[j].parent {
				keep[all[j].n] = true
			}
		}
		switch e.n.Kind {
		case jsontree.Object:
			for _, mem := range e.n.Members {
				all = append(all, entry{n: mem.Value, parent: i, inside: hit || mem.Key.ContainsFold(q)})
				stack = append(stack, len(all)-1)
			}
		case jsontree.Array:
			for _, it := range e.n.Items {
				all = append(all, entry{n: it, parent: i, inside: hit})
				stack = append(stack, len(all)-1)
			}
		}
	}
	return keep
}

// opts builds the render options for tree.
func (nav *eventNav) opts(tree *jsontree.Node) jsonOpts {
	o := jsonOpts{record: true, lazy: true, hideNulls: nav.hideNulls, folded: nav.folded}
	if nav.filter != "" {
		o.keep = keepSet(tree, nav.filter)
	}
	nav.total, nav.shown = 0, 0
	if tree.Kind == jsontree.Object {
		nav.total = len(tree.Members)
		nav.shown = len(o.visible(tree, seq(len(tree.Members))))
	}
	return o
}

// title describes what the Event section shows.
func (nav *eventNav) title() string {
	var parts []string
	if nav.filter != "" {
		parts = append(parts, fmt.Sprintf("filter %q: %d of %d fields", termsafe.Trusted(nav.filter, termsafe.SingleLine).Plain(), nav.shown, nav.total))
	}
	if nav.hideNulls {
		parts = append(parts, "nulls hidden")
	}
	if n := len(nav.folded); n > 0 {
		parts = append(parts, fmt.Sprintf("%d folded", n))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// lineMeta is what line i of the Event pane shows, if it is a JSON line.
func (nav *eventNav) lineMeta(i int) (jsonMeta, bool) {
	if nav == nil || i-nav.from < 0 || i-nav.from >= len(nav.meta) {
		return jsonMeta{}, false
	}
	return nav.meta[i-nav.from], true
}

// onEventNavKey handles the Event pane's filter, null and fold keys.
func (m *Model) onEventNavKey(msg tea.KeyPressMsg, k eventKeyMap) (bool, tea.Cmd) {
	nav := m.nav
	switch {
	case key.Matches(msg, k.Filter):
		nav.filtering = true
		m.overlay = overlaySearch
		m.search.Prompt = "&"
		m.search.SetValue(nav.filter)
		m.search.CursorEnd()
		return true, m.search.Focus()
	case key.Matches(msg, k.HideNulls):
		nav.hideNulls = !nav.hideNulls
		return true, m.rebuild()
	case key.Matches(msg, k.Fold):
		p := m.panes[eventPane]
		meta, ok := nav.lineMeta(p.currentLine())
		if !ok || (meta.n.Kind != jsontree.Object && meta.n.Kind != jsontree.Array) || meta.step < 0 {
			return true, m.flash("nothing to fold here: move the cursor (v) to an object or array")
		}
		folded := maps.Clone(nav.folded)
		if folded == nil {
			folded = map[string]bool{}
		}
		path := pathOf(nav.steps, meta.step)
		if folded[path] {
			delete(folded, path)
		} else {
			folded[path] = true
		}
		nav.setFolded(folded)
		nav.reveal = meta.n
		return true, m.rebuild()
	case key.Matches(msg, k.FoldAll):
		folded := map[string]bool{}
		if t := m.ticket; t != nil && t.Event.Tree != nil {
			for _, mem := range t.Event.Tree.Members {
				if c := mem.Value; (c.Kind == jsontree.Object && len(c.Members) > 0) || (c.Kind == jsontree.Array && len(c.Items) > 0) {
					folded[keyPath(mem.Key)] = true
				}
			}
		}
		nav.setFolded(folded)
		return true, m.rebuild()
	case key.Matches(msg, k.UnfoldAll):
		nav.setFolded(nil)
		return true, m.rebuild()
	}
	return false, nil
}

// onFilterKey edits the Event pane filter; it applies as you type. Enter
// keeps it, esc clears it.
func (m Model) onFilterKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	done := func(q string) (tea.Model, tea.Cmd) {
		m.overlay = overlayNone
		m.search.Blur()
		m.search.Prompt = "/"
		m.nav.filtering = false
		return m, m.setFilter(q)
	}
	switch {
	case key.Matches(msg, m.keys.Keep):
		return done(m.search.Value())
	case key.Matches(msg, m.keys.Cancel):
		return done("")
	}
	var cmd tea.Cmd
	m.search, cmd = m.search.Update(msg)
	return m, tea.Batch(cmd, m.setFilter(m.search.Value()))
}

// setFilter applies the Event pane filter typed so far; the pane shows
// the JSON from its first line once it is built.
func (m *Model) setFilter(q string) tea.Cmd {
	if q == m.nav.filter {
		return nil
	}
	m.nav.filter = q
	m.nav.toJSON = true
	return m.rebuild()
}

// revealNode keeps the line showing n on screen (and under the cursor)
// after a fold changed the lines.
func (m *Model) revealNode(n *jsontree.Node) {
	p := m.panes[eventPane]
	for j, meta := range m.nav.meta {
		if meta.n == n && !meta.closing {
			line := m.nav.from + j
			if p.cursor.on {
				p.cursor.line = line
			}
			p.pager.reveal(line, line)
			return
		}
	}
}

// currentPath is the JSON path of the Event pane's current line.
func (m Model) currentPath() string {
	if m.active != eventPane || m.panes[eventPane].raw {
		return ""
	}
	meta, ok := m.nav.lineMeta(m.panes[eventPane].currentLine())
	if !ok {
		return ""
	}
	return pathOf(m.nav.steps, meta.step)
}

// selectedPath is the JSON path under the cursor.
func (m Model) selectedPath() (string, bool) {
	p := m.panes[m.active]
	if m.active != eventPane || !p.cursor.on || p.raw {
		return "", false
	}
	meta, ok := m.nav.lineMeta(p.cursor.line)
	if !ok {
		return "", false
	}
	return pathOf(m.nav.steps, meta.step), true
}

// jsonLineValue is the value of the JSON line under the cursor: a scalar
// as shown (strings without their quotes), an object or array as JSON.
func (m Model) jsonLineValue(p *pane) (string, bool) {
	if p.id != eventPane || !p.cursor.on || p.raw {
		return "", false
	}
	meta, ok := m.nav.lineMeta(p.cursor.line)
	if !ok {
		return "", false
	}
	switch meta.n.Kind {
	case jsontree.Object, jsontree.Array:
		// The whole value, unfolded and unwrapped, as JSON jq accepts.
		return jsonText(meta.n, nil), true
	}
	return termsafe.Escape(meta.n.Value, termsafe.SingleLine).Plain(), true
}

// pathLabel fits a path into w cells, cutting from the left.
func pathLabel(path string, w int, ellipsis string) string {
	if ansi.StringWidth(path) <= w {
		return path
	}
	return ellipsis + ansi.TruncateLeft(path, ansi.StringWidth(path)-w+1, "")
}
