// Package history keeps the list of recently opened tickets in
// $XDG_STATE_HOME/sonar-tui/recent.json (falling back to
// ~/.local/state/sonar-tui/), newest first, at most Max entries.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Max is how many tickets are remembered.
const Max = 20

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

// Load reads the history; a missing file is an empty history.
func (f *File) Load() ([]Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.load()
}

func (f *File) load() ([]Entry, error) {
	b, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	var raw []fileEntry
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("history: %s is not valid: %w", f.path, err)
	}
	out := make([]Entry, 0, len(raw))
	for _, e := range raw {
		out = append(out, Entry{GUID: e.GUID, Title: termsafe.Wrap(e.Title), Opened: e.Opened})
	}
	return out, nil
}

// Add records e as the newest entry, dropping an older entry for the same
// GUID and anything past Max, and returns the new list.
func (f *File) Add(e Entry) ([]Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	list, err := f.load()
	if err != nil {
		list = nil // a corrupt file is replaced rather than blocking the viewer
	}
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
