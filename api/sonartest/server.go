package sonartest

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// DemoAPIKey is the API key the server accepts unless WithAPIKey says
	// otherwise. It guards nothing: it only lets tests check that the client
	// sends the key it was given.
	DemoAPIKey = "demo-key-not-secret"

	// ContentTypeJSON is the Content-Type of every JSON answer, spelled
	// without a space as Java servers usually send it.
	ContentTypeJSON = "application/json;charset=utf-8"

	// TicketPath is the path prefix of Get Ticket; the GUID follows it.
	TicketPath = "/api/sonar/tickets/"

	// AnyGUID as the guid of WithFault or SetFaults applies the faults to
	// every request, including paths that are not ticket paths, once the
	// faults of the requested GUID (if any) are used up.
	AnyGUID = "*"

	// MissingGUID is a well-formed GUID that no fixture uses: fetching it
	// answers 200 {"ticket": null}. It is the GUID of the documentation's
	// "ticket not found" examples.
	MissingGUID = "201dc306-5ef7-4d4f-b872-1fa0f4d7dc57"
)

// Server is the fake Sonar. It is an http.Handler: serve it with
// httptest.NewServer, httptest.NewTLSServer or Start. All methods are safe
// for concurrent use.
type Server struct {
	apiKey      string
	latency     time.Duration
	useFixtures bool
	onlyFix     []string

	closing   chan struct{}
	closeOnce sync.Once

	mu      sync.Mutex
	tickets map[string][]byte   // key: lower-case GUID
	index   map[string]*entry   // list index of tickets (list.go)
	errs    map[string]apiError // key: lower-case GUID
	faults  map[string][]*faultSlot
	total   int
	perGUID map[string]int
	log     []Request
}

type apiError struct {
	status    int
	code, msg string
}

type faultSlot struct {
	f    Fault
	left int // requests still to serve; -1 = forever
}

// New returns a server holding all embedded fixtures (unless WithoutFixtures
// or WithFixtures says otherwise) and accepting DemoAPIKey.
func New(opts ...Option) *Server {
	s := &Server{
		apiKey:      DemoAPIKey,
		useFixtures: true,
		closing:     make(chan struct{}),
		tickets:     map[string][]byte{},
		errs:        map[string]apiError{},
		faults:      map[string][]*faultSlot{},
		perGUID:     map[string]int{},
	}
	for _, o := range opts {
		o(s)
	}
	if s.useFixtures {
		s.loadFixtures()
	}
	return s
}

// loadFixtures adds the selected fixtures without replacing tickets set by
// WithTicket, so option order does not matter.
func (s *Server) loadFixtures() {
	for _, f := range Fixtures() {
		if len(s.onlyFix) > 0 && !matchesAny(f, s.onlyFix) {
			continue
		}
		key := strings.ToLower(f.GUID)
		if _, set := s.tickets[key]; !set {
			s.tickets[key] = f.Body
		}
	}
}

func matchesAny(f Fixture, keys []string) bool {
	for _, k := range keys {
		if strings.EqualFold(k, f.GUID) || k == f.Name {
			return true
		}
	}
	return false
}

// Close releases requests held by Hang, Delay and WithLatency so that
// httptest.Server.Close, which waits for running handlers, cannot block on a
// client that never cancels. The handler keeps working for new requests.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
}

// SetTicket adds or replaces the raw body served for guid, as WithTicket.
func (s *Server) SetTicket(guid string, body []byte) {
	mustGUID("SetTicket", guid)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickets[strings.ToLower(guid)] = bytes.Clone(body)
	delete(s.index, strings.ToLower(guid))
}

// DeleteTicket removes guid, which then answers {"ticket": null}.
func (s *Server) DeleteTicket(guid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tickets, strings.ToLower(guid))
	delete(s.index, strings.ToLower(guid))
}

// SetFaults replaces the faults of guid (or AnyGUID); no faults clears them.
func (s *Server) SetFaults(guid string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(guid)
	delete(s.faults, key)
	s.addFaultsLocked(key, faults)
}

func (s *Server) addFaultsLocked(key string, faults []Fault) {
	for _, f := range faults {
		left := f.times
		if left <= 0 {
			left = -1
		}
		s.faults[key] = append(s.faults[key], &faultSlot{f: f, left: left})
	}
}

// ServeHTTP answers like Sonar, unless a fault for the GUID (or AnyGUID)
// says otherwise. Sonar's own answer is computed first so that faults which
// pass it through (OK, Truncate, Gzip) pass through exactly what Sonar said,
// including a 401.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	guid, isTicket := ticketSegment(r)
	isList := r.URL.EscapedPath() == ListPath
	if isList {
		guid, isTicket = ListKey, true // faults and counts under ListKey
	}
	s.record(r, guid, isTicket)
	if s.latency > 0 && !wait(r, s.latency, s.closing) {
		panic(http.ErrAbortHandler)
	}
	var resp response
	if isList {
		resp = s.answerList(r)
	} else {
		resp = s.answer(r, guid, isTicket)
	}
	if f, ok := s.takeFault(guid, isTicket); ok {
		f.serve(w, r, guid, resp, s.closing)
		return
	}
	resp.write(w)
}

