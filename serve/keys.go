package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"
)

// Identity is who an authorised key belongs to, from its authorized_keys
// line. It is looked up from the key that authenticated, never from the
// user name the client sent.
type Identity struct {
	// Name is the analyst: the sonar-name= option, else the line's comment.
	Name string
	// UserGUID is the analyst's Sonar user_guid (sonar-user-guid=), used for
	// "mine" in the queue; "" when the line does not give one.
	UserGUID string
	// Fingerprint is the key's SHA256 fingerprint ("SHA256:...").
	Fingerprint string
	// Comment is the line's comment, as written.
	Comment string
	// Expires is the expiry-time= option; zero means never.
	Expires time.Time
	// Line is the line number in the file, for messages.
	Line int
}

// maxKeysFileSize bounds the authorized-keys file: thousands of keys fit;
// more is a wrong path.
const maxKeysFileSize = 4 << 20

// keySet is one parsed authorized-keys file, keyed by the marshalled key.
type keySet struct {
	byKey map[string]Identity
}

func (ks *keySet) lookup(k gossh.PublicKey, now time.Time) (Identity, bool) {
	if ks == nil || k == nil {
		return Identity{}, false
	}
	id, ok := ks.byKey[string(k.Marshal())]
	if !ok || (!id.Expires.IsZero() && !now.Before(id.Expires)) {
		return Identity{}, false
	}
	return id, true
}

// KeysError is a problem with the authorized-keys file; Line is 0 when it
// concerns the whole file.
type KeysError struct {
	Path string
	Line int
	Err  error
}

func (e *KeysError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("authorized keys %s line %d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("authorized keys %s: %v", e.Path, e.Err)
}

func (e *KeysError) Unwrap() error { return e.Err }

// loadKeys reads and checks the authorized-keys file. uid is the service
// user; the file must belong to it (or to root) and must not be writable by
// group or others, because whoever can write it can let anyone in.
func loadKeys(path string, uid int) (*keySet, error) {
	f, err := openChecked(path, uid, 0o022, "writable by group or others")
	if err != nil {
		return nil, &KeysError{Path: path, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeysFileSize+1))
	if err != nil {
		return nil, &KeysError{Path: path, Err: err}
	}
	if len(data) > maxKeysFileSize {
		return nil, &KeysError{Path: path, Err: fmt.Errorf("larger than %d bytes", maxKeysFileSize)}
	}
	return parseKeys(path, data)
}

// parseKeys parses authorized_keys lines. Every line must be usable: an
// option we cannot honour, a key without a name or a key listed twice stops
// the load rather than being skipped.
func parseKeys(path string, data []byte) (*keySet, error) {
	ks := &keySet{byKey: map[string]Identity{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), maxKeysFileSize)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lineErr := func(err error) error { return &KeysError{Path: path, Line: n, Err: err} }
		if !utf8.ValidString(line) {
			return nil, lineErr(errors.New("not valid UTF-8"))
		}
		key, comment, opts, rest, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, lineErr(fmt.Errorf("not a public key line: %w", err))
		}
		if len(bytes.TrimSpace(rest)) > 0 {
			return nil, lineErr(errors.New("more than one key on the line"))
		}
		id := Identity{Fingerprint: gossh.FingerprintSHA256(key), Comment: comment, Line: n}
		if err := applyOptions(&id, opts); err != nil {
			return nil, lineErr(err)
		}
		if id.Name == "" {
			id.Name = comment
		}
		if id.Name == "" {
			return nil, lineErr(errors.New(`key has no analyst name: add a comment after the key or a sonar-name="..." option`))
		}
		if prev, dup := ks.byKey[string(key.Marshal())]; dup {
			return nil, lineErr(fmt.Errorf("key %s is already listed on line %d: one key, one analyst", id.Fingerprint, prev.Line))
		}
		ks.byKey[string(key.Marshal())] = id
	}
	if err := sc.Err(); err != nil {
		return nil, &KeysError{Path: path, Err: err}
	}
	if len(ks.byKey) == 0 {
		return nil, &KeysError{Path: path, Err: errors.New("no keys: list at least one analyst's public key")}
	}
	return ks, nil
}

