package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

const validPin = "sha256////////////////////////////////////////////8="

func TestConfigFileErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		file     string
		env      []string
		wantIs   error // checked with errors.Is when set
		wantLine int
		wantMsg  string
	}{
		{
			name:     "unknown top-level key",
			file:     "url = \"https://a.example\"\n\ntimeuot = \"5s\"\n",
			wantIs:   ErrUnknownKey,
			wantLine: 3,
			wantMsg:  `unknown key timeuot; known keys: default_profile, [profiles.NAME], url, api_key_file`,
		},
		{
			name:     "unknown profile key",
			file:     "default_profile = \"prod\"\n[profiles.prod]\nurl = \"https://a.example\"\nurll = \"x\"\n",
			wantIs:   ErrUnknownKey,
			wantLine: 4,
			wantMsg:  `unknown key profiles.prod.urll;`,
		},
		{
			name:     "key in wrong case",
			file:     "# comment\nURL = \"https://a.example\"\n",
			wantIs:   ErrUnknownKey,
			wantLine: 2,
			wantMsg:  `unknown key URL;`,
		},
		{
			name:     "unknown table",
			file:     "url = \"https://a.example\"\n[server]\nport = 1\n",
			wantIs:   ErrUnknownKey,
			wantLine: 2,
			wantMsg:  `unknown key server;`,
		},
		{
			name:     "syntax error",
			file:     "url = \"https://a.example\"\n\n[profiles.prod\nurl = \"x\"\n",
			wantLine: 3,
		},
		{
			name:     "unterminated string",
			file:     "# c\n# c\n# c\nurl = \"https://a.example\n",
			wantLine: 4,
		},
		{
			name:     "integer timeout",
			file:     "url = \"https://a.example\"\ntimeout = 30\n",
			wantLine: 2,
			wantMsg:  "timeout: must be a string in quotes, not an integer",
		},
		{
			name:     "table where string expected",
			file:     "url = \"https://a.example\"\n\n[ca_file]\nx = \"y\"\n",
			wantLine: 3,
			wantMsg:  "ca_file: must be a string in quotes, not a table",
		},
		{
			name:     "http URL in a profile",
			file:     "default_profile = \"prod\"\n\n[profiles.prod]\nurl = \"http://sonar.example.com\"\n",
			env:      []string{EnvAPIKey, "k"},
			wantIs:   ErrInsecureURL,
			wantLine: 4,
			wantMsg:  `url (profile "prod"): insecure URL http://sonar.example.com`,
		},
		{
			name:     "bad pin",
			file:     "url = \"https://a.example\"\npin_sha256 = \"abcd\"\n",
			env:      []string{EnvAPIKey, "k"},
			wantIs:   ErrInvalidSetting,
			wantLine: 2,
			wantMsg:  `pin_sha256 (profile "default"): invalid setting: pin_sha256 "abcd" is not in curl's --pinnedpubkey form`,
		},
		{
			name:     "timeout too long",
			file:     "url = \"https://a.example\"\ntimeout = \"1h\"\n",
			env:      []string{EnvAPIKey, "k"},
			wantIs:   ErrInvalidSetting,
			wantLine: 2,
			wantMsg:  "timeout 1h0m0s must be greater than 0 and at most 10m0s",
		},
		{
			name:     "both key command and key file",
			file:     "url = \"https://a.example\"\napi_key_command = \"pass x\"\napi_key_file = \"k\"\n",
			wantLine: 3,
			wantMsg:  "both api_key_command and api_key_file are set; keep one",
		},
		{
			name:     "top-level settings and profiles.default",
			file:     "url = \"https://a.example\"\n[profiles.default]\nurl = \"https://b.example\"\n",
			wantLine: 2,
			wantMsg:  `[profiles.default] defines again`,
		},
		{
			name:     "default_profile names a missing profile",
			file:     "default_profile = \"stage\"\n[profiles.prod]\nurl = \"https://a.example\"\n",
			wantIs:   ErrUnknownProfile,
			wantLine: 1,
			wantMsg:  `:1: default_profile: unknown profile "stage"; the file defines: "prod"`,
		},
		{
			name:    "profiles without a default",
			file:    "[profiles.b]\nurl = \"https://b.example\"\n[profiles.a]\nurl = \"https://a.example\"\n",
			wantIs:  ErrNoProfile,
			wantMsg: `the file defines profiles "a", "b" but no default_profile; set default_profile, or use --profile or SONAR_PROFILE`,
		},
		{
			name:     "control characters in a key are escaped",
			file:     "\"evil\\u001b]0;x\\u0007\" = 1\n",
			wantIs:   ErrUnknownKey,
			wantLine: 1,
			wantMsg:  `unknown key "evil\u001b]0;x\u0007";`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t, tt.env...)
			path := writeConfig(t, in, tt.file)
			_, err := Load(in)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("Load error = %v (%T), want *FileError", err, err)
			}
			if fe.Path != path || fe.Line != tt.wantLine {
				t.Errorf("FileError at %s:%d, want %s:%d (%v)", fe.Path, fe.Line, path, tt.wantLine, err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v is not %v", err, tt.wantIs)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path+":") || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message %q\nwant prefix %q and text %q", msg, path+":", tt.wantMsg)
			}
			if strings.ContainsAny(msg, "\x1b\x07") {
				t.Errorf("message contains raw control characters: %q", msg)
			}
		})
	}
}

