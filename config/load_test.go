package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPrecedence is the matrix of the package comment for the two settings
// that have all four layers' worth of sources: flag > env > file > default.
func TestPrecedence(t *testing.T) {
	t.Parallel()
	type layers struct{ flag, env, file bool }
	tests := []struct {
		name        string
		set         layers
		wantURL     string
		wantTimeout time.Duration
		wantSource  SourceKind
	}{
		{name: "all set: flag wins", set: layers{true, true, true}, wantURL: "https://flag.example", wantTimeout: 1 * time.Second, wantSource: SourceFlag},
		{name: "flag and file: flag wins", set: layers{true, false, true}, wantURL: "https://flag.example", wantTimeout: 1 * time.Second, wantSource: SourceFlag},
		{name: "env and file: env wins", set: layers{false, true, true}, wantURL: "https://env.example", wantTimeout: 2 * time.Second, wantSource: SourceEnv},
		{name: "file only", set: layers{false, false, true}, wantURL: "https://file.example", wantTimeout: 3 * time.Second, wantSource: SourceFile},
		{name: "env only", set: layers{false, true, false}, wantURL: "https://env.example", wantTimeout: 2 * time.Second, wantSource: SourceEnv},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := []string{EnvAPIKey, "k"}
			if tt.set.env {
				env = append(env, EnvURL, "https://env.example", EnvTimeout, "2s")
			}
			in := testInputs(t, env...)
			if tt.set.flag {
				in.Flags = Flags{URL: "https://flag.example", Timeout: time.Second}
			}
			path := writeConfig(t, in, "# nothing\n")
			if tt.set.file {
				writeConfig(t, in, "url = \"https://file.example\"\ntimeout = \"3s\"\n")
			}
			cfg, err := Load(in)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.URL.String() != tt.wantURL || cfg.Timeout != tt.wantTimeout {
				t.Errorf("url %v timeout %v, want %v %v", cfg.URL, cfg.Timeout, tt.wantURL, tt.wantTimeout)
			}
			want := map[SourceKind]map[string]Source{
				SourceFlag: {SettingURL: {Kind: SourceFlag, Name: "--url"}, SettingTimeout: {Kind: SourceFlag, Name: "--timeout"}},
				SourceEnv:  {SettingURL: {Kind: SourceEnv, Name: EnvURL}, SettingTimeout: {Kind: SourceEnv, Name: EnvTimeout}},
				SourceFile: {
					SettingURL:     {Kind: SourceFile, Name: path, Profile: "default"},
					SettingTimeout: {Kind: SourceFile, Name: path, Profile: "default"},
				},
			}[tt.wantSource]
			for name, src := range want {
				if cfg.Sources[name] != src {
					t.Errorf("Sources[%s] = %v, want %v", name, cfg.Sources[name], src)
				}
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	in := testInputs(t, EnvURL, "https://e.example", EnvAPIKey, "k")
	cfg, err := Load(in)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Timeout != DefaultTimeout || cfg.Profile != "default" || cfg.ConfigFile != "" {
		t.Errorf("defaults: %v %q %q", cfg.Timeout, cfg.Profile, cfg.ConfigFile)
	}
	for _, name := range []string{SettingTimeout, SettingProfile} {
		if s, ok := cfg.Sources[name]; !ok || s.Kind != SourceDefault {
			t.Errorf("Sources[%s] = %v (present %v), want default", name, s, ok)
		}
	}
	if _, ok := cfg.Sources[SettingConfigFile]; ok {
		t.Error("Sources has config_file although no file was read")
	}
}

func TestNoURL(t *testing.T) {
	t.Parallel()
	in := testInputs(t, EnvAPIKey, "k")
	_, err := Load(in)
	want := "no Sonar URL: set SONAR_URL, --url, or url in " + filepath.Join(in.ConfigDir, "config.toml")
	if !errors.Is(err, ErrNoURL) || err.Error() != want {
		t.Errorf("Load error = %v\nwant %s", err, want)
	}
}

func TestInsecureURLFromEnvAndFlag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		flags   Flags
		env     []string
		wantMsg string
	}{
		{name: "env", env: []string{EnvURL, "http://sonar.example.com"}, wantMsg: "env SONAR_URL: insecure URL http://sonar.example.com"},
		{name: "flag", flags: Flags{URL: "http://sonar.example.com"}, wantMsg: "flag --url: insecure URL http://sonar.example.com"},
		{name: "flag timeout", flags: Flags{URL: "https://a.example", Timeout: -time.Second}, wantMsg: "flag --timeout: invalid setting: timeout -1s must be greater than 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t, tt.env...) // the runner fails the test if called
			in.Flags = tt.flags
			writeConfig(t, in, "api_key_command = \"must not run\"\n")
			_, err := Load(in)
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantMsg) {
				t.Errorf("Load error = %v\nwant prefix %s", err, tt.wantMsg)
			}
		})
	}
	in := testInputs(t, EnvURL, "http://127.0.0.1:8080", EnvAPIKey, "k")
	if cfg, err := Load(in); err != nil || cfg.URL.String() != "http://127.0.0.1:8080" {
		t.Errorf("loopback http: %v", err)
	}
}

