package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// mdComment is ~500 bytes of the Markdown analysts write: a heading, prose,
// a list, inline code and a fenced block.
const mdComment = "### Triage note %d\n\nBlocked **10.0.%d.7** at the edge firewall; the `sqlmap` user agent\n" +
	"matches the WAF rule. Next steps:\n\n- check the web server logs for `id=` probes\n" +
	"- confirm no 200 responses after 09:12\n- close as *true positive* if nothing else shows\n\n" +
	"```json\n{\"src_ip\": \"10.0.%d.7\", \"action\": \"block\"}\n```\n\nSee the [runbook](https://wiki.example.com/soc/sqli) for details.\n"

// commentsBody is a response body whose ticket carries n comments; small
// comments are one short plain line each.
func commentsBody(tb testing.TB, n int, small bool) []byte {
	tb.Helper()
	cs := make([]map[string]any, n)
	for i := range cs {
		c := map[string]any{
			"guid": fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "user_name": "analyst",
			"type": "TEXT", "format": "MARKDOWN", "created": "2026-11-20 09:12:44+0900", "updated": "2026-11-20 09:12:44+0900",
			"content": fmt.Sprintf(mdComment, i, i%256, i%256),
		}
		if small {
			c["format"], c["content"] = "PLAIN", fmt.Sprintf("checked host %d", i)
		}
		cs[i] = c
	}
	body, err := json.Marshal(map[string]any{"ticket": map[string]any{
		"id": 1, "guid": seedGUID, "title": "many comments", "format": "JSON", "content": `{"msg":"x"}`, "comments": cs,
	}})
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

func decode(tb testing.TB, body []byte) *api.Ticket {
	tb.Helper()
	t, err := api.DecodeResponse(body)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// drain runs cmd and every command it leads to, as the program would, but
// synchronously and in order; it returns the final model and the longest
// Update: how long the UI loop was busy at once.
func drain(m tea.Model, cmd tea.Cmd) (tea.Model, time.Duration) {
	var longest time.Duration
	walk(cmd, func(msg tea.Msg) tea.Cmd {
		if fmt.Sprintf("%T", msg) == "tea.sequenceMsg" {
			return nil
		}
		var next tea.Cmd
		t0 := time.Now()
		m, next = m.Update(msg)
		longest = max(longest, time.Since(t0))
		return next
	})
	return m, longest
}

// walk runs cmd and the batches it holds, in order, hands every other
// message to on and runs the command on returns the same way.
func walk(cmd tea.Cmd, on func(tea.Msg) tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			queue = append(queue, on(msg))
		}
	}
}

func quietModel() Model {
	return New(Deps{Getter: newFakeGetter(), Now: func() time.Time { return testNow },
		Tick: func(time.Duration, tea.Msg) tea.Cmd { return nil }}, "")
}

// open delivers a decoded ticket as a finished fetch, at w x h.
func open(t *api.Ticket, w, h int) (tea.Model, tea.Cmd) {
	m := quietModel()
	m.width, m.height = w, h
	m.seq = 1
	m.screen = screenLoading
	return m.Update(fetchedMsg{seq: 1, guid: seedGUID, ticket: t})
}

// BenchmarkFirstFrame is decode plus the first frame for the seed ticket:
// what follows the server's last byte.
func BenchmarkFirstFrame(b *testing.B) {
	for _, c := range []struct {
		name string
		body []byte
	}{
		{"seed", newFakeGetter().bodies[seedGUID]},
		{"1000-comments", commentsBody(b, 1000, false)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			b.ReportAllocs()
			defer reportCPU(b, cpuTime())
			for b.Loop() {
				m, _ := open(decode(b, c.body), 120, 40)
				_ = m.View()
			}
		})
	}
}

