package api

import (
	"strconv"
	"time"

	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// TimeLayout is the API's timestamp format, yyyy-MM-dd HH:mm:ssZ in Java
// terms ("2022-09-14 17:34:19+0900"): not RFC 3339.
const TimeLayout = "2006-01-02 15:04:05-0700"

// State says whether a field was sent, and how.
type State uint8

// The states a field can be in. Missing and Null are different things to
// an analyst (DATA-6): a field the server did not send versus one it sent
// as null.
const (
	Missing State = iota
	Null
	Present
)

// String names the state; used in tests and debug output.
func (s State) String() string {
	switch s {
	case Missing:
		return "missing"
	case Null:
		return "null"
	default:
		return "present"
	}
}

// Field is one value exactly as the server sent it. It never converts or
// fails: typed accessors report whether the value has the expected type,
// and the UI shows the literal when it does not.
type Field struct {
	n *jsontree.Node
	// dups are later members with the same key in the same object (DATA-3).
	dups []*jsontree.Node
}

// State reports whether the field is missing, null or present.
func (f Field) State() State {
	switch {
	case f.n == nil:
		return Missing
	case f.n.Kind == jsontree.Null:
		return Null
	default:
		return Present
	}
}

// Node is the value's tree, nil when missing.
func (f Field) Node() *jsontree.Node { return f.n }

// NodeField is the Field of a decoded value, such as a member of the event
// (nil: missing), so it reads like a ticket field (Time, Int, ...).
func NodeField(n *jsontree.Node) Field { return Field{n: n} }

// Kind is the JSON kind of the value (Null when missing).
func (f Field) Kind() jsontree.Kind {
	if f.n == nil {
		return jsontree.Null
	}
	return f.n.Kind
}

// Text is the string value, or the literal of a number or boolean. It is
// empty for missing, null, arrays and objects.
func (f Field) Text() termsafe.Untrusted {
	if f.n == nil || f.n.Kind == jsontree.Null {
		return termsafe.Untrusted{}
	}
	return f.n.Value
}

// Is reports whether the field is a string equal to s.
func (f Field) Is(s string) bool {
	return f.n != nil && f.n.Kind == jsontree.String && f.n.Value.Is(s)
}

// Bool returns the value of a JSON boolean.
func (f Field) Bool() (v, ok bool) {
	if f.n == nil || f.n.Kind != jsontree.Bool {
		return false, false
	}
	return f.n.Value.Is("true"), true
}

// Int returns the value of a JSON number that is an exact 64-bit integer.
func (f Field) Int() (int64, bool) {
	if f.n == nil || f.n.Kind != jsontree.Number {
		return 0, false
	}
	v, err := strconv.ParseInt(termsafe.Unwrap(f.n.Value), 10, 64)
	return v, err == nil
}

// Float returns the value of a JSON number as a float64.
func (f Field) Float() (float64, bool) {
	if f.n == nil || f.n.Kind != jsontree.Number {
		return 0, false
	}
	v, err := strconv.ParseFloat(termsafe.Unwrap(f.n.Value), 64)
	return v, err == nil
}

// Time parses a timestamp in TimeLayout. An unparseable value is not an
// error for the ticket: ok is false and the UI shows the raw text.
func (f Field) Time() (t time.Time, ok bool) {
	if f.n == nil || f.n.Kind != jsontree.String {
		return time.Time{}, false
	}
	t, err := time.Parse(TimeLayout, termsafe.Unwrap(f.n.Value))
	return t, err == nil
}

// Duplicates are the values of later members with the same key, in server
// order. The first value is the field itself.
func (f Field) Duplicates() []Field {
	out := make([]Field, len(f.dups))
	for i, d := range f.dups {
		out[i] = Field{n: d}
	}
	return out
}
