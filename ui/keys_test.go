package ui

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README keybinding table")

// TestREADMEKeyTable keeps the README's keybinding table generated from the
// KeyMap, so documentation cannot drift from behaviour.
func TestREADMEKeyTable(t *testing.T) {
	const start, end = "<!-- keys:start (generated from ui.DefaultKeyMap and ui.DefaultQueueKeyMap; a test keeps it in step) -->\n", "<!-- keys:end -->"
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, start), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatal("README has no keys:start/keys:end markers")
	}
	want := ReadmeKeyTable()
	got := readme[i+len(start) : j]
	if got == want {
		return
	}
	if *updateReadme {
		readme = readme[:i+len(start)] + want + readme[j:]
		if err := os.WriteFile("../README.md", []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README key table is stale; run go test ./ui -run TestREADMEKeyTable -update-readme\ngot:\n%s\nwant:\n%s", got, want)
}

// TestEveryBindingIsDocumented: every binding of the KeyMap has help text
// and is in the full help, so `?` (and the README) lists every key that
// works.
func TestEveryBindingIsDocumented(t *testing.T) {
	km := DefaultKeyMap()
	inHelp := map[string]bool{}
	for _, col := range km.FullHelp() {
		for _, b := range col {
			inHelp[strings.Join(b.Keys(), ",")] = true
		}
	}
	v := reflect.ValueOf(km)
	for i := range v.NumField() {
		b := v.Field(i).Interface().(key.Binding)
		name := v.Type().Field(i).Name
		if b.Help().Key == "" || b.Help().Desc == "" {
			t.Errorf("%s has no help text", name)
		}
		if !inHelp[strings.Join(b.Keys(), ",")] {
			t.Errorf("%s (%v) is missing from FullHelp", name, b.Keys())
		}
	}
}
