package config

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/sonar-tui/sonar-tui/api"
)

// EnvUserGUID overrides user_guid: the GUID that "me" stands for in
// `sonar-tui list --assignee me` and in views.
const EnvUserGUID = "SONAR_USER_GUID"

// View is a named ticket list from a [views.NAME] table: the queue screen
// switches between them and `sonar-tui config` lists them.
type View struct {
	Name   string
	Filter api.Filter
}

// String renders the view's filter as "key=value" pairs in config-file
// words, for `sonar-tui config`; "(all tickets)" for an empty filter.
func (v View) String() string {
	f := v.Filter
	var parts []string
	add := func(key, val string) {
		if val != "" {
			parts = append(parts, key+"="+val)
		}
	}
	add("statuses", strings.Join(f.Statuses, ","))
	add("priorities", strings.Join(f.Priorities, ","))
	add("assignee", f.Assignee)
	add("approver", f.Approver)
	if f.Search != "" {
		add("search", strconv.Quote(f.Search))
	}
	add("since", f.Since)
	add("until", f.Until)
	add("sort", f.Sort)
	if f.Asc {
		add("asc", "true")
	}
	if len(parts) == 0 {
		return "(all tickets)"
	}
	return strings.Join(parts, " ")
}

// fileView is one [views.NAME] table; the tags are the accepted keys. They
// are the words of `sonar-tui list`'s flags (statuses and priorities in the
// plural, as lists).
type fileView struct {
	Statuses   tomlList   `toml:"statuses"`
	Priorities tomlList   `toml:"priorities"`
	Assignee   tomlString `toml:"assignee"`
	Approver   tomlString `toml:"approver"`
	Search     tomlString `toml:"search"`
	Since      tomlString `toml:"since"`
	Until      tomlString `toml:"until"`
	Sort       tomlString `toml:"sort"`
	Asc        bool       `toml:"asc"`
}

// tomlList accepts an array of strings or one comma-separated string.
type tomlList []string

func (l *tomlList) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*l = []string{v}
		return nil
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return fmt.Errorf("must be a list of strings in quotes, not a list holding %s", tomlType(x))
			}
			*l = append(*l, s)
		}
		return nil
	}
	return fmt.Errorf("must be a list of strings in quotes, not %s", tomlType(v))
}

// viewKeys lists the accepted keys of a view, from the struct tags.
func viewKeys() []string { return tomlKeys[fileView]() }

// tomlKeys lists the toml tags of struct T's fields, in order.
func tomlKeys[T any]() []string {
	t := reflect.TypeFor[T]()
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i] = t.Field(i).Tag.Get("toml")
	}
	return keys
}

// viewKeyOK reports whether k is a key a config file may set under views.
func viewKeyOK(k toml.Key) bool {
	return k[0] == "views" && (len(k) <= 2 || len(k) == 3 && slices.Contains(viewKeys(), k[2]))
}

// filterKey maps an api.FilterError field to the view key that holds it.
var filterKey = map[string]string{api.FilterStatus: "statuses", api.FilterPriority: "priorities"}

// views checks the [views.NAME] tables and returns them in file order.
func (cf *configFile) readViews(md toml.MetaData) ([]View, error) {
	var out []View
	for _, k := range md.Keys() {
		if len(k) != 2 || k[0] != "views" {
			continue
		}
		name := k[1]
		if !validViewName(name) {
			return nil, &FileError{Path: cf.path, Line: cf.keyLine(k),
				Err: fmt.Errorf("%w: view name %q: use letters, digits, '-' and '_' (at most 32)", ErrInvalidSetting, name)}
		}
		fv := cf.doc.Views[name]
		v := View{Name: name, Filter: api.Filter{
			Statuses: fv.Statuses, Priorities: fv.Priorities,
			Assignee: string(fv.Assignee), Approver: string(fv.Approver), Search: string(fv.Search),
			Since: string(fv.Since), Until: string(fv.Until), Sort: string(fv.Sort), Asc: fv.Asc,
		}}
		if err := v.Filter.Check(); err != nil {
			key := "views." + name
			var fe *api.FilterError
			if errors.As(err, &fe) {
				key = fe.Field
				if k, ok := filterKey[fe.Field]; ok {
					key = k
				}
			}
			return nil, &FileError{Path: cf.path, Line: cf.keyLine(toml.Key{"views", name, key}),
				Err: fmt.Errorf("%w: view %q: %v", ErrInvalidSetting, name, err)}
		}
		out = append(out, v)
	}
	return out, nil
}

func validViewName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return false
		}
	}
	return true
}

// userGUID resolves user_guid: SONAR_USER_GUID, else the profile's, else the
// file's top level (so one user_guid serves every profile).
func (l *loader) userGUID(c *Config) error {
	var top layer
	if l.cf != nil && l.profKey != nil {
		top = layer{val: string(l.cf.doc.UserGUID), key: toml.Key{"user_guid"}, src: Source{Kind: SourceFile, Name: l.cf.path}}
	}
	u, ok := first(l.envLayer(EnvUserGUID), l.fileLayer(l.prof.UserGUID, "user_guid"), top)
	if !ok {
		return nil
	}
	if !api.IsGUID(u.val) {
		err := fmt.Errorf("%w: user_guid %q is not a GUID (8-4-4-4-12 hex digits), e.g. bfd00bb0-be99-4fd5-8380-166f544975fa", ErrInvalidSetting, u.val)
		if u.src.Kind == SourceFile && u.src.Profile == "" {
			return &FileError{Path: l.cf.path, Line: l.cf.keyLine(u.key), Err: err}
		}
		return l.settingErr(u, err)
	}
	c.UserGUID, c.Sources[SettingUserGUID] = strings.ToLower(u.val), u.src
	return nil
}
