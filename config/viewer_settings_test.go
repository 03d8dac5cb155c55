package config

import (
	"errors"
	"strings"
	"testing"
)

// TestDisplaySettings: ascii and console_url follow the precedence of
// every setting (flag > env > file > default) and reject bad values with
// the key and its line.
func TestDisplaySettings(t *testing.T) {
	cases := []struct {
		name      string
		env       []string
		flag      bool
		file      string
		wantASCII bool
		wantSrc   SourceKind
		wantURL   string
		wantErr   string
	}{
		{name: "default", wantSrc: SourceDefault},
		{name: "file", file: "ascii = true\nconsole_url = \"{base}/ui/#/ticket/{guid}\"\n", wantASCII: true, wantSrc: SourceFile, wantURL: "{base}/ui/#/ticket/{guid}"},
		{name: "env beats file", env: []string{EnvASCII, "0"}, file: "ascii = true\n", wantSrc: SourceEnv},
		{name: "flag beats env", env: []string{EnvASCII, "0"}, flag: true, wantASCII: true, wantSrc: SourceFlag},
		{name: "env 1", env: []string{EnvASCII, "1"}, wantASCII: true, wantSrc: SourceEnv},
		{name: "bad env", env: []string{EnvASCII, "maybe"}, wantErr: `SONAR_ASCII: invalid setting: "maybe" is not a switch`},
		{name: "quoted bool", file: "ascii = \"true\"\n", wantErr: "must be true or false"},
		{name: "no guid", file: "console_url = \"{base}/#/tickets/\"\n", wantErr: "must contain {guid}"},
		{name: "not http", file: "console_url = \"javascript:alert({guid})\"\n", wantErr: "must be an http(s) URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := testInputs(t, append([]string{EnvURL, "https://sonar.example.com", EnvAPIKey, "k"}, c.env...)...)
			in.Flags.ASCII = c.flag
			if c.file != "" {
				writeConfig(t, in, c.file)
			}
			cfg, err := Load(in)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err %v, want %q", err, c.wantErr)
				}
				if !errors.Is(err, ErrInvalidSetting) && !strings.Contains(c.wantErr, "true or false") {
					t.Errorf("err %v is not ErrInvalidSetting", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.ASCII != c.wantASCII || cfg.Sources[SettingASCII].Kind != c.wantSrc || cfg.ConsoleURL != c.wantURL {
				t.Errorf("ascii %v from %v, console_url %q", cfg.ASCII, cfg.Sources[SettingASCII], cfg.ConsoleURL)
			}
		})
	}
}
