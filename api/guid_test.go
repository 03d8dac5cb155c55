package api

import (
	"errors"
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

func FuzzParseGUID(f *testing.F) {
	for _, s := range append(badIDs, testGUID, "https://sonar/#/tickets/"+testGUID) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGUID(s)
		if err != nil {
			return
		}
		// Whatever was accepted is a bare lower-case GUID: nothing else can
		// reach the request path.
		if !guidExact.MatchString(g) || g != strings.ToLower(g) {
			t.Fatalf("ParseGUID(%q) = %q", s, g)
		}
	})
}
