package config

import (
	"fmt"
	"log/slog"
	"strings"
	"text/tabwriter"
)

// Setting is one line of `sonar-tui config`: a name, its value as shown
// (the key is always redacted) and where it came from.
type Setting struct {
	Name   string
	Value  string // "" when not set
	Source Source
}

// Describe lists every setting in a fixed order. It is the only view of a
// Config meant for people, and it never contains the key.
func (c *Config) Describe() []Setting {
	key := ""
	if !c.Key.IsZero() {
		key = fmt.Sprintf("%s (from %s)", redacted, c.KeySource)
	}
	u := ""
	if c.URL != nil {
		u = c.URL.String()
	}
	timeout := ""
	if c.Timeout != 0 {
		timeout = c.Timeout.String()
	}
	rows := []Setting{
		{Name: SettingProfile, Value: c.Profile},
		{Name: SettingConfigFile, Value: c.ConfigFile},
		{Name: SettingURL, Value: u},
		{Name: SettingAPIKey, Value: key},
		{Name: SettingCAFile, Value: c.CAFile},
		{Name: SettingPinSHA256, Value: c.PinSHA256},
		{Name: SettingTLSServerName, Value: c.TLSServerName},
		{Name: SettingTimeout, Value: timeout},
		{Name: SettingASCII, Value: fmt.Sprint(c.ASCII)},
		{Name: SettingConsoleURL, Value: c.ConsoleURL},
		{Name: SettingUserGUID, Value: c.UserGUID},
	}
	for i := range rows {
		rows[i].Source = c.Sources[rows[i].Name]
	}
	for _, v := range c.Views {
		rows = append(rows, Setting{Name: "view " + v.Name, Value: v.String(), Source: Source{Kind: SourceFile, Name: c.ConfigFile}})
	}
	return rows
}

// Redacted formats Describe as aligned text for printing. Values are passed
// through display, so a control character in a path cannot reach the
// terminal raw.
func (c *Config) Redacted() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, s := range c.Describe() {
		if s.Value == "" {
			fmt.Fprintf(tw, "%s\t(not set)\t\n", s.Name)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t(%s)\n", s.Name, display(s.Value), s.Source)
	}
	_ = tw.Flush()
	// tabwriter pads the value column of "(not set)" rows too.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// LogValue logs a Config as its Describe list instead of its raw fields.
func (c *Config) LogValue() slog.Value {
	rows := c.Describe()
	attrs := make([]slog.Attr, 0, len(rows))
	for _, s := range rows {
		attrs = append(attrs, slog.String(s.Name, s.Value))
	}
	return slog.GroupValue(attrs...)
}
