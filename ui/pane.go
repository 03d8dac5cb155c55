package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// pane is the state every pane has: its scrolled content, whether it shows
// the raw server text, and anchors (comment starts) for [ and ].
type pane struct {
	id      paneID
	pager   pager
	raw     bool
	anchors []int

	// Build state: at most one build per pane runs at a time.
	built    buildKey      // what the shown lines were built for
	building bool          // a build runs off the UI goroutine
	again    bool          // another build is due when it returns
	waiting  bool          // the lines show "rendering…" for some Markdown
	comments *commentCache // laid-out comment headers for built

	// cur is the current comment ([ and ] move it), -1 when the view
	// decides; rendering says Markdown is still on its way, and pending
	// is the position command to apply once it has arrived.
	cur       int
	rendering bool
	pending   *intent
	// preparing says the lines are a placeholder while the pane is built
	// off the UI goroutine: position commands wait for the real lines.
	preparing bool

	// cursor is the line cursor of select mode (v).
	cursor lineCursor
}

// buildKey is what a pane's lines depend on, besides rendered Markdown:
// every input a build reads, so that changing any of them builds again.
type buildKey struct {
	ticket int // Model.tgen
	width  int
	raw    bool
	times  timeMode
	basic  bool // the explicit 16-colour palette (Styles.basic)
	ascii  bool // the ASCII glyph set (Styles.G)
	// own is what of the pane's own state its build reads (set by its
	// paneKind's input: the Event pane's filter and folds, the Comments
	// order); nil for most panes. It must be comparable.
	own any
}

func (p *pane) reset() {
	p.pager = pager{width: p.pager.width, height: p.pager.height}
	p.raw = false
	p.anchors = nil
	// A build in flight stays accounted for: its result is dropped as
	// stale when it returns.
	p.built, p.waiting, p.comments = buildKey{}, false, nil
	p.cur, p.rendering, p.pending, p.preparing = -1, false, nil, false
	p.cursor = lineCursor{}
}

// asyncBuild is the response size above which panes are built off the UI
// goroutine: below it a whole build takes well under a frame, and building
// in place shows the finished pane in the very first frame.
const asyncBuild = 256 << 10

// rebuild brings every pane up to date with the current ticket and width:
// the active pane first, and only panes whose inputs changed or which wait
// for Markdown. Large tickets are built off the UI goroutine, so keys stay
// responsive; Markdown not yet cached is rendered in parallel and the pane
// waiting for it is built again when it arrives.
func (m *Model) rebuild() tea.Cmd {
	if m.ticket == nil {
		return nil
	}
	// The header grows when a ticket arrives: size the panes again.
	m.layout()
	if w := m.contentWidth(); w != m.mdWidth {
		m.mdWidth = w
		m.md.invalidate(false)
	}
	active := m.panes[m.active]
	cmd := m.buildPane(active)
	if !active.building && !m.othersDue() {
		return cmd
	}
	// The frame on screen needs only the active pane. The others start
	// once the frame that shows it has been handed to the renderer and,
	// after Deps.RestDelay, written (buildRestMsg): built in place, now;
	// off the loop, when its build returns (onBuilt). A key that switches
	// to one of them first finds "preparing…", and the position it asked
	// for waits.
	m.deferred = true
	for _, p := range m.panes {
		if p != active && !p.building && p.built.ticket != m.tgen {
			m.preparing(p)
		}
	}
	if active.building {
		return cmd
	}
	return tea.Batch(cmd, m.buildRestLater())
}

// buildRestLater delivers the buildRestMsg that starts the panes not on
// screen, after Deps.RestDelay: by then the frame just handed to the
// renderer has been written.
func (m *Model) buildRestLater() tea.Cmd {
	rest := buildRestMsg{tgen: m.tgen}
	if d := m.deps.RestDelay; d > 0 {
		return tea.Tick(d, func(time.Time) tea.Msg { return rest })
	}
	return func() tea.Msg { return rest }
}

// buildRestMsg builds the panes rebuild left for after the frame.
type buildRestMsg struct{ tgen int }

// onBuildRest builds what rebuild deferred, unless something already did.
func (m *Model) onBuildRest(msg buildRestMsg) tea.Cmd {
	if !m.deferred || msg.tgen != m.tgen || m.panes[m.active].building {
		return nil
	}
	return m.buildOthers()
}

// othersDue reports whether a pane not on screen needs a build.
func (m *Model) othersDue() bool {
	for _, p := range m.panes {
		if p.id != m.active && !p.building && (p.waiting || p.built != m.buildInput(p).key) {
			return true
		}
	}
	return false
}

