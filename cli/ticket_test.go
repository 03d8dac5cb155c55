package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

func TestPlainSeed(t *testing.T) {
	t.Parallel()
	_, url := startSonar(t)
	tests := []struct {
		name string
		args []string
	}{
		{name: "flag first", args: []string{"--plain", sonartest.SeedGUID}},
		{name: "flag after the GUID", args: []string{sonartest.SeedGUID, "--plain"}},
		{name: "web console URL", args: []string{"--plain", "https://sonar.example.com/#/tickets/" + strings.ToUpper(sonartest.SeedGUID)}},
		// Without a terminal on stdout, the viewer prints what --plain does.
		{name: "viewer without a terminal", args: []string{sonartest.SeedGUID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, sonarEnv(t, url), tt.args...)
			wantExit(t, r, ExitOK)
			for _, want := range []string{
				"웹 서버 설정 수집 시도: 20.0.31.172",
				"Attempt to collect web server settings",
				"== Summary", "== Event", "== People", "== Comments",
			} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("stdout lacks %q", want)
				}
			}
			if strings.ContainsRune(r.stdout, 0x1b) {
				t.Error("stdout has an ESC byte although it is not a terminal")
			}
			if r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
		})
	}
}

func TestJSONSeed(t *testing.T) {
	t.Parallel()
	_, url := startSonar(t)
	r := runCLI(t, sonarEnv(t, url), "--json", sonartest.SeedGUID)
	wantExit(t, r, ExitOK)

	fx, _ := sonartest.LookupFixture(sonartest.SeedGUID)
	var envelope struct{ Ticket json.RawMessage }
	if err := json.Unmarshal(fx.Body, &envelope); err != nil {
		t.Fatal(err)
	}
	want, got := decodeAll(t, envelope.Ticket), decodeAll(t, []byte(r.stdout))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("--json output is not the server's ticket object\ngot:  %v\nwant: %v", got, want)
	}
	// DeepEqual on maps ignores order; the token stream does not.
	wantToks, gotToks := tokens(t, envelope.Ticket), tokens(t, []byte(r.stdout))
	if !reflect.DeepEqual(gotToks, wantToks) {
		t.Errorf("keys or values differ in order:\ngot:  %q\nwant: %q", gotToks, wantToks)
	}
	if !strings.HasPrefix(r.stdout, "{\n  \"id\": 2,\n") || !strings.HasSuffix(r.stdout, "}\n") {
		t.Errorf("not pretty-printed as expected:\n%.200s", r.stdout)
	}
}

// decodeAll parses JSON keeping number literals.
func decodeAll(t *testing.T, data []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("invalid JSON: %v\n%.300s", err, data)
	}
	return v
}

// tokens lists every key and value in document order.
func tokens(t *testing.T, data []byte) []string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var out []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("invalid JSON: %v", err)
		}
		out = append(out, fmt.Sprintf("%T %v", tok, tok))
	}
}

func TestJSONHostileIsEscaped(t *testing.T) {
	t.Parallel()
	_, url := startSonar(t)
	r := runCLI(t, sonarEnv(t, url), "--json", sonartest.HostileGUID)
	wantExit(t, r, ExitOK)
	for _, want := range []string{`\u009b`, `\u202e`, `\u001b`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks the escape %s", want)
		}
	}
	for _, bad := range []string{"\xc2\x9b", "\xe2\x80\xae", "\x1b"} {
		if strings.Contains(r.stdout, bad) {
			t.Errorf("stdout contains the raw bytes %q", bad)
		}
	}
	if !json.Valid([]byte(r.stdout)) {
		t.Error("output is not valid JSON")
	}
}

