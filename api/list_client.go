package api

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Get Tickets, as documented for Sonar 4.0 (the page is only partly known):
//
//   - GET /api/sonar/tickets with query parameters offset (default 0),
//     limit (0 to 1000, default 1000), from and to (yyyy-MM-dd HH:mm:ssZ,
//     both inclusive), statuses, priorities (the integers 3/2/1 for
//     HIGH/MEDIUM/LOW), assignees and approvers (user GUIDs), all lists
//     comma-separated, keywords, sort_type (ASC or DESC) and sort_column
//     (id, created_at, updated_at or closed_at).
//   - The answer is {"total": <all matches>, "tickets": [<items>]}. The
//     items look like Get Ticket's ticket without content and rule_*: a
//     summary to open with GetTicket.
//   - Bad paging arguments are 400 invalid-argument ("'offset' must be
//     greater than or equal to 0."), as on Sonar's other list endpoints.

// ErrInvalidQuery matches a Get Tickets query that was refused: by the
// client before sending (*QueryError) or by the server with 400
// invalid-argument (*InvalidArgumentError).
var ErrInvalidQuery = errors.New("invalid ticket list query")

// QueryError is a ListQuery that ListTickets refused without sending it.
// Param is the request parameter at fault ("limit", "assignees", ...).
type QueryError struct {
	Param  string
	Reason string
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("invalid ticket list query: %s: %s", e.Param, e.Reason)
}

// Is matches ErrInvalidQuery.
func (e *QueryError) Is(target error) bool { return target == ErrInvalidQuery }

// InvalidArgumentError is the server's documented refusal of a query
// parameter: HTTP 400 with error_code invalid-argument. errors.As reaches
// the *APIError too (so ErrBadRequest matches as well).
type InvalidArgumentError struct{ Err *APIError }

func (e *InvalidArgumentError) Error() string {
	return "the server refused the ticket list query: " + esc(e.Err.Message)
}

// Is matches ErrInvalidQuery.
func (e *InvalidArgumentError) Is(target error) bool { return target == ErrInvalidQuery }

func (e *InvalidArgumentError) Unwrap() error { return e.Err }

// OverfullPageError is a page warning: the server sent more tickets than
// the query's limit (a quirky or hostile server). Every item is kept in
// the page; a caller that shows pages of a fixed size says what it does
// with the rest.
type OverfullPageError struct{ Asked, Sent int }

func (e *OverfullPageError) Error() string {
	return fmt.Sprintf("the server sent %d tickets where %d were asked for", e.Sent, e.Asked)
}

// maxInt32 bounds offset: the API documents it as a 32-bit integer.
const maxInt32 = math.MaxInt32

// IsGUID reports whether s is exactly a GUID (8-4-4-4-12 hex digits, any
// case, nothing around it), the form user GUIDs take in filters.
func IsGUID(s string) bool { return guidExact.MatchString(s) }

