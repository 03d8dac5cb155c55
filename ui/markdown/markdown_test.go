package markdown

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

const normalComment = "# Incident 42\n\n" +
	"Brute force from **203.0.113.7** against `/api/login`, see [runbook](https://wiki.example/rb).\n\n" +
	"## Steps\n\n1. Block the IP\n2. Reset passwords\n   - admins first\n\n" +
	"| Time | Requests |\n|------|---------:|\n| 10:00 | 1204 |\n| 10:05 | 987 |\n\n" +
	"```go\nfunc main() {}\n```\n\n> False positive unlikely.\n\n---\n\n- [x] triaged\n- [ ] closed\n"

// TestNormalCommentLooksLikeGlamour: headings, lists, tables, code blocks
// and quotes keep glamour's layout.
func TestNormalCommentLooksLikeGlamour(t *testing.T) {
	want := strings.Join([]string{
		"   Incident 42",
		"",
		"  Brute force from 203.0.113.7 against \u00a0/api/login\u00a0, see",
		"  runbook https://wiki.example/rb.",
		"",
		"  ## Steps",
		"",
		"  1. Block the IP",
		"  2. Reset passwords",
		"    • admins first",
		"",
		"",
		"   Time                       │                  Requests",
		"  ────────────────────────────┼───────────────────────────",
		"   10:00                      │                      1204",
		"   10:05                      │                       987",
		"",
		"    func main() {}",
		"",
		"  │ False positive unlikely.",
		"",
		"  --------",
		"",
		"  [✓] triaged",
		"  [ ] closed",
	}, "\n")
	for _, style := range []Style{Dark, Light} {
		r := Render(termsafe.Wrap(normalComment), Options{Width: 60, Style: style})
		if got := visible(r.Lines); got != want {
			t.Errorf("%v style:\n%s\nwant:\n%s", style, got, want)
		}
		checkLines(t, r.Lines, 60, false)
		if len(reversed(r.Lines)) != 0 {
			t.Errorf("%v: reverse video without escapes: %q", style, reversed(r.Lines))
		}
	}
}

const koreanComment = "## 침해 분석 결과\n\n" +
	"공격자는 `/api/login` 엔드포인트에 **무차별 대입** 공격을 시도했습니다. 자세한 내용은 [보고서](https://wiki.example.com/보고서/123)를 참조하세요.\n\n" +
	"| 시간 | 출발지 IP | 요청 수 | 비고 |\n|------|-----------|--------:|------|\n" +
	"| 10:00 | 203.0.113.7 | 1,204 | 관리자 계정 대상 무차별 대입 시도 |\n| 10:05 | 198.51.100.23 | 987 | `\x1b]52;c;ZXZpbA==\x07` 포함 |\n\n" +
	"```bash\ncurl -s 'https://siem.example.com/api/sonar/tickets?limit=10' -H \"Authorization: Bearer $SONAR_API_KEY\" # 매우 긴 줄입니다 매우 긴 줄입니다\n```\n\n" +
	"> 참고: 오탐 가능성 낮음 — 동일 출발지에서 **3일 연속** 탐지\n\n1. 차단 목록에 추가\n2. 비밀번호 재설정\n   - 관리자 계정 우선\n"

// TestWidths: every line fits the pane, for wide characters, tables and
// code blocks alike (TERM-6).
func TestWidths(t *testing.T) {
	for _, width := range []int{20, 40, 80, 120} {
		for _, src := range []string{koreanComment, normalComment} {
			r := render(src, width)
			checkLines(t, r.Lines, width, false)
			if text := visible(r.Lines); !strings.Contains(text, "Brute") && !strings.Contains(text, "공격자는") {
				t.Errorf("width %d: content missing from %q", width, text)
			}
		}
	}
	// The escape token in the table cell keeps its style when wrapped.
	for _, run := range reversed(render(koreanComment, 40).Lines) {
		if strings.ContainsAny(run, "가나다포함") {
			t.Errorf("Korean text in escape style: %q", run)
		}
	}
}

