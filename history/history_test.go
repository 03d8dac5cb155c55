package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	if !loaded[0].Title.Is(`again\x1B[2J`) {
		t.Errorf("title not kept in its escaped display form: %v", termsafe.Escape(loaded[0].Title, termsafe.SingleLine))
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
	if list, err := NewFile(bad).Add(Entry{GUID: "00000000-0000-0000-0000-000000000001"}); err != nil || len(list) != 1 {
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

// TestHostileEntries: a 10 MB title used to be kept at full length (and
// re-escaped on every prompt frame, every start). Titles are stored cut
// and escaped; oversized and malformed entries and files are ignored with
// a warning, and the usable entries still load.
func TestHostileEntries(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "recent.json")
	h := NewFile(path)
	huge := strings.Repeat("\u202e title ", 1<<20)
	if _, err := h.Add(Entry{GUID: "00000000-0000-0000-0000-000000000001", Title: termsafe.Wrap(huge)}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Size() > 4<<10 {
		t.Fatalf("history file is %d bytes (%v): the title was not bounded", st.Size(), err)
	}
	list, err := h.Load()
	if err != nil || len(list) != 1 {
		t.Fatalf("load: %v %v", list, err)
	}
	title := termsafe.Escape(list[0].Title, termsafe.SingleLine)
	if w := title.Width(); w != MaxTitle || !strings.HasPrefix(title.Plain(), `\u{202E} title`) || !strings.HasSuffix(title.Plain(), "…") {
		t.Errorf("stored title %q (width %d), want the escaped form cut to %d with …", title.Plain(), w, MaxTitle)
	}

	good := `{"guid":"00000000-0000-0000-0000-000000000002","title":"ok","opened":"2026-11-25T09:00:00Z"}`
	file := "[" + strings.Join([]string{
		`{"guid":"00000000-0000-0000-0000-000000000003","title":"` + strings.Repeat("x", 10<<10) + `"}`,
		`{"guid":"../../etc/passwd","title":"t"}`,
		`{"guid":7}`,
		`"not an object"`,
		good,
	}, ",") + "]"
	os.WriteFile(path, []byte(file), 0o600)
	list, err = h.Load()
	if err == nil || !strings.Contains(err.Error(), "4 malformed or oversized entries") {
		t.Errorf("warning = %v", err)
	}
	if len(list) != 1 || list[0].GUID != "00000000-0000-0000-0000-000000000002" {
		t.Errorf("usable entries = %v", list)
	}

	os.WriteFile(path, []byte("["+strings.Repeat(good+",", 1000)+good+"]"), 0o600)
	if list, err := h.Load(); err == nil || len(list) != 0 {
		t.Errorf("oversized file: %d entries, %v", len(list), err)
	}
}
