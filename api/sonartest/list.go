package sonartest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Get Tickets (GET /api/sonar/tickets), served from the same tickets as Get
// Ticket, so every listed ticket can be opened. What the documentation
// (Sonar 4.0, read only partly) leaves open is decided here, and is marked
// "our choice" so that nobody mistakes it for Sonar's behaviour:
//
//   - offset (default 0) and limit (0 to 1000, default 1000) are 32-bit
//     integers; the errors use the wording of Sonar's other list endpoints:
//     400 invalid-argument "'offset' parameter should be int type" and
//     "'offset' must be greater than or equal to 0." (our choice for limit
//     above 1000: "'limit' must be less than or equal to 1000.").
//   - from and to (yyyy-MM-dd HH:mm:ssZ, inclusive) bound the creation time
//     (our choice: the page does not say which time).
//   - statuses, priorities (3/2/1 = HIGH/MEDIUM/LOW), assignees and
//     approvers are comma-separated; a ticket matches when one of its values
//     is in the list. Bad GUIDs answer 400 invalid-param-type
//     "assignees should be guid type." like Sonar's other GUID parameters;
//     other bad values 400 invalid-argument "<param> should be one of ...".
//   - keywords: every space-separated word must occur, case-insensitively,
//     in the title, rule name or content (our choice).
//   - sort_column id (the default, our choice), created_at, updated_at or
//     closed_at; sort_type DESC (the default, our choice) or ASC. Tickets
//     without the time (closed_at of an open ticket) sort as the oldest; ties
//     are broken by id, then GUID, in the same direction.
//   - The answer is {"total":N,"tickets":[...]}. Items are the stored
//     tickets without content, rule_guid, rule_type and rule_name (absent
//     from the documented list item) and without comments and attachments
//     (our choice: the list page is cut off before them). Every other member
//     is copied byte for byte, duplicates and unknown fields included.
//   - Unknown parameters are ignored, as servlet containers do.

// ListPath is the path of Get Tickets.
const ListPath = "/api/sonar/tickets"

// ListKey stands for Get Tickets wherever a GUID names what to act on:
// WithFault(ListKey, ...) and SetFaults(ListKey, ...) apply faults to list
// requests (e.g. a 503 in the middle of scrolling), RequestsFor(ListKey)
// counts them, and their Request.GUID is ListKey. No GUID can spell it.
const ListKey = "list"

// listOmitted are the ticket members a list item does not carry.
var listOmitted = []string{"content", "rule_guid", "rule_type", "rule_name", "comments", "attachments"}

// entry is what the list needs of one stored ticket.
type entry struct {
	guid                     string
	id                       json.Number
	status, priority         string
	assignees, approvers     []string
	created, updated, closed time.Time
	search                   string // title, rule name and content, lower case
	item                     []byte
}

// newEntry indexes a stored Get Ticket body; ok is false for bodies that
// hold no ticket object (tests serve invalid bodies on purpose), which are
// not listed.
func newEntry(guid string, body []byte) (*entry, bool) {
	env, ok := objectMembers(body)
	if !ok {
		return nil, false
	}
	ms, ok := members(first(env, "ticket")) // validated with env
	if !ok {
		return nil, false
	}
	e := &entry{
		guid:     guid,
		status:   str(first(ms, "status")),
		priority: str(first(ms, "priority")),
		created:  timestamp(first(ms, "created")),
		updated:  timestamp(first(ms, "updated")),
		closed:   timestamp(first(ms, "closed")),
		search:   strings.ToLower(str(first(ms, "title")) + "\n" + str(first(ms, "rule_name")) + "\n" + str(first(ms, "content"))),
	}
	_ = json.Unmarshal(first(ms, "id"), &e.id) // not a number: sorts as 0
	e.assignees = userGUIDs(first(ms, "assignees"))
	e.approvers = userGUIDs(first(ms, "approvers"))
	var b bytes.Buffer
	b.WriteByte('{')
	for _, m := range ms {
		if slices.Contains(listOmitted, m.key) {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.Write(m.rawKey)
		b.WriteByte(':')
		b.Write(m.value)
	}
	b.WriteByte('}')
	e.item = b.Bytes()
	return e, true
}

func userGUIDs(v []byte) []string {
	tasks, _ := items(v)
	var out []string
	for _, t := range tasks {
		if ms, ok := members(t); ok {
			out = append(out, strings.ToLower(str(first(ms, "user_guid"))))
		}
	}
	return out
}

// listQuery is a parsed Get Tickets request.
type listQuery struct {
	offset, limit       int
	from, to            time.Time
	statuses, assignees []string
	approvers           []string
	priorities          []string // as the tickets spell them: HIGH, ...
	keywords            []string
	sortColumn          string
	asc                 bool
}

var (
	listStatuses = []string{"NEW", "ASSIGNED", "IN_PROGRESS", "SUBMITTED", "APPROVED", "REJECTED", "CLOSED"}
	sortColumns  = []string{"id", "created_at", "updated_at", "closed_at"}
	priorityName = map[string]string{"3": "HIGH", "2": "MEDIUM", "1": "LOW"}
)

// parseListQuery reads the parameters; a non-nil response is the error to
// answer.
func parseListQuery(v url.Values) (listQuery, *response) {
	q := listQuery{limit: 1000, sortColumn: "id"}
	fail := func(code, msg string) (listQuery, *response) {
		r := jsonError(http.StatusBadRequest, code, msg)
		return q, &r
	}
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"offset", &q.offset, -1}, {"limit", &q.limit, 1000}} {
		s := v.Get(p.name)
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 32)
		switch {
		case err != nil:
			return fail("invalid-argument", "'"+p.name+"' parameter should be int type")
		case n < 0:
			return fail("invalid-argument", "'"+p.name+"' must be greater than or equal to 0.")
		case p.max >= 0 && n > int64(p.max):
			return fail("invalid-argument", "'"+p.name+"' must be less than or equal to "+strconv.Itoa(p.max)+".")
		}
		*p.dst = int(n)
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.from}, {"to", &q.to}} {
		if s := v.Get(p.name); s != "" {
			t, err := time.Parse(timeLayout, s)
			if err != nil {
				return fail("invalid-argument", "'"+p.name+"' should be yyyy-MM-dd HH:mm:ssZ format.")
			}
			*p.dst = t
		}
	}
	q.statuses = list(v.Get("statuses"))
	for _, s := range q.statuses {
		if !slices.Contains(listStatuses, s) {
			return fail("invalid-argument", "statuses should be one of "+quoteAll(listStatuses)+".")
		}
	}
	for _, p := range list(v.Get("priorities")) {
		name, ok := priorityName[p]
		if !ok {
			return fail("invalid-argument", "priorities should be one of 3, 2, 1.")
		}
		q.priorities = append(q.priorities, name)
	}
	for _, p := range []struct {
		name string
		dst  *[]string
	}{{"assignees", &q.assignees}, {"approvers", &q.approvers}} {
		for _, g := range list(v.Get(p.name)) {
			if !ValidGUID(g) {
				return fail("invalid-param-type", p.name+" should be guid type.")
			}
			*p.dst = append(*p.dst, strings.ToLower(g))
		}
	}
	q.keywords = strings.Fields(strings.ToLower(v.Get("keywords")))
	switch st := v.Get("sort_type"); st {
	case "", "DESC":
	case "ASC":
		q.asc = true
	default:
		return fail("invalid-argument", "sort_type should be one of 'ASC', 'DESC'.")
	}
	if sc := v.Get("sort_column"); sc != "" {
		if !slices.Contains(sortColumns, sc) {
			return fail("invalid-argument", "sort_column should be one of "+quoteAll(sortColumns)+".")
		}
		q.sortColumn = sc
	}
	return q, nil
}

