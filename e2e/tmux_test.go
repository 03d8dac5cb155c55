// Package e2e runs the real binary in a real terminal: tmux, with the
// demo server. It proves what unit tests cannot: what a terminal actually
// does with the bytes sonar-tui writes (SECURITY.md TERM-12).
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

var binary string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "sonar-tui-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "sonar-tui")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building sonar-tui: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// needTmux skips only on a developer machine without tmux; CI installs it
// (.ci/run), and there a missing tmux is a failure.
func needTmux(t *testing.T) {
	t.Helper()
	needTool(t, "tmux")
}

// needTool skips when the command is missing, except in CI, where .ci/run
// installs every tool the end-to-end tests use.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI (.ci/run installs it)", name)
		}
		t.Skipf("%s not installed", name)
	}
}

// tmux is one private tmux server for a test.
type tmux struct {
	t      *testing.T
	socket string
	home   string
}

func newTmux(t *testing.T, w, h int, conf string, args ...string) *tmux {
	t.Helper()
	return newTmuxCommand(t, w, h, conf, append([]string{binary}, args...))
}

// newTmuxCommand runs cmd (joined by spaces, for the shell) in a fresh
// tmux server with a clean environment.
func newTmuxCommand(t *testing.T, w, h int, conf string, cmd []string) *tmux {
	t.Helper()
	needTmux(t)
	home := t.TempDir()
	x := &tmux{t: t, socket: fmt.Sprintf("sonar-e2e-%d-%d", os.Getpid(), time.Now().UnixNano()), home: home}
	confPath := filepath.Join(home, "tmux.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"env", "-i", "HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color",
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"TZ=UTC", "LANG=C.UTF-8",
	}
	x.cmd("-f", confPath, "new-session", "-d", "-s", "e2e", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h),
		strings.Join(append(env, cmd...), " "))
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", x.socket, "kill-server").Run() })
	return x
}

func (x *tmux) cmd(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", x.socket}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (x *tmux) capture() string { return x.cmd("capture-pane", "-p", "-t", "e2e") }

func (x *tmux) keys(keys ...string) {
	x.t.Helper()
	for _, k := range keys {
		x.cmd("send-keys", "-t", "e2e", k)
		time.Sleep(60 * time.Millisecond)
	}
}

// waitFor polls the screen until it contains want.
func (x *tmux) waitFor(want string) string {
	x.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var scr string
	for time.Now().Before(deadline) {
		scr = x.capture()
		if strings.Contains(scr, want) {
			return scr
		}
		time.Sleep(100 * time.Millisecond)
	}
	x.t.Fatalf("screen never showed %q; last screen:\n%s", want, scr)
	return ""
}

func TestDemoUnderTmux(t *testing.T) {
	x := newTmux(t, 120, 36, "set -g default-terminal xterm-256color\n", "--demo", sonartest.SeedGUID)
	scr := x.waitFor("Attempt to collect web server settings")
	for _, want := range []string{"Summary", "Event", "People (2)", "Comments (1)", "LOW", "APPROVED"} {
		if !strings.Contains(scr, want) {
			t.Errorf("summary screen lacks %q:\n%s", want, scr)
		}
	}
	x.keys("2")
	scr = x.waitFor("웹 서버 설정 수집 시도")
	if !strings.Contains(scr, `"src_ip": "20.0.31.172"`) {
		t.Errorf("event pane lacks the JSON:\n%s", scr)
	}
	x.keys("3")
	x.waitFor("Jerry")
	x.keys("4")
	x.waitFor("Blocked the IP address in firewall.")
	x.keys("/", "f", "i", "r", "e", "Enter")
	x.waitFor("1/1")
	x.keys("o")
	x.waitFor("Open a ticket")
	x.keys("Escape")
	x.waitFor("Blocked the IP address")
	x.keys("q")
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if out, _ := exec.Command("tmux", "-L", x.socket, "list-panes", "-t", "e2e", "-F", "#{pane_dead}").CombinedOutput(); len(out) == 0 || bytes.Contains(out, []byte("1")) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	// With remain-on-exit off the session disappears when the program exits.
	if err := exec.Command("tmux", "-L", x.socket, "has-session", "-t", "e2e").Run(); err == nil {
		t.Errorf("q did not quit:\n%s", x.capture())
	}
}

// TestHostileTicketUnderTmux is TERM-12: a hostile ticket changes no
// clipboard, no title, and shows its escapes as text.
func TestHostileTicketUnderTmux(t *testing.T) {
	var hostile string
	for _, f := range sonartest.Fixtures() {
		if strings.Contains(strings.ToLower(f.Name), "hostile") {
			hostile = f.GUID
		}
	}
	conf := "set -g set-clipboard on\nset -g allow-rename on\nset -g default-terminal xterm-256color\n"
	x := newTmux(t, 120, 36, conf, "--demo", hostile)
	x.waitFor("Summary")
	titleBefore := strings.TrimSpace(x.cmd("display-message", "-p", "-t", "e2e", "#{pane_title}"))
	for _, k := range []string{"1", "G", "2", "G", "R", "R", "3", "G", "4", "G", "R", "g", "R"} {
		x.keys(k)
	}
	x.keys("1", "g")
	scr := x.waitFor(`\x1B]0;pwned\x07`)
	if bufs := strings.TrimSpace(x.cmd("list-buffers")); bufs != "" {
		t.Errorf("a paste buffer was set (OSC 52 reached tmux): %s", bufs)
	}
	title := strings.TrimSpace(x.cmd("display-message", "-p", "-t", "e2e", "#{pane_title}"))
	if !strings.HasPrefix(title, "sonar-tui") || strings.Contains(title, "pwned") {
		t.Errorf("pane title %q (was %q): data reached the title", title, titleBefore)
	}
	for _, want := range []string{"Summary", "Event", "People", "Comments", "next pane", "fetched"} {
		if !strings.Contains(scr, want) {
			t.Errorf("header/footer gone (screen cleared?): no %q in\n%s", want, scr)
		}
	}
}