// TestSources loads a full profile and checks every setting's recorded
// source and value, including path handling.
func TestSources(t *testing.T) {
	t.Parallel()
	in := testInputs(t, EnvProfile, "prod", EnvTimeout, "45s")
	in.Flags.CAFile = "~/flag-ca.pem"
	path := writeConfig(t, in, `default_profile = "dev"

[profiles.dev]
url = "https://dev.example"

[profiles.prod]
url = "https://sonar.example.com/sonar/"
api_key_file = "prod.key"
ca_file = "ca.pem"
pin_sha256 = "`+validPin+`"
tls_server_name = "sonar.internal"
timeout = "20s"
`)
	writeFile(t, filepath.Join(in.ConfigDir, "prod.key"), sentinel+"\n", 0o600)
	cfg, err := Load(in)
	if err != nil {
		t.Fatal(err)
	}
	file := Source{Kind: SourceFile, Name: path, Profile: "prod"}
	want := map[string]Source{
		SettingProfile:       {Kind: SourceEnv, Name: EnvProfile},
		SettingConfigFile:    {Kind: SourceDefault},
		SettingURL:           file,
		SettingAPIKey:        file,
		SettingCAFile:        {Kind: SourceFlag, Name: "--ca-file"},
		SettingPinSHA256:     file,
		SettingTLSServerName: file,
		SettingTimeout:       {Kind: SourceEnv, Name: EnvTimeout},
		SettingASCII:         {},
	}
	for name, src := range want {
		if cfg.Sources[name] != src {
			t.Errorf("Sources[%s] = %v, want %v", name, cfg.Sources[name], src)
		}
	}
	if len(cfg.Sources) != len(want) {
		t.Errorf("Sources has %d entries, want %d: %v", len(cfg.Sources), len(want), cfg.Sources)
	}
	got := []string{cfg.Profile, cfg.ConfigFile, cfg.URL.String(), cfg.CAFile, cfg.PinSHA256, cfg.TLSServerName, cfg.Timeout.String(), cfg.KeySource.String()}
	wantVals := []string{"prod", path, "https://sonar.example.com/sonar", filepath.Join(in.Home, "flag-ca.pem"), validPin, "sonar.internal", "45s",
		"file: " + filepath.Join(in.ConfigDir, "prod.key")}
	if strings.Join(got, "|") != strings.Join(wantVals, "|") {
		t.Errorf("values\n got %q\nwant %q", got, wantVals)
	}
	if s := cfg.Sources[SettingAPIKey].String(); s != `file `+path+` (profile "prod")` {
		t.Errorf("api_key source renders as %q", s)
	}
}

