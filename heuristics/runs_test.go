package heuristics

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/authtriage/authtriage/parser"
)

// runOn makes a run on connection conn at the given status.
func runOn(conn, id string, status parser.RunStatus, httpStatus int, msg string) *parser.Event {
	ev := run(id, "Z1", status, httpStatus, msg)
	ev.Connection = conn
	return ev
}

func ok(conn, id string) *parser.Event { return runOn(conn, id, parser.RunSuccess, 0, "") }

const invalidToken = `{"status":401,"content":"{\"error\":\"invalid_token\"}"}`

type runCase struct {
	name     string
	build    func(b *tl) *parser.Event
	label    Label
	cause    Cause
	evidence string // must (or, with absent, must not) appear
	absent   bool
}

var runCases = []runCase{
	{name: "ttl interval: 401s every hour that recover", label: LabelExpired, cause: CauseTTLElapsed, evidence: "3 times, every 60m00s–60m00s",
		build: func(b *tl) *parser.Event {
			var x *parser.Event
			for m := 0; m <= 200; m += 15 {
				id := fmt.Sprintf("r%d", m)
				if m == 60 || m == 120 || m == 180 {
					ev := b.add(float64(m), runOn("acct-1", id, parser.RunError, 401, invalidToken))
					ev.Error = &parser.ErrorBody{Code: "invalid_token"}
					if m == 120 {
						x = ev
					}
					continue
				}
				b.add(float64(m), ok("acct-1", id))
			}
			return x
		}},
	{name: "ttl interval near miss: irregular 401s", label: LabelOther, cause: CauseUnknown,
		build: func(b *tl) *parser.Event {
			var x *parser.Event
			for m := 0; m <= 200; m += 15 {
				id := fmt.Sprintf("r%d", m)
				if m == 30 || m == 45+15 || m == 180 {
					ev := b.add(float64(m), runOn("acct-1", id, parser.RunError, 401, invalidToken))
					ev.Error = &parser.ErrorBody{Code: "invalid_token"}
					x = ev
					continue
				}
				if m == 45 {
					continue
				}
				b.add(float64(m), ok("acct-1", id))
			}
			return x
		}},
	{name: "403s until reconnect", label: LabelExpired, cause: CauseNonstandardExpiryStatus, evidence: "3 runs from",
		build: func(b *tl) *parser.Event {
			b.add(0, ok("acct-2", "r0"))
			b.add(10, runOn("acct-2", "r1", parser.RunError, 403, "Received 403 code from https://api.example.com/v1/items after 80ms"))
			x := b.add(20, runOn("acct-2", "r2", parser.RunError, 403, "Received 403 code from https://api.example.com/v1/items after 75ms"))
			b.add(30, runOn("acct-2", "r3", parser.RunError, 403, "Received 403 code from https://api.example.com/v1/items after 91ms"))
			b.add(300, ok("acct-2", "r4"))
			return x
		}},
	// The export shows a success, not a reconnect (review ur3 #8).
	{name: "403s until a success: no reconnect claimed", label: LabelExpired, cause: CauseNonstandardExpiryStatus, evidence: "reconnect", absent: true,
		build: func(b *tl) *parser.Event {
			b.add(10, runOn("acct-2", "r1", parser.RunError, 403, "Received 403 code from https://api.example.com/v1/items after 80ms"))
			x := b.add(20, runOn("acct-2", "r2", parser.RunError, 403, "Received 403 code from https://api.example.com/v1/items after 75ms"))
			b.add(300, ok("acct-2", "r3"))
			return x
		}},
	// Google signals expiry with 401: its 403s are a permission (a sheet
	// no longer shared), not expiry in disguise (review ur3 #8).
	{name: "403s near miss: Google, which signals expiry with 401", label: LabelOther, cause: CauseUnknown,
		build: func(b *tl) *parser.Event {
			var x *parser.Event
			for i := 0; i < 3; i++ {
				ev := runOn("acct-2", fmt.Sprintf("r%d", i), parser.RunError, 403, "Got 403 calling POST https://sheets.googleapis.com/v4/spreadsheets/1AbC/values/A1:append, expected 2xx.")
				ev.Host, ev.Path = "sheets.googleapis.com", "/v4/spreadsheets/1AbC/values/A1:append"
				x = b.add(float64(60*i), ev)
			}
			b.add(180, ok("acct-2", "r3"))
			return x
		}},
	{name: "403s near miss: another Zap works on the connection meanwhile", label: LabelOther, cause: CauseUnknown,
		build: func(b *tl) *parser.Event {
			deny := "You don't have permission to add tasks to project 1204417: the project is private to its members."
			b.add(0, runOn("acct-2", "r1", parser.RunError, 403, deny))
			x := b.add(20, runOn("acct-2", "r2", parser.RunError, 403, deny))
			other := ok("acct-2", "r3")
			other.Run.ZapID = "Z2"
			b.add(30, other)
			b.add(40, runOn("acct-2", "r4", parser.RunError, 403, deny))
			return x
		}},
	{name: "403 near miss: a single 403", label: LabelOther, cause: CauseUnknown,
		build: func(b *tl) *parser.Event {
			b.add(0, ok("acct-2", "r0"))
			x := b.add(10, runOn("acct-2", "r1", parser.RunError, 403, "Received 403 code"))
			b.add(20, ok("acct-2", "r2"))
			return x
		}},
	{name: "held after a refused refresh", label: LabelRevoked, cause: CauseGrantRevoked, evidence: "held since the connection's auth failed for good",
		build: func(b *tl) *parser.Event {
			r := b.add(0, runOn("acct-3", "r1", parser.RunError, 400, "RefreshAuthError: auth refresh failed"))
			r.Run.Refresh = true
			r.Error = &parser.ErrorBody{Code: "invalid_grant", Description: "Token has been expired or revoked.", Codes: []string{"RefreshAuthError"}}
			b.add(15, runOn("acct-3", "r2", parser.RunHeld, 0, "This task is held until you reconnect your account"))
			return b.add(30, runOn("acct-3", "r3", parser.RunHeld, 0, "This task is held until you reconnect your account"))
		}},
	{name: "held near miss: the refresh was only throttled", label: LabelOther, cause: CauseUnknown,
		build: func(b *tl) *parser.Event {
			r := b.add(0, runOn("acct-3", "r1", parser.RunError, 429, "RefreshAuthError: auth refresh failed"))
			r.Run.Refresh = true
			return b.add(15, runOn("acct-3", "r2", parser.RunHeld, 0, "Held: waiting"))
		}},
	{name: "first run after connect, no cause named", label: LabelOther, cause: CauseUnknown, evidence: "the first run, 30s later, failed, but nothing in its error names why",
		build: func(b *tl) *parser.Event {
			g := b.add(0, grant("https://api.example.com/oauth/token", "authorization_code", "", "a1", "r1", "3600"))
			g.Connection = "acct-4"
			return b.add(0.5, runOn("acct-4", "r1", parser.RunError, 401, invalidToken))
		}},
	{name: "first run after connect, invalid cause named", label: LabelInvalid, cause: CauseAudienceMismatch, evidence: "the first run, 20s later, failed: the new credentials do not work",
		build: func(b *tl) *parser.Event {
			g := b.add(0, grant("https://login.microsoftonline.com/common/oauth2/v2.0/token", "authorization_code", "", "a1", "r1", "3600"))
			g.Connection = "acct-4"
			ev := b.add(0.33333, runOn("acct-4", "r1", parser.RunError, 401, `{"status":401,"content":"{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Invalid audience.\"}}"}`))
			ev.Error = &parser.ErrorBody{Code: "InvalidAuthenticationToken", Description: "Invalid audience."}
			return ev
		}},
	{name: "first run after connect, the provider names a scope", label: LabelScope, cause: CauseInsufficientScope, evidence: "the first run, 30s later, failed",
		build: func(b *tl) *parser.Event {
			g := b.add(0, grant("https://api.example.com/oauth/token", "authorization_code", "", "a1", "r1", "3600"))
			g.Connection = "acct-4"
			ev := b.add(0.5, runOn("acct-4", "r1", parser.RunError, 403, `{"status":403,"content":"{\"error\":\"insufficient_scope\"}"}`))
			ev.Error = &parser.ErrorBody{Code: "insufficient_scope"}
			return ev
		}},
	{name: "first run near miss: ten minutes later", label: LabelOther, cause: CauseUnknown,
		build: func(b *tl) *parser.Event {
			g := b.add(0, grant("https://api.example.com/oauth/token", "authorization_code", "", "a1", "r1", "3600"))
			g.Connection = "acct-4"
			return b.add(10, runOn("acct-4", "r1", parser.RunError, 401, invalidToken))
		}},
	{name: "pause risk", label: LabelServerError, cause: CauseServerError, evidence: "is at risk of automatic pause: 20 of 20 runs (100%) errored",
		build: func(b *tl) *parser.Event {
			var x *parser.Event
			for i := 0; i < 20; i++ {
				x = b.add(float64(i*200), runOn("acct-5", fmt.Sprintf("r%d", i), parser.RunError, 500, "Received 500 code"))
			}
			return x
		}},
	{name: "pause risk near miss: a quarter succeed", label: LabelServerError, cause: CauseServerError, evidence: "at risk of automatic pause", absent: true,
		build: func(b *tl) *parser.Event {
			var x *parser.Event
			for i := 0; i < 20; i++ {
				if i%4 == 0 {
					b.add(float64(i*200), ok("acct-5", fmt.Sprintf("r%d", i)))
					continue
				}
				x = b.add(float64(i*200), runOn("acct-5", fmt.Sprintf("r%d", i), parser.RunError, 500, "Received 500 code"))
			}
			return x
		}},
	{name: "pause risk near miss: the day's later runs succeed", label: LabelServerError, cause: CauseServerError, evidence: "at risk of automatic pause", absent: true,
		build: func(b *tl) *parser.Event {
			// Twelve errors in a row would qualify on their own; the three
			// successes later the same day bring it to 80 %: Zapier judges
			// the whole day.
			var x *parser.Event
			for i := 0; i < 12; i++ {
				x = b.add(float64(i*10), runOn("acct-5", fmt.Sprintf("r%d", i), parser.RunError, 500, "Received 500 code"))
			}
			for i := 12; i < 15; i++ {
				b.add(float64(i*10), ok("acct-5", fmt.Sprintf("r%d", i)))
			}
			return x
		}},
	{name: "run: ExpiredAuthError naming the refresh token", label: LabelRevoked, cause: CauseRefreshTokenExpired,
		build: func(b *tl) *parser.Event {
			ev := runOn("acct-7", "r1", parser.RunError, 0, "ExpiredAuthError: Your QuickBooks Online connection has expired (refresh token older than 100 days). Please reconnect it.")
			ev.Error = &parser.ErrorBody{Codes: []string{"ExpiredAuthError"}}
			return b.add(0, ev)
		}},
	{name: "run: held after an aged-out refresh token", label: LabelRevoked, cause: CauseRefreshTokenExpired, evidence: "held since",
		build: func(b *tl) *parser.Event {
			ev := runOn("acct-7", "r1", parser.RunError, 0, "ExpiredAuthError: Your connection has expired (refresh token older than 100 days).")
			ev.Error = &parser.ErrorBody{Codes: []string{"ExpiredAuthError"}}
			b.add(0, ev)
			h := runOn("acct-7", "r2", parser.RunHeld, 0, "Disconnected app QuickBooks Online. Reconnect the account to continue.")
			h.Error = &parser.ErrorBody{Codes: []string{"DisconnectedApp"}}
			return b.add(60, h)
		}},
	{name: "run: network error text", label: LabelServerError, cause: CauseNetworkError,
		build: func(b *tl) *parser.Event {
			return b.add(0, runOn("", "r1", parser.RunError, 0, "Error: connect ETIMEDOUT 203.0.113.40:443"))
		}},
	{name: "run: 400 from a webhook URL", label: LabelWebhook400, cause: CauseRejectedPayload,
		build: func(b *tl) *parser.Event {
			ev := runOn("", "r1", parser.RunError, 400, "Got 400 calling POST https://api.customer-portal.example/webhook, expected 2xx.")
			ev.Method, ev.Host, ev.Path = "POST", "api.customer-portal.example", "/webhook"
			ev.Hook = true // as the parser marks it (TestRunHookFromParser)
			return b.add(0, ev)
		}},
	{name: "run environment: first run after connecting refused by a sandbox host, never succeeds", label: LabelInvalid, cause: CauseEnvironmentMismatch, evidence: "(sandbox) and no later run of it succeeded",
		build: func(b *tl) *parser.Event {
			g := b.add(0, grant("https://test.salesforce.com/services/oauth2/token", "authorization_code", "", "a1", "r1", "7200"))
			g.Connection = "sf-9"
			var x *parser.Event
			for i := 0; i < 2; i++ {
				ev := runOn("sf-9", fmt.Sprintf("r%d", i), parser.RunError, 401, "")
				ev.Host, ev.Path = "acme--uat.sandbox.my.salesforce.com", "/services/data/v59.0/query"
				x = b.add(float64(1+i*5), ev)
			}
			return x
		}},
	// The first row of an export is not the first run after connecting:
	// without a connect in the input, a refused production run is no
	// sandbox diagnosis (review ur3 #1).
	{name: "run environment near miss: no connect in the input", label: LabelOther, cause: CauseUnknown,
		build: func(b *tl) *parser.Event {
			ev := runOn("sf-9", "r0", parser.RunError, 401, "Got 401 calling POST https://acme.my.salesforce.com/services/data/v59.0/sobjects/Lead, expected 2xx.")
			ev.Host, ev.Path = "acme.my.salesforce.com", "/services/data/v59.0/sobjects/Lead"
			return b.add(0, ev)
		}},
	// An error that names its cause keeps it, even right after a connect.
	{name: "run environment near miss: the session expired", label: LabelExpired, cause: CauseNoRefreshToken,
		build: func(b *tl) *parser.Event {
			g := b.add(0, grant("https://login.salesforce.com/services/oauth2/token", "authorization_code", "", "a1", "", "7200"))
			g.Connection = "sf-9"
			ev := runOn("sf-9", "r0", parser.RunError, 401, `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`)
			ev.Host, ev.Path = "acme.my.salesforce.com", "/services/data/v59.0/query"
			ev.Error = &parser.ErrorBody{Code: "INVALID_SESSION_ID", Description: "Session expired or invalid"}
			return b.add(10, ev)
		}},
	{name: "run environment near miss: an earlier run succeeded", label: LabelExpired, cause: CauseTTLElapsed,
		build: func(b *tl) *parser.Event {
			b.add(0, ok("sf-9", "r0"))
			ev := runOn("sf-9", "r1", parser.RunError, 401, "")
			ev.Host, ev.Path = "acme--uat.sandbox.my.salesforce.com", "/services/data/v59.0/query"
			ev.Error = &parser.ErrorBody{Code: "INVALID_SESSION_ID", Description: "Session expired or invalid"}
			return b.add(5, ev)
		}},
	// Zapier's ExpiredAuthError asks the user to reconnect: refreshing is
	// what failed, so the fix is a reconnect, not "refresh before expiry".
	{name: "run: ExpiredAuthError", label: LabelRevoked, cause: CauseRefreshTokenExpired,
		build: func(b *tl) *parser.Event {
			ev := runOn("", "r1", parser.RunError, 0, "ExpiredAuthError: Your Pipedrive connection has expired. Please reconnect it.")
			ev.Error = &parser.ErrorBody{Codes: []string{"ExpiredAuthError"}}
			return b.add(0, ev)
		}},
	{name: "run: a Zap turned off is no failure", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			return b.add(0, runOn("", "r1", parser.RunStopped, 0, "The Zap was turned off."))
		}},
	{name: "run: pre-v10 401 triggering auth refresh", label: LabelExpired, cause: CauseTTLElapsed,
		build: func(b *tl) *parser.Event {
			ev := runOn("", "r1", parser.RunError, 401, "Got 401 calling GET https://api.example.com/v1/me, triggering auth refresh.")
			ev.Run.Refresh = true
			ev.Error = &parser.ErrorBody{Codes: []string{"RefreshAuthError"}}
			return b.add(0, ev)
		}},
	{name: "run: throttled", label: LabelRateLimited, cause: CauseTooManyRequests,
		build: func(b *tl) *parser.Event {
			return b.add(0, runOn("", "r1", parser.RunThrottled, 0, "Throttled by Zapier!"))
		}},
	{name: "run: held for a disconnected app", label: LabelRevoked, cause: CauseGrantRevoked,
		build: func(b *tl) *parser.Event {
			ev := runOn("", "r1", parser.RunHeld, 0, "Disconnected app: please reconnect")
			ev.Error = &parser.ErrorBody{Codes: []string{"DisconnectedApp"}}
			return b.add(0, ev)
		}},
	{name: "run: RefreshAuthError without a message", label: LabelRevoked, cause: CauseGrantRevoked, evidence: "without saying why",
		build: func(b *tl) *parser.Event {
			ev := runOn("", "r1", parser.RunError, 0, "")
			ev.Run.Refresh = true
			return b.add(0, ev)
		}},
}