// Check validates q as ListTickets does before sending it. The error is a
// *QueryError.
func (q ListQuery) Check() error {
	bad := func(param, format string, args ...any) error {
		return &QueryError{Param: param, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case q.Offset < 0 || q.Offset > maxInt32:
		return bad("offset", "%d is outside 0 to %d", q.Offset, maxInt32)
	case q.Limit < 0 || q.Limit > MaxPageSize:
		return bad("limit", "%d is outside 0 to %d", q.Limit, MaxPageSize)
	case !q.From.IsZero() && !q.To.IsZero() && q.From.After(q.To):
		return bad("from", "%s is after to (%s)", q.From.Format(TimeLayout), q.To.Format(TimeLayout))
	}
	for _, s := range q.Statuses {
		if !slices.Contains(allStatuses, s) {
			return bad("statuses", "%q is not one of %s", s, strings.Join(allStatuses, ", "))
		}
	}
	for _, p := range q.Priorities {
		if p < PriorityLow || p > PriorityHigh {
			return bad("priorities", "%d is not 1 (low), 2 (medium) or 3 (high)", int(p))
		}
	}
	for _, l := range []struct {
		param string
		guids []string
	}{{"assignees", q.Assignees}, {"approvers", q.Approvers}} {
		for _, g := range l.guids {
			if !IsGUID(g) {
				return bad(l.param, "\"%s\" is not a user GUID (8-4-4-4-12 hex digits)", clip(termsafe.Wrap(g), 80))
			}
		}
	}
	switch q.Sort {
	case SortDefault, SortID, SortCreatedAt, SortUpdatedAt, SortClosedAt:
	default:
		return bad("sort_column", "%q is not id, created_at, updated_at or closed_at", string(q.Sort))
	}
	return nil
}

// allStatuses are the documented status codes, in workflow order.
var allStatuses = []string{StatusNew, StatusAssigned, StatusInProgress, StatusSubmitted, StatusApproved, StatusRejected, StatusClosed}

// Values is q as Get Tickets query parameters. Unset fields are left out,
// so the server's defaults apply; GUIDs are sent in lower case.
func (q ListQuery) Values() url.Values {
	v := url.Values{}
	if q.Offset != 0 {
		v.Set("offset", strconv.Itoa(q.Offset))
	}
	if q.Limit != 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.Format(TimeLayout))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.Format(TimeLayout))
	}
	if len(q.Statuses) > 0 {
		v.Set("statuses", strings.Join(q.Statuses, ","))
	}
	if q.Keywords != "" {
		v.Set("keywords", q.Keywords)
	}
	if len(q.Priorities) > 0 {
		p := make([]string, len(q.Priorities))
		for i, x := range q.Priorities {
			p[i] = strconv.Itoa(int(x))
		}
		v.Set("priorities", strings.Join(p, ","))
	}
	if len(q.Assignees) > 0 {
		v.Set("assignees", strings.ToLower(strings.Join(q.Assignees, ",")))
	}
	if len(q.Approvers) > 0 {
		v.Set("approvers", strings.ToLower(strings.Join(q.Approvers, ",")))
	}
	if q.Sort != SortDefault {
		v.Set("sort_column", string(q.Sort))
		v.Set("sort_type", "DESC")
		if q.Ascending {
			v.Set("sort_type", "ASC")
		}
	} else if q.Ascending {
		v.Set("sort_type", "ASC")
	}
	return v
}

// ListTickets fetches one page of tickets (GET /api/sonar/tickets). q is
// checked before any request (*QueryError); a 400 invalid-argument answer
// is an *InvalidArgumentError; other failures are the typed errors of
// GetTicket. Items are decoded like Get Ticket's ticket and lose nothing.
func (c *Client) ListTickets(ctx context.Context, q ListQuery) (*TicketPage, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	req, err := c.newRequest(ctx, http.MethodGet, "api", "sonar", "tickets")
	if err != nil {
		return nil, err
	}
	req.URL.RawQuery = q.Values().Encode()
	body, err := c.do(ctx, req)
	var ae *APIError
	if errors.As(err, &ae) && ae.Status == http.StatusBadRequest && ae.Code.Is("invalid-argument") {
		return nil, &InvalidArgumentError{Err: ae}
	}
	if err != nil {
		return nil, err
	}
	p, err := DecodeListResponse(body, q.Offset)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit == 0 {
		limit = MaxPageSize // the server's default
	}
	if len(p.Tickets) > limit {
		p.Warnings = append(p.Warnings, &OverfullPageError{Asked: limit, Sent: len(p.Tickets)})
	}
	return p, nil
}

// AllTickets pages through every ticket matching q from q.Offset, at most
// maxItems tickets in all (0: no bound), asking for q.Limit per request (0:
// MaxPageSize, never more). It yields each page, or one error and stops.
// Stopping the loop or cancelling ctx stops the paging; no request is sent
// after that.
//
// Paging ends when the server's total is reached, at the first empty page,
// or, when the answer has no usable total, at the first short page. Offsets are not a snapshot: tickets created or changed while
// paging can shift the pages, so an item may be seen twice or not at all,
// as in the web console.
func (c *Client) AllTickets(ctx context.Context, q ListQuery, maxItems int) iter.Seq2[*TicketPage, error] {
	return func(yield func(*TicketPage, error) bool) {
		size := q.Limit
		if size <= 0 || size > MaxPageSize {
			size = MaxPageSize
		}
		for got := 0; maxItems <= 0 || got < maxItems; {
			if err := ctx.Err(); err != nil {
				yield(nil, &NetworkError{Op: "list tickets", Err: err})
				return
			}
			pq := q
			pq.Limit = size
			if maxItems > 0 {
				pq.Limit = min(size, maxItems-got)
			}
			p, err := c.ListTickets(ctx, pq)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(p, nil) {
				return
			}
			n := len(p.Tickets)
			got += n
			q.Offset += n
			// A server may cap pages below the limit asked for: a short page
			// ends the paging only when there is no total to go by.
			_, hasTotal := p.TotalField.Int()
			if n == 0 || hasTotal && int64(q.Offset) >= p.Total || !hasTotal && n < pq.Limit {
				return
			}
		}
	}
}