func TestProfileSelection(t *testing.T) {
	t.Parallel()
	const file = "default_profile = \"b\"\n[profiles.a]\nurl = \"https://a.example\"\n[profiles.b]\nurl = \"https://b.example\"\n"
	tests := []struct {
		name    string
		flags   Flags
		env     []string
		file    string
		wantURL string
		wantSrc Source
	}{
		{name: "default_profile", file: file, wantURL: "https://b.example", wantSrc: Source{Kind: SourceFile, Name: "{config}"}},
		{name: "env beats default_profile", file: file, env: []string{EnvProfile, "a"}, wantURL: "https://a.example", wantSrc: Source{Kind: SourceEnv, Name: EnvProfile}},
		{name: "flag beats env", file: file, env: []string{EnvProfile, "b"}, flags: Flags{Profile: "a"}, wantURL: "https://a.example", wantSrc: Source{Kind: SourceFlag, Name: "--profile"}},
		{name: "implicit default from top-level keys", file: "url = \"https://top.example\"\n[profiles.x]\nurl = \"https://x.example\"\n", wantURL: "https://top.example"},
		{name: "top-level keys chosen by name", file: "url = \"https://top.example\"\n", flags: Flags{Profile: "default"}, wantURL: "https://top.example", wantSrc: Source{Kind: SourceFlag, Name: "--profile"}},
		{name: "named profile beside top-level keys", file: "url = \"https://top.example\"\n[profiles.x]\nurl = \"https://x.example\"\n", env: []string{EnvProfile, "x"}, wantURL: "https://x.example", wantSrc: Source{Kind: SourceEnv, Name: EnvProfile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t, append(tt.env, EnvAPIKey, "k")...)
			in.Flags = tt.flags
			path := writeConfig(t, in, tt.file)
			cfg, err := Load(in)
			if err != nil {
				t.Fatal(err)
			}
			tt.wantSrc.Name = strings.ReplaceAll(tt.wantSrc.Name, "{config}", path)
			if cfg.URL.String() != tt.wantURL || cfg.Sources[SettingProfile] != tt.wantSrc {
				t.Errorf("url %v profile %q from %v; want %v from %v", cfg.URL, cfg.Profile, cfg.Sources[SettingProfile], tt.wantURL, tt.wantSrc)
			}
		})
	}
}

func TestTLSServerName(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"https://sonar", "sonar:443", "a b", "sonar/x"} {
		in := testInputs(t, EnvAPIKey, "k")
		writeConfig(t, in, "url = \"https://a.example\"\ntls_server_name = \""+bad+"\"\n")
		var fe *FileError
		if _, err := Load(in); !errors.As(err, &fe) || fe.Line != 2 || !errors.Is(err, ErrInvalidSetting) {
			t.Errorf("tls_server_name %q: %v", bad, err)
		}
	}
}

// TestSystemInputs is not parallel: it sets the process environment.
func TestSystemInputs(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", xdg)
	t.Setenv(EnvURL, "https://sys.example")
	t.Setenv(EnvAPIKey, sentinel)
	t.Setenv(EnvConfig, "")
	t.Setenv(EnvProfile, "")
	t.Setenv(EnvTimeout, "")
	in := SystemInputs(Flags{})
	if in.ConfigDir != filepath.Join(xdg, "sonar-tui") || in.Home == "" {
		t.Errorf("SystemInputs = %+v", in)
	}
	cfg, err := Load(in)
	if err != nil || cfg.URL.Host != "sys.example" || cfg.KeySource.Kind != KeyFromEnv {
		t.Errorf("Load(SystemInputs) = %v, %v", cfg, err)
	}
	if _, err := os.Stat(in.ConfigDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load created or touched %s: %v", in.ConfigDir, err)
	}
}

// TestREADMEExamples loads every TOML block of the README's configuration section, so the
// documented examples cannot drift from what Load accepts.
func TestREADMEExamples(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(readme), "```toml\n")[1:]
	if len(blocks) < 2 {
		t.Fatalf("found %d TOML blocks in the README", len(blocks))
	}
	for i, b := range blocks {
		b, _, _ = strings.Cut(b, "```")
		in := testInputs(t)
		run := &fakeRunner{out: "k\n"}
		in.RunCommand = run.run
		writeConfig(t, in, b)
		cfg, err := Load(in)
		if err != nil {
			t.Errorf("README block %d: %v", i, err)
			continue
		}
		if run.count() != 1 || cfg.KeySource.Kind != KeyFromCommand {
			t.Errorf("README block %d: key from %v", i, cfg.KeySource)
		}
	}
}
