//go:build linux

// Command perf measures sonar-tui as an analyst feels it: the real binary
// on a pseudo-terminal against a loopback server, its frames read back
// through the x/vt emulator, with `less -R` and `jq` run alongside where
// installed. It prints the table BENCHMARKS.md reports.
//
//	go run ./perf            # about a minute on 2 cores
//	go run ./perf -n 50      # more samples per key measurement
//	go run ./perf -case seed -only first,keys  # one ticket, some figures
//	GOMEMLIMIT=100MiB go run ./perf -case event -only memory  # GOGC, GOMEMLIMIT and GODEBUG reach the binary
//
// It is not a test: timings depend on the machine and its load, so they
// are reported, never asserted. The Go benchmarks (`go test -bench`) hold
// the deterministic parts.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/ui"
)

const width, height = 120, 40

func main() {
	n := flag.Int("n", 30, "samples per key measurement")
	bin := flag.String("bin", "", "measure this sonar-tui binary instead of building the checkout")
	only := flag.String("only", "", "comma-separated figures to measure: first, keys, memory, plain, version (default: all)")
	cases := flag.String("case", "", "measure only the tickets whose name contains this (seed, comments, event, Korean)")
	flag.Parse()
	sel := selection{cases: *cases}
	if *only != "" {
		sel.only = map[string]bool{}
		for _, w := range strings.Split(*only, ",") {
			if !slices.Contains(figures, w) {
				fmt.Fprintf(os.Stderr, "perf: -only %q: not one of %s\n", w, strings.Join(figures, ", "))
				os.Exit(2)
			}
			sel.only[w] = true
		}
	}
	if err := run(*n, *bin, sel); err != nil {
		fmt.Fprintln(os.Stderr, "perf:", err)
		os.Exit(1)
	}
}

// figures are what -only can pick.
var figures = []string{"first", "keys", "memory", "plain", "version"}

// selection is what -only and -case pick; the zero value is everything.
type selection struct {
	only  map[string]bool
	cases string
}

func (s selection) want(figure string) bool { return s.only == nil || s.only[figure] }

func (s selection) wantCase(name string) bool {
	return s.cases == "" || strings.Contains(strings.ToLower(name), strings.ToLower(s.cases))
}

// ticketCase is one ticket the harness serves and opens.
type ticketCase struct {
	name  string
	guid  string
	body  []byte
	pane  string // the key of the pane to scroll
	title string // a word of the title: the header is drawn
}

