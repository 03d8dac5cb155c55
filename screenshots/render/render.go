// Command render draws a captured terminal screen as a PNG on a fixed cell
// grid, so that a screenshot matches the terminal cell for cell.
//
// The input is what `tmux capture-pane -p -e` prints: text with SGR
// sequences. It is replayed through the x/vt emulator (the same one the
// screen goldens use), and every cell is painted at its own grid position:
// a wide character covers exactly two cells, reverse video swaps the
// colours, faint blends the foreground into the background, and a glyph is
// clipped to its cells so that no font metric can shift its neighbours.
// Box-drawing lines are drawn as rectangles that join across rows. Glyphs
// come from DejaVu Sans Mono, with NanumGothicCoding for Hangul and
// anything else DejaVu lacks.
//
// Usage: go run ./screenshots/render -cols 120 -rows 36 -o out.png in.ansi
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"os"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Default font files (Debian packages fonts-dejavu-core and
// fonts-nanum-coding).
const (
	dejavuDir = "/usr/share/fonts/truetype/dejavu/"
	nanumDir  = "/usr/share/fonts/truetype/nanum/"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "render:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	cols := fs.Int("cols", 120, "terminal width in cells")
	rows := fs.Int("rows", 36, "terminal height in cells")
	out := fs.String("o", "", "output PNG file")
	light := fs.Bool("light", false, "light terminal background")
	size := fs.Float64("size", 28, "font size in pixels")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *out == "" {
		return errors.New("usage: render [-cols N] [-rows N] [-light] -o OUT.png IN.ansi")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	fonts, err := loadFonts(*size)
	if err != nil {
		return err
	}
	scr := Capture(data, *cols, *rows)
	img := Paint(scr, fonts, NewPalette(*light))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%dx%d cells)\n", *out, *cols, *rows)
	return nil
}

// Screen is a grid of emulated cells.
type Screen struct {
	Cols, Rows int
	Cells      [][]uv.Cell // [row][col]; the cell after a wide one is a zero-width placeholder
}

// Capture replays a capture-pane dump through the emulator. capture-pane
// ends lines with \n only; the emulator needs \r\n to return to column 0.
func Capture(data []byte, cols, rows int) Screen {
	em := vt.NewEmulator(cols, rows)
	defer em.Close()
	text := strings.TrimRight(string(data), "\n")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	_, _ = em.WriteString(strings.ReplaceAll(text, "\n", "\r\n"))
	s := Screen{Cols: cols, Rows: rows, Cells: make([][]uv.Cell, rows)}
	for y := range rows {
		s.Cells[y] = make([]uv.Cell, cols)
		for x := range cols {
			if c := em.CellAt(x, y); c != nil {
				s.Cells[y][x] = *c
			}
		}
	}
	return s
}

// Palette holds the terminal's default colours.
type Palette struct {
	Fg, Bg color.Color
}

// NewPalette is a neutral dark (or light) terminal.
func NewPalette(light bool) Palette {
	if light {
		return Palette{Fg: color.RGBA{0x1c, 0x1c, 0x1c, 0xff}, Bg: color.RGBA{0xfa, 0xfa, 0xfa, 0xff}}
	}
	return Palette{Fg: color.RGBA{0xd4, 0xd4, 0xd4, 0xff}, Bg: color.RGBA{0x1a, 0x1b, 0x1e, 0xff}}
}

// Fonts are the faces glyphs are drawn with, and the cell size they give.
type Fonts struct {
	Regular, Bold, Italic []font.Face // in fallback order
	CellW, CellH          int
	Ascent                int
}

func loadFonts(px float64) (*Fonts, error) {
	open := func(files ...string) ([]font.Face, error) {
		var faces []font.Face
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("%w (install fonts-dejavu-core and fonts-nanum-coding)", err)
			}
			ft, err := opentype.Parse(b)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				return nil, err
			}
			faces = append(faces, face)
		}
		return faces, nil
	}
	reg, err := open(dejavuDir+"DejaVuSansMono.ttf", nanumDir+"NanumGothicCoding.ttf")
	if err != nil {
		return nil, err
	}
	bold, err := open(dejavuDir+"DejaVuSansMono-Bold.ttf", nanumDir+"NanumGothicCodingBold.ttf")
	if err != nil {
		return nil, err
	}
	ital, err := open(dejavuDir+"DejaVuSansMono-Oblique.ttf", nanumDir+"NanumGothicCoding.ttf")
	if err != nil {
		return nil, err
	}
	return NewFonts(reg, bold, ital), nil
}

