// Package cli is sonar-tui's command line: it parses flags, loads the
// configuration, builds the API client and then opens the viewer, prints a
// ticket (--plain, --json) or runs a subcommand (config, fingerprint).
//
// Everything the process provides (arguments, standard streams, the
// environment, the version) comes in through Main's parameters, so tests
// can run it in-process and nothing here is global. Errors end in exactly
// one place, Main, which prints a single escaped line and maps the error to
// an ExitCode (exitCode in exit.go).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/history"
	"github.com/sonar-tui/sonar-tui/ui"
)

// Env is what the process gives the command line.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads the environment; nil means an empty environment.
	Getenv func(string) string
	// Version is set at link time (-ldflags "-X main.version=v1.2.3");
	// "" means "take it from the Go build information".
	Version string
	// Now is the clock for ages and "since 24h"; nil means time.Now.
	Now func() time.Time
}

// Main runs sonar-tui with args (without the program name) and returns the
// process exit code. Cancelling ctx (the process got SIGINT, SIGTERM or
// SIGHUP) ends any phase within interruptGrace with ExitInterrupted.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	p := &process{}
	err := supervise(ctx, interruptGrace, func() error { return run(ctx, args, env, p) }, p.restoreTerminal)
	if err != nil {
		fmt.Fprintln(env.Stderr, "sonar-tui: "+p.mask(message(err)))
	}
	return int(exitCode(err))
}

// interruptGrace is how long an interrupted run may take to wind down
// (the viewer restores the terminal, a fetch closes its connection)
// before Main stops waiting for it.
const interruptGrace = 500 * time.Millisecond

// errInternal replaces a panic. A panic value or stack can hold ticket
// data from the server or, through a bug, the key (HTTP-11): print neither.
var errInternal = errors.New("internal error (this is a bug; details are not shown because they may contain ticket data). Please report the command you ran")

// supervise runs fn on its own goroutine and returns its error; a panic
// becomes errInternal. Once ctx is done, fn has grace to return; after
// that supervise calls restore and returns ctx's error, so a phase that
// does not watch ctx (decoding, a long render, a stuck view) cannot keep
// an interrupted process alive: the caller exits and the goroutine with it.
func supervise(ctx context.Context, grace time.Duration, fn func() error, restore func()) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- errInternal
			}
		}()
		done <- fn()
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		restore()
		return ctx.Err()
	}
}

// process is what a run leaves for Main: what to undo if Main has to
// abandon it, and the key, so that nothing Main prints can hold it.
type process struct {
	restore atomic.Pointer[func()]
	key     atomic.Pointer[config.Secret]
}

// mask is the last line of HTTP-11 on stderr: api masks the key in
// everything it returns, however the server spelled it; this catches the
// literal key in any error that did not come through api.
func (p *process) mask(msg string) string {
	if k := p.key.Load(); k != nil && !k.IsZero() {
		msg = strings.ReplaceAll(msg, k.Reveal(), "<masked>")
	}
	return msg
}

// restoreTerminal undoes what the viewer did to the terminal, if it is
// running: the viewer's own cleanup never ran.
func (p *process) restoreTerminal() {
	if f := p.restore.Load(); f != nil {
		(*f)()
	}
}

func run(ctx context.Context, args []string, env Env, p *process) error {
	if len(args) > 0 && args[0] == cmdServe {
		return runServe(ctx, args[1:], env)
	}
	o, err := parseArgs(args)
	if err != nil {
		return err
	}
	switch {
	case o.help:
		writeUsage(env.Stdout)
		return nil
	case o.version:
		_, err := fmt.Fprintf(env.Stdout, "sonar-tui %s\n", versionString(env.Version))
		return err
	case o.command == cmdFingerprint:
		return runFingerprint(ctx, o, env)
	case o.command == cmdConfig:
		return runConfig(o, env)
	}

	// Check the GUID before anything else happens: no config file read, no
	// key command run, no request sent for input that cannot be a ticket.
	guid := ""
	if o.target != "" {
		if guid, err = api.ParseGUID(o.target); err != nil {
			return err
		}
	} else if o.demo && (o.json || o.plain) {
		guid = sonartest.SeedGUID // printing needs a ticket: the seed
	}

	debug, closeDebug, err := openDebug(o.debug, env.Stderr)
	if err != nil {
		return err
	}
	defer closeDebug()

	s, err := connect(ctx, o, env, debug)
	if err != nil {
		return err
	}
	defer s.close()
	p.key.Store(&s.key)

	theme := ui.ThemeFromEnv(env.Getenv)
	switch o.theme {
	case "dark":
		theme = ui.Dark
	case "light":
		theme = ui.Light
	}
	switch {
	case o.command == cmdList:
		return runList(ctx, s, o, env, theme, p)
	case o.json:
		return printJSON(ctx, s, guid, env.Stdout)
	case o.plain:
		return printPlain(ctx, s, guid, env, theme, o.width)
	}
	if guid != "" {
		return runViewer(ctx, s, ui.Start{GUID: guid}, o, env, theme, p)
	}
	// No GUID: the queue of open tickets, most recently updated first.
	return runViewer(ctx, s, ui.Start{Query: ui.DefaultQuery()}, o, env, theme, p)
}

