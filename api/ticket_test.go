package api

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// seedBody is the success response of get-ticket.txt, the authoritative
// page.
func seedBody(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("sonartest/fixtures/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeSeedTicket(t *testing.T) {
	tk, err := DecodeResponse(seedBody(t))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		f    Field
		want string
	}{
		{"id", tk.ID, "2"},
		{"guid", tk.GUID, "49272877-75f2-4c2f-9301-d21c4f9a106d"},
		{"repo", tk.RepoName, "Threat"},
		{"priority", tk.Priority, "LOW"},
		{"status", tk.Status, "APPROVED"},
		{"format", tk.Format, "JSON"},
		{"rule type", tk.RuleType, "STREAM"},
		{"count", tk.Count, "7"},
		{"attack", tk.Attack, "true"},
		{"incident", tk.Incident, "false"},
	}
	for _, c := range checks {
		if got := termsafe.Unwrap(c.f.Text()); got != c.want {
			t.Errorf("%s = %q, want %q", c.name, got, c.want)
		}
	}
	if tk.Closed.State() != Null || tk.XSite.State() != Missing || tk.SiteGUID.State() != Missing {
		t.Errorf("states: closed %v (want null), x_site %v, site_guid %v (want missing)", tk.Closed.State(), tk.XSite.State(), tk.SiteGUID.State())
	}
	if len(tk.Assignees) != 1 || !tk.Assignees[0].UserName.Is("Joshua") || !tk.Assignees[0].TaskStatus.Is("CLOSED") || tk.Assignees[0].Deleted() {
		t.Errorf("assignees: %+v", tk.Assignees)
	}
	if len(tk.Approvers) != 1 || !tk.Approvers[0].UserName.Is("Jerry") {
		t.Errorf("approvers wrong")
	}
	if n, ok := tk.Attachments[0].FileSize.Int(); !ok || n != 124118 {
		t.Errorf("file_size = %d %v", n, ok)
	}
	if len(tk.Comments) != 1 || !tk.Comments[0].IsMarkdown() || tk.Comments[0].Edited() {
		t.Errorf("comments wrong")
	}
	if ct, ok := tk.Created.Time(); !ok || ct.Unix() != 1663144459 {
		t.Errorf("created = %v %v", ct, ok)
	}
	if len(tk.Other) != 0 || len(tk.Envelope) != 0 {
		t.Errorf("seed has no unknown fields, got %d/%d", len(tk.Other), len(tk.Envelope))
	}
	ev := tk.Event
	if ev.Tree == nil || ev.Err != nil || len(ev.Tree.Members) != 28 {
		t.Fatalf("event: %v members, err %v", ev.Tree, ev.Err)
	}
	if got := ev.Tree.Get("logger_name"); got == nil || !got.Value.Is("ko.logpresso.com ") {
		t.Errorf("logger_name must keep its trailing space")
	}
	if len(ev.FieldOrder) != 10 || !ev.FieldOrder[0].Is("_time") || !ev.FieldOrder[9].Is("user_agent") {
		t.Errorf("field_order parsed wrong: %d", len(ev.FieldOrder))
	}
}

func TestDecodeKeepsEverything(t *testing.T) {
	body := `{"ticket":{"id":9007199254740993,"guid":"g","status":"low","status":"critical","Status":"info",` +
		`"new_field_2027":{"x":[1,2]},"title":"","closed":null,"format":"JSON","content":"{\"a\":1} {\"a\":2}",` +
		`"assignees":[1,{"user_name":"x","extra":true}],"comments":"oops"},"meta":1}`
	tk, err := DecodeResponse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := termsafe.Unwrap(tk.ID.Text()); got != "9007199254740993" {
		t.Errorf("id = %s (DATA-4)", got)
	}
	if !tk.Status.Is("low") || len(tk.Status.Duplicates()) != 1 || !tk.Status.Duplicates()[0].Text().Is("critical") {
		t.Errorf("duplicate status not kept (DATA-3)")
	}
	var keys []string
	for _, m := range tk.Other {
		keys = append(keys, termsafe.Unwrap(m.Key))
	}
	if strings.Join(keys, ",") != "Status,new_field_2027" {
		t.Errorf("other = %v (DATA-2, case variants kept)", keys)
	}
	if tk.Title.State() != Present || !tk.Title.Text().IsEmpty() || tk.Closed.State() != Null || tk.XUser.State() != Missing {
		t.Errorf("empty/null/missing not distinct (DATA-6)")
	}
	if tk.Event.Tree == nil || tk.Event.Trailing == nil {
		t.Errorf("trailing data in content: tree %v, trailing %v (DATA-7)", tk.Event.Tree, tk.Event.Trailing)
	}
	if len(tk.Assignees) != 2 || tk.Assignees[0].Node.Kind != jsontree.Number || len(tk.Assignees[1].Other) != 1 {
		t.Errorf("odd assignees not kept visible")
	}
	if tk.CommentsField.Kind() != jsontree.String || tk.Comments != nil {
		t.Errorf("non-array comments must stay as a field")
	}
	if len(tk.Envelope) != 1 || !tk.Envelope[0].Key.Is("meta") {
		t.Errorf("envelope member lost")
	}
}

