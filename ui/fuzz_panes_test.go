package ui

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// FuzzPanes builds every pane of whatever ticket the body decodes to, as
// --plain does (Markdown rendered), at a width drawn from the input, and
// checks more than "no panic":
//   - every line fits the width;
//   - the number of lines is bounded by a linear function of the body
//     size (a budget per pane, not per item);
//   - so is the memory allocated, which bounds the work done without a
//     timed assertion.
func FuzzPanes(f *testing.F) {
	for _, fx := range sonartest.Fixtures() {
		f.Add(fx.Body, uint8(80))
	}
	f.Add(deepUnknownBody(8<<10, 200), uint8(60))
	f.Add(duplicateTitlesBody(300), uint8(100))
	f.Add(fieldOrderBody(8<<10), uint8(40))
	f.Add(wideTableBody(40), uint8(70))
	f.Add(dupListsBody(), uint8(30))
	f.Fuzz(func(t *testing.T, body []byte, w uint8) {
		tk, err := api.DecodeResponse(body)
		if err != nil {
			return
		}
		width := 20 + int(w)
		var out strings.Builder
		alloc := allocatedBy(func() {
			err = PlainReport(&out, tk, PlainOptions{Width: width, Color: true, Now: testNow, Location: time.UTC})
		})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(out.String(), "\n")
		for i, l := range lines {
			if lw := ansi.StringWidth(l); lw > width {
				t.Fatalf("line %d is %d cells, width %d: %q", i, lw, width, l)
			}
		}
		// An escape token is at most 12 characters per input byte, and a
		// pane adds a bounded number of lines per item.
		if maxLines := 400 + 40*len(body); len(lines) > maxLines {
			t.Errorf("%d lines for a %d-byte body (bound %d)", len(lines), len(body), maxLines)
		}
		if maxAlloc := uint64(256<<20 + 20_000*len(body)); alloc > maxAlloc {
			t.Errorf("allocated %d bytes for a %d-byte body (bound %d)", alloc, len(body), maxAlloc)
		}
		runtime.GC()
	})
}
