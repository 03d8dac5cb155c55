package ui

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/termsafe"
	"github.com/sonar-tui/sonar-tui/ui/markdown"
)

// markdownCommentsBody is n Markdown comments that need glamour (bold
// text), numbered so each can be found in the output.
func markdownCommentsBody(n int) []byte {
	cs := make([]string, n)
	for i := range cs {
		cs[i] = `{"guid":"c` + strconv.Itoa(i) + `","format":"MARKDOWN","content":"**note** number ` + strconv.Itoa(i) + ` end"}`
	}
	return ticketBody(`"title":"many Markdown comments"`, `"comments":[`+strings.Join(cs, ",")+`]`)
}

// plainMarkdownCommentsBody is n Markdown comments without Markdown
// syntax ("comment N"), which take the plain-text path.
func plainMarkdownCommentsBody(n int) []byte {
	cs := make([]string, n)
	for i := range cs {
		cs[i] = `{"guid":"c` + strconv.Itoa(i) + `","format":"MARKDOWN","content":"comment ` + strconv.Itoa(i) + `"}`
	}
	return ticketBody(`"title":"many comments"`, `"comments":[`+strings.Join(cs, ",")+`]`)
}

// TestMarkdownBudgetPerTicket: glamour costs ~0.15 ms even for "**x**",
// so 100,000 such comments took minutes. Past a per-ticket budget, the
// Markdown comments that need glamour are shown as sent (escaped, with a
// note saying so): glamour runs a bounded number of times, and every
// comment's text is still on screen.
func TestMarkdownBudgetPerTicket(t *testing.T) {
	const n = 6000
	tk := decode(t, markdownCommentsBody(n))
	st := NewStyles(Dark)
	md := newMDCache()
	var glamour atomic.Int64
	md.render1 = func(k mdKey) []string {
		if k.markdown {
			glamour.Add(1)
		}
		return renderJob(k)
	}
	var jobs []mdJob
	buildComments(st, tk, 100, false, false, testNow, time.UTC, md, &jobs)
	md.renderAll(jobs, -1, runtime.GOMAXPROCS(0))
	lines, _ := buildComments(st, tk, 100, false, false, testNow, time.UTC, md, &jobs)
	text := ansi.Strip(strings.Join(lines, "\n"))

	cost := markdown.Cost(termsafe.Wrap("**note** number 0 end")) // the cheapest
	if max := mdBudget/cost + 1; glamour.Load() > int64(max) {
		t.Fatalf("glamour rendered %d comments; the budget allows about %d", glamour.Load(), max)
	}
	if glamour.Load() < 100 {
		t.Fatalf("glamour rendered only %d comments: the budget is not used", glamour.Load())
	}
	if !strings.Contains(text, "  note number 0 end") {
		t.Error("the first comment is not rendered as Markdown")
	}
	last := fmt.Sprintf("**note** number %d end", n-1)
	if !strings.Contains(text, last) {
		t.Errorf("the last comment is not shown as sent (%q)", last)
	}
	for i := range n {
		if !strings.Contains(text, fmt.Sprintf("number %d end", i)) {
			t.Fatalf("comment %d is missing", i)
		}
	}
	if notes := strings.Count(text, "Markdown budget"); notes != n-int(glamour.Load()) {
		t.Errorf("%d notes for %d comments shown as sent", notes, n-int(glamour.Load()))
	}
}
