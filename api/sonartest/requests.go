package sonartest

import (
	"net/http"
	"strings"
)

// maxLog bounds the request log so a long --demo session cannot grow it
// without limit; tests look at far fewer requests than this.
const maxLog = 1000

// Request is what the server saw of one request.
type Request struct {
	Method string
	URI    string // the request target as sent, path and query
	Host   string
	GUID   string // the ticket path segment, unescaped; "" for other paths
	Header http.Header
}

// Requests is the number of requests received, whatever their path or answer.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// RequestsFor is the number of requests to the ticket path of guid
// (compared case-insensitively, as the server looks tickets up).
func (s *Server) RequestsFor(guid string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perGUID[strings.ToLower(guid)]
}

// LastRequest is the most recent request; ok is false before the first one.
func (s *Server) LastRequest() (r Request, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.log) == 0 {
		return Request{}, false
	}
	return cloneRequest(s.log[len(s.log)-1]), true
}

// RequestLog returns the most recent requests (up to 1000), oldest first.
func (s *Server) RequestLog() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		out[i] = cloneRequest(r)
	}
	return out
}

// ResetRequests zeroes the counters and empties the request log, e.g.
// between the phases of an end-to-end test.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total = 0
	s.perGUID = map[string]int{}
	s.log = nil
}

func cloneRequest(r Request) Request {
	r.Header = r.Header.Clone()
	return r
}

func (s *Server) record(r *http.Request, guid string, isTicket bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total++
	if isTicket {
		s.perGUID[strings.ToLower(guid)]++
	}
	if len(s.log) == maxLog {
		s.log = append(s.log[:0], s.log[1:]...)
	}
	s.log = append(s.log, Request{
		Method: r.Method, URI: r.RequestURI, Host: r.Host, GUID: guid,
		Header: r.Header.Clone(),
	})
}
