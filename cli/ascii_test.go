package cli

import (
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// TestASCIIPlain: --ascii and SONAR_ASCII=1 print the plain report with
// ASCII symbols only (the demo ticket's own text aside); a bad
// SONAR_ASCII is a configuration error.
func TestASCIIPlain(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		env  []string
		args []string
	}{
		{"flag", nil, []string{"--demo", "--ascii", "--plain", sonartest.SeedGUID}},
		{"env", []string{"SONAR_ASCII=1"}, []string{"--demo", "--plain", sonartest.SeedGUID}},
		{"server", []string{"SONAR_ASCII=true"}, []string{"--plain", sonartest.SeedGUID}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := baseEnv(t, c.env...)
			if c.name == "server" {
				_, url := startSonar(t)
				env = sonarEnv(t, url, c.env...)
			}
			r := runCLI(t, env, c.args...)
			wantExit(t, r, ExitOK)
			for _, glyph := range []string{"▼", "·", "•", "…", "─", "✓", "●", "→"} {
				if strings.Contains(r.stdout, glyph) {
					t.Errorf("ASCII report draws %q:\n%.600s", glyph, r.stdout)
				}
			}
			if !strings.Contains(r.stdout, "v LOW") || !strings.Contains(r.stdout, "Joshua + CLOSED") {
				t.Errorf("ASCII report lacks the ASCII badges:\n%.600s", r.stdout)
			}
		})
	}
	r := runCLI(t, baseEnv(t, "SONAR_ASCII=maybe"), "--demo", "--plain", sonartest.SeedGUID)
	wantExit(t, r, ExitUsage)
	if !strings.Contains(r.stderr, "SONAR_ASCII") {
		t.Errorf("stderr %q does not name SONAR_ASCII", r.stderr)
	}
}
