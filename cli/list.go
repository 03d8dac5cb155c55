package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/termsafe"
	"github.com/sonar-tui/sonar-tui/ui"
)

// `sonar-tui list`: the ticket queue on the command line. Its filter flags
// are an api.Filter, the same vocabulary as [views.NAME] in the config file.

const cmdList = "list"

// defaultListLimit is --limit when not given.
const defaultListLimit = 100

// listOptions are the flags of the list command. Zero means "not given",
// so that options of other commands compare equal without them.
type listOptions struct {
	filter   api.Filter
	limit    int
	limitSet bool
	given    []string // the list flags on the command line, "--status", ...
}

// addListFlags defines the list command's flags on fs. They are parsed for
// every command (flags may come before the subcommand), and check refuses
// them outside `list`.
func addListFlags(fs *flag.FlagSet, lo *listOptions) {
	mark := func(name string, set func(string) error) func(string) error {
		return func(s string) error {
			lo.given = append(lo.given, "--"+name)
			return set(s)
		}
	}
	str := func(dst *string) func(string) error { return func(s string) error { *dst = s; return nil } }
	fs.Func("status", "list: only tickets with these `STATUSES`, comma-separated: new, assigned, in_progress, submitted, approved, rejected, closed",
		mark("status", func(s string) error { lo.filter.Statuses = append(lo.filter.Statuses, s); return nil }))
	fs.Func("priority", "list: only these `PRIORITIES`, comma-separated: high, medium, low",
		mark("priority", func(s string) error { lo.filter.Priorities = append(lo.filter.Priorities, s); return nil }))
	fs.Func("assignee", "list: only tickets assigned to `WHO`: me (your user_guid) or a user GUID",
		mark("assignee", str(&lo.filter.Assignee)))
	fs.Func("approver", "list: only tickets with approver `WHO`: me or a user GUID", mark("approver", str(&lo.filter.Approver)))
	fs.Func("search", "list: server-side keyword search for `TEXT`", mark("search", str(&lo.filter.Search)))
	fs.Func("since", "list: from `WHEN` (Sonar's from): a date (2026-11-25, \"2026-11-25 08:00\") or a duration back from now (24h, 7d)",
		mark("since", str(&lo.filter.Since)))
	fs.Func("until", "list: until `WHEN` (Sonar's to): a date (the whole day counts) or a duration back from now",
		mark("until", str(&lo.filter.Until)))
	fs.Func("sort", "list: sort by `KEY`: id, created, updated or closed, newest first (default: the server's order)",
		mark("sort", str(&lo.filter.Sort)))
	fs.BoolFunc("asc", "list: sort oldest first", mark("asc", func(s string) error {
		v, err := strconv.ParseBool(s)
		lo.filter.Asc = v
		return err
	}))
	fs.Func("limit", "list: print at most `N` tickets (default 100; 0 prints every match, fetched 1000 at a time)",
		mark("limit", func(s string) error {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return fmt.Errorf("%q is not a number of tickets (0 or more)", s)
			}
			lo.limit, lo.limitSet = n, true
			return nil
		}))
}

// checkList is check for the list command: everything that can be known
// wrong from the command line alone, before any file is read or request
// sent.
func (o *options) checkList() error {
	if o.target != "" {
		return usagef("list takes no argument, got %q; use --search TEXT to search, or sonar-tui GUID to open a ticket", o.target)
	}
	if o.demo {
		if f := firstOn(flagOn{"--url", o.url != ""}, flagOn{"--profile", o.profile != ""},
			flagOn{"--config", o.configPath != ""}, flagOn{"--ca-file", o.caFile != ""}); f != "" {
			return usagef("%s cannot be used with --demo, which runs its own local server", f)
		}
	}
	if err := o.list.filter.Check(); err != nil {
		return listFlagError(err)
	}
	return nil
}