func TestRunRules(t *testing.T) {
	for _, tc := range runCases {
		t.Run(tc.name, func(t *testing.T) {
			b := newTL("runs.csv")
			x := tc.build(b)
			for _, ev := range b.evs {
				ev.Source.Line, ev.Source.Index = ev.Source.Index+2, 0
			}
			fs, _ := analyze(Config{}, b.evs)
			at := findingsAt(fs, x.Source)
			if tc.label == "" {
				if len(at) != 0 {
					t.Fatalf("want no finding at %s, got %s", x.Source, dump(at))
				}
				return
			}
			if len(at) != 1 {
				t.Fatalf("want one finding at %s, got %s", x.Source, dump(fs))
			}
			f := at[0]
			if f.Label != tc.label || f.Cause != tc.cause {
				t.Fatalf("got %s/%s, want %s/%s; evidence %q", f.Label, f.Cause, tc.label, tc.cause, f.Evidence)
			}
			if f.RunID == "" || f.ZapID != "Z1" || f.ZapTitle != "Sync leads" {
				t.Fatalf("run facts missing: %+v", f)
			}
			if tc.evidence != "" && strings.Contains(strings.Join(f.Evidence, "\n"), tc.evidence) == tc.absent {
				t.Fatalf("evidence %q: want %q present=%v", f.Evidence, tc.evidence, !tc.absent)
			}
		})
	}
}

