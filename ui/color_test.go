package ui

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// sgrRe finds SGR sequences in program output.
var sgrRe = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// TestColorProfiles runs the real program under each colour profile and
// checks the colour sequences it writes fit the profile: truecolor may use
// 38;2, 256 colours only 38;5, 16 colours only 30-37/90-97, and none (what
// NO_COLOR selects) no colour at all, while the words on screen are the
// same everywhere.
func TestColorProfiles(t *testing.T) {
	cases := []struct {
		name    string
		profile colorprofile.Profile
		allowed func(params string) bool
	}{
		{"truecolor", colorprofile.TrueColor, func(string) bool { return true }},
		{"256", colorprofile.ANSI256, func(p string) bool { return !strings.Contains(p, "38;2") && !strings.Contains(p, "48;2") }},
		{"16", colorprofile.ANSI, func(p string) bool {
			return !strings.Contains(p, "38;2") && !strings.Contains(p, "48;2") && !strings.Contains(p, "38;5") && !strings.Contains(p, "48;5")
		}},
		{"none", colorprofile.Ascii, func(p string) bool { return !hasColor(p) }},
	}
	for _, theme := range []Theme{Dark, Light} {
		for _, c := range cases {
			t.Run(theme.String()+"/"+c.name, func(t *testing.T) {
				deps := programDeps(newFakeGetter(), &memHistory{})
				deps.Theme = theme
				tm := teatest.NewTestModel(t, New(deps, seedGUID),
					teatest.WithInitialTermSize(100, 30),
					teatest.WithProgramOptions(tea.WithColorProfile(c.profile)))
				sw := newWatcher(100, 30)
				sw.waitFor(t, tm, "Identity", "▼ LOW", "APPROVED", "ATTACK")
				press(tm, "2")
				sw.waitFor(t, tm, "Key facts")
				press(tm, "q")
				tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
				b, _ := readAll(tm)
				sw.raw.Write(b)
				seen := 0
				for _, m := range sgrRe.FindAllSubmatch(sw.raw.Bytes(), -1) {
					seen++
					if !c.allowed(string(m[1])) {
						t.Fatalf("profile %s: SGR %q not allowed", c.name, m[1])
					}
				}
				if seen == 0 {
					t.Fatal("no SGR at all: the check checked nothing")
				}
			})
		}
	}
}

func readAll(tm *teatest.TestModel) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(tm.Output())
	return b.Bytes(), err
}

// hasColor reports whether SGR parameters set a foreground or background
// colour (attributes such as bold or reverse are fine without colour).
func hasColor(params string) bool {
	ps := strings.FieldsFunc(params, func(r rune) bool { return r == ';' || r == ':' })
	for i := 0; i < len(ps); i++ {
		switch p := ps[i]; {
		case p == "38" || p == "48" || p == "58":
			return true
		case len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9') && p[1] != '9' && p[0] != '5':
			return true
		case len(p) == 3 && p[0] == '1' && p[1] == '0' && p[2] != '9':
			return true
		}
	}
	return false
}