// ticketSegment extracts the :guid of GET /api/sonar/tickets/:guid from the
// escaped path, so that an encoded slash (%2F) stays inside the segment and
// is rejected as a bad GUID instead of changing the route.
func ticketSegment(r *http.Request) (guid string, ok bool) {
	rest, found := strings.CutPrefix(r.URL.EscapedPath(), TicketPath)
	if !found || strings.Contains(rest, "/") {
		return "", false
	}
	if g, err := url.PathUnescape(rest); err == nil {
		return g, true
	}
	return rest, true
}

func (s *Server) takeFault(guid string, isTicket bool) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := []string{AnyGUID}
	if isTicket {
		keys = []string{strings.ToLower(guid), AnyGUID}
	}
	for _, k := range keys {
		for _, slot := range s.faults[k] {
			if slot.left == 0 {
				continue
			}
			if slot.left > 0 {
				slot.left--
			}
			return slot.f, true
		}
	}
	return Fault{}, false
}

// answer is what Sonar itself would say. The order of the checks (route,
// method, key, GUID syntax, ticket) is the usual servlet order; Sonar's real
// order is not documented.
func (s *Server) answer(r *http.Request, guid string, isTicket bool) response {
	if !isTicket {
		return jsonError(http.StatusNotFound, "not-found", "no such endpoint: "+r.URL.EscapedPath())
	}
	if resp, refused := s.refuse(r); refused {
		return resp
	}
	if !ValidGUID(guid) {
		return jsonError(http.StatusBadRequest, "invalid-param-type", "guid should be guid type.")
	}
	key := strings.ToLower(guid)
	s.mu.Lock()
	e, hasErr := s.errs[key]
	body, found := s.tickets[key]
	s.mu.Unlock()
	switch {
	case hasErr:
		return jsonError(e.status, e.code, e.msg)
	case found:
		return jsonResponse(http.StatusOK, body)
	default:
		// get-ticket.txt: "Ticket is not found", HTTP status code 200.
		return jsonResponse(http.StatusOK, []byte("{\n  \"ticket\": null\n}"))
	}
}

// refuse answers a request that is not a GET (405) or lacks the key (401).
func (s *Server) refuse(r *http.Request) (response, bool) {
	if r.Method != http.MethodGet {
		resp := jsonError(http.StatusMethodNotAllowed, "method-not-allowed", "method "+r.Method+" is not allowed")
		resp.header.Set("Allow", http.MethodGet)
		return resp, true
	}
	if msg, ok := s.authorized(r); !ok {
		// Sonar's 401 body is not documented anywhere (Q3). This one
		// follows the documented error shape so clients have something
		// realistic to show; clients must not rely on it.
		resp := jsonError(http.StatusUnauthorized, "unauthorized", msg)
		resp.header.Set("WWW-Authenticate", "Bearer")
		return resp, true
	}
	return response{}, false
}

func (s *Server) authorized(r *http.Request) (reason string, ok bool) {
	vals := r.Header.Values("Authorization")
	switch len(vals) {
	case 0:
		return "authentication required: missing Authorization header", false
	case 1:
	default:
		return "invalid API key", false
	}
	scheme, token, found := strings.Cut(vals[0], " ")
	if !found || !strings.EqualFold(scheme, "Bearer") ||
		subtle.ConstantTimeCompare([]byte(token), []byte(s.apiKey)) != 1 {
		return "invalid API key", false
	}
	return "", true
}

// ValidGUID reports whether s is a 36-character 8-4-4-4-12 hex GUID, the
// only form Get Ticket accepts (either letter case).
func ValidGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

func mustGUID(where, guid string) {
	if !ValidGUID(guid) {
		panic("sonartest: " + where + ": not a GUID: " + strconv.Quote(guid))
	}
}

// response is a complete answer held in memory.
type response struct {
	status int
	header http.Header
	body   []byte
}

func jsonResponse(status int, body []byte) response {
	return response{status: status, header: http.Header{"Content-Type": {ContentTypeJSON}}, body: body}
}

// jsonError renders the documented error shape, indented like the examples
// in get-ticket.txt so the 400 answer matches that page byte for byte.
func jsonError(status int, code, msg string) response {
	body := "{\n  \"error_code\": " + jsonString(code) + ",\n  \"error_msg\": " + jsonString(msg) + "\n}"
	return jsonResponse(status, []byte(body))
}

// jsonString quotes s for JSON without Go's HTML escaping of <, > and &,
// which a Java server would not do.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

func (resp response) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// wait sleeps for d; false means the client went away or the server closed.
func wait(r *http.Request, d time.Duration, closing <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-closing:
		return false
	}
}
