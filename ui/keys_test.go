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
	// Each pane's own keys, and its number key.
	for i, p := range defaultPanes() {
		for _, b := range append(p.keys(), numberKeys(defaultPanes())[i]) {
			if b.Help().Key == "" || b.Help().Desc == "" {
				t.Errorf("%s pane: %v has no help text", p.name(), b.Keys())
			}
			if !inHelp[strings.Join(b.Keys(), ",")] {
				t.Errorf("%s pane: %v is missing from FullHelp", p.name(), b.Keys())
			}
		}
	}
}

// TestPaneKeysDontClash: a pane's own key must not shadow a shared key
// or another pane's key (the pane on screen gets a key first, and some
// pane keys work from every pane).
func TestPaneKeysDontClash(t *testing.T) {
	seen := map[string]string{}
	v := reflect.ValueOf(DefaultKeyMap())
	for i := range v.NumField() {
		b := v.Field(i).Interface().(key.Binding)
		name := v.Type().Field(i).Name
		if strings.HasPrefix(name, "Copy") || name == "Accept" || name == "RecentUp" || name == "RecentDown" || name == "Keep" {
			continue // keys of the copy menu, the prompt and the search box, not of a pane
		}
		for _, k := range b.Keys() {
			seen[k] = name
		}
	}
	for _, b := range numberKeys(defaultPanes()) {
		seen[b.Keys()[0]] = "a number key"
	}
	for _, p := range defaultPanes() {
		for _, b := range p.keys() {
			for _, k := range b.Keys() {
				if other, ok := seen[k]; ok {
					t.Errorf("%s pane: %q is also %s", p.name(), k, other)
				}
				seen[k] = p.name() + " " + b.Help().Desc
			}
		}
	}
}
