package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestFixturesUpToDate fails when someone edits a generated fixture by hand
// or changes the generator without running `go generate ./api/sonartest/`.
func TestFixturesUpToDate(t *testing.T) {
	for _, f := range generated() {
		t.Run(f.name, func(t *testing.T) {
			path := filepath.Join("..", "..", "fixtures", f.name+".json")
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go generate ./api/sonartest/)", err)
			}
			if !bytes.Equal(got, f.body) {
				t.Errorf("%s differs from the generator output; run go generate ./api/sonartest/", path)
			}
		})
	}
}

func TestGUIDFromIsStableAndWellFormed(t *testing.T) {
	a, b := guidFrom("x"), guidFrom("x")
	if a != b || len(a) != 36 || a[14] != '5' {
		t.Errorf("guidFrom(x) = %q, %q", a, b)
	}
	if guidFrom("x") == guidFrom("y") {
		t.Error("different seeds gave the same GUID")
	}
}

func TestThreadIsLong(t *testing.T) {
	if n := len(threadScript); n < 55 {
		t.Errorf("thread has %d comments, want at least 55", n)
	}
}
