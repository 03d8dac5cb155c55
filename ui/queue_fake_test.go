package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api"
)

// testUser is the analyst's own user GUID ("me").
const testUser = "bfd00bb0-be99-4fd5-8380-166f544975fa"

// hostileTitle tries to set the window title and write the clipboard.
const hostileTitle = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07hostile title"

// queueTicket is one generated ticket of the fake queue.
type queueTicket struct {
	id       int
	guid     string
	title    string
	priority string
	status   string
	updated  time.Time
	assignee string // user GUID, "" for none
	name     string
	extra    string // members added to the list item, `"k":v,...`
}

var (
	genPriorities = []string{"HIGH", "MEDIUM", "LOW"}
	genStatuses   = []string{"NEW", "ASSIGNED", "IN_PROGRESS", "SUBMITTED", "REJECTED", "APPROVED", "CLOSED"}
	genTitles     = []string{"Attempt to collect web server settings", "VPN brute force", "웹 서버 설정 수집 시도", "Webshell upload", "Impossible travel"}
	genPeople     = []struct{ guid, name string }{{testUser, "Joshua"}, {"e3ad6dbd-0a6e-4e4e-9d35-4a8c1b2a0f11", "Jerry"}, {"", ""}}
)

// genTickets makes n deterministic tickets, most recently updated first.
// Ticket 4 has a hostile title.
func genTickets(n int) []queueTicket {
	out := make([]queueTicket, n)
	for i := range out {
		p := genPeople[i%len(genPeople)]
		title := fmt.Sprintf("%s #%d", genTitles[i%len(genTitles)], n-i)
		if i == 3 {
			title = hostileTitle
		}
		out[i] = queueTicket{
			id:       n - i,
			guid:     fmt.Sprintf("%08x-0000-4000-8000-%012x", 0xa0000000+i, i),
			title:    title,
			priority: genPriorities[i%len(genPriorities)],
			status:   genStatuses[i%len(genStatuses)],
			updated:  testNow.Add(-time.Duration(i*7) * time.Minute),
			assignee: p.guid,
			name:     p.name,
		}
	}
	return out
}

func (t queueTicket) itemJSON() string {
	assignees := "[]"
	if t.assignee != "" {
		assignees = fmt.Sprintf(`[{"company_guid":"6fbe27b7-f1ae-4d7a-a1a5-76d8fa9aa311","company_name":"Logpresso","user_guid":%s,"user_name":%s,"task_type":"ASSIGNEE","task_status":"ASSIGNED"}]`, js(t.assignee), js(t.name))
	}
	extra := ""
	if t.extra != "" {
		extra = t.extra + ","
	}
	return fmt.Sprintf(`{%s"id":%d,"repo_guid":"5f0ba741-7551-400d-8bd6-1f14a6e8536d","repo_name":"Threat","guid":%s,"title":%s,"priority":%s,"status":%s,"format":"JSON","count":7,"attack":true,"incident":false,"assignees":%s,"approvers":[],"created":%q,"updated":%q}`,
		extra, t.id, js(t.guid), js(t.title), js(t.priority), js(t.status), assignees,
		t.updated.Add(-time.Hour).Format(api.TimeLayout), t.updated.Format(api.TimeLayout))
}

// ticketJSON is the Get Ticket body: the list item plus content.
func (t queueTicket) ticketJSON() []byte {
	item := t.itemJSON()
	return []byte(`{"ticket":` + item[:len(item)-1] + `,"content":"{\"src_ip\":\"10.0.0.1\"}","comments":[]}}`)
}

// fakeLister serves Get Tickets over generated tickets: filters, paging,
// the total, injected errors. Items go through the real decoder.
type fakeLister struct {
	mu      sync.Mutex
	tickets []queueTicket
	queries []api.ListQuery
	failAt  map[int]error // offset -> error, once
	noTotal bool
	total   string // when set, the total sent instead of the real one
	warn    error  // when set, every page carries this warning
	other   string // members beside total and tickets, `"k":v,...`
	over    int    // items sent beyond the limit (a quirky server)
}

