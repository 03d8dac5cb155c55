package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// This file is the queue page's Update: keys, the filter bar, keywords and
// views.

// update handles messages other than keys and pages.
func (q *queueModel) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if q.state != queueLoading && !q.busy() {
			return nil
		}
		var cmd tea.Cmd
		q.spin, cmd = q.spin.Update(msg)
		return cmd
	case tickMsg:
		q.rows.clear() // ages ("5m ago") move on
	case NoticeMsg:
		q.showNotice(msg)
	case tea.PasteMsg:
		if q.mode == modeKeywords {
			var cmd tea.Cmd
			q.input, cmd = q.input.Update(msg)
			return cmd
		}
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			return q.move(-3)
		case tea.MouseWheelDown:
			return q.move(3)
		}
	}
	return nil
}

// busy reports whether a page is on its way.
func (q *queueModel) busy() bool {
	for _, p := range q.pages {
		if p.loading {
			return true
		}
	}
	return false
}

// onKey handles a key on the queue page.
func (q *queueModel) onKey(msg tea.KeyPressMsg) (queueAction, tea.Cmd) {
	q.toast = ""
	before := q.barKey()
	defer func() {
		if q.barKey() != before {
			q.layoutBar()
		}
	}()
	switch q.mode {
	case modeKeywords:
		return queueAction{}, q.onKeywordKey(msg)
	case modeFilter:
		return queueAction{}, q.onFilterKey(msg)
	}
	return q.onRowsKey(msg)
}

// barState is what the filter bar depends on: every filter change starts
// a new generation.
type barState struct{ mode, chip, gen, width int }

func (q *queueModel) barKey() barState { return barState{int(q.mode), q.chip, q.gen, q.width} }

// onRowsKey handles a key while the table has the focus.
func (q *queueModel) onRowsKey(msg tea.KeyPressMsg) (queueAction, tea.Cmd) {
	k := q.keys
	h := q.tableHeight()
	switch {
	case key.Matches(msg, k.Quit):
		return queueAction{kind: actQuit}, nil
	case key.Matches(msg, k.Help):
		return queueAction{kind: actHelp}, nil
	case key.Matches(msg, k.OpenGUID):
		return queueAction{kind: actPrompt}, nil
	case key.Matches(msg, k.Down):
		return queueAction{}, q.move(1)
	case key.Matches(msg, k.Up):
		return queueAction{}, q.move(-1)
	case key.Matches(msg, k.PageDown):
		return queueAction{}, q.move(h)
	case key.Matches(msg, k.PageUp):
		return queueAction{}, q.move(-h)
	case key.Matches(msg, k.Top):
		return queueAction{}, q.move(-q.cursor)
	case key.Matches(msg, k.Bottom):
		return queueAction{}, q.move(q.total)
	case key.Matches(msg, k.Open):
		if q.state == queueReady {
			return queueAction{kind: actOpen, row: q.cursor}, nil
		}
	case key.Matches(msg, k.Refresh):
		if cmd, ok := q.retryFailed(); ok {
			return queueAction{}, cmd
		}
		return queueAction{}, q.refresh()
	case key.Matches(msg, k.Filter):
		q.mode = modeFilter
	case key.Matches(msg, k.Mine):
		return queueAction{}, q.toggleMine()
	case key.Matches(msg, k.Keywords):
		q.mode = modeKeywords
		q.input.SetValue(q.filter.keywords)
		q.input.CursorEnd()
		return queueAction{}, q.input.Focus()
	case key.Matches(msg, k.NextView):
		return queueAction{}, q.switchView(1)
	case key.Matches(msg, k.PrevView):
		return queueAction{}, q.switchView(-1)
	case key.Matches(msg, k.Cancel):
		if q.filter.keywords != "" {
			q.filter.keywords = ""
			return queueAction{}, q.reload()
		}
	}
	return queueAction{}, nil
}

func (q *queueModel) onKeywordKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, q.keys.Apply):
		q.mode = modeRows
		q.input.Blur()
		q.filter.keywords = q.input.Value()
		return q.reload()
	case key.Matches(msg, q.keys.Cancel):
		q.mode = modeRows
		q.input.Blur()
		return nil
	}
	var cmd tea.Cmd
	q.input, cmd = q.input.Update(msg)
	return cmd
}

func (q *queueModel) onFilterKey(msg tea.KeyPressMsg) tea.Cmd {
	k := q.keys
	n := len(filterChips)
	switch {
	case key.Matches(msg, k.Cancel, k.Filter):
		q.mode = modeRows
	case key.Matches(msg, k.ChipRight):
		q.chip = (q.chip + 1) % n
	case key.Matches(msg, k.ChipLeft):
		q.chip = (q.chip + n - 1) % n
	case key.Matches(msg, k.Toggle):
		c := filterChips[q.chip]
		if c.kind == chipMine {
			return q.toggleMine()
		}
		q.filter.toggle(c)
		return q.reload()
	case key.Matches(msg, k.Quit):
		q.mode = modeRows
	}
	return nil
}

func (q *queueModel) toggleMine() tea.Cmd {
	if q.deps.UserGUID == "" {
		return q.flash("\"mine\" needs your user GUID: set user_guid in the config file or SONAR_USER_GUID")
	}
	q.filter.mine = !q.filter.mine
	return q.reload()
}

func (q *queueModel) switchView(dir int) tea.Cmd {
	if len(q.views) < 2 {
		return q.flash("no other views: add [views.NAME] tables to the config file")
	}
	q.viewIdx = (q.viewIdx + len(q.views) + dir) % len(q.views)
	q.filter = filterFrom(q.views[q.viewIdx])
	return q.reload()
}

// ShortHelp is the queue's footer help.
func (q *queueModel) ShortHelp() []key.Binding {
	switch q.mode {
	case modeFilter:
		return q.keys.filterHelp()
	case modeKeywords:
		return []key.Binding{q.keys.Apply, q.keys.Cancel}
	}
	return q.keys.ShortHelp()
}

// FullHelp is the queue's `?` screen.
func (q *queueModel) FullHelp() [][]key.Binding { return q.keys.FullHelp() }