// list splits a comma-separated parameter, ignoring empty parts.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "'" + s + "'"
	}
	return strings.Join(q, ", ")
}

func (q *listQuery) match(e *entry) bool {
	switch {
	case !q.from.IsZero() && (e.created.IsZero() || e.created.Before(q.from)),
		!q.to.IsZero() && (e.created.IsZero() || e.created.After(q.to)),
		len(q.statuses) > 0 && !slices.Contains(q.statuses, e.status),
		len(q.priorities) > 0 && !slices.Contains(q.priorities, e.priority),
		len(q.assignees) > 0 && !overlaps(q.assignees, e.assignees),
		len(q.approvers) > 0 && !overlaps(q.approvers, e.approvers):
		return false
	}
	for _, k := range q.keywords {
		if !strings.Contains(e.search, k) {
			return false
		}
	}
	return true
}

func overlaps(want, have []string) bool {
	return slices.ContainsFunc(have, func(h string) bool { return slices.Contains(want, h) })
}

func (q *listQuery) compare(a, b *entry) int {
	c := 0
	switch q.sortColumn {
	case "created_at":
		c = a.created.Compare(b.created)
	case "updated_at":
		c = a.updated.Compare(b.updated)
	case "closed_at":
		c = a.closed.Compare(b.closed)
	}
	if c == 0 {
		c = compareIDs(a.id, b.id)
	}
	if c == 0 {
		c = cmp.Compare(a.guid, b.guid)
	}
	if !q.asc {
		c = -c
	}
	return c
}

// compareIDs orders ids numerically when both are 64-bit integers (ids
// above 2^53 included), else by their literal.
func compareIDs(a, b json.Number) int {
	x, errA := a.Int64()
	y, errB := b.Int64()
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return cmp.Compare(a.String(), b.String())
}

// answerList is Get Tickets' answer, as answer is Get Ticket's.
func (s *Server) answerList(r *http.Request) response {
	if resp, refused := s.refuse(r); refused {
		return resp
	}
	q, errResp := parseListQuery(r.URL.Query())
	if errResp != nil {
		return *errResp
	}
	var matches []*entry
	for _, e := range s.entries() {
		if q.match(e) {
			matches = append(matches, e)
		}
	}
	slices.SortFunc(matches, q.compare)
	var b bytes.Buffer
	b.WriteString(`{"total":` + strconv.Itoa(len(matches)) + `,"tickets":[`)
	for i := q.offset; i < len(matches) && i < q.offset+q.limit; i++ {
		if i > q.offset {
			b.WriteByte(',')
		}
		b.Write(matches[i].item)
	}
	b.WriteString("]}")
	return jsonResponse(http.StatusOK, b.Bytes())
}

// entries indexes the stored tickets, reusing the index of tickets that did
// not change since the last list request.
func (s *Server) entries() []*entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	index := s.indexLocked()
	out := make([]*entry, 0, len(s.tickets))
	for guid, body := range s.tickets {
		e, ok := index[guid]
		if !ok {
			if e, ok = newEntry(guid, body); !ok {
				continue
			}
			index[guid] = e
		}
		out = append(out, e)
	}
	return out
}

// indexLocked returns the list index, creating it; s.mu is held (or s is
// not shared yet).
func (s *Server) indexLocked() map[string]*entry {
	if s.index == nil {
		s.index = map[string]*entry{}
	}
	return s.index
}