// session is a client ready to use, plus what the viewer shows with it.
type session struct {
	client  *api.Client
	host    string // for the footer: the server's host, not the full URL
	name    string // for messages: the host, or "the demo server"
	keySrc  string // where the key came from, for "key rejected" messages
	key     config.Secret
	history ui.History // nil: remember nothing
	stop    func()     // stops the demo server
	retries *retryRelay

	baseURL    string // for the web-console link
	consoleURL string // its pattern; "" is the viewer's default
	ascii      bool   // ASCII glyphs only
	me         string // the user GUID "me" stands for in list filters; "" if unknown
	views      []config.View
	// serveCfg is the config file's [serve] table, for `sonar-tui serve`.
	serveCfg config.Serve
}

func (s *session) close() {
	if s.stop != nil {
		s.stop()
	}
}

// connect builds the client: for --demo against a fake server started on
// loopback, otherwise from the configuration.
func connect(ctx context.Context, o *options, env Env, debug io.Writer) (*session, error) {
	relay := &retryRelay{}
	common := []api.Option{
		api.WithUserAgent("sonar-tui/" + versionString(env.Version)),
		api.WithRetryNotify(relay.notify),
	}
	if debug != nil {
		common = append(common, api.WithDebug(debug))
	}
	if o.demo {
		// The demo reads no config file: ASCII mode comes from --ascii or
		// SONAR_ASCII alone.
		ascii := o.ascii
		if v := env.Getenv(config.EnvASCII); v != "" && !ascii {
			var err error
			if ascii, err = config.ParseBool(v); err != nil {
				return nil, &configError{fmt.Errorf("%s: %w", config.EnvASCII, err)}
			}
		}
		s, err := connectDemo(ctx, o, common)
		if s != nil {
			s.retries, s.ascii = relay, ascii
		}
		return s, err
	}
	cfg, err := loadConfig(o, env)
	if err != nil {
		return nil, err
	}
	opts := append(common, api.WithKeySource(cfg.Key), api.WithTimeout(cfg.Timeout))
	if cfg.CAFile != "" {
		opts = append(opts, api.WithCAFile(cfg.CAFile))
	}
	if cfg.PinSHA256 != "" {
		opts = append(opts, api.WithPinSHA256(cfg.PinSHA256))
	}
	if cfg.TLSServerName != "" {
		opts = append(opts, api.WithTLSServerName(cfg.TLSServerName))
	}
	c, err := api.New(cfg.URL.String(), opts...)
	if err != nil {
		return nil, &configError{err}
	}
	s := &session{client: c, host: cfg.URL.Host, name: cfg.URL.Host, keySrc: cfg.KeySource.String(), key: cfg.Key, retries: relay, me: cfg.UserGUID, views: cfg.Views, serveCfg: cfg.Serve,
		baseURL: cfg.URL.String(), consoleURL: cfg.ConsoleURL, ascii: cfg.ASCII}
	// History is a convenience: if its location cannot be worked out, the
	// viewer runs without one rather than refusing to start.
	if path, err := history.DefaultPath(env.Getenv); err == nil {
		s.history = history.NewFile(path)
	}
	return s, nil
}

// connectDemo starts the built-in fake Sonar on a free loopback port. It
// reads no configuration at all, so a first run needs nothing set up.
func connectDemo(ctx context.Context, o *options, common []api.Option) (*session, error) {
	timeout := o.timeout
	if timeout == 0 {
		timeout = config.DefaultTimeout
	}
	run, err := sonartest.Start(ctx, "", sonartest.WithDemoQueue(time.Now()))
	if err != nil {
		return nil, fmt.Errorf("starting the demo server: %w", err)
	}
	opts := append(common, api.WithKeySource(config.NewSecret(sonartest.DemoAPIKey)), api.WithTimeout(timeout))
	c, err := api.New(run.URL, opts...)
	if err != nil {
		_ = run.Close()
		return nil, fmt.Errorf("connecting to the demo server: %w", err)
	}
	host := run.URL[len("http://"):]
	return &session{
		client:  c,
		host:    "demo " + host,
		name:    "the demo server",
		keySrc:  "the demo",
		history: newDemoHistory(time.Now()),
		baseURL: run.URL,
		me:      sonartest.DemoUserGUID,
		stop:    func() { _ = run.Close() },
	}, nil
}

// loadConfig resolves the settings (flags > environment > file > defaults,
// see package config). Every failure is a configError: exit code 2.
func loadConfig(o *options, env Env) (*config.Config, error) {
	cfg, err := config.Load(config.Inputs{
		Flags: config.Flags{
			URL: o.url, Profile: o.profile, ConfigPath: o.configPath,
			CAFile: o.caFile, Timeout: o.timeout, ASCII: o.ascii,
		},
		Getenv:    env.Getenv,
		ConfigDir: config.DefaultConfigDir(env.Getenv),
		Home:      env.Getenv("HOME"),
	})
	if err != nil {
		return nil, &configError{err}
	}
	return cfg, nil
}

// runConfig prints the resolved settings and their sources. The key is
// shown only as "[REDACTED] (from <source>)" (HTTP-11).
func runConfig(o *options, env Env) error {
	cfg, err := loadConfig(o, env)
	if err != nil {
		return err
	}
	_, err = io.WriteString(env.Stdout, cfg.Redacted())
	return err
}

// fetch gets one ticket. Its errors add what only the CLI knows: which
// GUID and server for "not found", where the key came from for "rejected".
func fetch(ctx context.Context, s *session, guid string) (*api.Ticket, error) {
	t, err := s.client.GetTicket(ctx, guid)
	switch {
	case errors.Is(err, api.ErrNotFound):
		return nil, &notFoundError{guid: guid, server: s.name, err: err}
	case errors.Is(err, api.ErrUnauthorized):
		return nil, &keyRejectedError{source: s.keySrc, err: err}
	}
	return t, err
}
