package jsontree

import (
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// SyntaxError is invalid JSON, with the byte offset where it was detected.
// Offset is 0-based: the offending byte, or len(input) for an unexpected
// end. Msg follows encoding/json's wording.
type SyntaxError struct {
	Offset int64
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s at byte %d", e.Msg, e.Offset) }

// TrailingDataError reports bytes after the top-level value. Parse returns
// it together with the (complete) tree of the first value.
type TrailingDataError struct{ Offset int64 }

func (e *TrailingDataError) Error() string {
	return fmt.Sprintf("trailing data after JSON value at byte %d", e.Offset)
}

// MaxInput is the size from which Parse refuses an input (offsets are kept
// in 32 bits; such a document would need tens of GiB of tree anyway).
const MaxInput = 1 << 32

// Parse decodes data into a tree. On a *TrailingDataError the returned tree
// is the first value; on any other error (always a *SyntaxError) the tree is
// nil.
//
// Parse makes one string copy of data; strings and keys without escapes
// and all number literals are substrings of it (so the tree keeps that copy
// alive), nodes and child slices come from slabs, and only a string with
// escapes costs an allocation of its own.
func Parse(data []byte) (*Node, error) { return ParseString(string(data)) }

// ParseString is Parse of text already held as a string, without the
// copy: the tree's strings are substrings of src.
func ParseString(src string) (*Node, error) {
	if int64(len(src)) >= MaxInput {
		return nil, &SyntaxError{Offset: 0, Msg: "input of 4 GiB or more"}
	}
	p := parser{src: src}
	// The scanner only reads its input, so it can read src's bytes in place.
	data := unsafe.Slice(unsafe.StringData(src), len(src))
	s := scanner{data: data}
	var root *Node
	for {
		t, err := s.next()
		if err != nil {
			return nil, err
		}
		switch t.kind {
		case tokEnd:
			if s.pos < len(data) {
				return root, &TrailingDataError{Offset: int64(s.pos)}
			}
			return root, nil
		case tokKey:
			key, bad := p.text(t)
			p.members = append(p.members, Member{Key: key, KeyInvalidUnicode: bad})
			continue
		case tokEndArray:
			p.closeArray()
			continue
		case tokEndObject:
			p.closeObject()
			continue
		}
		n := p.node(t)
		if len(p.frames) == 0 {
			root = n
		} else if top := p.frames[len(p.frames)-1]; top.node.Kind == Array {
			p.items = append(p.items, n)
		} else {
			// The member was appended by its key token; any members of
			// nested objects in between have been cut off again on close.
			p.members[len(p.members)-1].Value = n
		}
		if n.Kind == Array {
			p.frames = append(p.frames, frame{node: n, start: len(p.items)})
		} else if n.Kind == Object {
			p.frames = append(p.frames, frame{node: n, start: len(p.members)})
		}
	}
}

// frame is one open container. Its children so far are the tail of the
// parser's shared items or members stack, from start on.
type frame struct {
	node  *Node
	start int
}

type parser struct {
	src     string
	frames  []frame
	items   []*Node  // children of all open arrays, innermost last
	members []Member // members of all open objects, innermost last
	buf     []byte   // scratch for unescaping

	// Slabs hand out nodes and exact-size child slices, so a document of
	// many small containers does not cost an allocation per container.
	nodes    []Node
	itemSlab []*Node
	memSlab  []Member
	slab     int // next slab size, doubling up to maxSlab
	seen     map[string]struct{}
}

const (
	minSlab = 32
	maxSlab = 4096
	// dupScanMax is the object size up to which duplicates are found by a
	// quadratic scan; above it a map keeps huge objects linear.
	dupScanMax = 16
)

func (p *parser) grow() int {
	p.slab = min(max(p.slab*2, minSlab), maxSlab)
	return p.slab
}

func (p *parser) node(t token) *Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]Node, 0, p.grow())
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	n := &p.nodes[len(p.nodes)-1]
	n.offset = uint32(t.start)
	switch t.kind {
	case tokBeginObject:
		n.Kind = Object
	case tokBeginArray:
		n.Kind = Array
	case tokString:
		n.Kind = String
		n.Value, n.InvalidUnicode = p.text(t)
	case tokNumber:
		n.Kind = Number
		n.Value = termsafe.Wrap(p.src[t.start:t.end])
	case tokTrue:
		n.Kind, n.Value = Bool, termsafe.Wrap("true")
	case tokFalse:
		n.Kind, n.Value = Bool, termsafe.Wrap("false")
	case tokNull:
		n.Kind, n.Value = Null, termsafe.Wrap("null")
	}
	return n
}

