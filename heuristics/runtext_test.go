package heuristics

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authtriage/authtriage/parser"
)

// TestRunBodiesLabelAsHTTP checks that a provider's error body in a Zap
// run's error gets the label and cause the same body gets in an HTTP
// response with the status it states: the parser reads both alike, and
// the rules do not need the response to say it. Where a signal is tied to
// the provider's host (Xero's AuthenticationUnsuccessful), a run that names
// no URL cannot meet it; those are listed with the label the run gets.
func TestRunBodiesLabelAsHTTP(t *testing.T) {
	tests := []struct {
		status int
		url    string
		body   string
		wrap   string // the run's error: %s is the body
		run    string // the run's label/cause when it cannot be the HTTP one; "" when it is
	}{
		{401, "https://api.hubapi.com/crm/v3/objects/contacts", `{"status":"error","message":"The OAuth token used to make this call expired 12 hour(s) ago.","category":"EXPIRED_AUTHENTICATION"}`, "%s", ""},
		{401, "https://api.hubapi.com/crm/v3/objects/contacts", `{"status":"error","message":"The OAuth token used to make this call expired 12 hour(s) ago.","category":"EXPIRED_AUTHENTICATION"}`, `The app returned "%s".`, ""},
		{401, "https://api.hubapi.com/crm/v3/objects/contacts", `The OAuth token used to make this call expired 12 hour(s) ago.`, `The app returned "%s".`, ""},
		{400, "https://oauth2.googleapis.com/token", `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`, "%s", ""},
		{401, "https://acme.my.salesforce.com/services/data/v59.0/query", `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`, "%s", ""},
		{403, "https://api.xero.com/api.xro/2.0/Invoices", `{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful","Instance":"d3f1"}`, "%s", "other/unknown"},
		// A code named in prose counts as in the JSON form, and a run's
		// invalid_grant is its refresh refused (review ur3 #7).
		{401, "https://acme.my.salesforce.com/services/data/v59.0/query", `INVALID_SESSION_ID: Session expired or invalid`, `Error from Salesforce: %s`, "expired/ttl-elapsed"},
		{400, "https://dev-acme.us.auth0.com/oauth/token", `{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}`, "%s", "revoked/grant-revoked"},
		{400, "https://oauth2.googleapis.com/token", `invalid_grant`, `Authentication failed: The app returned "%s".`, "revoked/grant-revoked"},
		// ...but a code exchange's refusal stays as the HTTP answer is read.
		{400, "https://login.microsoftonline.com/common/oauth2/v2.0/token", `{"error":"invalid_grant","error_description":"AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."}`, "%s", "other/unknown"},
		{400, "https://login.microsoftonline.com/common/oauth2/v2.0/token", `AADSTS70008`, `POST /token failed: grant_type=authorization_code -> %s`, "other/unknown"},
	}
	for _, tt := range tests {
		http := label(t, "h.jsonl", mustJSON(map[string]any{"time": "2026-03-09T10:00:00Z", "method": "GET", "url": tt.url,
			"status": tt.status, "response_body": tt.body, "connection": "c1",
			"request_headers": map[string]string{"Authorization": "Bearer at-1"}})+"\n")
		msg := strings.Replace(tt.wrap, "%s", tt.body, 1)
		run := label(t, "r.csv", "Zap ID,Run ID,Status,Date,Error,Connection\n1,r1,error,2026-03-09T10:00:00Z,"+
			`"`+strings.ReplaceAll(msg, `"`, `""`)+`"`+",c1\n")
		t.Logf("%-60.60s HTTP %s, run %s", msg, http, run)
		want := http
		if tt.run != "" {
			want = tt.run
		}
		if run != want {
			t.Errorf("run error %s\n got %s, want %s (the HTTP response gets %s)", msg, run, want, http)
		}
	}
}

// label reads one input of one failure and returns its finding's label
// and cause.
func label(t *testing.T, name, in string) string {
	t.Helper()
	e := New(Config{})
	if _, err := parser.Read(strings.NewReader(in), name, parser.Options{}, e.Add,
		func(re *parser.RecordError) { t.Errorf("%v", re) }); err != nil {
		t.Fatal(err)
	}
	fs := all(e.Finish())
	if len(fs) != 1 {
		t.Fatalf("%s: %d findings, want 1", name, len(fs))
	}
	return string(fs[0].Label) + "/" + string(fs[0].Cause)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
