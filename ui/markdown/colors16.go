package markdown

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"sync"

	"charm.land/glamour/v2/ansi"
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
)

// Colors16 are the colours Markdown is drawn in on a 16-colour terminal,
// as ANSI colour numbers (0-15) by role. glamour's own styles use 256 and
// 24-bit colours; downsampled to 16 they gave, on a light background, a
// code block bright white on white. With On set, every glamour colour is
// replaced by one of these, backgrounds are dropped (the terminal's own
// is the only one, so a colour chosen readable on it stays readable), and
// code is highlighted from the same roles. The caller picks the numbers:
// the theme's explicit 16-colour palette.
type Colors16 struct {
	On                                    bool
	Accent, Faint, Code, Link, OK, Number uint8
	Danger                                uint8
}

// role says which role colours a glamour element; elements not
// listed keep the terminal's text colour.
func (p Colors16) role(element string) (uint8, bool) {
	switch element {
	case "Heading", "H1", "H2", "H3", "H4", "H5", "H6", "Image":
		return p.Accent, true
	case "Link":
		return p.Link, true
	case "LinkText":
		return p.OK, true
	case "Code":
		return p.Code, true
	case "CodeBlock", "HorizontalRule", "BlockQuote", "ImageText", "Enumeration":
		return p.Faint, true
	}
	return 0, false
}

// recolor16 replaces every colour of c by the roles of p and drops the
// backgrounds.
func recolor16(c *ansi.StyleConfig, p Colors16) {
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		var fg *string
		if n, ok := p.role(v.Type().Field(i).Name); ok {
			s := strconv.Itoa(int(n))
			fg = &s
		}
		recolorValue(v.Field(i), fg)
	}
}

func recolorValue(v reflect.Value, fg *string) {
	if v.Kind() != reflect.Struct {
		return
	}
	for i := range v.NumField() {
		f := v.Field(i)
		switch v.Type().Field(i).Name {
		case "BackgroundColor":
			f.Set(reflect.Zero(f.Type()))
		case "Color":
			f.Set(reflect.ValueOf(fg))
		case "Chroma": // code colours come from formatter16
		default:
			recolorValue(f, fg)
		}
	}
}

// formatter16 registers (once per palette) and names a chroma formatter
// that colours code by token category from p, ignoring the chroma style.
func formatter16(p Colors16) string {
	name := fmt.Sprintf("sonar-16-%d-%d-%d-%d-%d-%d-%d", p.Accent, p.Faint, p.Code, p.Link, p.OK, p.Number, p.Danger)
	formatters16.Do(name, func() {
		formatters.Register(name, chroma.FormatterFunc(func(w io.Writer, _ *chroma.Style, it chroma.Iterator) error {
			return format16(w, p, it)
		}))
	})
	return name
}

// onceByName runs a function once per name.
type onceByName struct {
	mu   sync.Mutex
	done map[string]bool
}

func (o *onceByName) Do(name string, f func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done[name] {
		return
	}
	if o.done == nil {
		o.done = map[string]bool{}
	}
	f()
	o.done[name] = true
}

var formatters16 onceByName

// format16 writes code tokens in basic ANSI colours by category.
func format16(w io.Writer, p Colors16, it chroma.Iterator) error {
	for token := it(); token != chroma.EOF; token = it() {
		n, ok := tokenColor16(p, token.Type)
		var err error
		if ok {
			_, err = fmt.Fprintf(w, "\x1b[%dm%s\x1b[0m", sgr16(n), token.Value)
		} else {
			_, err = io.WriteString(w, token.Value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func tokenColor16(p Colors16, t chroma.TokenType) (uint8, bool) {
	switch {
	case t == chroma.Error:
		return p.Danger, true
	case t.InCategory(chroma.Keyword), t.InSubCategory(chroma.NameBuiltin), t.InSubCategory(chroma.NameTag):
		return p.Accent, true
	case t.InSubCategory(chroma.LiteralString):
		return p.OK, true
	case t.InSubCategory(chroma.LiteralNumber), t == chroma.KeywordConstant:
		return p.Number, true
	case t.InCategory(chroma.Comment):
		return p.Faint, true
	}
	return 0, false
}

// sgr16 is the SGR foreground parameter of ANSI colour n.
func sgr16(n uint8) int {
	if n < 8 {
		return 30 + int(n)
	}
	return 90 + int(n-8)
}
