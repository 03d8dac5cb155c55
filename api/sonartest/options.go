package sonartest

import (
	"bytes"
	"strings"
	"time"
)

// Option configures a Server in New.
type Option func(*Server)

// WithAPIKey sets the key the server expects in `Authorization: Bearer <key>`.
// An empty key is a test bug (no client can send a usable empty token), so it
// panics.
func WithAPIKey(key string) Option {
	if key == "" {
		panic("sonartest: WithAPIKey: empty key")
	}
	return func(s *Server) { s.apiKey = key }
}

// WithTicket adds or replaces the body served for guid. body is the complete
// response (normally `{"ticket": {...}}`) and is served verbatim: it is not
// checked, so tests can serve invalid JSON, trailing data or odd encodings.
// guid must be a valid GUID, or the ticket could never be fetched.
func WithTicket(guid string, body []byte) Option {
	mustGUID("WithTicket", guid)
	body = bytes.Clone(body)
	return func(s *Server) {
		s.tickets[strings.ToLower(guid)] = body
		delete(s.index, strings.ToLower(guid))
	}
}

// WithFixtures selects embedded fixtures by GUID or Name; with no arguments
// it selects all of them, which is also the default. Tickets given with
// WithTicket win over fixtures with the same GUID.
func WithFixtures(guidsOrNames ...string) Option {
	return func(s *Server) {
		s.useFixtures = true
		s.onlyFix = append(s.onlyFix, guidsOrNames...)
	}
}

// WithoutFixtures starts the server with no tickets, so every well-formed
// GUID answers {"ticket": null} until WithTicket or SetTicket adds one.
func WithoutFixtures() Option {
	return func(s *Server) { s.useFixtures = false }
}

// WithLatency delays every answer by d, for loading states in the demo and
// in UI tests. The wait ends early if the client cancels.
func WithLatency(d time.Duration) Option {
	return func(s *Server) { s.latency = d }
}

// WithErrorForGUID makes an authorized request for guid answer status with
// the documented error body, e.g.
// WithErrorForGUID(g, 500, "illegal-state", "no-permission") (REFERENCE.md
// Q2: Sonar reports missing rights as 500, not 403). Unlike a Fault it sits
// behind the key and GUID checks, as Sonar's own errors do.
func WithErrorForGUID(guid string, status int, code, msg string) Option {
	return func(s *Server) {
		s.errs[strings.ToLower(guid)] = apiError{status: status, code: code, msg: msg}
	}
}

// WithFault queues faults for guid (or AnyGUID). Each fault serves the number
// of requests set by Fault.Times (forever when unset), then the next one
// takes over; when all are used up the server answers normally. So
//
//	WithFault(g, Status(503).Times(2))
//
// is "two 503s, then the ticket", and
//
//	WithFault(g, TooManyRequests("1").Times(1), Drop().Times(1))
//
// is "429, then a dropped connection, then the ticket". Repeated WithFault
// calls for one guid append to its queue.
func WithFault(guid string, faults ...Fault) Option {
	// Options run inside New, before the server is shared: no lock needed.
	return func(s *Server) { s.addFaultsLocked(strings.ToLower(guid), faults) }
}
