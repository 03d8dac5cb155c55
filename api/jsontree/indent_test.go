package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

func indentString(t *testing.T, in string) (string, error) {
	t.Helper()
	var b bytes.Buffer
	err := Indent(&b, []byte(in), "  ")
	return b.String(), err
}

func TestIndentLayout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"nested", `{"a":[1,{"b":null}],"c":{},"d":[ ],"e":"x"}`,
			"{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {},\n  \"d\": [],\n  \"e\": \"x\"\n}"},
		{"order, duplicates and numbers kept", `{"b":1e400,"a":-0,"b":9007199254740993,"B":0.10}`,
			"{\n  \"b\": 1e400,\n  \"a\": -0,\n  \"b\": 9007199254740993,\n  \"B\": 0.10\n}"},
		{"top-level scalar", " \n true \n", "true"},
		{"top-level empty array", "[\n]", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := indentString(t, tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Indent(%q) = %q, %v\nwant %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestIndentStrings checks the TERM-13 re-encoding of string contents;
// the same rules apply to keys.
func TestIndentStrings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"TERM-13 C1 and bidi escapes", `"a\u009b31mb\u202ec"`, `"a\u009b31mb\u202ec"`},
		{"TERM-13 raw C1 and bidi", "\"a\u009b31mb\u202ec\"", `"a\u009b31mb\u202ec"`},
		{"quote and backslash stay escaped", `"\"\\"`, `"\"\\"`},
		{"short control escapes", `"\b\f\n\r\t"`, `"\b\f\n\r\t"`},
		{"other C0 and DEL", "\"\\u0000\\u001B\x7f\"", `"\u0000\u001b\u007f"`},
		{"safe escapes become characters", `"\u0041\/\u00e9"`, `"A/é"`},
		{"Korean kept", `"웹 서버"`, `"웹 서버"`},
		{"emoji pair kept as UTF-8", `"\ud83d\ude00"`, `"😀"`},
		{"invalid byte as text", "\"a\xffb\"", `"a\\xFFb"`},
		{"raw surrogate bytes as text", "\"\xed\xa0\x80\"", `"\\xED\\xA0\\x80"`},
		{"lone surrogates kept as escapes", `"\ud800x\uDC00\ud800"`, `"\ud800x\udc00\ud800"`},
		{"soft hyphen", "\"\u00ad\"", `"\u00ad"`},
		{"zero width space and BOM", "\"\u200b\ufeff\"", `"\u200b\ufeff"`},
		{"Arabic letter mark", "\"\u061c\"", `"\u061c"`},
		{"line and paragraph separators", "\"\u2028\u2029\"", `"\u2028\u2029"`},
		{"private use", "\"\ue000\U000F0000\"", `"\ue000\udb80\udc00"`},
		{"noncharacters", "\"\ufdd0\ufffe\U0001FFFF\"", `"\ufdd0\ufffe\ud83f\udfff"`},
		{"tag characters", "\"\U000E0041\"", `"\udb40\udc41"`},
		{"non-ASCII space kept", "\"\u00a0\u3000\"", "\"\u00a0\u3000\""},
		{"key re-encoded", "{\"k\u202e\xff\":1}", "{\n  \"k\\u202e\\\\xFF\": 1\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := indentString(t, tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Indent(%q) = %q, %v\nwant %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestIndentTERM13(t *testing.T) {
	t.Parallel()
	got, err := indentString(t, `{"a":"a\u009b31mb\u202ec"}`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, `\u009b`) || !strings.Contains(got, `\u202e`) {
		t.Errorf("output %q lacks \\u009b or \\u202e", got)
	}
	if strings.Contains(got, "\xc2\x9b") || strings.Contains(got, "\xe2\x80\xae") {
		t.Errorf("output %q holds raw C1 or bidi bytes", got)
	}
}

func TestIndentErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"unexpected end", `{"a":`, "unexpected end of JSON input at byte 5"},
		{"invalid character", `{"a":x}`, "invalid character 'x' looking for beginning of value at byte 5"},
		{"too deep", strings.Repeat("[", MaxDepth+1), "nesting too deep at byte 10000"},
		{"trailing data", `{"a":1} {"a":2}`, "trailing data after JSON value at byte 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := indentString(t, tt.in)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Indent(%q) error = %v, want %q", tt.in, err, tt.want)
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestIndentWriteError(t *testing.T) {
	t.Parallel()
	if err := Indent(failWriter{}, []byte(`[1]`), "  "); err == nil || err.Error() != "disk full" {
		t.Errorf("error = %v, want disk full", err)
	}
}

// TestIndentRoundTrip: for valid UTF-8 input, Indent changes nothing
// Parse can see, and for input without unsafe characters it matches
// encoding/json's Indent byte for byte.
func TestIndentRoundTrip(t *testing.T) {
	t.Parallel()
	ticket, err := os.ReadFile("testdata/get-ticket.json")
	if err != nil {
		t.Fatal(err)
	}
	content, _ := Parse(ticket)
	tests := []struct {
		name    string
		in      string
		stdSame bool // output equals json.Indent's
	}{
		{"ticket response", string(ticket), true},
		{"ticket content", termsafe.Unwrap(content.Get("ticket").Get("content").Value), true},
		{"duplicates and exact numbers", `{"severity":"low","severity":"critical","Severity":"info","id":9007199254740993,"e":1e400}`, true},
		{"escapes and lone surrogates", `{"a":"\u009b\u202e\ud800\u0000\"\\\/\t","b":["\ud83d\ude00"],"c\u2028":{}}`, false},
		{"hostile", `{"A\u001b]52;c;ZXZpbA==\u0007B":"\u001b[2JC\u009b31mD\u202eE"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got bytes.Buffer
			if err := Indent(&got, []byte(tt.in), "  "); err != nil {
				t.Fatal(err)
			}
			a, errA := Parse([]byte(tt.in))
			b, errB := Parse(got.Bytes())
			if errA != nil || errB != nil || dump(a) != dump(b) {
				t.Errorf("Parse(Indent(x)) differs:\n in %s\nout %s\n(%v, %v)", dump(a), dump(b), errA, errB)
			}
			if tt.stdSame {
				var std bytes.Buffer
				if err := json.Indent(&std, []byte(tt.in), "", "  "); err != nil {
					t.Fatal(err)
				}
				// json.Indent copies trailing whitespace; Indent drops it.
				if want := strings.TrimRight(std.String(), " \t\r\n"); want != got.String() {
					t.Errorf("Indent differs from json.Indent:\n got %s\nwant %s", got.String(), want)
				}
			}
		})
	}
}

// TestIndentDepthCap: indentation stops at MaxIndentDepth, so output stays
// linear in the input however deep it nests.
func TestIndentDepthCap(t *testing.T) {
	t.Parallel()
	in := strings.Repeat("[", MaxDepth) + "1" + strings.Repeat("]", MaxDepth)
	got, err := indentString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	widest := 0
	for _, line := range strings.Split(got, "\n") {
		widest = max(widest, len(line)-len(strings.TrimLeft(line, " ")))
	}
	if widest != 2*MaxIndentDepth || len(got) > 3*2*MaxIndentDepth*MaxDepth {
		t.Errorf("deepest indent %d spaces, output %d bytes", widest, len(got))
	}
	if n, err := Parse([]byte(got)); err != nil || len(Flatten(n)[0].Path) != MaxDepth {
		t.Errorf("capped output does not parse to the same tree: %v", err)
	}
}