func TestSyntaxErrorKeepsParseError(t *testing.T) {
	t.Parallel()
	in := testInputs(t)
	writeConfig(t, in, "url = \n")
	_, err := Load(in)
	var pe toml.ParseError
	if !errors.As(err, &pe) || pe.Position.Line != 1 {
		t.Errorf("error %v does not expose the toml.ParseError at line 1", err)
	}
}

func TestUnknownProfile(t *testing.T) {
	t.Parallel()
	const file = "default_profile = \"prod\"\n[profiles.prod]\nurl = \"https://p.example\"\n[profiles.dev]\nurl = \"https://d.example\"\n"
	tests := []struct {
		name    string
		flags   Flags
		env     []string
		file    bool
		wantMsg string
	}{
		{name: "flag", flags: Flags{Profile: "staging"}, file: true,
			wantMsg: `unknown profile "staging" (from flag --profile); `},
		{name: "env", env: []string{EnvProfile, "qa"}, file: true,
			wantMsg: `unknown profile "qa" (from env SONAR_PROFILE); `},
		{name: "no config file", flags: Flags{Profile: "prod"},
			wantMsg: `unknown profile "prod" (from flag --profile): no config file found at `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t, tt.env...)
			in.Flags = tt.flags
			if tt.file {
				path := writeConfig(t, in, file)
				tt.wantMsg += path + ` defines: "dev", "prod"`
			}
			_, err := Load(in)
			if !errors.Is(err, ErrUnknownProfile) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Load error = %v\nwant ErrUnknownProfile with %q", err, tt.wantMsg)
			}
		})
	}
}

func TestConfigFileLocation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		flags    Flags
		env      []string
		wantErr  bool
		wantFile string // relative to home, "" for none
	}{
		{name: "missing default file is fine"},
		{name: "missing --config is an error", flags: Flags{ConfigPath: "nope.toml"}, wantErr: true},
		{name: "missing SONAR_CONFIG is an error", env: []string{EnvConfig, "/nonexistent/c.toml"}, wantErr: true},
		{name: "--config with tilde", flags: Flags{ConfigPath: "~/other.toml"}, wantFile: "other.toml"},
		{name: "--config beats SONAR_CONFIG", flags: Flags{ConfigPath: "~/other.toml"}, env: []string{EnvConfig, "/nonexistent"}, wantFile: "other.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t, append(tt.env, EnvURL, "https://e.example", EnvAPIKey, "k")...)
			in.Flags = tt.flags
			writeFile(t, filepath.Join(in.Home, "other.toml"), "timeout = \"5s\"\n", 0o644)
			cfg, err := Load(in)
			if tt.wantErr {
				var fe *FileError
				if !errors.As(err, &fe) || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "does not exist") {
					t.Errorf("Load error = %v, want a FileError wrapping fs.ErrNotExist", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if tt.wantFile != "" {
				want = filepath.Join(in.Home, tt.wantFile)
			}
			if cfg.ConfigFile != want {
				t.Errorf("ConfigFile = %q, want %q", cfg.ConfigFile, want)
			}
		})
	}
}

