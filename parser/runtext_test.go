package parser

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// runTextFacts renders what runText found, in a fixed order, leaving out
// what it did not find.
func runTextFacts(ev *Event) string {
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+"="+v)
		}
	}
	if ev.Status != 0 {
		add("status", fmt.Sprint(ev.Status))
	}
	add("method", ev.Method)
	add("url", ev.URL)
	add("host", ev.Host)
	add("path", ev.Path)
	if ev.Duration != 0 {
		add("dur", ev.Duration.String())
	}
	add("retry", ev.Response.RetryAfter)
	add("ctype", ev.Response.ContentType)
	add("www", ev.Response.WWWAuthenticate)
	if ev.Run != nil {
		if ev.Run.HTTPStatus != ev.Status {
			add("run.status", fmt.Sprint(ev.Run.HTTPStatus))
		}
		if ev.Run.HTTPURL != ev.URL {
			add("run.url", ev.Run.HTTPURL)
		}
		if ev.Run.Refresh {
			parts = append(parts, "refresh")
		}
	}
	if e := ev.Error; e != nil {
		add("code", e.Code)
		add("desc", e.Description)
		add("codes", strings.Join(e.Codes, ","))
	}
	return strings.Join(parts, " ")
}

func TestRunText(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		want string
	}{
		{
			name: "ResponseError JSON",
			msg: `{"status":401,"headers":{"content-type":"application/json; charset=utf-8","retry-after":null},` +
				`"content":"{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\"}",` +
				`"request":{"url":"https://api.acme-crm.com/v2/contacts?access_token=sk_live_4f9a2b7c1d&limit=100"}}`,
			want: "status=401 url=https://api.acme-crm.com/v2/contacts?access_token=redacted:64a8f8f03e&limit=100 " +
				"host=api.acme-crm.com path=/v2/contacts ctype=application/json; charset=utf-8 " +
				"code=invalid_token desc=The access token expired codes=ResponseError",
		},
		{
			name: "ResponseError with class prefix, Google scope body",
			msg: `ResponseError: {"status":403,"headers":{"content-type":"application/json; charset=UTF-8"},` +
				`"content":"{\n  \"error\": {\n    \"code\": 403,\n    \"message\": \"Request had insufficient authentication scopes.\",\n` +
				`    \"status\": \"PERMISSION_DENIED\",\n    \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\",` +
				` \"reason\": \"ACCESS_TOKEN_SCOPE_INSUFFICIENT\"}]\n  }\n}\n",` +
				`"request":{"url":"https://sheets.googleapis.com/v4/spreadsheets/1AbC/values/Sheet1!A1:append"}}`,
			want: "status=403 url=https://sheets.googleapis.com/v4/spreadsheets/1AbC/values/Sheet1!A1:append " +
				"host=sheets.googleapis.com path=/v4/spreadsheets/1AbC/values/Sheet1!A1:append " +
				"ctype=application/json; charset=UTF-8 code=PERMISSION_DENIED " +
				"desc=Request had insufficient authentication scopes. codes=403,ACCESS_TOKEN_SCOPE_INSUFFICIENT,ResponseError",
		},
		{
			name: "ResponseError 429 with Retry-After and WWW-Authenticate",
			msg: `{"status":"429","headers":{"Content-Type":"application/json","Retry-After":"30",` +
				`"WWW-Authenticate":"Bearer realm=\"api\""},"content":{"message":"Rate limit exceeded"},` +
				`"request":{"url":"https://api.example.com/v1/items","method":"get"}}`,
			want: "status=429 method=GET url=https://api.example.com/v1/items host=api.example.com path=/v1/items " +
				"retry=30 ctype=application/json www=Bearer realm=\"api\" desc=Rate limit exceeded codes=ResponseError",
		},
		{
			name: "ResponseError without content (stream request)",
			msg:  `{"status":500,"headers":{"content-type":null},"content":null,"request":{"url":"https://api.example.com/upload"}}`,
			want: "status=500 url=https://api.example.com/upload host=api.example.com path=/upload codes=ResponseError",
		},
		{
			name: "z.errors.Error",
			msg:  `{"message":"The username and/or password you supplied is incorrect","code":"AuthenticationError","status":401}`,
			want: "status=401 code=AuthenticationError desc=The username and/or password you supplied is incorrect codes=AuthenticationError,AppError",
		},
		{
			name: "z.errors.Error with null status",
			msg:  `Error: {"message":"Contact not found","code":"NotFound","status":null}`,
			want: "code=NotFound desc=Contact not found codes=NotFound,AppError",
		},
		{
			name: "ThrottledError",
			msg:  `ThrottledError: {"message":"The API rate limit was reached","delay":60}`,
			want: "retry=60 desc=The API rate limit was reached codes=ThrottledError",
		},
		{
			name: "What happened block",
			msg: "What happened:\n" +
				"  Starting POST request to https://api.pipedrive.com/v1/deals?api_token=9f8e7d6c5b4a3f2e\n" +
				"  Received 401 code from https://api.pipedrive.com/v1/deals?api_token=9f8e7d6c5b4a3f2e after 412ms\n" +
				"  Received content \"{\"success\":false,\"error\":\"unauthorized access\",\"errorCode\":401}\"\n" +
				"  Unauthorized",
			want: "status=401 method=POST url=https://api.pipedrive.com/v1/deals?api_token=redacted:6421b24dc1 " +
				"host=api.pipedrive.com path=/v1/deals dur=412ms code=unauthorized access codes=401",
		},
		{
			name: "What happened block with plain-text content",
			msg: "What happened:\n  Starting GET request to https://example.zendesk.com/api/v2/users/me.json\n" +
				"  Received 403 code from https://example.zendesk.com/api/v2/users/me.json after 88ms\n" +
				"  Received content \"Forbidden\"",
			want: "status=403 method=GET url=https://example.zendesk.com/api/v2/users/me.json host=example.zendesk.com " +
				"path=/api/v2/users/me.json dur=88ms",
		},
		{
			name: "pre-v10 refresh",
			msg:  "Got 401 calling GET https://api.example.com/v1/me, triggering auth refresh.",
			want: "status=401 method=GET url=https://api.example.com/v1/me host=api.example.com path=/v1/me refresh",
		},
		{
			name: "pre-v10 expected 2xx",
			msg:  "Got 400 calling POST https://hooks.example.com/catch/123/abc/, expected 2xx.",
			want: "status=400 method=POST url=https://hooks.example.com/catch/123/abc/ host=hooks.example.com path=/catch/123/abc/",
		},
		{
			name: "RefreshAuthError with an empty message",
			msg:  "RefreshAuthError: ",
			want: "refresh codes=RefreshAuthError",
		},
		{
			name: "RefreshAuthError alone",
			msg:  "RefreshAuthError",
			want: "refresh codes=RefreshAuthError",
		},
		{
			name: "ExpiredAuthError",
			msg:  "ExpiredAuthError: Your Acme CRM connection has expired. Please reconnect it.",
			want: "codes=ExpiredAuthError,DisconnectedApp",
		},
		{
			name: "HaltedError",
			msg:  "HaltedError: Contact already exists, skipping",
			want: "codes=HaltedError",
		},
		{
			name: "Throttled by Zapier",
			msg:  "Throttled by Zapier! This Zap has been throttled because it triggered too many tasks.",
			want: "codes=ThrottledError",
		},
		{
			name: "held for a disconnected app",
			msg:  "Disconnected app: the Gmail account used by this step was disconnected.",
			want: "codes=DisconnectedApp",
		},
		{
			name: "held until reconnect",
			msg:  "This Zap's Google Sheets connection is no longer valid. Please reconnect to resume.",
			want: "codes=DisconnectedApp",
		},
		{
			name: "provider JSON body alone",
			msg:  `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`,
			want: "code=invalid_grant desc=Token has been expired or revoked.",
		},
		// Provider bodies the HTTP path reads (review item 7): the app
		// passed the body on as its error, bare or quoted by Zapier.
		{
			name: "HubSpot body as the error",
			msg:  `{"status":"error","message":"The OAuth token used to make this call expired 12 hour(s) ago.","correlationId":"4d5d2f3e","category":"EXPIRED_AUTHENTICATION"}`,
			want: "code=EXPIRED_AUTHENTICATION desc=The OAuth token used to make this call expired 12 hour(s) ago. codes=error",
		},
		{
			name: "the app returned a HubSpot body",
			msg:  `The app returned "{"status":"error","message":"The OAuth token used to make this call expired 12 hour(s) ago.","category":"EXPIRED_AUTHENTICATION"}".`,
			want: "code=EXPIRED_AUTHENTICATION desc=The OAuth token used to make this call expired 12 hour(s) ago. codes=error",
		},
		{
			name: "the app returned a message",
			msg:  `The app returned "The OAuth token used to make this call expired 12 hour(s) ago.".`,
			want: "",
		},
		{
			name: "Xero problem details",
			msg:  `{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful","Instance":"d3f1a2b4-8c5e-4f1a-9b7d-2e6c8a0f1b3d"}`,
			want: "status=403 code=Forbidden desc=AuthenticationUnsuccessful",
		},
		{
			name: "Zoom body thrown as z.errors.Error",
			msg:  `{"code":124,"message":"Invalid access token."}`,
			want: "code=124 desc=Invalid access token. codes=124,AppError",
		},
		// HTTP client libraries' messages name the status (and the URL).
		{name: "axios", msg: "Error: Request failed with status code 401", want: "status=401"},
		{
			name: "python requests",
			msg:  "401 Client Error: Unauthorized for url: https://api.hubapi.com/crm/v3/objects/contacts?limit=10",
			want: "status=401 url=https://api.hubapi.com/crm/v3/objects/contacts?limit=10 host=api.hubapi.com path=/crm/v3/objects/contacts",
		},
		{
			name: "httpx",
			msg:  "Client error '403 Forbidden' for url 'https://api.xero.com/api.xro/2.0/Invoices'",
			want: "status=403 url=https://api.xero.com/api.xro/2.0/Invoices host=api.xero.com path=/api.xro/2.0/Invoices",
		},
		{name: "got", msg: "HTTPError: Response code 401 (Unauthorized)", want: "status=401"},
		{
			name: "java HttpURLConnection",
			msg:  "java.io.IOException: Server returned HTTP response code: 401 for URL: https://api.example.com/v1/me",
			want: "status=401 url=https://api.example.com/v1/me host=api.example.com path=/v1/me",
		},
		{name: "fetch wrapper", msg: "Error: HTTP error! status: 429", want: "status=429"},
		{name: "faraday", msg: "Faraday::UnauthorizedError: the server responded with status 401", want: "status=401"},
		{name: "expected status before the failing one", msg: "Expected status 200 but the app returned 401 Unauthorized", want: "status=401"},
		{name: "expected bare status before a bare failing one", msg: "assertion failed: expected status 200, got status 403", want: "status=403"},
		{name: "only a bare status under 400", msg: "unexpected redirect: status 302", want: "status=302"},
		{name: "node-fetch wrapper", msg: "HTTP Error Response: 401 Unauthorized", want: "status=401"},
		{name: "status and its reason", msg: "Your Shopify store is unavailable (402 Payment Required)", want: "status=402"},
		{name: "a number and no reason", msg: "Imported 401 contacts, 12 failed", want: ""},
		{name: "a reason not the status's", msg: "Found 404 Unauthorized users", want: ""},
		// Near misses: each looks like a shape but is not one.
		{name: "four-digit status", msg: "Got 4011 calling GET https://api.example.com/v1/me, expected 2xx.", want: ""},
		{name: "status out of range", msg: "Got 999 calling GET https://api.example.com/v1/me", want: "method=GET url=https://api.example.com/v1/me host=api.example.com path=/v1/me"},
		{name: "request line without method", msg: "Starting request to https://api.example.com/v1/me", want: ""},
		{name: "received without status", msg: "Received code from https://api.example.com/v1/me after 5ms", want: ""},
		{name: "reconnected is not reconnect", msg: "We reconnected to the server and retried.", want: ""},
		{name: "throttled by the app", msg: "Throttled by the app, try later", want: ""},
		{name: "class name inside a word", msg: "NotARefreshAuthErrors happened", want: ""},
		{name: "status without content or request", msg: `{"status":"error","detail":"Something failed"}`, want: "code=error desc=Something failed"},
		{name: "invalid JSON falls back to text", msg: `{"status":401, Got 502 calling GET https://api.example.com/x`, want: "status=502 method=GET url=https://api.example.com/x host=api.example.com path=/x"},
		{name: "plain text", msg: "Invalid email address", want: ""},
		{
			name: "method that is no method",
			msg:  `{"status":401,"content":"","request":{"url":"https://a.example/x","method":"GET x"}}`,
			want: "status=401 url=https://a.example/x host=a.example path=/x codes=ResponseError",
		},
		{name: "empty", msg: "   ", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := &Event{Kind: KindRun, Run: &Run{}}
			runText(ev, tt.msg)
			if got := runTextFacts(ev); got != tt.want {
				t.Errorf("runText(%q)\n got: %s\nwant: %s", tt.msg, got, tt.want)
			}
		})
	}
}

