package config

import (
	"fmt"
	"reflect"
	"time"

	"github.com/BurntSushi/toml"
)

// Serve is the [serve] table: settings of `sonar-tui serve`. Zero values
// mean "not set"; the serve command's flags override them and its
// defaults fill the rest. Paths are expanded like the profile's paths
// ("~/", relative to the config file).
type Serve struct {
	Listen         string
	HostKey        string
	AuthorizedKeys string
	AuditLog       string // a path, or "-" for standard output
	IdleTimeout    time.Duration
	MaxSessions    int
}

// fileServe is the [serve] table as written; the tags are the only
// accepted key names.
type fileServe struct {
	Listen         tomlString `toml:"listen"`
	HostKey        tomlString `toml:"host_key"`
	AuthorizedKeys tomlString `toml:"authorized_keys"`
	AuditLog       tomlString `toml:"audit_log"`
	IdleTimeout    tomlString `toml:"idle_timeout"`
	MaxSessions    int64      `toml:"max_sessions"`
}

// serveKeys lists the accepted keys of [serve], from the struct tags.
func serveKeys() []string {
	t := reflect.TypeFor[fileServe]()
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i] = t.Field(i).Tag.Get("toml")
	}
	return keys
}

// serveSettings fills c.Serve from the file's [serve] table.
func (l *loader) serveSettings(c *Config) error {
	if l.cf == nil {
		return nil
	}
	fs := l.cf.doc.Serve
	at := func(v tomlString, key string) layer {
		return layer{val: string(v), key: toml.Key{"serve", key}, src: Source{Kind: SourceFile, Name: l.cf.path}}
	}
	fileErr := func(key string, err error) error {
		return &FileError{Path: l.cf.path, Line: l.cf.keyLine(toml.Key{"serve", key}), Err: fmt.Errorf("serve.%s: %w", key, err)}
	}
	c.Serve.Listen = string(fs.Listen)
	for _, p := range []struct {
		dst *string
		v   tomlString
		key string
	}{
		{&c.Serve.HostKey, fs.HostKey, "host_key"},
		{&c.Serve.AuthorizedKeys, fs.AuthorizedKeys, "authorized_keys"},
		{&c.Serve.AuditLog, fs.AuditLog, "audit_log"},
	} {
		if p.v == "" || p.v == "-" {
			*p.dst = string(p.v)
			continue
		}
		path, err := l.pathValue(at(p.v, p.key))
		if err != nil {
			return err
		}
		*p.dst = path
	}
	if fs.IdleTimeout != "" {
		d, err := time.ParseDuration(string(fs.IdleTimeout))
		if err != nil || d <= 0 {
			return fileErr("idle_timeout", fmt.Errorf("%q is not a positive duration such as 15m", string(fs.IdleTimeout)))
		}
		c.Serve.IdleTimeout = d
	}
	if fs.MaxSessions < 0 || fs.MaxSessions > 10000 {
		return fileErr("max_sessions", fmt.Errorf("%d must be between 1 and 10000", fs.MaxSessions))
	}
	c.Serve.MaxSessions = int(fs.MaxSessions)
	return nil
}
