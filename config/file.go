package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// maxConfigSize: a settings file is a few hundred bytes; anything near
// this is a mistake (wrong path), not a config.
const maxConfigSize = 1 << 20

// tomlString accepts only TOML strings. Returning an error from
// UnmarshalTOML makes the toml package report it as a ParseError with the
// key's line, which plain string fields do not get for type mismatches.
type tomlString string

func (s *tomlString) UnmarshalTOML(v any) error {
	str, ok := v.(string)
	if !ok {
		return fmt.Errorf("must be a string in quotes, not %s", tomlType(v))
	}
	*s = tomlString(str)
	return nil
}

// tomlBool accepts only TOML booleans; it holds "true", "false" or "" (not
// set), so it layers like the strings.
type tomlBool string

func (b *tomlBool) UnmarshalTOML(v any) error {
	x, ok := v.(bool)
	if !ok {
		return fmt.Errorf("must be true or false (no quotes), not %s", tomlType(v))
	}
	*b = tomlBool(strconv.FormatBool(x))
	return nil
}

// tomlType names a decoded TOML value's type the way the TOML spec does.
func tomlType(v any) string {
	switch v.(type) {
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	default:
		return "a date/time"
	}
}

// fileProfile is one profile; the tags are the only accepted key names.
type fileProfile struct {
	URL           tomlString `toml:"url"`
	APIKeyFile    tomlString `toml:"api_key_file"`
	APIKeyCommand tomlString `toml:"api_key_command"`
	CAFile        tomlString `toml:"ca_file"`
	PinSHA256     tomlString `toml:"pin_sha256"`
	TLSServerName tomlString `toml:"tls_server_name"`
	Timeout       tomlString `toml:"timeout"`
	ASCII         tomlBool   `toml:"ascii"`
	ConsoleURL    tomlString `toml:"console_url"`
	UserGUID      tomlString `toml:"user_guid"`
}

// fileDoc is the whole file: the top-level profile keys form the implicit
// profile "default", for the one-server case.
type fileDoc struct {
	DefaultProfile tomlString `toml:"default_profile"`
	fileProfile
	Profiles map[string]fileProfile `toml:"profiles"`
	Views    map[string]fileView    `toml:"views"` // views.go
	Serve    fileServe              `toml:"serve"`
}

// implicitProfile is the name of the profile made of top-level keys.
const implicitProfile = "default"

// configFile is a loaded, checked config file.
type configFile struct {
	path  string
	data  []byte
	doc   fileDoc
	views []View // the [views.NAME] tables, in file order
}

// profileKeys lists the accepted keys of a profile, read from the struct
// tags so the list cannot drift from the decoder.
func profileKeys() []string { return tomlKeys[fileProfile]() }

// readConfigFile opens, checks and decodes the config file. The permission
// check runs before decoding and therefore before any api_key_command.
func readConfigFile(path string, uid int) (*configFile, error) {
	// Stat before Open: opening a FIFO would block.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: unwrapPathError(err)}
	}
	if !fi.Mode().IsRegular() {
		return nil, &FileError{Path: path, Err: fmt.Errorf("not a regular file (%v)", fi.Mode().Type())}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: unwrapPathError(err)}
	}
	defer f.Close()
	// Check the opened file, not the name, so a swap between Stat and
	// Open cannot slip an unchecked file in.
	if fi, err = f.Stat(); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if err := checkConfigPerms(path, fi, uid); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if len(data) > maxConfigSize {
		return nil, &FileError{Path: path, Err: fmt.Errorf("larger than %d bytes; is this the right file?", maxConfigSize)}
	}
	cf := &configFile{path: path, data: data}
	md, err := toml.Decode(string(data), &cf.doc)
	if err != nil {
		return nil, decodeError(path, data, err)
	}
	if err := cf.checkKeys(md); err != nil {
		return nil, err
	}
	if cf.views, err = cf.readViews(md); err != nil {
		return nil, err
	}
	if cf.doc.fileProfile != (fileProfile{}) {
		if _, ok := cf.doc.Profiles[implicitProfile]; ok {
			return nil, &FileError{Path: path, Line: cf.keyLine(toml.Key{"profiles", implicitProfile}),
				Err: errors.New(`top-level settings form the profile "default", which [profiles.default] defines again; keep one of them`)}
		}
	}
	return cf, nil
}

// checkConfigPerms enforces HTTP-12: the file can name a command to run, so
// only its owner may be able to change it.
func checkConfigPerms(path string, fi fs.FileInfo, uid int) error {
	if !permChecks {
		return nil
	}
	if owner, ok := fileOwner(fi); ok && owner != uid {
		return fmt.Errorf("%w: owned by uid %d, not by you (uid %d); the file can name a command to run, so only your own file is used", ErrUnsafeConfigFile, owner, uid)
	}
	if m := fi.Mode().Perm(); m&0o022 != 0 {
		return fmt.Errorf("%w: mode %04o lets group or others change it, and it can name a command to run; run chmod go-w %s", ErrUnsafeConfigFile, uint32(m), display(path))
	}
	return nil
}

// tomlLine finds "line N" in the toml package's non-ParseError messages
// (e.g. a table where a string was expected).
var tomlLine = regexp.MustCompile(`^toml: line (\d+)`)

func decodeError(path string, data []byte, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.LastKey != "" {
			msg = fmt.Sprintf("%s: %s", pe.LastKey, msg)
		}
		return &FileError{Path: path, Line: parseErrorLine(data, pe), Err: &syntaxError{msg: msg, pe: pe}}
	}
	line := 0
	if m := tomlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	return &FileError{Path: path, Line: line, Err: err}
}