// BenchmarkFirstFrameComplete is decode, first frame and every Markdown
// comment rendered and laid out: until nothing says "rendering…".
func BenchmarkFirstFrameComplete(b *testing.B) {
	body := commentsBody(b, 1000, false)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		m, cmd := open(decode(b, body), 120, 40)
		m, _ = drain(m, cmd)
		if strings.Contains(m.(Model).panes[commentsPane].pager.text(), "rendering…") {
			b.Fatal("still rendering")
		}
	}
}

// BenchmarkManyComments is the issue-6 shape: 100,000 small comments,
// from the fetched ticket to every comment laid out.
func BenchmarkManyComments(b *testing.B) {
	t := decode(b, commentsBody(b, 100_000, true))
	var longest time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		m, cmd := open(t, 120, 40)
		first := time.Since(t0)
		_, d := drain(m, cmd)
		longest = max(longest, d, first)
	}
	b.ReportMetric(float64(longest)/1e6, "ms-longest-update")
}

// BenchmarkMarkdownThroughput renders 1,000 comments of ~500 B: the
// cost behind "rendering…" on a comment-heavy ticket.
func BenchmarkMarkdownThroughput(b *testing.B) {
	t := decode(b, commentsBody(b, 1000, false))
	size := 0
	for _, c := range t.Comments {
		size += c.Content.Text().Len()
	}
	st := NewStyles(Dark)
	b.SetBytes(int64(size))
	start := cpuTime()
	for b.Loop() {
		md := newMDCache()
		var jobs []mdJob
		buildComments(st, t, 120, false, false, testNow, time.UTC, md, &jobs)
		md.renderAll(jobs, -1, runtime.GOMAXPROCS(0))
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkResizeStorm delivers 50 resizes before any command runs (a
// window dragged faster than a render) and then runs what they started.
// renders/op is the number of Markdown renders: one per comment of the
// visible pane is the target.
func BenchmarkResizeStorm(b *testing.B) {
	t := decode(b, commentsBody(b, 200, false))
	var renders int
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		m, cmd := open(t, 120, 40)
		m, _ = drain(m, cmd)
		mm := m.(Model)
		mm.active = commentsPane
		m = mm
		md := mm.md
		before := md.renders.Load()
		b.StartTimer()
		var cmds []tea.Cmd
		for i := range 50 {
			var c tea.Cmd
			m, c = m.Update(tea.WindowSizeMsg{Width: 80 + i%40, Height: 40})
			cmds = append(cmds, c)
		}
		// The commands run concurrently, as the program runs them.
		var wg sync.WaitGroup
		msgs := make([]tea.Msg, len(cmds))
		for i, c := range cmds {
			if c == nil {
				continue
			}
			wg.Go(func() { msgs[i] = c() })
		}
		wg.Wait()
		for _, msg := range msgs {
			if msg != nil {
				m, _ = drain(m, func() tea.Msg { return msg })
			}
		}
		renders += int(md.renders.Load() - before)
	}
	b.ReportMetric(float64(renders)/float64(b.N), "renders/op")
}

// screenWriter is Bubble Tea's renderer path without the program: the
// ultraviolet terminal renderer with scroll optimisation, on the
// alternate screen, writing to a buffer.
type screenWriter struct {
	out bytes.Buffer
	scr *uv.TerminalRenderer
	buf uv.ScreenBuffer
}

func newScreenWriter(w, h int) *screenWriter {
	s := &screenWriter{buf: uv.NewScreenBuffer(w, h)}
	s.scr = uv.NewTerminalRenderer(&s.out, []string{"TERM=xterm-256color"})
	s.scr.SetColorProfile(colorprofile.TrueColor)
	s.scr.SetScrollOptim(true)
	s.scr.SetFullscreen(true)
	s.scr.SetRelativeCursor(false)
	s.scr.Erase()
	return s
}

// frame draws content and returns the bytes the terminal would receive.
func (s *screenWriter) frame(content string) int {
	s.out.Reset()
	s.buf.Clear()
	uv.NewStyledString(content).Draw(s.buf, s.buf.Bounds())
	s.scr.Render(s.buf.RenderBuffer)
	_ = s.scr.Flush()
	return s.out.Len()
}

// BenchmarkScrollBytes is the bytes one key writes to the terminal through
// the real renderer: a one-line scroll of the Event pane (ASCII and
// Korean) and a tab switch.
func BenchmarkScrollBytes(b *testing.B) {
	cases := []struct {
		name string
		keys []string
		t    func() *api.Ticket
		pane paneID
	}{
		{"scroll-event", []string{"j"}, func() *api.Ticket { return bigTicket(b, 64<<10) }, eventPane},
		{"scroll-korean", []string{"j"}, func() *api.Ticket { return koreanTicket(b) }, commentsPane},
		{"tab-switch", []string{"tab"}, func() *api.Ticket { return decode(b, newFakeGetter().bodies[seedGUID]) }, summaryPane},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			m0, cmd := open(c.t(), 120, 40)
			m0, _ = drain(m0, cmd)
			mm := m0.(Model)
			mm.active = c.pane
			var m tea.Model = mm
			sw := newScreenWriter(120, 40)
			sw.frame(m.View().Content)
			total := 0
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				k := c.keys[0]
				if c.name == "tab-switch" && i%4 == 3 {
					k = "1" // back to Summary: every switch is a real one
				}
				m, _ = m.Update(keyMsg(k))
				if c.name != "tab-switch" && i%30 == 29 {
					m, _ = m.Update(keyMsg("g"))
					sw.frame(m.View().Content)
					continue
				}
				total += sw.frame(m.View().Content)
			}
			b.ReportMetric(float64(total)/float64(b.N), "B/frame")
		})
	}
}

