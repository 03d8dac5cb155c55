package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// FuzzParse is FUZZ-3: no panic; an error or a tree; every leaf of a tree
// is listed by Flatten (FUZZ-4); Parse accepts exactly what encoding/json
// accepts (trailing data counting as rejection), fails at the same byte
// with the same message, and builds the same value where encoding/json
// can represent it; Indent agrees with Parse and emits safe output.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/get-ticket.json"} {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
		n, _ := Parse(body)
		f.Add([]byte(termsafe.Unwrap(n.Get("ticket").Get("content").Value)))
	}
	for _, s := range []string{
		`{"severity":"low","severity":"critical","Severity":"info"}`,
		`{"id":9007199254740993}`, `1e400`, `-0`, `0.1`,
		"{\"ua\":\"a\xffb\"}", `{"ua":"\ud800"}`, `"\ud83d\ude00\udc00"`,
		`{"a":null,"b":"","c":[],"d":{}}`,
		`{"a":1} {"a":2}`, `{"a":`, `[1,]`, `tru`, `1.`, `-`, `"\u12`,
		`{"new_field_2027":{"x":[1,2]}}`,
		`{"a":"a\u009b31mb\u202ec"}`,
		strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
		strings.Repeat("[", MaxDepth+1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Parse(data)
		var se *SyntaxError
		var te *TrailingDataError
		switch {
		case err == nil && n == nil:
			t.Fatal("no error and no tree")
		case errors.As(err, &te):
			if n == nil || te.Offset <= 0 || te.Offset >= int64(len(data)) {
				t.Fatalf("trailing data error %v with tree %v", err, n != nil)
			}
		case errors.As(err, &se):
			if n != nil || se.Offset < 0 || se.Offset > int64(len(data)) {
				t.Fatalf("syntax error %v with tree %v", err, n != nil)
			}
		case err != nil:
			t.Fatalf("unexpected error type %T", err)
		}
		if n != nil {
			checkLeaves(t, n)
		}
		if valid := json.Valid(data); valid != (err == nil) {
			t.Fatalf("json.Valid = %v but Parse error = %v", valid, err)
		}
		compareStdlibError(t, data, err)
		if err == nil {
			compareStdlibValue(t, data, n)
		}
		checkIndent(t, data, n, err)
	})
}