func TestRunTextRedacts(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiZXhwIjoxNzcyNDQ2MzY0fQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
	secrets := []string{jwt, "9f8e7d6c5b4a3f2e", "sk_live_4f9a2b7c1d", "hunter2hunter2", "1//0gXyZrefreshTokenValue123456789abcdef"}
	msgs := []string{
		"Got 401 calling GET https://api.example.com/v1/me?access_token=sk_live_4f9a2b7c1d, triggering auth refresh.",
		"Request failed with Authorization: Bearer " + jwt,
		`{"status":400,"headers":{},"content":"{\"error\":\"invalid_grant\",\"refresh_token\":\"1//0gXyZrefreshTokenValue123456789abcdef\"}","request":{"url":"https://oauth2.googleapis.com/token"}}`,
		"What happened:\n  Starting POST request to https://api.pipedrive.com/v1/deals?api_token=9f8e7d6c5b4a3f2e\n  Received content \"password=hunter2hunter2\"",
	}
	for _, msg := range msgs {
		ev := &Event{Kind: KindRun, Run: &Run{}}
		runText(ev, msg)
		dump := fmt.Sprintf("%+v %+v %+v", *ev, *ev.Run, ev.Error)
		for _, s := range secrets {
			if strings.Contains(dump, s) {
				t.Errorf("runText(%q) let %q through:\n%s", msg, s, dump)
			}
		}
	}
}

