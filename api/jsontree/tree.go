// Package jsontree decodes JSON into an ordered tree that loses nothing:
// server key order, duplicate and case-variant keys, exact number literals,
// invalid UTF-8 and lone surrogates (SECURITY.md DATA-2..9). encoding/json
// keeps none of these.
package jsontree

import (
	"strconv"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Kind is the JSON type of a node.
type Kind uint8

// The JSON kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// Node is one JSON value. A big document is millions of nodes, so the
// fields are ordered (and the offset kept in 32 bits) to fit 72 bytes.
type Node struct {
	// Value is the decoded string for String (invalid UTF-8 and lone
	// surrogates kept as raw bytes), the exact literal for Number, and
	// "true"/"false"/"null" for the others. Empty for Array and Object.
	Value termsafe.Untrusted
	// Members of an Object, in input order, duplicates included.
	Members []Member
	// Items of an Array, in order.
	Items []*Node
	// offset is the byte offset of the value's first byte in the input
	// (Parse refuses inputs of MaxInput bytes or more).
	offset uint32
	Kind   Kind
	// InvalidUnicode is set on a String whose input held invalid UTF-8 or a
	// \uD800-\uDFFF escape that is not part of a valid surrogate pair.
	InvalidUnicode bool
}

// Offset is the byte offset of the value's first byte in the input.
func (n *Node) Offset() int64 { return int64(n.offset) }

// Member is one key/value pair of an object.
type Member struct {
	Key   termsafe.Untrusted
	Value *Node
	// KeyInvalidUnicode is InvalidUnicode for the key.
	KeyInvalidUnicode bool
	// Duplicate is set when an earlier member of the same object has
	// exactly the same key.
	Duplicate bool
}

// MaxDepth is the deepest nesting accepted, the limit encoding/json applies.
const MaxDepth = 10000

// Get returns the value of the first member of an object whose key is
// exactly key, or nil if there is none or n is not an object. Later
// duplicates are reachable through GetAll; which one the server honours is
// unknown, so callers showing a single value should check Len(GetAll(key)).
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := range n.Members {
		if n.Members[i].Key.Is(key) {
			return n.Members[i].Value
		}
	}
	return nil
}

// GetAll returns the values of every member whose key is exactly key, in
// input order: more than one means the object has duplicate keys (DATA-3).
func (n *Node) GetAll(key string) []*Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	var out []*Node
	for i := range n.Members {
		if n.Members[i].Key.Is(key) {
			out = append(out, n.Members[i].Value)
		}
	}
	return out
}

// Len is the number of members of an object or items of an array, and 0
// for any other node (including nil).
func (n *Node) Len() int {
	if n == nil {
		return 0
	}
	switch n.Kind {
	case Object:
		return len(n.Members)
	case Array:
		return len(n.Items)
	}
	return 0
}

// IsNull reports whether n is a JSON null. A nil node (a missing field) is
// not null: DATA-6 shows the two differently.
func (n *Node) IsNull() bool { return n != nil && n.Kind == Null }

// String names the kind, for messages and test failures.
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "bool"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}