// NewFonts derives the cell grid from the first regular face: the advance
// of "M" wide, and its line height tall.
func NewFonts(reg, bold, ital []font.Face) *Fonts {
	adv, _ := reg[0].GlyphAdvance('M')
	m := reg[0].Metrics()
	return &Fonts{
		Regular: reg, Bold: bold, Italic: ital,
		CellW:  adv.Ceil(),
		CellH:  (m.Ascent + m.Descent).Ceil() + 2,
		Ascent: m.Ascent.Ceil() + 1,
	}
}

// Paint draws the screen, one cell at a time, with a margin of one cell.
func Paint(s Screen, f *Fonts, p Palette) *image.RGBA {
	pad := f.CellW
	img := image.NewRGBA(image.Rect(0, 0, s.Cols*f.CellW+2*pad, s.Rows*f.CellH+2*pad))
	draw.Draw(img, img.Bounds(), image.NewUniform(p.Bg), image.Point{}, draw.Src)
	for y, row := range s.Cells {
		for x := 0; x < len(row); x++ {
			c := row[x]
			w := max(c.Width, 1)
			box := image.Rect(pad+x*f.CellW, pad+y*f.CellH, pad+(x+w)*f.CellW, pad+(y+1)*f.CellH)
			paintCell(img, box, c, f, p)
			x += w - 1
		}
	}
	return img
}

// Colours returns the cell's foreground and background as drawn.
func Colours(c uv.Cell, p Palette) (fg, bg color.Color) {
	fg, bg = p.Fg, p.Bg
	if c.Style.Fg != nil {
		fg = c.Style.Fg
	}
	if c.Style.Bg != nil {
		bg = c.Style.Bg
	}
	if c.Style.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
	}
	if c.Style.Attrs&uv.AttrFaint != 0 {
		fg = blend(fg, bg, 0.55)
	}
	return fg, bg
}

func paintCell(img *image.RGBA, box image.Rectangle, c uv.Cell, f *Fonts, p Palette) {
	fg, bg := Colours(c, p)
	draw.Draw(img, box, image.NewUniform(bg), image.Point{}, draw.Src)
	if c.Style.Attrs&uv.AttrConceal != 0 {
		return
	}
	ink := image.NewUniform(fg)
	if c.Content != "" && c.Content != " " {
		r := []rune(c.Content)[0]
		if !drawBox(img, box, r, ink, c.Style.Attrs&uv.AttrBold != 0) {
			faces := f.Regular
			switch {
			case c.Style.Attrs&uv.AttrBold != 0:
				faces = f.Bold
			case c.Style.Attrs&uv.AttrItalic != 0:
				faces = f.Italic
			}
			drawGlyph(img, box, c.Content, faces, f.Ascent, ink)
		}
	}
	if c.Style.Underline != 0 {
		y := box.Min.Y + f.Ascent + 2
		draw.Draw(img, image.Rect(box.Min.X, y, box.Max.X, y+2), ink, image.Point{}, draw.Over)
	}
	if c.Style.Attrs&uv.AttrStrikethrough != 0 {
		y := box.Min.Y + box.Dy()/2
		draw.Draw(img, image.Rect(box.Min.X, y, box.Max.X, y+2), ink, image.Point{}, draw.Over)
	}
}

