package jsontree

import (
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// rows renders Flatten's output one leaf per line as "path = value", with
// " (dup)" on rows below a duplicate key.
func rows(t *testing.T, in string) string {
	t.Helper()
	n, err := Parse([]byte(in))
	if err != nil {
		t.Fatalf("Parse(%q): %v", in, err)
	}
	var b strings.Builder
	for _, l := range Flatten(n) {
		b.WriteString(l.Path.Safe().Plain() + " = " + LeafText(l.Node).Plain())
		if l.Duplicate {
			b.WriteString(" (dup)")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestFlatten(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"DATA-2 unknown field", `{"known":1,"new_field_2027":{"x":[1,2]}}`,
			"known = 1\nnew_field_2027.x[0] = 1\nnew_field_2027.x[1] = 2\n"},
		{"DATA-3 three rows, second duplicate", `{"severity":"low","severity":"critical","Severity":"info"}`,
			"severity = low\nseverity = critical (dup)\nSeverity = info\n"},
		{"duplicate flag reaches nested leaves", `{"a":{"b":1},"a":{"b":2,"c":[3]}}`,
			"a.b = 1\na.b = 2 (dup)\na.c[0] = 3 (dup)\n"},
		{"DATA-6 four distinct tokens", `{"a":null,"b":"","c":[],"d":{}}`,
			"a = null\nb = \"\"\nc = []\nd = {}\n"},
		{"DATA-4 literals", `{"id":9007199254740993,"e":1e400,"z":-0,"f":0.1,"t":true,"no":false}`,
			"id = 9007199254740993\ne = 1e400\nz = -0\nf = 0.1\nt = true\nno = false\n"},
		{"keys needing quotes", `{"a.b":1,"":2,"1a":3,"a\"b\\":4,"user-agent":{"x y":5}}`,
			"[\"a.b\"] = 1\n[\"\"] = 2\n[\"1a\"] = 3\n[\"a\\\"b\\\\\"] = 4\n[\"user-agent\"][\"x y\"] = 5\n"},
		{"top-level array", `[{"a":1},[],[[2]]]`, "[0].a = 1\n[1] = []\n[2][0][0] = 2\n"},
		{"top-level scalar", `"x"`, ". = x\n"},
		{"top-level empty object", `{}`, ". = {}\n"},
		{"string value escaped", `{"ua":"a\u001b[2Jb\nc"}`, "ua = a\\x1B[2Jb\\x0Ac\n"},
		{"DATA-5 invalid bytes shown", "{\"ua\":\"a\xffb\"}", "ua = a\\xFFb\n"},
		{"Korean key is quoted", `{"메시지":"값"}`, "[\"메시지\"] = 값\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := rows(t, tt.in); got != tt.want {
				t.Errorf("rows(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPathSafeEscapesKeys(t *testing.T) {
	t.Parallel()
	key := "k\x1b]52;c;QQ==\x07\u009b31m"
	p := Path{{Key: termsafe.Wrap(key)}, {Index: 3, IsIndex: true}}
	s := p.Safe()
	plain := s.Plain()
	if strings.ContainsAny(plain, "\x1b\x07\u009b") {
		t.Errorf("Path.Safe().Plain() = %q holds raw controls", plain)
	}
	if !strings.HasPrefix(plain, `["k\x1B`) || !strings.HasSuffix(plain, `"][3]`) {
		t.Errorf("Path.Safe().Plain() = %q", plain)
	}
	if s.EscapeCount() == 0 {
		t.Error("no escape spans")
	}
}

func TestLeafText(t *testing.T) {
	t.Parallel()
	n, err := Parse([]byte(`{"s":"x","e":"","n":null,"a":[1,2],"one":[1],"o":{"k":1},"m":{"k":1,"j":2},"ea":[],"eo":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		node *Node
		want string
	}{
		{"string", n.Get("s"), "x"},
		{"empty string", n.Get("e"), `""`},
		{"null", n.Get("n"), "null"},
		{"missing", n.Get("nope"), "(missing)"},
		{"array", n.Get("a"), "[2 items]"},
		{"one item", n.Get("one"), "[1 item]"},
		{"object", n.Get("o"), "{1 member}"},
		{"members", n.Get("m"), "{2 members}"},
		{"empty array", n.Get("ea"), "[]"},
		{"empty object", n.Get("eo"), "{}"},
	}
	for _, tt := range tests {
		if got := LeafText(tt.node).Plain(); got != tt.want {
			t.Errorf("%s: LeafText = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFlattenCost(t *testing.T) {
	t.Parallel()
	n, err := Parse([]byte(`{"a":[1,{"b":2}],"c":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	leaves, steps := FlattenCost(n)
	if leaves != 3 || steps != 2+3+1 {
		t.Errorf("FlattenCost = %d, %d; want 3, 6", leaves, steps)
	}
	if l, s := FlattenCost(nil); l != 0 || s != 0 {
		t.Errorf("FlattenCost(nil) = %d, %d", l, s)
	}
	if Flatten(nil) != nil {
		t.Error("Flatten(nil) != nil")
	}
}
