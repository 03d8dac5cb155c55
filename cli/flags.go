package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// options is one parsed command line. It is local to a Main call, never a
// package variable, so tests can run Main side by side.
type options struct {
	url, profile, configPath, caFile string
	timeout                          time.Duration
	theme                            string
	width                            int           // --width; 0 when not given
	watch                            time.Duration // --watch; 0: the queue refreshes only on r
	debug                            string

	demo, json, plain, version, help bool
	ascii                            bool

	command string // "" (the viewer), cmdConfig, cmdFingerprint, cmdList
	target  string // the GUID or URL argument, "" when none

	list listOptions // list.go
}

// The --watch interval's bounds: often enough to be useful, rarely
// enough not to load the server.
const (
	minWatch = 5 * time.Second
	maxWatch = 24 * time.Hour
)

// Subcommands. A GUID can never spell these words, so they cannot be
// mistaken for a ticket.
const (
	cmdConfig      = "config"
	cmdFingerprint = "fingerprint"
	cmdHelp        = "help"
)

// newFlagSet defines every flag on o. --help is generated from it, so a
// flag cannot exist without being documented. There is deliberately no flag
// that takes the API key (SECURITY.md HTTP-12): a key on the command line
// ends up in process lists and shell history.
func newFlagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("sonar-tui", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by Main, in one line
	fs.Usage = func() {}
	fs.StringVar(&o.url, "url", "", "Sonar base `URL`, e.g. https://sonar.example.com (overrides SONAR_URL and the config file)")
	fs.StringVar(&o.profile, "profile", "", "use the config file profile `NAME` (overrides SONAR_PROFILE)")
	fs.StringVar(&o.configPath, "config", "", "config `FILE` (overrides SONAR_CONFIG; default $XDG_CONFIG_HOME/sonar-tui/config.toml)")
	fs.StringVar(&o.caFile, "ca-file", "", "PEM `FILE` of CA certificates to trust in addition to the system ones")
	fs.DurationVar(&o.timeout, "timeout", 0, "timeout of a whole fetch, retries and their waits included, e.g. 10s or 500ms (default 30s)")
	fs.StringVar(&o.theme, "theme", "", "colour `THEME`: dark or light (default SONAR_THEME, else from COLORFGBG, else dark)")
	fs.StringVar(&o.debug, "debug", "", "append an HTTP trace to `FILE`, or - for standard error (created 0600; never a symlink; never contains the API key)")
	fs.BoolVar(&o.ascii, "ascii", false, "draw only ASCII symbols, for terminals where ambiguous-width characters are wide (also SONAR_ASCII=1, ascii = true)")
	fs.BoolVar(&o.demo, "demo", false, "use built-in demo tickets on a local fake server; needs no configuration")
	fs.BoolVar(&o.json, "json", false, "print the ticket object as the server sent it, pretty-printed, and exit")
	fs.BoolVar(&o.plain, "plain", false, "print every pane as plain text and exit (colour only on a terminal without NO_COLOR)")
	fs.Func("width", "wrap --plain output at `N` columns (default: the terminal's width; piped output does not wrap)", func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < minPlainWidth || n > maxPlainWidth {
			return fmt.Errorf("--width must be a number of columns from %d to %d, not %q", minPlainWidth, maxPlainWidth, v)
		}
		o.width = n
		return nil
	})
	fs.Func("watch", "refresh the queue every `DURATION` (e.g. 30s; at least 5s) and mark new and changed tickets (default: off)", func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < minWatch || d > maxWatch {
			return fmt.Errorf("--watch must be a duration from %v to %v, such as 30s or 2m, not %q", minWatch, maxWatch, v)
		}
		o.watch = d
		return nil
	})
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.BoolVar(&o.help, "help", false, "show this help and exit")
	fs.BoolVar(&o.help, "h", false, "show this help and exit")
	addListFlags(fs, &o.list)
	return fs
}

