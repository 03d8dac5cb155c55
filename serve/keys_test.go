package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func TestParseKeys(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	ks, err := parseKeys("keys", []byte(strings.Join([]string{
		"# the SOC team",
		"",
		`restrict,sonar-name="Alice Kim",sonar-user-guid="5f0ba741-7551-400d-8bd6-1f14a6e8536d" ` + alice.line + " alice@laptop",
		`no-agent-forwarding,expiry-time="20261201Z" ` + bob.line + " bob",
	}, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	a, ok := ks.lookup(alice.signer.PublicKey(), testNow)
	if !ok || a.Name != "Alice Kim" || a.UserGUID != "5f0ba741-7551-400d-8bd6-1f14a6e8536d" || a.Comment != "alice@laptop" || a.Fingerprint != alice.fp || a.Line != 3 {
		t.Errorf("alice = %+v, %v", a, ok)
	}
	b, ok := ks.lookup(bob.signer.PublicKey(), testNow)
	if !ok || b.Name != "bob" || b.UserGUID != "" {
		t.Errorf("bob = %+v, %v", b, ok)
	}
	if _, ok := ks.lookup(bob.signer.PublicKey(), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); ok {
		t.Error("bob's key is accepted at its expiry time")
	}
}

func TestParseKeysRefuses(t *testing.T) {
	alice := newTestKey(t)
	for _, tc := range []struct {
		name, file, want string
	}{
		{"empty", "\n# nobody yet\n", "no keys"},
		{"from", `from="10.9.9.9" ` + alice.line + " alice", "line 1: unsupported option from="},
		{"command", `command="/bin/sh" ` + alice.line + " alice", "unsupported option command="},
		{"no-pty", `no-pty ` + alice.line + " alice", "unsupported option no-pty"},
		{"no name", alice.line, "line 1: key has no analyst name"},
		{"twice", alice.line + " alice\n" + alice.line + " alice2", "line 2: key " + alice.fp + " is already listed on line 1"},
		{"garbage", "ssh-ed25519 AAAA!!!", "line 1: not a public key line"},
		{"bad expiry", `expiry-time="tomorrow" ` + alice.line + " alice", `expiry-time="tomorrow"`},
		{"bad user guid", `sonar-user-guid="a b" ` + alice.line + " alice", "contains a space"},
		{"unquoted", `sonar-name=alice ` + alice.line + " alice", "double quotes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseKeys("keys", []byte(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestLoadKeysChecksTheFile(t *testing.T) {
	alice := newTestKey(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "authorized_keys")
	writeKeys(t, path, alice.line+" alice")
	if _, err := loadKeys(path, os.Getuid()); err != nil {
		t.Fatalf("a 0600 file: %v", err)
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) string
		want  string
	}{
		{"group-writable", func(t *testing.T) string { chmod(t, path, 0o620); return path }, "writable by group or others"},
		{"world-writable", func(t *testing.T) string { chmod(t, path, 0o666); return path }, "writable by group or others"},
		{"missing", func(t *testing.T) string { return filepath.Join(dir, "nope") }, "no such file"},
		{"directory", func(t *testing.T) string { return dir }, "not a regular file"},
		{"symlink", func(t *testing.T) string {
			chmod(t, path, 0o600)
			l := filepath.Join(dir, "link")
			if err := os.Symlink(path, l); err != nil {
				t.Fatal(err)
			}
			return l
		}, "symbolic link"},
		{"someone else's", func(t *testing.T) string { chmod(t, path, 0o600); return path }, "not by the user running sonar-tui"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.setup(t)
			uid := os.Getuid()
			if tc.name == "someone else's" {
				if uid == 0 {
					// Root-owned files are accepted, so give it away.
					if err := os.Chown(p, 4242, 4242); err != nil {
						t.Fatal(err)
					}
					defer os.Chown(p, 0, 0)
				} else {
					uid++ // pretend the service runs as another user
				}
			}
			_, err := loadKeys(p, uid)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func chmod(t *testing.T, path string, m os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, m); err != nil {
		t.Fatal(err)
	}
}

func TestHostKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state", HostKeyFile)
	if _, err := LoadHostKey(path, os.Getuid(), false); err == nil || !strings.Contains(err.Error(), "--init-host-key") {
		t.Fatalf("missing key without create: %v", err)
	}
	first, err := LoadHostKey(path, os.Getuid(), true)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("new host key mode %04o, want 0600", fi.Mode().Perm())
	}
	again, err := LoadHostKey(path, os.Getuid(), true)
	if err != nil {
		t.Fatal(err)
	}
	if gossh.FingerprintSHA256(first.PublicKey()) != gossh.FingerprintSHA256(again.PublicKey()) {
		t.Error("the host key changed between two starts")
	}
	if first.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Errorf("host key type %s", first.PublicKey().Type())
	}
	chmod(t, path, 0o644)
	if _, err := LoadHostKey(path, os.Getuid(), true); err == nil || !strings.Contains(err.Error(), "readable or writable by group or others") {
		t.Errorf("0644 host key: %v", err)
	}
	if cwd, _ := os.Getwd(); fileExists(filepath.Join(cwd, "id_ed25519")) {
		t.Error("a host key was written into the working directory")
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestClientWithAnotherHostKeyIsRefused(t *testing.T) {
	alice := newTestKey(t)
	e := startServer(t, []string{alice.line + " alice"}, nil)
	_, err := gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User: "alice", Auth: []gossh.AuthMethod{gossh.PublicKeys(alice.signer)},
		HostKeyCallback: gossh.FixedHostKey(newTestKey(t).signer.PublicKey()),
	})
	if err == nil {
		t.Fatal("connected although the host key is not the expected one")
	}
}

func TestNewRefusesUnsafeSetups(t *testing.T) {
	alice := newTestKey(t)
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	writeKeys(t, keys, alice.line+" alice")
	good := func() Options {
		return Options{
			HostKey: alice.signer, AuthorizedKeys: keys, Audit: NewAuditLog(&syncBuffer{}, nil),
			NewModel: viewerFactory, Getter: fakeGetter{},
		}
	}
	if _, err := New(good()); err != nil {
		t.Fatalf("a good setup: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Options)
		want   string
	}{
		{"no authorized keys", func(o *Options) { o.AuthorizedKeys = "" }, "--authorized-keys is required"},
		{"empty authorized keys", func(o *Options) {
			p := filepath.Join(dir, "empty")
			writeKeys(t, p, "")
			o.AuthorizedKeys = p
		}, "no keys"},
		{"no host key", func(o *Options) { o.HostKey = nil }, "no host key"},
		{"no audit log", func(o *Options) { o.Audit = nil }, "no audit log"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := good()
			tc.change(&o)
			if _, err := New(o); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