func run(samples int, prebuilt string, sel selection) error {
	dir, err := os.MkdirTemp("", "sonar-tui-perf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := prebuilt
	if bin == "" {
		bin = filepath.Join(dir, "sonar-tui")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			return fmt.Errorf("building: %v\n%s", err, out)
		}
	}
	cases := []ticketCase{
		{name: "seed", guid: sonartest.Fixtures()[0].GUID, body: sonartest.Fixtures()[0].Body, pane: "1", title: "Attempt"},
		{name: "1 MB, 1,000 Markdown comments", guid: "10000000-0000-4000-8000-000000000001", body: commentsBody(1000), pane: "4", title: "comments"},
		{name: "10 MiB event", guid: "10000000-0000-4000-8000-000000000002", body: eventBody("10000000-0000-4000-8000-000000000002", 10_000_000), pane: "2", title: "event"},
		{name: "Korean thread (demo)", guid: fixture("long_comment_thread").GUID, body: fixture("long_comment_thread").Body, pane: "4", title: ""},
	}
	srv, err := serve(cases)
	if err != nil {
		return err
	}
	defer srv.close()
	env := []string{
		"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color", "LANG=C.UTF-8", "TZ=UTC",
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_STATE_HOME=" + filepath.Join(dir, "state"),
		"SONAR_URL=" + srv.url, "SONAR_API_KEY=perf-harness-key",
	}
	// The Go runtime's knobs pass through, to compare GC settings.
	for _, k := range []string{"GOGC", "GOMEMLIMIT", "GODEBUG"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}

	fmt.Printf("sonar-tui perf harness: %s/%s, %d CPUs, %dx%d pty, %d samples per key figure, %s\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), width, height, samples, time.Now().UTC().Format(time.RFC3339))
	fmt.Println("| Ticket | Work | sonar-tui | Reference |")
	fmt.Println("|---|---|---|---|")
	for _, c := range cases {
		if sel.wantCase(c.name) {
			measureViewer(bin, env, srv, c, samples, dir, sel)
		}
	}
	if sel.want("plain") && sel.wantCase(cases[1].name) {
		measurePlain(bin, env, srv, cases[1], "`--plain` CPU", "glow")
	}
	jsonCase := ticketCase{name: "1 MB event JSON", guid: "10000000-0000-4000-8000-000000000003", body: eventBody("10000000-0000-4000-8000-000000000003", 1<<20)}
	if sel.want("plain") && sel.wantCase(jsonCase.name) {
		srv.add(jsonCase)
		measurePlain(bin, env, srv, jsonCase, "`--plain` wall", "jq")
	}
	if sel.want("version") {
		measureVersion(bin, env)
	}
	return nil
}

func fixture(name string) sonartest.Fixture {
	for _, f := range sonartest.Fixtures() {
		if f.Name == name {
			return f
		}
	}
	panic("no fixture " + name)
}

func row(ticket, work, ours, ref string) {
	fmt.Printf("| %s | %s | %s | %s |\n", ticket, work, ours, ref)
}

// measureViewer opens c in the viewer: first frame, key to frame, bytes
// per scroll and per tab switch, memory, and ctrl+c while building.
func measureViewer(bin string, env []string, srv *server, c ticketCase, samples int, dir string, sel selection) {
	if sel.want("first") {
		measureFirst(bin, env, srv, c, samples)
	}
	if !sel.want("memory") && !sel.want("keys") {
		return
	}
	t, err := start(width, height, env, bin, c.guid)
	if err != nil {
		return
	}
	defer t.close("q")
	if _, err := t.waitFor(func(s string) bool { return strings.Contains(s, "Identity") }, 30*time.Second); err != nil {
		row(c.name, "open", err.Error(), "")
		return
	}
	if sel.want("memory") {
		measureMemory(t, c)
	}
	if sel.want("keys") {
		measureKeys(t, env, c, samples, dir)
	}
	if sel.want("memory") && len(c.body) > 1<<20 {
		measureInterrupt(bin, env, c)
	}
}

// measureFirst is the first full frame after the server's last byte: a
// few samples for big tickets, up to samples/3 for small ones.
func measureFirst(bin string, env []string, srv *server, c ticketCase, samples int) {
	n := 5
	if len(c.body) < 1<<20 {
		n = max(n, samples/3)
	}
	var firsts []time.Duration
	for range n {
		t, err := start(width, height, env, bin, c.guid)
		if err != nil {
			row(c.name, "start", err.Error(), "")
			return
		}
		at, err := t.waitFor(func(s string) bool { return strings.Contains(s, c.title) && strings.Contains(s, "Identity") }, 30*time.Second)
		if err == nil {
			firsts = append(firsts, at.Sub(srv.lastByte()))
		}
		t.close("q")
	}
	row(c.name, "first full frame after the server's last byte (median / p90)", pct(firsts), "")
}

// measureMemory visits every pane of the open ticket and reports the
// memory it holds.
func measureMemory(t *term, c ticketCase) {
	// Visit every pane and wait for its content, then measure memory.
	for _, k := range []string{"2", "3", "4", "1"} {
		_, _, _ = t.key(k, 2*time.Second)
		_, _ = t.waitFor(func(s string) bool {
			return !strings.Contains(s, "rendering…") && !strings.Contains(s, "preparing…")
		}, 60*time.Second)
		t.quiet(200 * time.Millisecond)
	}
	if m, err := readMemUse(t.cmd.Process.Pid); err == nil {
		row(c.name, "memory after visiting every pane (peak / now; now: binary + anonymous)", fmt.Sprintf("%d / %d MiB (%.0fx / %.0fx the body); %d + %d MiB",
			m.hwm>>10, m.rss>>10, float64(m.hwm<<10)/float64(len(c.body)), float64(m.rss<<10)/float64(len(c.body)), m.file>>10, m.anon>>10), "")
	}
}

// measureKeys is key to frame and bytes for one-line scrolls and tab
// switches, with less -R scrolling the same text alongside.
func measureKeys(t *term, env []string, c ticketCase, samples int, dir string) {
	_, _, _ = t.key(c.pane, 2*time.Second)
	_, _ = t.waitFor(func(s string) bool {
		return !strings.Contains(s, "rendering…") && !strings.Contains(s, "preparing…")
	}, 60*time.Second)
	var lat []time.Duration
	var sent []int64
	for range samples {
		d, b, err := t.key("j", 2*time.Second)
		if err != nil {
			break
		}
		lat, sent = append(lat, d), append(sent, b)
	}
	lessLat, lessBytes := lessScroll(env, c, samples, dir)
	row(c.name, "key to frame, one-line scroll (median / p90)", pct(lat), lessLat)
	row(c.name, "bytes per one-line scroll (median)", medianInt(sent), lessBytes)
	var tabs []int64
	for i := range 8 {
		_, b, err := t.key([]string{"2", "3", "4", "1"}[i%4], 2*time.Second)
		if err == nil {
			tabs = append(tabs, b)
		}
	}
	row(c.name, "bytes per tab switch (median)", medianInt(tabs), "")
}

// measureInterrupt is ctrl+c right after a big ticket arrives, to exit.
func measureInterrupt(bin string, env []string, c ticketCase) {
	ct, err := start(width, height, env, bin, c.guid)
	if err != nil {
		return
	}
	if _, err := ct.waitFor(func(s string) bool { return strings.Contains(s, c.title) }, 30*time.Second); err == nil {
		t0 := time.Now()
		ct.send("\x03")
		select {
		case <-ct.done:
			row(c.name, "ctrl+c right after the ticket arrives, to exit", time.Since(t0).Round(time.Millisecond).String(), "")
		case <-time.After(5 * time.Second):
			row(c.name, "ctrl+c right after the ticket arrives, to exit", "not within 5 s", "")
		}
	}
	ct.close("")
}

// lessScroll scrolls the same pane's text, coloured, in less -R.
func lessScroll(env []string, c ticketCase, samples int, dir string) (string, string) {
	if _, err := exec.LookPath("less"); err != nil {
		return "less not installed", "less not installed"
	}
	t, err := api.DecodeResponse(c.body)
	if err != nil {
		return err.Error(), ""
	}
	var b bytes.Buffer
	_ = ui.PlainReport(&b, t, ui.PlainOptions{Width: width - 2, Color: true, Now: time.Now(), Location: time.UTC})
	text := b.String()
	// Start at the pane the viewer scrolled.
	pane := map[string]string{"1": "== Summary", "2": "== Event", "4": "== Comments"}[c.pane]
	if i := strings.Index(text, pane); i > 0 {
		text = text[i:]
	}
	file := filepath.Join(dir, "less.txt")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		return err.Error(), ""
	}
	lt, err := start(width, height, append(env, "LESS=", "LESSHISTFILE=-"), "less", "-R", file)
	if err != nil {
		return err.Error(), ""
	}
	defer lt.close("q")
	if _, err := lt.waitFor(func(s string) bool { return strings.Contains(s, "==") }, 10*time.Second); err != nil {
		return err.Error(), ""
	}
	var lat []time.Duration
	var sent []int64
	for range samples {
		d, n, err := lt.key("j", 2*time.Second)
		if err != nil {
			break
		}
		lat, sent = append(lat, d), append(sent, n)
	}
	return "`less -R` " + pct(lat), "`less -R` " + medianInt(sent)
}