// koreanTicket is a ticket whose comments are lines of Korean prose.
func koreanTicket(tb testing.TB) *api.Ticket {
	cs := make([]map[string]any, 200)
	for i := range cs {
		cs[i] = map[string]any{"user_name": "분석가", "format": "PLAIN", "created": "2026-11-20 09:12:44+0900",
			"content": fmt.Sprintf("%d번째 확인: 방화벽에서 출발지 주소를 차단했고 웹 서버 로그에서 추가 접근은 보이지 않습니다.", i)}
	}
	body, err := json.Marshal(map[string]any{"ticket": map[string]any{
		"id": 1, "guid": seedGUID, "title": "한국어", "format": "JSON", "content": `{}`, "comments": cs}})
	if err != nil {
		tb.Fatal(err)
	}
	return decode(tb, body)
}

// BenchmarkKey is the work of one key press on a 1,000-comment ticket:
// Update and View (the renderer's diff is BenchmarkScrollBytes).
func BenchmarkKey(b *testing.B) {
	m, cmd := open(decode(b, commentsBody(b, 1000, false)), 120, 40)
	m, _ = drain(m, cmd)
	mm := m.(Model)
	mm.active = commentsPane
	m = mm
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := "j"
		if i%500 == 499 {
			k = "g"
		}
		m, _ = m.Update(keyMsg(k))
		_ = m.View()
	}
}

// BenchmarkGlowReference is the reference for BenchmarkMarkdownThroughput:
// glow renders a Markdown file with one glamour.TermRenderer, so this
// renders the same 1,000 comments, joined into one document, the same way.
// glow itself cannot be installed here (the module proxy refuses it); glow
// adds only reading the file and paging to this.
func BenchmarkGlowReference(b *testing.B) {
	t := decode(b, commentsBody(b, 1000, false))
	var doc strings.Builder
	for _, c := range t.Comments {
		doc.WriteString(termsafe.Unwrap(c.Content.Text()))
		doc.WriteString("\n\n---\n\n")
	}
	src := doc.String()
	b.SetBytes(int64(len(src)))
	start := cpuTime()
	for b.Loop() {
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(120))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Render(src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}