// buildOthers builds the panes the first build left waiting: every pane
// whose lines are not current, the one on screen first (the analyst may
// have switched panes while the first one was built).
func (m *Model) buildOthers() tea.Cmd {
	m.deferred = false
	cmds := []tea.Cmd{m.buildPane(m.panes[m.active])}
	for _, p := range m.panes {
		if p.id != m.active {
			cmds = append(cmds, m.buildPane(p))
		}
	}
	return tea.Batch(cmds...)
}

// preparing shows a placeholder in a pane with nothing of this ticket.
func (m *Model) preparing(p *pane) {
	p.pager.src = nil
	p.pager.setLines([]string{m.st.Faint.Render("preparing" + m.st.G.Ellipsis)})
	p.preparing = true
}

// paneBuiltMsg is a pane built off the UI goroutine.
type paneBuiltMsg struct{ out buildOut }

// buildPane builds p if its inputs changed or it waits for Markdown.
func (m *Model) buildPane(p *pane) tea.Cmd {
	if m.ticket == nil {
		return nil
	}
	in := m.buildInput(p)
	if p.building {
		p.again = true
		return nil
	}
	if p.built == in.key && !p.waiting {
		return nil
	}
	if p.built != in.key || p.comments == nil {
		p.comments = &commentCache{}
	}
	in.comments = p.comments
	if m.ticket.Body.Len() < asyncBuild {
		return m.applyBuild(in.run())
	}
	p.building = true
	if p.built.ticket != in.key.ticket {
		m.preparing(p)
	}
	return guarded(func() tea.Msg { return paneBuiltMsg{in.run()} })
}

// applyBuild shows a finished build, unless the pane's inputs changed
// while it ran, and starts the Markdown it is missing.
func (m *Model) applyBuild(out buildOut) tea.Cmd {
	p := m.panes[out.id]
	var cmds []tea.Cmd
	if out.key == m.buildInput(p).key {
		p.built, p.waiting = out.key, len(out.jobs) > 0
		p.pager.src = nil
		if out.nav != nil && out.nav.rows != nil {
			p.pager.src = out.nav.rows // the JSON rows the build left empty
		}
		p.setContent(out.lines, out.anchors, p.waiting)
		if out.nav != nil {
			m.navBuilt(out.nav)
		}
		cmds = append(cmds, m.md.start(out.jobs))
	}
	if p.again {
		p.again = false
		cmds = append(cmds, m.buildPane(p))
	}
	return tea.Batch(cmds...)
}

// onBuilt takes a pane built off the UI goroutine.
func (m *Model) onBuilt(msg paneBuiltMsg) tea.Cmd {
	m.panes[msg.out.id].building = false
	cmd := m.applyBuild(msg.out)
	if m.deferred {
		// The pane on screen goes out with the next frame; the others
		// wait for it as after a build in place (rebuild), so their
		// builds and Markdown do not hold the renderer back.
		return tea.Batch(cmd, m.buildRestLater())
	}
	return cmd
}

// onMarkdown stores a finished Markdown batch and rebuilds only the panes
// that wait for Markdown.
func (m *Model) onMarkdown(msg mdDoneMsg) tea.Cmd {
	m.md.done(msg)
	cmds := []tea.Cmd{msg.next}
	if msg.gen != m.md.gen.Load() {
		return msg.next // rendered for an old width or ticket: nothing to show
	}
	if m.ticket != nil {
		for _, p := range m.panes {
			if p.waiting {
				cmds = append(cmds, m.buildPane(p))
			}
		}
	}
	return tea.Batch(cmds...)
}

// buildIn is everything a pane build reads, captured on the UI goroutine
// so the build can run anywhere.
type buildIn struct {
	key      buildKey
	id       paneID
	kind     paneKind
	st       Styles
	t        *api.Ticket
	now      time.Time
	loc      *time.Location
	md       *mdCache
	comments *commentCache
	// nav is the Event pane's filter, hidden nulls and folds, a copy the
	// build owns: it records there what each line shows.
	nav *eventNav
}

// buildOut is a built pane and the Markdown it is missing.
type buildOut struct {
	id      paneID
	key     buildKey
	lines   []string
	anchors []int
	jobs    []mdJob
	nav     *eventNav // the Event pane's line map (eventNav.meta), or nil
}

func (m *Model) buildInput(p *pane) buildIn {
	in := buildIn{
		key: buildKey{ticket: m.tgen, width: m.contentWidth(), raw: p.raw, times: m.timeMode, basic: m.st.basic, ascii: m.st.G.ASCII},
		id:  p.id, kind: m.kinds[p.id], st: m.st, t: m.ticket, now: m.deps.Now(), loc: m.timeLoc(), md: m.md,
	}
	in.kind.input(pageState{nav: m.nav, newestFirst: m.newestFirst}, &in)
	return in
}

// run builds the pane.
func (in buildIn) run() buildOut {
	out := in.kind.build(in)
	out.id, out.key = in.id, in.key
	return out
}