// parseArgs parses args, allowing flags before and after the GUID
// (`sonar-tui GUID --plain`), which the flag package alone does not: it
// stops at the first argument that is not a flag. "--" ends the flags.
func parseArgs(args []string) (*options, error) {
	o := &options{}
	fs := newFlagSet(o)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		// flag.Parse consumed a "--" if the argument just before rest is one.
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if o.help || o.version {
		return o, nil // asked for help: don't complain about the rest
	}
	if len(pos) > 0 {
		switch pos[0] {
		case cmdConfig, cmdFingerprint, cmdList:
			o.command, pos = pos[0], pos[1:]
		case cmdHelp:
			o.help = true
			return o, nil
		}
	}
	if len(pos) > 1 {
		return nil, usagef("expected at most one ticket GUID or URL, got %d arguments: %s", len(pos), quoteArgs(pos))
	}
	if len(pos) == 1 {
		o.target = pos[0]
	}
	return o, o.check()
}

// check rejects combinations that cannot mean anything, rather than
// silently ignoring half of what the user asked for.
func (o *options) check() error {
	switch o.theme {
	case "", "dark", "light":
	default:
		return usagef("--theme must be dark or light, not %q", o.theme)
	}
	if o.timeout < 0 || o.timeout > config.MaxTimeout {
		return usagef("--timeout %v must be greater than 0 and at most %v", o.timeout, config.MaxTimeout)
	}
	if o.json && o.plain {
		return usagef("--json and --plain cannot be used together")
	}
	if len(o.list.given) > 0 && o.command != cmdList {
		return usagef("%s works only with the list command, e.g. sonar-tui list %s ...", o.list.given[0], o.list.given[0])
	}
	if o.json && o.width != 0 {
		return usagef("--width applies to --plain output, not to --json")
	}
	if o.watch != 0 && (o.json || o.plain || (o.target != "" && o.command == "")) {
		return usagef("--watch refreshes the queue screen: it does not apply to --json, --plain or a single ticket")
	}
	switch o.command {
	case cmdList:
		return o.checkList()
	case cmdConfig:
		if o.target != "" {
			return usagef("config takes no argument, got %q", o.target)
		}
		if f := firstOn(flagOn{"--demo", o.demo}, flagOn{"--json", o.json}, flagOn{"--plain", o.plain}); f != "" {
			return usagef("%s cannot be used with the config command", f)
		}
	case cmdFingerprint:
		if o.target == "" {
			return usagef("fingerprint needs the server URL, e.g. sonar-tui fingerprint https://sonar.example.com")
		}
		if f := firstOn(flagOn{"--demo", o.demo}, flagOn{"--json", o.json}, flagOn{"--plain", o.plain},
			flagOn{"--url", o.url != ""}, flagOn{"--profile", o.profile != ""}, flagOn{"--config", o.configPath != ""}); f != "" {
			return usagef("%s cannot be used with fingerprint (it reads only --ca-file and --timeout)", f)
		}
	default:
		// The demo prints its seed ticket when no GUID is given.
		if f := firstOn(flagOn{"--json", o.json}, flagOn{"--plain", o.plain}); f != "" && o.target == "" && !o.demo {
			return usagef("%s needs a ticket GUID or Sonar ticket URL", f)
		}
		if o.demo {
			if f := firstOn(flagOn{"--url", o.url != ""}, flagOn{"--profile", o.profile != ""},
				flagOn{"--config", o.configPath != ""}, flagOn{"--ca-file", o.caFile != ""}); f != "" {
				return usagef("%s cannot be used with --demo, which runs its own local server", f)
			}
		}
	}
	return nil
}

// flagOn is a flag name and whether it was given, for check's messages.
type flagOn struct {
	name string
	on   bool
}

// firstOn names the first flag that was given, or "".
func firstOn(fs ...flagOn) string {
	for _, f := range fs {
		if f.on {
			return f.name
		}
	}
	return ""
}

// flagError rewords the flag package's errors. They quote the argument as
// typed, which is escaped later like every message.
func flagError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		// The flag package says "-name" however it was typed; the help
		// spells flags "--name".
		name = "--" + strings.TrimLeft(name, "-")
		if strings.Contains(strings.ToLower(name), "key") {
			return usagef("unknown flag %s: the API key is never given as a flag; set SONAR_API_KEY, api_key_file or api_key_command", name)
		}
		return usagef("unknown flag %s", name)
	}
	if errors.Is(err, flag.ErrHelp) {
		return usagef("%v", err)
	}
	return usagef("%s", msg)
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = fmt.Sprintf("%q", termsafe.RedactURL(a))
	}
	return strings.Join(q, " ")
}
