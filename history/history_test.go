package history

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

func TestAddKeepsNewestFirstDedupedAndBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "sonar-tui", "recent.json")
	h := NewFile(path)
	base := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for i := range Max + 5 {
		guid := fmt.Sprintf("00000000-0000-0000-0000-%012d", i)
		if _, err := h.Add(Entry{GUID: guid, Title: termsafe.Wrap(fmt.Sprint("t", i)), Opened: base.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	again := "00000000-0000-0000-0000-000000000010"
	list, err := h.Add(Entry{GUID: again, Title: termsafe.Wrap("again\x1b[2J"), Opened: base.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != Max {
		t.Fatalf("len = %d, want %d", len(list), Max)
	}
	loaded, err := h.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != Max || loaded[0].GUID != again {
		t.Fatalf("first = %q (len %d), want %q", loaded[0].GUID, len(loaded), again)
	}
	if !loaded[0].Title.Is("again\x1b[2J") {
		t.Errorf("title not kept byte for byte")
	}
	seen := map[string]bool{}
	for _, e := range loaded {
		if seen[e.GUID] {
			t.Errorf("duplicate %s", e.GUID)
		}
		seen[e.GUID] = true
	}
	st, err := os.Stat(filepath.Dir(path))
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("state dir mode = %v, %v; want 0700", st.Mode().Perm(), err)
	}
}

func TestLoadMissingAndCorrupt(t *testing.T) {
	dir := t.TempDir()
	if list, err := NewFile(filepath.Join(dir, "none.json")).Load(); err != nil || list != nil {
		t.Fatalf("missing file: %v %v", list, err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{"), 0o600)
	if _, err := NewFile(bad).Load(); err == nil {
		t.Fatal("corrupt file: want error")
	}
	if list, err := NewFile(bad).Add(Entry{GUID: "g"}); err != nil || len(list) != 1 {
		t.Fatalf("add over corrupt file: %v %v", list, err)
	}
}

func TestDefaultPath(t *testing.T) {
	env := map[string]string{"HOME": "/home/a"}
	get := func(k string) string { return env[k] }
	if p, _ := DefaultPath(get); p != "/home/a/.local/state/sonar-tui/recent.json" {
		t.Errorf("got %s", p)
	}
	env["XDG_STATE_HOME"] = "/x/state"
	if p, _ := DefaultPath(get); p != "/x/state/sonar-tui/recent.json" {
		t.Errorf("got %s", p)
	}
	env["XDG_STATE_HOME"] = "relative"
	if p, _ := DefaultPath(get); p != "/home/a/.local/state/sonar-tui/recent.json" {
		t.Errorf("relative XDG_STATE_HOME must be ignored, got %s", p)
	}
	if _, err := DefaultPath(func(string) string { return "" }); err == nil {
		t.Error("want error without HOME")
	}
}
