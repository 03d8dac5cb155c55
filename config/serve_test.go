package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestServeTable(t *testing.T) {
	in := testInputs(t, EnvAPIKey, "k")
	path := writeConfig(t, in, `url = "https://sonar.example.com"

[serve]
listen = "0.0.0.0:2222"
authorized_keys = "keys/authorized_keys"
host_key = "/var/lib/sonar-tui/host_key"
audit_log = "-"
idle_timeout = "10m"
max_sessions = 12
`)
	c, err := Load(in)
	if err != nil {
		t.Fatal(err)
	}
	want := Serve{
		Listen: "0.0.0.0:2222", AuthorizedKeys: filepath.Join(filepath.Dir(path), "keys/authorized_keys"),
		HostKey: "/var/lib/sonar-tui/host_key", AuditLog: "-", IdleTimeout: 10 * time.Minute, MaxSessions: 12,
	}
	if c.Serve != want {
		t.Errorf("Serve = %+v\nwant    %+v", c.Serve, want)
	}
}

func TestServeTableErrors(t *testing.T) {
	for _, tc := range []struct {
		name, table, want string
	}{
		{"unknown key", `password_auth = true`, "unknown key"},
		{"bad duration", `idle_timeout = "soon"`, `serve.idle_timeout: "soon" is not a positive duration`},
		{"negative sessions", `max_sessions = -1`, "serve.max_sessions: -1 must be between"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := testInputs(t, EnvAPIKey, "k")
			writeConfig(t, in, "url = \"https://sonar.example.com\"\n\n[serve]\n"+tc.table+"\n")
			_, err := Load(in)
			var fe *FileError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want) || fe.Line != 4 {
				t.Errorf("error %v, want a FileError at line 4 containing %q", err, tc.want)
			}
		})
	}
}
