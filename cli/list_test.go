package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// In-process tests of `sonar-tui list`: Main with a pinned clock against the
// fake Sonar holding the fixtures and a generated queue.

var listNow = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

type listRun struct {
	stdout, stderr string
	code           ExitCode
}

// listEnv is a clean in-process environment pointing at url.
func listEnv(t *testing.T, url string, kv ...string) map[string]string {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "config"), "XDG_STATE_HOME": filepath.Join(home, "state")}
	if url != "" {
		env["SONAR_URL"], env["SONAR_API_KEY"] = url, sentinelKey
		// Not a speed test: -race on a loaded machine must not time out.
		env["SONAR_TIMEOUT"] = config.MaxTimeout.String()
	}
	for i := 0; i+1 < len(kv); i += 2 {
		env[kv[i]] = kv[i+1]
	}
	return env
}

func mainList(t *testing.T, env map[string]string, args ...string) listRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), args, Env{
		Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return listNow },
	})
	r := listRun{stdout.String(), stderr.String(), ExitCode(code)}
	if strings.Contains(r.stdout+r.stderr, sentinelKey) {
		t.Errorf("%q: the API key appears in the output", args)
	}
	return r
}

// queueServer serves the fixtures and n generated tickets.
func queueServer(t *testing.T, n int, opts ...sonartest.Option) (*sonartest.Server, string) {
	t.Helper()
	return startSonar(t, append([]sonartest.Option{sonartest.WithGeneratedTickets(n, 5, listNow)}, opts...)...)
}

// stored decodes every ticket the server holds with GetTicket's decoder.
func stored(t *testing.T, n int) []*api.Ticket {
	t.Helper()
	var out []*api.Ticket
	for _, f := range append(sonartest.GenerateTickets(n, 5, listNow), sonartest.Fixtures()...) {
		tk, err := api.DecodeResponse(f.Body)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tk)
	}
	return out
}

func unwrap(f api.Field) string { return termsafe.Unwrap(f.Text()) }

func TestListPlain(t *testing.T) {
	t.Parallel()
	_, url := queueServer(t, 400)
	r := mainList(t, listEnv(t, url), "list", "--status", "new,ASSIGNED", "--priority", "high", "--sort", "id", "--asc", "--limit", "0", "--plain")
	if r.code != ExitOK || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var want []*api.Ticket
	for _, tk := range stored(t, 400) {
		if (tk.Status.Is("NEW") || tk.Status.Is("ASSIGNED")) && tk.Priority.Is("HIGH") {
			want = append(want, tk)
		}
	}
	slices.SortFunc(want, func(a, b *api.Ticket) int {
		x, _ := a.ID.Int()
		y, _ := b.ID.Int()
		return int(x - y)
	})
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(want) < 10 || len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	age := regexp.MustCompile(`^(\d+)([smhd])$`)
	units := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}
	for i, line := range lines {
		cols := strings.Split(line, "\t")
		tk := want[i]
		if len(cols) != 7 {
			t.Fatalf("line %d has %d columns: %q", i, len(cols), line)
		}
		if cols[0] != unwrap(tk.ID) || cols[1] != "HIGH" || cols[2] != unwrap(tk.Status) || cols[5] != unwrap(tk.GUID) || cols[6] != unwrap(tk.Title) {
			t.Errorf("line %d = %q, want ticket %s %s", i, line, unwrap(tk.ID), unwrap(tk.GUID))
		}
		// The age, read back, brackets the real one.
		m := age.FindStringSubmatch(cols[3])
		updated, _ := tk.Updated.Time()
		if m == nil {
			t.Errorf("line %d: age %q", i, cols[3])
		} else if n, _ := strconv.Atoi(m[1]); listNow.Sub(updated) < time.Duration(n)*units[m[2]] || listNow.Sub(updated) >= time.Duration(n+1)*units[m[2]] {
			t.Errorf("line %d: age %q for a ticket updated %v before now", i, cols[3], listNow.Sub(updated))
		}
		switch {
		case len(tk.Assignees) == 0 && cols[4] != "-",
			len(tk.Assignees) > 0 && !strings.HasPrefix(cols[4], unwrap(tk.Assignees[0].UserName)):
			t.Errorf("line %d: assignee %q", i, cols[4])
		}
	}
}