// listFlagError rewords an api.FilterError in flag terms.
func listFlagError(err error) error {
	var fe *api.FilterError
	if !errors.As(err, &fe) {
		return err
	}
	if errors.Is(err, api.ErrNoUserGUID) {
		return usagef(`--%s me: sonar-tui does not know your user GUID; set user_guid = "<your GUID>" in the config file (top level or the profile) or %s, or give the GUID instead of "me"`,
			fe.Field, config.EnvUserGUID)
	}
	return usagef("--%v", fe)
}

// FilterQuery turns list filters (from flags or a config view) into the
// query sent to Sonar: "me" becomes userGUID, durations count back from
// now. Errors are usage errors (exit code 2) that name the flag.
func FilterQuery(f api.Filter, userGUID string, now time.Time) (api.ListQuery, error) {
	q, err := f.Query(userGUID, now)
	if err != nil {
		return api.ListQuery{}, listFlagError(err)
	}
	return q, nil
}

// runList prints the queue (--json, --plain, or when stdout is not a
// terminal) or opens the queue screen.
func runList(ctx context.Context, s *session, o *options, env Env, theme ui.Theme, proc *process) error {
	q, err := FilterQuery(o.list.filter, s.me, env.Now())
	if err != nil {
		return err
	}
	limit := defaultListLimit
	if o.list.limitSet {
		limit = o.list.limit
	}
	q.Limit = min(limit, api.MaxPageSize) // 0: MaxPageSize
	switch _, tty := terminalFd(env.Stdout); {
	case o.json:
		return printListJSON(ctx, s, q, limit, env.Stdout, env.Stderr)
	case o.plain || !tty:
		return printListPlain(ctx, s, q, limit, env)
	}
	// On a terminal: the queue screen with these filters, loaded page by
	// page as the analyst scrolls (--limit bounds only printed lists).
	q.Limit = 0
	return runViewer(ctx, s, ui.Start{Query: q, Name: "list"}, o, env, theme, proc)
}

