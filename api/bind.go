package api

import (
	"reflect"
	"sync"

	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// bind sets the `sonar:"key"` Field members of the struct dst points to from
// the members of obj, and returns the members it does not know, in server
// order. Keys match exactly: a case variant ("Status") is another key and
// lands in the result (DATA-3). A repeated key keeps its first value and
// records the later ones as duplicates.
func bind(obj *jsontree.Node, dst any) []jsontree.Member {
	if obj == nil || obj.Kind != jsontree.Object {
		return nil
	}
	v := reflect.ValueOf(dst).Elem()
	idx := fieldIndex(v.Type())
	var other []jsontree.Member
	for _, m := range obj.Members {
		i, ok := idx[termsafe.Unwrap(m.Key)]
		if !ok {
			other = append(other, m)
			continue
		}
		f := v.Field(i).Addr().Interface().(*Field)
		if f.n == nil {
			f.n = m.Value
		} else {
			f.dups = append(f.dups, m.Value)
		}
	}
	return other
}

var fieldIndexes sync.Map // reflect.Type -> map[string]int

var fieldType = reflect.TypeFor[Field]()

func fieldIndex(t reflect.Type) map[string]int {
	if m, ok := fieldIndexes.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if key := sf.Tag.Get("sonar"); key != "" && sf.Type == fieldType {
			m[key] = i
		}
	}
	fieldIndexes.Store(t, m)
	return m
}
