package markdown

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// attackRows are the comment sources of SECURITY.md §1.1 "Attacks checked
// against glamour v2.0.1", plus the TERM-4 sequences and hey-cli#250's
// payloads. Each must come out with SGR as its only escape sequence.
var attackRows = []struct{ name, src, shows string }{
	{"raw OSC 52", "hello \x1b]52;c;ZXZpbA==\x07 world", `\x1B]52;c;ZXZpbA==\x07`},
	{"entity OSC 52", "hello &#27;]52;c;ZXZpbA==&#7; world", "&#27;]52;c;ZXZpbA==&#7;"},
	{"code span entity", "`&#27;[31mRED`", "&#27;[31mRED"},
	{"split entity", "~~&**#27;**[31mFAKE~~", "#27;"},
	{"html block", "<div>&#27;[31mX</div>", "<div>&#27;[31mX</div>"},
	{"fenced clear screen", "```\n\x1b[2J cleared\n```", `\x1B[2J cleared`},
	{"bidi override", "abc\u202edcba", `abc\u{202E}dcba`},
	{"phishing link", "[https://siem.corp/t/1](https://evil.example/x)", "https://evil.example/x"},
	{"file link", "[click](file:///etc/passwd)", "file:///etc/passwd"},
	{"image", "![alt](https://tracker.example/p.png)", "[image: alt] <https://tracker.example/p.png>"},
	{"quote 70", strings.Repeat(">", 70) + " x", " x"},
	{"quote 80", strings.Repeat(">", 80) + " x", " x"},
	{"CSI", "\x1b[31m", `\x1B[31m`},
	{"OSC title", "\x1b]0;pwned\x07", `\x1B]0;pwned\x07`},
	{"DECRQSS", "\x1bP$q m\x1b\\", `\x1BP$q m\x1B\`},
	{"kitty APC", "\x1b_Gf=100;AAAA\x1b\\", `\x1B_Gf=100;AAAA\x1B\`},
	{"unterminated OSC", "\x1b]52;c;QQ==", `\x1B]52;c;QQ==`},
	{"C1 OSC 8", "\u009d8;;http://x\u009c", `\u{009D}8;;http://x\u{009C}`},
	{"hey-cli amp", "&amp;#27;[31m", "&amp;#27;[31m"},
	{"hey-cli code", "<code>&amp;#27;</code>", "<code>&amp;#27;</code>"},
	{"hey-cli link", "[x](&#27;[31m)", "&#27;[31m"},
	{"link title", `[x](https://a.example "&#27;]0;t&#7;")`, "https://a.example"},
	{"autolink", "<https://a.example/&#27;>", "https://a.example/&#27;"},
	{"forged markers", "\uE002fake\uE003 \uE000 \uE001 \uF041", `\u{E002}fake\u{E003}`},
}

func TestAttackRowsOnlySGR(t *testing.T) {
	for _, row := range attackRows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			for _, opt := range []Options{{Width: 80}, {Width: 80, Style: Light}, {Width: 24, ClickableLinks: true}} {
				r := Render(termsafe.Wrap(row.src), opt)
				checkLines(t, r.Lines, opt.Width, opt.ClickableLinks)
				if opt.Width == 80 && !strings.Contains(visible(r.Lines), row.shows) {
					t.Errorf("%v: output %q does not show %q", opt, visible(r.Lines), row.shows)
				}
				if !opt.ClickableLinks && strings.Contains(strings.Join(r.Lines, ""), "\x1b]8;") {
					t.Errorf("OSC 8 emitted by default")
				}
			}
		})
	}
}

// TestMD1Text checks MD-1's example: entities and HTML are shown exactly
// as written, not decoded and not stripped.
func TestMD1Text(t *testing.T) {
	const src = "<div>&#27;[31mX</div> and &lt;b&gt; and AT&T"
	r := render(src, 80)
	if got := strings.TrimSpace(visible(r.Lines)); got != src {
		t.Errorf("shows %q, want %q", got, src)
	}
	checkLines(t, r.Lines, 80, false)
}

// TestMD1RealVersusTypedEscape: a real ESC and the typed text "\x1B" both
// show as \x1B, but only the real one is in the reserved reverse style.
func TestMD1RealVersusTypedEscape(t *testing.T) {
	r := render("raw \x1b[31m and typed \\x1B", 80)
	if n := strings.Count(visible(r.Lines), `\x1B`); n != 2 {
		t.Fatalf("shows %d \\x1B texts, want 2: %q", n, visible(r.Lines))
	}
	rev := reversed(r.Lines)
	if len(rev) != 1 || rev[0] != `\x1B[31m` {
		t.Errorf("reverse-video runs = %q, want only the real sequence", rev)
	}
}

// TestForgedMarkersAreData: private-use characters in the comment cannot
// pose as markers, placeholders or styled-alphabet letters.
func TestForgedMarkersAreData(t *testing.T) {
	r := render("\uE002fake\uE003 amp\uE000 lt\uE001 \uF041 \U000F0000", 80)
	for _, run := range reversed(r.Lines) {
		if strings.Contains(run, "fake") || strings.Contains(run, "A") && !strings.Contains(run, `\u{`) {
			t.Errorf("data drawn in escape style: %q", run)
		}
	}
	for _, tok := range []string{`\u{E002}`, `\u{E003}`, `\u{E000}`, `\u{E001}`, `\u{F041}`, `\u{F0000}`} {
		if !strings.Contains(visible(r.Lines), tok) {
			t.Errorf("missing %s in %q", tok, visible(r.Lines))
		}
	}
}

