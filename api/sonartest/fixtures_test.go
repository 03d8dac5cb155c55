package sonartest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// getTicketTxt holds the examples of the Get Ticket documentation page,
// copied into the repository so every clone runs these tests.
const getTicketTxt = "testdata/get-ticket-examples.txt"

// docBlock returns the JSON object that follows the line marker in
// getTicketTxt: from the next line "{" to the next line "}".
func docBlock(t *testing.T, marker string) string {
	t.Helper()
	doc, err := os.ReadFile(getTicketTxt)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(doc), "\n")
	at := slices.Index(lines, marker)
	if at < 0 {
		t.Fatalf("marker %q not found in %s", marker, getTicketTxt)
	}
	start := at + 1 + slices.Index(lines[at+1:], "{")
	end := start + slices.Index(lines[start:], "}")
	if start <= at || end < start {
		t.Fatalf("no JSON block after %q", marker)
	}
	return strings.Join(lines[start:end+1], "\n")
}

func TestSeedIsTheDocumentedExampleByteForByte(t *testing.T) {
	t.Parallel()
	want := docBlock(t, "Success Response")
	seed, ok := sonartest.LookupFixture(sonartest.SeedGUID)
	if !ok || string(seed.Body) != want {
		t.Fatalf("seed fixture differs from the documented example:\n%s", seed.Body)
	}
	_, ts := serve(t)
	if a := getTicket(t, ts, sonartest.SeedGUID); string(a.body) != want {
		t.Error("served seed differs from the documented example")
	}
}

func TestErrorBodiesAreTheDocumentedOnes(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	wantJSON(t, getTicket(t, ts, sonartest.MissingGUID), http.StatusOK, docBlock(t, "Ticket is not found: HTTP status code 200"))
	wantJSON(t, getTicket(t, ts, "not-a-guid"), http.StatusBadRequest, docBlock(t, "Ticket identifier is not in valid GUID format: HTTP status code 400"))
}

func TestFixtureTableMatchesFiles(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir("fixtures")
	if err != nil {
		t.Fatal(err)
	}
	var files, names []string
	for _, e := range entries {
		files = append(files, strings.TrimSuffix(e.Name(), ".json"))
	}
	guids := map[string]bool{}
	for _, f := range sonartest.Fixtures() {
		names = append(names, f.Name)
		if guids[f.GUID] {
			t.Errorf("GUID %s used twice", f.GUID)
		}
		guids[f.GUID] = true
		if f.Description == "" {
			t.Errorf("%s has no description", f.Name)
		}
	}
	if guids[sonartest.MissingGUID] {
		t.Error("MissingGUID is used by a fixture")
	}
	if names[0] != "seed" || !slices.Contains(names, "hostile_ticket") {
		t.Errorf("order/names = %v", names)
	}
	slices.Sort(names)
	if !slices.Equal(files, names) {
		t.Errorf("files %v, table %v", files, names)
	}
	a, b := sonartest.Fixtures(), sonartest.Fixtures()
	a[0].Body[0] = 'X'
	if b[0].Body[0] == 'X' {
		t.Error("Fixtures shares bodies between calls")
	}
}

// timeFields hold timestamps wherever they appear (ticket, comments, content).
var timeFields = []string{"created", "updated", "closed", "first_event", "last_event", "first_seen", "last_seen", "_time"}

func TestFixturesAreValid(t *testing.T) {
	t.Parallel()
	for _, f := range sonartest.Fixtures() {
		t.Run(f.Name, func(t *testing.T) {
			if !json.Valid(f.Body) || !utf8.Valid(f.Body) {
				t.Fatal("not valid UTF-8 JSON")
			}
			if !sonartest.ValidGUID(f.GUID) {
				t.Errorf("GUID %q", f.GUID)
			}
			tk := ticketOf(t, f.Body)
			if tk["guid"] != f.GUID {
				t.Errorf("ticket.guid = %v, want %s", tk["guid"], f.GUID)
			}
			if f.GUID == sonartest.HostileGUID {
				return // its timestamps are hostile on purpose
			}
			for _, l := range leaves(t, f.Body) {
				if !slices.Contains(timeFields, l.key) || l.value == nil {
					continue
				}
				s, _ := l.value.(string)
				if _, err := time.Parse("2006-01-02 15:04:05-0700", s); err != nil {
					t.Errorf("%s = %q is not yyyy-MM-dd HH:mm:ssZ", l.path, s)
				}
			}
			content, _ := tk["content"].(string)
			if tk["format"] != "JSON" {
				return
			}
			if valid := json.Valid([]byte(content)); valid != (f.GUID != sonartest.InvalidContentGUID) {
				t.Errorf("content valid = %v: %q", valid, content)
			}
		})
	}
}

func TestSomeTimestampsUseOtherOffsets(t *testing.T) {
	t.Parallel()
	offsets := map[string]bool{}
	for _, f := range sonartest.Fixtures() {
		for _, l := range leaves(t, f.Body) {
			if s, ok := l.value.(string); ok && slices.Contains(timeFields, l.key) && len(s) == 24 {
				offsets[s[19:]] = true
			}
		}
	}
	if !offsets["+0900"] || !offsets["+0000"] || !offsets["-0500"] {
		t.Errorf("offsets = %v", offsets)
	}
}

// ticketOf decodes the ticket object (numbers kept as json.Number).
func ticketOf(t *testing.T, body []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v struct{ Ticket map[string]any }
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v.Ticket
}

// leaf is one scalar of a JSON document, found by walking tokens so that
// duplicate keys and exact number literals survive.
type leaf struct {
	path, key string
	value     any // string, json.Number, bool or nil
}

func leaves(t *testing.T, body []byte) []leaf {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var out []leaf
	var walk func(path, key string) error
	walk = func(path, key string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				out = append(out, leaf{path + "." + k.(string) + "#key", "#key", k})
				if err := walk(path+"."+k.(string), k.(string)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(path+"["+strconv.Itoa(i)+"]", key); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		default:
			out = append(out, leaf{path, key, tok})
		}
		return err
	}
	if err := walk("", ""); err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	return out
}
