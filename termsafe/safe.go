package termsafe

import (
	"slices"
	"strings"
)

// Segments returns the segments in order. The slice is a copy: changing it
// cannot change the Safe text it came from.
func (s Safe) Segments() []Segment { return slices.Clone(s.segs) }

// NumSegments is the number of segments, and Segment(i) the i-th: they read
// the text without the copy Segments makes, for loops that lay out a lot.
func (s Safe) NumSegments() int { return len(s.segs) }

// Segment is the i-th segment (a copy).
func (s Safe) Segment(i int) Segment { return s.segs[i] }

// Plain is the text with escape tokens as ordinary characters: for search,
// copying (TERM-11) and plain output (TERM-13). It contains no control
// characters except "\n" from Break segments.
func (s Safe) Plain() string {
	var b strings.Builder
	for _, g := range s.segs {
		b.WriteString(g.Text)
	}
	return b.String()
}

// String returns Plain, so that printing a Safe with fmt shows the escaped
// text and never the raw input.
func (s Safe) String() string { return s.Plain() }

// Styled renders the text, passing escape spans through esc (e.g. reverse
// video) so they are distinguishable from data that merely looks like them.
func (s Safe) Styled(esc func(string) string) string {
	var b strings.Builder
	for _, g := range s.segs {
		if g.Kind == Escaped && esc != nil {
			b.WriteString(esc(g.Text))
			continue
		}
		b.WriteString(g.Text)
	}
	return b.String()
}

// Lines splits MultiLine text at its breaks. Each line remembers the break
// that ended it, so Concat(s.Lines()...) is s again.
func (s Safe) Lines() []Safe {
	lines := []Safe{{}}
	for _, g := range s.segs {
		last := &lines[len(lines)-1]
		if g.Kind == Break {
			last.eol = g.orig
			lines = append(lines, Safe{})
			continue
		}
		last.segs = append(last.segs, g)
	}
	lines[len(lines)-1].eol = s.eol
	return lines
}

// EscapeCount is the number of escape spans.
func (s Safe) EscapeCount() int {
	n := 0
	for _, g := range s.segs {
		if g.Kind == Escaped {
			n++
		}
	}
	return n
}

// IsEmpty reports whether there is no text to display. A line cut out by
// Lines or Wrap may be empty and still stand for a line break.
func (s Safe) IsEmpty() bool { return len(s.segs) == 0 }

// Width is the display width of Plain in terminal cells, as
// ansi.StringWidth measures it (grapheme clusters, East Asian wide = 2);
// for MultiLine text, the width of the widest line.
func (s Safe) Width() int {
	widest, w := 0, 0
	for _, g := range s.segs {
		if g.Kind == Break {
			widest, w = max(widest, w), 0
			continue
		}
		w += textWidth(g.Text)
	}
	return max(widest, w)
}

// Append returns s followed by other.
func (s Safe) Append(other Safe) Safe { return Concat(s, other) }

// Concat joins texts in order. A part that ended in a line break (from
// Lines or Wrap) is followed by that break again. Tab widths are kept as
// they were computed, so a tab after the join point may no longer end on
// an 8-column stop.
func Concat(parts ...Safe) Safe {
	n := 0
	for _, p := range parts {
		n += len(p.segs) + 1
	}
	var b joiner
	b.segs = make([]Segment, 0, n)
	for i, p := range parts {
		for _, g := range p.segs {
			b.add(g)
		}
		if p.eol != "" && i < len(parts)-1 {
			b.add(Segment{Text: "\n", Kind: Break, orig: p.eol})
		}
	}
	out := Safe{segs: b.finish()}
	if len(parts) > 0 {
		out.eol = parts[len(parts)-1].eol
	}
	return out
}

// joiner appends segments, merging adjacent verbatim Plain segments. The
// pieces of one Plain run are collected and joined once, so concatenating
// many small parts stays linear.
type joiner struct {
	segs  []Segment
	plain []string // pending verbatim Plain texts
}

func (b *joiner) add(g Segment) {
	if g.Text == "" && g.orig == "" {
		return
	}
	if isVerbatim(g) {
		b.plain = append(b.plain, g.Text)
		return
	}
	b.flush()
	b.segs = append(b.segs, g)
}

func (b *joiner) flush() {
	switch len(b.plain) {
	case 0:
		return
	case 1:
		b.segs = append(b.segs, Segment{Text: b.plain[0], Kind: Plain, orig: b.plain[0]})
	default:
		t := strings.Join(b.plain, "")
		b.segs = append(b.segs, Segment{Text: t, Kind: Plain, orig: t})
	}
	b.plain = b.plain[:0]
}

func (b *joiner) finish() []Segment {
	b.flush()
	if len(b.segs) == 0 {
		return nil
	}
	return b.segs
}

// isVerbatim reports a Plain segment that shows exactly its input. The
// only other Plain segments are synthetic ones (the Truncate tail), which
// stand for no input and must not merge with real text.
func isVerbatim(g Segment) bool {
	return g.Kind == Plain && g.Text == g.orig && g.Text != ""
}
