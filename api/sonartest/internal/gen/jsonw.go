package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// obj is a JSON object that keeps key order and allows duplicate keys:
// Sonar's key order is part of what the fixtures reproduce, and one fixture
// needs a duplicate key, which no Go map can hold.
type obj []kv

type kv struct {
	k string
	v any
}

// arr is a JSON array of any encodable values.
type arr []any

// raw is emitted verbatim. It carries what encoding/json cannot produce:
// number literals beyond float64 (1e400, 2^53+1) and lone surrogate escapes.
type raw string

// o builds an obj from alternating keys and values.
func o(pairs ...any) obj {
	if len(pairs)%2 != 0 {
		panic(fmt.Sprintf("o: odd number of arguments: %v", pairs))
	}
	out := make(obj, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			panic(fmt.Sprintf("o: key %v is not a string", pairs[i]))
		}
		out = append(out, kv{k, pairs[i+1]})
	}
	return out
}

// with returns a copy of base followed by more pairs.
func (base obj) with(pairs ...any) obj {
	return append(append(obj{}, base...), o(pairs...)...)
}

// compact encodes v without whitespace, as Sonar writes the JSON that it
// stores inside the content string.
func compact(v any) string {
	var b bytes.Buffer
	encode(&b, v)
	return b.String()
}

// pretty encodes v indented by two spaces, like the documentation examples,
// with a final newline.
func pretty(v any) []byte {
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(compact(v)), "", "  "); err != nil {
		panic(err) // the encoder produced invalid JSON: a bug here
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func encode(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case raw:
		b.WriteString(string(v))
	case string:
		b.WriteString(quote(v))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	case obj:
		b.WriteByte('{')
		for i, p := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quote(p.k))
			b.WriteByte(':')
			encode(b, p.v)
		}
		b.WriteByte('}')
	case arr:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			encode(b, e)
		}
		b.WriteByte(']')
	case []obj:
		a := make(arr, len(v))
		for i, e := range v {
			a[i] = e
		}
		encode(b, a)
	default:
		panic(fmt.Sprintf("encode: unsupported type %T", v))
	}
}

// quote is JSON string quoting without Go's HTML escaping (a Java server
// writes <, > and & as they are). Controls become \u00XX; C1 and bidi
// characters stay raw UTF-8, which JSON allows.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
