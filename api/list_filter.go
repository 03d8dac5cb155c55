package api

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Filter is a ticket list query in the words people type. The flags of
// `sonar-tui list` and the keys of a [views.NAME] config table are both a
// Filter, so they accept the same values and fail with the same messages.
// The zero Filter lists every ticket.
type Filter struct {
	// Statuses are status codes in any case ("new", "IN_PROGRESS"); a dash
	// may stand for the underscore ("in-progress").
	Statuses []string
	// Priorities are "high", "medium", "low" (any case) or 3, 2, 1.
	Priorities []string
	// Assignee and Approver are "me" or a user GUID; several are separated
	// by commas. A ticket matches when one of them is on it.
	Assignee, Approver string
	// Search is the server-side keyword search.
	Search string
	// Since and Until bound the ticket's time (inclusive): a date
	// ("2026-11-25", "2026-11-25 08:00", "2026-11-25T08:00:00+09:00") or a
	// duration back from now ("90m", "24h", "7d", "2w"). A date alone is
	// the start of that day for Since and its end for Until, in now's zone.
	Since, Until string
	// Sort is "id", "created", "updated" or "closed" ("" for the server's
	// order); Asc sorts oldest (lowest) first.
	Sort string
	Asc  bool
}

// Filter field names, as FilterError.Field reports them: the flag names
// of `sonar-tui list`.
const (
	FilterStatus   = "status"
	FilterPriority = "priority"
	FilterAssignee = "assignee"
	FilterApprover = "approver"
	FilterSince    = "since"
	FilterUntil    = "until"
	FilterSort     = "sort"
)

// ErrNoUserGUID is wrapped by the *FilterError of a filter that says "me"
// when the caller knows no user GUID.
var ErrNoUserGUID = errors.New(`"me" needs your user GUID`)

// FilterError is a Filter value that cannot be used. It matches
// ErrInvalidQuery (and ErrNoUserGUID for "me" without a GUID).
type FilterError struct {
	Field  string // FilterStatus, ...
	Value  termsafe.Untrusted
	Reason string
	Err    error // ErrNoUserGUID or nil
}

func (e *FilterError) Error() string {
	return fmt.Sprintf("%s \"%s\": %s", e.Field, clip(e.Value, 80), e.Reason)
}

// Is matches ErrInvalidQuery.
func (e *FilterError) Is(target error) bool { return target == ErrInvalidQuery }

func (e *FilterError) Unwrap() error { return e.Err }

// Check validates f without resolving "me" or durations, for a config file
// read before the user GUID and the clock are known.
func (f Filter) Check() error {
	_, err := f.query("", time.Now(), false)
	return err
}

// Query turns f into a ListQuery (Offset and Limit left at zero). me is the
// user's GUID for "me" ("" when unknown: then "me" is an error wrapping
// ErrNoUserGUID); now is the clock for durations and the zone for dates.
func (f Filter) Query(me string, now time.Time) (ListQuery, error) {
	return f.query(me, now, true)
}

