package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// envVars is every environment variable sonar-tui reads, for --help.
var envVars = []struct{ Name, Desc string }{
	{"SONAR_URL", "Sonar base URL (https; http only to localhost)"},
	{"SONAR_API_KEY", "API key; used before api_key_command and key files"},
	{"SONAR_API_KEY_FILE", "file holding the API key; must be owner-only (chmod 600)"},
	{"SONAR_API_KEY_ALLOW_GROUP_READABLE", "set to 1 to accept a group-readable key file (container secrets)"},
	{"SONAR_PROFILE", "config file profile"},
	{"SONAR_CONFIG", "config file path"},
	{"SONAR_TIMEOUT", "timeout of a whole fetch, retries included, e.g. 10s"},
	{"SONAR_THEME", "dark or light"},
	{"SONAR_USER_GUID", "your Sonar user GUID: what \"me\" means in list --assignee me (overrides user_guid)"},
	{"NO_COLOR", "when set, --plain output has no colour"},
	{"XDG_CONFIG_HOME", "config dir: $XDG_CONFIG_HOME/sonar-tui/ (default ~/.config/sonar-tui/)"},
	{"XDG_STATE_HOME", "recent tickets: $XDG_STATE_HOME/sonar-tui/ (default ~/.local/state/sonar-tui/)"},
	{"HTTPS_PROXY, NO_PROXY", "proxy for requests to Sonar, and hosts that bypass it"},
}

const usageHead = `sonar-tui: a terminal viewer for Logpresso Sonar SIEM tickets.

Usage:
  sonar-tui [flags] [GUID|URL]         open the viewer (on the prompt when no GUID is given)
  sonar-tui --plain [flags] GUID|URL   print every pane as plain text
  sonar-tui --json [flags] GUID|URL    print the ticket object as sent by the server, pretty-printed
  sonar-tui --demo [flags] [GUID]      try it on built-in demo tickets: no server, no configuration
  sonar-tui list [flags]               list tickets (--status, --priority, --assignee me, --since 24h, ...);
                                       --json or --plain print them, one line per ticket
  sonar-tui config [flags]             show the resolved settings and where each came from (key redacted)
  sonar-tui fingerprint [flags] URL    show a server's TLS certificate and the pin_sha256 line to trust it
  sonar-tui serve [flags]              serve the app over SSH to a team (see sonar-tui serve --help)

GUID is a ticket GUID (8-4-4-4-12 hex digits); URL is a Sonar web console
address that contains one. Flags may come before or after it. When standard
output is not a terminal, the viewer prints the ticket as --plain does.
In the viewer, press o to open another ticket (in the demo, the prompt lists
every demo ticket) and ? for all keys.

Flags:
`

const usageTail = `
There is no flag for the API key, on purpose: command lines are visible to
other users and kept in shell history. Set SONAR_API_KEY, or api_key_file or
api_key_command in the config file.

Settings come from, highest first: flags, environment, config file, defaults.
fingerprint reads only --ca-file and --timeout and never writes the config.
`

// writeUsage prints --help. The flags section is generated from the flag
// set, so it lists every flag there is and nothing else.
func writeUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString(usageHead)
	writeFlags(&b, newFlagSet(&options{}))
	b.WriteString("\nEnvironment:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, e := range envVars {
		fmt.Fprintf(tw, "  %s\t%s\n", e.Name, e.Desc)
	}
	_ = tw.Flush()
	b.WriteString(usageTail)
	b.WriteString("\nExit codes:\n")
	for _, c := range exitCodes {
		fmt.Fprintf(&b, "  %3d  %s\n", c.Code, c.Desc)
	}
	_, _ = io.WriteString(w, b.String())
}

// writeFlags lists every flag of fs as "--name VALUE  description".
func writeFlags(b *strings.Builder, fs *flag.FlagSet) {
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "h" {
			return // listed with --help
		}
		name, desc := flag.UnquoteUsage(f)
		label := "--" + f.Name
		if f.Name == "help" {
			label = "-h, --help"
		}
		if name != "" {
			label += " " + strings.ToUpper(name)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", label, desc)
	})
	_ = tw.Flush()
}
