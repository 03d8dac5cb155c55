package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// ErrAuditUnavailable is returned instead of a ticket or a queue page when
// the audit record of the access could not be written: an access that is
// not recorded is not shown.
var ErrAuditUnavailable = errors.New("audit unavailable: the access could not be recorded, so it is not shown; tell the server's operator")

// Audit event names.
const (
	EventSessionStart = "session_start"
	EventSessionEnd   = "session_end"
	// EventSessionRefused: an authenticated client asked for something
	// other than the app (a command, no PTY) or was over a limit.
	EventSessionRefused = "session_refused"
	EventAuthFailure    = "auth_failure"
	EventTicketView     = "ticket_view"
	EventQueueQuery     = "queue_query"
	EventKeysReload     = "keys_reload"
)

// Record is one audit line. Empty fields are left out. Strings that the
// client chose (SSH user, client version) go through clientText and then
// JSON encoding: one record is always exactly one line, whatever they hold.
type Record struct {
	Time          time.Time       `json:"time"`
	Event         string          `json:"event"`
	Session       string          `json:"session,omitempty"`
	Fingerprint   string          `json:"fingerprint,omitempty"`
	Analyst       string          `json:"analyst,omitempty"`
	UserGUID      string          `json:"user_guid,omitempty"`
	SSHUser       string          `json:"ssh_user,omitempty"`
	Remote        string          `json:"remote,omitempty"`
	ClientVersion string          `json:"client_version,omitempty"`
	Method        string          `json:"method,omitempty"`
	Ticket        string          `json:"ticket,omitempty"`
	Query         json.RawMessage `json:"query,omitempty"`
	Outcome       string          `json:"outcome,omitempty"`
	Bytes         int             `json:"bytes,omitempty"`
	Count         *int            `json:"count,omitempty"`
	DurationMS    *int64          `json:"duration_ms,omitempty"`
	Reason        string          `json:"reason,omitempty"`
	Error         string          `json:"error,omitempty"`
}

// AuditLog writes Records as JSON lines. It is safe for concurrent use.
type AuditLog struct {
	mu  sync.Mutex
	w   io.Writer
	c   io.Closer
	now func() time.Time
}

// NewAuditLog writes to w; now stamps the records (nil: time.Now).
func NewAuditLog(w io.Writer, now func() time.Time) *AuditLog {
	if now == nil {
		now = time.Now
	}
	return &AuditLog{w: w, now: now}
}

// OpenAuditLog opens path for appending (created 0600; an existing file
// that others can read is tightened to 0600).
func OpenAuditLog(path string, now func() time.Time) (*AuditLog, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, fmt.Errorf("audit log %s: %w", path, err)
		}
	}
	a := NewAuditLog(f, now)
	a.c = f
	return a, nil
}

// Write stamps r and writes it as one line, in one Write call.
func (a *AuditLog) Write(r Record) error {
	if a == nil {
		return nil
	}
	if r.Time.IsZero() {
		r.Time = a.now().UTC()
	}
	r.SSHUser = clientText(r.SSHUser)
	r.ClientVersion = clientText(r.ClientVersion)
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.w.Write(b); err != nil {
		return fmt.Errorf("%w: %v", ErrAuditUnavailable, err)
	}
	return nil
}

// Close closes the file OpenAuditLog opened.
func (a *AuditLog) Close() error {
	if a == nil || a.c == nil {
		return nil
	}
	return a.c.Close()
}

// clientText keeps every byte of a client-supplied string: valid UTF-8 as
// it is (JSON encoding escapes the controls), invalid bytes as \xNN, so
// that nothing is replaced by U+FFFD and lost.
func clientText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
