package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// listBenchServer is the fake Sonar with n generated tickets.
func listBenchServer(b *testing.B, n int) (*httptest.Server, *Client) {
	b.Helper()
	srv := httptest.NewServer(sonartest.New(sonartest.WithoutFixtures(), sonartest.WithGeneratedTickets(n, 1, listNow)))
	b.Cleanup(srv.Close)
	c, err := New(srv.URL, WithAPIKey(func() string { return sonartest.DemoAPIKey }))
	if err != nil {
		b.Fatal(err)
	}
	return srv, c
}

// BenchmarkDecodeListResponse decodes a full page: 1,000 list items, each a
// lossless *Ticket.
func BenchmarkDecodeListResponse(b *testing.B) {
	srv, _ := listBenchServer(b, MaxPageSize)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+sonartest.ListPath, nil)
	req.Header.Set("Authorization", "Bearer "+sonartest.DemoAPIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := DecodeListResponse(body, 0)
		if err != nil || len(p.Tickets) != MaxPageSize {
			b.Fatal(err)
		}
	}
}

// BenchmarkListTicketsLoopback is a queue's first page (100 open tickets,
// most recently updated first) out of 10,000, over loopback HTTP: the
// server side filters and sorts all 10,000 each time.
func BenchmarkListTicketsLoopback(b *testing.B) {
	_, c := listBenchServer(b, 10000)
	q := ListQuery{Limit: 100, Statuses: OpenStatuses, Sort: SortUpdatedAt}
	ctx := context.Background()
	if _, err := c.ListTickets(ctx, q); err != nil { // builds the server's index
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ListTickets(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}
