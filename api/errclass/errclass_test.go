package errclass_test

import (
	"strings"
	"testing"

	"errors"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/errclass"
	"github.com/sonar-tui/sonar-tui/api/errclass/errclasstest"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	seen := map[errclass.Kind]bool{}
	for _, c := range errclasstest.Cases() {
		got := errclass.Classify(c.Err)
		seen[got.Kind] = true
		if got.Kind != c.Kind {
			t.Errorf("%s: kind %s, want %s", c.Name, got.Kind, c.Kind)
		}
		if got.Title == "" {
			t.Errorf("%s: no title", c.Name)
		}
	}
	for _, k := range errclass.Kinds() {
		if !seen[k] {
			t.Errorf("kind %s has no case in errclasstest", k)
		}
		if strings.Contains(k.String(), "unknown") {
			t.Errorf("kind %d has no name", k)
		}
	}
}

// TestHintEscaped: a TLS hint may quote the configured host; it reaches
// the screen only escaped.
func TestHintEscaped(t *testing.T) {
	t.Parallel()
	c := errclass.Classify(&api.TLSError{Host: "h", Hint: "set ca_file for \x1b]0;x\x07", Err: errors.New("bad cert")})
	if strings.ContainsAny(c.Hint, "\x1b\x07") || !strings.Contains(c.Hint, `\x1B]0;x\x07`) {
		t.Errorf("hint %q", c.Hint)
	}
}
