package ui

import (
	"context"
	"errors"
	"testing"

	"github.com/sonar-tui/sonar-tui/api"
)

// ctxLister records the context error its requests see.
type ctxLister struct{ seen chan error }

func (l ctxLister) ListTickets(ctx context.Context, _ api.ListQuery) (*api.TicketPage, error) {
	select {
	case l.seen <- ctx.Err():
	default:
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, errBoom
}

// TestQueueRequestsUseTheBaseContext: the queue's requests are made under
// Deps.Context, so ending it (an SSH session that closes) cancels them as
// it cancels the ticket page's.
func TestQueueRequestsUseTheBaseContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	l := ctxLister{seen: make(chan error, 1)}
	newAppHarness(t, 10, 80, 24, func(d *Deps, _ *Start) { d.Context, d.Lister = ctx, l })
	if err := <-l.seen; !errors.Is(err, context.Canceled) {
		t.Errorf("the queue request's context: %v, want cancelled with the base context", err)
	}
}
