package ui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/ui/markdown"
)

// Theme is the background the palette is chosen for.
type Theme uint8

// The themes. The terminal is never asked for its background colour: an
// OSC 11 query's reply arrives as input (SECURITY.md TERM-9), so the theme
// comes from configuration or COLORFGBG.
const (
	Dark Theme = iota
	Light
)

// String names the theme.
func (t Theme) String() string {
	if t == Light {
		return "light"
	}
	return "dark"
}

// palette names colours by role. Bubble Tea downsamples them to the
// terminal's profile (256, 16 or none), and every state that has a colour
// also has a word, so nothing depends on colour alone.
type palette struct {
	text, faint, accent, danger, warn, ok, info, border, selBg color.Color
}

func newPalette(t Theme) palette {
	if t == Light {
		return palette{
			text: lipgloss.Color("#1f2328"), faint: lipgloss.Color("#6e7781"),
			accent: lipgloss.Color("#0550ae"), danger: lipgloss.Color("#cf222e"),
			warn: lipgloss.Color("#9a6700"), ok: lipgloss.Color("#1a7f37"),
			info: lipgloss.Color("#8250df"), border: lipgloss.Color("#afb8c1"),
			selBg: lipgloss.Color("#ddf4ff"),
		}
	}
	return palette{
		text: lipgloss.Color("#e6edf3"), faint: lipgloss.Color("#8b949e"),
		accent: lipgloss.Color("#58a6ff"), danger: lipgloss.Color("#ff7b72"),
		warn: lipgloss.Color("#d29922"), ok: lipgloss.Color("#3fb950"),
		info: lipgloss.Color("#bc8cff"), border: lipgloss.Color("#30363d"),
		selBg: lipgloss.Color("#1f3b57"),
	}
}

// newPalette16 is the palette for 16-colour terminals, chosen rather than
// downsampled: downsampling gave MEDIUM and HIGH the same red, dark blue
// labels and black rules on a dark background, and hints and rules white
// on a light one. Bright colours on dark, normal ones on light; never
// black (0, 8) as text on dark, never white (7, 15) or yellow as text on
// light.
func newPalette16(t Theme) palette {
	c := func(n ansi.BasicColor) color.Color { return n }
	if t == Light {
		return palette{
			text: c(ansi.Black), faint: c(ansi.BrightBlack), accent: c(ansi.Blue),
			danger: c(ansi.Red), warn: c(ansi.Magenta), ok: c(ansi.Green),
			info: c(ansi.Blue), border: c(ansi.BrightBlack), selBg: c(ansi.BrightCyan),
		}
	}
	return palette{
		text: c(ansi.BrightWhite), faint: c(ansi.White), accent: c(ansi.BrightCyan),
		danger: c(ansi.BrightRed), warn: c(ansi.BrightYellow), ok: c(ansi.BrightGreen),
		info: c(ansi.BrightMagenta), border: c(ansi.White), selBg: c(ansi.Blue),
	}
}

// colors16 is the 16-colour palette for Markdown (glamour's elements and
// code), from the theme's explicit palette.
func colors16(t Theme) markdown.Colors16 {
	p := newPalette16(t)
	n := func(c color.Color) uint8 {
		if b, ok := c.(ansi.BasicColor); ok {
			return uint8(b)
		}
		return 0
	}
	return markdown.Colors16{On: true, Accent: n(p.accent), Faint: n(p.faint), Code: n(p.warn), Link: n(p.info),
		OK: n(p.ok), Number: n(p.info), Danger: n(p.danger)}
}

// Styles is every style the UI uses; lipgloss.NewStyle appears nowhere else.
type Styles struct {
	Theme Theme

	Plain, Text, Faint, Bold, Accent, Danger, Warn, OK, Info lipgloss.Style

	// Escaped draws escape tokens (\x1B...) in reverse video: data cannot
	// produce this style, so a typed backslash-x looks different (TERM-3).
	Escaped lipgloss.Style

	Title       lipgloss.Style
	Badge       lipgloss.Style
	TabActive   lipgloss.Style
	TabInactive lipgloss.Style
	TabSep      lipgloss.Style
	Section     lipgloss.Style
	Label       lipgloss.Style
	Footer      lipgloss.Style
	Match       lipgloss.Style
	CurMatch    lipgloss.Style
	TableHeader lipgloss.Style

	// JSON colouring.
	JSONKey, JSONString, JSONNumber, JSONBool, JSONNull, JSONPunct lipgloss.Style

	// Cursor marks the selected line (line select mode, v).
	Cursor lipgloss.Style

	// G is the glyph set: Unicode, or ASCII in ASCII mode (glyphs.go).
	G Glyphs

	p     palette
	pt    paints
	basic bool // the 16-colour palette
}

// NewStyles builds the styles for a theme.
func NewStyles(t Theme) Styles { return newStyles(t, newPalette(t)) }

// stylesFor builds the styles for a theme and the terminal's colour
// profile: an explicit palette on 16-colour terminals.
func stylesFor(t Theme, p colorprofile.Profile) Styles {
	if p == colorprofile.ANSI {
		s := newStyles(t, newPalette16(t))
		s.basic = true
		return s
	}
	return NewStyles(t)
}

