package sonartest_test

import (
	"encoding/json"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// These tests pin what each fixture is for, so a later edit cannot quietly
// remove the case another package's tests rely on.

func fixture(t *testing.T, guid string) (sonartest.Fixture, map[string]any) {
	t.Helper()
	f, ok := sonartest.LookupFixture(guid)
	if !ok {
		t.Fatalf("no fixture %s", guid)
	}
	return f, ticketOf(t, f.Body)
}

func list(v any) []map[string]any {
	var out []map[string]any
	for _, e := range v.([]any) {
		out = append(out, e.(map[string]any))
	}
	return out
}

// ticketKeys lists the ticket object's keys in server order, duplicates
// included.
func ticketKeys(t *testing.T, body []byte) []string {
	var keys []string
	for _, l := range leaves(t, body) {
		if l.key == "#key" && strings.Count(l.path, ".") == 2 {
			keys = append(keys, l.value.(string))
		}
	}
	return keys
}

func TestSonar5Fixture(t *testing.T) {
	t.Parallel()
	f, tk := fixture(t, sonartest.Sonar5GUID)
	if tk["priority"] != "HIGH" || tk["status"] != "IN_PROGRESS" || tk["site_guid"] == nil || tk["site_name"] == nil {
		t.Errorf("priority/status/site = %v %v %v %v", tk["priority"], tk["status"], tk["site_guid"], tk["site_name"])
	}
	if _, ok := tk["risk_score"].(json.Number); !ok {
		t.Errorf("risk_score = %#v", tk["risk_score"])
	}
	keys := ticketKeys(t, f.Body)
	at := slices.Index(keys, "content")
	if at < 0 || !slices.Equal(keys[at:at+4], []string{"content", "risk_score", "mitre_techniques", "attack"}) {
		t.Errorf("5.0 fields not between content and attack: %v", keys)
	}
	for _, m := range list(tk["mitre_techniques"]) {
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"display_name", "mitre_id", "name", "tactics", "url"}) || len(list(m["tactics"])) == 0 {
			t.Errorf("technique shape: %v", m)
		}
	}
	var ev map[string]any
	_ = json.Unmarshal([]byte(tk["content"].(string)), &ev)
	for _, k := range []string{"src_ip", "src_port", "dst_ip", "dst_port", "protocol", "url", "user_agent", "method", "status", "field_order"} {
		if ev[k] == nil {
			t.Errorf("event lacks %s", k)
		}
	}
}

func TestMarkdownAndPlainFixtures(t *testing.T) {
	t.Parallel()
	_, md := fixture(t, sonartest.MarkdownGUID)
	text := md["content"].(string)
	for _, want := range []string{"\n# ", "\n## ", "\n- ", "\n1. ", "|---", "```logpresso\n", "](https://"} {
		if md["format"] != "MARKDOWN" || !strings.Contains("\n"+text, want) {
			t.Errorf("markdown content lacks %q", want)
		}
	}
	_, pl := fixture(t, sonartest.PlainGUID)
	text = pl["content"].(string)
	longest := 0
	for _, l := range strings.Split(text, "\n") {
		longest = max(longest, len(l))
	}
	if pl["format"] != "PLAIN" || !strings.Contains(text, "\t") || strings.Count(text, "\n") < 5 || longest < 200 {
		t.Errorf("plain content: format %v, longest line %d", pl["format"], longest)
	}
}

func TestClosedFixtureHasDeletedAccounts(t *testing.T) {
	t.Parallel()
	_, tk := fixture(t, sonartest.ClosedGUID)
	if tk["status"] != "CLOSED" || tk["closed"] == nil || tk["x_site"] == nil || tk["incident"] != true {
		t.Errorf("status %v closed %v x_site %v incident %v", tk["status"], tk["closed"], tk["x_site"], tk["incident"])
	}
	deleted := func(where string, m map[string]any) bool {
		return m["user_guid"] == nil && m["user_name"] == nil && m["x_login"] != nil && m["x_user"] != nil && m["x_dept"] != nil
	}
	if tk["x_login"] == nil || tk["x_user"] == nil || tk["x_dept"] == nil {
		t.Error("ticket author is not deleted")
	}
	for _, field := range []string{"assignees", "approvers", "comments"} {
		if !slices.ContainsFunc(list(tk[field]), func(m map[string]any) bool { return deleted(field, m) }) {
			t.Errorf("no deleted account in %s", field)
		}
	}
}

func TestLongThreadFixture(t *testing.T) {
	t.Parallel()
	_, tk := fixture(t, sonartest.LongThreadGUID)
	cs := list(tk["comments"])
	formats, edited, korean := map[any]int{}, 0, 0
	var all strings.Builder
	for _, c := range cs {
		formats[c["format"]]++
		if c["updated"] != c["created"] {
			edited++
		}
		text := c["content"].(string)
		if strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
			korean++
		}
		all.WriteString(text + "\n")
	}
	if len(cs) < 55 || formats["MARKDOWN"] < 10 || formats["PLAIN"] < 10 || edited < 3 || korean < 20 {
		t.Errorf("%d comments, formats %v, %d edited, %d Korean", len(cs), formats, edited, korean)
	}
	text := all.String()
	for _, re := range []string{"(?m)^```[a-z]+$", "(?m)^> ", "(?m)^\\|---", `\]\(https://`} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("no comment matches %s", re)
		}
	}
}