// enforcedOptions restrict what the server never allows anyway, so they
// are accepted as they are.
var enforcedOptions = map[string]bool{
	"restrict": true, "no-port-forwarding": true, "no-agent-forwarding": true,
	"no-x11-forwarding": true, "no-user-rc": true,
}

// applyOptions honours or refuses each authorized_keys option.
func applyOptions(id *Identity, opts []string) error {
	for _, o := range opts {
		name, val, hasVal := strings.Cut(o, "=")
		lname := strings.ToLower(name)
		if hasVal {
			v, err := unquoteOption(val)
			if err != nil {
				return fmt.Errorf("option %s=: %w", name, err)
			}
			val = v
		}
		switch {
		case lname == "sonar-name" && hasVal:
			if strings.TrimSpace(val) == "" {
				return errors.New("sonar-name= is empty")
			}
			id.Name = val
		case lname == "sonar-user-guid" && hasVal:
			if err := checkUserGUID(val); err != nil {
				return err
			}
			id.UserGUID = val
		case lname == "expiry-time" && hasVal:
			t, err := parseExpiry(val)
			if err != nil {
				return err
			}
			id.Expires = t
		case !hasVal && enforcedOptions[lname]:
		default:
			if hasVal {
				name += "="
			}
			return fmt.Errorf("unsupported option %s (sonar-tui serve honours sonar-name=, sonar-user-guid=, expiry-time=, restrict and the no-*-forwarding options)", name)
		}
	}
	return nil
}

// unquoteOption removes the double quotes of an option value; OpenSSH
// allows \" inside.
func unquoteOption(v string) (string, error) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", errors.New(`the value must be in double quotes`)
	}
	return strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`), nil
}

// checkUserGUID accepts what a Sonar user_guid can be: printable ASCII
// without spaces, at most 64 bytes.
func checkUserGUID(v string) error {
	if v == "" || len(v) > 64 {
		return errors.New("sonar-user-guid= must be 1 to 64 characters")
	}
	for i := 0; i < len(v); i++ {
		if v[i] <= ' ' || v[i] > '~' {
			return fmt.Errorf("sonar-user-guid= %q contains a space or a non-ASCII character", v)
		}
	}
	return nil
}

// parseExpiry reads OpenSSH's expiry-time format, YYYYMMDD[HHMM[SS]] in
// local time, or in UTC with a trailing Z.
func parseExpiry(v string) (time.Time, error) {
	loc := time.Local
	if s, ok := strings.CutSuffix(v, "Z"); ok {
		v, loc = s, time.UTC
	}
	layouts := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}
	layout, ok := layouts[len(v)]
	if !ok {
		return time.Time{}, fmt.Errorf("expiry-time=%q: want YYYYMMDD[HHMM[SS]][Z]", v)
	}
	t, err := time.ParseInLocation(layout, v, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("expiry-time=%q: want YYYYMMDD[HHMM[SS]][Z]", v)
	}
	return t, nil
}

// openChecked opens a file that guards access (authorized keys, host key):
// a regular file, not a symlink to one elsewhere, owned by uid or root, and
// without any of the bad permission bits. The check is on the opened file,
// so the name cannot be swapped between check and read.
func openChecked(path string, uid int, bad os.FileMode, badWhat string) (*os.File, error) {
	lfi, err := os.Lstat(path)
	if err != nil {
		return nil, unwrapPath(err)
	}
	if lfi.Mode()&os.ModeSymlink != 0 {
		return nil, errors.New("is a symbolic link; name the file itself")
	}
	if !lfi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%v)", lfi.Mode().Type())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPath(err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := checkOwner(fi, uid); err != nil {
		f.Close()
		return nil, err
	}
	if fi.Mode().Perm()&bad != 0 {
		f.Close()
		return nil, fmt.Errorf("mode %04o is %s; run chmod %s %s", fi.Mode().Perm(), badWhat, modeFix(bad), path)
	}
	return f, nil
}

func modeFix(bad os.FileMode) string {
	if bad == 0o077 {
		return "600"
	}
	return "go-w"
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
