package sonartest

import (
	"encoding/json"
	"time"
)

// rawMember is one member of a JSON object, key and value byte for byte as
// stored, so that a list item built from a ticket keeps every escape,
// duplicate key, number literal and invalid byte of the original.
type rawMember struct {
	key    string // decoded, for matching only
	rawKey []byte // the quoted key as stored
	value  []byte
}

// objectMembers splits the JSON object data into its members, in order and
// with duplicates. ok is false when data is not valid JSON or not an object.
func objectMembers(data []byte) (ms []rawMember, ok bool) {
	if !json.Valid(data) {
		return nil, false
	}
	return members(data)
}

// members is objectMembers for data already known to be valid JSON.
func members(data []byte) (ms []rawMember, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	i = skipSpace(data, i+1)
	for i < len(data) && data[i] != '}' {
		kEnd := valueEnd(data, i)
		m := rawMember{rawKey: data[i:kEnd]}
		_ = json.Unmarshal(m.rawKey, &m.key) // valid: checked above
		i = skipSpace(data, kEnd)
		i = skipSpace(data, i+1) // the colon
		vEnd := valueEnd(data, i)
		m.value = data[i:vEnd]
		ms = append(ms, m)
		i = skipSpace(data, vEnd)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return ms, true
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// items splits the valid JSON array data into its items; ok is false when
// data is not an array.
func items(data []byte) (out [][]byte, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return nil, false
	}
	for i = skipSpace(data, i+1); i < len(data) && data[i] != ']'; {
		end := valueEnd(data, i)
		out = append(out, data[i:end])
		if i = skipSpace(data, end); i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return out, true
}

// valueEnd returns the offset just past the (valid) JSON value at i.
func valueEnd(data []byte, i int) int {
	depth, inString := 0, false
	for ; i < len(data); i++ {
		c := data[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
				if depth == 0 {
					return i + 1
				}
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth--; depth <= 0 {
				return i + max(depth+1, 0)
			}
		case depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return i
		}
	}
	return i
}

// first is the value of the first member named key, nil if none: which of
// several duplicates Sonar honours is unknown, and sonar-tui shows the
// first, so the fake filters on the first too.
func first(ms []rawMember, key string) []byte {
	for _, m := range ms {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

// str decodes a JSON string value; "" for anything else.
func str(v []byte) string {
	var s string
	if json.Unmarshal(v, &s) != nil {
		return ""
	}
	return s
}

// timestamp decodes a yyyy-MM-dd HH:mm:ssZ string; zero when null or odd.
func timestamp(v []byte) time.Time {
	t, err := time.Parse(timeLayout, str(v))
	if err != nil {
		return time.Time{}
	}
	return t
}

// timeLayout is the API's timestamp format (Java's yyyy-MM-dd HH:mm:ssZ).
const timeLayout = "2006-01-02 15:04:05-0700"
