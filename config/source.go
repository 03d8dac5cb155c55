package config

import "fmt"

// Names of the settings, used as keys of Config.Sources and in Describe.
const (
	SettingProfile       = "profile"
	SettingConfigFile    = "config_file"
	SettingURL           = "url"
	SettingAPIKey        = "api_key"
	SettingCAFile        = "ca_file"
	SettingPinSHA256     = "pin_sha256"
	SettingTLSServerName = "tls_server_name"
	SettingTimeout       = "timeout"
	SettingASCII         = "ascii"
	SettingConsoleURL    = "console_url"
	SettingUserGUID      = "user_guid"
)

// SourceKind is the layer a setting came from.
type SourceKind uint8

// The layers, in the order they are listed in the precedence comment.
const (
	SourceDefault SourceKind = iota // built-in default (the zero value)
	SourceFlag                      // a command-line flag
	SourceEnv                       // an environment variable
	SourceFile                      // the config file
)

// Source records where one setting came from, for `sonar-tui config`.
type Source struct {
	Kind SourceKind
	// Name is the flag ("--url"), the environment variable ("SONAR_URL")
	// or the config file path, depending on Kind.
	Name string
	// Profile is the profile of the config file the value was read from.
	Profile string
}

// String renders the source as "flag --url", "env SONAR_URL",
// `file /path/config.toml (profile "prod")` or "default".
func (s Source) String() string {
	switch s.Kind {
	case SourceFlag:
		return "flag " + s.Name
	case SourceEnv:
		return "env " + s.Name
	case SourceFile:
		if s.Profile == "" { // a top-level key such as default_profile
			return "file " + display(s.Name)
		}
		return fmt.Sprintf("file %s (profile %q)", display(s.Name), s.Profile)
	default:
		if s.Name != "" {
			return "default " + display(s.Name)
		}
		return "default"
	}
}

// KeyKind is the kind of API key source in use (HTTP-12), what
// `sonar-tui auth status` prints.
type KeyKind uint8

// Key source kinds. KeyNone is the zero value: no key loaded.
const (
	KeyNone KeyKind = iota
	KeyFromEnv
	KeyFromCommand
	KeyFromFile
)

// String returns "env", "command", "file" or "none".
func (k KeyKind) String() string {
	switch k {
	case KeyFromEnv:
		return "env"
	case KeyFromCommand:
		return "command"
	case KeyFromFile:
		return "file"
	default:
		return "none"
	}
}

// KeySource says which source produced the API key. It never holds the
// key itself.
type KeySource struct {
	Kind KeyKind
	Path string // the key file, for KeyFromFile
}

// String returns "env SONAR_API_KEY", "command" or "file: <path>".
func (k KeySource) String() string {
	switch k.Kind {
	case KeyFromEnv:
		return "env " + EnvAPIKey
	case KeyFromFile:
		return "file: " + display(k.Path)
	default:
		return k.Kind.String()
	}
}
