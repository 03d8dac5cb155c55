// Package config loads sonar-tui's settings: the Sonar base URL, the API
// key, TLS options and the request timeout, and records where each one came
// from so `sonar-tui config` can explain it.
//
// Precedence, highest first. This is the one place it is written down;
// Load follows it setting by setting through first(...):
//
//  1. flags (the Flags struct, parsed by the caller)
//  2. environment: SONAR_URL, SONAR_PROFILE, SONAR_CONFIG, SONAR_TIMEOUT
//  3. the selected profile of the config file
//     (--config, else SONAR_CONFIG, else $XDG_CONFIG_HOME/sonar-tui/config.toml)
//  4. defaults: timeout 30s, profile "default"
//
// The API key differs on purpose (SECURITY.md HTTP-12): it never comes from a
// flag (process lists, shell history), and the first *configured* source is
// used; if it fails, Load fails rather than silently trying the next:
//
//  1. SONAR_API_KEY
//  2. api_key_command in the profile
//  3. a key file: api_key_file in the profile, else SONAR_API_KEY_FILE,
//     else <config dir>/api_key if it exists. The profile's file comes
//     first so that a key stays with the URL of its profile.
//
// Load takes all its inputs (flags, a getenv function, directories, a
// command runner), like gh-dash and soft-serve, so tests need no global
// state and the package holds none.
package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Environment variables read by Load.
const (
	EnvURL                = "SONAR_URL"
	EnvAPIKey             = "SONAR_API_KEY"
	EnvProfile            = "SONAR_PROFILE"
	EnvConfig             = "SONAR_CONFIG"
	EnvTimeout            = "SONAR_TIMEOUT"
	EnvAPIKeyFile         = "SONAR_API_KEY_FILE"
	EnvAllowGroupReadable = "SONAR_API_KEY_ALLOW_GROUP_READABLE"
	EnvASCII              = "SONAR_ASCII"
)

// Flags are the command-line settings, parsed by the caller. Zero values
// mean "not given". There is deliberately no field for the API key.
type Flags struct {
	URL        string        // --url
	Profile    string        // --profile
	ConfigPath string        // --config
	CAFile     string        // --ca-file
	Timeout    time.Duration // --timeout
	ASCII      bool          // --ascii
}

// RunFunc runs api_key_command and returns its stdout. On failure it should
// return an *exec.ExitError with Stderr set (as the default does) so the
// error can show the command's stderr.
type RunFunc func(ctx context.Context, cmd string) ([]byte, error)

// Inputs is everything Load reads. Nothing is taken from the process
// implicitly: a nil Getenv means an empty environment.
type Inputs struct {
	Flags  Flags
	Getenv func(string) string
	// ConfigDir is the sonar-tui directory, usually DefaultConfigDir's
	// result; "" means no default config file and no default key file.
	ConfigDir string
	// Home expands "~/" in paths; "" makes such paths an error.
	Home string
	// RunCommand runs api_key_command; nil means `sh -c` (stdout only).
	RunCommand RunFunc

	getuid func() int // tests only: pretend to be another user
}

// SystemInputs returns Inputs for the real process environment.
func SystemInputs(f Flags) Inputs {
	home, _ := os.UserHomeDir()
	return Inputs{Flags: f, Getenv: os.Getenv, ConfigDir: DefaultConfigDir(os.Getenv), Home: home}
}

// DefaultConfigDir returns $XDG_CONFIG_HOME/sonar-tui, falling back to
// $HOME/.config/sonar-tui, or "" if neither is set. A relative
// XDG_CONFIG_HOME is ignored, as the XDG spec requires.
func DefaultConfigDir(getenv func(string) string) string {
	if x := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "sonar-tui")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "sonar-tui")
	}
	return ""
}

