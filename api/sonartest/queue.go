package sonartest

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// The demo queue: generated tickets across statuses, priorities, assignees
// and dates, so that the list has something to filter, sort and page.
// Generation is deterministic: the same count, seed and now always give
// the same bytes, and every date is relative to now, so a test that pins
// now gets stable ages ("3h ago") in its goldens.

// Demo queue parameters.
const (
	// DemoQueueSize is how many tickets WithDemoQueue generates; with the
	// nine fixtures the demo lists DemoQueueSize+9 tickets.
	DemoQueueSize = 300
	// DemoSeed is the seed of WithDemoQueue.
	DemoSeed uint64 = 8
	// DemoUserGUID is the demo's "me": Joshua, the assignee of the
	// documentation example, who is also assigned many generated tickets.
	DemoUserGUID = "bfd00bb0-be99-4fd5-8380-166f544975fa"
)

// WithDemoQueue adds the demo queue (DemoQueueSize tickets, DemoSeed),
// dated relative to now.
func WithDemoQueue(now time.Time) Option {
	return WithGeneratedTickets(DemoQueueSize, DemoSeed, now)
}

// WithGeneratedTickets adds the n tickets of GenerateTickets(n, seed, now),
// for Get Ticket and Get Tickets alike.
func WithGeneratedTickets(n int, seed uint64, now time.Time) Option {
	ts := GenerateTickets(n, seed, now)
	return func(s *Server) {
		for _, t := range ts {
			key := strings.ToLower(t.GUID)
			s.tickets[key] = t.Body
			// Index now, so the first list request is as fast as the next.
			if e, ok := newEntry(key, t.Body); ok {
				s.indexLocked()[key] = e
			}
		}
	}
}

// GenerateTickets returns n Get Ticket responses made from seed: ids from
// 100001 up, created within 60 days before now and updated between then and
// now, every status and priority, zero to two assignees and at most one
// approver from a small team, JSON content. Names are "generated-000001"
// and so on.
func GenerateTickets(n int, seed uint64, now time.Time) []Fixture {
	r := rand.New(rand.NewPCG(seed, 0x50a47))
	out := make([]Fixture, n)
	for i := range out {
		guid := seededGUID(seed, i)
		out[i] = Fixture{
			GUID:        guid,
			Name:        fmt.Sprintf("generated-%06d", i+1),
			Description: "A generated ticket of the demo queue.",
			Body:        generateTicket(r, 100001+i, guid, now),
		}
	}
	return out
}