func TestConfigFilePermissions(t *testing.T) {
	t.Parallel()
	const file = "url = \"https://a.example\"\napi_key_command = \"pass show sonar\"\n"
	tests := []struct {
		name    string
		mode    os.FileMode
		otherID bool // pretend the file belongs to someone else
		wantMsg string
	}{
		{name: "0600 ok", mode: 0o600},
		{name: "0644 ok: the file holds no key", mode: 0o644},
		{name: "0666 refused", mode: 0o666, wantMsg: "mode 0666 lets group or others change it, and it can name a command to run; run chmod go-w "},
		{name: "0620 refused", mode: 0o620, wantMsg: "mode 0620 lets group or others change it"},
		{name: "0602 refused", mode: 0o602, wantMsg: "mode 0602 lets group or others change it"},
		{name: "other owner refused", mode: 0o600, otherID: true, wantMsg: "not by you"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t)
			run := &fakeRunner{out: sentinel + "\n"}
			in.RunCommand = run.run
			if tt.otherID {
				in.getuid = func() int { return os.Getuid() + 1 }
			}
			path := writeFile(t, filepath.Join(in.ConfigDir, "config.toml"), file, tt.mode)
			cfg, err := Load(in)
			if tt.wantMsg == "" {
				if err != nil || run.count() != 1 || cfg.Key.Reveal() != sentinel {
					t.Errorf("Load = %v; runner calls %d", err, run.count())
				}
				return
			}
			if !errors.Is(err, ErrUnsafeConfigFile) || !strings.Contains(err.Error(), tt.wantMsg) || !strings.HasPrefix(err.Error(), path) {
				t.Errorf("Load error = %v\nwant ErrUnsafeConfigFile with %q", err, tt.wantMsg)
			}
			if run.count() != 0 {
				t.Errorf("api_key_command ran %d times from a refused config file", run.count())
			}
		})
	}
}

func TestKeyLine(t *testing.T) {
	t.Parallel()
	const doc = `# header
url = "x"
desc = """
fake = 1
"""
[profiles.prod]
ca_file = 'c'
a.b = 1
"quoted.key" = 2
[profiles."odd.name"]
url = "y"
inline = { deep = 1 }
[[arr]]
z = 1
`
	cf := &configFile{data: []byte(doc)}
	tests := []struct {
		name string
		key  toml.Key
		want int
	}{
		{name: "top-level", key: toml.Key{"url"}, want: 2},
		{name: "inside multi-line string is not a key", key: toml.Key{"fake"}, want: 0},
		{name: "table header", key: toml.Key{"profiles", "prod"}, want: 6},
		{name: "key in table", key: toml.Key{"profiles", "prod", "ca_file"}, want: 7},
		{name: "dotted key", key: toml.Key{"profiles", "prod", "a", "b"}, want: 8},
		{name: "implicit table of dotted key", key: toml.Key{"profiles", "prod", "a"}, want: 8},
		{name: "quoted key with dot", key: toml.Key{"profiles", "prod", "quoted.key"}, want: 9},
		{name: "quoted table name", key: toml.Key{"profiles", "odd.name", "url"}, want: 11},
		{name: "inside inline table falls back to its key", key: toml.Key{"profiles", "odd.name", "inline", "deep"}, want: 12},
		{name: "array of tables", key: toml.Key{"arr", "z"}, want: 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := cf.keyLine(tt.key); got != tt.want {
				t.Errorf("keyLine(%v) = %d, want %d", tt.key, got, tt.want)
			}
		})
	}
}

func TestProfileKeysMatchSchema(t *testing.T) {
	t.Parallel()
	want := "url api_key_file api_key_command ca_file pin_sha256 tls_server_name timeout ascii console_url user_guid"
	if got := strings.Join(profileKeys(), " "); got != want {
		t.Errorf("profileKeys = %q, want %q (update README.md too)", got, want)
	}
}
