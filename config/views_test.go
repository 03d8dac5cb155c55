package config

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api"
)

const (
	guidA = "bfd00bb0-be99-4fd5-8380-166f544975fa"
	guidB = "ffaf431b-653a-4329-8f83-913cbb00342d"
)

func TestUserGUID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		env        []string
		profile    string
		want       string
		wantSrc    SourceKind
	}{
		{name: "not set", file: `url = "https://s.example"`},
		{name: "top level", file: "url = \"https://s.example\"\nuser_guid = \"" + strings.ToUpper(guidA) + "\"\n", want: guidA, wantSrc: SourceFile},
		{name: "in the profile", file: "default_profile = \"p\"\n[profiles.p]\nurl = \"https://s.example\"\nuser_guid = \"" + guidB + "\"\n", want: guidB, wantSrc: SourceFile},
		{name: "top level serves a named profile", file: "user_guid = \"" + guidA + "\"\n[profiles.p]\nurl = \"https://s.example\"\n", profile: "p", want: guidA, wantSrc: SourceFile},
		{name: "the profile's wins over the top level", file: "user_guid = \"" + guidA + "\"\n[profiles.p]\nurl = \"https://s.example\"\nuser_guid = \"" + guidB + "\"\n", profile: "p", want: guidB, wantSrc: SourceFile},
		{name: "env wins", file: "url = \"https://s.example\"\nuser_guid = \"" + guidA + "\"\n", env: []string{EnvUserGUID, guidB}, want: guidB, wantSrc: SourceEnv},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t, append([]string{EnvAPIKey, "k"}, tt.env...)...)
			in.Flags.Profile = tt.profile
			writeConfig(t, in, tt.file)
			cfg, err := Load(in)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.UserGUID != tt.want {
				t.Errorf("UserGUID = %q, want %q", cfg.UserGUID, tt.want)
			}
			if src := cfg.Sources[SettingUserGUID]; tt.want != "" && src.Kind != tt.wantSrc {
				t.Errorf("source = %v, want kind %v", src, tt.wantSrc)
			}
			if tt.want != "" && !hasRow(cfg.Redacted(), SettingUserGUID, tt.want) {
				t.Errorf("config output lacks the user_guid:\n%s", cfg.Redacted())
			}
		})
	}
}

func TestUserGUIDErrors(t *testing.T) {
	t.Parallel()
	in := testInputs(t, EnvAPIKey, "k")
	path := writeConfig(t, in, "url = \"https://s.example\"\n\nuser_guid = \"me\"\n")
	_, err := Load(in)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 3 || !errors.Is(err, ErrInvalidSetting) || !strings.Contains(err.Error(), "user_guid \"me\" is not a GUID") {
		t.Errorf("err = %v, want %s:3 user_guid is not a GUID", err, path)
	}

	in = testInputs(t, EnvAPIKey, "k", EnvURL, "https://s.example", EnvUserGUID, "x\x1b[2J")
	_, err = Load(in)
	if !errors.Is(err, ErrInvalidSetting) || !strings.Contains(err.Error(), "env "+EnvUserGUID) || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("err = %q, want an escaped error naming %s", err, EnvUserGUID)
	}
}

func TestViews(t *testing.T) {
	t.Parallel()
	in := testInputs(t, EnvAPIKey, "k")
	writeConfig(t, in, `url = "https://s.example"

[views.mine]
assignee = "me"
statuses = ["new", "assigned", "in_progress"]
sort = "updated"

[views.high-new]
statuses = "NEW"
priorities = ["high"]

[views.all]

[views.week]
since = "7d"
search = "web shell"
asc = true
`)
	cfg, err := Load(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []View{
		{Name: "mine", Filter: api.Filter{Assignee: "me", Statuses: []string{"new", "assigned", "in_progress"}, Sort: "updated"}},
		{Name: "high-new", Filter: api.Filter{Statuses: []string{"NEW"}, Priorities: []string{"high"}}},
		{Name: "all"},
		{Name: "week", Filter: api.Filter{Since: "7d", Search: "web shell", Asc: true}},
	}
	if !reflect.DeepEqual(cfg.Views, want) {
		t.Errorf("Views =\n%+v\nwant\n%+v", cfg.Views, want)
	}
	out := cfg.Redacted()
	for _, row := range [][2]string{
		{"view mine", "statuses=new,assigned,in_progress assignee=me sort=updated"},
		{"view high-new", "statuses=NEW priorities=high"},
		{"view all", "(all tickets)"},
		{"view week", `search="web shell" since=7d asc=true`},
	} {
		if !hasRow(out, row[0], row[1]) {
			t.Errorf("config output lacks %q = %q:\n%s", row[0], row[1], out)
		}
	}
}

func TestViewErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, view string
		line       int
		want       string
	}{
		{"unknown key", "[views.v]\nstatus = \"new\"\n", 4, "unknown key views.v.status"},
		{"bad status", "[views.v]\nsort = \"id\"\nstatuses = [\"new\", \"open\"]\n", 5, `view "v": status "open": not a ticket status`},
		{"bad priority", "[views.v]\npriorities = \"urgent\"\n", 4, `priority "urgent"`},
		{"bad assignee", "[views.v]\n\nassignee = \"bob\"\n", 5, `assignee "bob": not "me" nor a user GUID`},
		{"bad since", "[views.v]\nsince = \"last week\"\n", 4, `since "last week"`},
		{"bad sort", "[views.v]\nsort = \"priority\"\n", 4, `sort "priority"`},
		{"statuses not strings", "[views.v]\nstatuses = [1, 2]\n", 4, "must be a list of strings"},
		{"asc not a boolean", "[views.v]\nasc = \"yes\"\n", 4, "asc"},
		{"bad name", "[views.\"my view\"]\n", 3, `view name "my view"`},
		{"a view is a table", "views = 3\n", 3, "views"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t, EnvAPIKey, "k")
			path := writeConfig(t, in, "url = \"https://s.example\"\n\n"+tt.view)
			_, err := Load(in)
			var fe *FileError
			if !errors.As(err, &fe) || fe.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v\nwant %s:%d: ...%s...", err, path, tt.line, tt.want)
			}
			if msg := fmt.Sprint(err); strings.Contains(msg, "\n") {
				t.Errorf("message spans lines: %q", msg)
			}
		})
	}
}

// hasRow reports whether the `sonar-tui config` text has a line naming the
// setting with the value (columns are aligned with spaces).
func hasRow(out, name, value string) bool {
	return regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` +` + regexp.QuoteMeta(value) + `( |$)`).MatchString(out)
}
