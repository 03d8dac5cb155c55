package config

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors, for errors.Is, so the CLI can map them to exit codes.
// The returned errors wrap them with a specific, actionable message.
var (
	// ErrNoURL: no layer set the Sonar base URL.
	ErrNoURL = errors.New("no Sonar URL")
	// ErrNoKey: no API key source is configured.
	ErrNoKey = errors.New("no API key")
	// ErrUnknownProfile: the requested profile is not in the config file.
	ErrUnknownProfile = errors.New("unknown profile")
	// ErrNoProfile: the file has only named profiles and none was chosen.
	ErrNoProfile = errors.New("no profile selected")
	// ErrInsecureURL: http:// to a host that is not loopback (HTTP-4).
	ErrInsecureURL = errors.New("insecure URL")
	// ErrInvalidURL: the URL is malformed or has userinfo, query or fragment.
	ErrInvalidURL = errors.New("invalid URL")
	// ErrInvalidSetting: a timeout or pin_sha256 value is malformed.
	ErrInvalidSetting = errors.New("invalid setting")
	// ErrUnknownKey: the config file has a key sonar-tui does not know.
	ErrUnknownKey = errors.New("unknown key")
	// ErrUnsafeConfigFile: the config file is writable by others or not
	// owned by the current user; it can name a command, so it is refused.
	ErrUnsafeConfigFile = errors.New("unsafe config file permissions")
	// ErrKeyFileTooOpen: the key file is readable by group or others.
	ErrKeyFileTooOpen = errors.New("key file permissions too open")
	// ErrInvalidKey: the key is empty or holds control characters.
	ErrInvalidKey = errors.New("invalid API key")
)

// FileError is a problem with the config file: unreadable, unsafe, bad
// TOML, an unknown key, or an invalid value. Line is 0 when the problem is
// not tied to a line.
type FileError struct {
	Path string
	Line int
	Err  error
}

// Error renders "path:line: message", the form editors can jump to.
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", display(e.Path), e.Line, display(e.Err.Error()))
	}
	return fmt.Sprintf("%s: %s", display(e.Path), display(e.Err.Error()))
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// KeyFileError is an API key file that is missing, unsafe or unusable
// (HTTP-14). It never contains the file's content.
type KeyFileError struct {
	Path   string
	Source Source      // where the path came from
	Mode   fs.FileMode // the permissions found, for ErrKeyFileTooOpen
	Err    error
}

// Error uses ssh's wording for loose permissions so the fix is obvious.
func (e *KeyFileError) Error() string {
	p := display(e.Path)
	if errors.Is(e.Err, ErrKeyFileTooOpen) {
		return fmt.Sprintf("permissions %04o for %s are too open; run chmod 600 %s", uint32(e.Mode.Perm()), p, p)
	}
	return fmt.Sprintf("API key file %s (from %s): %s", p, e.Source, display(e.Err.Error()))
}

// Unwrap returns the underlying error.
func (e *KeyFileError) Unwrap() error { return e.Err }

// KeyCommandError is a failed api_key_command (HTTP-12). The command's
// stdout, which may hold part of a key, is never included; its stderr is,
// escaped, because that is where the tool explains what went wrong.
type KeyCommandError struct {
	Command  string
	Source   Source
	Stderr   []byte
	TimedOut bool
	Err      error
}

// maxStderrShown bounds how much of a command's stderr ends up in an error.
const maxStderrShown = 1024

// Error names the command and where it was configured.
func (e *KeyCommandError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "api_key_command %q (from %s)", e.Command, e.Source)
	switch {
	case e.TimedOut:
		fmt.Fprintf(&b, " timed out after %v", CommandTimeout)
	case errors.Is(e.Err, ErrInvalidKey):
		fmt.Fprintf(&b, ": %s", display(e.Err.Error()))
	default:
		fmt.Fprintf(&b, " failed: %s", display(e.Err.Error()))
	}
	if len(e.Stderr) > 0 {
		s := e.Stderr
		if len(s) > maxStderrShown {
			s = s[:maxStderrShown]
		}
		// strconv.Quote, never raw: stderr is untrusted text and may carry
		// escape sequences (TERM-13).
		fmt.Fprintf(&b, "; stderr: %s", strconv.Quote(string(s)))
		if len(e.Stderr) > maxStderrShown {
			b.WriteString(" (truncated)")
		}
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *KeyCommandError) Unwrap() error { return e.Err }

// display makes text from files, the environment or other programs safe to
// print: printable runes pass through, anything else (controls, escape
// sequences, bidi overrides, invalid bytes) becomes a visible Go escape. It
// is a safety net under the %q quoting used for values in messages.
func display(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case strconv.IsPrint(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}