// Config is the resolved configuration. Its fields are exported so that a
// caller can build one directly (demo mode, tests) without files.
type Config struct {
	URL           *url.URL // validated, no trailing slash
	Key           Secret
	KeySource     KeySource
	CAFile        string // PEM bundle added to the system roots
	PinSHA256     string // "sha256//<base64>", checked by ParsePin
	TLSServerName string
	Timeout       time.Duration
	Profile       string
	ConfigFile    string // "" when no config file was read
	// ASCII draws only ASCII symbols, for terminals that draw
	// East-Asian-ambiguous characters two cells wide.
	ASCII bool
	// ConsoleURL is the web-console link pattern ({base}, {guid}); ""
	// means the viewer's default.
	ConsoleURL string
	// UserGUID is the user "me" stands for in list filters and views
	// (user_guid or SONAR_USER_GUID), lower case; "" when not set.
	UserGUID string
	// Views are the config file's [views.NAME] tables, in file order.
	Views []View
	// Serve is the [serve] table, for `sonar-tui serve`.
	Serve Serve
	// Sources maps the name (Setting*) of each setting that has a value to
	// where the value came from; Load fills it for every such setting.
	Sources map[string]Source
}

// layer is one candidate value for a setting, from one source.
type layer struct {
	val string
	src Source
	key toml.Key // position in the config file, for file layers
}

// first returns the highest-precedence layer that has a value.
func first(ls ...layer) (layer, bool) {
	for _, l := range ls {
		if l.val != "" {
			return l, true
		}
	}
	return layer{}, false
}

func flagLayer(val, name string) layer {
	return layer{val: val, src: Source{Kind: SourceFlag, Name: name}}
}

func defaultLayer(val string) layer { return layer{val: val} }

// loader carries the state of one Load call.
type loader struct {
	in       Inputs
	uid      int
	cf       *configFile // nil: no config file
	cfSrc    Source      // what named cf
	profName string
	prof     fileProfile
	profKey  toml.Key // TOML prefix of the profile's keys
}

func (l *loader) env(name string) string {
	if l.in.Getenv == nil {
		return ""
	}
	return l.in.Getenv(name)
}

func (l *loader) envLayer(name string) layer {
	return layer{val: l.env(name), src: Source{Kind: SourceEnv, Name: name}}
}

// fileLayer is a key of the selected profile.
func (l *loader) fileLayer(v tomlString, key string) layer {
	if l.cf == nil {
		return layer{}
	}
	return layer{val: string(v), key: append(l.profKey[:len(l.profKey):len(l.profKey)], key),
		src: Source{Kind: SourceFile, Name: l.cf.path, Profile: l.profName}}
}

// settingErr attaches the source to a validation error; for the file, as a
// FileError with the key's line.
func (l *loader) settingErr(ly layer, err error) error {
	if ly.src.Kind == SourceFile && l.cf != nil {
		return &FileError{Path: l.cf.path, Line: l.cf.keyLine(ly.key),
			Err: fmt.Errorf("%s (profile %q): %w", ly.key[len(ly.key)-1], l.profName, err)}
	}
	return fmt.Errorf("%s: %w", ly.src, err)
}

// pathValue expands "~/" and, for paths from the file, makes them relative
// to the file's directory.
func (l *loader) pathValue(ly layer) (string, error) {
	base := ""
	if ly.src.Kind == SourceFile {
		base = filepath.Dir(l.cf.path)
	}
	p, err := expandPath(ly.val, l.in.Home, base)
	if err != nil {
		return "", l.settingErr(ly, err)
	}
	return p, nil
}

// fileHint names the config file in "set ... in <file>" messages.
func (l *loader) fileHint() string {
	switch {
	case l.cf != nil:
		return display(l.cf.path)
	case l.in.ConfigDir != "":
		return display(filepath.Join(l.in.ConfigDir, "config.toml"))
	}
	return "$XDG_CONFIG_HOME/sonar-tui/config.toml"
}