func TestFetchErrors(t *testing.T) {
	t.Parallel()
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close() // nothing listens there any more: connection refused

	tests := []struct {
		name     string
		opts     []sonartest.Option
		url      string   // default: the fake server
		env      []string // extra environment
		args     []string
		code     ExitCode
		stderr   []string // substrings of the message
		requests int      // requests the server must have seen; -1: any
	}{
		{name: "not found", args: []string{"--json", sonartest.MissingGUID},
			code: ExitNotFound, stderr: []string{sonartest.MissingGUID, "not found"}, requests: 1},
		{name: "invalid GUID", args: []string{"--json", "../../admin"},
			code: ExitUsage, stderr: []string{"invalid ticket GUID", "../../admin"}, requests: 0},
		{name: "wrong key", env: []string{"SONAR_API_KEY=not-the-key"}, args: []string{"--plain", sonartest.SeedGUID},
			code: ExitAuth, stderr: []string{"401"}, requests: 1},
		{name: "no permission (Sonar's 500)", args: []string{"--json", sonartest.SeedGUID},
			opts: []sonartest.Option{sonartest.WithErrorForGUID(sonartest.SeedGUID, 500, "illegal-state", "no-permission")},
			code: ExitAuth, stderr: []string{"permission"}, requests: 1},
		{name: "server down", url: downURL, args: []string{"--json", sonartest.SeedGUID},
			code: ExitNetwork, stderr: []string{"connection refused"}, requests: -1},
		{name: "timeout", args: []string{"--timeout", "200ms", "--json", sonartest.SeedGUID},
			opts: []sonartest.Option{sonartest.WithLatency(10 * time.Second)},
			code: ExitNetwork, requests: 1},
		{name: "HTML login page", args: []string{"--plain", sonartest.SeedGUID},
			opts: []sonartest.Option{sonartest.WithFault(sonartest.SeedGUID, sonartest.HTML(200, sonartest.ProxyLoginPage))},
			code: ExitError, stderr: []string{"HTTP 200", "text/html"}, requests: 1},
		{name: "hostile error body", args: []string{"--json", sonartest.SeedGUID},
			opts: []sonartest.Option{sonartest.WithFault(sonartest.SeedGUID, sonartest.Respond(502, "text/plain", []byte("\x1b]0;pwned\x07\x1b[2J\u009b31m\u202eevil")))},
			code: ExitError, stderr: []string{"HTTP 502", `\x1B]0;pwned`}, requests: 3},
		{name: "insecure URL", url: "http://sonar.example.com", args: []string{"--json", sonartest.SeedGUID},
			code: ExitUsage, stderr: []string{"insecure"}, requests: -1},
		{name: "no URL", url: "-", args: []string{"--json", sonartest.SeedGUID},
			code: ExitUsage, stderr: []string{"SONAR_URL"}, requests: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, url := startSonar(t, tt.opts...)
			switch tt.url {
			case "":
			case "-":
				url = ""
			default:
				url = tt.url
			}
			r := runCLI(t, sonarEnv(t, url, tt.env...), tt.args...)
			t.Logf("stderr: %s", r.stderr)
			wantExit(t, r, tt.code)
			wantOneLine(t, r)
			for _, want := range tt.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr %q lacks %q", r.stderr, want)
				}
			}
			if r.stdout != "" {
				t.Errorf("stdout = %.200q, want nothing on error", r.stdout)
			}
			if tt.requests >= 0 && s.Requests() != tt.requests {
				t.Errorf("server saw %d requests, want %d", s.Requests(), tt.requests)
			}
			if r.took > 8*time.Second {
				t.Errorf("took %v", r.took)
			}
		})
	}
}

// TestInvalidGUIDSendsNoRequest: input that is not a ticket id never
// reaches the server (HTTP-15), whatever the mode, and is echoed escaped.
func TestInvalidGUIDSendsNoRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, arg string
	}{
		{name: "path traversal", arg: "../../admin"},
		{name: "GUID with a query", arg: sonartest.SeedGUID + "?x=1"},
		{name: "too short", arg: "49272877-75f2-4c2f-9301"},
		{name: "newline", arg: sonartest.SeedGUID + "\n"},
		{name: "escape sequence", arg: "\x1b]52;c;ZXZpbA==\x07" + sonartest.SeedGUID},
		{name: "URL without a GUID", arg: "https://sonar.example.com/#/tickets"},
	}
	for _, tt := range tests {
		for _, mode := range []string{"--json", "--plain", "--debug", "viewer"} {
			t.Run(tt.name+" "+mode, func(t *testing.T) {
				t.Parallel()
				s, url := startSonar(t)
				var args []string
				switch mode {
				case "viewer":
				case "--debug":
					args = []string{"--debug", filepath.Join(t.TempDir(), "trace.log")}
				default:
					args = []string{mode}
				}
				r := runCLI(t, sonarEnv(t, url), append(args, "--", tt.arg)...)
				wantExit(t, r, ExitUsage)
				wantOneLine(t, r)
				if !strings.Contains(r.stderr, "invalid ticket GUID") {
					t.Errorf("stderr = %q", r.stderr)
				}
				if n := s.Requests(); n != 0 {
					t.Errorf("server received %d requests for an invalid GUID", n)
				}
			})
		}
	}
}

