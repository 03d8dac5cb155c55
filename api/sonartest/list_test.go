package sonartest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// now is the pinned clock of the generated queues.
var now = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

// listPage is a Get Tickets answer decoded for the tests. Items stay raw so
// tests can compare bytes.
type listPage struct {
	Total   int               `json:"total"`
	Tickets []json.RawMessage `json:"tickets"`
}

func listTickets(t *testing.T, base string, params url.Values) (answer, listPage) {
	t.Helper()
	a := do(t, http.MethodGet, base+sonartest.ListPath+"?"+params.Encode(), bearer)
	var p listPage
	if a.status == http.StatusOK {
		if err := json.Unmarshal(a.body, &p); err != nil {
			t.Fatalf("list answer is not JSON: %v\n%.300s", err, a.body)
		}
	}
	return a, p
}

// item is what the tests read of a list item.
type item struct {
	ID       json.Number `json:"id"`
	GUID     string      `json:"guid"`
	Status   string      `json:"status"`
	Priority string      `json:"priority"`
	Created  string      `json:"created"`
	Updated  string      `json:"updated"`
}

func items(t *testing.T, p listPage) []item {
	t.Helper()
	out := make([]item, len(p.Tickets))
	for i, raw := range p.Tickets {
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
	}
	return out
}

func TestListErrors(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	tests := []struct {
		name, query string
		code, msg   string
	}{
		{"offset not a number", "offset=x", "invalid-argument", "'offset' parameter should be int type"},
		{"offset beyond 32 bits", "offset=2147483648", "invalid-argument", "'offset' parameter should be int type"},
		{"negative offset", "offset=-1", "invalid-argument", "'offset' must be greater than or equal to 0."},
		{"negative limit", "limit=-5", "invalid-argument", "'limit' must be greater than or equal to 0."},
		{"limit above 1000", "limit=1001", "invalid-argument", "'limit' must be less than or equal to 1000."},
		{"bad from", "from=2026-11-25T00:00:00Z", "invalid-argument", "'from' should be yyyy-MM-dd HH:mm:ssZ format."},
		{"lower-case status", "statuses=new", "invalid-argument", "statuses should be one of 'NEW', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CLOSED'."},
		{"priority word", "priorities=HIGH", "invalid-argument", "priorities should be one of 3, 2, 1."},
		{"bad assignee", "assignees=me", "invalid-param-type", "assignees should be guid type."},
		{"bad approver", "approvers=" + sonartest.SeedGUID + ",x", "invalid-param-type", "approvers should be guid type."},
		{"bad sort_type", "sort_type=asc", "invalid-argument", "sort_type should be one of 'ASC', 'DESC'."},
		{"bad sort_column", "sort_column=title", "invalid-argument", "sort_column should be one of 'id', 'created_at', 'updated_at', 'closed_at'."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, http.MethodGet, ts.URL+sonartest.ListPath+"?"+tt.query, bearer)
			var e struct{ ErrorCode, ErrorMsg string }
			_ = json.Unmarshal(a.body, &struct {
				C *string `json:"error_code"`
				M *string `json:"error_msg"`
			}{&e.ErrorCode, &e.ErrorMsg})
			if a.status != http.StatusBadRequest || e.ErrorCode != tt.code || e.ErrorMsg != tt.msg {
				t.Errorf("got %d %q %q, want 400 %q %q", a.status, e.ErrorCode, e.ErrorMsg, tt.code, tt.msg)
			}
		})
	}
	if a := do(t, http.MethodGet, ts.URL+sonartest.ListPath, ""); a.status != http.StatusUnauthorized {
		t.Errorf("no key: status %d, want 401", a.status)
	}
	if a := do(t, http.MethodPost, ts.URL+sonartest.ListPath, bearer); a.status != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", a.status)
	}
}