// DecodeListResponse decodes a Get Tickets response body; offset is the
// query's offset, recorded in the page. A body that is not the documented
// shape is a *DecodeError. total may be missing or odd (the page still
// loads, with a warning); every member beside total and tickets is kept in
// Other.
func DecodeListResponse(body []byte, offset int) (*TicketPage, error) {
	root, warnings, err := parseResponse(body)
	if err != nil {
		return nil, err
	}
	if root.Kind != jsontree.Object {
		return nil, &DecodeError{Offset: root.Offset(), Err: errors.New("ticket list response is not a JSON object")}
	}
	p := &TicketPage{Offset: offset, Body: termsafe.WrapBytes(body)}
	var items *jsontree.Node
	for _, m := range root.Members {
		switch {
		case m.Key.Is("total") && p.TotalField.n == nil:
			p.TotalField = Field{n: m.Value}
		case m.Key.Is("tickets") && items == nil:
			items = m.Value
		default:
			if m.Key.Is("total") || m.Key.Is("tickets") {
				warnings = append(warnings, fmt.Errorf("duplicate %q member at byte %d: the first one is used", termsafe.Unwrap(m.Key), m.Value.Offset()))
			}
			p.Other = append(p.Other, m)
		}
	}
	switch {
	case items == nil:
		return nil, &DecodeError{Offset: -1, Err: errors.New(`ticket list response has no "tickets" member`)}
	case items.Kind != jsontree.Array:
		return nil, &DecodeError{Offset: items.Offset(), Err: errors.New(`"tickets" is not a JSON array`)}
	}
	if total, ok := p.TotalField.Int(); ok && total >= 0 {
		p.Total = total
	} else {
		p.Total = int64(offset + len(items.Items))
		warnings = append(warnings, fmt.Errorf("\"total\" is %s, not a count: showing %d", describeField(p.TotalField), p.Total))
	}
	p.Tickets = make([]*Ticket, len(items.Items))
	for i, it := range items.Items {
		t := decodeTicket(it)
		if end, ok := valueEnd(body, it.Offset()); ok {
			t.Body = termsafe.WrapBytes(body[it.Offset():end])
		}
		if it.Kind != jsontree.Object {
			warnings = append(warnings, fmt.Errorf("ticket %d of the page is a JSON %s, not an object", i+1, it.Kind))
		}
		p.Tickets[i] = t
	}
	p.Warnings = warnings
	return p, nil
}

// describeField names what a field holds, for warnings.
func describeField(f Field) string {
	switch f.State() {
	case Missing:
		return "missing"
	case Null:
		return "null"
	}
	if f.Kind() == jsontree.Number || f.Kind() == jsontree.String {
		return fmt.Sprintf("%s %s", f.Kind(), clip(f.Text(), 40))
	}
	return "a JSON " + f.Kind().String()
}

// valueEnd returns the offset just past the JSON value that starts at
// start in body, which jsontree has already checked to be valid.
func valueEnd(body []byte, start int64) (int, bool) {
	depth, inString := 0, false
	for i := int(start); i < len(body); i++ {
		c := body[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
				if depth == 0 {
					return i + 1, true
				}
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
			if depth < 0 {
				return i, true // a scalar ended by its container
			}
		case depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return i, true // the end of a number or literal
		}
	}
	return len(body), int(start) < len(body)
}

// parseResponse parses a response body: trailing data after the value is
// a warning (DATA-7), invalid JSON a *DecodeError with its offset.
// DecodeResponse (ticket.go) has the same steps inline.
func parseResponse(body []byte) (*jsontree.Node, []error, error) {
	root, err := jsontree.Parse(body)
	var trailing *jsontree.TrailingDataError
	var se *jsontree.SyntaxError
	switch {
	case errors.As(err, &trailing):
		return root, []error{err}, nil
	case errors.As(err, &se):
		return nil, nil, &DecodeError{Offset: se.Offset, Err: errors.New(se.Msg)}
	case err != nil:
		return nil, nil, &DecodeError{Offset: -1, Err: err}
	}
	return root, nil, nil
}
