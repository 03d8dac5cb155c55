package main

// The fake SOC: one customer tenant, the vendor and an MSSP partner, with
// analysts in Seoul, London (+0000) and New York (-0500). Joshua, Jerry and
// the Logpresso tenant are the people of the documentation example.

type company struct{ guid, name string }

var (
	logpresso = company{"6fbe27b7-f1ae-4d7a-a1a5-76d8fa9aa311", "Logpresso"}
	hanbit    = company{"6fd222d1-5bfe-4f24-a392-fcf87b5f0d50", "Hanbit Financial"}
	northgate = company{"7002545a-a496-4ccf-bef0-fc72527473e2", "Northgate Security"}
)

type person struct {
	guid, name string
	co         company
	// login and dept are what Sonar keeps in x_login/x_dept once the
	// account is deleted.
	login, dept string
}

var (
	joshua   = person{"bfd00bb0-be99-4fd5-8380-166f544975fa", "Joshua", logpresso, "joshua", "Technical Support"}
	jerry    = person{"ffaf431b-653a-4329-8f83-913cbb00342d", "Jerry", logpresso, "jerry", "Technical Support"}
	minji    = person{"437135ad-c712-44a8-bb7b-25049a72b34a", "김민지", hanbit, "mjkim", "보안관제팀"}
	junho    = person{"9a05e7d2-6310-4497-9cf2-89f2bbfba9f8", "박준호", hanbit, "jhpark", "보안관제팀"}
	seoyeon  = person{"1afc5ab4-56f5-4a2a-b594-719b222371d6", "이서연", hanbit, "sylee", "위협분석팀"}
	donghyun = person{"d469563c-a82c-4231-9744-0f0e3beb79ff", "최동현", hanbit, "dhchoi", "보안관제팀"}
	sarah    = person{"a6426659-36dd-47f2-8234-c0ed37ed917e", "Sarah Whitfield", northgate, "swhitfield", "Threat Intelligence"}
	daniel   = person{"5b0930dc-4a82-44da-9e62-ed59ad4f70bd", "Daniel Ortiz", northgate, "dortiz", "SOC Tier 2"}

	// Accounts deleted before the closed ticket was read: only their
	// x_login/x_user/x_dept survive.
	woojin  = person{"", "정우진", hanbit, "wjjung", "보안관제팀"}
	kyungho = person{"", "이경호", hanbit, "khlee", "정보보호팀"}
	sujung  = person{"", "박수정", hanbit, "sjpark", "침해대응팀"}
)

// Ticket repositories ("ticket types") and sites.
const (
	repoThreat   = "5f0ba741-7551-400d-8bd6-1f14a6e8536d"
	repoIncident = "cc2673dd-1446-49b1-976a-17ea6827b447"
	siteSeoul    = "09714c6f-f5ea-42e7-9647-70dd25d256c9"
	siteBusan    = "becdb82f-6306-4b06-af07-5ba9b34c404f"
)

// task is an assignee or approver entry of a live account.
func task(p person, taskType, status string) obj {
	return o(
		"company_guid", p.co.guid,
		"company_name", p.co.name,
		"user_guid", p.guid,
		"user_name", p.name,
		"task_type", taskType,
		"task_status", status,
		"x_login", nil,
		"x_user", nil,
		"x_dept", nil,
	)
}

// deletedTask is a task whose account was deleted: Sonar no longer knows the
// user, only what it saved in x_login/x_user/x_dept.
func deletedTask(p person, taskType, status string) obj {
	return o(
		"company_guid", p.co.guid,
		"company_name", p.co.name,
		"user_guid", nil,
		"user_name", nil,
		"task_type", taskType,
		"task_status", status,
		"x_login", p.login,
		"x_user", p.name,
		"x_dept", p.dept,
	)
}

func comment(guid string, p person, format, content, created, updated string) obj {
	return o(
		"guid", guid,
		"user_guid", p.guid,
		"user_name", p.name,
		"type", "TEXT",
		"format", format,
		"content", content,
		"created", created,
		"updated", updated,
		"x_login", nil,
		"x_user", nil,
		"x_dept", nil,
	)
}

func deletedComment(guid string, p person, format, content, created, updated string) obj {
	return o(
		"guid", guid,
		"user_guid", nil,
		"user_name", nil,
		"type", "TEXT",
		"format", format,
		"content", content,
		"created", created,
		"updated", updated,
		"x_login", p.login,
		"x_user", p.name,
		"x_dept", p.dept,
	)
}

func attachment(guid string, uploader person, ticketGUID, fileName string, size int64) obj {
	return o(
		"guid", guid,
		"user_guid", uploader.guid,
		"ticket_guid", ticketGUID,
		"file_name", fileName,
		"file_size", size,
	)
}

// technique is a 5.0 mitre_techniques entry (REFERENCE.md §2.2).
func technique(id, name, tacticID, tacticName string) obj {
	url := "https://attack.mitre.org/techniques/" + pathOf(id) + "/"
	return o(
		"mitre_id", id,
		"name", name,
		"display_name", tacticName+": "+name,
		"url", url,
		"tactics", arr{o("mitre_id", tacticID, "name", tacticName)},
	)
}

// pathOf turns T1505.003 into T1505/003, as attack.mitre.org spells
// sub-technique URLs.
func pathOf(id string) string {
	for i := 0; i < len(id); i++ {
		if id[i] == '.' {
			return id[:i] + "/" + id[i+1:]
		}
	}
	return id
}