func TestListPagingAndTotal(t *testing.T) {
	t.Parallel()
	const n = 250
	s, ts := serve(t, sonartest.WithoutFixtures(), sonartest.WithGeneratedTickets(n, 1, now))
	_, all := listTickets(t, ts.URL, url.Values{})
	if all.Total != n || len(all.Tickets) != n {
		t.Fatalf("no parameters: total %d, %d items; want %d and %d", all.Total, len(all.Tickets), n, n)
	}
	var paged []json.RawMessage
	for off := 0; off < n+40; off += 40 {
		_, p := listTickets(t, ts.URL, url.Values{"offset": {strconv.Itoa(off)}, "limit": {"40"}})
		if p.Total != n {
			t.Errorf("offset %d: total %d, want %d", off, p.Total, n)
		}
		paged = append(paged, p.Tickets...)
	}
	if len(paged) != n {
		t.Fatalf("pages of 40 gave %d items, want %d", len(paged), n)
	}
	for i := range paged {
		if !bytes.Equal(paged[i], all.Tickets[i]) {
			t.Fatalf("item %d differs between the pages and the whole list", i)
		}
	}
	if _, p := listTickets(t, ts.URL, url.Values{"limit": {"0"}}); p.Total != n || len(p.Tickets) != 0 {
		t.Errorf("limit=0: total %d, %d items; want %d and none", p.Total, len(p.Tickets), n)
	}
	if got := s.RequestsFor(sonartest.ListKey); got != 1+(n+40+39)/40+1 {
		t.Errorf("RequestsFor(ListKey) = %d", got)
	}
}

func TestListDefaultSortIsIDDescending(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithoutFixtures(), sonartest.WithGeneratedTickets(50, 2, now))
	_, p := listTickets(t, ts.URL, url.Values{})
	its := items(t, p)
	if !slices.IsSortedFunc(its, func(a, b item) int { return -compareNumbers(a.ID, b.ID) }) {
		t.Errorf("default order is not id descending")
	}
	_, p = listTickets(t, ts.URL, url.Values{"sort_type": {"ASC"}, "sort_column": {"updated_at"}})
	its = items(t, p)
	if !slices.IsSortedFunc(its, func(a, b item) int { return strings.Compare(utc(t, a.Updated), utc(t, b.Updated)) }) {
		t.Errorf("updated_at ASC is not sorted by updated")
	}
}

