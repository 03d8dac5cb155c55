package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/termsafe"
	"github.com/sonar-tui/sonar-tui/ui/markdown"
)

// Markdown costs ~40 ms per 20 KB in glamour, so it is rendered off the UI
// loop and cached per (text, width, theme). Until a comment is rendered its
// place shows "rendering…".

type mdKey struct {
	hash     uint64
	size     int
	width    int
	theme    Theme
	markdown bool
	ascii    bool
}

type mdJob struct {
	key mdKey
	src termsafe.Untrusted
}

type mdDoneMsg struct{ results map[mdKey][]string }

// mdCache is touched only on the UI goroutine (results arrive as messages).
type mdCache struct {
	m     map[mdKey][]string
	ascii bool // render Markdown with ASCII glyphs (glyphs.go)
}

// mdCacheMax bounds the cache; it is cleared when full (widths change
// rarely, so a simple bound is enough).
const mdCacheMax = 4096

func newMDCache() *mdCache { return &mdCache{m: map[mdKey][]string{}} }

func (c *mdCache) store(r map[mdKey][]string) {
	if len(c.m)+len(r) > mdCacheMax {
		c.m = map[mdKey][]string{}
	}
	for k, v := range r {
		c.m[k] = v
	}
}

// lookup returns the rendered lines for src, or queues a job and returns
// nil, false.
func (c *mdCache) lookup(src termsafe.Untrusted, width int, theme Theme, isMD bool, jobs *[]mdJob) ([]string, bool) {
	k := mdKey{hash: src.Hash(), size: src.Len(), width: width, theme: theme, markdown: isMD, ascii: c.ascii}
	if v, ok := c.m[k]; ok {
		return v, true
	}
	for _, j := range *jobs {
		if j.key == k {
			return nil, false
		}
	}
	*jobs = append(*jobs, mdJob{key: k, src: src})
	return nil, false
}

// renderMarkdown renders the jobs in a command, off the UI goroutine.
func renderMarkdown(jobs []mdJob) tea.Cmd {
	return func() tea.Msg {
		out := make(map[mdKey][]string, len(jobs))
		for _, j := range jobs {
			if !j.key.markdown {
				out[j.key] = markdown.RenderPlain(j.src, j.key.width).Lines
				continue
			}
			style := markdown.Dark
			if j.key.theme == Light {
				style = markdown.Light
			}
			out[j.key] = markdown.Render(j.src, markdown.Options{Width: j.key.width, Style: style, ASCII: j.key.ascii}).Lines
		}
		return mdDoneMsg{results: out}
	}
}