// eachPage fetches up to limit tickets (0: all) page by page. What a page
// has beside its tickets goes to stderr (pageNotes).
func eachPage(ctx context.Context, s *session, q api.ListQuery, limit int, stderr io.Writer, fn func(*api.TicketPage) error) error {
	for p, err := range s.client.AllTickets(ctx, q, limit) {
		if errors.Is(err, api.ErrUnauthorized) {
			err = &keyRejectedError{source: s.keySrc, err: err}
		}
		if err != nil {
			return err
		}
		if err := pageNotes(stderr, p); err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// printListJSON writes a JSON array of the items exactly as the server sent
// them, every requested page, re-indented and escaped like --json for one
// ticket (jsontree.Indent). Nothing is written unless every page arrived.
func printListJSON(ctx context.Context, s *session, q api.ListQuery, limit int, w, stderr io.Writer) error {
	var out bytes.Buffer
	out.WriteString("[")
	n := 0
	err := eachPage(ctx, s, q, limit, stderr, func(p *api.TicketPage) error {
		body := []byte(termsafe.Unwrap(p.Body)) // only through Indent, which escapes
		for _, t := range p.Tickets {
			var item bytes.Buffer
			err := jsontree.Indent(&item, body[t.Tree.Offset():], "  ")
			var trailing *jsontree.TrailingDataError
			if err != nil && !errors.As(err, &trailing) {
				return fmt.Errorf("formatting ticket %d as JSON: %w", n+1, err)
			}
			if n > 0 {
				out.WriteByte(',')
			}
			// Indent never leaves a raw newline inside a string, so every
			// newline is structure and can take the array's indentation.
			out.WriteString("\n  ")
			out.Write(bytes.ReplaceAll(item.Bytes(), []byte("\n"), []byte("\n  ")))
			n++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n > 0 {
		out.WriteByte('\n')
	}
	out.WriteString("]\n")
	_, err = w.Write(out.Bytes())
	return err
}

// printListPlain writes one tab-separated line per ticket: id, priority,
// status, updated age, assignee, GUID, title. Every cell is escaped on one
// line (a tab or newline in a title becomes \x09 or \x0A), so the columns
// always line up for cut and awk, and nothing wraps. Lines are written page
// by page, so a long listing starts at once.
func printListPlain(ctx context.Context, s *session, q api.ListQuery, limit int, env Env) error {
	now := env.Now()
	return eachPage(ctx, s, q, limit, env.Stderr, func(p *api.TicketPage) error {
		var b bytes.Buffer
		for _, t := range p.Tickets {
			b.WriteString(strings.Join([]string{
				cell(t.ID), cell(t.Priority), cell(t.Status), updatedAge(t.Updated, now),
				assigneeCell(t.Assignees, t.AssigneesField), cell(t.GUID), cell(t.Title),
			}, "\t"))
			b.WriteByte('\n')
		}
		_, err := env.Stdout.Write(b.Bytes())
		return err
	})
}

// maxNoteValues bounds the values pageNotes lists per page: a hostile
// envelope must not flood the terminal (--debug FILE records it whole).
const maxNoteValues = 100

// pageNotes writes on stderr what a page has beside its tickets: its
// warnings (trailing data, an odd total, more tickets than asked for) and
// the response's members beside total and tickets, value by value. Stdout
// keeps its documented shape (one line per ticket, or the array of items)
// and nothing the server sent goes unsaid.
func pageNotes(w io.Writer, p *api.TicketPage) error {
	if len(p.Warnings) == 0 && len(p.Other) == 0 {
		return nil
	}
	where := fmt.Sprintf("the page from ticket %d", p.Offset+1)
	var b bytes.Buffer
	for _, warn := range p.Warnings {
		fmt.Fprintf(&b, "sonar-tui: warning: %s: %s\n", where, oneLine(warn.Error()))
	}
	n, skipped := 0, 0
	obj := &jsontree.Node{Kind: jsontree.Object, Members: p.Other}
	jsontree.WalkLeaves(obj, func(path jsontree.Path, leaf *jsontree.Node, dup bool) bool {
		if n++; n > maxNoteValues {
			skipped++
			return true
		}
		v := jsontree.LeafText(leaf).Plain()
		if leaf.Kind == jsontree.String {
			v = `"` + v + `"`
		}
		if dup {
			v += " (duplicate key)"
		}
		p, _ := path.SafeElided(16) // a hostile nest's path keeps its ends
		fmt.Fprintf(&b, "sonar-tui: %s also has %s = %s\n", where, p.Plain(), v)
		return true
	})
	if skipped > 0 {
		fmt.Fprintf(&b, "sonar-tui: %s also has %d more values beside the tickets (--debug FILE records the response)\n", where, skipped)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// cell is a field's text escaped on one line: "-" when missing or null, and
// the kind for arrays and objects, which have no one-line text.
func cell(f api.Field) string {
	switch {
	case f.State() != api.Present:
		return "-"
	case f.Kind() == jsontree.Array || f.Kind() == jsontree.Object:
		return "(" + f.Kind().String() + ")"
	case f.Text().IsEmpty():
		return `""`
	}
	return termsafe.Escape(f.Text(), termsafe.SingleLine).Plain()
}

// assigneeCell is the first assignee's name, "+N" for the others; a deleted
// account shows its saved name with "(deleted)".
func assigneeCell(tasks []api.Task, field api.Field) string {
	if len(tasks) == 0 {
		if field.Kind() == jsontree.Array || field.State() != api.Present {
			return "-"
		}
		return cell(field)
	}
	name := cell(tasks[0].UserName)
	if tasks[0].Deleted() {
		name = cell(tasks[0].XUser) + " (deleted)"
	}
	if len(tasks) > 1 {
		name += " +" + strconv.Itoa(len(tasks)-1)
	}
	return name
}

// updatedAge is how long ago the ticket changed ("45s", "12m", "3h", "5d"),
// or the raw text when it is not a timestamp.
func updatedAge(f api.Field, now time.Time) string {
	t, ok := f.Time()
	if !ok {
		return cell(f)
	}
	switch d := now.Sub(t); {
	case d < 0:
		return "future"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
}
