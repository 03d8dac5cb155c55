package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// An invalid ticket GUID is refused before anything else happens: no
// config file is read (a broken one is not even reported) and the key
// command does not run, so a typo costs nothing and reveals nothing.
func TestGUIDCheckedBeforeConfigAndKeyCommand(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, config string }{
		{"key command not run", "url = \"https://sonar.example.com\"\napi_key_command = \"touch MARKER; echo key\"\n"},
		{"broken config not read", "url = \"https://sonar.example.com\"\napi_key_command = \"touch MARKER; echo key\"\nbogus = 1\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := baseEnv(t)
			dir := filepath.Join(lookupEnv(env, "XDG_CONFIG_HOME"), "sonar-tui")
			marker := filepath.Join(dir, "ran")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "config.toml"), strings.ReplaceAll(tt.config, "MARKER", marker), 0o600)
			// The same setup with a valid GUID does run the command: the
			// test can see it.
			r := runCLI(t, env, "--json", "not-a-guid")
			wantExit(t, r, ExitUsage)
			if !strings.Contains(r.stderr, "invalid ticket GUID") {
				t.Errorf("stderr %q: want the GUID error first", r.stderr)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Error("api_key_command ran for an invalid GUID")
			}
			_ = runCLI(t, env, "--json", "--timeout", "1s", sonartest.SeedGUID)
			if _, err := os.Stat(marker); (err == nil) != (tt.name == "key command not run") {
				t.Errorf("with a valid GUID: key command ran = %v, want %v", err == nil, tt.name == "key command not run")
			}
		})
	}
}
