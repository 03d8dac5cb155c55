package termsafe

import "testing"

func TestRedactURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"https://sonar.example.com", "https://sonar.example.com"},
		{"https://sonar.example.com/sonar/", "https://sonar.example.com/sonar/"},
		{"https://sonar.example.com/?token=x", "https://sonar.example.com/?…"},
		{"https://sonar.example.com?token=x#y", "https://sonar.example.com?…"},
		{"https://sonar.example.com/#/tickets/x?token=y", "https://sonar.example.com/#…"},
		{"https://admin:pw@sonar.example.com:8443/a", "https://…@sonar.example.com:8443/a"},
		{"https://a@b:pw@sonar.example.com", "https://…@sonar.example.com"},
		{"admin:pw@sonar.example.com/x?y", "…@sonar.example.com/x?…"},
		{"sonar.example.com/?token=x", "sonar.example.com/?…"},
		{"https://sonar.example.com/a@b", "https://sonar.example.com/a@b"},
		{"not a url", "not a url"},
		// A "://" inside the query or fragment is not a scheme (found by
		// FuzzParseGUID: the query was repeated in the message).
		{"?00000://", "?…"},
		{"?token=secret://x", "?…"},
		{"#t=a://b", "#…"},
		{"sonar/x?t=a://b", "sonar/x?…"},
	} {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
