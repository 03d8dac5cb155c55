package jsontree

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"pgregory.net/rapid"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// FUZZ-4: generate a JSON tree, serialise it ourselves (raw invalid bytes,
// random escapes and whitespace), Parse and Flatten, and check every
// generated leaf is listed with its path and exact value.

// gnode is a generated value. text is the decoded string, the number
// literal, or the literal true/false/null.
type gnode struct {
	kind    Kind
	text    string
	pieces  []piece // how a string's text is made, for serialising
	members []gmember
	items   []*gnode
}

type gmember struct {
	key    string
	pieces []piece
	value  *gnode
}

// piece is one unit of a string: a code point (written raw or escaped), a
// raw byte that may not be valid UTF-8, or a lone surrogate (escaped).
type piece struct {
	r    rune
	raw  bool // r is a single raw byte
	lone bool // r is a surrogate, written as \uXXXX
}

var dangerous = []rune{0, 7, 8, 9, 10, 13, 0x1b, 0x1f, '"', '\\', '/', 0x7f, 0x80, 0x9b, 0x9d, 0x9f,
	0xad, 0x61c, 0x200b, 0x200e, 0x202a, 0x202e, 0x2028, 0x2029, 0x2066, 0x2069, 0xfeff,
	0xe000, 0xf8ff, 0xfdd0, 0xfffe, 0xffff, 0xfffd, 0xe0001, 0xe0041, 0xf0000, 0x10ffff, 0x1f600}

var genPiece = rapid.Custom(func(t *rapid.T) piece {
	switch rapid.IntRange(0, 9).Draw(t, "piece") {
	case 0, 1:
		return piece{r: rapid.SampledFrom(dangerous).Draw(t, "dangerous")}
	case 2:
		return piece{r: rapid.RuneFrom(nil, unicode.Hangul).Draw(t, "hangul")}
	case 3:
		r := rapid.IntRange(0, 0x10ffff-0x800).Draw(t, "any")
		if r >= 0xd800 {
			r += 0x800 // skip the surrogates
		}
		return piece{r: rune(r)}
	case 4:
		return piece{r: rune(rapid.IntRange(0x80, 0xff).Draw(t, "byte")), raw: true}
	case 5:
		return piece{r: rune(rapid.IntRange(0xd800, 0xdfff).Draw(t, "surrogate")), lone: true}
	}
	return piece{r: rune(rapid.IntRange(0x20, 0x7e).Draw(t, "ascii"))}
})

// genString draws pieces; a lone high surrogate directly followed by a
// lone low one would decode as a pair, so the low one becomes 'x'.
func genString(t *rapid.T, label string) (string, []piece) {
	ps := rapid.SliceOfN(genPiece, 0, 8).Draw(t, label)
	var b []byte
	for i := range ps {
		p := &ps[i]
		if p.lone && p.r >= 0xdc00 && i > 0 && ps[i-1].lone && ps[i-1].r < 0xdc00 {
			*p = piece{r: 'x'}
		}
		switch {
		case p.raw:
			b = append(b, byte(p.r))
		case p.lone:
			b = appendWTF8(b, p.r)
		default:
			b = utf8.AppendRune(b, p.r)
		}
	}
	return string(b), ps
}

var keyPool = []string{"a", "A", "severity", "Severity", "a.b", "", "x y", "k\u202e", "k\x1b[2J", "메시지", "k\xff"}

func genKey(t *rapid.T) (string, []piece) {
	if rapid.Bool().Draw(t, "pooled") {
		k := rapid.SampledFrom(keyPool).Draw(t, "key")
		var ps []piece
		for i := 0; i < len(k); {
			r, n := utf8.DecodeRuneInString(k[i:])
			if r == utf8.RuneError && n == 1 {
				ps = append(ps, piece{r: rune(k[i]), raw: true})
			} else {
				ps = append(ps, piece{r: r})
			}
			i += n
		}
		return k, ps
	}
	return genString(t, "key")
}

