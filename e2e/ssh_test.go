package e2e

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// sshKey is a client key written in OpenSSH format: path (0600) and
// path.pub.
type sshKey struct {
	path string
	pub  string // authorized_keys form, without comment
	fp   string
}

func writeSSHKey(t *testing.T, dir, name, passphrase string) sshKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = gossh.MarshalPrivateKey(priv, name)
	} else {
		block, err = gossh.MarshalPrivateKeyWithPassphrase(priv, name, []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	k := sshKey{path: filepath.Join(dir, name), pub: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))),
		fp: gossh.FingerprintSHA256(signer.PublicKey())}
	if err := os.WriteFile(k.path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(k.path+".pub", []byte(k.pub+" "+name+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return k
}

// sshServer is `sonar-tui serve --demo` on a free loopback port.
type sshServer struct {
	t          *testing.T
	dir, port  string
	knownHosts string
	audit      string
	alice, bob sshKey
	cmd        *exec.Cmd
	mu         sync.Mutex
	stderr     strings.Builder
}

// startSSHServer starts the server; authorized returns the authorized_keys
// content (nil: alice and bob).
func startSSHServer(t *testing.T, authorized func(*sshServer) string, flags ...string) *sshServer {
	t.Helper()
	needTool(t, "ssh")
	dir := t.TempDir()
	s := &sshServer{t: t, dir: dir, audit: filepath.Join(dir, "audit.log")}
	s.alice = writeSSHKey(t, dir, "alice", "")
	s.bob = writeSSHKey(t, dir, "bob", "")
	keys := fmt.Sprintf("sonar-name=\"Alice Kim\",sonar-user-guid=\"u-alice\" %s alice@laptop\n%s bob\n", s.alice.pub, s.bob.pub)
	if authorized != nil {
		keys = authorized(s)
	}
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), []byte(keys), 0o600); err != nil {
		t.Fatal(err)
	}

	// The host key is made here so the test can write known_hosts first:
	// the client checks it strictly, as analysts should.
	_, hostPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(hostPriv, "host")
	if err != nil {
		t.Fatal(err)
	}
	hostKey := filepath.Join(dir, "host_key")
	if err := os.WriteFile(hostKey, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	hostSigner, err := gossh.NewSignerFromKey(hostPriv)
	if err != nil {
		t.Fatal(err)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, s.port, _ = net.SplitHostPort(l.Addr().String())
	l.Close()
	s.knownHosts = filepath.Join(dir, "known_hosts")
	line := fmt.Sprintf("[127.0.0.1]:%s %s", s.port, gossh.MarshalAuthorizedKey(hostSigner.PublicKey()))
	if err := os.WriteFile(s.knownHosts, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(binary, "serve", "--demo", "--listen", "127.0.0.1:"+s.port,
		"--host-key", hostKey, "--authorized-keys", filepath.Join(dir, "authorized_keys"), "--audit-log", s.audit)
	cmd.Args = append(cmd.Args, flags...)
	cmd.Env = []string{"HOME=" + dir, "XDG_STATE_HOME=" + filepath.Join(dir, "state"), "PATH=" + os.Getenv("PATH")}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.cmd = cmd
	listening := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.mu.Lock()
			s.stderr.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if strings.Contains(sc.Text(), "listening on") {
				close(listening)
			}
		}
	}()
	t.Cleanup(func() {
		// SIGINT: a clean shutdown exits 0.
		_ = cmd.Process.Signal(os.Interrupt)
		if err := cmd.Wait(); err != nil {
			t.Errorf("sonar-tui serve after SIGINT: %v\n%s", err, s.log())
		}
	})
	select {
	case <-listening:
	case <-time.After(30 * time.Second):
		t.Fatalf("sonar-tui serve did not start:\n%s", s.log())
	}
	return s
}

func (s *sshServer) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// sshArgs is an OpenSSH command line that can never prompt and checks
// the host key strictly.
func (s *sshServer) sshArgs(extra ...string) []string {
	return append([]string{"ssh", "-p", s.port, "-F", "/dev/null",
		"-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + s.knownHosts,
		"-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none"}, extra...)
}

// records reads the audit log.
func (s *sshServer) records(t *testing.T) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(s.audit)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

func (s *sshServer) waitRecord(t *testing.T, match func(map[string]any) bool) map[string]any {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, r := range s.records(t) {
			if match(r) {
				return r
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no matching audit record in:\n%v", s.records(t))
	return nil
}

func TestServeWithOpenSSH(t *testing.T) {
	s := startSSHServer(t, nil)
	x := newTmuxCommand(t, 120, 36, "set -g default-terminal xterm-256color\n",
		append(s.sshArgs("-tt", "-i", s.alice.path, "analyst@127.0.0.1"), ";", "sleep", "60"))
	x.waitFor("Attempt to collect web server settings")
	scr := x.waitFor("People (2)")
	for _, want := range []string{"Summary", "Comments (1)", "LOW", "APPROVED"} {
		if !strings.Contains(scr, want) {
			t.Errorf("screen lacks %q:\n%s", want, scr)
		}
	}
	x.cmd("resize-window", "-t", "e2e", "-x", "90", "-y", "30")
	x.keys("3") // People: re-laid out at the new width
	x.waitFor("Assignees")
	x.keys("q")
	x.waitFor("Connection to 127.0.0.1 closed")

	start := s.waitRecord(t, func(r map[string]any) bool { return r["event"] == "session_start" })
	if start["fingerprint"] != s.alice.fp || start["analyst"] != "Alice Kim" || start["ssh_user"] != "analyst" ||
		!strings.HasPrefix(fmt.Sprint(start["client_version"]), "SSH-2.0-OpenSSH") {
		t.Errorf("session_start %v, want alice's fingerprint %s", start, s.alice.fp)
	}
	s.waitRecord(t, func(r map[string]any) bool {
		return r["event"] == "ticket_view" && r["ticket"] == sonartest.SeedGUID && r["fingerprint"] == s.alice.fp && r["outcome"] == "ok"
	})
	s.waitRecord(t, func(r map[string]any) bool { return r["event"] == "session_end" && r["reason"] == "quit" })
}

func TestServeRefusalsWithOpenSSH(t *testing.T) {
	s := startSSHServer(t, nil)
	run := func(args ...string) (string, int) {
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
		code int
	}{
		{"command", s.sshArgs("-i", s.alice.path, "127.0.0.1", "cat", "/etc/passwd"), "commands are not run", 1},
		{"no pty", s.sshArgs("-T", "-i", s.alice.path, "127.0.0.1"), "Requires an active PTY", 1},
		{"password", s.sshArgs("-o", "PreferredAuthentications=password,keyboard-interactive", "127.0.0.1"), "Permission denied (publickey)", 255},
		{"unknown key", s.sshArgs("-i", writeSSHKey(t, s.dir, "mallory", "").path, "127.0.0.1"), "Permission denied (publickey)", 255},
		{"sftp", s.sshArgs("-i", s.alice.path, "-s", "127.0.0.1", "sftp"), "subsystems", 1},
		{"remote forward", s.sshArgs("-i", s.alice.path, "-o", "ExitOnForwardFailure=yes", "-N", "-R", "127.0.0.1:0:127.0.0.1:22", "127.0.0.1"), "remote port forwarding failed", 255},
		{"local forward", s.sshArgs("-i", s.alice.path, "-W", "127.0.0.1:22", "127.0.0.1"), "open failed", 255},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, code := run(tc.args...)
			if code != tc.code || !strings.Contains(out, tc.want) || strings.Contains(out, "Bad ") || strings.Contains(out, "usage:") {
				t.Errorf("exit %d, output %q; want %d and %q", code, out, tc.code, tc.want)
			}
			if strings.Contains(out, "root:") {
				t.Error("a command ran on the server")
			}
		})
	}
}

// TestServeIdentityIsTheSigningKey is the Soft Serve impersonation
// sequence with a real client: OpenSSH offers alice's public key (which the
// server accepts), cannot sign with it (the private key is encrypted and
// BatchMode forbids asking), and then authenticates with bob's key. The
// session must be bob's.
func TestServeIdentityIsTheSigningKey(t *testing.T) {
	var locked sshKey
	s2 := startSSHServer(t, func(s *sshServer) string {
		locked = writeSSHKey(t, s.dir, "alice-locked", "secret")
		return fmt.Sprintf("sonar-name=\"Alice Kim\" %s alice\n%s bob\n", locked.pub, s.bob.pub)
	})
	args := s2.sshArgs("-T", "-v", "-i", locked.path, "-i", s2.bob.path, "admin@127.0.0.1")
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err == nil {
		t.Fatalf("ssh -T succeeded; want the PTY refusal\n%s", out)
	}
	if !strings.Contains(string(out), "Server accepts key: "+locked.path) {
		t.Fatalf("the client never offered alice's key, so this test proves nothing:\n%s", out)
	}
	r := s2.waitRecord(t, func(r map[string]any) bool { return r["event"] == "session_refused" })
	if r["fingerprint"] != s2.bob.fp || r["analyst"] != "bob" || r["ssh_user"] != "admin" {
		t.Errorf("session identity %v, want bob (%s)", r, s2.bob.fp)
	}
}

// TestServeSIGHUPRevokes: removing a line and sending SIGHUP locks the key
// out without a restart.
func TestServeSIGHUPRevokes(t *testing.T) {
	s := startSSHServer(t, nil)
	try := func(key sshKey) (string, int) {
		args := s.sshArgs("-T", "-i", key.path, "127.0.0.1")
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		return string(out), 0
	}
	// Before: alice gets in (and is refused only for lacking a PTY).
	if out, code := try(s.alice); code != 1 || !strings.Contains(out, "Requires an active PTY") {
		t.Fatalf("alice before the reload: exit %d, %q", code, out)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "authorized_keys"), []byte(s.bob.pub+" bob\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(s.log(), "authorized keys reloaded") {
		if time.Now().After(deadline) {
			t.Fatalf("no reload after SIGHUP:\n%s", s.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if out, code := try(s.alice); code != 255 || !strings.Contains(out, "Permission denied (publickey)") {
		t.Errorf("alice after her line was removed: exit %d, %q", code, out)
	}
	if out, code := try(s.bob); code != 1 || !strings.Contains(out, "Requires an active PTY") {
		t.Errorf("bob after the reload: exit %d, %q", code, out)
	}
}

// TestServeIdleTimeoutIgnoresKeepalives: the app redraws and the client
// sends a keepalive every second, yet without a key press the session
// ends with a message.
func TestServeIdleTimeoutIgnoresKeepalives(t *testing.T) {
	s := startSSHServer(t, nil, "--idle-timeout", "3s")
	x := newTmuxCommand(t, 100, 30, "set -g default-terminal xterm-256color\n",
		append(s.sshArgs("-tt", "-o", "ServerAliveInterval=1", "-i", s.alice.path, "127.0.0.1"), ";", "sleep", "60"))
	x.waitFor("Attempt to collect web server settings")
	x.waitFor("session closed: no key pressed for 3s")
	s.waitRecord(t, func(r map[string]any) bool {
		return r["event"] == "session_end" && r["reason"] == "no key pressed for 3s"
	})
}
