// Package history keeps the list of recently opened tickets in
// $XDG_STATE_HOME/sonar-tui/recent.json (falling back to
// ~/.local/state/sonar-tui/), newest first, at most Max entries.
//
// Titles come from the server, so the file holds them in their escaped,
// display-ready form, cut to MaxTitle columns: a hostile 10 MB title must
// not be re-read and re-escaped on every later start. A file or entry that
// is too big or malformed is ignored with a warning; it never stops the
// viewer from starting.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Max is how many tickets are remembered.
const Max = 20

// MaxTitle is the display width titles are cut to.
const MaxTitle = 120

// Bounds on what Load accepts. An escape token takes up to 12 bytes for
// one column, so a display-ready title is at most about 1.5 KiB.
const (
	maxTitleBytes = 2 << 10
	maxFileBytes  = 64 << 10
)

// DisplayTitle is the form a title is remembered in: escaped for the
// terminal (escape tokens as plain text) and cut to MaxTitle columns with
// "…". It is idempotent, so entries read back from the file stay as they
// are. The result is still marked untrusted: the file may have been edited.
func DisplayTitle(title termsafe.Untrusted) termsafe.Untrusted {
	// Only the start can be shown: escape no more than could fill
	// MaxTitle columns (a base character with four combining marks is
	// about 20 bytes for one column).
	head, cut := title.Prefix(MaxTitle * 20)
	s := termsafe.Escape(head, termsafe.SingleLine)
	limit := MaxTitle
	if cut {
		limit = min(limit, s.Width()-1) // always say that there is more
	}
	return termsafe.Wrap(s.Truncate(limit, "…").Plain())
}

// Entry is one remembered ticket. The title came from the server and stays
// untrusted.
type Entry struct {
	GUID   string
	Title  termsafe.Untrusted
	Opened time.Time
}

type fileEntry struct {
	GUID   string    `json:"guid"`
	Title  string    `json:"title"`
	Opened time.Time `json:"opened"`
}

// File is a history stored in one JSON file. It is safe for concurrent use
// by the sessions of one process.
type File struct {
	path string
	mu   sync.Mutex
}

// DefaultPath resolves the history file from the environment.
func DefaultPath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "sonar-tui", "recent.json"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("history: neither XDG_STATE_HOME nor HOME is set")
	}
	return filepath.Join(home, ".local", "state", "sonar-tui", "recent.json"), nil
}

// NewFile returns a history kept at path.
func NewFile(path string) *File { return &File{path: path} }

// Load reads the history; a missing file is an empty history. When the
// file or some of its entries cannot be used, Load returns the entries it
// could use together with an error that says what was ignored: a warning,
// not a reason to stop.
func (f *File) Load() ([]Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.load()
}

func (f *File) load() ([]Entry, error) {
	fh, err := os.Open(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if len(b) > maxFileBytes {
		return nil, fmt.Errorf("history: %s is larger than %d KiB, ignored", f.path, maxFileBytes>>10)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("history: %s is not valid, ignored: %w", f.path, err)
	}
	out := make([]Entry, 0, min(len(raw), Max))
	bad := 0
	for _, r := range raw {
		var e fileEntry
		if err := json.Unmarshal(r, &e); err != nil || !validEntry(e) || len(out) == Max {
			bad++
			continue
		}
		out = append(out, Entry{GUID: e.GUID, Title: DisplayTitle(termsafe.Wrap(e.Title)), Opened: e.Opened})
	}
	if bad > 0 {
		return out, fmt.Errorf("history: %d malformed or oversized entries in %s ignored", bad, f.path)
	}
	return out, nil
}

// validEntry accepts a GUID-shaped key and a bounded title. The GUID is
// checked again before any request (api.ParseGUID); this only keeps junk
// out of the list.
func validEntry(e fileEntry) bool {
	if len(e.GUID) != 36 || len(e.Title) > maxTitleBytes {
		return false
	}
	for i := 0; i < len(e.GUID); i++ {
		c := e.GUID[i]
		if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// Add records e as the newest entry, dropping an older entry for the same
// GUID and anything past Max, and returns the new list.
func (f *File) Add(e Entry) ([]Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	// A corrupt file is replaced rather than blocking the viewer; its
	// usable entries are kept.
	list, _ := f.load()
	e.Title = DisplayTitle(e.Title)
	out := []Entry{e}
	for _, old := range list {
		if old.GUID != e.GUID && len(out) < Max {
			out = append(out, old)
		}
	}
	raw := make([]fileEntry, len(out))
	for i, x := range out {
		raw[i] = fileEntry{GUID: x.GUID, Title: termsafe.Unwrap(x.Title), Opened: x.Opened}
	}
	b, err := json.MarshalIndent(raw, "", "  ")
	if err != nil {
		return out, err
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return out, fmt.Errorf("history: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".recent-*.json")
	if err != nil {
		return out, fmt.Errorf("history: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return out, fmt.Errorf("history: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return out, fmt.Errorf("history: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		return out, fmt.Errorf("history: %w", err)
	}
	return out, nil
}
