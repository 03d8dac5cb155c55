package ui

import (
	"slices"

	"github.com/sonar-tui/sonar-tui/api"
)

// queueFilter is the filter the analyst sees and toggles: a view's query
// plus the toggles of the filter bar.
type queueFilter struct {
	base       api.ListQuery
	statuses   []string
	priorities []api.Priority
	mine       bool
	keywords   string
}

func filterFrom(v QueueView) queueFilter {
	return queueFilter{
		base:       v.Query,
		statuses:   slices.Clone(v.Query.Statuses),
		priorities: slices.Clone(v.Query.Priorities),
		mine:       v.Mine,
		keywords:   v.Query.Keywords,
	}
}

// query is the request the filter stands for (offset and limit unset).
func (f queueFilter) query(me string) api.ListQuery {
	q := f.base
	q.Statuses = slices.Clone(f.statuses)
	q.Priorities = slices.Clone(f.priorities)
	q.Keywords = f.keywords
	q.Assignees = slices.Clone(f.base.Assignees)
	if f.mine && me != "" && !slices.Contains(q.Assignees, me) {
		q.Assignees = append(q.Assignees, me)
	}
	return q
}

func (f *queueFilter) toggle(c filterChip) {
	switch c.kind {
	case chipStatus:
		f.statuses = toggled(f.statuses, c.status)
	case chipPriority:
		f.priorities = toggled(f.priorities, c.priority)
	}
}

func toggled[T comparable](list []T, v T) []T {
	if i := slices.Index(list, v); i >= 0 {
		return slices.Delete(slices.Clone(list), i, i+1)
	}
	return append(slices.Clone(list), v)
}

func (f queueFilter) on(c filterChip) bool {
	switch c.kind {
	case chipStatus:
		return slices.Contains(f.statuses, c.status)
	case chipPriority:
		return slices.Contains(f.priorities, c.priority)
	}
	return f.mine
}

type chipKind uint8

const (
	chipStatus chipKind = iota
	chipPriority
	chipMine
)

// filterChip is one toggle of the filter bar.
type filterChip struct {
	kind     chipKind
	label    string
	status   string
	priority api.Priority
}

var filterChips = func() []filterChip {
	var cs []filterChip
	for _, s := range []string{api.StatusNew, api.StatusAssigned, api.StatusInProgress, api.StatusSubmitted,
		api.StatusApproved, api.StatusRejected, api.StatusClosed} {
		cs = append(cs, filterChip{kind: chipStatus, label: s, status: s})
	}
	for _, p := range []struct {
		label string
		p     api.Priority
	}{{"HIGH", api.PriorityHigh}, {"MEDIUM", api.PriorityMedium}, {"LOW", api.PriorityLow}} {
		cs = append(cs, filterChip{kind: chipPriority, label: p.label, priority: p.p})
	}
	return append(cs, filterChip{kind: chipMine, label: "mine"})
}()