// TestMD2Nesting: deep nesting renders bounded, and the markers beyond
// the cap are shown literally.
func TestMD2Nesting(t *testing.T) {
	tests := []struct{ name, src, literal string }{
		{"quotes", strings.Repeat(">", 80) + " x", strings.Repeat(">", 64) + " x"},
		{"quote lists", strings.Repeat("> - ", 200) + "x", "> - > -"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, width := range []int{20, 80, 120} {
				r := render(tc.src, width)
				size := 0
				for _, l := range r.Lines {
					size += len(l) + 1
				}
				if size >= 1<<20 {
					t.Errorf("width %d: %d bytes of output", width, size)
				}
				checkLines(t, r.Lines, width, false)
				if width == 120 && !strings.Contains(visible(r.Lines), tc.literal) {
					t.Errorf("literal markers %q missing from %q", tc.literal, visible(r.Lines))
				}
			}
		})
	}
}

func TestMD2LargeEmphasis(t *testing.T) {
	src := strings.Repeat("*a* ", 256<<10/4)
	r := render(src, 80)
	checkLines(t, r.Lines, 80, false)
	if r.TruncatedBytes != 0 {
		t.Errorf("TruncatedBytes = %d for exactly 256 KiB", r.TruncatedBytes)
	}
	if got := strings.Count(visible(r.Lines), "a"); got != 256<<10/4 {
		t.Errorf("shows %d a's, want %d", got, 256<<10/4)
	}
}

func TestMD2Truncation(t *testing.T) {
	src := strings.Repeat("word ", 300<<10/5)
	r := render(src, 80)
	want := len(src) - MaxSourceBytes
	if r.TruncatedBytes != want {
		t.Errorf("TruncatedBytes = %d, want %d", r.TruncatedBytes, want)
	}
	last := visible(r.Lines[len(r.Lines)-2:])
	if !strings.Contains(last, "truncated, ") || !strings.Contains(last, "bytes more — press R for raw view") {
		t.Errorf("no truncation note at the end: %q", last)
	}
	checkLines(t, r.Lines, 80, false)
}

// TestMD5NoFetch: images, links and autolinks pointing at a live server
// are rendered as text; nothing is requested, and no graphics protocol
// (sixel DCS, kitty APC) is emitted.
func TestMD5NoFetch(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
	}))
	defer srv.Close()
	src := "![a](" + srv.URL + "/p.png)\n\n[l](" + srv.URL + "/l) " + srv.URL + "/auto\n\n<img src=\"" + srv.URL + "/i.png\">"
	for _, opt := range []Options{{Width: 80}, {Width: 80, ClickableLinks: true}} {
		r := Render(termsafe.Wrap(src), opt)
		out := strings.Join(r.Lines, "\n")
		if strings.Contains(out, "\x1bP") || strings.Contains(out, "\x1b_") {
			t.Errorf("graphics protocol in output: %q", out)
		}
		if want := "[image: a] <" + srv.URL + "/p.png>"; !strings.Contains(visible(r.Lines), want) {
			t.Errorf("image not shown as %q: %q", want, visible(r.Lines))
		}
		checkLines(t, r.Lines, opt.Width, opt.ClickableLinks)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server got %d requests", n)
	}
}

// TestMD6HiddenThingsAreShown: an HTML comment is visible in the rendered
// view (MD-1) and in the raw view (MD-6).
func TestMD6HiddenThingsAreShown(t *testing.T) {
	const src = "text <!-- hidden -->"
	if got := strings.TrimSpace(visible(render(src, 80).Lines)); got != src {
		t.Errorf("rendered %q, want %q", got, src)
	}
	raw := Source(termsafe.Wrap(src+"\n[r]: https://evil.example"), 80)
	want := []string{"1 │ text <!-- hidden -->", "2 │ [r]: https://evil.example"}
	if visible(raw) != strings.Join(want, "\n") {
		t.Errorf("raw view %q, want %q", visible(raw), want)
	}
}

// TestCheckPieceCatches keeps the checker itself honest.
func TestCheckPieceCatches(t *testing.T) {
	bad := []string{"\x1b]52;c;QQ==\x07", "\x1b[2J", "\x1b]8;;file:///x\x07", "\u202e", "\u009b", "\uE002", "\x07", "\x1b"}
	for _, s := range bad {
		if checkPiece(s, true) == "" {
			t.Errorf("checkPiece accepted %q", s)
		}
	}
	for _, s := range []string{"\x1b[m", "\x1b[38;5;252;1m", "\x1b]8;;https://a.example/%C2%9C\a", "\x1b]8;;\a", "가", "\u00a0"} {
		if e := checkPiece(s, true); e != "" {
			t.Errorf("checkPiece rejected %q: %s", s, e)
		}
	}
}
