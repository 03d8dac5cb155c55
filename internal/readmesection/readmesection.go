// Package readmesection keeps generated sections of README.md (the key
// table, the exit code table) in step with the code they document. Tests
// call Check; with -update-readme they rewrite the section instead.
package readmesection

import (
	"os"
	"strings"
	"testing"
)

// Check compares the text between the start and end markers of the README
// at path with want. With update it writes want there instead of failing;
// fix is the command that does so, for the failure message.
func Check(t *testing.T, path, start, end, want string, update bool, fix string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, start), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q ... %q markers", path, start, end)
	}
	got := readme[i+len(start) : j]
	if got == want {
		return
	}
	if update {
		if err := os.WriteFile(path, []byte(readme[:i+len(start)]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s section is stale; run %s\ngot:\n%s\nwant:\n%s", path, fix, got, want)
}
