package cli

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/ui"
)

// TestAppDepsViews: the config file's [views.NAME] tables reach the
// queue as named queries, "me" standing for user_guid; a view that needs
// a user_guid nobody set is a usage error naming the view.
func TestAppDepsViews(t *testing.T) {
	const me = "bfd00bb0-be99-4fd5-8380-166f544975fa"
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	views := []config.View{
		{Name: "high-new", Filter: api.Filter{Statuses: []string{"new"}, Priorities: []string{"high"}}},
		{Name: "mine", Filter: api.Filter{Assignee: "me", Since: "24h"}},
	}
	d, _, err := appDeps(&session{me: me, views: views}, ui.Dark, runDeps{me: me, watch: 30 * time.Second, now: now})
	if err != nil {
		t.Fatal(err)
	}
	if d.UserGUID != me || d.Watch != 30*time.Second || len(d.Views) != 2 {
		t.Fatalf("deps: user %q watch %v views %d", d.UserGUID, d.Watch, len(d.Views))
	}
	hn, mine := d.Views[0], d.Views[1]
	if hn.Name != "high-new" || !slices.Equal(hn.Query.Statuses, []string{api.StatusNew}) ||
		!slices.Equal(hn.Query.Priorities, []api.Priority{api.PriorityHigh}) {
		t.Errorf("high-new view = %+v", hn)
	}
	if !slices.Equal(mine.Query.Assignees, []string{me}) || !mine.Query.From.Equal(now.Add(-24*time.Hour)) {
		t.Errorf("mine view: assignees %v from %v", mine.Query.Assignees, mine.Query.From)
	}

	_, _, err = appDeps(&session{views: views}, ui.Dark, runDeps{now: now})
	if exitCode(err) != ExitUsage || !strings.Contains(err.Error(), `view "mine"`) {
		t.Errorf("a view with me and no user_guid: %v (exit %d), want a usage error naming the view", err, exitCode(err))
	}

	// An SSH session whose key has no user GUID leaves the view out and
	// says why, instead of failing.
	d, left, err := appDeps(&session{views: views}, ui.Dark, runDeps{now: now, leaveOut: true})
	if err != nil || len(d.Views) != 1 || d.Views[0].Name != "high-new" {
		t.Fatalf("leaveOut: views %+v, err %v; want high-new alone", d.Views, err)
	}
	if len(left) != 1 || !strings.Contains(left[0], `view "mine"`) || !strings.Contains(left[0], "sonar-user-guid") {
		t.Errorf("leaveOut: left %q, want view \"mine\" and why", left)
	}
}

// TestAppDepsSettings: every setting of the session reaches the Deps, so
// the viewer and the serve sessions (both built by appDeps) get them.
func TestAppDepsSettings(t *testing.T) {
	s := &session{host: "sonar.example.com", baseURL: "https://sonar.example.com/", consoleURL: "{base}/console/{guid}", ascii: true}
	d, _, err := appDeps(s, ui.Light, runDeps{ctx: t.Context(), now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if d.Context != t.Context() || d.Host != s.host || d.BaseURL != s.baseURL || d.ConsoleURLPattern != s.consoleURL ||
		!d.ASCII || d.Theme != ui.Light || d.RestDelay <= 0 {
		t.Errorf("deps %+v lack the session's settings", d)
	}
}
