package termsafe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FilterStyled is the TERM-8 allowlist for output of libraries that style
// untrusted input (glamour): SGR sequences are kept, every other sequence or
// control becomes an escape token rendered through esc.
//
// It is the second layer behind Escape: such libraries decode entities,
// re-emit sequences and wrap links in OSC 8, so their output cannot be
// trusted even when their input was escaped. Kept are "\n", 7-bit SGR
// (ESC [ [0-9;:]* m) and every code point Escape would keep, plus MarkOpen
// and MarkClose, which the Markdown pipeline maps to the escape style after
// filtering. Everything else (OSC including OSC 8, DCS, APC, cursor moves,
// CSI 2J, 8-bit CSI, lone controls, invalid bytes, bidi and other format
// characters) is shown as its token text, one esc call per sequence or
// code point. A nil esc shows tokens unstyled. The scan is linear.
func FilterStyled(styled string, esc func(string) string) string {
	f := filter{s: styled, esc: esc}
	f.out.Grow(len(styled))
	start := 0
	for i := 0; i < len(styled); {
		if c := styled[i]; isPrintableASCII(c) || c == '\n' {
			i++
			continue
		}
		if n := f.keep(i); n > 0 {
			i += n
			continue
		}
		f.out.WriteString(styled[start:i])
		i = f.escapeAt(i)
		start = i
	}
	f.out.WriteString(styled[start:])
	return f.out.String()
}

type filter struct {
	s   string
	esc func(string) string
	out strings.Builder
	tok strings.Builder
}

// keep returns the length of the harmless non-ASCII character at i, or 0.
func (f *filter) keep(i int) int {
	if f.s[i] < utf8.RuneSelf {
		return 0
	}
	r, size := utf8.DecodeRuneInString(f.s[i:])
	switch {
	case r == utf8.RuneError && size == 1:
		return 0
	case r == MarkOpen || r == MarkClose || !needsToken(r):
		return size
	case unicode.Is(unicode.Zs, r):
		// The renderer's own spacing: glamour pads code spans with NBSP.
		// Data cannot be the source, as it was escaped before rendering,
		// and a space separator cannot move the cursor or hide text.
		return size
	}
	return 0
}

// escapeAt handles the sequence or single code point at i, which keep
// refused, and returns where it ends.
func (f *filter) escapeAt(i int) int {
	k, body := introducer(f.s, i)
	if k == seqNone {
		_, size := utf8.DecodeRuneInString(f.s[i:])
		f.token(f.s[i : i+size])
		return i + size
	}
	if k == seqCSI && f.s[i] == esc {
		if end, done := scanCSI(f.s, body, i+maxSeq); done && isSGR(f.s[body:end]) {
			f.out.WriteString(f.s[i:end])
			return end
		}
	}
	for start := i; ; start = body {
		var done bool
		body, done = scanBody(f.s, body, k, start+maxSeq)
		f.token(f.s[start:body])
		if done {
			return body
		}
	}
}

// token writes the token text for raw through esc.
func (f *filter) token(raw string) {
	f.tok.Reset()
	writeSpan(&f.tok, raw)
	if f.esc == nil {
		f.out.WriteString(f.tok.String())
		return
	}
	f.out.WriteString(f.esc(f.tok.String()))
}

// isSGR reports whether a CSI body (parameters and final byte) is Select
// Graphic Rendition with plain numeric parameters: the only sequence a
// styled string needs, and one that cannot move the cursor, query the
// terminal or carry a payload.
func isSGR(body string) bool {
	if body == "" || body[len(body)-1] != 'm' {
		return false
	}
	for i := 0; i < len(body)-1; i++ {
		if c := body[i]; (c < '0' || c > '9') && c != ';' && c != ':' {
			return false
		}
	}
	return true
}
