// Command gen writes the generated fixtures of package sonartest
// (everything in fixtures/ except seed.json, which is copied verbatim from
// the documentation). Run it with `go generate ./api/sonartest/`.
//
// The fixtures are generated rather than hand-written because they need
// exact JSON escapes (ESC as \u001b twice over inside content strings,
// duplicate keys, lone surrogates) and sixty consistent comments; the
// generated files are committed so tests and --demo need no generation step.
package main

import (
	"crypto/sha1"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// file is one generated fixture.
type file struct {
	name string // file name without .json; matches sonartest.Fixture.Name
	guid string
	body []byte
}

// generated lists every fixture this command writes, in sonartest's order.
func generated() []file {
	return []file{
		{"sonar5_webshell", sonartest.Sonar5GUID, sonar5Webshell()},
		{"markdown_phishing", sonartest.MarkdownGUID, markdownPhishing()},
		{"plain_vpn_bruteforce", sonartest.PlainGUID, plainVPN()},
		{"closed_deleted_accounts", sonartest.ClosedGUID, closedDeleted()},
		{"long_comment_thread", sonartest.LongThreadGUID, longThread()},
		{"invalid_json_content", sonartest.InvalidContentGUID, invalidContent()},
		{"unknown_fields", sonartest.UnknownFieldsGUID, unknownFields()},
		{"hostile_ticket", sonartest.HostileGUID, hostileTicket()},
	}
}

func main() {
	out := flag.String("out", "fixtures", "directory to write the fixtures to")
	flag.Parse()
	for _, f := range generated() {
		path := filepath.Join(*out, f.name+".json")
		if err := os.WriteFile(path, f.body, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// guidFrom derives a stable, well-formed GUID (version 5 layout) from seed,
// for objects too numerous to list by hand, like the thread's comments.
func guidFrom(seed string) string {
	h := sha1.Sum([]byte("sonartest/" + seed))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// Sonar's time format, yyyy-MM-dd HH:mm:ssZ (REFERENCE.md §1.4).
const sonarTime = "2006-01-02 15:04:05-0700"

var (
	kst = time.FixedZone("KST", 9*3600)
	utc = time.FixedZone("UTC", 0)
	est = time.FixedZone("EST", -5*3600)
)

// ts formats a KST wall-clock time in Sonar's format.
func ts(year int, month time.Month, day, hour, minute, sec int) string {
	return time.Date(year, month, day, hour, minute, sec, 0, kst).Format(sonarTime)
}

// tsIn formats a wall-clock time of another zone, for analysts whose
// comments Sonar shows in their own offset.
func tsIn(year int, month time.Month, day, hour, minute, sec int, loc *time.Location) string {
	return time.Date(year, month, day, hour, minute, sec, 0, loc).Format(sonarTime)
}

// ticket wraps the ticket object in the Get Ticket response.
func ticket(t obj) []byte { return pretty(o("ticket", t)) }
