package api

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// BenchmarkDecodeResponse measures decoding the seed ticket: the response,
// the ticket mapping and the event inside content.
func BenchmarkDecodeResponse(b *testing.B) {
	body, err := os.ReadFile("sonartest/fixtures/seed.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeResponse(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetTicketLoopback is one whole fetch of the 60-comment ticket
// from the fake server over loopback HTTP.
func BenchmarkGetTicketLoopback(b *testing.B) {
	srv := httptest.NewServer(sonartest.New())
	defer srv.Close()
	c, err := New(srv.URL, WithAPIKey(func() string { return sonartest.DemoAPIKey }))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetTicket(ctx, sonartest.LongThreadGUID); err != nil {
			b.Fatal(err)
		}
	}
}
