package cli

import (
	"context"
	"runtime/debug"
	"sync"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/ui"
)

// startGCPercent is the garbage collector's rate (GOGC) while the local
// viewer fetches and decodes its first ticket. At start the heap is a few
// MB, so decoding a 1 MB body at the default 100 starts collections in the
// middle of the decode, and on a busy machine they took ~10 ms of the
// first frame. Most of what a decode allocates is kept (the ticket), so
// the higher rate adds little to the peak.
const startGCPercent = 400

// startGC is the first ticket's getter in the local viewer: its first
// GetTicket runs at startGCPercent, and the usual rate comes back
// restoreAfter later, once the first frame is written, so the collection
// it starts does not take the CPUs from the frame either. Later fetches
// run at the usual rate. It is never used by `serve`, where the rate
// would be shared by every session.
type startGC struct {
	ui.TicketGetter
	once         sync.Once
	restoreAfter time.Duration
	setPercent   func(int) int // debug.SetGCPercent
	afterFunc    func(time.Duration, func())
}

func newStartGC(g ui.TicketGetter, restoreAfter time.Duration) *startGC {
	return &startGC{TicketGetter: g, restoreAfter: restoreAfter, setPercent: debug.SetGCPercent,
		afterFunc: func(d time.Duration, f func()) { time.AfterFunc(d, f) }}
}

func (g *startGC) GetTicket(ctx context.Context, guid string) (*api.Ticket, error) {
	first := false
	g.once.Do(func() { first = true })
	if !first {
		return g.TicketGetter.GetTicket(ctx, guid)
	}
	old := g.setPercent(startGCPercent)
	defer g.afterFunc(g.restoreAfter, func() { g.setPercent(old) })
	return g.TicketGetter.GetTicket(ctx, guid)
}

// startGCRestore is how long after the first ticket's decode the usual
// rate comes back: six frames, time for the first frame to be written.
const startGCRestore = 6 * time.Second / frameRate
