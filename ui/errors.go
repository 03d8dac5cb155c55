package ui

import (
	"github.com/sonar-tui/sonar-tui/api/errclass"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// friendlyError is an error as the analyst reads it: what happened, the
// details, and what to do.
type friendlyError struct{ title, detail, hint string }

func isNotFound(err error) bool { return errclass.Classify(err).Kind == errclass.NotFound }

// friendly turns an error into words on a screen. The words are the
// classifier's, shared with the command line (whose exit code follows the
// same kind); only what is the screens' own is added here: the keys.
// Error() strings of api errors already escape server text; they are
// escaped once more here because this is the last step before the screen.
func friendly(err error) friendlyError {
	c := errclass.Classify(err)
	f := friendlyError{title: c.Title, detail: termsafe.Trusted(errText(err), termsafe.SingleLine).Plain(), hint: c.Hint}
	switch c.Kind {
	case errclass.InvalidGUID:
		f.hint += " (o)"
	case errclass.Timeout, errclass.Network:
		f.hint = "press r to retry; " + f.hint
	}
	return f
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
