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
	src      termsafe.Untrusted
	width    int
	theme    Theme
	markdown bool
}

type mdJob struct {
	key mdKey
}

// mdDoneMsg carries a batch's results. jobs are all the batch's keys,
// including those skipped because the batch went stale; next renders the
// batch that follows, once this one is shown.
type mdDoneMsg struct {
	results map[mdKey][]string
	jobs    []mdJob
	next    tea.Cmd
}

// mdCache holds rendered Markdown. Results are read by pane builders,
// which may run off the UI goroutine, so the map is guarded; pending is
// touched only on the UI goroutine.
type mdCache struct {
	mu      sync.RWMutex
	m       map[mdKey][]string
	pending map[mdKey]bool // queued or rendering

	// gen is bumped when the width or the ticket changes: a batch started
	// for an older generation skips the comments it has not started yet,
	// so a resize storm renders the visible panes once, at the final size.
	gen atomic.Int64
	// renders counts Markdown renders, for benchmarks.
	renders atomic.Int64
}

// mdCacheMax bounds the cache; it is cleared when full (widths change
// rarely, so a simple bound is enough).
const mdCacheMax = 1 << 18

func newMDCache() *mdCache {
	return &mdCache{m: map[mdKey][]string{}, pending: map[mdKey]bool{}}
}

func (c *mdCache) store(r map[mdKey][]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m)+len(r) > mdCacheMax {
		c.m = map[mdKey][]string{}
	}
	for k, v := range r {
		c.m[k] = v
	}
}

// lookup returns the rendered lines for src, or records a job and returns
// nil, false. jobs is a set per build: a comment repeated in a thread is
// rendered once.
func (c *mdCache) lookup(src termsafe.Untrusted, width int, theme Theme, isMD bool, jobs *[]mdJob) ([]string, bool) {
	k := mdKey{src: src, width: width, theme: theme, markdown: isMD}
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		return v, true
	}
	*jobs = append(*jobs, mdJob{key: k})
	return nil, false
}

// start returns a command rendering the jobs not already pending, or nil.
// The first screenful goes in a batch of its own so it shows first. It
// runs on the UI goroutine.
func (c *mdCache) start(jobs []mdJob) tea.Cmd {
	var todo []mdJob
	for _, j := range jobs {
		if !c.pending[j.key] {
			c.pending[j.key] = true
			todo = append(todo, j)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	gen := c.gen.Load()
	first := min(len(todo), 2*runtime.GOMAXPROCS(0))
	if first == len(todo) {
		return c.render(todo, gen, nil)
	}
	return c.render(todo[:first], gen, c.render(todo[first:], gen, nil))
}

// done records a finished batch on the UI goroutine.
func (c *mdCache) done(msg mdDoneMsg) {
	c.store(msg.results)
	for _, j := range msg.jobs {
		delete(c.pending, j.key)
	}
}

// invalidate makes running batches stale (the width or ticket changed).
func (c *mdCache) invalidate() { c.gen.Add(1) }

// render renders jobs in a command, off the UI goroutine, with as many
// workers as there are CPUs.
func (c *mdCache) render(jobs []mdJob, gen int64, next tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		return mdDoneMsg{results: c.renderAll(jobs, gen), jobs: jobs, next: next}
	}
}

// renderAll renders jobs in parallel; with gen >= 0 it stops early once
// the batch is stale.
func (c *mdCache) renderAll(jobs []mdJob, gen int64) map[mdKey][]string {
	lines := make([][]string, len(jobs))
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= len(jobs) || (gen >= 0 && c.gen.Load() != gen) {
				return
			}
			lines[i] = renderJob(jobs[i].key)
			c.renders.Add(1)
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	out := make(map[mdKey][]string, len(jobs))
	for i, j := range jobs {
		if lines[i] != nil {
			out[j.key] = lines[i]
		}
	}
	return out
}

func renderJob(k mdKey) []string {
	var lines []string
	if k.markdown {
		style := markdown.Dark
		if k.theme == Light {
			style = markdown.Light
		}
		lines = markdown.Render(k.src, markdown.Options{Width: k.width, Style: style}).Lines
	} else {
		lines = markdown.RenderPlain(k.src, k.width).Lines
	}
	if lines == nil {
		lines = []string{} // rendered, and empty: not "rendering…"
	}
	return lines
}
