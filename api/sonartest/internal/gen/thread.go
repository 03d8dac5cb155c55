package main

import (
	"fmt"
	"time"
)

// longThread is a DNS-tunnelling investigation with 60 comments over two
// days: Korean analysts in Seoul and an MSSP in London and New York, mixing
// MARKDOWN and PLAIN, with tables, fenced code (with and without language
// tags), block quotes, links and edited comments. It is long enough that
// every comment view has to scroll.
func longThread() []byte {
	const g = "83d83bd2-acf9-41a3-834e-1dcf3a91a9b8"
	event := o(
		"first_seen", ts(2026, 11, 18, 22, 38, 1),
		"last_seen", ts(2026, 11, 18, 23, 5, 47),
		"priority", "HIGH",
		"rule_type", "STREAM",
		"rule_id", 203,
		"src_ip", "10.40.2.77",
		"src_port", 53211,
		"dst_ip", "10.0.0.53",
		"dst_port", 53,
		"protocol", "udp",
		"action", "allow",
		"count", 18422,
		"msg", "DNS 터널링 의심: 10.40.2.77 -> *.cdn-sync.example (TXT 18,422건)",
		"user", "gdhong",
		"host_ip", "10.40.2.77",
		"mail_from", nil,
		"mail_to", nil,
		"mail_cc", nil,
		"logger_id", 12,
		"logger_name", "dns-resolver-01",
		"field_order", "_time, src_ip, qname, qtype, count",
		"qname", "bWFzdGVyLWtleS1wYXJ0MQ.x7k2.cdn-sync.example",
		"qtype", "TXT",
		"avg_label_len", 52.3,
		"entropy", 5.71,
		"url", nil,
		"md5", nil,
		"src_asn", nil,
		"src_country", nil,
		"src_city", nil,
		"src_lat", nil,
		"src_lng", nil,
	)

	// Each comment is posted `after` minutes after the previous one and,
	// when edited is non-zero, edited that many minutes after posting.
	start := time.Date(2026, 11, 18, 22, 41, 7, 0, kst)
	at := start
	comments := make(arr, 0, len(threadScript))
	for i, c := range threadScript {
		at = at.Add(time.Duration(c.after)*time.Minute + time.Duration(i*7%50)*time.Second)
		loc := kst
		switch c.who {
		case sarah:
			loc = utc
		case daniel:
			loc = est
		}
		created := at.In(loc).Format(sonarTime)
		updated := at.Add(time.Duration(c.edited) * time.Minute).In(loc).Format(sonarTime)
		format := "PLAIN"
		if c.md {
			format = "MARKDOWN"
		}
		comments = append(comments, comment(guidFrom(fmt.Sprintf("thread-comment-%02d", i+1)),
			c.who, format, c.text, created, updated))
	}
	last := at.Format(sonarTime)

	return ticket(o(
		"id", 48102,
		"repo_guid", repoThreat,
		"repo_name", "Threat",
		"site_guid", siteSeoul,
		"site_name", "Seoul HQ",
		"guid", g,
		"title", "DNS tunnelling to newly registered domain: 10.40.2.77",
		"priority", "HIGH",
		"status", "SUBMITTED",
		"format", "JSON",
		"rule_guid", "b5e9f1d2-f10c-4f5e-a756-34d4c8d57477",
		"rule_type", "STREAM",
		"rule_name", "DNS tunnelling (long TXT queries)",
		"count", 5,
		"content", compact(event),
		"risk_score", 88,
		"mitre_techniques", arr{
			technique("T1071.004", "Application Layer Protocol: DNS", "TA0011", "Command and Control"),
			technique("T1048", "Exfiltration Over Alternative Protocol", "TA0010", "Exfiltration"),
			technique("T1195.001", "Supply Chain Compromise: Compromise Software Dependencies and Development Tools", "TA0001", "Initial Access"),
		},
		"attack", true,
		"incident", true,
		"assignees", arr{task(minji, "ASSIGNEE", "CLOSED"), task(junho, "ASSIGNEE", "CLOSED"), task(seoyeon, "ASSIGNEE", "CLOSED")},
		"approvers", arr{task(donghyun, "APPROVER", "ASSIGNED"), task(joshua, "APPROVER", "ASSIGNED")},
		"attachments", arr{
			attachment(guidFrom("thread-att-1"), minji, g, "forensic_report_WS-DEV-114_v3.pdf", 3145728),
			attachment(guidFrom("thread-att-2"), seoyeon, g, "proxy_extract_20261118.csv", 884213),
			attachment(guidFrom("thread-att-3"), junho, g, "WS-DEV-114_20261118.raw.sha256", 98),
		},
		"created", start.Add(-5*time.Minute).Format(sonarTime),
		"updated", last,
		"closed", nil,
		"x_login", nil,
		"x_user", nil,
		"x_dept", nil,
		"x_site", nil,
		"comments", comments,
	))
}
