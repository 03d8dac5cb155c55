package ui

import (
	"charm.land/bubbles/v2/key"
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api/errclass"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// splitWidth is the width from which the queue and the selected ticket's
// card sit side by side (gh-dash style); narrower, the queue is alone.
const splitWidth = 160

// render draws the queue page: the app's chrome around the queue's body.
func (a *App) render() string {
	if a.width < minWidth || a.height < minHeight {
		return fit(fmt.Sprintf("terminal too small: %dx%d, need at least %dx%d", a.width, a.height, minWidth, minHeight), a.width, a.height)
	}
	header, footer := a.header(), a.footer()
	if a.showHelp || !a.queue.fast() {
		bodyH := max(a.height-lipgloss.Height(header)-lipgloss.Height(footer), 1)
		body := a.queue.Render()
		if a.showHelp {
			body = a.help.FullHelpView(a.queue.FullHelp())
		}
		return fit(header+"\n"+fit(body, a.width, bodyH)+"\n"+footer, a.width, a.height)
	}
	// The ready queue's body is exactly its height in lines, none too
	// wide (see renderTo), and header and footer are cut to the width:
	// one builder and no measuring keep a scroll step cheap.
	var b strings.Builder
	b.Grow(a.width * a.height * 3)
	b.WriteString(header)
	b.WriteByte('\n')
	a.queue.renderTo(&b)
	b.WriteByte('\n')
	b.WriteString(footer)
	return fitHeight(b.String(), a.height)
}

// fitHeight pads or cuts s to exactly h lines.
func fitHeight(s string, h int) string {
	n := strings.Count(s, "\n") + 1
	switch {
	case n < h:
		return s + strings.Repeat("\n", h-n)
	case n > h:
		i := 0
		for range h {
			i += strings.IndexByte(s[i:], '\n') + 1
		}
		return s[:i-1]
	}
	return s
}

// chromeHeight is the height of the queue's header and footer, measured.
func (a *App) chromeHeight() int {
	return lipgloss.Height(a.header()) + lipgloss.Height(a.footer())
}

// header is the title line (view name, the server's total, the count of
// new or changed tickets) and a rule.
func (a *App) header() string {
	q, st := &a.queue, a.st
	parts := []string{st.Title.Render("sonar-tui"), st.Accent.Render(q.view().titleName())}
	switch {
	case q.state == queueReady && q.totalKnown:
		parts = append(parts, st.Bold.Render(plural(q.total, "ticket")))
	case q.state == queueReady:
		parts = append(parts, st.Bold.Render(atLeast(st.G)+" "+plural(q.loadedRows(), "ticket"))+st.Warn.Render(" (the server sent no total)"))
	case q.state == queueEmpty:
		parts = append(parts, st.Faint.Render("0 tickets"))
	}
	if n := q.changedCount(); n > 0 {
		parts = append(parts, st.Info.Render(fmt.Sprintf("%s %d new/changed", st.G.Attack, n)))
	}
	lines := []string{ansi.Truncate(" "+strings.Join(parts, st.Faint.Render(st.G.sep())), a.width, st.G.Ellipsis)}
	if a.width >= compactWidth && a.height >= compactHeight {
		lines = append(lines, st.TabSep.Render(strings.Repeat(st.G.Rule, a.width)))
	}
	return strings.Join(lines, "\n")
}

// footer is help, the keyword input, a notice or the first page error on
// the left; the position, the server and the watch interval on the right.
func (a *App) footer() string {
	q, st, w := &a.queue, a.st, a.width
	var right []string
	if q.total > 0 {
		right = append(right, fmt.Sprintf("%s/%s", commas(int64(q.cursor+1)), commas(int64(q.total))))
	}
	if q.busy() && q.state != queueLoading {
		right = append(right, q.spin.View()+"loading")
	}
	if a.deps.Watch > 0 {
		right = append(right, "watch "+a.deps.Watch.String())
	}
	if a.deps.Host != "" && w >= compactWidth {
		right = append(right, termsafe.Trusted(a.deps.Host, termsafe.SingleLine).Plain())
	}
	r := st.Footer.Render(strings.Join(right, st.G.sep()))
	var left string
	switch {
	case q.mode == modeKeywords:
		left = q.input.View()
	case q.toast != "":
		left = st.Accent.Render(q.toast)
	case q.failedPage() != "":
		left = st.Danger.Render(st.G.Cross + " " + q.failedPage())
	default:
		hw := max(w-ansi.StringWidth(r)-2, 0)
		hk := [2]int{hw, int(q.mode)}
		if q.rows.helpKey != hk || q.rows.help == "" {
			// Help and quit are always there, as on the ticket page.
			var keys, essential []key.Binding
			for _, b := range q.ShortHelp() {
				if q.mode == modeRows && (b.Help() == q.keys.Help.Help() || b.Help() == q.keys.Quit.Help()) {
					essential = append(essential, b)
					continue
				}
				keys = append(keys, b)
			}
			q.rows.help, q.rows.helpKey = hintsFitting(a.help, keys, essential, hw), hk
		}
		left = q.rows.help
	}
	room := max(w-ansi.StringWidth(r)-2, 0)
	left = ansi.Truncate(left, room, st.G.Ellipsis)
	gap := max(w-ansi.StringWidth(left)-ansi.StringWidth(r)-1, 1)
	return ansi.Truncate(" "+left+strings.Repeat(" ", gap)+r, w, "")
}

// shownError is the error the queue shows: its own when nothing loaded,
// else the first failed page's (the footer's). A cancelled request is not
// one: the analyst or a newer request cancelled it.
func (q *queueModel) shownError() error {
	err := q.err
	if q.state != queueError {
		err = nil
		if first := q.firstFailed(); first >= 0 {
			err = q.pages[first].err
		}
	}
	if errclass.Classify(err).Kind == errclass.Cancelled {
		return nil
	}
	return err
}

// firstFailed is the index of the first page that failed, or -1.
func (q *queueModel) firstFailed() int {
	first := -1
	for i, p := range q.pages {
		if p.err != nil && (first < 0 || i < first) {
			first = i
		}
	}
	return first
}

// failedPage describes the first page that failed to load while rows are
// shown (errors mid-scroll keep the rows already loaded).
func (q *queueModel) failedPage() string {
	if q.state != queueReady {
		return ""
	}
	first := q.firstFailed()
	if first < 0 {
		return ""
	}
	from := first*queuePageSize + 1
	to := min((first+1)*queuePageSize, q.total)
	to2 := "–"
	if q.st.G.ASCII {
		to2 = "-"
	}
	return fmt.Sprintf("tickets %s%s%s: %s%sr retry", commas(int64(from)), to2, commas(int64(to)), friendly(q.pages[first].err).title, q.st.G.sep())
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return commas(int64(n)) + " " + word + "s"
}

// titleName is the view's name for the header and window title. Names
// come from the config file; they are escaped like everything shown.
func (v QueueView) titleName() string {
	return termsafe.Trusted(v.Name, termsafe.SingleLine).Plain()
}

// Render draws the queue's body at its size: the filter bar, then the
// table (and, from splitWidth columns, the selected ticket's card).
func (q *queueModel) Render() string {
	if q.fast() {
		var b strings.Builder
		q.renderTo(&b)
		return b.String()
	}
	w, h := q.width, q.height
	th := max(h-q.barHeight(), 1)
	var main string
	switch q.state {
	case queueError:
		main = q.errorView(w, th)
	case queueEmpty:
		main = "\n " + q.st.Faint.Render("No tickets match this filter.") + "\n\n " +
			q.st.Faint.Render(strings.Join([]string{"f filter", "/ keywords", "v views", "r refresh"}, q.st.G.sep()))
	default:
		main = "\n " + q.spin.View() + " loading tickets" + q.st.G.Ellipsis
	}
	return fit(q.bar+"\n"+main, w, h)
}

// fast reports whether the body can be drawn by renderTo: rows are shown
// and the filter bar leaves room for them.
func (q *queueModel) fast() bool {
	return q.state == queueReady && q.barHeight() < q.height && q.width >= minWidth
}

// renderTo writes the ready body: exactly q.height lines, each built to
// the width (rows are padded once, when cached), so nothing is measured.
func (q *queueModel) renderTo(b *strings.Builder) {
	w := q.width
	th := q.height - q.barHeight()
	tw, cw := w, 0
	if w >= splitWidth {
		cw = min(max(w*2/5, 50), 80)
		tw = w - cw - 1
	}
	var card []string
	if cw > 0 {
		card = q.cardLines(cw, th)
	}
	b.WriteString(q.bar)
	for i := range th {
		b.WriteByte('\n')
		b.WriteString(q.tableLine(i, tw, cw > 0))
		if cw > 0 {
			b.WriteString(q.glyphs.sep)
			b.WriteString(card[i])
		}
	}
}

// barHeight is the filter bar's height at the current width.
func (q *queueModel) barHeight() int { return q.barH }

// layoutBar draws the filter bar again after its state, its notes or the
// width changed. The notes (see queueModel.notes) are one line each.
func (q *queueModel) layoutBar() {
	q.bar = q.filterBar()
	for _, n := range q.notes {
		if n != "" {
			q.bar += "\n " + ansi.Truncate(n, max(q.width-1, 1), q.st.G.Ellipsis)
		}
	}
	q.barH = lipgloss.Height(q.bar)
}

// filterBar shows every toggle with its state as a mark and a word (never
// by colour alone), and the keywords sent to the server.
func (q *queueModel) filterBar() string {
	st := q.st
	var parts []string
	for i, c := range filterChips {
		label := strings.ReplaceAll(c.label, "_", " ")
		text := st.G.Open + " " + strings.ToLower(label)
		style := st.Faint
		if q.filter.on(c) {
			text, style = st.G.Attack+" "+label, st.Accent
		}
		if q.mode == modeFilter && i == q.chip {
			style = st.CurMatch
		}
		sep := ""
		if i > 0 && filterChips[i-1].kind != c.kind {
			sep = st.TabSep.Render(st.G.Bar + " ")
		}
		parts = append(parts, sep+style.Render(text))
	}
	if kw := q.filter.keywords; kw != "" {
		parts = append(parts, st.TabSep.Render(st.G.Bar+" ")+st.Label.Render("keywords ")+
			st.Bold.Render(termsafe.Trusted(kw, termsafe.SingleLine).Plain()))
	}
	if len(q.filter.statuses) == 0 {
		parts = append(parts, st.Faint.Render("(any status)"))
	}
	// Pack whole chips into lines: a chip never breaks between its mark
	// and its word.
	var lines []string
	line, lw := "", 0
	for _, p := range parts {
		pw := ansi.StringWidth(p)
		if lw > 0 && lw+1+pw > q.width {
			lines = append(lines, line)
			line, lw = "", 0
		}
		line += " " + p
		lw += 1 + pw
	}
	lines = append(lines, line)
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, max(q.width, 1), q.st.G.Ellipsis)
	}
	return strings.Join(lines, "\n")
}

func (q *queueModel) errorView(w, h int) string {
	f := friendly(q.err)
	lines := []string{"", " " + q.st.Danger.Render(q.st.G.Cross+" Could not load the queue: "+f.title), "", " " + wrapText(f.detail, w-2)}
	if f.hint != "" {
		lines = append(lines, "", " "+q.st.Accent.Render("hint: ")+wrapText(f.hint, w-8))
	}
	lines = append(lines, "", " "+q.st.Faint.Render(strings.Join([]string{"r retry", "o open a ticket by GUID", "q quit"}, q.st.G.sep())))
	return fit(strings.Join(lines, "\n"), w, h)
}

// atLeast is "≥", or ">=" in ASCII mode.
func atLeast(g Glyphs) string {
	if g.ASCII {
		return ">="
	}
	return "≥"
}