func TestWidthIsClamped(t *testing.T) {
	for _, width := range []int{-5, 0, 3, MaxWidth + 500} {
		r := render(normalComment, width)
		checkLines(t, r.Lines, clampWidth(width), false)
	}
}

func TestRenderPlain(t *testing.T) {
	src := "user=admin\tpass=\x1b[8mhidden\x1b[m\r\n" + strings.Repeat("긴 로그 줄 ", 20) + "\nOK\rFAIL"
	r := RenderPlain(termsafe.Wrap(src), 40)
	checkLines(t, r.Lines, 40, false)
	text := visible(r.Lines)
	for _, want := range []string{"user=admin      pass=", `\x1B[8m`, "hidden", `OK\x0DFAIL`} {
		if !strings.Contains(text, want) {
			t.Errorf("plain view %q lacks %q", text, want)
		}
	}
	if rev := reversed(r.Lines); len(rev) != 3 {
		t.Errorf("reverse-video runs = %q, want the two sequences and the CR", rev)
	}
	if strings.Contains(text, "*") || r.TruncatedBytes != 0 {
		t.Errorf("unexpected %q", text)
	}
}

func TestSource(t *testing.T) {
	src := "first\n```go evil\x1b]0;t\x07\ncode\n```\n" + strings.Repeat("long ", 20)
	lines := Source(termsafe.Wrap(src), 30)
	checkLines(t, lines, 30, false)
	text := visible(lines)
	for _, want := range []string{"1 │ first", "2 │ ```go evil\\x1B]0;t\\x07", "5 │ long long", "  │ long"} {
		if !strings.Contains(text, want) {
			t.Errorf("raw view %q lacks %q", text, want)
		}
	}
}

// TestFallback: a panic inside the renderer turns into the escaped plain
// text with a note, never a crash.
func TestFallback(t *testing.T) {
	_, err := renderRecovered(func() (rendered, error) { panic("boom") })
	if err == nil {
		t.Fatal("panic not recovered")
	}
	if _, err := renderRecovered(func() (rendered, error) { return rendered{}, errors.New("x") }); err == nil {
		t.Fatal("error lost")
	}
	r := fallback(termsafe.Wrap("a \x1b[2J b"), 40, 7)
	text := visible(r.Lines)
	if !strings.HasPrefix(text, "(Markdown rendering failed") || !strings.Contains(text, `a \x1B[2J b`) || !strings.Contains(text, "7 bytes more") {
		t.Errorf("fallback shows %q", text)
	}
	checkLines(t, r.Lines, 40, false)
}

// TestStylesAvoidReverse: reverse video is reserved for escape tokens, so
// no glamour style may use it for anything a comment can produce.
func TestStylesAvoidReverse(t *testing.T) {
	src := normalComment + "\n~~gone~~ *em* ***both*** [l](https://x.example) ![i](https://x.example/i.png)\n\nterm\n: definition\n\n" +
		"```python\nclass A: pass  # comment\n```\n\n```diff\n- a\n+ b\n```\n"
	for _, style := range []Style{Dark, Light} {
		for _, clickable := range []bool{false, true} {
			r := Render(termsafe.Wrap(src), Options{Width: 80, Style: style, ClickableLinks: clickable})
			if rev := reversed(r.Lines); len(rev) != 0 {
				t.Errorf("%v: reverse video in %q", style, rev)
			}
		}
	}
}

func TestBlockLimit(t *testing.T) {
	r := render(strings.Repeat("## h\n", blockBudget+10), 40)
	text := visible(r.Lines)
	if n := strings.Count(text, "## h"); n != blockBudget {
		t.Errorf("%d headings rendered, want %d", n, blockBudget)
	}
	if !strings.Contains(text, fmt.Sprintf("rendering stopped after %d blocks", blockBudget)) {
		t.Errorf("no note about the block limit")
	}
	checkLines(t, r.Lines, 40, false)
	// Code blocks spend more of the budget.
	r = render(strings.Repeat("```\nx\n```\n", blockBudget), 40)
	if n := strings.Count(visible(r.Lines), "x"); n != blockBudget/codeBlockCost {
		t.Errorf("%d code blocks rendered, want %d", n, blockBudget/codeBlockCost)
	}
}