func TestRunJoinsHTTP(t *testing.T) {
	for _, tc := range []struct {
		name     string
		httpAt   float64
		httpConn string // the HTTP record's connection; the run's is acct-1
		related  bool
	}{
		{"same step, same window", 0.05, "", true},
		{"same step and connection", 0.05, "acct-1", true},
		{"same step, the connection's label around its id", 0.05, "Acme CRM (acct-1)", true},
		{"near miss: ten minutes later", 10, "", false},
		{"near miss: the same step name on another account", 0.05, "acct-2", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs := newTL("runs.csv")
			r := runs.add(0, run("r1", "Z1", parser.RunError, 0, "The app returned an error"))
			r.Step = "step-2"
			r.Connection = "acct-1"
			r.Run.End = mins(0.2)
			r.Source.Line = 2
			logs := newTL("zapier.jsonl")
			h := logs.add(tc.httpAt, withErr(api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 401, "x1"), "", "TokenExpired", "TokenExpired"))
			h.Step = "step-2"
			h.Connection = tc.httpConn
			h.Source.Line = 7
			fs, _ := analyze(Config{}, runs.evs, logs.evs)
			f := findingsAt(fs, r.Source)
			if len(f) != 1 {
				t.Fatalf("findings %s", dump(fs))
			}
			if got := len(f[0].Related) == 1 && f[0].Related[0] == h.Source; got != tc.related {
				t.Fatalf("related = %v, want %v", f[0].Related, tc.related)
			}
			if tc.related && (f[0].Label != LabelExpired || f[0].Cause != CauseTTLElapsed || !strings.Contains(strings.Join(f[0].Evidence, " "), "zapier.jsonl:7")) {
				t.Fatalf("run did not take the HTTP label: %s/%s %q", f[0].Label, f[0].Cause, f[0].Evidence)
			}
			if !tc.related && f[0].Label != LabelOther {
				t.Fatalf("unrelated run relabelled %s", f[0].Label)
			}
		})
	}
}

