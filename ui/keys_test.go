package ui

import (
	"flag"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/sonar-tui/sonar-tui/internal/readmesection"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README keybinding table")

// TestREADMEKeyTable keeps the README's keybinding table generated from the
// KeyMap, so documentation cannot drift from behaviour.
func TestREADMEKeyTable(t *testing.T) {
	readmesection.Check(t, "../README.md",
		"<!-- keys:start (generated from ui.DefaultKeyMap and ui.DefaultQueueKeyMap; a test keeps it in step) -->\n", "<!-- keys:end -->",
		ReadmeKeyTable(), *updateReadme, "go test ./ui -run TestREADMEKeyTable -update-readme")
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
