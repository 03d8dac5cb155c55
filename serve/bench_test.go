package serve

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// BenchmarkIdleSessionMemory opens b.N sessions that sit on the prompt
// and reports the heap they hold, per session: the server's side (SSH
// connection, program, model) plus a minimal client (an x/crypto
// connection that discards output). Run with -benchtime=50x.
func BenchmarkIdleSessionMemory(b *testing.B) {
	alice := newTestKey(b)
	e := startServer(b, []string{alice.line + " alice"}, func(o *Options) {
		o.MaxSessions, o.MaxSessionsPerKey = 100000, 100000
		o.MaxUnauthPerIP, o.ConnBurst = 100000, 100000
	})
	before := heapInUse()
	for i := 0; b.Loop(); i++ {
		c, err := e.dial(fmt.Sprintf("analyst%d", i), gossh.PublicKeys(alice.signer))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = c.Close() })
		openIdle(b, c)
	}
	b.StopTimer()
	after := heapInUse()
	b.ReportMetric(float64(after-before)/float64(b.N), "heap-bytes/session")
	b.ReportMetric(float64(e.srv.Sessions()), "sessions")
}

// openIdle starts a session and waits for the first frame.
func openIdle(b *testing.B, c *gossh.Client) {
	b.Helper()
	s, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		b.Fatal(err)
	}
	out, err := s.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		b.Fatal(err)
	}
	var seen []byte
	buf := make([]byte, 4096)
	for !bytes.Contains(seen, []byte("Open a ticket")) {
		n, err := out.Read(buf)
		if err != nil {
			b.Fatal(err)
		}
		seen = append(seen, buf[:n]...)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
