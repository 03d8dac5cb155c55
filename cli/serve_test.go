package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeRefusesToStart: every unsafe or incomplete setup stops
// `sonar-tui serve` before it listens, with one line and exit code 2.
func TestServeRefusesToStart(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBvyKsVA0yOTs3XOXJqSmwaHTLH8Rdl2xnVYuOObTl4J"
	good := write("good", key+" alice\n", 0o600)
	empty := write("empty", "# nobody\n", 0o600)
	loose := write("loose", key+" alice\n", 0o666)
	from := write("from", `from="10.9.9.9" `+key+" alice\n", 0o600)
	missingHostKey := filepath.Join(dir, "no-such-host-key")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no authorized keys", []string{"serve", "--demo"}, "serve needs --authorized-keys FILE"},
		{"empty authorized keys", []string{"serve", "--demo", "--authorized-keys", empty}, "no keys"},
		{"world-writable authorized keys", []string{"serve", "--demo", "--authorized-keys", loose}, "writable by group or others"},
		{"from= option", []string{"serve", "--demo", "--authorized-keys", from}, "line 1: unsupported option from="},
		{"named host key missing", []string{"serve", "--demo", "--authorized-keys", good, "--host-key", missingHostKey}, "start once with --init-host-key"},
		{"argument", []string{"serve", "--demo", "extra"}, `serve takes no arguments, got "extra"`},
		{"url with demo", []string{"serve", "--demo", "--url", "https://x.example"}, "--url cannot be used with --demo"},
		{"unknown flag", []string{"serve", "--password-auth"}, "unknown flag --password-auth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, baseEnv(t), tc.args...)
			wantExit(t, r, ExitUsage)
			wantOneLine(t, r)
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr %q, want %q", r.stderr, tc.want)
			}
		})
	}
	if _, err := os.Stat(missingHostKey); err == nil {
		t.Error("a named host key was created without --init-host-key")
	}
}

func TestServeHelp(t *testing.T) {
	r := runCLI(t, baseEnv(t), "serve", "--help")
	wantExit(t, r, ExitOK)
	for _, want := range []string{"--authorized-keys", "--listen", "127.0.0.1:2222", "--audit-log", "--init-host-key", "--idle-timeout"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("serve --help lacks %q:\n%s", want, r.stdout)
		}
	}
}