// TestRunJoinsRefusedRefresh: a run that failed on an expired token whose
// refresh was then refused takes the refused refresh's cause, the one the
// customer must act on, not the expiry's.
func TestRunJoinsRefusedRefresh(t *testing.T) {
	logs := newTL("zapier.jsonl")
	g := logs.add(0, grant(googleToken, "refresh_token", "rt0", "at1", "", "3600"))
	g.Connection = "acct-1"
	h := logs.add(65.02, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
	h.Connection = "acct-1"
	rf := logs.add(65.03, refreshFail(googleToken, "rt0", 400, "invalid_grant", "Token has been expired or revoked."))
	rf.Connection = "acct-1"
	runs := newTL("runs.csv")
	r := runs.add(65, runOn("acct-1", "r1", parser.RunError, 401, "Got 401 calling GET https://www.googleapis.com/drive/v3/files, triggering auth refresh."))
	r.Run.End = mins(65.1)
	fs, _ := analyze(Config{}, logs.evs, runs.evs)
	f := findingsAt(fs, r.Source)
	if len(f) != 1 || len(f[0].Related) != 2 || f[0].Cause != CauseGrantRevoked || !strings.Contains(strings.Join(f[0].Evidence, " "), "zapier.jsonl: entry 2") {
		t.Fatalf("run finding %s\nall:%s", dump(f), dump(fs))
	}
}

// TestRunAtTokenEndpoint: a run whose error names a token URL is a refresh
// or exchange failure, even in a Webhooks step, never webhook-400 or scope
// (issue 3). The runs go through the parser, which marks them
// TokenEndpoint and Hook from the text and the step.
func TestRunAtTokenEndpoint(t *testing.T) {
	const header = "Task ID,Zap ID,Zap Name,Step,Status,Date,Error Message,Connection\n"
	for _, tc := range []struct {
		name  string
		row   string
		label Label
		cause Cause
		notL  Label // the label a token endpoint's answer must not get
	}{
		{name: "pre-v10 400 from the token URL in a Webhooks step",
			row:   `1,Z1,Sync,Webhooks by Zapier,Errored,2026-03-11T08:15:00Z,"Got 400 calling POST https://auth.atlassian.com/oauth/token, expected 2xx.",acct-1`,
			label: LabelOther, cause: CauseClientError, notL: LabelWebhook400},
		{name: "ResponseError 403 insufficient_scope from the token URL",
			row:   `2,Z1,Sync,Webhooks by Zapier,Errored,2026-03-11T08:20:00Z,"{""status"":403,""content"":""{\""error\"":\""insufficient_scope\""}"",""request"":{""url"":""https://auth.atlassian.com/oauth/token""}}",acct-2`,
			label: LabelOther, cause: CauseClientError, notL: LabelScope},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := New(Config{})
			var evs []*parser.Event
			_, err := parser.Read(strings.NewReader(header+tc.row+"\n"), "runs.csv", parser.Options{}, func(ev *parser.Event) {
				evs = append(evs, ev)
				e.Add(ev)
			}, func(re *parser.RecordError) { t.Errorf("record error: %v", re) })
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 1 {
				t.Fatalf("the parser read %d runs, want 1", len(evs))
			}
			if ev := evs[0]; ev.Kind != parser.KindRun || !ev.TokenEndpoint || ev.Token != nil || !ev.Hook {
				t.Fatalf("parser facts: kind %d, TokenEndpoint %v, Token %v, Hook %v", ev.Kind, ev.TokenEndpoint, ev.Token, ev.Hook)
			}
			fs := all(e.Finish())
			if len(fs) != 1 {
				t.Fatalf("want one finding, got %s", dump(fs))
			}
			f := fs[0]
			if f.Label == tc.notL {
				t.Fatalf("got %s/%s: a token endpoint's answer is never %s; evidence %q", f.Label, f.Cause, tc.notL, f.Evidence)
			}
			if f.Label != tc.label || f.Cause != tc.cause {
				t.Fatalf("got %s/%s, want %s/%s (the token-endpoint rules' cause); evidence %q", f.Label, f.Cause, tc.label, tc.cause, f.Evidence)
			}
		})
	}
}