func (p *parser) closeArray() {
	f := p.frames[len(p.frames)-1]
	p.frames = p.frames[:len(p.frames)-1]
	kids := p.items[f.start:]
	if len(kids) > 0 {
		if len(kids) > cap(p.itemSlab)-len(p.itemSlab) {
			p.itemSlab = make([]*Node, 0, max(len(kids), p.grow()))
		}
		k := len(p.itemSlab)
		p.itemSlab = append(p.itemSlab, kids...)
		// The cap limit keeps a caller's append from overwriting the
		// next container's slice.
		f.node.Items = p.itemSlab[k:len(p.itemSlab):len(p.itemSlab)]
	}
	clear(kids) // drop references so the scratch does not pin nodes
	p.items = p.items[:f.start]
}

func (p *parser) closeObject() {
	f := p.frames[len(p.frames)-1]
	p.frames = p.frames[:len(p.frames)-1]
	ms := p.members[f.start:]
	if len(ms) > 0 {
		p.markDuplicates(ms)
		if len(ms) > cap(p.memSlab)-len(p.memSlab) {
			p.memSlab = make([]Member, 0, max(len(ms), p.grow()))
		}
		k := len(p.memSlab)
		p.memSlab = append(p.memSlab, ms...)
		f.node.Members = p.memSlab[k:len(p.memSlab):len(p.memSlab)]
	}
	clear(ms)
	p.members = p.members[:f.start]
}

// markDuplicates flags every member whose key equals an earlier key of the
// same object exactly (byte for byte; case variants are distinct, DATA-3).
func (p *parser) markDuplicates(ms []Member) {
	if len(ms) <= dupScanMax {
		for i := 1; i < len(ms); i++ {
			k := termsafe.Unwrap(ms[i].Key)
			for j := 0; j < i; j++ {
				if termsafe.Unwrap(ms[j].Key) == k {
					ms[i].Duplicate = true
					break
				}
			}
		}
		return
	}
	if p.seen == nil {
		p.seen = make(map[string]struct{}, len(ms))
	}
	clear(p.seen)
	for i := range ms {
		k := termsafe.Unwrap(ms[i].Key)
		if _, ok := p.seen[k]; ok {
			ms[i].Duplicate = true
		} else {
			p.seen[k] = struct{}{}
		}
	}
}

// text decodes the string token t and reports whether it held invalid
// UTF-8 or a lone surrogate escape.
func (p *parser) text(t token) (termsafe.Untrusted, bool) {
	a, b := t.start+1, t.end-1
	if !t.escaped {
		return termsafe.Wrap(p.src[a:b]), t.invalid
	}
	var lone bool
	if b-a >= bigString {
		// A big string (an event inside a ticket) is decoded into its own
		// buffer, which becomes the string: no growing scratch, no copy.
		// Decoding never lengthens the text, so the buffer never moves.
		buf, l := unescape(make([]byte, 0, b-a), p.src[a:b])
		return termsafe.Wrap(unsafe.String(unsafe.SliceData(buf), len(buf))), t.invalid || l
	}
	p.buf, lone = unescape(p.buf[:0], p.src[a:b])
	return termsafe.WrapBytes(p.buf), t.invalid || lone
}

// bigString is the escaped length from which a string is decoded in place.
const bigString = 64 << 10

// unescape appends the decoded form of raw, the validated inside of a
// string, to dst. Raw bytes are copied unchanged, valid or not. A
// \uD800-\uDFFF escape that is not half of a pair is kept as its 3-byte
// WTF-8 form (ED A0 80 for \ud800), which Escape shows as invalid bytes;
// lone reports whether that happened.
func unescape(dst []byte, raw string) ([]byte, bool) {
	lone := false
	for {
		i := strings.IndexByte(raw, '\\')
		if i < 0 {
			return append(dst, raw...), lone
		}
		dst = append(dst, raw[:i]...)
		c := raw[i+1]
		raw = raw[i+2:]
		switch c {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			var r rune
			var surrogate bool
			r, surrogate, raw = decodeU(raw)
			if surrogate {
				lone = true
				dst = appendWTF8(dst, r)
			} else {
				dst = utf8.AppendRune(dst, r)
			}
		default: // '"', '\\', '/'
			dst = append(dst, c)
		}
	}
}

// decodeU decodes the 4 hex digits at the start of rest (after "\u") and,
// for a high surrogate, a following "\uDC00"-"\uDFFF" low half. It returns
// the code point, whether it is a lone surrogate, and the remaining input.
func decodeU(rest string) (r rune, lone bool, tail string) {
	r = hex4(rest)
	rest = rest[4:]
	if r < 0xD800 || r > 0xDFFF {
		return r, false, rest
	}
	if r <= 0xDBFF && len(rest) >= 6 && rest[0] == '\\' && rest[1] == 'u' {
		if lo := hex4(rest[2:]); lo >= 0xDC00 && lo <= 0xDFFF {
			return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), false, rest[6:]
		}
	}
	return r, true, rest
}

// hex4 decodes 4 hex digits the scanner has already validated.
func hex4(s string) rune {
	var r rune
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// appendWTF8 encodes a surrogate code point the way UTF-8 would encode any
// other 3-byte code point; utf8.AppendRune would substitute U+FFFD.
func appendWTF8(dst []byte, r rune) []byte {
	return append(dst, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
}
