// Package sonartest is a fake Logpresso Sonar server for sonar-tui's tests and
// for `sonar-tui --demo`.
//
// It serves the one call sonar-tui makes, Get Ticket
// (GET /api/sonar/tickets/:guid), the way Sonar's documentation describes it
// (its examples are kept in testdata/get-ticket-examples.txt):
//
//   - 200 with the stored `{"ticket": {...}}` body, byte for byte;
//   - 200 `{"ticket": null}` for a well-formed GUID that has no ticket (Q1);
//   - 400 `invalid-param-type` / `guid should be guid type.` for anything that
//     is not an 8-4-4-4-12 hex GUID;
//   - 401 for a missing or wrong `Authorization: Bearer <key>` (undocumented,
//     Q3: the body shape here is our choice, not Sonar's);
//   - 404 and 405 JSON errors for other paths and methods.
//
// It also serves Get Tickets (GET /api/sonar/tickets, documented for Sonar 4.0)
// from the same tickets: filters, sorting, paging, total and the 400
// errors; list.go says what the fake decides where the documentation is
// silent. WithDemoQueue and WithGeneratedTickets add a deterministic queue
// of generated tickets, dated relative to an injected now.
//
// It also plays the things that sit between the client and Sonar, so the
// client's hardening (SECURITY.md HTTP-5..10) can be tested against real
// sockets: see Fault for HTML login pages, redirects, truncated and huge
// bodies, gzip bombs, 429/503 sequences, hangs and dropped connections.
//
// The package serves bytes and imports nothing from sonar-tui, so a bug in the
// client's types cannot hide itself by also being in the fake.
//
// Typical test:
//
//	s := sonartest.New(sonartest.WithFault(sonartest.SeedGUID,
//		sonartest.Status(http.StatusServiceUnavailable).Times(2)))
//	ts := httptest.NewServer(s)
//	defer ts.Close()
//	defer s.Close() // runs first: releases handlers still held by Hang
//	// ... client.GetTicket(ctx, sonartest.SeedGUID) ...
//	if got := s.RequestsFor(sonartest.SeedGUID); got != 3 { ... }
//
// The embedded fixtures (Fixtures) cover the documented example, a Sonar 5.0
// ticket, MARKDOWN and PLAIN tickets, deleted accounts, a long comment thread,
// invalid JSON content, unknown fields and a hostile ticket (SECURITY.md
// TERM-1). They are regenerated with `go generate` (see internal/gen); the
// seed fixture is the get-ticket.txt example copied verbatim.
package sonartest
