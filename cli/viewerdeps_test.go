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

// TestViewerDepsViews: the config file's [views.NAME] tables reach the
// queue as named queries, "me" standing for user_guid; a view that needs
// a user_guid nobody set is a usage error naming the view.
func TestViewerDepsViews(t *testing.T) {
	const me = "bfd00bb0-be99-4fd5-8380-166f544975fa"
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	views := []config.View{
		{Name: "high-new", Filter: api.Filter{Statuses: []string{"new"}, Priorities: []string{"high"}}},
		{Name: "mine", Filter: api.Filter{Assignee: "me", Since: "24h"}},
	}
	d, err := viewerDeps(&session{me: me, views: views}, ui.Dark, 30*time.Second, now)
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

	_, err = viewerDeps(&session{views: views}, ui.Dark, 0, now)
	if exitCode(err) != ExitUsage || !strings.Contains(err.Error(), `view "mine"`) {
		t.Errorf("a view with me and no user_guid: %v (exit %d), want a usage error naming the view", err, exitCode(err))
	}
}
