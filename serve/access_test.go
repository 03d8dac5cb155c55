package serve

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// fakeGetter returns an empty ticket for any GUID and counts calls.
type fakeGetter struct{ calls *int }

func (g fakeGetter) GetTicket(_ context.Context, guid string) (*api.Ticket, error) {
	if g.calls != nil {
		*g.calls++
	}
	if guid == "missing" {
		return nil, api.ErrNotFound
	}
	return &api.Ticket{Body: termsafe.Wrap(`{"guid":"` + guid + `"}`)}, nil
}

// fakeLister returns one page and remembers the query.
type fakeLister struct{ got *api.ListQuery }

func (l fakeLister) ListTickets(_ context.Context, q api.ListQuery) (*api.TicketPage, error) {
	*l.got = q
	return &api.TicketPage{Total: 3, Body: termsafe.Wrap(`{"total":3}`)}, nil
}

func newAccess(audit *syncBuffer, rate float64, burst int) *access {
	clock := newFakeClock()
	return &access{
		ctx: context.Background(), limit: newBucket(rate, burst, clock.Now()), clock: clock,
		audit:  NewAuditLog(audit, clock.Now),
		record: Record{Session: "s1", Fingerprint: "SHA256:x", Analyst: "Alice"},
	}
}

func TestAuditedGetter(t *testing.T) {
	buf := &syncBuffer{}
	calls := 0
	g := auditedGetter{a: newAccess(buf, 1, 2), next: fakeGetter{calls: &calls}}
	if _, err := g.GetTicket(context.Background(), "g1"); err != nil {
		t.Fatal(err)
	}
	if _, err := g.GetTicket(context.Background(), "missing"); !errors.Is(err, api.ErrNotFound) {
		t.Fatalf("missing ticket: %v", err)
	}
	if _, err := g.GetTicket(context.Background(), "g2"); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("third call with burst 2: %v, want ErrRateLimited", err)
	}
	if calls != 2 {
		t.Errorf("%d calls reached the API, want 2 (the rate-limited one must not)", calls)
	}
	var outcomes []string
	for _, r := range buf.events(t, EventTicketView) {
		outcomes = append(outcomes, r.Ticket+":"+r.Outcome)
		if r.Session != "s1" || r.Fingerprint != "SHA256:x" || r.Analyst != "Alice" {
			t.Errorf("record %+v lacks the session's identity", r)
		}
	}
	if got := strings.Join(outcomes, " "); got != "g1:ok missing:not_found g2:rate_limited" {
		t.Errorf("outcomes %q", got)
	}

	buf.setFail(true)
	g = auditedGetter{a: newAccess(buf, 1, 2), next: fakeGetter{}}
	if tk, err := g.GetTicket(context.Background(), "g1"); tk != nil || !errors.Is(err, ErrAuditUnavailable) {
		t.Errorf("with the audit log failing: %v, %v; want no ticket and ErrAuditUnavailable", tk, err)
	}
}

func TestAuditedLister(t *testing.T) {
	buf := &syncBuffer{}
	var got api.ListQuery
	l := auditedLister{a: newAccess(buf, 1, 5), next: fakeLister{got: &got}}
	q := api.ListQuery{Limit: 50, Statuses: []string{api.StatusNew}, Keywords: "web\nshell", Assignees: []string{"u1"}, Sort: api.SortCreatedAt}
	p, err := l.ListTickets(context.Background(), q)
	if err != nil || p.Total != 3 {
		t.Fatalf("ListTickets = %+v, %v", p, err)
	}
	if got.Keywords != q.Keywords {
		t.Errorf("the query reached the client as %+v", got)
	}
	recs := buf.events(t, EventQueueQuery)
	if len(recs) != 1 || recs[0].Outcome != "ok" {
		t.Fatalf("queue_query records %+v", recs)
	}
	want := `{"offset":0,"limit":50,"statuses":["NEW"],"keywords":"web\nshell","assignees":["u1"],"sort":"created_at"}`
	if string(recs[0].Query) != want {
		t.Errorf("query %s\nwant  %s", recs[0].Query, want)
	}
	buf.setFail(true)
	if p, err := l.ListTickets(context.Background(), q); p != nil || !errors.Is(err, ErrAuditUnavailable) {
		t.Errorf("with the audit log failing: %v, %v", p, err)
	}
}

func TestSessionContextCancelsCalls(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a := newAccess(&syncBuffer{}, 10, 10)
	a.ctx = ctx
	cancel() // the session ended
	g := auditedGetter{a: a, next: ctxGetter{}}
	if _, err := g.GetTicket(context.Background(), "g1"); !errors.Is(err, context.Canceled) {
		t.Errorf("call after the session ended: %v, want context.Canceled", err)
	}
}

// ctxGetter fails with its context's error.
type ctxGetter struct{}

func (ctxGetter) GetTicket(ctx context.Context, _ string) (*api.Ticket, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
