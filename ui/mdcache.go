package ui

import (
	"runtime"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/termsafe"
	"github.com/sonar-tui/sonar-tui/ui/markdown"
)

// Markdown costs ~40 ms per 20 KB in glamour, so it is rendered off the UI
// loop, comments in parallel, and cached per (text, width, theme). Until a
// comment is rendered its place shows "rendering…".
//
// The key holds the text itself, not a hash of it: Go's map hashing is
// seeded per process, so a ticket cannot make two comments collide and show
// one in place of the other, and lookups stay O(1) per comment.
type mdKey struct {
	src      termsafe.Key
	width    int
	theme    Theme
	markdown bool
	ascii    bool
	basic    bool // the 16-colour palette
}

type mdJob struct {
	key mdKey
}

// mdDoneMsg says a batch rendered for generation gen is in the cache (or
// was cut short because gen is stale); next renders the batch that
// follows, once this one is shown.
type mdDoneMsg struct {
	gen  int64
	next tea.Cmd
}

// mdCache holds rendered Markdown. Render workers store into it and pane
// builders read it, off the UI goroutine, so the map is guarded; inflight
// is touched only on the UI goroutine. Nothing proportional to the number
// of comments runs on the UI goroutine.
type mdCache struct {
	mu sync.RWMutex
	m  map[mdKey][]string
	// ascii renders Markdown with ASCII glyphs (glyphs.go); set before
	// the cache is first used.
	ascii bool
	// basic renders Markdown in the theme's 16-colour palette; it follows
	// the terminal's colour profile (setProfile), read by pane builders.
	basic atomic.Bool

	// inflight counts the batches running per generation. While one runs
	// for the current generation no other starts: when it ends, the panes
	// still waiting are built again and ask for what is still missing.
	inflight map[int64]int

	// gen is bumped when the width or the ticket changes: a batch started
	// for an older generation skips the comments it has not started yet,
	// so a resize storm renders the visible panes once, at the final size.
	gen atomic.Int64
	// renders counts Markdown renders, for benchmarks.
	renders atomic.Int64
	// render1 renders one text; tests replace it.
	render1 func(mdKey) []string
}

// mdCacheMax bounds the cache: when it is full, results for other widths
// are dropped. Results for the width in use are always kept, or a ticket
// with more comments than the bound would render for ever; one ticket's
// comments are bounded by the response size cap.
const mdCacheMax = 1 << 16

func newMDCache() *mdCache {
	return &mdCache{m: map[mdKey][]string{}, inflight: map[int64]int{}, render1: renderJob}
}

func (c *mdCache) store(keys []mdKey, lines [][]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m)+len(keys) > mdCacheMax && len(keys) > 0 {
		for k := range c.m {
			if k.width != keys[0].width {
				delete(c.m, k)
			}
		}
	}
	for i, k := range keys {
		if lines[i] != nil {
			c.m[k] = lines[i]
		}
	}
}

// lookup returns the rendered lines for src, or records a job and returns
// nil, false.
func (c *mdCache) lookup(src termsafe.Untrusted, width int, theme Theme, isMD bool, jobs *[]mdJob) ([]string, bool) {
	k := mdKey{src: src.Key(), width: width, theme: theme, markdown: isMD, ascii: c.ascii, basic: c.basic.Load()}
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		return v, true
	}
	*jobs = append(*jobs, mdJob{key: k})
	return nil, false
}

// start returns a command rendering jobs, or nil while a batch for the
// current generation runs. The first screenful goes in a batch of its own
// so it shows first. It runs on the UI goroutine.
func (c *mdCache) start(jobs []mdJob) tea.Cmd {
	gen := c.gen.Load()
	if len(jobs) == 0 || c.inflight[gen] > 0 {
		return nil
	}
	procs := runtime.GOMAXPROCS(0)
	first := min(len(jobs), 2*procs)
	if first == len(jobs) {
		c.inflight[gen]++
		return c.render(jobs, gen, procs, nil)
	}
	// The rest renders while the analyst reads: one CPU is left to the UI
	// so keys are answered at once.
	c.inflight[gen] += 2
	return c.render(jobs[:first], gen, procs, c.render(jobs[first:], gen, max(procs-1, 1), nil))
}