func TestListPlainEscapesHostileTicket(t *testing.T) {
	t.Parallel()
	_, url := startSonar(t, sonartest.WithFixtures(sonartest.HostileGUID, sonartest.UnknownFieldsGUID))
	r := mainList(t, listEnv(t, url), "list")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines for 2 tickets:\n%s", len(lines), r.stdout)
	}
	for _, l := range lines {
		if strings.Count(l, "\t") != 6 || strings.IndexFunc(l, func(r rune) bool { return r != '\t' && isControl(r) }) >= 0 {
			t.Errorf("line is not 7 escaped columns: %q", l)
		}
	}
	hx, _ := sonartest.LookupFixture(sonartest.HostileGUID)
	tk, _ := api.DecodeResponse(hx.Body)
	if want := termsafe.Escape(tk.Title.Text(), termsafe.SingleLine).Plain(); !strings.Contains(r.stdout, "\t"+want+"\n") {
		t.Errorf("the hostile title is not shown in full, escaped: want %q in\n%s", want, r.stdout)
	}
	if !strings.HasPrefix(r.stdout, "9007199254740993\t") && !strings.Contains(r.stdout, "\n9007199254740993\t") {
		t.Errorf("the id above 2^53 is not exact:\n%s", r.stdout)
	}
}

func TestListJSON(t *testing.T) {
	t.Parallel()
	s, url := queueServer(t, 1200)
	r := mainList(t, listEnv(t, url), "list", "--json", "--limit", "0", "--sort", "updated")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatalf("--json output is not a JSON array: %v", err)
	}
	if strings.ContainsRune(r.stdout, 0x1b) || !strings.HasPrefix(r.stdout, "[\n  {\n    \"id\": ") || !strings.HasSuffix(r.stdout, "  }\n]\n") {
		t.Errorf("not an indented, escaped array:\n%.200s", r.stdout)
	}
	if n := s.RequestsFor(sonartest.ListKey); n != 2 {
		t.Errorf("%d list requests, want 2 (1000 + 209)", n)
	}
	// The same items as the server lists, in its order: compare the token
	// streams (keys, duplicates and number literals in order).
	srv := httptest.NewServer(s)
	defer srv.Close()
	var want []json.RawMessage
	for off := 0; off < 1209; off += 1000 {
		page := fetchPage(t, srv.URL, url2Values("sort_column", "updated_at", "offset", strconv.Itoa(off)))
		want = append(want, page...)
	}
	if len(items) != len(want) {
		t.Fatalf("%d items, want %d", len(items), len(want))
	}
	for i := range want {
		// Byte-equal once compacted, or (where --json re-escaped a string)
		// the same token stream.
		if !bytes.Equal(compact(t, items[i]), compact(t, want[i])) && !slices.Equal(tokens(t, items[i]), tokens(t, want[i])) {
			t.Fatalf("item %d differs from the server's:\n%s\nwant\n%s", i, items[i], want[i])
		}
	}
}

