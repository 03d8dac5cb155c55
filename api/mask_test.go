package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// jsonEscapeAll writes every character of s as a JSON \u escape, as a
// server that echoes a header through a JSON encoder with ASCII-only output
// would.
func jsonEscapeAll(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xFFFF {
			r1, r2 := 0xD800+((r-0x10000)>>10), 0xDC00+((r-0x10000)&0x3FF)
			fmt.Fprintf(&b, `\u%04X\u%04x`, r1, r2)
			continue
		}
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
}

// HTTP-11: the key is masked in what the server sent after that text is
// decoded, not only in the raw bytes: an error_msg that spells the key with
// JSON escapes would otherwise come out in clear once decoded.
func TestKeyMaskedAfterDecoding(t *testing.T) {
	const slashKey = "ab/cd+SENTINEL/ef=="
	tests := []struct {
		name, key, ct, body string
	}{
		{"error_msg with \\u escapes", testKey, "application/json",
			`{"error_code":"bad-key","error_msg":"you sent Bearer ` + jsonEscapeAll(testKey) + `"}`},
		{"error_code with \\u escapes", testKey, "application/json",
			`{"error_code":"` + jsonEscapeAll(testKey) + `","error_msg":"x"}`},
		{"error_msg with \\/", slashKey, "application/json",
			`{"error_code":"bad-key","error_msg":"you sent ` + strings.ReplaceAll(slashKey, "/", `\/`) + `"}`},
		{"mixed escapes", testKey, "application/json",
			`{"error_code":"bad-key","error_msg":"` + testKey[:4] + jsonEscapeAll(testKey[4:9]) + testKey[9:] + `"}`},
		{"JSON without error_code: snippet", testKey, "application/json",
			`{"echo":"` + jsonEscapeAll(testKey) + `"}`},
		{"HTML entities in a proxy page", testKey, "text/html",
			`<p>Authorization: Bearer ` + htmlEntities(testKey) + `</p>`},
		{"percent-encoded in a plain page", slashKey, "text/plain",
			`you sent ` + strings.NewReplacer("/", "%2F", "+", "%2b", "=", "%3D").Replace(slashKey)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dbg syncBuffer
			ts := setup(t)
			ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
				reply(w, http.StatusUnauthorized, tt.ct, tt.body)
			})
			key := tt.key
			c := newTestClient(t, ts.srv.URL, WithAPIKey(func() string { return key }), WithDebug(&dbg))
			_, err := c.GetTicket(context.Background(), testGUID)
			if err == nil {
				t.Fatal("no error")
			}
			out := fmt.Sprintf("%v|%+v|%#v|%s", err, err, err, unwrapAll(err)) + dbg.String()
			if strings.Contains(out, key) {
				t.Errorf("the key leaked:\n%s", out)
			}
			if !strings.Contains(err.Error(), "<masked>") {
				t.Errorf("the error masks nothing: %v", err)
			}
		})
	}
}

func htmlEntities(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i%2 == 0 {
			fmt.Fprintf(&b, "&#%d;", r)
		} else {
			fmt.Fprintf(&b, "&#x%X;", r)
		}
	}
	return b.String()
}

