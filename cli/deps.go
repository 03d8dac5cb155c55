package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/ui"
)

// runDeps is what differs between one run of the app and another with the
// same settings: the local viewer's run, or one SSH session of `serve`.
type runDeps struct {
	ctx     context.Context // ends the run's requests (the SSH session's end)
	getter  ui.TicketGetter
	lister  ui.TicketLister // nil: the client cannot list tickets
	history ui.History      // nil: remember nothing (every SSH session)
	me      string          // the user GUID "me" stands for; "" if unknown
	watch   time.Duration
	now     time.Time // the start: views' relative times count back from it

	// leaveOut: a view that cannot be built (it says "me" while me is
	// unknown) is left out, and said why in appDeps' result, instead of
	// being an error: an SSH session whose key has no sonar-user-guid
	// still starts, with the other views.
	leaveOut bool
}

// appDeps builds the app's Deps from the settings (s, theme) and one run's
// part. The viewer and every serve session build their Deps here, so a
// setting cannot reach one and be forgotten by the other. left says which
// views were left out and why (only with r.leaveOut).
func appDeps(s *session, theme ui.Theme, r runDeps) (d ui.Deps, left []string, err error) {
	d = ui.Deps{
		Context:  r.ctx,
		Getter:   r.getter,
		Lister:   r.lister,
		Now:      time.Now,
		Location: time.Local,
		History:  r.history,
		Host:     s.host,
		Theme:    theme,
		UserGUID: r.me,
		Watch:    r.watch,
		BaseURL:  s.baseURL,
		ASCII:    s.ascii,
		// The frame on screen is written before the other panes are built.
		RestDelay: 2 * time.Second / frameRate,

		ConsoleURLPattern: s.consoleURL,
	}
	for _, v := range s.views {
		q, err := FilterQuery(v.Filter, r.me, r.now)
		switch {
		case err == nil:
			d.Views = append(d.Views, ui.QueueView{Name: v.Name, Query: q})
		case !r.leaveOut:
			return ui.Deps{}, nil, usagef("view %q in the config file: %s", v.Name, message(err))
		case r.me == "" && needsMe(v.Filter, r.now):
			left = append(left, fmt.Sprintf(`view %q (it says "me" and your key has no sonar-user-guid)`, v.Name))
		default:
			left = append(left, fmt.Sprintf("view %q (%s)", v.Name, message(err)))
		}
	}
	return d, left, nil
}

// needsMe reports whether a filter fails only for want of the user GUID.
func needsMe(f api.Filter, now time.Time) bool {
	_, err := f.Query("", now)
	return errors.Is(err, api.ErrNoUserGUID)
}

// leftOutNotice is the line a session gets about the views it lacks.
func leftOutNotice(left []string) string {
	return "left out of this session: " + strings.Join(left, "; ")
}