func newFakeLister(n int) *fakeLister {
	return &fakeLister{tickets: genTickets(n), failAt: map[int]error{}}
}

func (l *fakeLister) ListTickets(ctx context.Context, q api.ListQuery) (*api.TicketPage, error) {
	l.mu.Lock()
	l.queries = append(l.queries, q)
	err := l.failAt[q.Offset]
	delete(l.failAt, q.Offset)
	var match []queueTicket
	for _, t := range l.tickets {
		if l.matches(t, q) {
			match = append(match, t)
		}
	}
	noTotal, override, warn, other, over := l.noTotal, l.total, l.warn, l.other, l.over
	l.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	page := &api.TicketPage{Offset: q.Offset, Total: int64(len(match))}
	if warn != nil {
		page.Warnings = []error{warn}
	}
	total := fmt.Sprint(len(match))
	if noTotal {
		total = "null"
	}
	if override != "" {
		total = override
	}
	page.TotalField = jsonField(total)
	if other != "" {
		env, err := api.DecodeListResponse([]byte(`{"total":0,"tickets":[],`+other+`}`), 0)
		if err != nil {
			return nil, err
		}
		page.Other = env.Other
	}
	limit := q.Limit + over
	if limit == 0 {
		limit = api.MaxPageSize
	}
	for i := q.Offset; i < len(match) && i < q.Offset+limit; i++ {
		t, err := api.DecodeResponse([]byte(`{"ticket":` + match[i].itemJSON() + `}`))
		if err != nil {
			return nil, err
		}
		page.Tickets = append(page.Tickets, t)
	}
	return page, nil
}

func (l *fakeLister) matches(t queueTicket, q api.ListQuery) bool {
	if len(q.Statuses) > 0 && !slices.Contains(q.Statuses, t.status) {
		return false
	}
	if len(q.Priorities) > 0 {
		p := map[string]api.Priority{"HIGH": api.PriorityHigh, "MEDIUM": api.PriorityMedium, "LOW": api.PriorityLow}[t.priority]
		if !slices.Contains(q.Priorities, p) {
			return false
		}
	}
	if len(q.Assignees) > 0 && !slices.Contains(q.Assignees, t.assignee) {
		return false
	}
	return q.Keywords == "" || strings.Contains(t.title, q.Keywords)
}

func (l *fakeLister) lastQuery() api.ListQuery {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.queries[len(l.queries)-1]
}

func (l *fakeLister) queryCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queries)
}

// js is s as a JSON string.
func js(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// jsonField is a Field holding the JSON value v, through the real decoder.
func jsonField(v string) api.Field {
	t, err := api.DecodeResponse([]byte(`{"ticket":{"id":` + v + `}}`))
	if err != nil {
		panic(err)
	}
	return t.ID
}

// newAppHarness runs the app on a queue of n generated tickets; every one
// of them can be opened.
func newAppHarness(t *testing.T, n, w, h int, opts ...func(*Deps, *Start)) (*harness, *fakeLister) {
	t.Helper()
	hs := &harness{t: t, g: newFakeGetter(), clip: &clipboard{}, hist: &memHistory{}, width: w, h: h}
	l := newFakeLister(n)
	for _, qt := range l.tickets {
		hs.g.bodies[qt.guid] = qt.ticketJSON()
	}
	deps := Deps{
		Getter:   hs.g,
		Lister:   l,
		UserGUID: testUser,
		Now:      func() time.Time { return testNow },
		Location: time.FixedZone("KST", 9*3600),
		Copy:     hs.clip.copy,
		History:  hs.hist,
		Host:     "sonar.example.com",
		Theme:    Dark,
		Tick:     func(time.Duration, tea.Msg) tea.Cmd { return nil },
	}
	start := Start{Query: DefaultQuery()}
	for _, o := range opts {
		o(&deps, &start)
	}
	hs.m = NewApp(deps, start)
	hs.run(hs.m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs, l
}

func (h *harness) app() *App { return h.m.(*App) }