// parseErrorLine recomputes the line from the byte offset: the toml
// package counts an unexpected newline as part of the next line, so
// "[profiles.prod" without "]" on line 3 would be reported on line 4.
func parseErrorLine(data []byte, pe toml.ParseError) int {
	if pe.Position.Start > 0 && pe.Position.Start <= len(data) {
		return 1 + bytes.Count(data[:pe.Position.Start], []byte("\n"))
	}
	return pe.Position.Line
}

// syntaxError drops the toml package's own "line N" prefix, which FileError
// already shows, while keeping the ParseError reachable with errors.As.
type syntaxError struct {
	msg string
	pe  toml.ParseError
}

func (e *syntaxError) Error() string { return e.msg }
func (e *syntaxError) Unwrap() error { return e.pe }

// checkKeys refuses any key not in the schema. Keys are shown as
// toml.Key.String writes them: TOML syntax, quoted and escaped if needed. It walks every key with an
// exact, case-sensitive match: the toml package matches field names case-
// insensitively, so Undecoded alone would accept "URL" or "Timeout".
func (cf *configFile) checkKeys(md toml.MetaData) error {
	known := profileKeys()
	ok := func(k toml.Key) bool {
		switch {
		case k[0] == "serve":
			return len(k) == 1 || len(k) == 2 && slices.Contains(serveKeys(), k[1])
		case len(k) == 1:
			return k[0] == "default_profile" || k[0] == "profiles" || slices.Contains(known, k[0])
		case k[0] == "profiles" && len(k) == 2:
			return true
		case k[0] == "profiles" && len(k) == 3:
			return slices.Contains(known, k[2])
		case k[0] == "views":
			return viewKeyOK(k)
		}
		return false
	}
	bad := slices.DeleteFunc(slices.Clone(md.Keys()), ok)
	for _, k := range md.Undecoded() {
		if !slices.ContainsFunc(bad, func(b toml.Key) bool { return b.String() == k.String() }) {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return &FileError{Path: cf.path, Line: cf.keyLine(bad[0]),
		Err: fmt.Errorf("%w %s; known keys: default_profile, [profiles.NAME], %s; [views.NAME] with %s", ErrUnknownKey, display(bad[0].String()), strings.Join(known, ", "), strings.Join(viewKeys(), ", "))}
}

// names lists the profiles the file defines, sorted, for error messages.
func (cf *configFile) names() []string {
	var names []string
	for n := range cf.doc.Profiles {
		names = append(names, n)
	}
	if cf.doc.fileProfile != (fileProfile{}) {
		names = append(names, implicitProfile)
	}
	slices.Sort(names)
	return names
}

// profile returns the named profile and the TOML key prefix of its
// settings (empty for the implicit top-level profile).
func (cf *configFile) profile(name string) (fileProfile, toml.Key, bool) {
	if name == implicitProfile && cf.doc.fileProfile != (fileProfile{}) {
		return cf.doc.fileProfile, nil, true
	}
	p, ok := cf.doc.Profiles[name]
	return p, toml.Key{"profiles", name}, ok
}

// keyLine finds the line where key is defined by scanning the text: the
// toml package keeps key positions private. It understands [table] and
// [[array]] headers, dotted keys and multi-line strings; for keys inside
// inline tables it returns the line of the nearest enclosing key. 0 means
// not found.
func (cf *configFile) keyLine(want toml.Key) int {
	var table toml.Key
	best, bestLen := 0, 0
	inMulti := ""
	for i, line := range strings.Split(string(cf.data), "\n") {
		s := strings.TrimSpace(line)
		if inMulti != "" {
			if strings.Count(s, inMulti)%2 == 1 {
				inMulti = ""
			}
			continue
		}
		var k toml.Key
		switch {
		case s == "" || s[0] == '#':
			continue
		case s[0] == '[':
			end := indexUnquoted(s, ']')
			if end < 0 {
				continue
			}
			table = splitKey(strings.TrimLeft(s[:end], "["))
			k = table
		default:
			eq := indexUnquoted(s, '=')
			if eq < 0 {
				continue
			}
			k = append(slices.Clone(table), splitKey(s[:eq])...)
			for _, q := range []string{`"""`, `'''`} {
				if strings.Count(s[eq:], q)%2 == 1 {
					inMulti = q
				}
			}
		}
		n := commonPrefix(k, want)
		if n == len(want) {
			return i + 1
		}
		if n == len(k) && n > bestLen {
			best, bestLen = i+1, n
		}
	}
	return best
}

func commonPrefix(a, b toml.Key) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// indexUnquoted returns the index of the first c outside quotes, or -1.
func indexUnquoted(s string, c byte) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		switch {
		case quote != 0:
			if s[i] == '\\' && quote == '"' {
				i++
			} else if s[i] == quote {
				quote = 0
			}
		case s[i] == '"' || s[i] == '\'':
			quote = s[i]
		case s[i] == c:
			return i
		}
	}
	return -1
}

// splitKey splits a (possibly dotted, possibly quoted) TOML key.
func splitKey(s string) toml.Key {
	var k toml.Key
	for {
		dot := indexUnquoted(s, '.')
		part := s
		if dot >= 0 {
			part = s[:dot]
		}
		part = strings.TrimSpace(part)
		if len(part) >= 2 && part[0] == '"' {
			if u, err := strconv.Unquote(part); err == nil {
				part = u
			}
		} else if len(part) >= 2 && part[0] == '\'' {
			part = part[1 : len(part)-1]
		}
		k = append(k, part)
		if dot < 0 {
			return k
		}
		s = s[dot+1:]
	}
}

// unwrapPathError drops the *fs.PathError wrapper, whose text repeats the
// path that FileError and KeyFileError already show.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
