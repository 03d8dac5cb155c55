package jsontree

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// dump renders a tree compactly for comparisons: strings and keys %q-quoted
// (so invalid bytes show as \xNN), "!" after a duplicate key, "~" after an
// invalid-Unicode string or key. Test-only, so it may recurse.
func dump(n *Node) string {
	var b strings.Builder
	var rec func(n *Node)
	rec = func(n *Node) {
		switch n.Kind {
		case Object:
			b.WriteByte('{')
			for i, m := range n.Members {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strconv.Quote(termsafe.Unwrap(m.Key)))
				if m.Duplicate {
					b.WriteByte('!')
				}
				if m.KeyInvalidUnicode {
					b.WriteByte('~')
				}
				b.WriteByte(':')
				rec(m.Value)
			}
			b.WriteByte('}')
		case Array:
			b.WriteByte('[')
			for i, it := range n.Items {
				if i > 0 {
					b.WriteByte(',')
				}
				rec(it)
			}
			b.WriteByte(']')
		case String:
			b.WriteString(strconv.Quote(termsafe.Unwrap(n.Value)))
			if n.InvalidUnicode {
				b.WriteByte('~')
			}
		default:
			b.WriteString(termsafe.Unwrap(n.Value))
		}
	}
	rec(n)
	return b.String()
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"DATA-3 duplicate and case-variant keys", `{"severity":"low","severity":"critical","Severity":"info"}`,
			`{"severity":"low","severity"!:"critical","Severity":"info"}`},
		{"duplicates beyond the scan limit use the map", `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"a":17,"q":18,"p":19}`,
			`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"a"!:17,"q":18,"p"!:19}`},
		{"third occurrence is also a duplicate", `{"k":1,"k":2,"k":3}`, `{"k":1,"k"!:2,"k"!:3}`},
		{"escaped and raw key are the same key", `{"a":1,"\u0061":2}`, `{"a":1,"a"!:2}`},
		{"DATA-4 64-bit id", `{"id":9007199254740993}`, `{"id":9007199254740993}`},
		{"DATA-4 huge exponent", `1e400`, `1e400`},
		{"DATA-4 negative zero", `-0`, `-0`},
		{"DATA-4 decimal", `0.1`, `0.1`},
		{"number forms kept verbatim", `[1E+2,-0.0e-0,12345678901234567890123,0e5,2.50]`, `[1E+2,-0.0e-0,12345678901234567890123,0e5,2.50]`},
		{"DATA-5 raw invalid byte", "{\"ua\":\"a\xffb\"}", `{"ua":"a\xffb"~}`},
		{"DATA-5 lone surrogate escape", `{"ua":"\ud800"}`, `{"ua":"\xed\xa0\x80"~}`},
		{"lone low surrogate", `"\uDC00x"`, `"\xed\xb0\x80x"~`},
		{"reversed pair is two lone halves", `"\udc00\ud800"`, `"\xed\xb0\x80\xed\xa0\x80"~`},
		{"high surrogate then non-surrogate escape", `"\ud800\u0041"`, `"\xed\xa0\x80A"~`},
		{"high surrogate at end of string", `"a\ud800"`, `"a\xed\xa0\x80"~`},
		{"surrogate pair", `"\ud83d\ude00"`, `"😀"`},
		{"raw WTF-8 surrogate bytes are invalid", "\"\xed\xa0\x80\"", `"\xed\xa0\x80"~`},
		{"truncated UTF-8", "\"\xea\xb0\"", `"\xea\xb0"~`},
		{"invalid key", "{\"k\xfe\":1}", `{"k\xfe"~:1}`},
		{"DATA-6 null empty and containers", `{"a":null,"b":"","c":[],"d":{}}`, `{"a":null,"b":"","c":[],"d":{}}`},
		{"all simple escapes", `"\"\\\/\b\f\n\r\t\u00e9\u0000\u001B"`, `"\"\\/\b\f\n\r\té\x00\x1b"`},
		{"C1 and bidi escapes decode", `"\u009b\u202e"`, `"\u009b\u202e"`},
		{"Korean", `{"msg":"웹 서버 설정 수집 시도"}`, `{"msg":"웹 서버 설정 수집 시도"}`},
		{"whitespace around", " \t\n\r[ 1 , 2 ]\r\n ", `[1,2]`},
		{"top-level string", `"x"`, `"x"`},
		{"top-level literals", `[true,false,null]`, `[true,false,null]`},
		{"nested", `{"a":{"b":[{"c":[]},{}]},"d":[[1],[2,[3]]]}`, `{"a":{"b":[{"c":[]},{}]},"d":[[1],[2,[3]]]}`},
		{"empty key", `{"":1,"":2}`, `{"":1,""!:2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if got := dump(n); got != tt.want {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		trailing       bool // a *TrailingDataError with a tree
	}{
		{"DATA-7 unexpected end", `{"a":`, "unexpected end of JSON input at byte 5", false},
		{"DATA-7 trailing value", `{"a":1} {"a":2}`, "trailing data after JSON value at byte 8", true},
		{"trailing close", `{"a":1}}`, "trailing data after JSON value at byte 7", true},
		{"leading zero", `01`, "trailing data after JSON value at byte 1", true},
		{"empty", ``, "unexpected end of JSON input at byte 0", false},
		{"only whitespace", "  \n", "unexpected end of JSON input at byte 3", false},
		{"bad start", `x`, "invalid character 'x' looking for beginning of value at byte 0", false},
		{"non-ASCII byte", "\xff", `invalid character '\xff' looking for beginning of value at byte 0`, false},
		{"array trailing comma", `[1,]`, "invalid character ']' looking for beginning of value at byte 3", false},
		{"object trailing comma", `{"a":1,}`, "invalid character '}' looking for beginning of object key string at byte 7", false},
		{"unquoted key", `{a:1}`, "invalid character 'a' looking for beginning of object key string at byte 1", false},
		{"missing colon", `{"a" 1}`, "invalid character '1' after object key at byte 5", false},
		{"missing comma in object", `{"a":1 "b":2}`, `invalid character '"' after object key:value pair at byte 7`, false},
		{"missing comma in array", `[1 2]`, "invalid character '2' after array element at byte 3", false},
		{"mismatched close", `[1}`, "invalid character '}' after array element at byte 2", false},
		{"control in string", "\"a\x01\"", `invalid character '\x01' in string literal at byte 2`, false},
		{"newline in string", "\"a\n\"", `invalid character '\n' in string literal at byte 2`, false},
		{"bad escape", `"\x"`, "invalid character 'x' in string escape code at byte 2", false},
		{"bad hex", `"\u12g4"`, `invalid character 'g' in \u hexadecimal character escape at byte 5`, false},
		{"unterminated string", `"abc`, "unexpected end of JSON input at byte 4", false},
		{"minus alone", `-a`, "invalid character 'a' in numeric literal at byte 1", false},
		{"dot without digits", `1.e`, "invalid character 'e' after decimal point in numeric literal at byte 2", false},
		{"exponent without digits", `1e+`, "unexpected end of JSON input at byte 3", false},
		{"exponent letter", `1ex`, "invalid character 'x' in exponent of numeric literal at byte 2", false},
		{"plus sign", `+1`, "invalid character '+' looking for beginning of value at byte 0", false},
		{"short literal", `tru`, "unexpected end of JSON input at byte 3", false},
		{"wrong literal", `trux`, "invalid character 'x' in literal true (expecting 'e') at byte 3", false},
		{"wrong null", `nul1`, "invalid character '1' in literal null (expecting 'l') at byte 3", false},
		{"single quote", `'a'`, `invalid character '\'' looking for beginning of value at byte 0`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := Parse([]byte(tt.in))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Parse(%q) error = %v, want %q", tt.in, err, tt.want)
			}
			var te *TrailingDataError
			var se *SyntaxError
			switch {
			case tt.trailing && (!errors.As(err, &te) || n == nil):
				t.Errorf("want *TrailingDataError and a tree, got %T, tree %v", err, n != nil)
			case !tt.trailing && (!errors.As(err, &se) || n != nil):
				t.Errorf("want *SyntaxError and no tree, got %T, tree %v", err, n != nil)
			}
		})
	}
}

