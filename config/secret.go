package config

import (
	"fmt"
	"io"
	"log/slog"
)

// redacted is what every printing path shows instead of a Secret's value.
const redacted = "[REDACTED]"

// Secret holds the API key. Every way Go has of printing or serialising a
// value (fmt verbs, json, text marshalling, slog) shows "[REDACTED]"
// (SECURITY.md HTTP-11), so printing a whole Config in a debug log or a
// panic cannot leak the key. It is a struct, not a string type, so that a
// plain conversion cannot get the value out by accident: Reveal is the one
// deliberate, greppable way.
type Secret struct{ v string }

// NewSecret wraps a key value, e.g. for a Config built directly in tests or
// in demo mode.
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the key itself. Only the code that sets the Authorization
// header may call it.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether no key is set.
func (s Secret) IsZero() bool { return s.v == "" }

// String returns "[REDACTED]".
func (Secret) String() string { return redacted }

// GoString returns "[REDACTED]" so %#v does not print the struct field.
func (Secret) GoString() string { return redacted }

// Format writes "[REDACTED]" for every verb, including %x and %q, which
// would otherwise bypass String.
func (Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// MarshalJSON returns the JSON string "[REDACTED]".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText returns "[REDACTED]" (used by encoding/xml, TOML, YAML and
// map keys in encoding/json).
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// LogValue makes slog print "[REDACTED]" whatever the handler.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }
