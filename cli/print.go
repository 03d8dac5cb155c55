package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
	"github.com/sonar-tui/sonar-tui/ui"
)

// The --width bounds.
const minPlainWidth, maxPlainWidth = 20, 10000

// printJSON writes the ticket object ({"ticket": <this>}) exactly as the
// server sent it, re-indented. It works on the raw body rather than the
// decoded Ticket so that nothing is dropped, reordered or normalised:
// duplicate keys, unknown fields and number literals all survive.
func printJSON(ctx context.Context, s *session, guid string, w io.Writer) error {
	t, err := fetch(ctx, s, guid)
	if err != nil {
		return err
	}
	// Unwrap is safe here: the bytes go to jsontree.Indent, which escapes
	// every control, C1, bidi and invalid byte in strings (TERM-13), and
	// JSON outside strings is structural ASCII the parser already checked.
	body := []byte(termsafe.Unwrap(t.Body))
	// t.Tree is the ticket member's value; Indent stops after that one
	// value and reports the rest of the envelope as trailing data, which
	// here is expected.
	var out bytes.Buffer
	err = jsontree.Indent(&out, body[t.Tree.Offset():], "  ")
	var trailing *jsontree.TrailingDataError
	if err != nil && !errors.As(err, &trailing) {
		return fmt.Errorf("formatting the ticket as JSON: %w", err)
	}
	out.WriteByte('\n')
	// Buffered so that a failure never leaves half a document on stdout.
	_, err = w.Write(out.Bytes())
	return err
}

// printPlain writes every pane as text for grep and pagers. Colour only
// when a person is looking (a terminal) and has not opted out (NO_COLOR).
// It wraps to the terminal's width on a terminal, to width when given
// (--width), and not at all when piped, so grep sees every value whole.
func printPlain(ctx context.Context, s *session, guid string, env Env, theme ui.Theme, width int) error {
	t, err := fetch(ctx, s, guid)
	if err != nil {
		return err
	}
	o := ui.PlainOptions{Width: width, Theme: theme, Now: time.Now(), Location: time.Local, ASCII: s.ascii}
	if fd, ok := terminalFd(env.Stdout); ok {
		o.Color = env.Getenv("NO_COLOR") == ""
		if w, _, err := term.GetSize(fd); err == nil && w > 0 && o.Width == 0 {
			o.Width = w
		}
	}
	// Written as it is laid out (PlainReportContext): an interrupt or a
	// closed pipe leaves the lines before it, and the exit code says so.
	return ui.PlainReportContext(ctx, env.Stdout, t, o)
}

// terminalFd returns the file descriptor behind v if it is a terminal.
func terminalFd(v any) (uintptr, bool) {
	f, ok := v.(interface{ Fd() uintptr })
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0, false
	}
	return f.Fd(), true
}
