package api

import (
	"time"

	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// MaxPageSize is the most tickets Get Tickets returns for one request
// (its documented limit range is 0 to 1000).
const MaxPageSize = 1000

// Priority is a Get Tickets priority filter value. The server takes the
// integers 3/2/1 in the request but answers "HIGH"/"MEDIUM"/"LOW".
type Priority int

// The documented priorities.
const (
	PriorityLow    Priority = 1
	PriorityMedium Priority = 2
	PriorityHigh   Priority = 3
)

// SortColumn is a Get Tickets sort key.
type SortColumn string

// The documented sort keys. SortDefault leaves the choice to the server.
const (
	SortDefault   SortColumn = ""
	SortID        SortColumn = "id"
	SortCreatedAt SortColumn = "created_at"
	SortUpdatedAt SortColumn = "updated_at"
	SortClosedAt  SortColumn = "closed_at"
)

// The documented ticket status codes.
const (
	StatusNew        = "NEW"
	StatusAssigned   = "ASSIGNED"
	StatusInProgress = "IN_PROGRESS"
	StatusSubmitted  = "SUBMITTED"
	StatusApproved   = "APPROVED"
	StatusRejected   = "REJECTED"
	StatusClosed     = "CLOSED"
)

// OpenStatuses are the statuses of tickets that still need work: the
// queue's default filter.
var OpenStatuses = []string{StatusNew, StatusAssigned, StatusInProgress, StatusSubmitted, StatusRejected}

// ListQuery is the filter, sort and page of one Get Tickets request
// (GET /api/sonar/tickets). Zero values are left out of the request, so the
// server's defaults apply.
type ListQuery struct {
	// Offset is how many matching tickets to skip.
	Offset int
	// Limit is the page size, 1 to MaxPageSize; 0 asks for MaxPageSize.
	Limit int
	// From and To bound the ticket time, both inclusive; zero means unset.
	From, To time.Time
	// Statuses are status codes (StatusNew, ...).
	Statuses []string
	// Keywords is the server-side keyword search.
	Keywords string
	// Priorities filter by priority.
	Priorities []Priority
	// Assignees and Approvers are user GUIDs.
	Assignees, Approvers []string
	// Sort is the sort key; Ascending sorts ASC instead of DESC.
	Sort      SortColumn
	Ascending bool
}

// TicketPage is one page of Get Tickets results.
type TicketPage struct {
	// Total is the server's count of all matching tickets; TotalField is
	// the value as sent (it may be missing or not a number).
	Total      int64
	TotalField Field
	// Offset is the query's offset: Tickets[i] is match number Offset+i.
	Offset int
	// Tickets are the list items, decoded losslessly like Get Ticket's
	// ticket (list items are a summary projection: fields they lack are
	// Missing). Each item's Tree is the item as sent, and its Body the
	// item's exact bytes.
	Tickets []*Ticket
	// Other holds members of the response object beside total and tickets.
	Other []jsontree.Member
	// Body is the exact response body.
	Body termsafe.Untrusted
	// Warnings are problems that did not stop the page from loading.
	Warnings []error
}