// checkLeaves asserts the FUZZ-4 property on a parsed tree: Flatten lists
// exactly the leaves a plain recursive walk finds, in the same order, with
// the same paths and duplicate flags.
func checkLeaves(t *testing.T, root *Node) {
	t.Helper()
	var want []Leaf
	var rec func(n *Node, path Path, dup bool)
	rec = func(n *Node, path Path, dup bool) {
		if IsLeaf(n) {
			want = append(want, Leaf{Path: append(Path(nil), path...), Node: n, Duplicate: dup})
			return
		}
		for i, it := range n.Items {
			rec(it, append(path, Step{Index: i, IsIndex: true}), dup)
		}
		for _, m := range n.Members {
			rec(m.Value, append(path, Step{Key: m.Key}), dup || m.Duplicate)
		}
	}
	rec(root, nil, false)
	got := Flatten(root)
	if len(got) != len(want) {
		t.Fatalf("Flatten listed %d leaves, want %d", len(got), len(want))
	}
	if l, _ := FlattenCost(root); l != len(want) {
		t.Fatalf("FlattenCost = %d leaves, want %d", l, len(want))
	}
	for i := range want {
		if got[i].Node != want[i].Node || got[i].Duplicate != want[i].Duplicate || !reflect.DeepEqual(got[i].Path, want[i].Path) {
			t.Fatalf("leaf %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// compareStdlibError checks that a rejection happens where encoding/json's
// does. Its offsets count bytes read (ours+1) except at the end of input,
// and at the end it sometimes names a fictitious ' ' instead of reporting
// an unexpected end.
func compareStdlibError(t *testing.T, data []byte, err error) {
	t.Helper()
	var std *json.SyntaxError
	if stdErr := json.Unmarshal(data, new(any)); !errors.As(stdErr, &std) {
		return
	}
	var se *SyntaxError
	var te *TrailingDataError
	switch {
	case errors.As(err, &te):
		if std.Offset != te.Offset+1 || !strings.HasSuffix(std.Error(), "after top-level value") {
			t.Fatalf("trailing data at %d, encoding/json: %v at %d", te.Offset, std, std.Offset)
		}
	case errors.As(err, &se) && se.Offset == int64(len(data)):
		if std.Offset != se.Offset || !(std.Error() == se.Msg || strings.HasPrefix(std.Error(), "invalid character ' '")) {
			t.Fatalf("%v, encoding/json: %v at %d", err, std, std.Offset)
		}
	case errors.As(err, &se):
		if std.Offset != se.Offset+1 {
			t.Fatalf("%v, encoding/json: %v at %d", err, std, std.Offset)
		}
		c := data[se.Offset]
		if se.Msg != "nesting too deep" && c < utf8.RuneSelf && se.Msg != std.Error() {
			t.Fatalf("message %q, encoding/json %q", se.Msg, std.Error())
		}
	}
}

// compareStdlibValue compares the tree with encoding/json's decoding when
// the latter is lossless: no duplicate keys and no invalid Unicode.
func compareStdlibValue(t *testing.T, data []byte, n *Node) {
	t.Helper()
	v, ok := toAny(n)
	if !ok {
		return
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var std any
	if err := d.Decode(&std); err != nil {
		t.Fatalf("encoding/json failed on input Parse accepted: %v", err)
	}
	if !reflect.DeepEqual(v, std) {
		t.Fatalf("tree differs from encoding/json:\n got %#v\nwant %#v", v, std)
	}
}

// toAny converts n to encoding/json's generic form; false if that form
// would lose information.
func toAny(n *Node) (any, bool) {
	switch n.Kind {
	case Null:
		return nil, true
	case Bool:
		return n.Value.Is("true"), true
	case Number:
		return json.Number(termsafe.Unwrap(n.Value)), true
	case String:
		return termsafe.Unwrap(n.Value), !n.InvalidUnicode
	case Array:
		out := make([]any, 0, len(n.Items))
		for _, it := range n.Items {
			v, ok := toAny(it)
			if !ok {
				return nil, false
			}
			out = append(out, v)
		}
		return out, true
	}
	out := make(map[string]any, len(n.Members))
	for _, m := range n.Members {
		v, ok := toAny(m.Value)
		if !ok || m.Duplicate || m.KeyInvalidUnicode {
			return nil, false
		}
		out[termsafe.Unwrap(m.Key)] = v
	}
	return out, true
}

// checkIndent: Indent fails exactly when Parse does, with the same error;
// its output is valid UTF-8 JSON without unsafe runes and, for valid UTF-8
// input, parses to the same tree.
func checkIndent(t *testing.T, data []byte, n *Node, parseErr error) {
	t.Helper()
	var out bytes.Buffer
	err := Indent(&out, data, "\t")
	if (err == nil) != (parseErr == nil) || (err != nil && err.Error() != parseErr.Error()) {
		t.Fatalf("Indent error %v, Parse error %v", err, parseErr)
	}
	if n == nil {
		return
	}
	b := out.Bytes()
	if !utf8.Valid(b) || !json.Valid(b) {
		t.Fatalf("Indent output is not valid UTF-8 JSON: %q", b)
	}
	for _, r := range string(b) {
		if r != '\n' && r != '\t' && unsafeRune(r) {
			t.Fatalf("Indent output holds raw %U: %q", r, b)
		}
	}
	if !utf8.Valid(data) {
		return
	}
	m, err := Parse(b)
	if err != nil || dump(m) != dump(n) {
		t.Fatalf("Parse(Indent(x)) = %s, %v\nwant %s", dump(m), err, dump(n))
	}
}