func TestInvalidContentFixture(t *testing.T) {
	t.Parallel()
	_, tk := fixture(t, sonartest.InvalidContentGUID)
	if tk["format"] != "JSON" || tk["content"] != `{"src_ip":"10.1.2.3","msg":"unterminated` {
		t.Errorf("format %v content %q", tk["format"], tk["content"])
	}
}

func TestUnknownFieldsFixture(t *testing.T) {
	t.Parallel()
	f, tk := fixture(t, sonartest.UnknownFieldsGUID)
	keys := ticketKeys(t, f.Body)
	if n := strings.Count(strings.Join(keys, ","), "status"); n != 2 {
		t.Errorf("status appears %d times in %v", n, keys)
	}
	for _, k := range []string{"owner_guid", "owner_name", "tags", "first_event", "last_event", "new_field_2027", "Priority"} {
		if !slices.Contains(keys, k) {
			t.Errorf("missing %s", k)
		}
	}
	if !strings.Contains(tk["tags"].(string), "\n") {
		t.Errorf("tags = %q, want newline-joined", tk["tags"])
	}
	if b, _ := json.Marshal(tk["new_field_2027"]); string(b) != `{"x":[1,2]}` {
		t.Errorf("new_field_2027 = %s", b)
	}
	if tk["id"] != json.Number("9007199254740993") {
		t.Errorf("id = %v", tk["id"])
	}
	size, _ := new(big.Int).SetString(string(list(tk["attachments"])[0]["file_size"].(json.Number)), 10)
	if size == nil || size.Cmp(big.NewInt(1<<32)) <= 0 {
		t.Errorf("file_size = %v, want > 2^32", size)
	}
}

// dangerous reports whether s carries something a viewer must neutralise:
// controls, C1, format characters, private use, replaced surrogates, or
// Markdown, path and scheme tricks.
func dangerous(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' ||
			r == unicodeReplacement || unicode.In(r, unicode.Cf, unicode.Co) {
			return true
		}
	}
	return strings.ContainsAny(s, "%<&[`~>") || strings.Contains(s, "..") || strings.Contains(s, "javascript:")
}

const unicodeReplacement = '\uFFFD'

func TestHostileFixture(t *testing.T) {
	t.Parallel()
	f, tk := fixture(t, sonartest.HostileGUID)
	// Every string value is hostile except the few that keep the client on
	// its normal rendering paths.
	benign := map[string]bool{".ticket.guid": true, ".ticket.format": true}
	for _, l := range leaves(t, f.Body) {
		s, ok := l.value.(string)
		if !ok || l.key == "#key" || benign[l.path] {
			continue
		}
		if strings.HasPrefix(l.path, ".ticket.comments[") && (l.key == "format" || l.key == "type") {
			continue
		}
		if !dangerous(s) {
			t.Errorf("%s = %q is not hostile", l.path, s)
		}
	}
	if tk["format"] != "JSON" || !strings.Contains(tk["title"].(string), "\x1b]0;pwned\x07") {
		t.Errorf("format %v title %q", tk["format"], tk["title"])
	}
	if sonartest.ValidGUID(tk["repo_guid"].(string)) {
		t.Error("repo_guid should be a hostile GUID-ish value")
	}

	// The event: decoded twice it carries real ESC bytes.
	var ev map[string]any
	if err := json.Unmarshal([]byte(tk["content"].(string)), &ev); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ev["user_agent"].(string), "\x1b[201~") || !strings.Contains(ev["path"].(string), "%1b%5d52") {
		t.Errorf("event user_agent %q path %q", ev["user_agent"], ev["path"])
	}
	for k, v := range ev {
		if s, ok := v.(string); ok && !dangerous(s) {
			t.Errorf("event %s = %q is not hostile", k, s)
		}
	}

	if !slices.ContainsFunc(list(tk["attachments"]), func(m map[string]any) bool {
		name := m["file_name"].(string)
		return strings.Contains(name, "\u202e") && strings.HasSuffix(name, "txt.exe")
	}) {
		t.Error("no attachment with the bidi exe.txt trick")
	}

	var comments strings.Builder
	for _, c := range list(tk["comments"]) {
		comments.WriteString(c["content"].(string) + "\n")
	}
	for _, p := range []string{
		"hello \x1b]52;c;ZXZpbA==\x07 world", "&#27;]52", "~~&**#27;**[31mFAKE~~", "<div>&#27;[31mX</div>",
		"```\n\x1b[2J cleared\n```", "abc\u202edcba", "[https://siem.corp/t/1](https://evil.example/x)",
		"[click](file:///etc/passwd)", "![alt](https://tracker.example/p.png)", strings.Repeat(">", 80) + " x",
	} {
		if !strings.Contains(comments.String(), p) {
			t.Errorf("no comment carries %q", p)
		}
	}
}