func TestRunTextCapsMessage(t *testing.T) {
	ev := &Event{Kind: KindRun, Run: &Run{}}
	runText(ev, "HaltedError: "+strings.Repeat("é", 5000))
	if n := len(ev.Run.Message); n > maxRunMessageBytes || n < maxRunMessageBytes-4 {
		t.Errorf("len(Message) = %d, want about %d", n, maxRunMessageBytes)
	}
	if !strings.HasSuffix(ev.Run.Message, "é") {
		t.Errorf("Message cut inside a UTF-8 sequence: %q", ev.Run.Message[len(ev.Run.Message)-4:])
	}
}

func TestParseRunStatus(t *testing.T) {
	tests := []struct {
		in   string
		want RunStatus
	}{
		{"success", RunSuccess}, {"Successful", RunSuccess}, {"SUCCESS", RunSuccess},
		{"error", RunError}, {"Errored", RunError},
		{"error_handled", RunErrorHandled}, {"Handled Error", RunErrorHandled}, {"ERROR_HANDLED", RunErrorHandled},
		{"halted", RunHalted}, {"Safely Halted", RunHalted}, {"safely-halted", RunHalted},
		{"held", RunHeld}, {"On Hold", RunHeld}, {"holding", RunHeld},
		{"filtered", RunFiltered}, {"Filtered", RunFiltered},
		{"skipped", RunSkipped},
		{"delayed", RunDelayed},
		{"scheduled", RunScheduled},
		{"pending", RunPending}, {"Running", RunPending}, {"playing", RunPending},
		{"throttled", RunThrottled},
		{"stopped", RunStopped},
		{"waiting", RunWaiting},
		{"needs review", RunNeedsReview}, {"Needs Review", RunNeedsReview}, {"needs_review", RunNeedsReview},
		{" success ", RunSuccess},
		// Near misses.
		{"", RunUnknown}, {"succes", RunUnknown}, {"on holdd", RunUnknown}, {"halted safely", RunUnknown}, {"200", RunUnknown},
	}
	for _, tt := range tests {
		if got := parseRunStatus(tt.in); got != tt.want {
			t.Errorf("parseRunStatus(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseRunTime(t *testing.T) {
	want := time.Date(2026, 3, 2, 10, 12, 44, 0, time.UTC)
	mar9 := time.Date(2026, 3, 9, 8, 14, 11, 0, time.UTC)
	tests := []struct {
		in      string
		order   dateOrder
		want    time.Time
		wantErr string
	}{
		{in: "2026-03-02T10:12:44Z", want: want},
		{in: "2026-03-02T10:12:44.123Z", want: want.Add(123 * time.Millisecond)},
		{in: "2026-03-02T10:12:44.1234567Z", want: want.Add(123456700 * time.Nanosecond)},
		{in: "2026-03-02T11:12:44.123+01:00", want: want.Add(123 * time.Millisecond)},
		{in: "2026-03-02T10:12:44.123", want: want.Add(123 * time.Millisecond)},
		{in: "2026-03-02 10:12:44", want: want},
		{in: "1772446364", want: want},
		{in: "1772446364123", want: want.Add(123 * time.Millisecond)},
		{in: "", want: time.Time{}},
		// The export variants of the review (item 2): a zone after a
		// space, a zone name, en-US with a month name, RFC 1123, day-first.
		{in: "2026-03-09 08:14:11 -08:00", want: mar9.Add(8 * time.Hour)},
		{in: "2026-03-09 08:14:11 -0800", want: mar9.Add(8 * time.Hour)},
		{in: "2026-03-09 08:14:11 UTC", want: mar9},
		{in: "2026-03-09T08:14:11 GMT+1", want: mar9.Add(-time.Hour)},
		{in: "2026-03-09 08:14:11.5 +05:30", want: mar9.Add(-5*time.Hour - 30*time.Minute + 500*time.Millisecond)},
		{in: "Mar 9, 2026 8:14:11 AM", want: mar9},
		{in: "Mar 9, 2026, 8:14:11\u202fAM PDT", want: mar9.Add(7 * time.Hour)},
		{in: "March 9, 2026 at 8:14 am", want: mar9.Add(-11 * time.Second)},
		{in: "Monday, March 9, 2026 8:14:11 PM", want: mar9.Add(12 * time.Hour)},
		{in: "Mon, 09 Mar 2026 08:14:11 GMT", want: mar9},
		{in: "Mon, 9 Mar 2026 08:14:11 +0000", want: mar9},
		{in: "9 Mar 2026 08:14:11", want: mar9},
		{in: "09-Mar-2026 08:14:11", want: mar9},
		{in: "Mon Mar  9 08:14:11 2026", want: mar9},
		{in: "2026/03/09 08:14:11", want: mar9},
		{in: "2026-03-09 08:14", want: mar9.Add(-11 * time.Second)},
		{in: "09.03.2026 08:14:11", want: mar9},
		{in: "25/03/2026 08:14:11", want: mar9.AddDate(0, 0, 16)},
		{in: "25/03/2026 08:14:11", order: dayFirst, want: mar9.AddDate(0, 0, 16)},
		{in: "03/25/2026 08:14:11", order: dayFirst, want: mar9.AddDate(0, 0, 16)},
		{in: "03/09/2026 08:14:11", want: mar9},
		{in: "03/09/2026 08:14:11", order: dayFirst, want: time.Date(2026, 9, 3, 8, 14, 11, 0, time.UTC)},
		{in: "3/9/26 8:14 PM", want: mar9.Add(12*time.Hour - 11*time.Second)},
		{in: "3/9/2026", want: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)},
		{in: "yesterday", wantErr: `unreadable start time (9 bytes; want RFC 3339, "2006-01-02 15:04:05", a date such as "Mar 9, 2026 8:14 AM" or epoch seconds or milliseconds)`},
		// No February 30, no month 13, and no zone named by a word not
		// known: it would be read as UTC.
		{in: "2/30/2026 08:14", wantErr: `unreadable start time (15 bytes; want RFC 3339, "2006-01-02 15:04:05", a date such as "Mar 9, 2026 8:14 AM" or epoch seconds or milliseconds)`},
		{in: "13/13/2026", wantErr: `unreadable start time (10 bytes; want RFC 3339, "2006-01-02 15:04:05", a date such as "Mar 9, 2026 8:14 AM" or epoch seconds or milliseconds)`},
		{in: "2026-03-09 08:14:11 IST", wantErr: `unreadable start time (23 bytes): unknown time zone "IST"; want a UTC offset (+01:00), UTC or a US or European abbreviation (PST, CET)`},
		// only a zone name is quoted: a credential in the zone's place is not
		{in: "2026-03-09 08:14:11 Sklive_HqLyjWDarjtT/zdp7dc9Xq2LmZ8rWp4", wantErr: `unreadable start time (58 bytes; want RFC 3339, "2006-01-02 15:04:05", a date such as "Mar 9, 2026 8:14 AM" or epoch seconds or milliseconds)`},
	}
	for _, tt := range tests {
		got, err := parseRunTime(tt.in, "start time", tt.order)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("parseRunTime(%q, %v) error = %v, want %q", tt.in, tt.order, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("parseRunTime(%q, %v) = %v, %v; want %v", tt.in, tt.order, got, err, tt.want)
		}
	}
}

// TestRunTextReadsBodiesAsHTTP checks that a provider's body given as a
// run's error is read as the HTTP path reads the same body in a response:
// the same code, description, codes and, where the body states it, status.
func TestRunTextReadsBodiesAsHTTP(t *testing.T) {
	tests := []struct {
		status int // the response's status; the body may state it too
		body   string
		wrap   string // how the run's error holds the body: %s is the body
	}{
		{401, `{"status":"error","message":"The OAuth token used to make this call expired 12 hour(s) ago.","category":"EXPIRED_AUTHENTICATION"}`, "%s"},
		{401, `{"status":"error","message":"The OAuth token used to make this call expired 12 hour(s) ago.","category":"EXPIRED_AUTHENTICATION"}`, `The app returned "%s".`},
		{403, `{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful","Instance":"d3f1"}`, "%s"},
		{403, `{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful","Instance":"d3f1"}`, `The app returned "%s"`},
		{400, `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`, "%s"},
		{401, `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`, "%s"},
		{401, `{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid.","innerError":{"date":"2026-03-09T09:10:00"}}}`, "%s"},
		{401, `{"ok":false,"error":"token_expired"}`, "%s"},
		{403, `{"errors":[{"message":"[API] This action requires merchant approval for read_customers scope."}]}`, "%s"},
	}
	for _, tt := range tests {
		msg := strings.Replace(tt.wrap, "%s", tt.body, 1)
		ev := &Event{Kind: KindRun, Run: &Run{}}
		runText(ev, msg)
		want := errorFacts(tt.status, "application/json", []byte(tt.body), "")
		got := ev.Error
		if got == nil || want == nil || got.Code != want.Code || got.Description != want.Description ||
			strings.Join(got.Codes, ",") != strings.Join(want.Codes, ",") {
			t.Errorf("runText(%q)\n got %+v\nwant %+v (HTTP)", msg, got, want)
		}
		if ev.Status != 0 && ev.Status != tt.status {
			t.Errorf("runText(%q): status %d, the body states %d", msg, ev.Status, tt.status)
		}
	}
}

func TestRunWord(t *testing.T) {
	for in, want := range map[string]string{
		"Zap Title": "zap_title", "zapTitle": "zap_title", "zapID": "zap_id", "Start Time (UTC)": "start_time_utc",
		"error-message": "error_message", "  Status ": "status", "authentication_id": "authentication_id",
	} {
		if got := runWord(in); got != want {
			t.Errorf("runWord(%q) = %q, want %q", in, got, want)
		}
	}
}