func compact(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func url2Values(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func fetchPage(t *testing.T, base string, q url.Values) []json.RawMessage {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+sonartest.ListPath+"?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+sentinelKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct{ Tickets []json.RawMessage }
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	return page.Tickets
}

func TestListJSONHostileAndEmpty(t *testing.T) {
	t.Parallel()
	_, url := startSonar(t, sonartest.WithFixtures(sonartest.HostileGUID))
	r := mainList(t, listEnv(t, url), "list", "--json")
	var items []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil || len(items) != 1 {
		t.Fatalf("output %q: %v", r.stdout, err)
	}
	if i := strings.IndexFunc(r.stdout, func(r rune) bool { return r != '\n' && isControl(r) }); i >= 0 {
		t.Errorf("control character in --json output at byte %d", i)
	}
	hx, _ := sonartest.LookupFixture(sonartest.HostileGUID)
	var fx struct{ Ticket map[string]any }
	_ = json.Unmarshal(hx.Body, &fx)
	if items[0]["title"] != fx.Ticket["title"] {
		t.Errorf("title %q, want the fixture's %q", items[0]["title"], fx.Ticket["title"])
	}

	r = mainList(t, listEnv(t, url), "list", "--json", "--status", "new")
	if r.code != ExitOK || r.stdout != "[]\n" {
		t.Errorf("no match: exit %d, stdout %q, want []", r.code, r.stdout)
	}
}

func TestListLimit(t *testing.T) {
	t.Parallel()
	s, url := queueServer(t, 2100)
	tests := []struct {
		name   string
		args   []string
		lines  int
		limits []string
	}{
		{"default 100", nil, 100, []string{"100"}},
		{"limit 2050", []string{"--limit", "2050"}, 2050, []string{"1000", "1000", "50"}},
		{"limit 0 is all", []string{"--limit", "0"}, 2109, []string{"1000", "1000", "1000"}},
	}
	for _, tt := range tests {
		s.ResetRequests()
		r := mainList(t, listEnv(t, url), append([]string{"list", "--plain"}, tt.args...)...)
		if got := strings.Count(r.stdout, "\n"); r.code != ExitOK || got != tt.lines {
			t.Errorf("%s: exit %d, %d lines, want %d", tt.name, r.code, got, tt.lines)
		}
		var limits []string
		for _, req := range s.RequestLog() {
			u, _ := url2(req.URI)
			limits = append(limits, u.Get("limit"))
		}
		if !slices.Equal(limits, tt.limits) {
			t.Errorf("%s: requests asked for %v, want %v", tt.name, limits, tt.limits)
		}
	}
}

func url2(uri string) (url.Values, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return nil, err
	}
	return u.Query(), nil
}

func TestListBadInputSendsNothing(t *testing.T) {
	t.Parallel()
	s, url := queueServer(t, 10)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown status", []string{"list", "--status", "new,open"}, `--status "open": not a ticket status; use new, assigned, in_progress`},
		{"unknown priority", []string{"list", "--priority", "urgent"}, `--priority "urgent": not a priority; use high, medium or low`},
		{"assignee not a GUID", []string{"list", "--assignee", "bob"}, `--assignee "bob": not "me" nor a user GUID`},
		{"approver with escapes", []string{"list", "--approver", "\x1b]0;x\x07"}, `--approver "\x1B]0;x\x07": not "me"`},
		{"bad since", []string{"list", "--since", "yesterday"}, `--since "yesterday": not a date like 2026-11-25`},
		{"since after until", []string{"list", "--since", "2026-11-20", "--until", "2026-11-19"}, `--since "2026-11-20": after until`},
		{"bad sort", []string{"list", "--sort", "priority"}, `--sort "priority": not a sort key`},
		{"negative limit", []string{"list", "--limit", "-1"}, `"-1" is not a number of tickets`},
		{"limit not a number", []string{"list", "--limit", "lots"}, `"lots" is not a number of tickets`},
		{"an argument", []string{"list", sonartest.SeedGUID}, "list takes no argument"},
		{"json and plain", []string{"list", "--json", "--plain"}, "--json and --plain cannot be used together"},
		{"list flag without list", []string{"--status", "new"}, "--status works only with the list command"},
		{"list flag with a GUID", []string{sonartest.SeedGUID, "--limit", "3"}, "--limit works only with the list command"},
		{"me without user_guid", []string{"list", "--assignee", "me"}, `--assignee me: sonar-tui does not know your user GUID; set user_guid = "<your GUID>" in the config file (top level or the profile) or SONAR_USER_GUID`},
		{"demo with url", []string{"list", "--demo", "--url", url}, "--url cannot be used with --demo"},
	}
	for _, tt := range tests {
		r := mainList(t, listEnv(t, url), tt.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
			t.Errorf("%s: exit %d, stderr %q\nwant exit 2 and %q", tt.name, r.code, r.stderr, tt.want)
		}
		if strings.ContainsRune(r.stderr, 0x1b) {
			t.Errorf("%s: raw ESC on stderr", tt.name)
		}
	}
	if n := s.Requests(); n != 0 {
		t.Errorf("%d requests sent for bad input, want none", n)
	}
}

