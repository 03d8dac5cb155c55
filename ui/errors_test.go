package ui

import (
	"errors"
	"strings"
	"testing"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/errclass"
	"github.com/sonar-tui/sonar-tui/api/errclass/errclasstest"
)

// TestErrorScreensFollowTheClassifier: every kind of error shows the
// classifier's title, on the ticket page and on the queue, so a failure
// reads the same as the command line's exit code says (cli tests the
// codes over the same table).
func TestErrorScreensFollowTheClassifier(t *testing.T) {
	for _, c := range errclasstest.Cases() {
		if c.Kind == errclass.None || c.Kind == errclass.Cancelled {
			continue // nothing to show: the analyst cancelled it
		}
		t.Run(c.Name, func(t *testing.T) {
			want := errclass.Classify(c.Err)
			if f := friendly(c.Err); f.title != want.Title || !strings.Contains(f.hint, want.Hint) {
				t.Errorf("friendly = %q / %q, want the classifier's %q / %q", f.title, f.hint, want.Title, want.Hint)
			}

			h := newHarness(t, "", 140, 30, Dark)
			h.g.errs[seedGUID] = c.Err
			h.typeText(seedGUID)
			h.keys("enter")
			scr := h.screen()
			switch {
			case c.Kind == errclass.NotFound:
				if !strings.Contains(scr, "No ticket with GUID") {
					t.Errorf("ticket page: no not-found screen:\n%s", scr)
				}
			case !strings.Contains(scr, want.Title):
				t.Errorf("ticket page lacks %q:\n%s", want.Title, scr)
			}

			q, _ := newAppHarness(t, 10, 140, 30, func(d *Deps, _ *Start) {
				d.Lister.(*fakeLister).failAt[0] = c.Err
			})
			if scr := q.screen(); !strings.Contains(scr, "Could not load the queue: "+want.Title) {
				t.Errorf("queue lacks %q:\n%s", want.Title, scr)
			}
		})
	}
}

// TestAppLastErrorIncludesTheQueue: `sonar-tui` whose queue could not load
// (a rejected key) used to exit 0 on q, as if nothing had gone wrong; the
// exit code now follows the error the queue shows, as it does the ticket
// page's.
func TestAppLastErrorIncludesTheQueue(t *testing.T) {
	auth := &api.AuthError{Status: 401, Err: errors.New("no")}
	h, _ := newAppHarness(t, 300, 80, 24, func(d *Deps, _ *Start) {
		d.Lister.(*fakeLister).failAt[0] = auth
	})
	if err := h.app().LastError(); !errors.Is(err, api.ErrUnauthorized) {
		t.Fatalf("LastError = %v after the queue showed %v", err, auth)
	}
	h.keys("r")
	if err := h.app().LastError(); err != nil {
		t.Fatalf("LastError = %v after the retry loaded the queue", err)
	}
	// A page failing mid-scroll is shown in the footer: it counts too.
	h.app().queue.deps.Lister.(*fakeLister).failAt[queuePageSize] = auth
	h.keys("G")
	if err := h.app().LastError(); !errors.Is(err, api.ErrUnauthorized) {
		t.Errorf("LastError = %v with a failed page in the footer:\n%s", err, h.screen())
	}
}
