package main

import (
	"image"
	"image/color"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
)

// testFonts uses the Go Mono fonts shipped inside x/image, so the test
// does not depend on the machine's fonts.
func testFonts(t *testing.T) *Fonts {
	t.Helper()
	face := func(b []byte) []font.Face {
		ft, err := opentype.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		f, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: 20, DPI: 72})
		if err != nil {
			t.Fatal(err)
		}
		return []font.Face{f}
	}
	return NewFonts(face(gomono.TTF), face(gomonobold.TTF), face(gomono.TTF))
}

func at(img *image.RGBA, f *Fonts, col, row, dx, dy int) color.RGBA {
	return img.RGBAAt(f.CellW+col*f.CellW+dx, f.CellW+row*f.CellH+dy)
}

func same(a color.RGBA, b color.Color) bool {
	r, g, bl, _ := b.RGBA()
	return a.R == uint8(r>>8) && a.G == uint8(g>>8) && a.B == uint8(bl>>8)
}

func TestCaptureWideCharactersTakeTwoCells(t *testing.T) {
	s := Capture([]byte("a한b\nxy\n"), 6, 2)
	if got := s.Cells[0][1]; got.Content != "한" || got.Width != 2 {
		t.Fatalf("cell 1 = %q width %d, want 한 width 2", got.Content, got.Width)
	}
	if got := s.Cells[0][3].Content; got != "b" {
		t.Fatalf("cell 3 = %q, want b (after the wide character)", got)
	}
	// capture-pane's bare \n must return to column 0.
	if got := s.Cells[1][0].Content; got != "x" {
		t.Fatalf("row 1 col 0 = %q, want x", got)
	}
}

func TestPaintReverseVideoAndBackgrounds(t *testing.T) {
	f := testFonts(t)
	p := NewPalette(false)
	// Cell 0: reverse video of red on default; cell 1: blue background.
	s := Capture([]byte("\x1b[31;7mX\x1b[0m\x1b[44m \x1b[0m"), 4, 1)
	img := Paint(s, f, p)
	// Reverse video: the cell's background is its red foreground (the
	// corner pixel has no ink).
	if !same(at(img, f, 0, 0, 0, 0), s.Cells[0][0].Style.Fg) {
		t.Fatalf("reverse cell background = %v, want the foreground colour %v", at(img, f, 0, 0, 0, 0), s.Cells[0][0].Style.Fg)
	}
	if _, bg := Colours(s.Cells[0][1], p); !same(at(img, f, 1, 0, f.CellW/2, f.CellH/2), bg) || same(at(img, f, 1, 0, 1, 1), p.Bg) {
		t.Fatalf("blue background cell not painted")
	}
	// The margin and the untouched cells keep the terminal background.
	if !same(img.RGBAAt(0, 0), p.Bg) || !same(at(img, f, 3, 0, 2, 2), p.Bg) {
		t.Fatal("default background not kept")
	}
}

// TestPaintInkStaysInItsCells checks the grid: every lit pixel of a row
// lies inside the boxes of the cells that hold something, and a wide
// character may use both of its cells.
func TestPaintInkStaysInItsCells(t *testing.T) {
	f := testFonts(t)
	p := NewPalette(false)
	line := "W 한 @"
	s := Capture([]byte(line), 8, 1)
	img := Paint(s, f, p)
	filled := map[int]bool{0: true, 2: true, 3: true, 5: true} // W, 한 (2 cells), @
	for col := range 8 {
		for dy := range f.CellH {
			for dx := range f.CellW {
				lit := !same(at(img, f, col, 0, dx, dy), p.Bg)
				if lit && !filled[col] {
					t.Fatalf("ink in empty cell %d at (%d,%d)", col, dx, dy)
				}
			}
		}
	}
	for col := range filled {
		if col == 3 {
			continue // the right half of the wide glyph may be blank
		}
		lit := 0
		for dy := range f.CellH {
			for dx := range f.CellW {
				if !same(at(img, f, col, 0, dx, dy), p.Bg) {
					lit++
				}
			}
		}
		if lit == 0 {
			t.Fatalf("cell %d (%q) has no ink", col, s.Cells[0][col].Content)
		}
	}
}

// TestBoxLinesJoinAcrossRows: a vertical rule drawn on every row is one
// unbroken line in the image, whatever the font's line gap.
func TestBoxLinesJoinAcrossRows(t *testing.T) {
	f := testFonts(t)
	p := NewPalette(true)
	s := Capture([]byte("│\n│\n│"), 2, 3)
	img := Paint(s, f, p)
	x := f.CellW + f.CellW/2
	for y := f.CellW; y < f.CellW+3*f.CellH; y++ {
		if same(img.RGBAAt(x, y), p.Bg) {
			t.Fatalf("vertical rule broken at y=%d", y)
		}
	}
}
