package reports

import (
	"time"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixtureInput is the one fixed, realistic report every golden renders:
// six connections over four days, every label, recovered and unrecovered
// failures, a Zap run finding tied to its HTTP record, findings without a
// connection or a time, and record errors.
func fixtureInput() Input { return fixtureInputOf(fixtureFindings()) }

// The fixture's input files.
const (
	har   = "session.har"
	zlog  = "zapier-http.jsonl"
	tasks = "task-history.csv"
	otel  = "spans.otlp.json"
)

// fixtureFindings are the fixture's findings, in no particular order.
func fixtureFindings() []*heuristics.Finding {
	hs := func(i int) parser.Source { return parser.Source{File: har, Index: i} }
	ls := func(f string, l int) parser.Source { return parser.Source{File: f, Line: l} }
	const refreshFix = "Refresh the access token before it expires (expires_in=3600) or on the first 401, and retry once."
	const reconnectFix = "Ask the user to reconnect the account: the provider answered invalid_grant to the refresh."
	f := []*heuristics.Finding{
		// acme-crm (auth_48213): tokens expire hourly; refreshes recovered
		// until the grant was revoked on 03-03.
		{Source: ls(zlog, 17), Time: ts("2026-03-01T09:12:44.123Z"), Connection: "auth_48213", Step: "Find Contact",
			Method: "GET", URL: "https://api.acme-crm.com/v3/contacts/88120?fields=email", Host: "api.acme-crm.com", Path: "/v3/contacts/88120", Status: 401,
			Label: heuristics.LabelExpired, Cause: heuristics.CauseTTLElapsed, Recovered: true, Confidence: 0.9,
			Evidence:    []string{"access token a1f3c9 issued 08:11:58 with expires_in=3600; rejected 60m46s later", "WWW-Authenticate: Bearer error=\"invalid_token\""},
			Remediation: refreshFix},
		{Source: ls(zlog, 96), Time: ts("2026-03-01T13:40:02.500Z"), Connection: "auth_48213", Step: "Find Contact",
			Method: "GET", URL: "https://api.acme-crm.com/v3/contacts/90311", Host: "api.acme-crm.com", Path: "/v3/contacts/90311", Status: 401,
			Label: heuristics.LabelExpired, Cause: heuristics.CauseTTLElapsed, Recovered: true, Confidence: 0.9,
			Evidence:    []string{"access token 5be210 issued 12:38:40 with expires_in=3600; rejected 61m22s later"},
			Remediation: refreshFix},
		{Source: ls(zlog, 211), Time: ts("2026-03-02T10:12:44.123Z"), Connection: "auth_48213", Step: "Create Deal",
			Method: "POST", URL: "https://api.acme-crm.com/v3/deals", Host: "api.acme-crm.com", Path: "/v3/deals", Status: 401,
			Label: heuristics.LabelExpired, Cause: heuristics.CauseTTLElapsed, Recovered: true, Confidence: 0.85,
			Evidence:    []string{"access token 0c77de issued 09:10:05 with expires_in=3600; rejected 62m39s later"},
			Remediation: refreshFix},
		{Source: ls(zlog, 305), Time: ts("2026-03-03T08:02:11.000Z"), Connection: "auth_48213", Step: "Find Contact",
			Method: "POST", URL: "https://login.acme-crm.com/oauth/token", Host: "login.acme-crm.com", Path: "/oauth/token", Status: 400,
			Label: heuristics.LabelRevoked, Cause: heuristics.CauseGrantRevoked, Confidence: 0.95,
			Evidence:    []string{"refresh token 9d0e41 answered invalid_grant: \"Token has been expired or revoked.\"", "no success on this connection afterwards"},
			Remediation: reconnectFix},
		{Source: ls(zlog, 306), Time: ts("2026-03-03T08:02:11.420Z"), Connection: "auth_48213", Step: "Find Contact",
			Method: "GET", URL: "https://api.acme-crm.com/v3/contacts/90311", Host: "api.acme-crm.com", Path: "/v3/contacts/90311", Status: 401,
			Label: heuristics.LabelRevoked, Cause: heuristics.CauseGrantRevoked, Confidence: 0.9,
			Evidence:    []string{"retried with the revoked access token 3e9a07 after the refresh failed"},
			Remediation: reconnectFix},
		// The Zap run that failed on the same connection, tied to the HTTP record.
		{Source: ls(tasks, 42), Time: ts("2026-03-03T08:02:13.000Z"), Connection: "auth_48213", Step: "Find Contact in Acme CRM", NoStatus: true,
			Label: heuristics.LabelRevoked, Cause: heuristics.CauseGrantRevoked, Confidence: 0.8,
			Evidence:    []string{"run error: \"RefreshAuthError: invalid_grant\"", "explained by zapier-http.jsonl:305"},
			Remediation: reconnectFix, RunID: "019577a2-6c1e-7d3b-9f2a-5be1c0d4e8f1", ZapID: "271836455", ZapTitle: "New lead → Acme CRM deal",
			Related: []parser.Source{ls(zlog, 305), ls(zlog, 306)}},
		// A rotating-refresh-token client that forgets to save the new token.
		{Source: hs(12), Time: ts("2026-03-02T11:30:00.250Z"), Connection: "lineage:7f3a9c",
			Method: "POST", URL: "https://auth.tasklane.io/oauth2/token", Host: "auth.tasklane.io", Path: "/oauth2/token", Status: 400,
			Label: heuristics.LabelInvalid, Cause: heuristics.CauseRotationNotPersisted, Confidence: 0.9,
			Evidence:    []string{"refresh token 7f3a9c was rotated to b81d22 at 10:29:59 but 7f3a9c was sent again", "error=invalid_grant"},
			Remediation: "Store the refresh token returned by every refresh; the provider rotates it and revokes the old one."},
		{Source: hs(13), Time: ts("2026-03-02T11:30:00.910Z"), Connection: "lineage:7f3a9c",
			Method: "GET", URL: "https://api.tasklane.io/v2/projects/5f2b9e0c4a1d7e3b9c8f6a21/tasks?cursor=fp:4be1", Host: "api.tasklane.io", Path: "/v2/projects/5f2b9e0c4a1d7e3b9c8f6a21/tasks", Status: 401,
			Label: heuristics.LabelInvalid, Cause: heuristics.CauseRotationNotPersisted, Confidence: 0.75,
			Evidence:    []string{"access token b0a4f1 belongs to the abandoned lineage of 7f3a9c"},
			Remediation: "Store the refresh token returned by every refresh; the provider rotates it and revokes the old one."},
		// A client secret rotated on the provider side.
		{Source: hs(40), Time: ts("2026-03-04T07:45:09.000Z"), Connection: "client:login.example.com/app-42",
			Method: "POST", URL: "https://login.example.com/oauth/token", Host: "login.example.com", Path: "/oauth/token", Status: 401,
			Label: heuristics.LabelInvalid, Cause: heuristics.CauseInvalidClient, Confidence: 0.95,
			Evidence:    []string{"error=invalid_client, error_description=\"Client authentication failed | secret expired\""},
			Remediation: "Update the client secret in the integration's settings; the provider no longer accepts the current one."},
		// GitHub sync: a scope missing, and a rate limit it rode out.
		{Source: ls(otel, 3), Time: ts("2026-03-02T15:00:01.000Z"), Connection: "gh-sync", Step: "List issues",
			Method: "GET", URL: "https://api.github.com/repos/acme/site/issues?page=3", Host: "api.github.com", Path: "/repos/acme/site/issues", Status: 429,
			Label: heuristics.LabelRateLimited, Cause: heuristics.CauseTooManyRequests, Recovered: true, Confidence: 1,
			Evidence:    []string{"429 with Retry-After: 30", "next request 31s later succeeded"},
			Remediation: "Honour Retry-After and pace requests below the rate limit."},
		{Source: ls(otel, 4), Time: ts("2026-03-02T15:00:40.000Z"), Connection: "gh-sync", Step: "List issues",
			Method: "GET", URL: "https://api.github.com/repos/acme/site/issues?page=4", Host: "api.github.com", Path: "/repos/acme/site/issues", Status: 429,
			Label: heuristics.LabelRateLimited, Cause: heuristics.CauseTooManyRequests, Recovered: true, Confidence: 1,
			Evidence:    []string{"429 with Retry-After: 30"},
			Remediation: "Honour Retry-After and pace requests below the rate limit."},
		{Source: ls(otel, 9), Time: ts("2026-03-03T16:20:00.000Z"), Connection: "gh-sync", Step: "Create issue comment",
			Method: "POST", URL: "https://api.github.com/repos/acme/site/issues/1234/comments", Host: "api.github.com", Path: "/repos/acme/site/issues/1234/comments", Status: 403,
			Label: heuristics.LabelScope, Cause: heuristics.CauseInsufficientScope, Confidence: 0.9,
			Evidence:    []string{"X-Accepted-OAuth-Scopes: repo; token has: public_repo"},
			Remediation: "Request the repo scope and have the user reconnect."},
		// A webhook receiver that rejects the payload.
		{Source: ls(zlog, 402), Time: ts("2026-03-04T12:00:00.000Z"), Connection: "hooks", Step: "Catch Hook",
			Method: "POST", URL: "https://hooks.zapier.com/hooks/catch/123456/abcdef0/", Host: "hooks.zapier.com", Path: "/hooks/catch/123456/abcdef0/", Status: 400,
			Label: heuristics.LabelWebhook400, Cause: heuristics.CauseMalformedJSON, Confidence: 0.85,
			Evidence:    []string{"Content-Type: application/json but the body does not parse: unexpected ',' at offset 112"},
			Remediation: "Send valid JSON: the sender builds the body by string concatenation."},
		// No connection named: a paging walk, a server error and a 404.
		{Source: hs(77), Time: ts("2026-03-04T12:05:30.000Z"),
			Method: "GET", URL: "https://api.tasklane.io/v2/tasks?offset=200&limit=100", Host: "api.tasklane.io", Path: "/v2/tasks", Status: 200,
			Label: heuristics.LabelPaginationGap, Cause: heuristics.CausePageSkipped, Confidence: 0.7,
			Evidence:    []string{"offset jumped from 0 to 200 with limit=100: records 100-199 never fetched"},
			Remediation: "Advance the offset by the page size actually returned."},
		{Source: hs(78), Time: ts("2026-03-04T12:06:00.000Z"),
			Method: "GET", URL: "https://api.tasklane.io/v2/tasks/9f1c2e4a-0b7d-4a3e-8e2f-1b2c3d4e5f60", Host: "api.tasklane.io", Path: "/v2/tasks/9f1c2e4a-0b7d-4a3e-8e2f-1b2c3d4e5f60", Status: 502,
			Label: heuristics.LabelServerError, Cause: heuristics.CauseServerError, Recovered: true, Confidence: 1,
			Evidence:    []string{"502 Bad Gateway; the retry 2s later succeeded"},
			Remediation: "Retry with backoff; nothing to fix on the client."},
		{Source: hs(91),
			Method: "DELETE", URL: "https://api.tasklane.io/v2/tasks/318842", Host: "api.tasklane.io", Path: "/v2/tasks/318842", Status: 404,
			Label: heuristics.LabelOther, Cause: heuristics.CauseNotFound, Confidence: 0.5,
			Evidence:    []string{"404 on DELETE; the entry has no time"},
			Remediation: "Treat 404 on DELETE as already deleted."},
	}
	return f
}

// fixtureInputOf is the fixture's input with findings f.
func fixtureInputOf(f []*heuristics.Finding) Input {
	return Input{
		Findings: heuristics.NewFindings(f),
		Inputs: []parser.Stats{
			{File: zlog, Format: parser.FormatZapierLog, Records: 412, Skipped: 2},
			{File: har, Format: parser.FormatHAR, Records: 96},
			{File: tasks, Format: parser.FormatTaskCSV, Records: 58},
			{File: otel, Format: parser.FormatOTel, Records: 12},
		},
		Errors:     []string{"zapier-http.jsonl:88: invalid character 'x' looking for beginning of value", "zapier-http.jsonl:140: record of 2097152 bytes exceeds the 1048576-byte limit"},
		ErrorCount: 2,
		Since:      ts("2026-03-01T00:00:00Z"),
		Generated:  ts("2026-03-05T06:00:00Z"),
		Stories:    fixtureStories(),
	}
}

// fixtureStories are the token stories of the fixture's connections, as
// Engine.Stories gives them: acme-crm's hourly refreshes up to the refused
// one (and a token issued before the window, left out), the rotating
// client's last refresh, the client-credentials app, and gh-sync with its
// older marks dropped. hooks has none.
func fixtureStories() []heuristics.Story {
	const (
		har  = "session.har"
		zlog = "zapier-http.jsonl"
		otel = "spans.otlp.json"
	)
	type m struct {
		t    string
		kind heuristics.MarkKind
		file string
		pos  int
	}
	marks := func(ms ...m) []heuristics.Mark {
		var out []heuristics.Mark
		for _, x := range ms {
			src := parser.Source{File: x.file, Line: x.pos}
			if x.file == har {
				src = parser.Source{File: x.file, Index: x.pos}
			}
			out = append(out, heuristics.Mark{Time: ts(x.t), Kind: x.kind, Source: src})
		}
		return out
	}
	const (
		issued    = heuristics.MarkIssued
		refreshed = heuristics.MarkRefreshed
		failed    = heuristics.MarkRefreshFailed
		used      = heuristics.MarkUsed
		rejected  = heuristics.MarkRejected
	)
	return []heuristics.Story{
		{Connection: "gh-sync", Dropped: 12, Marks: marks(
			m{"2026-03-02T14:58:00Z", used, otel, 1}, m{"2026-03-02T14:59:59Z", used, otel, 2},
			m{"2026-03-02T15:00:01Z", rejected, otel, 3}, m{"2026-03-02T15:00:40Z", rejected, otel, 4},
			m{"2026-03-02T15:01:12Z", used, otel, 5}, m{"2026-03-02T16:10:00Z", used, otel, 8},
			m{"2026-03-03T16:20:00Z", rejected, otel, 9})},
		{Connection: "auth_48213", Marks: marks(
			m{"2026-02-28T23:50:00Z", issued, zlog, 1},
			m{"2026-03-01T08:11:58Z", issued, zlog, 2}, m{"2026-03-01T08:12:30Z", used, zlog, 5}, m{"2026-03-01T09:10:03Z", used, zlog, 15},
			m{"2026-03-01T09:12:44.123Z", rejected, zlog, 17}, m{"2026-03-01T09:12:45.010Z", refreshed, zlog, 18},
			m{"2026-03-01T09:12:45.400Z", used, zlog, 19}, m{"2026-03-01T10:05:00Z", used, zlog, 40},
			m{"2026-03-01T12:38:40Z", refreshed, zlog, 80}, m{"2026-03-01T12:39:00Z", used, zlog, 81}, m{"2026-03-01T13:38:10Z", used, zlog, 95},
			m{"2026-03-01T13:40:02.500Z", rejected, zlog, 96}, m{"2026-03-01T13:40:03Z", refreshed, zlog, 97},
			m{"2026-03-01T13:40:03.300Z", used, zlog, 98}, m{"2026-03-01T14:30:00Z", used, zlog, 150},
			m{"2026-03-02T09:10:05Z", refreshed, zlog, 200}, m{"2026-03-02T09:11:00Z", used, zlog, 201}, m{"2026-03-02T09:55:12Z", used, zlog, 209},
			m{"2026-03-02T10:12:44.123Z", rejected, zlog, 211}, m{"2026-03-02T10:12:45Z", refreshed, zlog, 212},
			m{"2026-03-02T10:12:46Z", used, zlog, 213}, m{"2026-03-02T18:00:00Z", used, zlog, 290},
			m{"2026-03-03T08:02:11Z", failed, zlog, 305}, m{"2026-03-03T08:02:11.420Z", rejected, zlog, 306})},
		{Connection: "lineage:7f3a9c", Marks: marks(
			m{"2026-03-02T10:29:59Z", refreshed, har, 9}, m{"2026-03-02T10:30:01Z", used, har, 10}, m{"2026-03-02T11:25:00Z", used, har, 11},
			m{"2026-03-02T11:30:00.250Z", failed, har, 12}, m{"2026-03-02T11:30:00.910Z", rejected, har, 13})},
		{Connection: "client:login.example.com/app-42", Marks: marks(
			m{"2026-03-03T06:40:00Z", issued, har, 30}, m{"2026-03-03T06:41:00Z", used, har, 31}, m{"2026-03-03T07:38:00Z", used, har, 38},
			m{"2026-03-04T07:45:09Z", failed, har, 40})},
	}
}

// fixtureExplain is the --explain view of the acme-crm connection.
func fixtureExplain() *heuristics.Explanation {
	ls := func(l int) parser.Source { return parser.Source{File: zlog, Line: l} }
	var fs []heuristics.Finding
	for _, f := range fixtureFindings() {
		if f.Connection == "auth_48213" {
			fs = append(fs, *f)
		}
	}
	return &heuristics.Explanation{
		Connection: "auth_48213",
		Tokens: []heuristics.TokenLink{
			{Source: ls(2), Time: ts("2026-03-01T08:11:58Z"), GrantType: "authorization_code", AccessFP: "a1f3c9", RefreshFP: "9d0e41", ExpiresIn: "3600", Lifetime: time.Hour},
			{Source: ls(18), Time: ts("2026-03-01T09:12:45.010Z"), GrantType: "refresh_token", RefreshSentFP: "9d0e41", AccessFP: "c44b10", ExpiresIn: "3600", Lifetime: time.Hour},
			{Source: ls(80), Time: ts("2026-03-01T12:38:40Z"), GrantType: "refresh_token", RefreshSentFP: "9d0e41", AccessFP: "5be210", ExpiresIn: "3600", Lifetime: time.Hour},
			{Source: ls(97), Time: ts("2026-03-01T13:40:03Z"), GrantType: "refresh_token", RefreshSentFP: "9d0e41", AccessFP: "0c77de", ExpiresIn: "\"3600\"", Lifetime: time.Hour},
		},
		Timeline: []heuristics.Step{
			{Source: ls(2), Time: ts("2026-03-01T08:11:58Z"), Method: "POST", URL: "https://login.acme-crm.com/oauth/token", Status: 200, What: "token issued"},
			{Source: ls(5), Time: ts("2026-03-01T08:12:30Z"), Method: "GET", URL: "https://api.acme-crm.com/v3/contacts/88120", Status: 200, What: "used"},
			{Source: ls(17), Time: ts("2026-03-01T09:12:44.123Z"), Method: "GET", URL: "https://api.acme-crm.com/v3/contacts/88120?fields=email", Status: 401, What: "rejected"},
			{Source: ls(18), Time: ts("2026-03-01T09:12:45.010Z"), Method: "POST", URL: "https://login.acme-crm.com/oauth/token", Status: 200, What: "refresh"},
			{Source: ls(19), Time: ts("2026-03-01T09:12:45.400Z"), Method: "GET", URL: "https://api.acme-crm.com/v3/contacts/88120?fields=email", Status: 200, What: "recovered"},
			{Source: ls(96), Time: ts("2026-03-01T13:40:02.500Z"), Method: "GET", URL: "https://api.acme-crm.com/v3/contacts/90311", Status: 401, What: "rejected"},
			{Source: ls(97), Time: ts("2026-03-01T13:40:03Z"), Method: "POST", URL: "https://login.acme-crm.com/oauth/token", Status: 200, What: "refresh"},
			{Source: ls(211), Time: ts("2026-03-02T10:12:44.123Z"), Method: "POST", URL: "https://api.acme-crm.com/v3/deals", Status: 401, What: "rejected"},
			{Source: ls(305), Time: ts("2026-03-03T08:02:11Z"), Method: "POST", URL: "https://login.acme-crm.com/oauth/token", Status: 400, What: "refresh failed"},
			{Source: ls(306), Time: ts("2026-03-03T08:02:11.420Z"), Method: "GET", URL: "https://api.acme-crm.com/v3/contacts/90311", Status: 401, What: "rejected"},
			{Source: parser.Source{File: "task-history.csv", Line: 42}, Time: ts("2026-03-03T08:02:13Z"), NoStatus: true, What: "run error"},
		},
		Findings: fs,
		Reasoning: []string{
			"Every 401 before 03-03 came 60-63 minutes after a token issued with expires_in=3600, and a refresh fixed it: expired/ttl-elapsed, recovered.",
			"On 03-03 the refresh with 9d0e41 was answered invalid_grant and nothing succeeded afterwards: revoked/grant-revoked.",
			"The run error in task-history.csv:42 happened 2s after the failed refresh on the same step, so it takes its label.",
		},
	}
}
