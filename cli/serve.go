package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/history"
	"github.com/sonar-tui/sonar-tui/serve"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sonar-tui/sonar-tui/ui"
)

// cmdServe runs sonar-tui as an SSH server for a team (package serve).
const cmdServe = "serve"

// EndSignals are the signals that end a run of args (main cancels Main's
// context on them): SIGINT, SIGTERM and SIGHUP, the terminal closing.
// `serve` has no terminal, and SIGHUP re-reads its authorized keys.
func EndSignals(args []string) []os.Signal {
	if len(args) > 0 && args[0] == cmdServe {
		return []os.Signal{os.Interrupt, syscall.SIGTERM}
	}
	return []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
}

// serveOptions is `sonar-tui serve`'s command line. Connection settings
// mean what they mean for the viewer; the rest override the config
// file's [serve] table.
type serveOptions struct {
	conn options // --url, --profile, --config, --ca-file, --timeout, --theme, --demo

	listen, hostKey, authorizedKeys, auditLog string
	initHostKey, help                         bool
	idleTimeout                               time.Duration
	maxSessions                               int
}

func newServeFlagSet(o *serveOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("sonar-tui serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&o.listen, "listen", "", "listen on `ADDR` (default "+serve.DefaultListen+"; any other address is your explicit choice)")
	fs.StringVar(&o.hostKey, "host-key", "", "ed25519 host key `FILE` (default $XDG_STATE_HOME/sonar-tui/"+serve.HostKeyFile+", created on first start)")
	fs.BoolVar(&o.initHostKey, "init-host-key", false, "create the --host-key file if it does not exist")
	fs.StringVar(&o.authorizedKeys, "authorized-keys", "", "authorized_keys `FILE` of the analysts' public keys (required; re-read on SIGHUP)")
	fs.StringVar(&o.auditLog, "audit-log", "", "append JSON-lines audit records to `FILE`, or - for standard output (default $XDG_STATE_HOME/sonar-tui/audit.log)")
	fs.DurationVar(&o.idleTimeout, "idle-timeout", 0, "end a session after this long without a key press (default 15m)")
	fs.IntVar(&o.maxSessions, "max-sessions", 0, fmt.Sprintf("at most `N` concurrent sessions (default %d)", serve.DefaultMaxSessions))
	fs.StringVar(&o.conn.url, "url", "", "Sonar base `URL` (overrides SONAR_URL and the config file)")
	fs.StringVar(&o.conn.profile, "profile", "", "use the config file profile `NAME`")
	fs.StringVar(&o.conn.configPath, "config", "", "config `FILE`")
	fs.StringVar(&o.conn.caFile, "ca-file", "", "PEM `FILE` of CA certificates to trust in addition to the system ones")
	fs.DurationVar(&o.conn.timeout, "timeout", 0, "per-request timeout (default 30s)")
	fs.StringVar(&o.conn.theme, "theme", "", "colour `THEME` of every session: dark or light (default SONAR_THEME, else dark)")
	fs.BoolVar(&o.conn.demo, "demo", false, "serve the built-in demo tickets from a local fake server; needs no Sonar configuration")
	fs.BoolVar(&o.help, "help", false, "show this help and exit")
	fs.BoolVar(&o.help, "h", false, "show this help and exit")
	return fs
}

func parseServeArgs(args []string) (*serveOptions, error) {
	o := &serveOptions{}
	fs := newServeFlagSet(o)
	if err := fs.Parse(args); err != nil {
		return nil, flagError(err)
	}
	if rest := fs.Args(); len(rest) > 0 {
		return nil, usagef("serve takes no arguments, got %s", quoteArgs(rest))
	}
	if o.help {
		return o, nil
	}
	if err := o.conn.check(); err != nil {
		return nil, err
	}
	if o.idleTimeout < 0 {
		return nil, usagef("--idle-timeout %v must be positive", o.idleTimeout)
	}
	if o.maxSessions < 0 || o.maxSessions > 10000 {
		return nil, usagef("--max-sessions %d must be between 1 and 10000", o.maxSessions)
	}
	return o, nil
}

// runServe is `sonar-tui serve`: it checks everything (keys, host key,
// audit log, Sonar settings) before listening, then serves until ctx ends
// (SIGINT/SIGTERM), re-reading the authorized keys on SIGHUP.
func runServe(ctx context.Context, args []string, env Env) error {
	o, err := parseServeArgs(args)
	if err != nil {
		return err
	}
	if o.help {
		writeServeUsage(env.Stdout)
		return nil
	}
	s, err := connect(ctx, &o.conn, env, nil)
	if err != nil {
		return err
	}
	defer s.close()
	set := mergeServe(o, s.serveCfg)
	if set.AuthorizedKeys == "" {
		return usagef("serve needs --authorized-keys FILE (or authorized_keys in the config file's [serve] table): only the public keys listed there get in")
	}
	stateDir := ""
	if p, err := history.DefaultPath(env.Getenv); err == nil {
		stateDir = filepath.Dir(p)
	}
	hostKeyPath, create := set.HostKey, o.initHostKey
	if hostKeyPath == "" {
		if stateDir == "" {
			return usagef("serve: give --host-key FILE (neither XDG_STATE_HOME nor HOME is set for the default)")
		}
		hostKeyPath, create = filepath.Join(stateDir, serve.HostKeyFile), true
	}
	hostKey, err := serve.LoadHostKey(hostKeyPath, os.Getuid(), create)
	if err != nil {
		return &configError{err}
	}
	audit, err := openAudit(set.AuditLog, stateDir, env)
	if err != nil {
		return err
	}
	defer audit.Close()

	// One theme for every session, chosen on the server (SONAR_THEME or
	// --theme): the client's COLORFGBG is not forwarded.
	theme := ui.ThemeFromEnv(env.Getenv)
	switch o.conn.theme {
	case "dark":
		theme = ui.Dark
	case "light":
		theme = ui.Light
	}
	opts := serve.Options{
		HostKey: hostKey, AuthorizedKeys: set.AuthorizedKeys, Audit: audit,
		NewModel: sessionModel(s, theme, o.conn.demo),
		Getter:   s.client,
		RetryMsg: func(attempt, max int, wait time.Duration) tea.Msg {
			return ui.RetryMsg{Attempt: attempt, Max: max, Wait: wait}
		},
		IdleNotice:  func(text string) tea.Msg { return ui.NoticeMsg{Text: text} },
		IdleTimeout: set.IdleTimeout, MaxSessions: set.MaxSessions,
		Log: env.Stderr,
	}
	if l, ok := any(s.client).(serve.TicketLister); ok {
		opts.Lister = l
	}
	srv, err := serve.New(opts)
	if err != nil {
		return &configError{err}
	}
	ln, err := net.Listen("tcp", set.Listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(env.Stderr, "sonar-tui serve: listening on %s, Sonar at %s\nhost key %s %s\n",
		ln.Addr(), s.name, gossh.FingerprintSHA256(hostKey.PublicKey()), hostKeyPath)
	return serveUntilDone(ctx, srv, ln, env)
}

// serveUntilDone serves until ctx ends, then shuts down within
// serve.ShutdownGrace; SIGHUP reloads the authorized keys.
func serveUntilDone(ctx context.Context, srv *serve.Server, ln net.Listener, env Env) error {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	for {
		select {
		case err := <-served:
			return err
		case <-hup:
			if err := srv.Reload(); err == nil {
				fmt.Fprintln(env.Stderr, "sonar-tui serve: authorized keys reloaded")
			}
		case <-ctx.Done():
			fmt.Fprintln(env.Stderr, "sonar-tui serve: shutting down")
			sctx, cancel := context.WithTimeout(context.Background(), serve.ShutdownGrace)
			defer cancel()
			err := srv.Shutdown(sctx)
			<-served
			return err
		}
	}
}

// mergeServe applies flags > [serve] table > defaults.
func mergeServe(o *serveOptions, file config.Serve) config.Serve {
	pick := func(flag, file, def string) string {
		return firstNonEmpty(flag, file, def)
	}
	set := config.Serve{
		Listen:         pick(o.listen, file.Listen, serve.DefaultListen),
		HostKey:        pick(o.hostKey, file.HostKey, ""),
		AuthorizedKeys: pick(o.authorizedKeys, file.AuthorizedKeys, ""),
		AuditLog:       pick(o.auditLog, file.AuditLog, ""),
		IdleTimeout:    file.IdleTimeout,
		MaxSessions:    file.MaxSessions,
	}
	if o.idleTimeout != 0 {
		set.IdleTimeout = o.idleTimeout
	}
	if o.maxSessions != 0 {
		set.MaxSessions = o.maxSessions
	}
	return set
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// openAudit opens the audit log: "-" is standard output, "" the state
// directory's audit.log.
func openAudit(path, stateDir string, env Env) (*serve.AuditLog, error) {
	switch {
	case path == "-":
		return serve.NewAuditLog(env.Stdout, nil), nil
	case path == "" && stateDir == "":
		return nil, usagef("serve: give --audit-log FILE (neither XDG_STATE_HOME nor HOME is set for the default)")
	case path == "":
		if err := os.MkdirAll(stateDir, 0o700); err != nil {
			return nil, &configError{fmt.Errorf("audit log: %w", err)}
		}
		path = filepath.Join(stateDir, "audit.log")
	}
	a, err := serve.OpenAuditLog(path, nil)
	if err != nil {
		return nil, &configError{err}
	}
	return a, nil
}

// sessionModel is the factory serve calls for every SSH session: the app
// on the queue of open tickets, "mine" being the analyst of the key that
// authenticated; with a client that cannot list, the single ticket viewer
// (the demo's on its seed ticket). Its Deps come from appDeps, as the
// local viewer's do: the config file's views, ASCII mode and the console
// link reach every session. Sessions keep no history on the server's
// disk: nothing in a session writes files on the server machine. A view
// that says "me" is left out of a session whose key has no
// sonar-user-guid, and the session is told so.
func sessionModel(s *session, theme ui.Theme, demo bool) func(context.Context, serve.Session) tea.Model {
	return func(ctx context.Context, ss serve.Session) tea.Model {
		now := time.Now()
		r := runDeps{ctx: ctx, getter: ss.Getter, me: ss.Identity.UserGUID, now: now, leaveOut: true}
		if ss.Lister != nil {
			r.lister = ss.Lister // the whole app: the queue first, each session its own
		}
		if demo {
			r.history = newDemoHistory(now) // in memory, one per session
			if r.me == "" {
				r.me = s.me // the demo's own analyst, for "mine"
			}
		}
		deps, left, _ := appDeps(s, theme, r) // leaveOut: no error, views left out
		var m tea.Model
		if deps.Lister != nil {
			m = ui.NewApp(deps, ui.Start{Query: ui.DefaultQuery()})
		} else {
			guid := ""
			if demo {
				guid = sonartest.SeedGUID
			}
			m = ui.New(deps, guid)
		}
		if len(left) > 0 {
			m = noticeAtStart{Model: m, text: leftOutNotice(left)}
		}
		return guard{m: m, crashed: new(atomic.Bool)}
	}
}

// noticeAtStart shows a notice once the app has started. Its Update is the
// app's, so it is gone after the first message.
type noticeAtStart struct {
	tea.Model
	text string
}

func (n noticeAtStart) Init() tea.Cmd {
	text := n.text
	return tea.Batch(n.Model.Init(), func() tea.Msg { return ui.NoticeMsg{Text: text} })
}

func writeServeUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString(`sonar-tui serve: the app over SSH for a whole SOC team.

Usage:
  sonar-tui serve --authorized-keys FILE [flags]
  sonar-tui serve --demo --authorized-keys FILE [flags]

Analysts connect with ssh -p 2222 HOST and get the full app; the API key
stays on this machine. Public-key authentication only. The authorized_keys
file maps each key to an analyst (sonar-name="...", sonar-user-guid="...",
else the comment). Exec, subsystems and forwarding are refused. SIGHUP
re-reads the authorized keys; SIGINT/SIGTERM close every session.

Flags:
`)
	writeFlags(&b, newServeFlagSet(&serveOptions{}))
	_, _ = io.WriteString(w, b.String())
}