func TestDecodeResponseErrors(t *testing.T) {
	cases := []struct {
		name string
		body string
		is   error
	}{
		{"not found", `{"ticket": null}`, ErrNotFound},
		{"truncated", `{"ticket": {"id": 2`, nil},
		{"not an object", `[1]`, nil},
		{"no ticket", `{"tickets": []}`, nil},
		{"ticket not an object", `{"ticket": "x"}`, nil},
		{"empty", ``, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk, err := DecodeResponse([]byte(c.body))
			if tk != nil || err == nil {
				t.Fatalf("got %v, %v", tk, err)
			}
			if c.is != nil {
				if !errors.Is(err, c.is) {
					t.Errorf("err %v is not %v", err, c.is)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Errorf("err %T is not a *DecodeError", err)
			}
		})
	}
	// Trailing data after the response is a warning, not a failure.
	tk, err := DecodeResponse([]byte(`{"ticket":{"id":1}} {"x":1}`))
	if err != nil || len(tk.Warnings) != 1 {
		t.Errorf("trailing response data: %v, warnings %v", err, tk)
	}
}

func TestDecodeEventFormats(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		tree    bool
		invalid bool
	}{
		{"json", `{"ticket":{"format":"JSON","content":"{\"a\":1}"}}`, true, false},
		{"invalid json", `{"ticket":{"format":"JSON","content":"{\"a\":"}}`, false, true},
		{"markdown", `{"ticket":{"format":"MARKDOWN","content":"# hi"}}`, false, false},
		{"plain", `{"ticket":{"format":"PLAIN","content":"{\"a\":1}"}}`, false, false},
		{"object content", `{"ticket":{"format":"JSON","content":{"a":1}}}`, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk, err := DecodeResponse([]byte(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if (tk.Event.Tree != nil) != c.tree || (tk.Event.Err != nil) != c.invalid {
				t.Errorf("tree %v err %v", tk.Event.Tree != nil, tk.Event.Err)
			}
			var se *jsontree.SyntaxError
			if c.invalid && !errors.As(tk.Event.Err, &se) {
				t.Errorf("invalid content error %T has no offset", tk.Event.Err)
			}
		})
	}
}

// TestNoRawStringsReachable is TERM-1(a): no exported field or method
// result of any model type reachable from Ticket is a string, so view code
// cannot print server text without termsafe.Escape.
func TestNoRawStringsReachable(t *testing.T) {
	bad, seen := rawStrings(reflect.TypeFor[Ticket]())
	for _, b := range bad {
		t.Errorf("%s is a string", b)
	}
	if !seen[reflect.TypeFor[termsafe.Untrusted]()] || !seen[reflect.TypeFor[jsontree.Node]()] {
		t.Error("the walk did not reach Untrusted and Node: it checks nothing")
	}
	// The walker does find strings where they are.
	type leaky struct {
		Inner struct{ Name string }
	}
	if bad, _ := rawStrings(reflect.TypeFor[leaky]()); len(bad) != 1 {
		t.Errorf("walker missed a string field: %v", bad)
	}
	if bad, _ := rawStrings(reflect.TypeFor[termsafe.Safe]()); len(bad) == 0 {
		t.Errorf("walker missed Safe.Plain() string")
	}
}

// rawStrings walks the exported fields and method results of t and every
// type of this module reachable from it. Allowed: String() of binary-defined
// enums (integer kinds), error values, whose Error() escapes what came
// from outside, and Untrusted's and Key's String/GoString, which escape.
func rawStrings(root reflect.Type) (bad []string, seen map[reflect.Type]bool) {
	seen = map[reflect.Type]bool{}
	errType := reflect.TypeFor[error]()
	var walk func(t reflect.Type, path string)
	walk = func(tt reflect.Type, path string) {
		for tt.Kind() == reflect.Pointer || tt.Kind() == reflect.Slice || tt.Kind() == reflect.Array || tt.Kind() == reflect.Map {
			if tt.Kind() == reflect.Map {
				walk(tt.Key(), path+"[key]")
			}
			tt = tt.Elem()
		}
		if tt.Kind() == reflect.String {
			bad = append(bad, path)
		}
		if seen[tt] || tt == errType || (tt.PkgPath() != "" && !strings.HasPrefix(tt.PkgPath(), "github.com/sonar-tui/sonar-tui")) {
			return
		}
		seen[tt] = true
		for _, recv := range []reflect.Type{tt, reflect.PointerTo(tt)} {
			for i := range recv.NumMethod() {
				m := recv.Method(i)
				if m.Name == "String" && tt.Kind() >= reflect.Int && tt.Kind() <= reflect.Uint64 {
					continue // an enum's name, defined in this binary
				}
				if (tt == reflect.TypeFor[termsafe.Untrusted]() || tt == reflect.TypeFor[termsafe.Key]()) && (m.Name == "String" || m.Name == "GoString") {
					continue // the escaped form, so fmt cannot print the raw text
				}
				for j := range m.Type.NumOut() {
					walk(m.Type.Out(j), path+"."+m.Name+"()")
				}
			}
		}
		if tt.Kind() == reflect.Struct {
			for i := range tt.NumField() {
				if f := tt.Field(i); f.IsExported() {
					walk(f.Type, path+"."+f.Name)
				}
			}
		}
	}
	walk(root, root.Name())
	return bad, seen
}
