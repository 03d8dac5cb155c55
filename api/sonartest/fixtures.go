package sonartest

import (
	"bytes"
	"embed"
	"strings"
)

// The fixtures other than seed.json are written by internal/gen; seed.json is
// the get-ticket.txt example copied verbatim (fixtures_test.go checks both).
//go:generate go run ./internal/gen -out fixtures

//go:embed fixtures/*.json
var fixtureFiles embed.FS

// GUIDs of the embedded fixtures, one per fixture (see Fixtures for what
// each one is for).
const (
	SeedGUID           = "49272877-75f2-4c2f-9301-d21c4f9a106d" // seed: the documentation example
	Sonar5GUID         = "a7bccf5a-f7a6-4056-8c9c-48a5b4ca8db4" // sonar5_webshell
	MarkdownGUID       = "6da484e3-6794-4477-816b-0bc0df23e1ab" // markdown_phishing
	PlainGUID          = "59aeca98-7b9c-4326-a6e7-8f4dd2b56b92" // plain_vpn_bruteforce
	ClosedGUID         = "3efc276c-492e-412a-8654-08f98d8935ed" // closed_deleted_accounts
	LongThreadGUID     = "83d83bd2-acf9-41a3-834e-1dcf3a91a9b8" // long_comment_thread
	InvalidContentGUID = "ebe48d36-f36f-4a0c-8edc-4c30091735a2" // invalid_json_content
	UnknownFieldsGUID  = "543b46c3-53ce-43d7-b877-fa64633cb740" // unknown_fields
	HostileGUID        = "71a4e748-5f24-4e9f-a446-3d80123127e0" // hostile_ticket
)

// Fixture is one embedded Get Ticket response.
type Fixture struct {
	GUID        string // the ticket's guid, fetchable from the server
	Name        string // file name without .json, e.g. "hostile_ticket"
	Description string
	Body        []byte // the complete response body, {"ticket": {...}}
}

// fixtureTable is the stable order of Fixtures: the documented example
// first, then roughly from ordinary to adversarial.
func fixtureTable() []Fixture {
	return []Fixture{
		{GUID: SeedGUID, Name: "seed",
			Description: "The success response of get-ticket.txt, byte for byte: LOW, APPROVED, JSON content with Korean msg and a trailing space in logger_name."},
		{GUID: Sonar5GUID, Name: "sonar5_webshell",
			Description: "Sonar 5.0 ticket with risk_score and mitre_techniques (with tactics): SQL injection then web shell upload, HIGH, IN_PROGRESS, site fields."},
		{GUID: MarkdownGUID, Name: "markdown_phishing",
			Description: "MARKDOWN ticket written by an analyst (no rule): headings, list, table, code block, links; incident null."},
		{GUID: PlainGUID, Name: "plain_vpn_bruteforce",
			Description: "PLAIN ticket: multi-line text with tabs and a very long line; NEW, no assignees, approvers, attachments or comments."},
		{GUID: ClosedGUID, Name: "closed_deleted_accounts",
			Description: "CLOSED ransomware incident whose author, assignee, approver, commenters and site were deleted (x_login/x_user/x_dept/x_site set)."},
		{GUID: LongThreadGUID, Name: "long_comment_thread",
			Description: "DNS tunnelling ticket with 60 comments (MARKDOWN and PLAIN, tables, fenced code, quotes, links, Korean, edits, several offsets)."},
		{GUID: InvalidContentGUID, Name: "invalid_json_content",
			Description: "JSON-format ticket whose content string is truncated JSON; the response itself is valid (compact, one line)."},
		{GUID: UnknownFieldsGUID, Name: "unknown_fields",
			Description: "Fields the client does not know (owner_*, tags, first/last_event, new_field_2027), duplicate status, case-variant key, id 2^53+1, file_size over 2^32."},
		{GUID: HostileGUID, Name: "hostile_ticket",
			Description: "SECURITY.md TERM-1: every string value hostile (escape sequences, C1, bidi), glamour attack comments, hostile event and file names. Valid guid."},
	}
}

// Fixtures returns the embedded fixtures in a stable order. Each call returns
// fresh copies, so callers may modify the bodies.
func Fixtures() []Fixture {
	fs := fixtureTable()
	for i := range fs {
		b, err := fixtureFiles.ReadFile("fixtures/" + fs[i].Name + ".json")
		if err != nil {
			// Only reachable if the table and the files drift apart, which
			// fixtures_test.go catches.
			panic("sonartest: missing fixture " + fs[i].Name + ": " + err.Error())
		}
		fs[i].Body = bytes.Clone(b)
	}
	return fs
}

// LookupFixture finds a fixture by GUID (any letter case) or Name.
func LookupFixture(guidOrName string) (Fixture, bool) {
	for _, f := range Fixtures() {
		if strings.EqualFold(f.GUID, guidOrName) || f.Name == guidOrName {
			return f, true
		}
	}
	return Fixture{}, false
}
