package termsafe

import (
	"strings"
	"testing"
)

// benchText builds about 1 MiB of log-like text from repeating parts.
func benchText(parts ...string) string {
	var b strings.Builder
	for b.Len() < 1<<20 {
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	return b.String()
}

var (
	asciiLine  = "2026-05-01T12:00:00Z GET /api/sonar/tickets?limit=50 HTTP/1.1 200 user-agent=curl/8.5.0 src=10.0.0.1\n"
	koreanLine = "관리자 계정으로 비정상 로그인 시도가 탐지되었습니다 (사용자: 홍길동)\n"
	hostile    = "UA=\x1b]52;c;ZXZpbA==\x07 path=/\x1b[2J\tx\u202e\n"
	mixed      = benchText(asciiLine, asciiLine, asciiLine, koreanLine, asciiLine, asciiLine, hostile)
	asciiOnly  = benchText(asciiLine)
	koreanOnly = benchText(koreanLine)
	styled     = benchText("\x1b[38;5;252m", asciiLine[:60], "\x1b[0m\x1b[1m", koreanLine[:40], "\x1b[0m\n",
		"\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\\n")
)

func BenchmarkEscape(b *testing.B) {
	for _, bc := range []struct {
		name string
		in   string
	}{
		{"mixed", mixed},
		{"ascii", asciiOnly},
		{"korean", koreanOnly},
	} {
		b.Run(bc.name, func(b *testing.B) {
			u := Wrap(bc.in)
			b.SetBytes(int64(len(bc.in)))
			b.ReportAllocs()
			for b.Loop() {
				Escape(u, MultiLine)
			}
		})
	}
}

func BenchmarkFilterStyled(b *testing.B) {
	b.SetBytes(int64(len(styled)))
	b.ReportAllocs()
	for b.Loop() {
		FilterStyled(styled, sgrEsc)
	}
}

func BenchmarkWidth(b *testing.B) {
	s := Escape(Wrap(mixed), MultiLine)
	b.SetBytes(int64(len(mixed)))
	for b.Loop() {
		s.Width()
	}
}

func BenchmarkWrap(b *testing.B) {
	s := Escape(Wrap(mixed), MultiLine)
	b.SetBytes(int64(len(mixed)))
	b.ReportAllocs()
	for b.Loop() {
		s.Wrap(80)
	}
}
