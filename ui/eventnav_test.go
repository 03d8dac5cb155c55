package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// nestedSeed is the seed ticket with a nested object and array in its
// event, after "count".
func nestedSeed(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, seedGUID, 100, 30, Dark)
	body := string(h.g.bodies[seedGUID])
	nested := strings.Replace(body, `\"count\":1,`, `\"count\":1,\"geo\":{\"city\":\"Seoul\",\"hops\":[\"10.0.0.1\",null,\"10.0.0.2\"]},`, 1)
	if nested == body {
		t.Fatal("seed event changed: no \"count\":1")
	}
	h.g.bodies[seedGUID] = []byte(nested)
	h.keys("r", "2")
	return h
}

func TestEventFilter(t *testing.T) {
	h := nestedSeed(t)
	all := len(h.model().panes[eventPane].pager.lines)
	h.keys("&")
	h.typeText("seoul")
	// The filter applies as it is typed.
	ev := h.model().panes[eventPane].pager.text()
	for _, want := range []string{`"geo": {`, `"city": "Seoul"`, `filter "seoul": 1 of`} {
		if !strings.Contains(ev, want) {
			t.Errorf("filtered event lacks %q:\n%s", want, ev)
		}
	}
	for _, gone := range []string{`"src_ip"`, `"hops"`} {
		if strings.Contains(ev, gone) {
			t.Errorf("filtered event still shows %s", gone)
		}
	}
	h.keys("enter")
	if got := h.model().nav.filter; got != "seoul" {
		t.Errorf("enter kept filter %q", got)
	}
	// A matching key keeps its whole value.
	h.keys("&")
	for range len("seoul") {
		h.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	h.typeText("hops")
	h.keys("enter")
	ev = h.model().panes[eventPane].pager.text()
	if !strings.Contains(ev, `"10.0.0.2"`) || !strings.Contains(ev, "null") || strings.Contains(ev, `"city"`) {
		t.Errorf("filter on a key:\n%s", ev)
	}
	// Esc clears it.
	h.keys("&", "esc")
	if n := len(h.model().panes[eventPane].pager.lines); n != all || h.model().nav.filter != "" {
		t.Errorf("esc: %d lines, want %d; filter %q", n, all, h.model().nav.filter)
	}
}

func TestEventHideNulls(t *testing.T) {
	h := nestedSeed(t)
	h.keys("H")
	ev := h.model().panes[eventPane].pager.text()
	json := ev[strings.Index(ev, "{"):]
	if strings.Contains(json, "null") {
		t.Errorf("nulls still shown:\n%s", json)
	}
	if !strings.Contains(ev, "nulls hidden") || !strings.Contains(ev, `"10.0.0.2"`) {
		t.Errorf("hide nulls:\n%s", ev)
	}
	// The JSON stays valid: no comma before a closing bracket.
	if strings.Contains(strings.ReplaceAll(json, "\n", ""), ", }") || strings.Contains(strings.ReplaceAll(json, " ", ""), ",\n}") {
		t.Errorf("dangling comma:\n%s", json)
	}
	h.keys("H")
	if !strings.Contains(h.model().panes[eventPane].pager.text(), `"dst_ip": null`) {
		t.Errorf("H again did not show the nulls")
	}
}

func TestEventFoldAndPath(t *testing.T) {
	h := nestedSeed(t)
	pg := func() *pager { return &h.model().panes[eventPane].pager }
	line := -1
	for i, l := range pg().unstyled() {
		if strings.Contains(l, `"geo": {`) {
			line = i
		}
	}
	if line < 0 {
		t.Fatalf("no geo line:\n%s", pg().text())
	}
	h.keys("v")
	for h.model().panes[eventPane].cursor.line < line {
		h.keys("j")
	}
	if !strings.Contains(h.screen(), ".geo") {
		t.Errorf("the footer lacks the JSON path .geo:\n%s", h.screen())
	}
	h.keys("j", "j")
	if !strings.Contains(h.screen(), ".geo.hops") {
		t.Errorf("the footer lacks .geo.hops:\n%s", h.screen())
	}
	h.keys("j")
	if !strings.Contains(h.screen(), ".geo.hops[0]") {
		t.Errorf("the footer lacks .geo.hops[0]:\n%s", h.screen())
	}
	// y . copies the path, y y the value.
	h.keys("y", ".")
	if got := h.clip.last(); got != ".geo.hops[0]" {
		t.Errorf("y .: %q", got)
	}
	h.keys("y", "y")
	if got := h.clip.last(); got != "10.0.0.1" {
		t.Errorf("y y: %q", got)
	}
	// c folds the enclosing container under the cursor; c again unfolds.
	h.keys("k", "k", "k", "c")
	ev := pg().text()
	if !strings.Contains(ev, `"geo": {… 2 fields},`) || strings.Contains(ev, `"city"`) {
		t.Errorf("c did not fold geo:\n%s", ev)
	}
	if !strings.Contains(ev, "1 folded") {
		t.Errorf("the section title does not say a value is folded")
	}
	h.keys("y", "y")
	if got := h.clip.last(); !strings.Contains(got, `"city": "Seoul"`) || !strings.HasPrefix(got, "{") {
		t.Errorf("y y on an object: %q", got)
	}
	h.keys("c")
	if !strings.Contains(pg().text(), `"city": "Seoul"`) {
		t.Errorf("c again did not unfold")
	}
	h.keys("C")
	if !strings.Contains(pg().text(), `"geo": {… 2 fields}`) {
		t.Errorf("C did not fold all")
	}
	h.keys("E")
	if !strings.Contains(pg().text(), `"hops": [`) {
		t.Errorf("E did not unfold all")
	}
}

func TestKeyPathQuoting(t *testing.T) {

	cases := map[string]string{"src_ip": ".src_ip", "a b": `["a b"]`, "1st": `["1st"]`, `q"x`: `["q\"x"]`, "x\x1b[2J": `["x\x1B[2J"]`}
	for in, want := range cases {
		if got := keyPath(termsafe.Wrap(in)); got != want {
			t.Errorf("keyPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGoldenEventNav pins the Event pane filtered, nulls hidden, in select
// mode with the JSON path in the footer, as a terminal draws it.
func TestGoldenEventNav(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := newHarness(t, fixtureGUID(t, "sonar5"), size[0], size[1], Dark)
			h.keys("2", "&")
			h.typeText("src")
			h.keys("enter", "H", "v", "G", "k", "k")
			requireFits(t, h.frame(), size[0], size[1])
			golden.RequireEqual(t, h.screen())
		})
	}
}
