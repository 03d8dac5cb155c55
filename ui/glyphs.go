package ui

// Glyphs is every symbol the viewer draws that is not plain ASCII, chosen
// in one place. Terminals set to "ambiguous = wide" (common in Korean and
// Japanese setups) draw East-Asian-ambiguous characters such as ▲ ● · • …
// │ ✓ on two cells, which shifts every column after them; ASCII mode
// (--ascii, `ascii = true`, SONAR_ASCII=1) swaps them for ASCII.
//
// Every glyph of the ASCII set is one cell wide, like the one it replaces,
// so layouts are the same in both modes. Server text is never changed:
// the glyphs are the UI's own marks only.
type Glyphs struct {
	ASCII bool

	Dot      string // separator between parts of a line: "·"
	Bullet   string // list item: "•"
	Ellipsis string // cut text: "…"
	Rule     string // horizontal rule: "─"
	Bar      string // vertical rule: "│"
	Mark     string // comment start: "▍"
	Arrow    string // source to destination: "→"
	Dash     string // no value: "—"
	Warn     string // "⚠"
	Check    string // "✓"
	Cross    string // "✗"
	High     string // priority HIGH: "▲"
	Medium   string // priority MEDIUM: "◆"
	Low      string // priority LOW: "▼"
	Attack   string // "●"
	Incident string // "◉"
	Filled   string // risk bar: "■"
	Empty    string // risk bar: "□"
	Open     string // task assigned: "○"
	Half     string // task in progress: "◐"
	Up       string // task submitted, key up: "↑"
	Down     string // key down: "↓"
	Left     string // key left: "←"
	Right    string // key right: "→"
	Prompt   string // input prompt and chosen entry: "›"
}

// unicodeGlyphs is the default set.
var unicodeGlyphs = Glyphs{
	Dot: "·", Bullet: "•", Ellipsis: "…", Rule: "─", Bar: "│", Mark: "▍",
	Arrow: "→", Dash: "—", Warn: "⚠", Check: "✓", Cross: "✗",
	High: "▲", Medium: "◆", Low: "▼", Attack: "●", Incident: "◉",
	Filled: "■", Empty: "□", Open: "○", Half: "◐",
	Up: "↑", Down: "↓", Left: "←", Right: "→", Prompt: "›",
}

// asciiGlyphs is the ASCII mode set: one cell each, no ambiguous width.
var asciiGlyphs = Glyphs{
	ASCII: true,
	Dot:   "-", Bullet: "*", Ellipsis: "~", Rule: "-", Bar: "|", Mark: "|",
	Arrow: ">", Dash: "-", Warn: "!", Check: "+", Cross: "x",
	High: "^", Medium: "=", Low: "v", Attack: "*", Incident: "@",
	Filled: "#", Empty: ".", Open: "o", Half: "%",
	Up: "^", Down: "v", Left: "<", Right: ">", Prompt: ">",
}

// glyphsFor picks the set.
func glyphsFor(ascii bool) Glyphs {
	if ascii {
		return asciiGlyphs
	}
	return unicodeGlyphs
}

// WithGlyphs returns the styles drawing with the ASCII set when ascii is
// set.
func (s Styles) WithGlyphs(ascii bool) Styles {
	s.G = glyphsFor(ascii)
	return s
}

// sep is the glyph separator with a space either side.
func (g Glyphs) sep() string { return " " + g.Dot + " " }
