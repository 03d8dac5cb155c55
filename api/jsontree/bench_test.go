package jsontree

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// eventsJSON builds about size bytes of log-like events: the shape of a
// Sonar search result, with Korean text, escapes, numbers and nesting.
func eventsJSON(size int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"_time":"2022-09-14 17:%02d:%02d+0900","src_ip":"20.0.%d.%d","src_port":%d,`+
			`"dst_ip":"10.1.%d.%d","dst_port":443,"method":"GET","path":"/wp-admin/config.php?id=%d",`+
			`"status":%d,"bytes":%d,"msg":"웹 서버 설정 수집 시도: 20.0.31.%d",`+
			`"user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \"%d\"",`+
			`"src_lat":37.750999450683594,"src_lng":-97.8219985961914,"tags":["scan","web",null],`+
			`"geo":{"country":"KR","city":"서울","asn":"AS4766 Korea Telecom"},"attack":%t}`,
			i/60%60, i%60, i%256, i*7%256, 1024+i%60000, i%256, i*3%256, i, 200+i%4*100, i*37%100000,
			i%256, i, i%3 == 0)
	}
	b.WriteByte(']')
	return b.Bytes()
}

func benchInputs(b *testing.B) []struct {
	name string
	data []byte
} {
	ticket, err := os.ReadFile("testdata/get-ticket.json")
	if err != nil {
		b.Fatal(err)
	}
	n, err := Parse(ticket)
	if err != nil {
		b.Fatal(err)
	}
	content := []byte(termsafe.Unwrap(n.Get("ticket").Get("content").Value))
	return []struct {
		name string
		data []byte
	}{
		{"events-1MiB", eventsJSON(1 << 20)},
		{"ticket-response", ticket},
		{"ticket-content", content},
	}
}

func BenchmarkParse(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStdlibUnmarshal is encoding/json into any with UseNumber, for
// comparison only.
func BenchmarkStdlibUnmarshal(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				d := json.NewDecoder(bytes.NewReader(in.data))
				d.UseNumber()
				var v any
				if err := d.Decode(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkIndent(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Indent(io.Discard, in.data, "  "); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFlatten(b *testing.B) {
	data := eventsJSON(1 << 20)
	n, err := Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		Flatten(n)
	}
}
