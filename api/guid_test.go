package api

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// badIDs is the HTTP-15 list plus URL forms that must not yield a GUID.
var badIDs = []string{
	"../../admin/users",
	"1?x=1",
	"1%2f..%2fadmin",
	"1\x00",
	testGUID + "\n",
	"\n" + testGUID,
	" " + testGUID,
	testGUID + "\x00",
	"49272877-75f2-4c2f-9301-d21c4f9a106g",
	"4927287775f24c2f9301d21c4f9a106d",
	"{" + testGUID + "}",
	testGUID + "/../../admin",
	testGUID + "%2f..%2fadmin",
	"",
	"https://sonar.example.com/",
	"https://sonar.example.com/#/tickets/1%2f..%2fadmin",
	"https://sonar.example.com/#/tickets/" + testGUID + "\n",
	"https://sonar.example.com/#/tickets/ " + testGUID,
	"https://sonar.example.com/#/tickets/" + testGUID + "0",
	"https://sonar.example.com/#/tickets/a" + testGUID,
	"https://" + testGUID + "/",
	"ftp://sonar.example.com/tickets/" + testGUID,
	"javascript:alert('" + testGUID + "')",
	"https://sonar.example.com/repos/5f0ba741-7551-400d-8bd6-1f14a6e8536d/x/" + testGUID,
	"https://sonar.example.com/\\" + testGUID,
	strings.Repeat("a", 3000),
}

func TestParseGUID(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"exact", testGUID, testGUID},
		{"upper case", strings.ToUpper(testGUID), testGUID},
		{"hash route", "https://sonar.example.com/#/tickets/" + testGUID, testGUID},
		{"hash route with query", "https://sonar.example.com/#/tickets/" + testGUID + "?tab=comments", testGUID},
		{"path and query", "https://sonar.example.com/tickets/" + testGUID + "?tab=comments", testGUID},
		{"http scheme, port", "HTTP://192.0.2.1:8443/#/tickets/" + testGUID, testGUID},
		{"query parameter", "https://sonar/ticket?guid=" + testGUID, testGUID},
		{"same GUID twice", "https://sonar/tickets/" + testGUID + "#" + testGUID, testGUID},
		{"several GUIDs, one after tickets/",
			"https://sonar/#/tickets/" + testGUID + "?repo=5f0ba741-7551-400d-8bd6-1f14a6e8536d", testGUID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseGUID(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseGUID(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseGUID_Rejects(t *testing.T) {
	for _, in := range badIDs {
		got, err := ParseGUID(in)
		var ge *GUIDError
		if err == nil || !errors.Is(err, ErrInvalidGUID) || !errors.As(err, &ge) || got != "" {
			t.Errorf("ParseGUID(%q) = %q, %v; want *GUIDError", in, got, err)
			continue
		}
		// TERM-13: the message is printable whatever was pasted.
		if msg := err.Error(); strings.ContainsAny(msg, "\x00\n\r\x1b") || len(msg) > 300 {
			t.Errorf("ParseGUID(%q) error message not safe or too long: %q", in, msg)
		}
	}
}

// FuzzParseGUID: the properties that keep anything but a bare GUID out of
// the request path, and the error readable and free of secrets. CI runs it
// with -fuzz for a short while (.ci/run), not only on the seeds.
func FuzzParseGUID(f *testing.F) {
	for _, s := range append(badIDs, testGUID, strings.ToUpper(testGUID), "https://sonar/#/tickets/"+testGUID,
		"https://u:pw@sonar/?token=x&t="+testGUID, "https://sonar/x/"+testGUID+"/tickets/"+testGUID) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGUID(s)
		if err != nil {
			var ge *GUIDError
			if !errors.As(err, &ge) || !errors.Is(err, ErrInvalidGUID) || g != "" {
				t.Fatalf("ParseGUID(%q) = %q, %#v: want only a *GUIDError", s, g, err)
			}
			msg := err.Error()
			// One short line, escaped: the input may be a pasted megabyte
			// holding escape sequences.
			if strings.ContainsFunc(msg, func(r rune) bool { return r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) }) ||
				len(msg) > 80*12+200 {
				t.Fatalf("ParseGUID(%q): message %q has a control character or is too long", s, msg)
			}
			// Nothing of a query is repeated.
			if _, q, ok := strings.Cut(s, "?"); ok && len(q) >= 8 && strings.Contains(msg, "?"+q) {
				t.Fatalf("ParseGUID(%q): message %q repeats the query", s, msg)
			}
			return
		}
		// Whatever was accepted is a bare lower-case GUID: nothing else can
		// reach the request path.
		if !guidExact.MatchString(g) || g != strings.ToLower(g) {
			t.Fatalf("ParseGUID(%q) = %q", s, g)
		}
		// It is stable, and it was in the input.
		if again, err := ParseGUID(g); err != nil || again != g {
			t.Fatalf("ParseGUID(%q) = %q, %v: not stable", g, again, err)
		}
		if !strings.Contains(strings.ToLower(s), g) {
			t.Fatalf("ParseGUID(%q) = %q, which is not in the input", s, g)
		}
		if guidExact.MatchString(s) {
			return
		}
		// From a URL: http(s), no space, control or backslash anywhere,
		// and the GUID after the host, never the host itself.
		if !hasHTTPScheme(s) || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\\' }) {
			t.Fatalf("ParseGUID(%q) = %q: accepted a URL it should refuse", s, g)
		}
		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("ParseGUID(%q) accepted an unparsable URL", s)
		}
		if strings.Contains(strings.ToLower(u.Host), g) && strings.Count(strings.ToLower(s), g) == 1 {
			t.Fatalf("ParseGUID(%q) = %q, taken from the host", s, g)
		}
	})
}