// TestRunWebhookEvidence: a webhook run's evidence states only the request
// facts its record carries. A run's text names the answer, not what was
// sent, so it must not say "no Content-Type and no body"; an HTTP delivery
// with the same (empty) request does say it, because there it is a fact.
func TestRunWebhookEvidence(t *testing.T) {
	hookRun := func(msg string, req parser.RequestInfo) *parser.Event {
		ev := runOn("acct-w", "r1", parser.RunError, 400, msg)
		ev.URL, ev.Host, ev.Path, ev.Method = "https://hooks.zapier.com/hooks/catch/1/a/", "hooks.zapier.com", "/hooks/catch/1/a/", "POST"
		ev.Hook, ev.Request = true, req
		return ev
	}
	httpHook := req("POST", "https://hooks.zapier.com/hooks/catch/1/a/", 400)
	httpHook.Hook = true
	httpHook.Request.Recorded = true // a HAR entry: headers and body are recorded
	spanHook := req("POST", "https://hooks.zapier.com/hooks/catch/1/a/", 400)
	spanHook.Hook = true // a span: the request is not recorded
	for _, tc := range []struct {
		name  string
		ev    *parser.Event
		cause Cause
		want  []string // evidence sentences after the first (what was answered)
	}{
		{"run without request facts", hookRun("Got 400 calling POST https://hooks.zapier.com/hooks/catch/1/a/, expected 2xx.", parser.RequestInfo{}),
			CauseRejectedPayload, nil},
		{"run that names a missing field", withErr(hookRun(`{"status":400,"content":"missing required field: email"}`, parser.RequestInfo{}), "", "missing required field: email"),
			CauseMissingField, nil},
		{"run whose record names the content type", hookRun("Got 400 calling POST https://hooks.zapier.com/hooks/catch/1/a/, expected 2xx.", parser.RequestInfo{ContentType: "text/plain"}),
			CauseRejectedPayload, []string{"the delivery sent Content-Type text/plain"}},
		{"HTTP delivery without a body", httpHook,
			CauseRejectedPayload, []string{"the delivery sent no Content-Type and no body"}},
		{"span of a delivery, request not recorded", spanHook, CauseRejectedPayload, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTL("runs.csv")
			b.add(0, tc.ev)
			fs, _ := analyze(Config{}, b.evs)
			if len(fs) != 1 || fs[0].Label != LabelWebhook400 || fs[0].Cause != tc.cause {
				t.Fatalf("want one webhook-400/%s, got %s", tc.cause, dump(fs))
			}
			got := fs[0].Evidence[1:]
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("evidence after the answer = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRunHookFromParser: the parser's Event.Hook is the one webhook test
// for runs too: a 400 from a hook URL or a Webhooks step, read through the
// parser, is webhook-400; the same 400 from an API URL is not.
func TestRunHookFromParser(t *testing.T) {
	const header = "Task ID,Zap ID,Zap Name,Step,Status,Date,Error Message,Connection\n"
	for _, tc := range []struct {
		name  string
		row   string
		label Label
	}{
		{"hook URL", `1,Z1,Sync,step-2,Errored,2026-03-11T08:15:00Z,"Got 400 calling POST https://api.customer-portal.example/webhook, expected 2xx.",acct-1`, LabelWebhook400},
		{"Webhooks step", `1,Z1,Sync,Webhooks by Zapier,Errored,2026-03-11T08:15:00Z,"Got 400 calling POST https://api.customer-portal.example/v1/leads, expected 2xx.",acct-1`, LabelWebhook400},
		{"near miss: an API call", `1,Z1,Sync,step-2,Errored,2026-03-11T08:15:00Z,"Got 400 calling POST https://api.customer-portal.example/v1/leads, expected 2xx.",acct-1`, LabelOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := New(Config{})
			n := 0
			_, err := parser.Read(strings.NewReader(header+tc.row+"\n"), "runs.csv", parser.Options{}, func(ev *parser.Event) {
				n++
				e.Add(ev)
			}, func(re *parser.RecordError) { t.Errorf("record error: %v", re) })
			if err != nil || n != 1 {
				t.Fatalf("the parser read %d runs (%v), want 1", n, err)
			}
			fs := all(e.Finish())
			if len(fs) != 1 || fs[0].Label != tc.label {
				t.Fatalf("want one %s finding, got %s", tc.label, dump(fs))
			}
		})
	}
}

// TestHostlessConnection: a record that names no connection, token, Zap
// or URL is its run's own connection ("run:<id>"), or its input's, never
// the empty host "host:" every such record of every input shared.
func TestHostlessConnection(t *testing.T) {
	b := newTL("nozap.csv")
	r1 := b.add(1, run("t1", "", parser.RunError, 0, "boom"))
	r2 := b.add(2, run("t2", "", parser.RunError, 0, "boom"))
	r1.Run.StepName, r2.Run.StepName = "", ""
	h := b.add(3, req("GET", "", 500))
	fs, _ := analyze(Config{}, b.evs)
	got := map[string]string{}
	for _, f := range fs {
		got[f.RunID+"@"+f.Source.File] = f.Connection
	}
	want := map[string]string{"t1@nozap.csv": "run:t1", "t2@nozap.csv": "run:t2", "@nozap.csv": "input:nozap.csv"}
	if h.Host != "" || !maps.Equal(got, want) {
		t.Errorf("connections %v, want %v:%s", got, want, dump(fs))
	}
}