func (f Filter) query(me string, now time.Time, needMe bool) (ListQuery, error) {
	var q ListQuery
	bad := func(field, value, format string, args ...any) (ListQuery, error) {
		return ListQuery{}, &FilterError{Field: field, Value: termsafe.Wrap(value), Reason: fmt.Sprintf(format, args...)}
	}
	for _, s := range splitAll(f.Statuses) {
		code := strings.ToUpper(strings.ReplaceAll(s, "-", "_"))
		if !slices.Contains(allStatuses, code) {
			return bad(FilterStatus, s, "not a ticket status; use %s", strings.ToLower(strings.Join(allStatuses, ", ")))
		}
		q.Statuses = append(q.Statuses, code)
	}
	for _, s := range splitAll(f.Priorities) {
		p, ok := priorityWords[strings.ToLower(s)]
		if !ok {
			return bad(FilterPriority, s, "not a priority; use high, medium or low")
		}
		q.Priorities = append(q.Priorities, p)
	}
	for _, u := range []struct {
		field, value string
		dst          *[]string
	}{{FilterAssignee, f.Assignee, &q.Assignees}, {FilterApprover, f.Approver, &q.Approvers}} {
		for _, s := range splitAll([]string{u.value}) {
			switch {
			case strings.EqualFold(s, "me") && me != "":
				*u.dst = append(*u.dst, strings.ToLower(me))
			case strings.EqualFold(s, "me"):
				if needMe {
					return ListQuery{}, &FilterError{Field: u.field, Value: termsafe.Wrap(s), Reason: ErrNoUserGUID.Error(), Err: ErrNoUserGUID}
				}
			case IsGUID(s):
				*u.dst = append(*u.dst, strings.ToLower(s))
			default:
				return bad(u.field, s, `not "me" nor a user GUID (8-4-4-4-12 hex digits)`)
			}
		}
	}
	q.Keywords = f.Search
	var err error
	if q.From, err = parseWhen(f.Since, now, false); err != nil {
		return bad(FilterSince, f.Since, "%v", err)
	}
	if q.To, err = parseWhen(f.Until, now, true); err != nil {
		return bad(FilterUntil, f.Until, "%v", err)
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.From.After(q.To) {
		return bad(FilterSince, f.Since, "after until (%s)", q.To.Format(TimeLayout))
	}
	if q.Sort, err = parseSort(f.Sort); err != nil {
		return bad(FilterSort, f.Sort, "%v", err)
	}
	q.Ascending = f.Asc
	return q, nil
}

var priorityWords = map[string]Priority{
	"high": PriorityHigh, "medium": PriorityMedium, "low": PriorityLow,
	"3": PriorityHigh, "2": PriorityMedium, "1": PriorityLow,
}

// splitAll splits comma-separated values and drops empty parts, so that
// "new,assigned" and ["new", "assigned"] mean the same.
func splitAll(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func parseSort(s string) (SortColumn, error) {
	switch strings.ToLower(s) {
	case "":
		return SortDefault, nil
	case "id":
		return SortID, nil
	case "created", "created_at":
		return SortCreatedAt, nil
	case "updated", "updated_at":
		return SortUpdatedAt, nil
	case "closed", "closed_at":
		return SortClosedAt, nil
	}
	return "", errors.New("not a sort key; use id, created, updated or closed")
}

// dateLayouts are the date forms Filter accepts, most specific first.
var dateLayouts = []string{
	time.RFC3339, TimeLayout, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", time.DateOnly,
}

// parseWhen reads a date or a duration back from now; "" is the zero time.
// endOfDay makes a date without a time the last second of that day.
func parseWhen(s string, now time.Time, endOfDay bool) (time.Time, error) {
	if s = strings.TrimSpace(s); s == "" {
		return time.Time{}, nil
	}
	if d, ok := parseAge(s); ok {
		if d <= 0 {
			return time.Time{}, errors.New("the duration must be above zero")
		}
		return now.Add(-d).Truncate(time.Second), nil
	}
	for _, layout := range dateLayouts {
		t, err := time.ParseInLocation(layout, s, now.Location())
		if err != nil {
			continue
		}
		if layout == time.DateOnly && endOfDay {
			t = t.AddDate(0, 0, 1).Add(-time.Second)
		}
		return t, nil
	}
	return time.Time{}, errors.New(`not a date like 2026-11-25 or "2026-11-25 08:00", nor a duration like 24h or 7d`)
}

// parseAge reads a Go duration, or a whole number of days ("7d") or
// weeks ("2w"), which Go durations lack.
func parseAge(s string) (time.Duration, bool) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, true
	}
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
	n, err := strconv.Atoi(s[:len(s)-1])
	if unit == 0 || err != nil || n > 100*52 {
		return 0, false
	}
	return time.Duration(n) * unit, true
}
