package main

import "bytes"

// Tickets that are well-formed responses but odd inside: the client must show
// them whole rather than fail or drop anything (REFERENCE.md Q4, SECURITY.md
// DATA-2..6).

// invalidContent is a JSON-format ticket whose content string is cut off
// mid-value. The response is compact, on one line, as a server would send it
// (the other fixtures are indented for people reading the files).
func invalidContent() []byte {
	const g = "ebe48d36-f36f-4a0c-8edc-4c30091735a2"
	t := o(
		"id", 48301,
		"repo_guid", repoThreat,
		"repo_name", "Threat",
		"guid", g,
		"title", "Suspicious PowerShell download cradle: 10.1.2.3",
		"priority", "MEDIUM",
		"status", "ASSIGNED",
		"format", "JSON",
		"rule_guid", "098abf5e-986c-47f0-8dfb-ea99cde61ad2",
		"rule_type", "STREAM",
		"rule_name", "Suspicious PowerShell download cradle",
		"count", 1,
		"content", `{"src_ip":"10.1.2.3","msg":"unterminated`,
		"attack", false,
		"incident", false,
		"assignees", arr{task(junho, "ASSIGNEE", "ASSIGNED")},
		"approvers", arr{},
		"attachments", arr{},
		"created", ts(2026, 11, 21, 11, 7, 33),
		"updated", ts(2026, 11, 21, 11, 7, 33),
		"closed", nil,
		"x_login", nil,
		"x_user", nil,
		"x_dept", nil,
		"comments", arr{},
	)
	var b bytes.Buffer
	b.WriteString(compact(o("ticket", t)))
	b.WriteByte('\n')
	return b.Bytes()
}

// unknownFields carries everything a typed decoder would lose: fields the
// client has no struct field for (the sonar-ticket query command's owner_*,
// tags, first_event, last_event, and a future new_field_2027), a duplicate
// "status" (encoding/json keeps only the last), a case variant of
// "priority", numbers beyond float64 (id 2^53+1, 1e400, -0) and a file_size
// above 2^32, plus empty and nested unknown values.
func unknownFields() []byte {
	const g = "543b46c3-53ce-43d7-b877-fa64633cb740"
	event := o(
		"first_seen", ts(2026, 11, 21, 8, 2, 11),
		"last_seen", ts(2026, 11, 21, 8, 16, 40),
		"priority", "MEDIUM",
		"rule_type", "BATCH",
		"rule_id", 318,
		"src_ip", "102.89.32.14",
		"user", "jdoe@hanbit-fin.example",
		"msg", "불가능한 이동: 서울 -> 라고스 14분",
		"logins", arr{
			o("_time", ts(2026, 11, 21, 8, 2, 11), "ip", "211.36.142.7", "city", "Seoul", "app", "Office 365"),
			o("_time", ts(2026, 11, 21, 8, 16, 40), "ip", "102.89.32.14", "city", "Lagos", "app", "Azure Portal"),
		},
		"distance_km", 12631.4,
		"field_order", "_time, user, src_ip, city, app",
	)
	return ticket(o(
		"id", raw("9007199254740993"),
		"repo_guid", repoThreat,
		"repo_name", "Threat",
		"guid", g,
		"title", "Impossible travel: jdoe signed in from Seoul and Lagos within 14 minutes",
		"priority", "MEDIUM",
		"Priority", "info",
		"status", "ASSIGNED",
		"format", "JSON",
		"rule_guid", "576b6b5a-d29e-4a18-890d-580f5ac6149c",
		"rule_type", "BATCH",
		"rule_name", "Impossible travel",
		"count", 2,
		"content", compact(event),
		"owner_guid", sarah.guid,
		"owner_name", sarah.name,
		"tags", "impossible-travel\nvip\nazure-ad",
		"first_event", ts(2026, 11, 21, 8, 2, 11),
		"last_event", ts(2026, 11, 21, 8, 16, 40),
		"new_field_2027", o("x", arr{1, 2}),
		"number_literals", o("huge", raw("1e400"), "negative_zero", raw("-0"), "tenth", raw("0.1"), "exp", raw("1E+2")),
		"custom_fields", o(),
		"watchers", arr{},
		"ext_ref", "",
		"attack", true,
		"incident", false,
		"assignees", arr{task(sarah, "ASSIGNEE", "ASSIGNED").with("assigned_at", ts(2026, 11, 21, 8, 20, 0))},
		"approvers", arr{task(donghyun, "APPROVER", "ASSIGNED")},
		"attachments", arr{
			attachment("766a33f0-664d-42e3-ab70-335df3fc6efa", sarah, g, "memory_WS-FIN-023.raw", 5368709120).
				with("sha256", "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"),
		},
		"created", ts(2026, 11, 21, 8, 17, 2),
		"updated", ts(2026, 11, 21, 8, 31, 45),
		"closed", nil,
		"x_login", nil,
		"x_user", nil,
		"x_dept", nil,
		"comments", arr{
			comment("b97e10e4-6648-479b-8f69-3581595fa62b", sarah, "MARKDOWN",
				"Lagos login used a **legacy auth** client; MFA was not challenged.",
				tsIn(2026, 11, 20, 23, 31, 45, utc), tsIn(2026, 11, 20, 23, 31, 45, utc)).
				with("pinned", true, "reactions", arr{o("emoji", "👀", "count", 2)}),
		},
		"status", "CLOSED",
	))
}