func TestListMe(t *testing.T) {
	t.Parallel()
	s, url := queueServer(t, 200)
	me := sonartest.DemoUserGUID
	env := listEnv(t, url)
	cfg := filepath.Join(env["XDG_CONFIG_HOME"], "sonar-tui", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("user_guid = \""+strings.ToUpper(me)+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, env := range []map[string]string{env, listEnv(t, url, "SONAR_USER_GUID", me)} {
		s.ResetRequests()
		r := mainList(t, env, "list", "--assignee", "me", "--approver", "ffaf431b-653a-4329-8f83-913cbb00342d,me")
		if r.code != ExitOK || r.stdout == "" {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		req, _ := s.LastRequest()
		q, _ := url2(req.URI)
		if q.Get("assignees") != me || q.Get("approvers") != "ffaf431b-653a-4329-8f83-913cbb00342d,"+me {
			t.Errorf("request %s: me is not %s", req.URI, me)
		}
	}
}

func TestListErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault sonartest.Fault
		code  ExitCode
		want  string
	}{
		{"invalid-argument", sonartest.JSONError(400, "invalid-argument", "'offset' must be greater than or equal to 0."), ExitError,
			"the server refused the ticket list query: 'offset' must be greater than or equal to 0."},
		{"no permission", sonartest.JSONError(500, "illegal-state", "no-permission"), ExitAuth, "permission denied"},
		{"second page fails", sonartest.OK().Times(1), ExitError, "HTTP 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, url := queueServer(t, 1001, sonartest.WithFault(sonartest.ListKey, tt.fault, sonartest.JSONError(500, "illegal-state", "boom")))
			r := mainList(t, listEnv(t, url), "list", "--json", "--limit", "0")
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
				t.Errorf("exit %d, stderr %q, %d bytes on stdout; want exit %d, %q and nothing", r.code, r.stderr, len(r.stdout), tt.code, tt.want)
			}
		})
	}
	_, url := queueServer(t, 1)
	env := listEnv(t, url)
	env["SONAR_API_KEY"] = "wrong"
	if r := mainList(t, env, "list"); r.code != ExitAuth || !strings.Contains(r.stderr, "the key came from env SONAR_API_KEY") {
		t.Errorf("wrong key: exit %d, %q", r.code, r.stderr)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if code := Main(ctx, []string{"list"}, Env{Getenv: func(k string) string { return env[k] }}); ExitCode(code) != ExitInterrupted {
		t.Errorf("cancelled: exit %d, want %d", code, ExitInterrupted)
	}
}

func TestListDemo(t *testing.T) {
	t.Parallel()
	all := mainList(t, listEnv(t, ""), "--demo", "list", "--limit", "0")
	mine := mainList(t, listEnv(t, ""), "list", "--demo", "--assignee", "me", "--limit", "0")
	n, m := strings.Count(all.stdout, "\n"), strings.Count(mine.stdout, "\n")
	if all.code != ExitOK || mine.code != ExitOK || n != sonartest.DemoQueueSize+len(sonartest.Fixtures()) || m == 0 || m >= n {
		t.Errorf("demo: exit %d and %d, %d tickets in all and %d of them mine (stderr %q %q)", all.code, mine.code, n, m, all.stderr, mine.stderr)
	}
}

// TestListShowsWhatIsBesideTheTickets: members of the response beside total
// and tickets, and a page's warnings, are not dropped: --plain and --json
// keep stdout as documented and say them on stderr, escaped.
func TestListShowsWhatIsBesideTheTickets(t *testing.T) {
	t.Parallel()
	var items []string
	for i := range 3 {
		items = append(items, `{"id":`+strconv.Itoa(i+1)+`,"guid":"a0000000-0000-4000-8000-00000000000`+strconv.Itoa(i)+`"}`)
	}
	body := `{"total":3,"next":"x` + "\\u001b" + `]0;y","stats":{"took_ms":12},"tickets":[` + strings.Join(items, ",") + `]} trailing`
	_, url := queueServer(t, 0, sonartest.WithFault(sonartest.ListKey, sonartest.Respond(200, "application/json", []byte(body))))
	for _, mode := range []string{"--plain", "--json"} {
		r := mainList(t, listEnv(t, url), "list", mode, "--limit", "2")
		if r.code != ExitOK {
			t.Fatalf("%s: exit %d, stderr %q", mode, r.code, r.stderr)
		}
		for _, want := range []string{`next = "x\x1B]0;y"`, "stats.took_ms = 12", "trailing data", "the server sent 3 tickets where 2 were asked for"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", mode, want, r.stderr)
			}
		}
		if mode == "--plain" && strings.Count(r.stdout, "\n") != 3 {
			t.Errorf("--plain printed %d tickets of the 3 sent:\n%s", strings.Count(r.stdout, "\n"), r.stdout)
		}
		if strings.ContainsAny(r.stderr, "\x1b") || strings.Contains(r.stdout, "took_ms") {
			t.Errorf("%s: stdout %q, stderr %q", mode, r.stdout, r.stderr)
		}
	}
}