func TestOutputLimit(t *testing.T) {
	// Every character styled differently: the worst case for SGR bytes.
	r := RenderPlain(termsafe.Wrap(strings.Repeat("\x00", 2<<20)), 80)
	checkLines(t, r.Lines, 80, false)
	if !strings.Contains(visible(r.Lines[len(r.Lines)-1:]), "output limit reached") {
		t.Errorf("no output-limit note")
	}
}

func TestStyleString(t *testing.T) {
	if Dark.String() != "dark" || Light.String() != "light" || Style(9).String() != "dark" {
		t.Error("Style.String")
	}
}

// TestCodeLanguages: only allowlisted info strings reach chroma, within
// the byte budget; everything else, indented code included, is "text".
func TestCodeLanguages(t *testing.T) {
	big := strings.Repeat("x\n", maxHighlightBytes/4+1)
	src := "```json\n{}\n```\n\n```cpp\nint x;\n```\n\n```go evil\nx\n```\n\n```JSON\n[]\n```\n\n" +
		"    indented one\n\npara\n\n    indented two\n\n```\n\x1b[2J\n```\n\n```json\n" + big + "```\n\n```bash\necho\n```\n"
	md, _ := newMarkdown(80, Dark, false, Colors16{})
	ex := &extraSource{src: []byte(prepare(termsafe.Marked(termsafe.Wrap(src))))}
	doc := md.Parser().Parse(text.NewReader(ex.src))
	codeLanguages(doc, ex)
	var got []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.CodeBlock:
			t.Error("indented code block left for chroma to guess")
		case *ast.FencedCodeBlock:
			if entering {
				got = append(got, string(ex.plain(n.Info)))
			}
		}
		return ast.WalkContinue, nil
	})
	want := []string{"json", "text", "text", "JSON", "text", "text", "text", "text", "bash"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("languages %q, want %q", got, want)
	}
}

// TestRenderConcurrently: the UI renders off its goroutine, possibly
// several comments at once; renders share no mutable state (run with -race).
func TestRenderConcurrently(t *testing.T) {
	src := normalComment + "\n```json\n{\"a\": 1}\n```\n" + koreanComment
	want := visible(render(src, 70).Lines)
	done := make(chan string)
	for i := range 4 {
		go func() {
			style := Style(i % 2)
			r := Render(termsafe.Wrap(src), Options{Width: 70, Style: style})
			done <- visible(r.Lines)
		}()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Errorf("concurrent render differs:\n%s\nwant:\n%s", got, want)
		}
	}
}

// TestPooledRenderersKeepNoState: renderers are reused (markdowns); a
// comment renders the same whatever was rendered before it, tables,
// lists, quotes and failures included.
func TestPooledRenderersKeepNoState(t *testing.T) {
	srcs := []string{normalComment, koreanComment, "| a | b |\n|---|---|\n| 1 | 2 |", "- a\n  - b\n    > c",
		"```json\n{\"a\":1}\n```", strings.Repeat("> ", 40) + "deep", "# H\n\ntext [l](https://x.example)"}
	for _, row := range attackRows {
		srcs = append(srcs, row.src)
	}
	first := make([][]string, len(srcs))
	for i, s := range srcs {
		first[i] = Render(termsafe.Wrap(s), Options{Width: 60}).Lines
	}
	for i := len(srcs) - 1; i >= 0; i-- {
		if got := Render(termsafe.Wrap(srcs[i]), Options{Width: 60}).Lines; !slices.Equal(got, first[i]) {
			t.Errorf("%q renders differently after other comments:\n%q\n%q", srcs[i], first[i], got)
		}
	}
}