func TestParseTrailingKeepsFirstValue(t *testing.T) {
	t.Parallel()
	n, _ := Parse([]byte(`{"a":1} {"a":2}`))
	if got := dump(n); got != `{"a":1}` {
		t.Errorf("tree = %s, want the first value", got)
	}
}

// TestParseDepth covers DATA-9: the limit is encoding/json's, the parser
// is iterative, and absurd nesting fails fast.
func TestParseDepth(t *testing.T) {
	t.Parallel()
	nested := func(n int, open, close string) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"9999 arrays", nested(9999, "[", "]"), true},
		{"10000 arrays", nested(MaxDepth, "[", "]"), true},
		{"10001 arrays", nested(MaxDepth+1, "[", "]"), false},
		{"10000 objects", strings.Repeat(`{"a":`, MaxDepth-1) + "{}" + strings.Repeat("}", MaxDepth-1), true},
		{"10001 objects", strings.Repeat(`{"a":`, MaxDepth) + "{}" + strings.Repeat("}", MaxDepth), false},
		{"1000000 open brackets", strings.Repeat("[", 1_000_000), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			n, err := Parse([]byte(tt.in))
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v, want < 1s", d)
			}
			if tt.ok {
				if err != nil {
					t.Fatalf("error: %v", err)
				}
				leaves := Flatten(n)
				if len(leaves) != 1 || len(leaves[0].Path) != strings.Count(tt.in, "{")+strings.Count(tt.in, "[")-1 {
					t.Errorf("got %d leaves, want one at the bottom", len(leaves))
				}
				return
			}
			var se *SyntaxError
			if !errors.As(err, &se) || se.Msg != "nesting too deep" || se.Offset > int64(len(tt.in)) {
				t.Fatalf("error = %v, want nesting too deep", err)
			}
		})
	}
}