// --debug shows the first 512 bytes of each body. A key that straddles
// that cut must not show its first characters (it leaked 16 of 17).
func TestDebugSnippetCutNeverShowsPartOfTheKey(t *testing.T) {
	for _, enc := range []struct {
		name string
		f    func(string) string
	}{{"literal", func(s string) string { return s }}, {"json escapes", jsonEscapeAll}} {
		key := enc.f(testKey)
		for _, start := range []int{debugSnippet - len(key) - 1, debugSnippet - len(key), debugSnippet - len(key) + 1,
			debugSnippet - 10, debugSnippet - 1, debugSnippet, debugSnippet + 1} {
			t.Run(fmt.Sprintf("%s at %d", enc.name, start), func(t *testing.T) {
				// Keys before the cut, masked, shorten the text shown: the
				// cut must still be taken on the server's bytes.
				pad := strings.Repeat(key, max(start-8, 0)/len(key))
				pad += strings.Repeat("x", start-len(pad))
				body := pad + key + strings.Repeat("y", 600)
				var dbg syncBuffer
				ts := setup(t, WithDebug(&dbg))
				ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
					reply(w, http.StatusInternalServerError, "text/plain", body)
				})
				_, err := ts.client.GetTicket(context.Background(), testGUID)
				out := dbg.String() + fmt.Sprint(err)
				// Any 5-character piece of the key (escaped or not) is a leak.
				for i := 0; i+5 <= len(testKey); i++ {
					if strings.Contains(out, testKey[i:i+5]) {
						t.Fatalf("key fragment %q leaked:\n%s", testKey[i:i+5], out)
					}
				}
				if enc.name == "json escapes" {
					for i := 0; i+30 <= len(key); i += 6 {
						if strings.Contains(out, key[i:i+30]) {
							t.Fatalf("escaped key fragment %q leaked:\n%s", key[i:i+30], out)
						}
					}
				}
				if !strings.Contains(out, "body: ") {
					t.Fatalf("no body line in the trace:\n%s", out)
				}
			})
		}
	}
}

func TestMaskSecrets(t *testing.T) {
	t.Parallel()
	const key = "aé/𝄞+b"
	m := &masker{key: func() string { return key }, extra: []string{"xyz"}}
	tests := []struct{ in, want string }{
		{"", ""},
		{"nothing here", "nothing here"},
		{key, "<masked>"},
		{"[" + key + "][" + key + "]", "[<masked>][<masked>]"},
		{jsonEscapeAll(key), "<masked>"},
		{strings.ToUpper(jsonEscapeAll(key)), "<masked>"},
		{`a\u00e9\/𝄞+b`, "<masked>"},
		{`a\u00e9/\ud834\udd1e+b`, "<masked>"},
		{"a%C3%A9%2F%F0%9D%84%9E%2Bb", "<masked>"},
		{"a&eacute;/𝄞+b", "a&eacute;/𝄞+b"}, // named entities other than the XML five are not decoded
		{"a&#233;&#x2F;&#119070;&#43;b", "<masked>"},
		{"aé/𝄞+", "aé/𝄞+"},         // a prefix is not the key
		{`a\u00e9\/`, `a\u00e9\/`}, // nor an escaped one
		{"--xyz--", "--<masked>--"},
		{"\xff" + key + "\xfe", "\xff<masked>\xfe"},
	}
	for _, tt := range tests {
		if got := m.mask(tt.in); got != tt.want {
			t.Errorf("mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// maskHead: a key that starts before the limit is masked whole.
	s := strings.Repeat("x", 10) + jsonEscapeAll(key)
	for limit := 0; limit <= len(s); limit++ {
		got := m.maskHead(s, limit)
		if strings.Contains(got, `\u0061\u00e9`) || (limit > 10 && !strings.HasSuffix(got, "<masked>")) {
			t.Errorf("maskHead(%d) = %q", limit, got)
		}
		if !utf8.ValidString(got) {
			t.Errorf("maskHead(%d) = %q: not UTF-8", limit, got)
		}
	}
}

// The key is checked as a header value before it is set: a newline or
// other control would otherwise split the Authorization header (or let
// net/http fail with a message of its own). Nothing is sent.
func TestKeyHeaderValueChecked(t *testing.T) {
	for _, key := range []string{"abc\r\nX-Evil: 1", "abc\n", "a\x00b", "a\x7fb", "a\tb"} {
		t.Run(fmt.Sprintf("%q", key), func(t *testing.T) {
			ts := setup(t)
			ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
				reply(w, 200, "application/json", ticketJSON)
			})
			c := newTestClient(t, ts.srv.URL, WithAPIKey(func() string { return key }))
			_, err := c.GetTicket(context.Background(), testGUID)
			if err != ErrInvalidAPIKey {
				t.Errorf("error = %v, want exactly ErrInvalidAPIKey", err)
			}
			if n := ts.hits.Load(); n != 0 {
				t.Errorf("server saw %d requests, want 0", n)
			}
		})
	}
}
