package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretNeverPrinted(t *testing.T) {
	t.Parallel()
	in := testInputs(t, EnvURL, "https://sonar.example.com", EnvAPIKey, sentinel)
	cfg, err := Load(in)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Key.Reveal() != sentinel {
		t.Fatalf("Reveal() = %q, want the key: the test would prove nothing", cfg.Key.Reveal())
	}

	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s"} {
		outputs = append(outputs,
			fmt.Sprintf(verb, cfg.Key),
			fmt.Sprintf(verb, &cfg.Key),
			fmt.Sprintf(verb, cfg),
			fmt.Sprintf(verb, *cfg),
			fmt.Sprintf(verb, []any{cfg.Key, map[string]Secret{"k": cfg.Key}}))
	}
	outputs = append(outputs, fmt.Sprint(cfg.Key), fmt.Sprintln(cfg), cfg.Key.String(), cfg.Key.GoString())
	for _, v := range []any{cfg, *cfg, cfg.Key, map[Secret]int{cfg.Key: 1}} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal(%T): %v", v, err)
		}
		outputs = append(outputs, string(b))
	}
	text, _ := cfg.Key.MarshalText()
	outputs = append(outputs, string(text), cfg.Redacted(), fmt.Sprint(cfg.Describe()))

	var logs bytes.Buffer
	for _, h := range []slog.Handler{
		slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}),
	} {
		l := slog.New(h)
		l.Debug("loaded", "cfg", cfg, "key", cfg.Key, "cfgval", *cfg)
		l.Info("any", slog.Any("cfg", cfg), slog.Any("key", cfg.Key))
	}
	outputs = append(outputs, logs.String())

	for i, out := range outputs {
		if strings.Contains(out, sentinel) || strings.Contains(out, fmt.Sprintf("%x", sentinel)) {
			t.Errorf("output %d leaks the key: %s", i, out)
		}
	}
	if !strings.Contains(logs.String(), redacted) {
		t.Errorf("logs do not show %s:\n%s", redacted, logs.String())
	}
}

func TestSecretZero(t *testing.T) {
	t.Parallel()
	if !(Secret{}).IsZero() || NewSecret("x").IsZero() {
		t.Error("IsZero wrong")
	}
	if got := fmt.Sprintf("%q", NewSecret("x")); got != redacted {
		t.Errorf("%%q = %s, want %s", got, redacted)
	}
}