// done records a finished batch on the UI goroutine.
func (c *mdCache) done(msg mdDoneMsg) {
	if c.inflight[msg.gen]--; c.inflight[msg.gen] <= 0 {
		delete(c.inflight, msg.gen)
	}
}

// invalidate makes running batches stale (the width or ticket changed).
// A new ticket also empties a full cache.
func (c *mdCache) invalidate(newTicket bool) {
	c.gen.Add(1)
	c.mu.Lock()
	if newTicket && len(c.m) > mdCacheMax {
		c.m = map[mdKey][]string{}
	}
	c.mu.Unlock()
}

// render renders jobs in a command, off the UI goroutine.
func (c *mdCache) render(jobs []mdJob, gen int64, workers int, next tea.Cmd) tea.Cmd {
	return guarded(func() tea.Msg {
		c.renderAll(jobs, gen, workers)
		return mdDoneMsg{gen: gen, next: next}
	})
}

// buildFailedMsg reports a panic in a command that builds a pane or
// renders Markdown. The model raises it again on the UI goroutine, where
// the program's panic guard ends the viewer cleanly without printing the
// panic value (which may hold ticket text).
type buildFailedMsg struct{}

// guarded runs f, turning a panic into buildFailedMsg.
func guarded(f func() tea.Msg) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if recover() != nil {
				msg = buildFailedMsg{}
			}
		}()
		return f()
	}
}

// renderAll renders jobs into the cache with up to workers goroutines; a
// text repeated across comments is rendered once, and not again if an
// earlier batch did. With gen >= 0 it stops early once the batch is stale.
func (c *mdCache) renderAll(jobs []mdJob, gen int64, workers int) {
	seen := make(map[mdKey]bool, len(jobs))
	keys := make([]mdKey, 0, len(jobs))
	c.mu.RLock()
	for _, j := range jobs {
		if _, done := c.m[j.key]; !done && !seen[j.key] {
			seen[j.key] = true
			keys = append(keys, j.key)
		}
	}
	c.mu.RUnlock()
	lines := make([][]string, len(keys))
	var next atomic.Int64
	var failed atomic.Bool
	work := func() {
		// A panic in a worker goroutine would end the process; it is
		// raised again in the caller's goroutine instead.
		defer func() {
			if recover() != nil {
				failed.Store(true)
			}
		}()
		for {
			i := int(next.Add(1) - 1)
			if i >= len(keys) || (gen >= 0 && c.gen.Load() != gen) {
				return
			}
			lines[i] = c.render1(keys[i])
			c.renders.Add(1)
		}
	}
	var wg sync.WaitGroup
	for range min(workers, len(keys)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	if failed.Load() {
		panic("ui: rendering Markdown failed")
	}
	c.store(keys, lines)
}

func renderJob(k mdKey) []string {
	var res markdown.Result
	width := k.width
	if width >= noWrapWidth { // piped --plain: no wrapping
		width = markdown.Unwrapped
	}
	if k.markdown {
		style := markdown.Dark
		if k.theme == Light {
			style = markdown.Light
		}
		opt := markdown.Options{Width: width, Style: style, ASCII: k.ascii}
		if k.basic {
			opt.Colors16 = colors16(k.theme)
		}
		res = markdown.Render(k.src.Untrusted(), opt)
	} else {
		res = markdown.RenderPlain(k.src.Untrusted(), width)
	}
	lines := res.Lines
	// Soft wraps carry the pager's marks, so search runs over logical
	// lines here too.
	for i, w := range res.Wraps {
		if w.Cont && i > 0 && i < len(lines) && w.Indent <= len(lines[i]) {
			lines[i] = contRow(lines[i][:w.Indent], w.Gap, lines[i][w.Indent:])
		}
	}
	if lines == nil {
		lines = []string{} // rendered, and empty: not "rendering…"
	}
	return lines
}
