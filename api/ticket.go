package api

import (
	"errors"
	"strings"

	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Ticket is one Sonar ticket as returned by Get Ticket (get-ticket.txt plus
// the Sonar 5.0 additions risk_score and mitre_techniques).
//
// Every value is a Field holding the server's own JSON value, so null,
// missing and empty stay distinct, numbers keep their literal text and
// nothing is converted. Members this type does not know are kept in Other,
// in server order.
type Ticket struct {
	ID       Field `sonar:"id"`
	RepoGUID Field `sonar:"repo_guid"`
	RepoName Field `sonar:"repo_name"`
	SiteGUID Field `sonar:"site_guid"`
	SiteName Field `sonar:"site_name"`
	GUID     Field `sonar:"guid"`
	Title    Field `sonar:"title"`
	Priority Field `sonar:"priority"`
	Status   Field `sonar:"status"`
	Format   Field `sonar:"format"`
	RuleGUID Field `sonar:"rule_guid"`
	RuleType Field `sonar:"rule_type"`
	RuleName Field `sonar:"rule_name"`
	// Count is the number of merged duplicate tickets (not the event count).
	Count     Field `sonar:"count"`
	Content   Field `sonar:"content"`
	RiskScore Field `sonar:"risk_score"`
	// MITRETechniques is the raw mitre_techniques value; Techniques its
	// object items.
	MITRETechniques  Field `sonar:"mitre_techniques"`
	Attack           Field `sonar:"attack"`
	Incident         Field `sonar:"incident"`
	AssigneesField   Field `sonar:"assignees"`
	ApproversField   Field `sonar:"approvers"`
	AttachmentsField Field `sonar:"attachments"`
	Created          Field `sonar:"created"`
	Updated          Field `sonar:"updated"`
	Closed           Field `sonar:"closed"`
	XLogin           Field `sonar:"x_login"`
	XUser            Field `sonar:"x_user"`
	XDept            Field `sonar:"x_dept"`
	XSite            Field `sonar:"x_site"`
	CommentsField    Field `sonar:"comments"`

	Techniques  []Technique
	Assignees   []Task
	Approvers   []Task
	Attachments []Attachment
	Comments    []Comment

	// Dups holds what the server sent under a repeated list or content
	// key (DATA-3): the lists and events above are decoded from the first
	// value; these are the later ones, decoded the same way, in server
	// order. jq, Jackson and browsers use the last value, so the web
	// console likely shows that one: the UI shows them all.
	Dups Dups

	// Other holds the members of the ticket object this type does not know
	// (and case variants of known ones), in server order.
	Other []jsontree.Member
	// Envelope holds members of the response object beside "ticket".
	Envelope []jsontree.Member

	// Event is the decoded content.
	Event Event
	// Tree is the whole ticket object as sent.
	Tree *jsontree.Node
	// Body is the exact response body, for the raw view (DATA-1).
	Body termsafe.Untrusted
	// Warnings are problems that did not stop the ticket from loading,
	// such as trailing data after the response (DATA-7).
	Warnings []error
}

// Dups are the later values of repeated keys, one entry per extra member.
type Dups struct {
	Techniques  [][]Technique
	Assignees   [][]Task
	Approvers   [][]Task
	Attachments [][]Attachment
	Comments    [][]Comment
	Events      []Event
}

// Task is one assignee or approver entry.
type Task struct {
	CompanyGUID Field `sonar:"company_guid"`
	CompanyName Field `sonar:"company_name"`
	UserGUID    Field `sonar:"user_guid"`
	UserName    Field `sonar:"user_name"`
	TaskType    Field `sonar:"task_type"`
	TaskStatus  Field `sonar:"task_status"`
	XLogin      Field `sonar:"x_login"`
	XUser       Field `sonar:"x_user"`
	XDept       Field `sonar:"x_dept"`
	Other       []jsontree.Member
	// Node is the item as sent; it may not even be an object.
	Node *jsontree.Node
}

// Deleted reports whether the account was deleted: Sonar then fills the
// x_login/x_user/x_dept fields.
func (t Task) Deleted() bool { return deleted(t.XLogin, t.XUser, t.XDept) }

// Attachment is one attached file.
type Attachment struct {
	GUID       Field `sonar:"guid"`
	UserGUID   Field `sonar:"user_guid"`
	TicketGUID Field `sonar:"ticket_guid"`
	FileName   Field `sonar:"file_name"`
	// FileSize is a 64-bit byte count.
	FileSize Field `sonar:"file_size"`
	Other    []jsontree.Member
	Node     *jsontree.Node
}

// Comment is one comment of the ticket's thread.
type Comment struct {
	GUID     Field `sonar:"guid"`
	UserGUID Field `sonar:"user_guid"`
	UserName Field `sonar:"user_name"`
	Type     Field `sonar:"type"`
	Format   Field `sonar:"format"`
	Content  Field `sonar:"content"`
	Created  Field `sonar:"created"`
	Updated  Field `sonar:"updated"`
	XLogin   Field `sonar:"x_login"`
	XUser    Field `sonar:"x_user"`
	XDept    Field `sonar:"x_dept"`
	Other    []jsontree.Member
	Node     *jsontree.Node
}

// Deleted reports whether the comment author's account was deleted.
func (c Comment) Deleted() bool { return deleted(c.XLogin, c.XUser, c.XDept) }

// Edited reports whether the comment was changed after it was written.
func (c Comment) Edited() bool {
	if c.Updated.State() != Present {
		return false
	}
	cu, ok1 := c.Created.Time()
	uu, ok2 := c.Updated.Time()
	if ok1 && ok2 {
		return !cu.Equal(uu)
	}
	return termsafe.Unwrap(c.Created.Text()) != termsafe.Unwrap(c.Updated.Text())
}

// IsMarkdown reports whether the comment is Markdown (the default when the
// format is missing, as the web console renders it so).
func (c Comment) IsMarkdown() bool {
	return c.Format.State() != Present || c.Format.Text().IsFold("MARKDOWN")
}

// Technique is one MITRE ATT&CK technique (Sonar 5.0).
type Technique struct {
	MITREID      Field `sonar:"mitre_id"`
	Name         Field `sonar:"name"`
	DisplayName  Field `sonar:"display_name"`
	URL          Field `sonar:"url"`
	TacticsField Field `sonar:"tactics"`
	Tactics      []Tactic
	Other        []jsontree.Member
	Node         *jsontree.Node
}

// Tactic is one MITRE ATT&CK tactic of a technique.
type Tactic struct {
	MITREID Field `sonar:"mitre_id"`
	Name    Field `sonar:"name"`
	Other   []jsontree.Member
	Node    *jsontree.Node
}

func deleted(fs ...Field) bool {
	for _, f := range fs {
		if f.State() == Present {
			return true
		}
	}
	return false
}

// decodeTicketResponse is DecodeResponse, for the client.
func decodeTicketResponse(body []byte) (*Ticket, error) { return DecodeResponse(body) }

// DecodeResponse decodes a Get Ticket response body. {"ticket":null} is
// ErrNotFound; anything that is not the documented shape is a *DecodeError.
func DecodeResponse(body []byte) (*Ticket, error) {
	text := string(body) // one copy, shared by the tree and Ticket.Body
	root, err := jsontree.ParseString(text)
	var trailing *jsontree.TrailingDataError
	var warnings []error
	switch {
	case errors.As(err, &trailing):
		warnings = append(warnings, err)
	case err != nil:
		var se *jsontree.SyntaxError
		if errors.As(err, &se) {
			return nil, &DecodeError{Offset: se.Offset, Err: errors.New(se.Msg)}
		}
		return nil, &DecodeError{Offset: -1, Err: err}
	}
	if root.Kind != jsontree.Object {
		return nil, &DecodeError{Offset: root.Offset(), Err: errors.New("response is not a JSON object")}
	}
	var tn *jsontree.Node
	var envelope []jsontree.Member
	for _, m := range root.Members {
		if m.Key.Is("ticket") && tn == nil {
			tn = m.Value
			continue
		}
		envelope = append(envelope, m)
	}
	switch {
	case tn == nil:
		return nil, &DecodeError{Offset: -1, Err: errors.New(`response has no "ticket" member`)}
	case tn.Kind == jsontree.Null:
		return nil, ErrNotFound
	case tn.Kind != jsontree.Object:
		return nil, &DecodeError{Offset: tn.Offset(), Err: errors.New(`"ticket" is not a JSON object`)}
	}
	t := decodeTicket(tn)
	t.Envelope = envelope
	t.Body = termsafe.Wrap(text)
	t.Warnings = append(warnings, t.Warnings...)
	return t, nil
}

// decodeTicket maps a ticket object. It never fails: whatever does not fit
// the documented shape stays visible through the fields' raw values and
// Other.
func decodeTicket(tn *jsontree.Node) *Ticket {
	t := &Ticket{Tree: tn}
	t.Other = bind(tn, t)
	t.Assignees = decodeList(t.AssigneesField, decodeTask)
	t.Approvers = decodeList(t.ApproversField, decodeTask)
	t.Attachments = decodeList(t.AttachmentsField, decodeAttachment)
	t.Comments = decodeList(t.CommentsField, decodeComment)
	t.Techniques = decodeList(t.MITRETechniques, decodeTechnique)
	t.Event = decodeEvent(t.Format, t.Content)
	t.Dups = Dups{
		Assignees:   decodeDups(t.AssigneesField, decodeTask),
		Approvers:   decodeDups(t.ApproversField, decodeTask),
		Attachments: decodeDups(t.AttachmentsField, decodeAttachment),
		Comments:    decodeDups(t.CommentsField, decodeComment),
		Techniques:  decodeDups(t.MITRETechniques, decodeTechnique),
	}
	for _, c := range t.Content.Duplicates() {
		t.Dups.Events = append(t.Dups.Events, decodeEvent(t.Format, c))
	}
	return t
}

func decodeAttachment(n *jsontree.Node) Attachment {
	v := Attachment{Node: n}
	v.Other = bind(n, &v)
	return v
}

func decodeComment(n *jsontree.Node) Comment {
	v := Comment{Node: n}
	v.Other = bind(n, &v)
	return v
}

func decodeTechnique(n *jsontree.Node) Technique {
	v := Technique{Node: n}
	v.Other = bind(n, &v)
	v.Tactics = decodeList(v.TacticsField, func(n *jsontree.Node) Tactic {
		a := Tactic{Node: n}
		a.Other = bind(n, &a)
		return a
	})
	return v
}

// decodeDups decodes every later value of a repeated list key like the
// first; a value that is not an array decodes to no items (the UI shows
// the field's raw value then).
func decodeDups[T any](f Field, fn func(*jsontree.Node) T) [][]T {
	var out [][]T
	for _, d := range f.Duplicates() {
		out = append(out, decodeList(d, fn))
	}
	return out
}

func decodeTask(n *jsontree.Node) Task {
	v := Task{Node: n}
	v.Other = bind(n, &v)
	return v
}

// decodeList maps every item of an array field. Items that are not objects
// are still passed to fn (with no fields bound) so they stay visible.
func decodeList[T any](f Field, fn func(*jsontree.Node) T) []T {
	if f.Kind() != jsontree.Array {
		return nil
	}
	out := make([]T, 0, len(f.n.Items))
	for _, it := range f.n.Items {
		out = append(out, fn(it))
	}
	return out
}

// Event is the ticket's content, decoded according to its format.
type Event struct {
	// Tree is the decoded JSON document for JSON-format tickets; nil for
	// other formats and for content that is not valid JSON.
	Tree *jsontree.Node
	// Err is why JSON content could not be decoded (a
	// *jsontree.SyntaxError with the byte offset), nil otherwise.
	Err error
	// Trailing is set when valid JSON was followed by more data.
	Trailing error
	// FieldOrder is the parsed field_order hint ("_time, src_ip, ..."):
	// display these keys first, in this order, when present.
	FieldOrder []termsafe.Untrusted
	// IsJSON reports whether the ticket format asks for JSON decoding.
	IsJSON bool
}

func decodeEvent(format, content Field) Event {
	var ev Event
	switch {
	case content.Kind() == jsontree.Object || content.Kind() == jsontree.Array:
		// Not documented, but a server that sends the event as an object
		// instead of a string should still be readable.
		ev.IsJSON = true
		ev.Tree = content.n
	case format.Text().IsFold("JSON") && content.Kind() == jsontree.String:
		ev.IsJSON = true
		tree, err := jsontree.ParseString(termsafe.Unwrap(content.Text()))
		var trailing *jsontree.TrailingDataError
		switch {
		case errors.As(err, &trailing):
			ev.Tree, ev.Trailing = tree, err
		case err != nil:
			ev.Err = err
		default:
			ev.Tree = tree
		}
	}
	if ev.Tree != nil {
		if fo := ev.Tree.Get("field_order"); fo != nil && fo.Kind == jsontree.String {
			ev.FieldOrder = parseFieldOrder(termsafe.Unwrap(fo.Value))
		}
	}
	return ev
}

// parseFieldOrder splits the comma-separated field_order hint (REFERENCE.md
// Q5): names may be absent from the event and the event may have others.
func parseFieldOrder(s string) []termsafe.Untrusted {
	var out []termsafe.Untrusted
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, termsafe.Wrap(p))
		}
	}
	return out
}