// measurePlain runs --plain on c and compares with glow or jq.
func measurePlain(bin string, env []string, srv *server, c ticketCase, what, ref string) {
	var ours []time.Duration
	var cpu []time.Duration
	for range 3 {
		cmd := exec.Command(bin, "--plain", c.guid)
		cmd.Env = env
		t0 := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			row(c.name, what, fmt.Sprintf("error: %v %.200s", err, out), "")
			return
		}
		ours = append(ours, time.Since(t0))
		cpu = append(cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
	}
	refText := ref + " not installed"
	switch ref {
	case "jq":
		if _, err := exec.LookPath("jq"); err == nil {
			var d []time.Duration
			for range 3 {
				cmd := exec.Command("jq", ".")
				cmd.Stdin = bytes.NewReader(c.body)
				t0 := time.Now()
				_ = cmd.Run()
				d = append(d, time.Since(t0))
			}
			refText = "`jq .` on the body: " + median(d)
		}
	case "glow":
		if _, err := exec.LookPath("glow"); err == nil {
			refText = "glow found: run it by hand on the comments"
		}
	}
	row(c.name, what+" (wall / CPU, median)", median(ours)+" / "+median(cpu), refText)
}

// measureVersion is process start to --version output.
func measureVersion(bin string, env []string) {
	// Wall time and the process's CPU time (user + system): on a loaded
	// machine the wall clock mostly measures the scheduler.
	timeIt := func(name string, args ...string) string {
		var d, cpu []time.Duration
		for range 20 {
			cmd := exec.Command(name, args...)
			cmd.Env = env
			t0 := time.Now()
			if err := cmd.Run(); err != nil {
				return err.Error()
			}
			d = append(d, time.Since(t0))
			cpu = append(cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
		}
		return median(d) + " wall, " + median(cpu) + " CPU"
	}
	ref := "jq not installed"
	if _, err := exec.LookPath("jq"); err == nil {
		ref = "`jq --version` " + timeIt("jq", "--version")
	}
	row("-", "process start to `--version` output (median wall, CPU)", timeIt(bin, "--version"), ref)
	cmd := exec.Command(bin, "--version")
	cmd.Env = append(env, "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	_ = cmd.Run()
	total, top := inittrace(stderr.String())
	row("-", "package init (GODEBUG=inittrace=1)", fmt.Sprintf("%.1f ms", total), top)
}

// inittrace sums the init clock time and names the three costliest
// packages.
func inittrace(s string) (float64, string) {
	type pkg struct {
		name string
		ms   float64
	}
	var ps []pkg
	total := 0.0
	for _, l := range strings.Split(s, "\n") {
		var name string
		var at, ms float64
		if n, _ := fmt.Sscanf(l, "init %s @%f ms, %f ms clock", &name, &at, &ms); n == 3 {
			ps = append(ps, pkg{name, ms})
			total += ms
		}
	}
	slices.SortFunc(ps, func(a, b pkg) int {
		if a.ms > b.ms {
			return -1
		}
		if a.ms < b.ms {
			return 1
		}
		return 0
	})
	var top []string
	for _, p := range ps[:min(3, len(ps))] {
		top = append(top, fmt.Sprintf("%s %.1f ms", p.name, p.ms))
	}
	return total, strings.Join(top, ", ")
}

func median(d []time.Duration) string {
	if len(d) == 0 {
		return "n/a"
	}
	slices.Sort(d)
	return fmtDur(d[len(d)/2])
}

func pct(d []time.Duration) string {
	if len(d) == 0 {
		return "n/a"
	}
	slices.Sort(d)
	return fmtDur(d[len(d)/2]) + " / " + fmtDur(d[len(d)*9/10])
}

func fmtDur(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	}
	return d.Round(time.Millisecond).String()
}

func medianInt(v []int64) string {
	if len(v) == 0 {
		return "n/a"
	}
	slices.Sort(v)
	return fmt.Sprintf("%d B", v[len(v)/2])
}

// server serves the cases' bodies on loopback and remembers when it wrote
// the last byte of a response.
type server struct {
	url    string
	ln     net.Listener
	bodies atomic.Pointer[map[string][]byte]
	last   atomic.Int64
}

func serve(cases []ticketCase) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{url: "http://" + ln.Addr().String(), ln: ln}
	m := map[string][]byte{}
	s.bodies.Store(&m)
	for _, c := range cases {
		s.add(c)
	}
	go func() {
		_ = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			guid := strings.TrimPrefix(r.URL.Path, "/api/sonar/tickets/")
			body, ok := (*s.bodies.Load())[guid]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			_, _ = w.Write(body)
			w.(http.Flusher).Flush()
			s.last.Store(time.Now().UnixNano())
		}))
	}()
	return s, nil
}

