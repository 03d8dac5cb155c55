package serve

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
)

// TicketGetter fetches one ticket; *api.Client satisfies it.
type TicketGetter interface {
	GetTicket(ctx context.Context, guid string) (*api.Ticket, error)
}

// TicketLister fetches one page of the ticket queue.
type TicketLister interface {
	ListTickets(ctx context.Context, q api.ListQuery) (*api.TicketPage, error)
}

// ErrRateLimited is returned when a session sends API requests faster than
// its limit allows; the request is not sent.
var ErrRateLimited = errors.New("too many requests from this session: wait a moment and try again")

// access is what every per-session decorator needs: the session's context,
// its rate limit, and where and as whom to audit.
type access struct {
	ctx    context.Context // cancelled when the session ends
	limit  *bucket
	clock  Clock
	audit  *AuditLog
	record Record // session, fingerprint, analyst: copied into each record
	// retry, when set, hears the client's retry notices for this
	// session's requests only.
	retry func(attempt, max int, wait time.Duration)
}

// call runs f under the session's context and rate limit, then writes rec
// with f's outcome. If the record cannot be written, the result is dropped
// and ErrAuditUnavailable returned.
func (a *access) call(ctx context.Context, rec Record, f func(ctx context.Context) (int, error)) error {
	start := a.clock.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(a.ctx, cancel)
	defer stop()
	if a.retry != nil {
		ctx = api.ContextWithRetryNotify(ctx, a.retry)
	}

	var n int
	var err error
	if a.limit != nil && !a.limit.allow(start) {
		err = ErrRateLimited
	} else {
		n, err = f(ctx)
	}
	ms := a.clock.Now().Sub(start).Milliseconds()
	rec.DurationMS = &ms
	rec.Outcome = outcome(err)
	rec.Bytes = n
	if err != nil {
		rec.Error = err.Error()
	}
	if werr := a.audit.Write(rec); werr != nil {
		return ErrAuditUnavailable
	}
	return err
}

func (a *access) base(event string) Record {
	r := a.record
	r.Event = event
	return r
}

// outcome names the result of an API call for the audit log.
func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrRateLimited):
		return "rate_limited"
	case errors.Is(err, api.ErrNotFound):
		return "not_found"
	case errors.Is(err, api.ErrUnauthorized):
		return "unauthorized"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return "error"
}

// auditedGetter is the session's TicketGetter.
type auditedGetter struct {
	a    *access
	next TicketGetter
}

// GetTicket fetches guid and records a ticket_view.
func (g auditedGetter) GetTicket(ctx context.Context, guid string) (*api.Ticket, error) {
	rec := g.a.base(EventTicketView)
	rec.Ticket = clientText(guid)
	var t *api.Ticket
	err := g.a.call(ctx, rec, func(ctx context.Context) (int, error) {
		var err error
		t, err = g.next.GetTicket(ctx, guid)
		if t == nil {
			return 0, err
		}
		return t.Body.Len(), err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// auditedLister is the session's TicketLister.
type auditedLister struct {
	a    *access
	next TicketLister
}

// ListTickets fetches a queue page and records a queue_query with the
// filters.
func (l auditedLister) ListTickets(ctx context.Context, q api.ListQuery) (*api.TicketPage, error) {
	rec := l.a.base(EventQueueQuery)
	rec.Query = queryJSON(q)
	var p *api.TicketPage
	err := l.a.call(ctx, rec, func(ctx context.Context) (int, error) {
		var err error
		p, err = l.next.ListTickets(ctx, q)
		if p == nil {
			return 0, err
		}
		return p.Body.Len(), err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// queryJSON is the audit form of a queue query: every filter, and nothing
// else.
func queryJSON(q api.ListQuery) json.RawMessage {
	type filters struct {
		Offset     int            `json:"offset"`
		Limit      int            `json:"limit"`
		From       *time.Time     `json:"from,omitempty"`
		To         *time.Time     `json:"to,omitempty"`
		Statuses   []string       `json:"statuses,omitempty"`
		Keywords   string         `json:"keywords,omitempty"`
		Priorities []api.Priority `json:"priorities,omitempty"`
		Assignees  []string       `json:"assignees,omitempty"`
		Approvers  []string       `json:"approvers,omitempty"`
		Sort       string         `json:"sort,omitempty"`
		Ascending  bool           `json:"ascending,omitempty"`
	}
	f := filters{Offset: q.Offset, Limit: q.Limit, Statuses: q.Statuses, Keywords: clientText(q.Keywords),
		Priorities: q.Priorities, Assignees: q.Assignees, Approvers: q.Approvers, Sort: string(q.Sort), Ascending: q.Ascending}
	if !q.From.IsZero() {
		f.From = &q.From
	}
	if !q.To.IsZero() {
		f.To = &q.To
	}
	b, err := json.Marshal(f)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return b
}