// seededGUID is a stable, well-formed (version 5 layout) GUID.
func seededGUID(seed uint64, i int) string {
	h := sha1.Sum([]byte("sonartest/queue/" + strconv.FormatUint(seed, 10) + "/" + strconv.Itoa(i)))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

type teamMember struct{ guid, name, company, companyName string }

// team are the people the generated tickets are assigned to; the first is
// DemoUserGUID and gets the most.
var team = []teamMember{
	{DemoUserGUID, "Joshua", "6fbe27b7-f1ae-4d7a-a1a5-76d8fa9aa311", "Logpresso"},
	{"ffaf431b-653a-4329-8f83-913cbb00342d", "Jerry", "6fbe27b7-f1ae-4d7a-a1a5-76d8fa9aa311", "Logpresso"},
	{"437135ad-c712-44a8-bb7b-25049a72b34a", "김민지", "6fd222d1-5bfe-4f24-a392-fcf87b5f0d50", "Hanbit Financial"},
	{"9a05e7d2-6310-4497-9cf2-89f2bbfba9f8", "박준호", "6fd222d1-5bfe-4f24-a392-fcf87b5f0d50", "Hanbit Financial"},
	{"a6426659-36dd-47f2-8234-c0ed37ed917e", "Sarah Whitfield", "7002545a-a496-4ccf-bef0-fc72527473e2", "Northgate Security"},
	{"5b0930dc-4a82-44da-9e62-ed59ad4f70bd", "Daniel Ortiz", "7002545a-a496-4ccf-bef0-fc72527473e2", "Northgate Security"},
}

// rules are the detections the generated tickets come from.
var rules = []struct{ name, ruleType string }{
	{"Attempt to collect web server settings", "STREAM"},
	{"SQL injection attempt", "STREAM"},
	{"SSH brute force", "BATCH"},
	{"Outbound connection to known C2", "STREAM"},
	{"Suspicious PowerShell download cradle", "STREAM"},
	{"Impossible travel sign-in", "BATCH"},
	{"웹 서버 설정 수집 시도", "STREAM"},
	{"Port scan from external host", "STREAM"},
	{"Mass file rename (possible ransomware)", "BATCH"},
	{"DNS query to newly registered domain", "STREAM"},
}

var (
	genStatuses   = []string{"NEW", "NEW", "NEW", "ASSIGNED", "ASSIGNED", "IN_PROGRESS", "IN_PROGRESS", "SUBMITTED", "APPROVED", "REJECTED", "CLOSED", "CLOSED"}
	genPriorities = []string{"LOW", "LOW", "MEDIUM", "MEDIUM", "MEDIUM", "HIGH"}
	genZone       = time.FixedZone("+0900", 9*3600)
)

func generateTicket(r *rand.Rand, id int, guid string, now time.Time) []byte {
	ri := r.IntN(len(rules))
	rule := rules[ri]
	status := genStatuses[r.IntN(len(genStatuses))]
	priority := genPriorities[r.IntN(len(genPriorities))]
	ip := fmt.Sprintf("%d.%d.%d.%d", 1+r.IntN(223), r.IntN(256), r.IntN(256), 1+r.IntN(254))
	created := now.Add(-time.Duration(r.Int64N(int64(60 * 24 * time.Hour)))).Truncate(time.Second)
	updated := created.Add(time.Duration(r.Int64N(int64(now.Sub(created)) + 1))).Truncate(time.Second)
	count := 1 + r.IntN(40)

	var assignees, approvers []string
	if status != "NEW" {
		// Joshua is "me" in the demo: give him about a third of the work.
		picked := map[int]bool{}
		for range 1 + r.IntN(2) {
			i := 0
			if r.IntN(3) != 0 {
				i = 1 + r.IntN(len(team)-1)
			}
			if !picked[i] {
				picked[i] = true
				assignees = append(assignees, genTask(team[i], "ASSIGNEE", assigneeStatus(status)))
			}
		}
		if status == "SUBMITTED" || status == "APPROVED" || status == "REJECTED" || status == "CLOSED" {
			approvers = append(approvers, genTask(team[1+r.IntN(len(team)-1)], "APPROVER", approverStatus(status)))
		}
	}
	closed := "null"
	if status == "CLOSED" {
		closed = jsonString(updated.In(genZone).Format(timeLayout))
	}
	content := `{"first_seen":` + jsonString(created.In(genZone).Format(timeLayout)) +
		`,"last_seen":` + jsonString(updated.In(genZone).Format(timeLayout)) +
		`,"priority":` + jsonString(priority) + `,"rule_type":` + jsonString(rule.ruleType) +
		`,"src_ip":` + jsonString(ip) + `,"dst_port":` + strconv.Itoa([]int{22, 80, 443, 3389, 53}[r.IntN(5)]) +
		`,"count":` + strconv.Itoa(count) + `}`

	var b bytes.Buffer
	field := func(k, rawValue string) {
		if b.Len() > len(`{"ticket":{`) {
			b.WriteByte(',')
		}
		b.WriteString(jsonString(k) + ":" + rawValue)
	}
	b.WriteString(`{"ticket":{`)
	field("id", strconv.Itoa(id))
	field("repo_guid", `"5f0ba741-7551-400d-8bd6-1f14a6e8536d"`)
	field("repo_name", `"Threat"`)
	field("guid", jsonString(guid))
	field("title", jsonString(rule.name+": "+ip))
	field("priority", jsonString(priority))
	field("status", jsonString(status))
	field("format", `"JSON"`)
	field("rule_guid", jsonString(seededGUID(^uint64(0), ri)))
	field("rule_type", jsonString(rule.ruleType))
	field("rule_name", jsonString(rule.name))
	field("count", strconv.Itoa(count))
	field("content", jsonString(content))
	field("attack", strconv.FormatBool(r.IntN(2) == 0))
	field("incident", strconv.FormatBool(priority == "HIGH" && r.IntN(3) == 0))
	field("assignees", "["+strings.Join(assignees, ",")+"]")
	field("approvers", "["+strings.Join(approvers, ",")+"]")
	field("attachments", "[]")
	field("created", jsonString(created.In(genZone).Format(timeLayout)))
	field("updated", jsonString(updated.In(genZone).Format(timeLayout)))
	field("closed", closed)
	field("x_login", "null")
	field("x_user", "null")
	field("x_dept", "null")
	field("comments", "[]")
	b.WriteString("}}")
	return b.Bytes()
}

func genTask(p teamMember, taskType, status string) string {
	return `{"company_guid":` + jsonString(p.company) + `,"company_name":` + jsonString(p.companyName) +
		`,"user_guid":` + jsonString(p.guid) + `,"user_name":` + jsonString(p.name) +
		`,"task_type":` + jsonString(taskType) + `,"task_status":` + jsonString(status) +
		`,"x_login":null,"x_user":null,"x_dept":null}`
}

// assigneeStatus is the assignee task status that goes with a ticket status.
func assigneeStatus(ticket string) string {
	switch ticket {
	case "ASSIGNED", "REJECTED":
		return "ASSIGNED"
	case "IN_PROGRESS":
		return "IN_PROGRESS"
	}
	return "CLOSED"
}

// approverStatus is the approver task status that goes with a ticket status
// (what an approver shows before deciding is undocumented; "ASSIGNED" here).
func approverStatus(ticket string) string {
	switch ticket {
	case "APPROVED", "CLOSED":
		return "APPROVED"
	case "REJECTED":
		return "REJECTED"
	}
	return "ASSIGNED"
}
