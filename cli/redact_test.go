package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// URLs in error messages lose their user info and query (a pasted link
// may carry ?token=... or user:password@): the messages end up in
// terminals, scrollback, tickets and chat.
func TestURLErrorsRedactSecrets(t *testing.T) {
	t.Parallel()
	const tok, pw = "TOKEN-SENTINEL-91", "PASSWORD-SENTINEL-92"
	guid := sonartest.SeedGUID
	tests := []struct {
		name string
		env  []string
		args []string
		code ExitCode
	}{
		{"--url with a query", nil, []string{"--url", "https://sonar.example.com/?token=" + tok, guid}, ExitUsage},
		{"--url without scheme, with a query", nil, []string{"--url", "sonar.example.com/?token=" + tok, guid}, ExitUsage},
		{"--url with a fragment", nil, []string{"--url", "https://sonar.example.com/#access_token=" + tok, guid}, ExitUsage},
		{"--url with user info", nil, []string{"--url", "https://admin:" + pw + "@sonar.example.com", guid}, ExitUsage},
		{"--url with user info and bad port", nil, []string{"--url", "https://admin:" + pw + "@sonar.example.com:99999", guid}, ExitUsage},
		{"--url insecure with a query", nil, []string{"--url", "http://sonar.example.com/?token=" + tok, guid}, ExitUsage},
		{"--url with a bad scheme and a query", nil, []string{"--url", "ftp://sonar.example.com/?token=" + tok, guid}, ExitUsage},
		{"SONAR_URL with a query", []string{"SONAR_URL=https://sonar.example.com/?token=" + tok}, []string{guid}, ExitUsage},
		{"ticket URL without a GUID", nil, []string{"https://sonar.example.com/#/tickets/1234?token=" + tok}, ExitUsage},
		{"ticket URL with user info", nil, []string{"https://admin:" + pw + "@sonar.example.com/tickets/x"}, ExitUsage},
		{"ticket URL with an access token fragment", nil, []string{"https://sonar.example.com/x#access_token=" + tok}, ExitUsage},
		{"two arguments", nil, []string{guid, "https://sonar.example.com/?token=" + tok}, ExitUsage},
		{"fingerprint with a query", nil, []string{"fingerprint", "https://127.0.0.1:1/?token=" + tok}, ExitNetwork},
		{"fingerprint insecure", nil, []string{"fingerprint", "http://admin:" + pw + "@sonar.example.com/?token=" + tok}, ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := baseEnv(t, append([]string{"SONAR_API_KEY=" + sentinelKey}, tt.env...)...)
			r := runCLI(t, env, tt.args...)
			wantExit(t, r, tt.code)
			wantOneLine(t, r)
			for _, secret := range []string{tok, pw} {
				if strings.Contains(r.stderr+r.stdout, secret) {
					t.Errorf("%s leaked: %s", secret, r.stderr)
				}
			}
		})
	}
	t.Run("config file url with a query", func(t *testing.T) {
		t.Parallel()
		env := baseEnv(t, "SONAR_API_KEY="+sentinelKey)
		cfg := filepath.Join(lookupEnv(env, "XDG_CONFIG_HOME"), "sonar-tui", "config.toml")
		if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, cfg, `url = "https://sonar.example.com/?token=`+tok+`"`+"\n", 0o600)
		r := runCLI(t, env, guid)
		wantExit(t, r, ExitUsage)
		if strings.Contains(r.stderr, tok) {
			t.Errorf("token leaked: %s", r.stderr)
		}
	})
}
