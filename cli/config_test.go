package cli

import (
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// TestConfiguration runs the binary with a config file and key sources
// as a user sets them up. Every configuration problem exits 2 before any
// request, with a message that says what to fix.
func TestConfiguration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		config  string            // config.toml content; "" for none
		files   map[string]string // extra files in the config dir, mode 0600
		env     []string          // extra environment; {dir} is the config dir
		keyMode os.FileMode       // chmod the "key" file to this, if set
		caFile  string            // --ca-file, relative to the config dir
		code    ExitCode
		stderr  string
	}{
		{name: "key from api_key_command",
			config: "url = \"{url}\"\napi_key_command = \"printf " + sentinelKey + "\"\n",
			code:   ExitOK},
		{name: "key from SONAR_API_KEY_FILE",
			files: map[string]string{"key": sentinelKey + "\n"},
			env:   []string{"SONAR_URL={url}", "SONAR_API_KEY_FILE={dir}/key"},
			code:  ExitOK},
		{name: "profile from SONAR_PROFILE",
			config: "[profiles.lab]\nurl = \"{url}\"\napi_key_command = \"printf " + sentinelKey + "\"\n",
			env:    []string{"SONAR_PROFILE=lab"},
			code:   ExitOK},
		{name: "unknown profile",
			config: "[profiles.lab]\nurl = \"{url}\"\n",
			env:    []string{"SONAR_PROFILE=prod", "SONAR_API_KEY=" + sentinelKey},
			code:   ExitUsage, stderr: `unknown profile "prod"`},
		{name: "bad TOML names the line",
			config: "# sonar\nurl = \n",
			env:    []string{"SONAR_API_KEY=" + sentinelKey},
			code:   ExitUsage, stderr: "config.toml:2"},
		{name: "no key",
			env:  []string{"SONAR_URL={url}"},
			code: ExitUsage, stderr: "no API key"},
		{name: "failing key command",
			config: "url = \"{url}\"\napi_key_command = \"echo vault is sealed >&2; exit 3\"\n",
			code:   ExitUsage, stderr: "vault is sealed"},
		{name: "key file readable by others",
			files:   map[string]string{"key": sentinelKey},
			env:     []string{"SONAR_URL={url}", "SONAR_API_KEY_FILE={dir}/key"},
			keyMode: 0o644,
			code:    ExitUsage, stderr: "chmod 600"},
		{name: "bad CA file",
			files:  map[string]string{"ca.pem": "garbage"},
			env:    []string{"SONAR_URL={url}", "SONAR_API_KEY=" + sentinelKey},
			caFile: "ca.pem",
			code:   ExitUsage, stderr: "no certificates found in ca_file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, url := startSonar(t)
			env := baseEnv(t)
			dir := filepath.Join(lookupEnv(env, "XDG_CONFIG_HOME"), "sonar-tui")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			expand := strings.NewReplacer("{url}", url, "{dir}", dir).Replace
			if tt.config != "" {
				writeFile(t, filepath.Join(dir, "config.toml"), expand(tt.config), 0o600)
			}
			for name, content := range tt.files {
				writeFile(t, filepath.Join(dir, name), content, 0o600)
			}
			if tt.keyMode != 0 {
				if err := os.Chmod(filepath.Join(dir, "key"), tt.keyMode); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"--json", sonartest.SeedGUID}
			if tt.caFile != "" {
				args = append(args, "--ca-file", filepath.Join(dir, tt.caFile))
			}
			for _, e := range tt.env {
				env = append(env, expand(e))
			}
			r := runCLI(t, env, args...)
			wantExit(t, r, tt.code)
			if tt.code == ExitOK {
				if !strings.Contains(r.stdout, `"guid": "`+sonartest.SeedGUID+`"`) {
					t.Errorf("stdout:\n%.300s", r.stdout)
				}
				return
			}
			wantOneLine(t, r)
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.stderr)
			}
			if n := s.Requests(); n != 0 {
				t.Errorf("server received %d requests despite a configuration error", n)
			}
		})
	}
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

// lookupEnv returns the last value of name in env, as os/exec would use.
func lookupEnv(env []string, name string) string {
	v := ""
	for _, e := range env {
		if rest, ok := strings.CutPrefix(e, name+"="); ok {
			v = rest
		}
	}
	return v
}

// TestTLS: a self-signed server is refused by default and trusted through
// --ca-file or a pin_sha256 from the config file (HTTP-2/3); the refusal
// happens in the handshake, so the server sees no request.
func TestTLS(t *testing.T) {
	t.Parallel()
	s := sonartest.New(sonartest.WithAPIKey(sentinelKey))
	ts := httptest.NewTLSServer(s)
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close)
	pin := api.SPKIPin(ts.Certificate())
	wrongPin := "sha256//" + strings.Repeat("A", 43) + "="

	tests := []struct {
		name   string
		config string // {url} is the server URL
		caFile bool
		code   ExitCode
		stderr string
	}{
		{name: "self-signed refused", code: ExitNetwork, stderr: "TLS connection"},
		{name: "ca file", caFile: true, code: ExitOK},
		{name: "pin", config: "url = \"{url}\"\npin_sha256 = \"" + pin + "\"\n", code: ExitOK},
		{name: "wrong pin", config: "url = \"{url}\"\npin_sha256 = \"" + wrongPin + "\"\n", code: ExitNetwork, stderr: pin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.Requests()
			env := baseEnv(t, "SONAR_API_KEY="+sentinelKey)
			dir := filepath.Join(lookupEnv(env, "XDG_CONFIG_HOME"), "sonar-tui")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if tt.config != "" {
				writeFile(t, filepath.Join(dir, "config.toml"), strings.ReplaceAll(tt.config, "{url}", ts.URL), 0o600)
			} else {
				env = append(env, "SONAR_URL="+ts.URL)
			}
			args := []string{"--json", sonartest.SeedGUID}
			if tt.caFile {
				ca := filepath.Join(dir, "ca.pem")
				writeFile(t, ca, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})), 0o600)
				args = append(args, "--ca-file", ca)
			}
			r := runCLI(t, env, args...)
			wantExit(t, r, tt.code)
			if tt.code == ExitOK {
				return
			}
			wantOneLine(t, r)
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.stderr)
			}
			if n := s.Requests() - before; n != 0 {
				t.Errorf("server received %d requests despite the TLS failure", n)
			}
		})
	}
}
