package sonartest

import (
	"fmt"
	"strings"
)

// LogEvent is a JSON detection event of about size bytes: field_order and
// an "events" array of web-log rows (an IP, a port, a request, a null). It
// is the big event the benchmarks and the perf harness lay out.
func LogEvent(size int) string {
	var b strings.Builder
	b.WriteString(`{"field_order":"_time, src_ip, dst_ip","events":[`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"_time":"2026-11-20 09:12:44+0900","src_ip":"10.0.%d.%d","dst_port":%d,"msg":"GET /index.php?id=%d","user_agent":"Mozilla/5.0 (X11; Linux x86_64) sqlmap/1.7","bytes":%d,"blocked":%t,"note":null}`,
			i/256%256, i%256, 443+i%5, i, i*37, i%2 == 0)
	}
	b.WriteString(`]}`)
	return b.String()
}