func genNumber(t *rapid.T) string {
	var b strings.Builder
	if rapid.Bool().Draw(t, "minus") {
		b.WriteByte('-')
	}
	digits := func(label string, min int) string {
		return rapid.StringOfN(rapid.RuneFrom([]rune("0123456789")), min, 22, -1).Draw(t, label)
	}
	if rapid.Bool().Draw(t, "zero") {
		b.WriteByte('0')
	} else {
		b.WriteByte(byte('1' + rapid.IntRange(0, 8).Draw(t, "lead")))
		b.WriteString(digits("int", 0))
	}
	if rapid.Bool().Draw(t, "frac") {
		b.WriteString("." + digits("frac", 1))
	}
	if rapid.Bool().Draw(t, "exp") {
		b.WriteString(rapid.SampledFrom([]string{"e", "E", "e+", "E-", "e-"}).Draw(t, "e") + digits("exp", 1))
	}
	return b.String()
}

func genValue(t *rapid.T, depth int) *gnode {
	lo, hi := 0, 6
	if depth == 0 {
		lo = 4 // a container at the top, so there is something to walk
	} else if depth >= 4 {
		hi = 3 // scalars only
	}
	switch rapid.IntRange(lo, hi).Draw(t, "kind") {
	case 0:
		return &gnode{kind: Null, text: "null"}
	case 1:
		return &gnode{kind: Bool, text: rapid.SampledFrom([]string{"true", "false"}).Draw(t, "bool")}
	case 2:
		return &gnode{kind: Number, text: genNumber(t)}
	case 3:
		s, ps := genString(t, "string")
		return &gnode{kind: String, text: s, pieces: ps}
	case 4, 5:
		n := &gnode{kind: Object}
		for range rapid.IntRange(0, 8).Draw(t, "members") {
			k, ps := genKey(t)
			n.members = append(n.members, gmember{key: k, pieces: ps, value: genValue(t, depth+1)})
		}
		return n
	}
	n := &gnode{kind: Array}
	for range rapid.IntRange(0, 5).Draw(t, "items") {
		n.items = append(n.items, genValue(t, depth+1))
	}
	return n
}

// serialise writes g as JSON with random whitespace and escape choices.
func serialise(t *rapid.T, b *bytes.Buffer, g *gnode) {
	ws := func() { b.WriteString(rapid.SampledFrom([]string{"", "", " ", "\n", "\t", "\r\n  "}).Draw(t, "ws")) }
	switch g.kind {
	case Object:
		b.WriteByte('{')
		for i, m := range g.members {
			if i > 0 {
				b.WriteByte(',')
			}
			ws()
			writePieces(t, b, m.pieces)
			ws()
			b.WriteByte(':')
			ws()
			serialise(t, b, m.value)
			ws()
		}
		b.WriteByte('}')
	case Array:
		b.WriteByte('[')
		for i, it := range g.items {
			if i > 0 {
				b.WriteByte(',')
			}
			ws()
			serialise(t, b, it)
			ws()
		}
		b.WriteByte(']')
	case String:
		writePieces(t, b, g.pieces)
	default:
		b.WriteString(g.text)
	}
}

func writePieces(t *rapid.T, b *bytes.Buffer, ps []piece) {
	b.WriteByte('"')
	for _, p := range ps {
		switch {
		case p.raw:
			b.WriteByte(byte(p.r))
		case p.lone:
			writeU4(b, p.r)
		case p.r == '"' || p.r == '\\':
			b.WriteByte('\\')
			b.WriteRune(p.r)
		case p.r < 0x20 || rapid.IntRange(0, 4).Draw(t, "escape") == 0:
			if p.r > 0xffff {
				hi, lo := utf16.EncodeRune(p.r)
				writeU4(b, hi)
				writeU4(b, lo)
			} else {
				writeU4(b, p.r)
			}
		default:
			b.WriteRune(p.r)
		}
	}
	b.WriteByte('"')
}

func writeU4(b *bytes.Buffer, r rune) {
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(upperHex[(r>>shift)&15]) // upper case exercises A-F decoding
	}
}

type wantLeaf struct {
	path Path
	node *gnode
	dup  bool
}

