package cli

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
)

// TestStartGC: the first fetch runs at startGCPercent and puts the usual
// rate back after the delay; later fetches leave the rate alone.
func TestStartGC(t *testing.T) {
	rate := 100
	var log []int
	var restore func()
	var delay time.Duration
	g := newStartGC(nil, startGCRestore)
	g.setPercent = func(p int) int { old := rate; rate = p; log = append(log, p); return old }
	g.afterFunc = func(d time.Duration, f func()) { delay, restore = d, f }
	g.TicketGetter = getterFunc(func() { log = append(log, -rate) })

	if _, err := g.GetTicket(t.Context(), "x"); err != nil {
		t.Fatal(err)
	}
	if want := []int{startGCPercent, -startGCPercent}; !slices.Equal(log, want) {
		t.Fatalf("first fetch: rates %v, want %v (negative: the rate during the fetch)", log, want)
	}
	if restore == nil || delay != startGCRestore {
		t.Fatalf("the usual rate is not put back after %v (delay %v)", startGCRestore, delay)
	}
	restore()
	if rate != 100 {
		t.Fatalf("rate after the restore = %d, want 100", rate)
	}
	log, restore = nil, nil
	if _, err := g.GetTicket(t.Context(), "x"); err != nil {
		t.Fatal(err)
	}
	if want := []int{-100}; !slices.Equal(log, want) || restore != nil {
		t.Fatalf("second fetch: rates %v, want %v, and no restore", log, want)
	}
}

type getterFunc func()

func (f getterFunc) GetTicket(context.Context, string) (*api.Ticket, error) {
	f()
	return &api.Ticket{}, nil
}