func compareNumbers(a, b json.Number) int {
	x, _ := strconv.ParseInt(string(a), 10, 64)
	y, _ := strconv.ParseInt(string(b), 10, 64)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// utc makes timestamps with different offsets comparable as strings.
func utc(t *testing.T, ts string) string {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04:05-0700", ts)
	if err != nil {
		t.Fatalf("timestamp %q: %v", ts, err)
	}
	return v.UTC().Format(time.RFC3339)
}

func TestListItemsAreProjectedByteForByte(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	_, p := listTickets(t, ts.URL, url.Values{})
	if p.Total != len(sonartest.Fixtures()) {
		t.Fatalf("total %d, want the %d fixtures", p.Total, len(sonartest.Fixtures()))
	}
	fx, _ := sonartest.LookupFixture(sonartest.UnknownFieldsGUID)
	var found json.RawMessage
	for _, raw := range p.Tickets {
		if bytes.Contains(raw, []byte(sonartest.UnknownFieldsGUID)) {
			found = raw
		}
	}
	if found == nil {
		t.Fatal("the unknown_fields ticket is not listed")
	}
	// The id above 2^53, the duplicate status and the unknown members are
	// there as stored; the content and the thread are not.
	for _, want := range []string{`9007199254740993`, `"new_field_2027"`} {
		if !bytes.Contains(found, []byte(want)) || !bytes.Contains(fx.Body, []byte(want)) {
			t.Errorf("list item lacks %s", want)
		}
	}
	if got, want := bytes.Count(found, []byte(`"status"`)), bytes.Count(fx.Body, []byte(`"status"`)); got != want || got < 2 {
		t.Errorf(`"status" appears %d times in the item, %d in the fixture`, got, want)
	}
	if bytes.Contains(found, []byte(`"content"`)) || bytes.Contains(found, []byte(`"comments"`)) {
		t.Errorf("list item carries content or comments: %.200s", found)
	}
	// The hostile ticket's title keeps its escapes exactly.
	hx, _ := sonartest.LookupFixture(sonartest.HostileGUID)
	title := rawMemberValue(t, hx.Body, "title")
	if !slices.ContainsFunc(p.Tickets, func(raw json.RawMessage) bool { return bytes.Contains(raw, title) }) {
		t.Errorf("no list item holds the hostile title %s byte for byte", title)
	}
}

// rawMemberValue finds `"key": <value>` in a fixture and returns the value's
// bytes up to the end of the line (fixtures are indented, one member a line).
func rawMemberValue(t *testing.T, body []byte, key string) []byte {
	t.Helper()
	for _, line := range bytes.Split(body, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if v, ok := bytes.CutPrefix(line, []byte(`"`+key+`": `)); ok {
			return bytes.TrimSuffix(v, []byte(","))
		}
	}
	t.Fatalf("no %q member", key)
	return nil
}

func TestGeneratedTickets(t *testing.T) {
	t.Parallel()
	a := sonartest.GenerateTickets(300, 7, now)
	b := sonartest.GenerateTickets(300, 7, now)
	c := sonartest.GenerateTickets(300, 8, now)
	statuses, priorities, guids := map[string]int{}, map[string]int{}, map[string]bool{}
	for i := range a {
		if !bytes.Equal(a[i].Body, b[i].Body) || a[i].GUID != b[i].GUID {
			t.Fatalf("ticket %d differs between two runs with the same seed", i)
		}
		if guids[a[i].GUID] || !sonartest.ValidGUID(a[i].GUID) {
			t.Fatalf("ticket %d: GUID %q repeated or invalid", i, a[i].GUID)
		}
		guids[a[i].GUID] = true
		var env struct{ Ticket item }
		if err := json.Unmarshal(a[i].Body, &env); err != nil {
			t.Fatalf("ticket %d is not JSON: %v", i, err)
		}
		if env.Ticket.GUID != a[i].GUID {
			t.Fatalf("ticket %d: guid member %q, want %q", i, env.Ticket.GUID, a[i].GUID)
		}
		for _, ts := range []string{env.Ticket.Created, env.Ticket.Updated} {
			v, err := time.Parse("2006-01-02 15:04:05-0700", ts)
			if err != nil || v.After(now) || v.Before(now.Add(-61*24*time.Hour)) {
				t.Errorf("ticket %d: time %q not within 60 days before now", i, ts)
			}
		}
		statuses[env.Ticket.Status]++
		priorities[env.Ticket.Priority]++
	}
	if len(statuses) != 7 || len(priorities) != 3 {
		t.Errorf("statuses %v, priorities %v: want all 7 and all 3", statuses, priorities)
	}
	if bytes.Equal(a[0].Body, c[0].Body) {
		t.Error("another seed gives the same first ticket")
	}
	// Generated tickets open with Get Ticket, byte for byte.
	_, ts := serve(t, sonartest.WithGeneratedTickets(300, 7, now))
	if got := getTicket(t, ts, a[299].GUID); got.status != 200 || !bytes.Equal(got.body, a[299].Body) {
		t.Errorf("Get Ticket of a generated ticket: %d %.100s", got.status, got.body)
	}
}

func TestListSeesRunTimeChanges(t *testing.T) {
	t.Parallel()
	s, ts := serve(t)
	s.DeleteTicket(sonartest.SeedGUID)
	if _, p := listTickets(t, ts.URL, url.Values{}); p.Total != len(sonartest.Fixtures())-1 {
		t.Errorf("after DeleteTicket: total %d", p.Total)
	}
	fx, _ := sonartest.LookupFixture(sonartest.SeedGUID)
	s.SetTicket(sonartest.SeedGUID, bytes.Replace(fx.Body, []byte(`"status": "APPROVED"`), []byte(`"status": "REJECTED"`), 1))
	_, p := listTickets(t, ts.URL, url.Values{"statuses": {"REJECTED"}})
	if len(p.Tickets) != 1 || !bytes.Contains(p.Tickets[0], []byte(sonartest.SeedGUID)) {
		t.Errorf("after SetTicket: REJECTED lists %d tickets", len(p.Tickets))
	}
	s.SetTicket(sonartest.MissingGUID, []byte("not json"))
	if _, p := listTickets(t, ts.URL, url.Values{}); p.Total != len(sonartest.Fixtures()) {
		t.Errorf("an invalid stored body is listed: total %d", p.Total)
	}
}

func TestListFaults(t *testing.T) {
	t.Parallel()
	s, ts := serve(t, sonartest.WithFault(sonartest.ListKey, sonartest.Status(http.StatusServiceUnavailable).Times(1)))
	if a, _ := listTickets(t, ts.URL, url.Values{}); a.status != http.StatusServiceUnavailable {
		t.Errorf("first list: %d, want the 503 fault", a.status)
	}
	if a, _ := listTickets(t, ts.URL, url.Values{}); a.status != http.StatusOK {
		t.Errorf("second list: %d, want 200", a.status)
	}
	if a := getTicket(t, ts, sonartest.SeedGUID); a.status != http.StatusOK {
		t.Errorf("Get Ticket got the list's fault: %d", a.status)
	}
	if got := s.RequestsFor(sonartest.ListKey); got != 2 {
		t.Errorf("RequestsFor(ListKey) = %d, want 2", got)
	}
}