func TestParseOffsets(t *testing.T) {
	t.Parallel()
	in := ` {"a": [1, "x", null], "b": {}}`
	n, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	a := n.Get("a")
	got := []int64{n.Offset(), a.Offset(), a.Items[0].Offset(), a.Items[1].Offset(), a.Items[2].Offset(), n.Get("b").Offset()}
	want := []int64{1, 7, 8, 11, 16, 28}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("offsets = %v, want %v", got, want)
			break
		}
	}
}

func TestAccessors(t *testing.T) {
	t.Parallel()
	n, err := Parse([]byte(`{"k":1,"K":2,"k":3,"n":null,"a":[1,2,3]}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"Get returns first", dump(n.Get("k")), "1"},
		{"Get is case-sensitive", dump(n.Get("K")), "2"},
		{"Get missing", strconv.FormatBool(n.Get("x") == nil), "true"},
		{"Get on array", strconv.FormatBool(n.Get("a").Get("k") == nil), "true"},
		{"Get on nil", strconv.FormatBool((*Node)(nil).Get("k") == nil), "true"},
		{"GetAll", strconv.Itoa(len(n.GetAll("k"))), "2"},
		{"GetAll order", dump(n.GetAll("k")[1]), "3"},
		{"GetAll missing", strconv.Itoa(len(n.GetAll("x"))), "0"},
		{"Len object", strconv.Itoa(n.Len()), "5"},
		{"Len array", strconv.Itoa(n.Get("a").Len()), "3"},
		{"Len scalar", strconv.Itoa(n.Get("k").Len()), "0"},
		{"Len nil", strconv.Itoa((*Node)(nil).Len()), "0"},
		{"IsNull null", strconv.FormatBool(n.Get("n").IsNull()), "true"},
		{"IsNull number", strconv.FormatBool(n.Get("k").IsNull()), "false"},
		{"IsNull missing", strconv.FormatBool(n.Get("x").IsNull()), "false"},
		{"Kind String", n.Get("a").Kind.String(), "array"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

// TestParseTicket decodes the Get Ticket example response and the JSON
// document carried inside its content string.
func TestParseTicket(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile("testdata/get-ticket.json")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	ticket := resp.Get("ticket")
	if got := termsafe.Unwrap(ticket.Get("id").Value); got != "2" {
		t.Errorf("id = %q", got)
	}
	if got := ticket.Get("assignees").Items[0].Get("user_name").Value; !got.Is("Joshua") {
		t.Errorf("assignee = %q", termsafe.Unwrap(got))
	}
	content, err := Parse([]byte(termsafe.Unwrap(ticket.Get("content").Value)))
	if err != nil {
		t.Fatal(err)
	}
	wantKeys := strings.Fields(`first_seen last_seen priority rule_type rule_id src_ip src_port
		dst_ip dst_port protocol action count msg user host_ip mail_from mail_to mail_cc logger_id
		logger_name field_order url md5 src_asn src_country src_city src_lat src_lng`)
	if len(content.Members) != 28 || len(wantKeys) != 28 {
		t.Fatalf("content has %d keys, want 28", len(content.Members))
	}
	for i, m := range content.Members {
		if !m.Key.Is(wantKeys[i]) || m.Duplicate {
			t.Errorf("key %d = %q, want %q", i, termsafe.Unwrap(m.Key), wantKeys[i])
		}
	}
	checks := map[string]string{
		"msg":         "웹 서버 설정 수집 시도: 20.0.31.172",
		"src_lat":     "37.750999450683594",
		"src_lng":     "-97.8219985961914",
		"logger_name": "ko.logpresso.com ",
		"src_port":    "null",
	}
	for k, want := range checks {
		if got := termsafe.Unwrap(content.Get(k).Value); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

// TestParseBigEscapedString: a string of bigString bytes or more is
// decoded into its own buffer; it must decode exactly as a small one.
func TestParseBigEscapedString(t *testing.T) {
	unit := `a\"b\n\u00e9\ud83d\ude00\ud800x\\`
	small, err := Parse([]byte(`"` + unit + `"`))
	if err != nil {
		t.Fatal(err)
	}
	n := bigString/len(unit) + 2
	big, err := Parse([]byte(`"` + strings.Repeat(unit, n) + `"`))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat(termsafe.Unwrap(small.Value), n)
	if got := termsafe.Unwrap(big.Value); got != want || !big.InvalidUnicode || !small.InvalidUnicode {
		t.Fatalf("big string decoded to %d bytes (invalid %v), want %d bytes (invalid %v)", len(got), big.InvalidUnicode, len(want), small.InvalidUnicode)
	}
}
