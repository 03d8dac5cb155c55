package main

import (
	"strconv"
	"strings"
)

// hostileTicket is SECURITY.md TERM-1's hostile_ticket.json: every string
// value is attacker-controlled text built from the payloads of SECURITY.md
// §1.1 and TERM-4/5/9/11. Exceptions, so the client still takes every
// rendering path: guid is a valid GUID (the ticket must be fetchable), the
// ticket format is JSON (so the event is decoded and tabulated) and most
// comments keep format MARKDOWN/PLAIN and type TEXT (one comment has hostile
// ones). Numbers and booleans stay numbers and booleans.
//
// In the file, ESC and other C0 controls are \u001b-style escapes (JSON
// forbids them raw); C1 controls, bidi and zero-width characters are raw
// UTF-8. Inside content, the event JSON escapes ESC itself, so the file has
// \\u001b there and the client gets ESC only after decoding twice.
func hostileTicket() []byte {
	const g = "71a4e748-5f24-4e9f-a446-3d80123127e0"
	const (
		// canon is the TERM-1 string: OSC 52 clipboard write, clear screen,
		// 8-bit CSI and a right-to-left override.
		canon     = "A\x1b]52;c;ZXZpbA==\x07B\x1b[2JC\u009b31mD\u202eE"
		titleSet  = "\x1b]0;pwned\x07"
		pasteEnd  = "\x1b[201~"
		osc52Open = "\x1b]52;c;QQ==" // unterminated (less#781)
		dcs       = "\x1bP$q m\x1b\\"
		apc       = "\x1b_Gf=100;AAAA\x1b\\"
		c1Link    = "\u009d8;;http://evil.example\u009cclick\u009d8;;\u009c"
		hideSGR   = "\x1b[8mhidden\x1b[28m"
		cursorUp  = "\x1b[10A\x1b[2K"
		dsr       = "\x1b[6n"  // cursor position report: reply arrives as input
		titleRep  = "\x1b[21t" // title report (CVE-2003-0070)
		osc11Q    = "\x1b]11;?\x07"
		zeroWidth = "zero\u200bwidth\u200djoin\ufeffbom\u00adshy"
		isolates  = "\u2066isolate\u2069 \u061calm \u200eLRM\u200fRLM"
		tagChars  = "\U000e0001\U000e0041\U000e0042 tags"
		lineSeps  = "line\u2028sep\u2029para"
		c0mix     = "NUL\x00 BS\x08\x08\x08 DEL\x7f VT\x0b FF\x0c SO\x0e SI\x0f CAN\x18 SUB\x1a"
		privUse   = "\ue000\ue001\ue002\ue003 private use \U000f0000"
		nbsp      = "rm\u00a0-rf\u3000/"
	)
	// guidish are values of fields that normally hold GUIDs: a client that
	// builds URLs or window titles from them must validate first (HTTP-15,
	// TERM-9).
	guidish := func(i int) string {
		return []string{
			"5f0ba741-7551-400d-8bd6-1f14a6e8536d\x07" + osc52Open + "\x07",
			"T-1\x07\x1b]52;c;QQ==\x07",
			"../../admin/users",
			"1%2f..%2fadmin",
			"49272877-75f2-4c2f-9301-d21c4f9a106d\n",
			"bfd00bb0-be99-4fd5-8380-166f544975fa\u202e",
		}[i%6]
	}

	event := o(
		"first_seen", "2026-11-20 09:12:44+0900"+dsr,
		"last_seen", "2026-11-20 09:14:02+0900"+titleRep,
		"priority", "HIGH"+hideSGR,
		"rule_type", "STREAM\x1b[0m",
		"rule_id", 666,
		"src_ip", "10.0.0.1\u202e1.2.3.4",
		"src_port", 4444,
		"dst_ip", canon,
		"dst_port", 80,
		"method", "GET"+cursorUp,
		"path", "/%1b%5d52%3bc%3bQQ%3d%3d%07",
		"url", "http://shop.hanbit-fin.example/%1b%5d52%3bc%3bZXZpbA%3d%3d%07?q=%1b[2J",
		"status", 200,
		"user_agent", "curl/8.4.0"+pasteEnd+"; rm -rf ~ #\r",
		"referer", c1Link,
		"msg", "웹 서버 설정 수집 시도"+titleSet+canon,
		"logger_name", osc52Open,
		"user", "user\nadmin",
		"field_order", "_time, "+canon+", src_ip, user_agent, path",
		canon, "value of a hostile key\x1b[0m",
		"\x1b[31mred_key\x1b[0m", dcs,
	)

	task := func(typ, status string, i int) obj {
		return o(
			"company_guid", guidish(i),
			"company_name", "Logpresso"+cursorUp,
			"user_guid", guidish(i+1),
			"user_name", canon,
			"task_type", typ+"\x1b[5m",
			"task_status", status+titleRep,
			"x_login", "root\r\nadmin",
			"x_user", zeroWidth,
			"x_dept", isolates,
		)
	}
	cmt := func(i int, format, typ, content string) obj {
		return o(
			"guid", guidFrom("hostile-comment-"+strconv.Itoa(i))+"\x1b["+strconv.Itoa(i+1)+"D",
			"user_guid", guidish(i),
			"user_name", []string{canon, "Joshua" + titleSet, "Mallory\u202eyrollaM", "\x1b]8;;https://evil.example\x1b\\Jerry\x1b]8;;\x1b\\"}[i%4],
			"type", typ,
			"format", format,
			"content", content,
			"created", "2026-11-20 09:3"+string(rune('0'+i%10))+":00+0900"+osc11Q,
			"updated", "\x1b[2J\x1b[H2026-11-20 09:59:59+0900",
			"x_login", "admin\x1b[1D\x1b[1D\x1b[1Dusr",
			"x_user", tagChars,
			"x_dept", lineSeps,
		)
	}

	// The glamour attack table of SECURITY.md §1.1, in order, then the
	// hey-cli payloads of FUZZ-2.
	glamour := []string{
		"hello \x1b]52;c;ZXZpbA==\x07 world",
		"hello &#27;]52;c;ZXZpbA==&#7; world",
		"`&#27;[31mRED`",
		"~~&**#27;**[31mFAKE~~",
		"<div>&#27;[31mX</div>",
		"```\n\x1b[2J cleared\n```",
		"abc\u202edcba",
		"[https://siem.corp/t/1](https://evil.example/x)",
		"[click](file:///etc/passwd)",
		"![alt](https://tracker.example/p.png)",
		strings.Repeat(">", 80) + " x",
	}
	heyCLI := []string{
		"&amp;#27;[31m",
		"<code>&amp;#27;</code>",
		"[x](&#27;[31m)",
		"[x](javascript:alert(1))",
		"[x](https://a.example/\u009c)",
		"text <!-- hidden -->",
		strings.Repeat("> - ", 200) + "x",
	}

	comments := arr{
		cmt(0, "MARKDOWN", "TEXT", strings.Join(glamour, "\n\n")),
		cmt(1, "MARKDOWN", "TEXT", strings.Join(heyCLI, "\n\n")),
		cmt(2, "PLAIN", "TEXT", "OK\rFAIL\nuser\nadmin\n\ttabbed\x1b[2Jcleared\n"+c0mix+"\n"+privUse+"\n"+nbsp),
		cmt(3, "MARKDOWN", "TEXT", "# "+canon+"\n\n| "+dcs+" | "+apc+" |\n|---|---|\n| "+c1Link+" | "+pasteEnd+" |\n\n```"+canon+"\ncode\n```\n\n"+lineSeps),
		cmt(4, "MARKDOWN\x1b[0m", "TEXT\x07", "comment with hostile format and type: "+canon),
	}
	for i, p := range glamour {
		comments = append(comments, cmt(5+i, "MARKDOWN", "TEXT", p))
	}
	// A lone surrogate escape is valid JSON syntax but not a character; Go
	// cannot produce it from a string, so it goes in as raw JSON.
	last := comments[len(comments)-1].(obj)
	last[len(last)-1].v = raw(`"lone \ud800 surrogate"`)

	return ticket(o(
		"id", 31337,
		"repo_guid", guidish(0),
		"repo_name", "Threat\x1b[2K\x1b[1A",
		"site_guid", c1Link,
		"site_name", "Seoul HQ"+apc,
		"guid", g,
		"title", titleSet+"Invoice overdue "+canon,
		"priority", "HIGH\x1b[8m",
		"status", "CLOSED\x1b[2J\x1b[H",
		"format", "JSON",
		"rule_guid", guidish(1),
		"rule_type", "STREAM\u0085NEL",
		"rule_name", dcs+"rule",
		"count", 1,
		"content", compact(event),
		"risk_score", 100,
		"mitre_techniques", arr{o(
			"mitre_id", "T1190"+cursorUp,
			"name", canon,
			"display_name", "Initial Access: "+titleSet,
			"url", "javascript:alert(1)",
			"tactics", arr{o("mitre_id", "TA0001\u202e", "name", hideSGR)},
		)},
		"attack", true,
		"incident", true,
		"assignees", arr{task("ASSIGNEE", "IN_PROGRESS", 2), task("ASSIGNEE", "CLOSED", 3)},
		"approvers", arr{task("APPROVER", "APPROVED", 4)},
		"attachments", arr{
			o(
				"guid", guidish(2),
				"user_guid", guidish(5),
				"ticket_guid", guidish(3),
				"file_name", "invoice_\u202etxt.exe",
				"file_size", 124118,
			),
			o(
				"guid", guidish(4),
				"user_guid", guidish(1),
				"ticket_guid", g+"\x00",
				"file_name", "report"+titleSet+canon+".pdf",
				"file_size", 0,
			),
		},
		"created", "2026-11-20 09:12:44+0900"+dsr,
		"updated", titleRep+"2026-11-20 09:14:02+0900",
		"closed", osc11Q,
		"x_login", "root\r\nadmin",
		"x_user", zeroWidth,
		"x_dept", isolates,
		"x_site", tagChars,
		canon, canon,
		"comments", comments,
	))
}
