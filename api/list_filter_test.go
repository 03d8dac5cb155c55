package api

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestFilterQuery(t *testing.T) {
	t.Parallel()
	const me = "BFD00BB0-BE99-4FD5-8380-166F544975FA"
	seoul := time.FixedZone("KST", 9*3600)
	now := time.Date(2026, 11, 25, 14, 30, 15, 500, seoul)
	day := func(d, h, m, s int) time.Time { return time.Date(2026, 11, d, h, m, s, 0, seoul) }
	tests := []struct {
		name string
		f    Filter
		want ListQuery
	}{
		{"zero lists everything", Filter{}, ListQuery{}},
		{"statuses any case, lists and dashes", Filter{Statuses: []string{"new,Assigned", " in-progress "}},
			ListQuery{Statuses: []string{StatusNew, StatusAssigned, StatusInProgress}}},
		{"priorities as words and numbers", Filter{Priorities: []string{"HIGH", "low,2"}},
			ListQuery{Priorities: []Priority{PriorityHigh, PriorityLow, PriorityMedium}}},
		{"me and GUIDs", Filter{Assignee: "me," + testGUID, Approver: "ME"},
			ListQuery{Assignees: []string{strings.ToLower(me), testGUID}, Approvers: []string{strings.ToLower(me)}}},
		{"search and sort", Filter{Search: "web shell", Sort: "Updated", Asc: true},
			ListQuery{Keywords: "web shell", Sort: SortUpdatedAt, Ascending: true}},
		{"sort with the API's name", Filter{Sort: "closed_at"}, ListQuery{Sort: SortClosedAt}},
		{"durations back from now", Filter{Since: "7d", Until: "90m"},
			ListQuery{From: day(18, 14, 30, 15), To: day(25, 13, 0, 15)}},
		{"weeks", Filter{Since: "2w"}, ListQuery{From: day(11, 14, 30, 15)}},
		{"dates are whole days in now's zone", Filter{Since: "2026-11-20", Until: "2026-11-21"},
			ListQuery{From: day(20, 0, 0, 0), To: day(21, 23, 59, 59)}},
		{"date and time", Filter{Since: "2026-11-20 08:15"}, ListQuery{From: day(20, 8, 15, 0)}},
		{"RFC 3339 keeps its offset", Filter{Since: "2026-11-20T08:15:00Z"},
			ListQuery{From: time.Date(2026, 11, 20, 8, 15, 0, 0, time.UTC)}},
		{"the API's own format", Filter{Until: "2026-11-20 08:15:00+0900"}, ListQuery{To: day(20, 8, 15, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.f.Query(me, now)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normalise(got), normalise(tt.want)) {
				t.Errorf("Query =\n%+v\nwant\n%+v", got, tt.want)
			}
			if err := got.Check(); err != nil {
				t.Errorf("the query fails ListQuery.Check: %v", err)
			}
		})
	}
}

// normalise makes times comparable with DeepEqual (same instant, same
// zone representation).
func normalise(q ListQuery) ListQuery {
	if !q.From.IsZero() {
		q.From = q.From.UTC()
	}
	if !q.To.IsZero() {
		q.To = q.To.UTC()
	}
	return q
}

func TestFilterErrors(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	tests := []struct {
		name, field, reason string
		f                   Filter
	}{
		{"unknown status", FilterStatus, "not a ticket status", Filter{Statuses: []string{"new", "open"}}},
		{"unknown priority", FilterPriority, "use high, medium or low", Filter{Priorities: []string{"critical"}}},
		{"priority 4", FilterPriority, "use high, medium or low", Filter{Priorities: []string{"4"}}},
		{"bad assignee", FilterAssignee, `not "me" nor a user GUID`, Filter{Assignee: "joshua"}},
		{"GUID with a control character", FilterApprover, `not "me" nor a user GUID`, Filter{Approver: testGUID + "\x1b[2J"}},
		{"bad since", FilterSince, "not a date", Filter{Since: "yesterday"}},
		{"zero duration", FilterSince, "above zero", Filter{Since: "0s"}},
		{"negative days", FilterSince, "above zero", Filter{Since: "-3d"}},
		{"bad until", FilterUntil, "not a date", Filter{Until: "2026-13-01"}},
		{"since after until", FilterSince, "after until", Filter{Since: "2026-11-22", Until: "2026-11-21"}},
		{"bad sort", FilterSort, "use id, created, updated or closed", Filter{Sort: "priority"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, err := range []error{tt.f.Check(), func() error { _, err := tt.f.Query(testGUID, now); return err }()} {
				var fe *FilterError
				if !errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(fe.Reason, tt.reason) || !errors.Is(err, ErrInvalidQuery) {
					t.Fatalf("err = %v, want a *FilterError for %s saying %q", err, tt.field, tt.reason)
				}
				if strings.ContainsAny(err.Error(), "\n\x1b") {
					t.Errorf("error is not one escaped line: %q", err)
				}
			}
		})
	}
}

func TestFilterMeWithoutGUID(t *testing.T) {
	t.Parallel()
	f := Filter{Approver: "me"}
	if err := f.Check(); err != nil {
		t.Errorf("Check (no GUID known yet) = %v, want nil", err)
	}
	_, err := f.Query("", time.Now())
	var fe *FilterError
	if !errors.Is(err, ErrNoUserGUID) || !errors.As(err, &fe) || fe.Field != FilterApprover {
		t.Errorf("Query without a GUID: %v, want ErrNoUserGUID for approver", err)
	}
}
