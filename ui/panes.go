package ui

import (
	"runtime"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// The ticket page's panes are components. A paneKind is everything that
// makes one pane: its tab, how it is built (for the screen and for
// --plain), its own keys, what they do and their help. The page lists the
// kinds once (defaultPanes): the tab bar, the number keys, mouse clicks on
// tabs, `?`, the README key table and the sections of --plain all come from
// that list, so a new pane is one type in one file plus one entry there.
//
// The page keeps what every pane shares: routing keys to the panes, the
// tab bar and footer, and the pager keys (scroll, search, copy, select,
// raw, times) that work the same in every pane.

// paneKind is one pane of the ticket page, like a bubbles component: the
// page owns the state every pane has (pane: the pager, raw, the cursor)
// and the kind adds what is its own.
type paneKind interface {
	// name is the tab's name ("Event"); the number key's help says it too.
	name() string
	// tab is the tab's label for t (nil before a ticket), counts and all.
	tab(t *api.Ticket) string
	// input adds to in, on the UI goroutine, what this pane's build reads
	// of the page's state besides the inputs every pane has (buildInput).
	// A new pane keeps its own state in its kind (pointer fields); s is
	// the older state the Event and Comments panes keep in the page.
	input(s pageState, in *buildIn)
	// build lays the pane out. It may run off the UI goroutine and reads
	// only in; --plain builds with raw off and the pane's zero state.
	build(in buildIn) buildOut
	// keys are the pane's own bindings, for `?` and the README, in order.
	keys() []key.Binding
	// update handles the pane's own keys and reports whether it used msg.
	// It is called only for msg matching one of keys(). active says the
	// pane is on screen: most pane keys work only there, some (L, O of the
	// Comments pane) from any pane.
	update(m *Model, msg tea.KeyPressMsg, active bool) (bool, tea.Cmd)
}

// pageState is what of the page's state the default panes' builds read.
// It is a small value on purpose: the page (Model) is large, and a
// pointer to it handed to an interface method would move it to the heap
// on every message that rebuilds a pane.
type pageState struct {
	nav         *eventNav // the Event pane's filter, nulls and folds
	newestFirst bool      // the Comments pane's order
}

// defaultPanes are the ticket page's panes, in tab order. The paneIDs
// below index this list (code specific to one pane, such as the Event
// pane's folds, finds its pane through them).
func defaultPanes() []paneKind {
	return []paneKind{summaryKind{}, newEventKind(), peopleKind{}, newCommentsKind()}
}

// paneID is a pane's place in the page's list of panes.
type paneID int

// The default panes (defaultPanes).
const (
	summaryPane paneID = iota
	eventPane
	peoplePane
	commentsPane
	// paneCount is the number of default panes.
	paneCount
)

// String names a default pane, for tests and debugging.
func (p paneID) String() string {
	if p >= 0 && p < paneCount {
		return defaultPanes()[p].name()
	}
	return "pane " + strconv.Itoa(int(p))
}

// Optional parts of a pane, asked for with a type assertion (as
// io.WriterTo is): most panes do without.
type (
	// paneCopier is a pane whose `y p` copy is not its lines as text.
	paneCopier interface {
		copyText(m *Model, p *pane) (string, bool)
	}
	// panePlain is a pane that writes its --plain section itself, as it
	// lays it out, instead of handing over all its lines at once (the
	// Comments pane: 100,000 comments are never held as text at once).
	panePlain interface {
		writePlain(in buildIn, pw *plainWriter)
	}
	// paneRows is a pane with label/value rows (the key facts): on such a
	// line, `y y` copies the value, wrapped lines and all.
	paneRows interface {
		rowAt(m *Model, p *pane, line int) bool
	}
)

// basePane is a pane with no state and no keys of its own.
type basePane struct{}

func (basePane) input(pageState, *buildIn)                            {}
func (basePane) keys() []key.Binding                                  { return nil }
func (basePane) update(*Model, tea.KeyPressMsg, bool) (bool, tea.Cmd) { return false, nil }

// oneKey is a binding of one key, with help.
func oneKey(k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc))
}

// numberKeys are the number keys of the panes: 1 for the first, up to 9.
func numberKeys(kinds []paneKind) []key.Binding {
	out := make([]key.Binding, 0, min(len(kinds), 9))
	for i, p := range kinds[:min(len(kinds), 9)] {
		n := strconv.Itoa(i + 1)
		out = append(out, oneKey(n, strings.ToLower(p.name())))
	}
	return out
}

// plainPane builds a pane for --plain, its Markdown rendered first.
func plainPane(in buildIn) []string {
	out := in.kind.build(in)
	if len(out.jobs) > 0 {
		in.md.renderAll(out.jobs, -1, runtime.GOMAXPROCS(0))
		out = in.kind.build(in)
	}
	return out.lines
}

// isPaneKey says msg is one of a pane's own keys.
func (m *Model) isPaneKey(msg tea.KeyPressMsg) bool {
	for _, keys := range m.ownKeys {
		if key.Matches(msg, keys...) {
			return true
		}
	}
	return false
}

// onPaneKey offers one of the panes' own keys to the panes: the pane on
// screen first, then the others (for the keys that work from any pane);
// a key none takes is a shared key. It has a value receiver, unlike
// onReadyKey's callees: handing &m to the panes moves this copy of the
// page to the heap, and only for these keys, not for every scroll.
func (m Model) onPaneKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	order := make([]paneID, 0, len(m.kinds))
	order = append(order, m.active)
	for i := range m.kinds {
		if paneID(i) != m.active {
			order = append(order, paneID(i))
		}
	}
	for _, id := range order {
		if !key.Matches(msg, m.ownKeys[id]...) {
			continue
		}
		if ok, cmd := m.kinds[id].update(&m, msg, id == m.active); ok {
			return m, cmd
		}
	}
	return m.onSharedKey(msg)
}

// switchPane handles the keys that move between panes.
func (m *Model) switchPane(msg tea.KeyPressMsg) bool {
	n := paneID(len(m.kinds))
	switch {
	case key.Matches(msg, m.keys.NextPane):
		m.active = (m.active + 1) % n
		return true
	case key.Matches(msg, m.keys.PrevPane):
		m.active = (m.active + n - 1) % n
		return true
	}
	for i, b := range m.numberKeys {
		if key.Matches(msg, b) {
			m.active = paneID(i)
			return true
		}
	}
	return false
}