// drawGlyph draws the grapheme with the first face that has its first
// rune, centred in box and clipped to it.
func drawGlyph(img *image.RGBA, box image.Rectangle, g string, faces []font.Face, ascent int, ink image.Image) {
	r := []rune(g)[0]
	face := faces[0]
	for _, fc := range faces {
		if _, ok := fc.GlyphAdvance(r); ok && hasGlyph(fc, r) {
			face = fc
			break
		}
	}
	adv := font.MeasureString(face, g)
	x := box.Min.X + (box.Dx()-adv.Round())/2
	sub := img.SubImage(box).(*image.RGBA)
	d := font.Drawer{Dst: sub, Src: ink, Face: face, Dot: fixed.P(x, box.Min.Y+ascent)}
	d.DrawString(g)
}

// hasGlyph tells a real glyph from the face's .notdef box.
func hasGlyph(f font.Face, r rune) bool {
	_, mask, _, _, ok := f.Glyph(fixed.P(0, 0), r)
	if !ok || mask == nil {
		return false
	}
	if r == ' ' {
		return true
	}
	notdefB, _, ok1 := f.GlyphBounds(0xFFFF)
	b, _, ok2 := f.GlyphBounds(r)
	return ok2 && (!ok1 || b != notdefB)
}

// drawBox draws the box-drawing and block characters the app uses as
// rectangles, so lines join across cells and rows. It reports whether r
// was one of them.
func drawBox(img *image.RGBA, box image.Rectangle, r rune, ink image.Image, heavy bool) bool {
	t := max(box.Dx()/8, 1)
	if heavy || r == '━' || r == '┃' {
		t *= 2
	}
	cx := box.Min.X + box.Dx()/2 - t/2
	cy := box.Min.Y + box.Dy()/2 - t/2
	left := image.Rect(box.Min.X, cy, cx+t, cy+t)
	right := image.Rect(cx, cy, box.Max.X, cy+t)
	up := image.Rect(cx, box.Min.Y, cx+t, cy+t)
	down := image.Rect(cx, cy, cx+t, box.Max.Y)
	var parts []image.Rectangle
	switch r {
	case '─', '━':
		parts = []image.Rectangle{left, right}
	case '│', '┃':
		parts = []image.Rectangle{up, down}
	case '┌', '╭':
		parts = []image.Rectangle{right, down}
	case '┐', '╮':
		parts = []image.Rectangle{left, down}
	case '└', '╰':
		parts = []image.Rectangle{right, up}
	case '┘', '╯':
		parts = []image.Rectangle{left, up}
	case '├':
		parts = []image.Rectangle{up, down, right}
	case '┤':
		parts = []image.Rectangle{up, down, left}
	case '┬':
		parts = []image.Rectangle{left, right, down}
	case '┴':
		parts = []image.Rectangle{left, right, up}
	case '┼':
		parts = []image.Rectangle{left, right, up, down}
	case '█':
		parts = []image.Rectangle{box}
	case '▀':
		parts = []image.Rectangle{image.Rect(box.Min.X, box.Min.Y, box.Max.X, box.Min.Y+box.Dy()/2)}
	case '▄':
		parts = []image.Rectangle{image.Rect(box.Min.X, box.Min.Y+box.Dy()/2, box.Max.X, box.Max.Y)}
	case '▌':
		parts = []image.Rectangle{image.Rect(box.Min.X, box.Min.Y, box.Min.X+box.Dx()/2, box.Max.Y)}
	case '▍':
		parts = []image.Rectangle{image.Rect(box.Min.X, box.Min.Y, box.Min.X+box.Dx()*3/8, box.Max.Y)}
	case '▐':
		parts = []image.Rectangle{image.Rect(box.Min.X+box.Dx()/2, box.Min.Y, box.Max.X, box.Max.Y)}
	default:
		return false
	}
	for _, pr := range parts {
		draw.Draw(img, pr, ink, image.Point{}, draw.Over)
	}
	return true
}

func blend(a, b color.Color, t float64) color.Color {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	mix := func(x, y uint32) uint8 { return uint8((float64(x)*t + float64(y)*(1-t)) / 257) }
	return color.RGBA{mix(ar, br), mix(ag, bg), mix(ab, bb), 0xff}
}
