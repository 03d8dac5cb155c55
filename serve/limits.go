package serve

import (
	"net"
	"sync"
)

// maxTrackedIPs bounds the per-address rate table; when it is full the
// table starts over, which at worst forgives some addresses early.
const maxTrackedIPs = 4096

// connGate limits connections that have no session yet: per source address
// and in total, plus a per-address connection rate. It runs before the SSH
// handshake, so a flood costs the server a map lookup and a close.
type connGate struct {
	mu       sync.Mutex
	clock    Clock
	maxPerIP int
	maxTotal int
	rate     float64
	burst    int
	total    int
	perIP    map[string]int
	rates    map[string]*bucket
}

func newConnGate(o *Options) *connGate {
	return &connGate{
		clock: o.Clock, maxPerIP: o.MaxUnauthPerIP, maxTotal: o.MaxUnauth,
		rate: o.ConnRate, burst: o.ConnBurst,
		perIP: map[string]int{}, rates: map[string]*bucket{},
	}
}

// enter admits a new connection from addr, or says no.
func (g *connGate) enter(addr net.Addr) (*gateTicket, bool) {
	ip := hostOf(addr)
	now := g.clock.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.rates[ip]
	if b == nil {
		if len(g.rates) >= maxTrackedIPs {
			clear(g.rates)
		}
		b = newBucket(g.rate, g.burst, now)
		g.rates[ip] = b
	}
	if !b.allow(now) || g.total >= g.maxTotal || g.perIP[ip] >= g.maxPerIP {
		return nil, false
	}
	g.total++
	g.perIP[ip]++
	return &gateTicket{g: g, ip: ip}, true
}

func (g *connGate) leave(ip string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.total--
	if g.perIP[ip]--; g.perIP[ip] <= 0 {
		delete(g.perIP, ip)
	}
}

// gateTicket is one admitted connection; release it once the connection
// has a session or is closed, whichever comes first.
type gateTicket struct {
	g    *connGate
	ip   string
	once sync.Once
}

func (t *gateTicket) release() {
	if t != nil {
		t.once.Do(func() { t.g.leave(t.ip) })
	}
}

// gatedConn releases its ticket when closed.
type gatedConn struct {
	net.Conn
	t *gateTicket
}

func (c *gatedConn) Close() error {
	c.t.release()
	return c.Conn.Close()
}

func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	if h, _, err := net.SplitHostPort(a.String()); err == nil {
		return h
	}
	return a.String()
}
