package config

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestDescribe(t *testing.T) {
	t.Parallel()
	in := testInputs(t, EnvAPIKey, sentinel)
	path := writeConfig(t, in, "url = \"https://sonar.example.com\"\nca_file = \"/etc/ssl/sonar\\u001b[31m.pem\"\n")
	cfg, err := Load(in)
	if err != nil {
		t.Fatal(err)
	}
	file := Source{Kind: SourceFile, Name: path, Profile: "default"}
	want := []Setting{
		{Name: SettingProfile, Value: "default"},
		{Name: SettingConfigFile, Value: path},
		{Name: SettingURL, Value: "https://sonar.example.com", Source: file},
		{Name: SettingAPIKey, Value: "[REDACTED] (from env SONAR_API_KEY)", Source: Source{Kind: SourceEnv, Name: EnvAPIKey}},
		{Name: SettingCAFile, Value: "/etc/ssl/sonar\x1b[31m.pem", Source: file},
		{Name: SettingPinSHA256},
		{Name: SettingTLSServerName},
		{Name: SettingTimeout, Value: "30s"},
		{Name: SettingASCII, Value: "false"},
		{Name: SettingConsoleURL},
		{Name: SettingUserGUID},
	}
	got := cfg.Describe()
	if len(got) != len(want) {
		t.Fatalf("Describe() has %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}

	out := cfg.Redacted()
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasSuffix(l, " ") {
			t.Errorf("line %d has trailing spaces: %q", i, l)
		}
		lines[i] = strings.Join(strings.Fields(l), " ") // columns aside
	}
	flat := strings.Join(lines, "\n")
	for _, line := range []string{
		"url https://sonar.example.com (file " + path + ` (profile "default"))`,
		"api_key [REDACTED] (from env SONAR_API_KEY) (env SONAR_API_KEY)",
		`ca_file /etc/ssl/sonar\x1b[31m.pem (file `,
		"pin_sha256 (not set)\n",
		"timeout 30s (default)",
	} {
		if !strings.Contains(flat, line) {
			t.Errorf("Redacted() lacks %q:\n%s", line, out)
		}
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, sentinel) {
		t.Errorf("Redacted() shows a raw escape or the key:\n%s", out)
	}
}

// TestDescribeBuiltConfig covers a Config built directly, as demo mode does.
func TestDescribeBuiltConfig(t *testing.T) {
	t.Parallel()
	cfg := &Config{
		URL:       &url.URL{Scheme: "http", Host: "127.0.0.1:8080"},
		Key:       NewSecret(sentinel),
		KeySource: KeySource{Kind: KeyFromFile, Path: "/k"},
		Timeout:   time.Second,
		Profile:   "demo",
	}
	out := cfg.Redacted()
	for _, s := range []string{"profile          demo", "api_key          [REDACTED] (from file: /k)", "config_file      (not set)"} {
		if !strings.Contains(out, s) {
			t.Errorf("Redacted() lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, sentinel) {
		t.Error("Redacted() shows the key")
	}
}

func TestSourceString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  Source
		want string
	}{
		{name: "default", want: "default"},
		{name: "flag", src: Source{Kind: SourceFlag, Name: "--url"}, want: "flag --url"},
		{name: "env", src: Source{Kind: SourceEnv, Name: EnvURL}, want: "env SONAR_URL"},
		{name: "file", src: Source{Kind: SourceFile, Name: "/c.toml", Profile: "prod"}, want: `file /c.toml (profile "prod")`},
		{name: "file top-level key", src: Source{Kind: SourceFile, Name: "/c.toml"}, want: "file /c.toml"},
		{name: "escaped path", src: Source{Kind: SourceFile, Name: "/c\x1b.toml"}, want: `file /c\x1b.toml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.src.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