func genLeaves(g *gnode, path Path, dup bool, out *[]wantLeaf) {
	switch {
	case g.kind == Array && len(g.items) > 0:
		for i, it := range g.items {
			genLeaves(it, append(path[:len(path):len(path)], Step{Index: i, IsIndex: true}), dup, out)
		}
	case g.kind == Object && len(g.members) > 0:
		seen := map[string]bool{}
		for _, m := range g.members {
			genLeaves(m.value, append(path[:len(path):len(path)], Step{Key: termsafe.Wrap(m.key)}), dup || seen[m.key], out)
			seen[m.key] = true
		}
	default:
		*out = append(*out, wantLeaf{path: path, node: g, dup: dup})
	}
}

func propLeavesVisible(t *rapid.T) {
	g := genValue(t, 0)
	var b bytes.Buffer
	serialise(t, &b, g)
	data := b.Bytes()
	n, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(%q): %v", data, err)
	}
	var want []wantLeaf
	genLeaves(g, nil, false, &want)
	got := Flatten(n)
	if len(got) != len(want) {
		t.Fatalf("Flatten listed %d leaves, want %d, input %q", len(got), len(want), data)
	}
	for i, w := range want {
		l := got[i]
		if !samePath(l.Path, w.path) || l.Duplicate != w.dup || l.Node.Kind != w.node.kind {
			t.Fatalf("leaf %d: path %s dup %v kind %v, want %s dup %v kind %v; input %q", i,
				l.Path.Safe().Plain(), l.Duplicate, l.Node.Kind, w.path.Safe().Plain(), w.dup, w.node.kind, data)
		}
		text := LeafText(l.Node)
		var ok bool
		switch w.node.kind {
		case String:
			ok = termsafe.Unescape(text) == w.node.text || (w.node.text == "" && text.Plain() == `""`)
			ok = ok && l.Node.InvalidUnicode == !utf8.ValidString(w.node.text)
		case Number:
			ok = termsafe.Unwrap(l.Node.Value) == w.node.text && termsafe.Unescape(text) == w.node.text
		case Array:
			ok = text.Plain() == "[]"
		case Object:
			ok = text.Plain() == "{}"
		default:
			ok = text.Plain() == w.node.text
		}
		if !ok {
			t.Fatalf("leaf %d at %s: %q (Value %q), want %q; input %q", i, w.path.Safe().Plain(),
				termsafe.Unescape(text), termsafe.Unwrap(l.Node.Value), w.node.text, data)
		}
	}
	// Indent must keep every leaf too (values change only where the input
	// held invalid UTF-8).
	var out bytes.Buffer
	if err := Indent(&out, data, " "); err != nil {
		t.Fatalf("Indent: %v", err)
	}
	m, err := Parse(out.Bytes())
	if err != nil || len(Flatten(m)) != len(want) {
		t.Fatalf("Parse(Indent(x)) lost leaves or failed: %v", err)
	}
	if utf8.Valid(data) && dump(m) != dump(n) {
		t.Fatalf("Parse(Indent(x)) = %s, want %s", dump(m), dump(n))
	}
}

func samePath(a, b Path) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].IsIndex != b[i].IsIndex || a[i].Index != b[i].Index || termsafe.Unwrap(a[i].Key) != termsafe.Unwrap(b[i].Key) {
			return false
		}
	}
	return true
}

func TestLeavesVisible(t *testing.T) {
	t.Parallel()
	rapid.Check(t, propLeavesVisible)
}

// FuzzLeavesVisible exposes the FUZZ-4 property to the Go fuzzer: the
// fuzzer's bytes drive rapid's generators, so coverage guidance steers the
// generated trees. CI runs it with -fuzz for a short while (.ci/run); the
// seeds below give plain go test a few trees of every size class.
func FuzzLeavesVisible(f *testing.F) {
	// rapid skips an input that runs out before the tree is drawn, so the
	// seeds are long runs of fixed pseudo-random bytes.
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1 << 10, 16 << 10, 64 << 10} {
		seed := make([]byte, n)
		for i := range seed {
			seed[i] = byte(r.Uint32())
		}
		f.Add(seed)
	}
	f.Add(make([]byte, 1<<10)) // all zeros: the smallest choices
	f.Fuzz(rapid.MakeFuzz(propLeavesVisible))
}
