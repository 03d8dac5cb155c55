package ui

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"pgregory.net/rapid"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/jsontree"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// TestEveryLeafInPlain is the "nothing hidden" property for the whole
// viewer: every string and number leaf of a random ticket (known fields,
// lists, unknown members, repeated keys, hostile characters) appears in
// --plain, escaped as on screen. Layout may wrap a value anywhere, so
// white space is ignored on both sides.
func TestEveryLeafInPlain(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		g := &ticketGen{t: rt}
		body := g.response()
		tk, err := api.DecodeResponse(body)
		if err != nil {
			rt.Fatalf("generated body does not decode: %v\n%s", err, body)
		}
		out := squeeze(plainReport(t, tk, 160))
		root, _ := jsontree.Parse(body)
		for _, leaf := range jsontree.Flatten(root) {
			if leaf.Node.Kind != jsontree.String && leaf.Node.Kind != jsontree.Number {
				continue
			}
			want := squeeze(termsafe.Escape(leaf.Node.Value, termsafe.SingleLine).Plain())
			if !strings.Contains(out, want) {
				rt.Fatalf("leaf %s = %q is not in --plain", leaf.Path.Safe(), want)
			}
		}
	})
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// ticketGen draws a random ticket. Every string value starts with a
// unique marker, so a value cannot be "found" as part of another.
type ticketGen struct {
	t *rapid.T
	n int
}

var leafRunes = []rune{'a', 'Z', '9', '-', '"', '\\', '/', '가', '漢', 0x1b, 0x07, 0x202e, 0x200b, 0xfeff, 0x9b, 0x1f600}

func (g *ticketGen) str() string {
	g.n++
	var b strings.Builder
	b.WriteString("v" + strconv.Itoa(g.n) + "_")
	for range rapid.IntRange(0, 6).Draw(g.t, "len") {
		b.WriteRune(rapid.SampledFrom(leafRunes).Draw(g.t, "rune"))
	}
	q, _ := json.Marshal(b.String())
	return string(q)
}

// obj writes the members whose keys are listed (each present or not,
// some twice) plus a few unknown members.
func (g *ticketGen) obj(keys []string, value func(key string) string) string {
	var ms []string
	for _, k := range keys {
		switch rapid.IntRange(0, 5).Draw(g.t, k) {
		case 0:
			continue
		case 1: // a repeated key
			ms = append(ms, strconv.Quote(k)+":"+value(k))
		}
		ms = append(ms, strconv.Quote(k)+":"+value(k))
	}
	for i := range rapid.IntRange(0, 2).Draw(g.t, "unknown") {
		ms = append(ms, strconv.Quote("x_unknown"+strconv.Itoa(i))+":"+g.any(2))
	}
	return "{" + strings.Join(ms, ",") + "}"
}

// any is an unknown value nested at most depth deep.
func (g *ticketGen) any(depth int) string {
	switch k := rapid.IntRange(0, 3).Draw(g.t, "kind"); {
	case k == 0 || depth == 0:
		return g.str()
	case k == 1:
		return strconv.Itoa(rapid.IntRange(-1000, 1000).Draw(g.t, "num"))
	case k == 2:
		return "[" + g.any(depth-1) + "," + g.any(depth-1) + "]"
	}
	return g.obj([]string{"k"}, func(string) string { return g.any(depth - 1) })
}

func (g *ticketGen) list(keys []string, value func(string) string) string {
	items := make([]string, rapid.IntRange(0, 2).Draw(g.t, "items"))
	for i := range items {
		items[i] = g.obj(keys, value)
	}
	return "[" + strings.Join(items, ",") + "]"
}

var (
	ticketKeys = []string{"id", "repo_guid", "repo_name", "site_guid", "site_name", "guid", "title",
		"priority", "status", "format", "rule_guid", "rule_type", "rule_name", "count", "content", "risk_score",
		"mitre_techniques", "attack", "incident", "assignees", "approvers", "attachments", "created", "updated",
		"closed", "x_login", "x_user", "x_dept", "x_site", "comments"}
	taskKeys       = []string{"company_guid", "company_name", "user_guid", "user_name", "task_type", "task_status", "x_login", "x_user", "x_dept"}
	attachmentKeys = []string{"guid", "user_guid", "ticket_guid", "file_name", "file_size"}
	commentKeys    = []string{"guid", "user_guid", "user_name", "type", "format", "content", "created", "updated", "x_login", "x_user", "x_dept"}
	techniqueKeys  = []string{"mitre_id", "name", "display_name", "url", "tactics"}
	tacticKeys     = []string{"mitre_id", "name"}
)

func (g *ticketGen) response() []byte {
	ticket := g.obj(ticketKeys, func(k string) string {
		switch k {
		case "format":
			return `"PLAIN"`
		case "assignees", "approvers":
			return g.list(taskKeys, func(string) string { return g.str() })
		case "attachments":
			return g.list(attachmentKeys, func(string) string { return g.str() })
		case "comments":
			return g.list(commentKeys, func(k string) string {
				switch k {
				case "format":
					return `"PLAIN"`
				case "content":
					// Without a format the comment is Markdown, where a
					// backslash escapes the next character.
					return strings.ReplaceAll(g.str(), `\\`, "/")
				}
				return g.str()
			})
		case "mitre_techniques":
			return g.list(techniqueKeys, func(k string) string {
				if k == "tactics" {
					return g.list(tacticKeys, func(string) string { return g.str() })
				}
				return g.str()
			})
		case "id", "count", "risk_score":
			return strconv.Itoa(rapid.IntRange(0, 1<<40).Draw(g.t, k))
		}
		return g.str()
	})
	return []byte(`{"ticket":` + ticket + `,"envelope_extra":` + g.any(1) + `}`)
}