func TestConfigCommandRedactsKey(t *testing.T) {
	t.Parallel()
	r := runCLI(t, sonarEnv(t, "https://sonar.example.com", "SONAR_TIMEOUT=7s"), "config")
	wantExit(t, r, ExitOK)
	for _, want := range []string{"https://sonar.example.com", "env SONAR_URL", "[REDACTED]", "env SONAR_API_KEY", "7s", "env SONAR_TIMEOUT"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config output lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestDebugTraceHasNoKey: the --debug trace shows the exchange but never
// the key (HTTP-11), on success and on failures, and is created 0600.
func TestDebugTraceHasNoKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []sonartest.Option
		code ExitCode
	}{
		{name: "ok", code: ExitOK},
		{name: "key rejected", opts: []sonartest.Option{sonartest.WithAPIKey("some-other-key")}, code: ExitAuth},
		{name: "server error", opts: []sonartest.Option{sonartest.WithFault(sonartest.SeedGUID, sonartest.JSONError(500, "illegal-state", "boom"))}, code: ExitError},
		{name: "timeout", opts: []sonartest.Option{sonartest.WithLatency(10 * time.Second)}, code: ExitNetwork},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, url := startSonar(t, tt.opts...)
			trace := filepath.Join(t.TempDir(), "trace.log")
			r := runCLI(t, sonarEnv(t, url), "--json", sonartest.SeedGUID, "--debug", trace, "--timeout", "1s")
			wantExit(t, r, tt.code)
			data, err := os.ReadFile(trace)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), sonartest.SeedGUID) {
				t.Errorf("trace does not show the request:\n%s", data)
			}
			if strings.Contains(string(data), sentinelKey) {
				t.Error("the API key appears in the --debug trace")
			}
			fi, err := os.Stat(trace)
			if err != nil {
				t.Fatal(err)
			}
			if perm := fi.Mode().Perm(); perm != 0o600 {
				t.Errorf("trace file mode %04o, want 0600", perm)
			}
		})
	}
}

func TestDemoNeedsNoConfiguration(t *testing.T) {
	t.Parallel()
	// Only PATH and an empty HOME: no SONAR_*, no XDG directories.
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	r := runCLI(t, env, "--demo", "--plain", sonartest.SeedGUID)
	wantExit(t, r, ExitOK)
	if !strings.Contains(r.stdout, "Attempt to collect web server settings") || r.stderr != "" {
		t.Errorf("stdout:\n%.300s\nstderr: %q", r.stdout, r.stderr)
	}
	// Demo mode ignores a configured URL and key entirely.
	r = runCLI(t, baseEnv(t, "SONAR_URL=http://sonar.example.com", "SONAR_API_KEY="+sentinelKey), "--demo", "--json", sonartest.Sonar5GUID)
	wantExit(t, r, ExitOK)
}

// TestPlainWidth is issue 7's reproduction: --plain hard-wrapped at 100
// columns when piped, so grep missed long values. Piped output does not
// wrap; --width N wraps at N.
func TestPlainWidth(t *testing.T) {
	t.Parallel()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	const ua = `"user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36 sqlmap/1.7.11#stable"`
	r := runCLI(t, env, "--demo", "--plain", sonartest.Sonar5GUID)
	wantExit(t, r, ExitOK)
	if !strings.Contains(r.stdout, ua) {
		t.Errorf("piped --plain wrapped the user agent:\n%s", r.stdout)
	}
	r = runCLI(t, env, "--demo", "--plain", "--width", "60", sonartest.Sonar5GUID)
	wantExit(t, r, ExitOK)
	for i, l := range strings.Split(r.stdout, "\n") {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("--width 60: line %d is %d wide: %q", i, w, l)
		}
	}
	if strings.Contains(r.stdout, ua) {
		t.Error("--width 60 did not wrap the user agent")
	}
	r = runCLI(t, env, "--demo", "--plain", "--width", "0", sonartest.Sonar5GUID)
	wantExit(t, r, ExitUsage)
}