// Load resolves the configuration from in, following the precedence in
// the package comment. Every setting is validated before api_key_command
// runs, and the config file's ownership and mode are checked before that.
func Load(in Inputs) (*Config, error) {
	l := &loader{in: in, uid: os.Getuid()}
	if in.getuid != nil {
		l.uid = in.getuid()
	}
	if err := l.loadFile(); err != nil {
		return nil, err
	}
	c := &Config{Sources: map[string]Source{}}
	if err := l.selectProfile(c); err != nil {
		return nil, err
	}
	if err := l.settings(c); err != nil {
		return nil, err
	}
	if err := l.userGUID(c); err != nil {
		return nil, err
	}
	if l.cf != nil {
		c.Views = l.cf.views
	}
	if err := l.serveSettings(c); err != nil {
		return nil, err
	}
	key, ks, src, err := l.resolveKey()
	if err != nil {
		return nil, err
	}
	c.Key, c.KeySource, c.Sources[SettingAPIKey] = key, ks, src
	return c, nil
}

func (l *loader) loadFile() error {
	def := ""
	if l.in.ConfigDir != "" {
		def = filepath.Join(l.in.ConfigDir, "config.toml")
	}
	ly, ok := first(flagLayer(l.in.Flags.ConfigPath, "--config"), l.envLayer(EnvConfig), defaultLayer(def))
	if !ok {
		return nil
	}
	path, err := l.pathValue(ly)
	if err != nil {
		return err
	}
	cf, err := readConfigFile(path, l.uid)
	if err == nil {
		l.cf, l.cfSrc = cf, ly.src
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if ly.src.Kind == SourceDefault {
		return nil // no file at the default path: env/flags-only setup
	}
	return &FileError{Path: path, Err: fmt.Errorf("config file named by %s does not exist: %w", ly.src, fs.ErrNotExist)}
}

func (l *loader) selectProfile(c *Config) error {
	var def layer
	if l.cf != nil {
		def = layer{val: string(l.cf.doc.DefaultProfile), key: toml.Key{"default_profile"},
			src: Source{Kind: SourceFile, Name: l.cf.path}}
	}
	sel, explicit := first(flagLayer(l.in.Flags.Profile, "--profile"), l.envLayer(EnvProfile), def)
	l.profName = implicitProfile
	if explicit {
		l.profName = sel.val
	}
	c.Profile, c.Sources[SettingProfile] = l.profName, sel.src
	if l.cf == nil {
		if l.profName == implicitProfile {
			return nil
		}
		return fmt.Errorf("%w %q (from %s): no config file found at %s", ErrUnknownProfile, l.profName, sel.src, l.fileHint())
	}
	c.ConfigFile, c.Sources[SettingConfigFile] = l.cf.path, l.cfSrc
	p, key, ok := l.cf.profile(l.profName)
	if !ok && l.profName == implicitProfile && len(l.cf.doc.Profiles) == 0 {
		ok = true // a file with no settings at all, e.g. only comments
	}
	l.prof, l.profKey = p, key
	switch {
	case ok:
		return nil
	case !explicit:
		return &FileError{Path: l.cf.path, Err: fmt.Errorf("%w: the file defines profiles %s but no default_profile; set default_profile, or use --profile or SONAR_PROFILE", ErrNoProfile, quoteList(l.cf.names()))}
	}
	if sel.src.Kind == SourceFile {
		return &FileError{Path: l.cf.path, Line: l.cf.keyLine(sel.key),
			Err: fmt.Errorf("default_profile: %w %q; the file defines: %s", ErrUnknownProfile, l.profName, quoteList(l.cf.names()))}
	}
	return fmt.Errorf("%w %q (from %s); %s defines: %s", ErrUnknownProfile, l.profName, sel.src, display(l.cf.path), quoteList(l.cf.names()))
}

func (l *loader) settings(c *Config) error {
	f := l.in.Flags
	u, ok := first(flagLayer(f.URL, "--url"), l.envLayer(EnvURL), l.fileLayer(l.prof.URL, "url"))
	if !ok {
		return fmt.Errorf("%w: set SONAR_URL, --url, or url in %s", ErrNoURL, l.fileHint())
	}
	var err error
	if c.URL, err = ParseURL(u.val); err != nil {
		return l.settingErr(u, err)
	}
	c.Sources[SettingURL] = u.src

	flagTimeout := ""
	if f.Timeout != 0 {
		flagTimeout = f.Timeout.String()
	}
	t, _ := first(flagLayer(flagTimeout, "--timeout"), l.envLayer(EnvTimeout),
		l.fileLayer(l.prof.Timeout, "timeout"), defaultLayer(DefaultTimeout.String()))
	if c.Timeout, err = parseTimeout(t.val); err != nil {
		return l.settingErr(t, err)
	}
	c.Sources[SettingTimeout] = t.src

	if ca, ok := first(flagLayer(f.CAFile, "--ca-file"), l.fileLayer(l.prof.CAFile, "ca_file")); ok {
		if c.CAFile, err = l.pathValue(ca); err != nil {
			return err
		}
		c.Sources[SettingCAFile] = ca.src
	}
	if pin, ok := first(l.fileLayer(l.prof.PinSHA256, "pin_sha256")); ok {
		if _, err := ParsePin(pin.val); err != nil {
			return l.settingErr(pin, err)
		}
		c.PinSHA256, c.Sources[SettingPinSHA256] = pin.val, pin.src
	}
	if sn, ok := first(l.fileLayer(l.prof.TLSServerName, "tls_server_name")); ok {
		if !validServerName(sn.val) {
			return l.settingErr(sn, fmt.Errorf("%w: tls_server_name %q must be a bare host name or IP address, without scheme, port or path", ErrInvalidSetting, sn.val))
		}
		c.TLSServerName, c.Sources[SettingTLSServerName] = sn.val, sn.src
	}
	flagASCII := ""
	if f.ASCII {
		flagASCII = "true"
	}
	a, _ := first(flagLayer(flagASCII, "--ascii"), l.envLayer(EnvASCII), l.fileLayer(tomlString(l.prof.ASCII), "ascii"), defaultLayer("false"))
	if c.ASCII, err = ParseBool(a.val); err != nil {
		return l.settingErr(a, err)
	}
	c.Sources[SettingASCII] = a.src
	if cu, ok := first(l.fileLayer(l.prof.ConsoleURL, "console_url")); ok {
		if err := CheckConsoleURL(cu.val); err != nil {
			return l.settingErr(cu, err)
		}
		c.ConsoleURL, c.Sources[SettingConsoleURL] = cu.val, cu.src
	}
	return nil
}

// ParseBool reads a switch from the environment or the file: 1, true,
// yes, on or 0, false, no, off (any case).
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("%w: %q is not a switch: use 1 or 0 (true or false)", ErrInvalidSetting, s)
}

// CheckConsoleURL validates a web-console link pattern: {base} (the
// server URL) and {guid} are filled in; the result must be an http(s)
// URL naming the ticket.
func CheckConsoleURL(pattern string) error {
	if !strings.Contains(pattern, "{guid}") {
		return fmt.Errorf("%w: console_url %q must contain {guid}", ErrInvalidSetting, pattern)
	}
	filled := strings.NewReplacer("{base}", "https://sonar.example.com", "{guid}", "49272877-75f2-4c2f-9301-d21c4f9a106d").Replace(pattern)
	u, err := url.Parse(filled)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(filled, " \t\n\r\x00\x1b\x7f") {
		return fmt.Errorf("%w: console_url %q must be an http(s) URL, e.g. {base}/#/tickets/{guid}", ErrInvalidSetting, pattern)
	}
	return nil
}

// validServerName accepts DNS names (letters, digits, '-', '.', '_') and
// IP literals: the value is compared with certificate SANs, never dialled.
func validServerName(s string) bool {
	if _, err := netip.ParseAddr(s); err == nil {
		return true
	}
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") == ""
}

func quoteList(names []string) string {
	if len(names) == 0 {
		return "no profiles"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