func (s *server) add(c ticketCase) {
	m := map[string][]byte{}
	for k, v := range *s.bodies.Load() {
		m[k] = v
	}
	m[c.guid] = c.body
	s.bodies.Store(&m)
}

func (s *server) lastByte() time.Time { return time.Unix(0, s.last.Load()) }
func (s *server) close()              { s.ln.Close() }

const mdComment = "### Triage note %d\n\nBlocked **10.0.%d.7** at the edge firewall; the `sqlmap` user agent\n" +
	"matches the WAF rule. Next steps:\n\n- check the web server logs for `id=` probes\n" +
	"- confirm no 200 responses after 09:12\n- close as *true positive* if nothing else shows\n\n" +
	"```json\n{\"src_ip\": \"10.0.%d.7\", \"action\": \"block\"}\n```\n\nSee the [runbook](https://wiki.example.com/soc/sqli) for details.\n"

// commentsBody is a ~1 MB ticket with n Markdown comments of ~1 KB.
func commentsBody(n int) []byte {
	cs := make([]map[string]any, n)
	for i := range cs {
		cs[i] = map[string]any{
			"guid": fmt.Sprintf("20000000-0000-4000-8000-%012d", i), "user_name": "analyst", "type": "TEXT", "format": "MARKDOWN",
			"created": "2026-11-20 09:12:44+0900", "updated": "2026-11-20 09:12:44+0900",
			"content": fmt.Sprintf(mdComment, i, i%256, i%256) + fmt.Sprintf(mdComment, i, i%256, i%256),
		}
	}
	return ticketBody("10000000-0000-4000-8000-000000000001", "many comments", `{"msg":"x"}`, cs)
}

// eventBody is a ticket whose JSON event makes the body about size bytes.
func eventBody(guid string, size int) []byte {
	return ticketBody(guid, "big event", sonartest.LogEvent(size*8/10), nil)
}

func ticketBody(guid, title, content string, comments []map[string]any) []byte {
	t := map[string]any{"id": 7, "guid": guid, "title": title, "format": "JSON", "content": content,
		"created": "2026-11-20 09:12:44+0900", "status": "OPEN", "priority": "HIGH"}
	if comments != nil {
		t["comments"] = comments
	}
	body, err := json.Marshal(map[string]any{"ticket": t})
	if err != nil {
		panic(err)
	}
	return body
}
