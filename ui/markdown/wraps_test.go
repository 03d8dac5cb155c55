package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// logical joins a result's rows into its logical lines, as search sees
// them: a continuation row adds the wrap's gap and its text without the
// layout.
func logical(t testing.TB, res Result) []string {
	t.Helper()
	if res.Wraps != nil && len(res.Wraps) != len(res.Lines) {
		t.Fatalf("%d wraps for %d lines", len(res.Wraps), len(res.Lines))
	}
	var out []string
	for i, l := range res.Lines {
		if res.Wraps != nil && res.Wraps[i].Cont {
			w := res.Wraps[i]
			out[len(out)-1] += w.Gap + ansi.Strip(l[w.Indent:])
			continue
		}
		out = append(out, strings.TrimRight(ansi.Strip(l), " "))
	}
	return out
}

// wrappedMarkdown has the constructs glamour wraps itself: a paragraph
// with emphasis, code and a link, list items (nested, numbered, a task),
// block quotes, and words longer than a row.
const wrappedMarkdown = "**Alert** from the gateway: the host evil-gw.example.com sent `union select` payloads " +
	"to [the login portal](https://portal.example/login) from Mozilla/5.0 Safari browsers, " +
	"see hash 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef for the sample.\n\n" +
	"- first item with **bold** text that goes on long enough to wrap at most widths, 10.0.0.1 and evil.example.com\n" +
	"  - nested item that also goes on long enough to wrap at the narrower widths we try here\n" +
	"- [x] a task item done long ago, with a state-of-the-art note that wraps too at narrow widths\n\n" +
	"1. numbered item with _emphasis_ and pre- and post-processing words that wrap at some widths\n\n" +
	"> quoted text from the vendor advisory that is long enough to wrap at the narrower widths\n" +
	"> > and a nested quote inside it, also long enough to wrap when the pane is narrow enough\n"

// TestGlamourWrapsAreMarked: rows that glamour wraps are marked, so the
// logical lines are the same at every width.
func TestGlamourWrapsAreMarked(t *testing.T) {
	src := termsafe.Wrap(wrappedMarkdown)
	var base []string
	for _, w := range []int{200, 120, 80, 61, 40, 30} {
		res := Render(src, Options{Width: w})
		checkWraps(t, res)
		got := logical(t, res)
		if base == nil {
			base = got
			if len(res.Lines) == len(got) && w < 120 {
				t.Fatalf("nothing wrapped at %d columns", w)
			}
			continue
		}
		if strings.Join(got, "\n") != strings.Join(base, "\n") {
			t.Errorf("logical lines at %d columns:\n%s\nat 200:\n%s", w, strings.Join(got, "\n"), strings.Join(base, "\n"))
		}
		if len(res.Lines) == len(got) {
			t.Errorf("no row marked as a continuation at %d columns", w)
		}
	}
}

// TestGlamourWrapsASCIIAndLight: the marks do not depend on the style.
func TestGlamourWrapsASCIIAndLight(t *testing.T) {
	src := termsafe.Wrap(wrappedMarkdown)
	for _, opt := range []Options{{Style: Light}, {ASCII: true}} {
		opt.Width = 200
		base := strings.Join(logical(t, Render(src, opt)), "\n")
		opt.Width = 50
		if got := strings.Join(logical(t, Render(src, opt)), "\n"); got != base {
			t.Errorf("%+v: logical lines at 50 columns:\n%s\nat 200:\n%s", opt, got, base)
		}
	}
}

// TestForgedWrapMarks: a comment holding the marks' escape sequences or
// reserved runes cannot start or end a marked block: they are shown as
// escape tokens and the paragraph's rows stay one logical line.
func TestForgedWrapMarks(t *testing.T) {
	forged := []string{markBegin, markEnd, string(phBegin), string(phEnd), "\\u{E005}", "&#xE005;"}
	for _, f := range forged {
		words := strings.Repeat("word "+f+" **bold** ", 12)
		res := Render(termsafe.Wrap("start "+words+"end"), Options{Width: 40})
		checkLines(t, res.Lines, 40, false)
		if len(res.Lines) < 3 {
			t.Fatalf("%q: the paragraph did not wrap: %q", f, res.Lines)
		}
		for i, l := range res.Lines {
			if strings.ContainsAny(l, string([]rune{phBegin, phEnd})) {
				t.Errorf("%q: row %d holds a reserved rune: %q", f, i, l)
			}
			if cont := res.Wraps != nil && res.Wraps[i].Cont; cont != (i > 0) {
				t.Errorf("%q: row %d continuation %v: %q", f, i, cont, ansi.Strip(l))
			}
		}
		got := logical(t, res)
		if len(got) != 1 || !strings.HasPrefix(got[0], "  start word ") || !strings.HasSuffix(got[0], " end") {
			t.Errorf("%q: logical lines %q", f, got)
		}
	}
}

// checkWraps asserts the shape of a result's wraps: one per line, the
// first line not a continuation, indentation within the line and made of
// whole characters, gaps of spaces only.
func checkWraps(t testing.TB, r Result) {
	t.Helper()
	if r.Wraps == nil {
		return
	}
	if len(r.Wraps) != len(r.Lines) {
		t.Fatalf("%d wraps for %d lines", len(r.Wraps), len(r.Lines))
	}
	for i, w := range r.Wraps {
		switch {
		case i == 0 && w.Cont:
			t.Errorf("the first line is a continuation")
		case w.Indent < 0 || w.Indent > len(r.Lines[i]) || !utf8.ValidString(r.Lines[i][:w.Indent]):
			t.Errorf("line %d: indent %d of %q", i, w.Indent, r.Lines[i])
		case strings.Trim(w.Gap, " ") != "":
			t.Errorf("line %d: gap %q", i, w.Gap)
		}
	}
}