func newStyles(t Theme, p palette) Styles {
	base := lipgloss.NewStyle()
	s := Styles{Theme: t, p: p, G: unicodeGlyphs}
	s.Plain = base
	s.Text = base.Foreground(p.text)
	s.Faint = base.Foreground(p.faint)
	s.Bold = base.Bold(true)
	s.Accent = base.Foreground(p.accent)
	s.Danger = base.Foreground(p.danger)
	s.Warn = base.Foreground(p.warn)
	s.OK = base.Foreground(p.ok)
	s.Info = base.Foreground(p.info)
	s.Escaped = base.Reverse(true)
	s.Title = base.Bold(true).Foreground(p.text)
	s.Badge = base.Bold(true).Padding(0, 1)
	s.TabActive = base.Bold(true).Foreground(p.accent).Underline(true)
	s.TabInactive = base.Foreground(p.faint)
	s.TabSep = base.Foreground(p.border)
	s.Section = base.Bold(true).Foreground(p.accent)
	s.Label = base.Foreground(p.faint)
	s.Footer = base.Foreground(p.faint)
	s.Match = base.Underline(true).Bold(true)
	s.CurMatch = base.Reverse(true).Bold(true)
	s.TableHeader = base.Bold(true).Foreground(p.faint)
	s.JSONKey = base.Foreground(p.accent)
	s.JSONString = base.Foreground(p.ok)
	s.JSONNumber = base.Foreground(p.info)
	s.JSONBool = base.Foreground(p.warn)
	s.JSONNull = base.Foreground(p.faint).Faint(true)
	s.JSONPunct = base.Foreground(p.faint)
	s.Cursor = base.Background(p.selBg).Bold(true)
	s.pt = newPaints(s)
	return s
}

// badge draws a word on a coloured background; the word carries the meaning.
func (s Styles) badge(word string, c color.Color) string {
	// The dark palette's badge colours are bright: dark text reads best on
	// them; the light palette's are deep: white reads best.
	fg := lipgloss.Color("#0d1117")
	switch {
	case s.basic && s.Theme == Light:
		fg = ansi.BrightWhite
	case s.basic:
		fg = ansi.Black
	case s.Theme == Light:
		fg = lipgloss.Color("#ffffff")
	}
	return s.Badge.Background(c).Foreground(fg).Render(word)
}

// esc renders an escape token; passed to termsafe.Safe.Styled.
func (s Styles) esc(t string) string { return s.Escaped.Render(t) }

// ThemeFromEnv picks the theme without querying the terminal (TERM-9):
// SONAR_THEME=light|dark wins; otherwise COLORFGBG ("15;0"), which many
// terminals set, says whether the background is light; otherwise dark.
func ThemeFromEnv(getenv func(string) string) Theme {
	switch getenv("SONAR_THEME") {
	case "light":
		return Light
	case "dark":
		return Dark
	}
	if v := getenv("COLORFGBG"); v != "" {
		parts := strings.Split(v, ";")
		switch parts[len(parts)-1] {
		case "7", "15":
			return Light
		}
	}
	return Dark
}

// paint is a style reduced to its opening and closing sequences, so hot
// paths (a 1 MiB event has ~100k tokens) colour text by concatenation
// instead of lipgloss.Style.Render, which is far slower per call.
type paint struct{ open, close string }

func paintOf(s lipgloss.Style) paint {
	const mark = "\x00"
	r := s.Render(mark)
	i := strings.Index(r, mark)
	if i < 0 {
		return paint{}
	}
	return paint{open: r[:i], close: r[i+len(mark):]}
}

func (p paint) apply(s string) string {
	if s == "" || p.open == "" {
		return s
	}
	return p.open + s + p.close
}

// paints are the hot-path styles.
type paints struct {
	plain, faint, warn, escaped, accent, bold           paint
	jsonKey, jsonString, jsonNumber, jsonBool, jsonNull paint
	jsonPunct                                           paint
}

func newPaints(s Styles) paints {
	return paints{
		plain: paintOf(s.Plain), faint: paintOf(s.Faint), warn: paintOf(s.Warn), escaped: paintOf(s.Escaped),
		accent: paintOf(s.Accent), bold: paintOf(s.Bold),
		jsonKey: paintOf(s.JSONKey), jsonString: paintOf(s.JSONString), jsonNumber: paintOf(s.JSONNumber),
		jsonBool: paintOf(s.JSONBool), jsonNull: paintOf(s.JSONNull), jsonPunct: paintOf(s.JSONPunct),
	}
}

// setProfile adopts the terminal's colour profile, which Bubble Tea sends
// at startup: on 16 colours the explicit palette replaces the default one.
func (m Model) setProfile(p colorprofile.Profile) (Model, tea.Cmd) {
	st := stylesFor(m.deps.Theme, p).WithGlyphs(m.deps.ASCII)
	m.md.basic.Store(st.basic)
	if st.basic == m.st.basic {
		return m, nil
	}
	m.st = st
	m.prompt.st = st
	m.spin.Style = st.Accent
	m.help.Styles = helpStyles(st)
	return m, m.rebuild()
}

// helpStyles draws the footer and help hints from the palette, so they
// follow it on 16 colours and on a light background.
func helpStyles(st Styles) help.Styles {
	return help.Styles{
		Ellipsis:       st.Faint,
		ShortKey:       st.Text,
		ShortDesc:      st.Faint,
		ShortSeparator: st.TabSep,
		FullKey:        st.Text,
		FullDesc:       st.Faint,
		FullSeparator:  st.TabSep,
	}
}
