package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/internal/sshterm"
	"github.com/sonar-tui/sonar-tui/serve"
	"github.com/sonar-tui/sonar-tui/ui"
)

// TestServeSessionsHaveTheSettings: an SSH session's app is built like
// the local viewer's. It has the config file's views, "me" in them being
// the key's sonar-user-guid, and the console link of the configured
// pattern; a key without a sonar-user-guid gets the views that do not say
// "me", and a notice naming the one left out.
func TestServeSessionsHaveTheSettings(t *testing.T) {
	s, err := connectDemo(t.Context(), &options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.close)
	s.consoleURL = "{base}/console/{guid}"
	s.views = []config.View{
		{Name: "high-new", Filter: api.Filter{Statuses: []string{"new"}, Priorities: []string{"high"}}},
		{Name: "mine-open", Filter: api.Filter{Assignee: "me"}},
	}
	withGUID, without := newSSHKey(t), newSSHKey(t)
	addr, hostKey, audit := startSessionServer(t, s,
		`sonar-user-guid="`+sonartest.DemoUserGUID+`" `+withGUID.line+" alice",
		without.line+" bob")

	t.Run("views and console URL", func(t *testing.T) {
		x := openSSHTerm(t, addr, hostKey, withGUID.signer)
		loaded := regexp.MustCompile(`queue · \d+ tickets`)
		sshterm.WaitUntil(t, sshterm.HangGuard, "the queue has loaded", x.Screen, loaded.MatchString)
		x.Type("v")
		x.WaitFor("high-new")
		x.Type("v")
		x.WaitFor("mine-open")
		// "me" is the key's user GUID: the view asks for its tickets.
		sshterm.WaitUntil(t, sshterm.HangGuard, "mine-open asks for the key's tickets", audit,
			regexp.MustCompile(`"event":"queue_query".*"assignees":\["`+sonartest.DemoUserGUID+`"\]`).MatchString)
		x.Type("V")
		x.WaitFor("high-new")
		x.Type("V")
		sshterm.WaitUntil(t, sshterm.HangGuard, "the queue has loaded again", x.Screen, loaded.MatchString)
		x.Type("\r")
		x.WaitFor("Summary")
		x.Type("y")
		x.WaitFor("console URL")
		x.Type("u")
		osc := regexp.MustCompile("\x1b]52;c;([A-Za-z0-9+/=]+)\x07")
		raw := sshterm.WaitUntil(t, sshterm.HangGuard, "an OSC 52 copy", x.Raw, osc.MatchString)
		got, err := base64.StdEncoding.DecodeString(osc.FindStringSubmatch(raw)[1])
		if err != nil {
			t.Fatal(err)
		}
		if want := regexp.MustCompile("^" + regexp.QuoteMeta(s.baseURL) + "/console/[0-9a-f-]{36}$"); !want.Match(got) {
			t.Errorf("copied console URL %q, want %s/console/GUID", got, s.baseURL)
		}
	})

	t.Run("no user GUID", func(t *testing.T) {
		x := openSSHTerm(t, addr, hostKey, without.signer)
		x.WaitFor(`left out of this session: view "mine-open"`)
		x.Type("v")
		x.WaitFor("high-new")
		x.Type("v")
		scr := sshterm.WaitUntil(t, sshterm.HangGuard, "the queue view is back", x.Screen, regexp.MustCompile(`queue · \d+ tickets`).MatchString)
		if strings.Contains(scr, "mine-open") {
			t.Errorf("the view that says me is in a session without a user GUID:\n%s", scr)
		}
	})
}

// sshKey is a client key pair and its authorized_keys line.
type sshKey struct {
	signer gossh.Signer
	line   string
}

func newSSHKey(t *testing.T) sshKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sg, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return sshKey{signer: sg, line: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sg.PublicKey())))}
}

// startSessionServer serves s's sessions as `sonar-tui serve` does, on
// loopback, to the keys of the authorized_keys lines. It returns the
// address, the host key and the audit log.
func startSessionServer(t *testing.T, s *session, lines ...string) (addr string, hostKey gossh.Signer, audit func() string) {
	t.Helper()
	keys := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(keys, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	host := newSSHKey(t).signer
	auditPath := filepath.Join(t.TempDir(), "audit.log")
	log, err := serve.OpenAuditLog(auditPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = log.Close() })
	srv, err := serve.New(serve.Options{
		HostKey: host, AuthorizedKeys: keys, Audit: log,
		NewModel: sessionModel(s, ui.Dark, false),
		Getter:   s.client, Lister: s.client,
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Shutdown(t.Context())
		<-done
	})
	audit = func() string {
		b, _ := os.ReadFile(auditPath)
		return string(b)
	}
	return ln.Addr().String(), host, audit
}

// openSSHTerm connects with key and starts the app in a 120x40 PTY.
func openSSHTerm(t *testing.T, addr string, hostKey, key gossh.Signer) *sshterm.Term {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "analyst", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.FixedHostKey(hostKey.PublicKey()), Timeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return sshterm.Open(t, c, 120, 40)
}
