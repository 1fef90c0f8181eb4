package parser

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

var update = flag.Bool("update", false, "rewrite golden files")

// readAll reads an input and returns its events and record errors.
func readAll(t testing.TB, name string, data []byte, opts Options) ([]*Event, []string, Stats, error) {
	t.Helper()
	var evs []*Event
	var errs []string
	st, err := Read(bytes.NewReader(data), name, opts, func(e *Event) { evs = append(evs, e) }, func(e *RecordError) { errs = append(errs, e.Error()) })
	return evs, errs, st, err
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want, host, path string }{
		{"https://api.example.com/v1/me", "https://api.example.com/v1/me", "api.example.com", "/v1/me"},
		{"https://API.Example.com:8443/v1/me?access_token=abc123secret&limit=5", "https://API.Example.com:8443/v1/me?access_token=redacted:" + Fingerprint("abc123secret") + "&limit=5", "api.example.com", "/v1/me"},
		{"https://app.example.com/cb?code=4%2F0AX&state=xyz", "https://app.example.com/cb?code=redacted:" + Fingerprint("4/0AX") + "&state=xyz", "app.example.com", "/cb"},
		{"https://user:pa55@host.example/x", "https://redacted:" + Fingerprint("user:pa55") + "@host.example/x", "host.example", "/x"},
		{"https://app.example.com/#access_token=tok&token_type=bearer", "https://app.example.com/#access_token=redacted:" + Fingerprint("tok") + "&token_type=bearer", "app.example.com", "/"},
		{"/relative/path?key=k1", "/relative/path?key=redacted:" + Fingerprint("k1"), "", "/relative/path"},
	}
	for _, tt := range tests {
		got, host, path := redactURL(tt.in)
		if got != tt.want || host != tt.host || path != tt.path {
			t.Errorf("redactURL(%q) = %q, %q, %q; want %q, %q, %q", tt.in, got, host, path, tt.want, tt.host, tt.path)
		}
	}
}

// TestRedactURLShapes: credentials in the URL shapes real clients send,
// and the look-alikes that must stay as they are.
func TestRedactURLShapes(t *testing.T) {
	jwt := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSIsImV4cCI6MTc3MjAwMDAwMH0.c2lnU0VDUkVUc2lnbmF0dXJl"
	fp := func(s string) string { return "redacted:" + Fingerprint(s) }
	tests := []struct{ in, want string }{
		// secret names: short forms, bracketed form fields, SAML, OAuth 1, signed URLs
		{"https://api.example.com/login?user=bob&pass=hunter2pw", "https://api.example.com/login?user=bob&pass=" + fp("hunter2pw")},
		{"https://api.example.com/i?user[password]=hunter2pw&api_key[]=k3y9Xa7Qp2&user[name]=bob",
			"https://api.example.com/i?user[password]=" + fp("hunter2pw") + "&api_key[]=" + fp("k3y9Xa7Qp2") + "&user[name]=bob"},
		{"https://sso.example.com/acs?SAMLResponse=PHNhbWxwOlJlc3BvbnNl&RelayState=x", "https://sso.example.com/acs?SAMLResponse=" + fp("PHNhbWxwOlJlc3BvbnNl") + "&RelayState=x"},
		{"https://api.example.com/cb?oauth_verifier=v3rifier77", "https://api.example.com/cb?oauth_verifier=" + fp("v3rifier77")},
		{"https://app.example.com/signup?user%5Bpassword_confirmation%5D=conf9Zx&password2=conf9Zx&page2=x", "https://app.example.com/signup?user%5Bpassword_confirmation%5D=" + fp("conf9Zx") + "&password2=" + fp("conf9Zx") + "&page2=x"},
		{"https://storage.googleapis.com/b/o?X-Goog-Date=20260302&X-Goog-Signature=a1b2c3d4e5f6", "https://storage.googleapis.com/b/o?X-Goog-Date=20260302&X-Goog-Signature=" + fp("a1b2c3d4e5f6")},
		// a JWT whatever the parameter's name
		{"https://idp.example.com/logout?id_token_hint=" + jwt + "&post_logout_redirect_uri=x", "https://idp.example.com/logout?id_token_hint=" + fp(jwt) + "&post_logout_redirect_uri=x"},
		{"https://idp.example.com/x?hint=" + jwt, "https://idp.example.com/x?hint=" + fp(jwt)},
		// ';' separators and matrix parameters, ASP.NET cookieless sessions
		{"https://api.example.com/v1/items?foo=1;access_token=q9w8e7r6t5", "https://api.example.com/v1/items?foo=1;access_token=" + fp("q9w8e7r6t5")},
		{"https://app.example.com/portal;jsessionid=F3A9C2B7D1E0?x=1", "https://app.example.com/portal;jsessionid=" + fp("F3A9C2B7D1E0") + "?x=1"},
		{"http://m.example.com/(X(1)S(pvnzao4525kprh2z121oqv55))/idimage.aspx", "http://m.example.com/" + fp("(X(1)S(pvnzao4525kprh2z121oqv55))") + "/idimage.aspx"},
		// the key after /tokens/ or /keys/, whatever its case
		{"https://api.trello.com/1/tokens/e2c4a7f1d3b5a9c8e7f6d5c4b3a2910f/webhooks", "https://api.trello.com/1/tokens/" + fp("e2c4a7f1d3b5a9c8e7f6d5c4b3a2910f") + "/webhooks"},
		// a relative URL inside a parameter
		{"https://app.example.com/login?next=%2Foauth%2Fcb%3Faccess_token%3Dz8bN7mQ",
			"https://app.example.com/login?next=" + url.QueryEscape("/oauth/cb?access_token="+fp("z8bN7mQ"))},
		// JSON in a parameter, encoded or not: its secrets go where they are
		// written, the rest of the value and its encoding stay
		{"https://api.acme.example/search?filter=%7B%22api_key%22%3A%22abc123secretXYZ%22%7D&limit=5",
			"https://api.acme.example/search?filter=%7B%22api_key%22%3A%22" + fp("abc123secretXYZ") + "%22%7D&limit=5"},
		{`https://api.acme.example/search?q={"access_token":"abcTok12345xyz"}&page=2`, `https://api.acme.example/search?q={"access_token":"` + fp("abcTok12345xyz") + `"}&page=2`},
		{"https://api.acme.example/graphql?query=%7Bviewer%7Blogin%7D%7D&variables=%7B%22token%22%3A%22ghTok9Zx8Qw2%22%7D",
			"https://api.acme.example/graphql?query=%7Bviewer%7Blogin%7D%7D&variables=%7B%22token%22%3A%22" + fp("ghTok9Zx8Qw2") + "%22%7D"},
		{"https://api.acme.example/x?where=%5B%7B%22field%22%3A%22password%22%2C%22value%22%3A%22p%40ss%20word%22%7D%5D",
			"https://api.acme.example/x?where=%5B%7B%22field%22%3A%22password%22%2C%22value%22%3A%22" + fp("p@ss word") + "%22%7D%5D"},
		{`https://api.acme.example/search?q={"status":"active","owner":"bob"}&page=2`, `https://api.acme.example/search?q={"status":"active","owner":"bob"}&page=2`},
		// a password holding '#', '/' or '?' unescaped: up to the '@' before the host
		{"postgres://sync:Xk#92pq@db.internal:5432/app", "postgres://" + fp("sync:Xk#92pq") + "@db.internal:5432/app"},
		{"postgres://sync:Xk/92pq@db.internal/app?sslmode=require", "postgres://" + fp("sync:Xk/92pq") + "@db.internal/app?sslmode=require"},
		{"redis://:pa?ss9@cache:6379/0", "redis://" + fp(":pa?ss9") + "@cache:6379/0"},
		{"amqp://bob:a#b@c@mq.internal", "amqp://" + fp("bob:a#b@c") + "@mq.internal"},
		// placeholders, kept as written; a secret starting like one is not one
		{"https://api.example.com/v1/me?access_token=undefined&client_secret=NULL", "https://api.example.com/v1/me?access_token=undefined&client_secret=NULL"},
		{"https://api.example.com/v1/me?access_token=undefined9Zx", "https://api.example.com/v1/me?access_token=" + fp("undefined9Zx")},
		// webhook URLs whose path is the credential: the key goes, host and ids stay
		{"https://hooks.zapier.com/hooks/catch/123456/abc1234/", "https://hooks.zapier.com/hooks/catch/123456/" + fp("abc1234") + "/"},
		{"https://hooks.zapier.com/hooks/standard/4811202/bq7x9zk/silent/", "https://hooks.zapier.com/hooks/standard/4811202/" + fp("bq7x9zk") + "/silent/"},
		{"https://hooks.slack.com/triggers/T024BE7LD/5712345678901/9f86d081884c7d659a2feaa0c55ad015", "https://hooks.slack.com/triggers/T024BE7LD/5712345678901/" + fp("9f86d081884c7d659a2feaa0c55ad015")},
		{"https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12/abcdefghijklmnopqrstuvwx", "https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12/" + fp("abcdefghijklmnopqrstuvwx")},
		{"https://discord.com/api/webhooks/1123456789012345678/abcdefghijklmnopqrstuvwxyz", "https://discord.com/api/webhooks/1123456789012345678/" + fp("abcdefghijklmnopqrstuvwxyz")},
		{"https://discord.com/api/v10/webhooks/1123456789012345678/abcdefghijklmnopqrstuvwxyz?wait=true", "https://discord.com/api/v10/webhooks/1123456789012345678/" + fp("abcdefghijklmnopqrstuvwxyz") + "?wait=true"},
		{"https://hook.eu1.make.com/q8x2kv7m4ntw9hz3yr6pc1bd5fj0lsg2?x=1", "https://hook.eu1.make.com/" + fp("q8x2kv7m4ntw9hz3yr6pc1bd5fj0lsg2") + "?x=1"},
		{"https://acme.webhook.office.com/webhookb2/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b@9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d/IncomingWebhook/7e4b2a9c1d3f5e6a8b0c2d4e6f8a0b1c/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
			"https://acme.webhook.office.com/webhookb2/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b@9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d/IncomingWebhook/" + fp("7e4b2a9c1d3f5e6a8b0c2d4e6f8a0b1c") + "/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"},
		{"https://events.pagerduty.com/integration/a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6/enqueue", "https://events.pagerduty.com/integration/" + fp("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6") + "/enqueue"},
		// their look-alikes: ids without a key, other paths and hosts, kept
		{"https://hooks.zapier.com/hooks/catch/123456/", "https://hooks.zapier.com/hooks/catch/123456/"},
		{"https://zapier.com/hooks/catch/123456/abc1234/", "https://zapier.com/hooks/catch/123456/abc1234/"},
		{"https://hooks.slack.com/triggers/T024BE7LD/5712345678901", "https://hooks.slack.com/triggers/T024BE7LD/5712345678901"},
		{"https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12", "https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12"},
		{"https://discord.com/api/webhooks/1123456789012345678", "https://discord.com/api/webhooks/1123456789012345678"},
		{"https://discord.com/api/channels/1123456789012345678/messages", "https://discord.com/api/channels/1123456789012345678/messages"},
		{"https://hook.eu1.make.com/health", "https://hook.eu1.make.com/health"},
		{"https://acme.webhook.office.com/webhookb2/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "https://acme.webhook.office.com/webhookb2/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"},
		{"https://events.pagerduty.com/v2/enqueue", "https://events.pagerduty.com/v2/enqueue"},
		// look-alikes, kept
		{"https://api.example.com:8443/users?email=bob@acme.example", "https://api.example.com:8443/users?email=bob@acme.example"},
		{"https://api.example.com/u/bob@acme.example/x#top", "https://api.example.com/u/bob@acme.example/x#top"},
		{"https://api.example.com/search?q=a;b&page=2", "https://api.example.com/search?q=a;b&page=2"},
		{"https://api.github.com/repos/o/r/commits/6dcb09b5b57875f334f61aebed695e2e4193db5e", "https://api.github.com/repos/o/r/commits/6dcb09b5b57875f334f61aebed695e2e4193db5e"},
		{"https://api.example.com/v1/tokens/42/usage", "https://api.example.com/v1/tokens/42/usage"},
		{"https://app.example.com/login?next=%2Fdashboard", "https://app.example.com/login?next=%2Fdashboard"},
		{"https://app.example.com/a;v=2/b(c)?x=(1)", "https://app.example.com/a;v=2/b(c)?x=(1)"},
		{"https://kms.us-east-1.amazonaws.com/keys/1234abcd-12ab-34cd-56ef-1234567890ab", "https://kms.us-east-1.amazonaws.com/keys/1234abcd-12ab-34cd-56ef-1234567890ab"},
	}
	for _, tt := range tests {
		if got, _, _ := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	if got := Fingerprint(":censored:40:6f1ed002ab:"); got != "40:6f1ed002ab" {
		t.Errorf("censored fingerprint = %q", got)
	}
	a, b := Fingerprint("1//0gAbCdEf-refresh"), Fingerprint("1//0gAbCdEf-refresh")
	if a != b || len(a) != fingerprintHexDigits || a == Fingerprint("other") {
		t.Errorf("fingerprints not stable and distinct: %q %q", a, b)
	}
}

func TestRedactText(t *testing.T) {
	jwt := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNlY3JldA"
	tests := []struct{ in, mustNot, must string }{
		{"Bearer ya29.a0AfB_byC-secret-token-value", "ya29.a0AfB_byC-secret-token-value", "Bearer redacted:"},
		{`{"access_token":"gho_16C7e42F292c6912E7710c838347Ae178B4a"}`, "gho_16C7e42F292c6912E7710c838347Ae178B4a", "redacted:"},
		{"token " + jwt + " rejected", "c2lnbmF0dXJlLXNlY3JldA", "rejected"},
		{"refresh_token=1//0gLongRefreshTokenValue&client_secret=GOCSPX-abcdef", "GOCSPX-abcdef", "client_secret=redacted:"},
		{`{"code":124,"message":"Invalid access token."}`, "", `"code":124`},
		{"Authorization: Bearer :censored:40:6f1ed002ab:", "", ":censored:40:6f1ed002ab:"},
		{`Bearer error="invalid_token", error_description="The access token provided is expired"`, "", "The access token provided is expired"},
		{"Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "token redacted:"},
		// a quote, ':' or '=' between the name and the secret
		{"Invalid API key: aB9cD8eF7gH6iJ5", "aB9cD8eF7gH6iJ5", "API key: redacted:"},
		{"Authentication failed: api key=sT9uV8wX7yZ", "sT9uV8wX7yZ", "api key=redacted:"},
		{"The API token 'kL3mN2oP1qR0' has been revoked", "kL3mN2oP1qR0", "token 'redacted:"},
		{"Login failed for bob@acme.example with password 'hunter2pw'", "hunter2pw", "password 'redacted:"},
		{"invalid refresh_token 1//0gLrTv9Qx", "1//0gLrTv9Qx", "refresh_token redacted:"},
		// look-alikes, kept
		{"Error code AADSTS70008: the grant expired", "", "code AADSTS70008:"},
		{"expiry time of assertion 2026-03-04T16:24:31.0000000Z.", "", "assertion 2026-03-04T16:24:31.0000000Z."},
		{"The token 'expired' flag is set; password 'must' be longer", "", "token 'expired' flag is set; password 'must'"},
		{"Invalid API key: none given", "", "API key: none given"},
	}
	for _, tt := range tests {
		got := redactText(tt.in)
		if tt.mustNot != "" && strings.Contains(got, tt.mustNot) {
			t.Errorf("redactText(%q) = %q still holds the secret", tt.in, got)
		}
		if !strings.Contains(got, tt.must) {
			t.Errorf("redactText(%q) = %q, want it to contain %q", tt.in, got, tt.must)
		}
	}
}

func TestParseTimeString(t *testing.T) {
	want := time.Date(2026, 3, 2, 10, 12, 44, 123000000, time.UTC)
	for _, s := range []string{
		"2026-03-02T10:12:44.123Z",
		"2026-03-02T11:12:44.1230000+01:00",
		"2026-03-02T10:12:44.123",
		"2026-03-02 10:12:44.123",
		"1772446364.123",
		"1772446364123",
	} {
		if got := parseTimeString(s); !got.Equal(want) {
			t.Errorf("parseTimeString(%q) = %v, want %v", s, got, want)
		}
	}
	if got := parseTimeString("yesterday"); !got.IsZero() {
		t.Errorf("parseTimeString(yesterday) = %v, want zero", got)
	}
	// en-US dates as a web UI shows them, copied into an export.
	ui := time.Date(2026, 3, 15, 15, 3, 0, 0, time.UTC)
	for _, s := range []string{"Mar 15, 2026, 3:03 PM", "Mar 15, 2026, 3:03:00 PM", "March 15, 2026, 3:03 PM", "March 15, 2026 at 3:03 PM"} {
		if got := parseTimeString(s); !got.Equal(ui) {
			t.Errorf("parseTimeString(%q) = %v, want %v", s, got, ui)
		}
	}
}

func TestErrorFacts(t *testing.T) {
	tests := []struct {
		name, body, www string
		status          int
		code, desc      string
		codes           []string
		okFalse         bool
	}{
		{"oauth", `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`, "", 400, "invalid_grant", "Token has been expired or revoked.", nil, false},
		{"microsoft", `{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity.","error_codes":[700082]}`, "", 400, "invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity.", []string{"AADSTS700082"}, false},
		{"graph", `{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired.","innerError":{"code":"ExpiredToken"}}}`, "", 401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.", []string{"ExpiredToken"}, false},
		{"google", `{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_EXPIRED"}]}}`, "", 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", []string{"401", "ACCESS_TOKEN_EXPIRED"}, false},
		{"salesforce", `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`, "", 401, "INVALID_SESSION_ID", "Session expired or invalid", nil, false},
		{"hubspot", `{"status":"error","message":"The OAuth token used to make this call expired 2 hour(s) ago.","category":"EXPIRED_AUTHENTICATION"}`, "", 401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired 2 hour(s) ago.", []string{"error"}, false},
		{"slack", `{"ok":false,"error":"token_expired"}`, "", 200, "token_expired", "", nil, true},
		{"dropbox", `{"error_summary":"expired_access_token/","error":{".tag":"expired_access_token"}}`, "", 401, "expired_access_token", "", []string{"expired_access_token/"}, false},
		{"okta-header", ``, `Bearer authorization_uri="http://x/oauth2/v1/authorize", realm="http://x", scope="openid", error="invalid_token", error_description="The access token is invalid."`, 401, "invalid_token", "The access token is invalid.", nil, false},
		{"github-form", `error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.`, "", 200, "bad_verification_code", "The code passed is incorrect or expired.", nil, false},
		{"zoom", `{"code":124,"message":"Invalid access token."}`, "", 401, "124", "Invalid access token.", nil, false},
		{"atlassian", `{"code":401,"message":"Unauthorized; scope does not match"}`, "", 401, "", "Unauthorized; scope does not match", nil, false},
		{"shopify", `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`, `Basic Realm="Shopify API Authentication"`, 401, "", "[API] Invalid API key or access token (unrecognized login or wrong password)", nil, false},
		{"shopify-scope", `{"errors":"[API] This action requires merchant approval for read_orders scope."}`, "", 403, "", "[API] This action requires merchant approval for read_orders scope.", nil, false},
		{"shopify-array", `{"errors":["Not Found"]}`, "", 404, "", "Not Found", nil, false},
		{"shopify-fields", `{"errors":{"title":["can't be blank"],"variants":{"price":["must be a number","can't be blank"]}}}`, "", 422, "", "title: can't be blank; variants.price: must be a number, can't be blank", nil, false},
		{"github", `{"message":"Validation Failed","errors":[{"resource":"Issue","field":"title","code":"missing_field"}],"documentation_url":"https://docs.github.com/rest/issues/issues#create-an-issue","status":"422"}`, "", 422, "missing_field", "Validation Failed", nil, false},
		{"github-strings", `{"message":"Validation Failed","errors":["Could not resolve to a User with the login of 'x'."]}`, "", 422, "", "Validation Failed", nil, false},
		{"stripe", `{"error":{"code":"api_key_expired","doc_url":"https://stripe.com/docs/error-codes/api-key-expired","message":"Expired API Key provided: rk_live_********************1234","type":"invalid_request_error"}}`, "", 401, "api_key_expired", "Expired API Key provided: rk_live_********************1234", []string{"invalid_request_error"}, false},
		{"shopify-secret", `{"errors":"[API] Invalid API key or access token shpat_0123456789abcdef0123456789abcdef"}`, "", 401, "", "[API] Invalid API key or access token redacted:a5e9444f8c", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eb := errorFacts(tt.status, "application/json", []byte(tt.body), tt.www)
			if eb == nil {
				t.Fatal("nil")
			}
			if eb.Code != tt.code || eb.Description != tt.desc || eb.OKFalse != tt.okFalse || fmt.Sprint(eb.Codes) != fmt.Sprint(tt.codes) {
				t.Errorf("got code=%q desc=%q codes=%q ok=%v; want %q %q %q %v", eb.Code, eb.Description, eb.Codes, eb.OKFalse, tt.code, tt.desc, tt.codes, tt.okFalse)
			}
		})
	}
}

// harOf wraps entries in a HAR document.
func harOf(entries ...string) []byte {
	return []byte(`{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[` + strings.Join(entries, ",") + `]}}`)
}

const tokenEntry = `{"startedDateTime":"2026-03-02T10:00:00.000Z","time":120,
 "request":{"method":"POST","url":"https://oauth2.googleapis.com/token","headers":[{"name":"Content-Type","value":"application/x-www-form-urlencoded"}],
  "postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=refresh_token&refresh_token=1%2F%2F0gRefreshOld&client_id=123.apps.googleusercontent.com&client_secret=GOCSPX-sekret"}},
 "response":{"status":200,"headers":[{"name":"Content-Type","value":"application/json"}],
  "content":{"mimeType":"application/json","text":"{\"access_token\":\"ya29.a0NewAccess\",\"expires_in\":3599,\"refresh_token\":\"1//0gRefreshNew\",\"scope\":\"https://www.googleapis.com/auth/drive\",\"token_type\":\"Bearer\"}"}}}`

func TestHARTokenCall(t *testing.T) {
	evs, errs, st, err := readAll(t, "s.har", harOf(tokenEntry), Options{})
	if err != nil || len(errs) > 0 || len(evs) != 1 || st.Format != FormatHAR {
		t.Fatalf("err=%v errs=%v events=%d format=%s", err, errs, len(evs), st.Format)
	}
	tc := evs[0].Token
	if tc == nil {
		t.Fatal("token call not recognised")
	}
	want := TokenCall{GrantType: "refresh_token", ClientID: "123.apps.googleusercontent.com", RefreshSentFP: Fingerprint("1//0gRefreshOld"),
		AccessFP: Fingerprint("ya29.a0NewAccess"), RefreshFP: Fingerprint("1//0gRefreshNew"), ExpiresIn: "3599",
		Scope: "https://www.googleapis.com/auth/drive", TokenType: "Bearer", Returned: true}
	if fmt.Sprintf("%+v", *tc) != fmt.Sprintf("%+v", want) {
		t.Errorf("token call\n got %+v\nwant %+v", *tc, want)
	}
}

// TestRefreshExpiresIn: the refresh token's stated life is kept as
// written, under either name providers give it.
func TestRefreshExpiresIn(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{`{\"x_refresh_token_expires_in\":8726400,\"refresh_token\":\"AB11x\",\"access_token\":\"eyJx\",\"token_type\":\"bearer\",\"expires_in\":3600}`, "8726400"},
		{`{\"access_token\":\"ghu_x\",\"expires_in\":28800,\"refresh_token\":\"ghr_x\",\"refresh_token_expires_in\":15811200,\"token_type\":\"bearer\"}`, "15811200"},
		{`{\"access_token\":\"ya29.x\",\"expires_in\":3599}`, ""},
	} {
		entry := strings.Replace(tokenEntry, `{\"access_token\":\"ya29.a0NewAccess\",\"expires_in\":3599,\"refresh_token\":\"1//0gRefreshNew\",\"scope\":\"https://www.googleapis.com/auth/drive\",\"token_type\":\"Bearer\"}`, tt.body, 1)
		evs, _, _, err := readAll(t, "s.har", harOf(entry), Options{})
		if err != nil || len(evs) != 1 || evs[0].Token == nil {
			t.Fatalf("%s: err=%v events=%d", tt.body, err, len(evs))
		}
		if got := evs[0].Token.RefreshExpiresIn; got != tt.want {
			t.Errorf("%s: RefreshExpiresIn %q, want %q", tt.body, got, tt.want)
		}
	}
}

// TestHARShapes reads the shapes real exporters write.
func TestHARShapes(t *testing.T) {
	entry := func(extra string) string {
		return `{"startedDateTime":"2026-03-02T10:12:44.1234567+01:00","time":"87.5","request":{"method":"GET","url":"https://api.example.com/v1/me","headers":[]},` + extra + `}`
	}
	tests := []struct {
		name   string
		doc    string
		status int
		netErr string
		errs   int
	}{
		{"entries before version, BOM", "\xef\xbb\xbf" + `{"log":{"entries":[` + entry(`"response":{"status":"401","headers":[],"content":{}}`) + `],"version":"1.2"}}`, 401, "", 0},
		{"status 0 with _error", string(harOf(entry(`"response":{"status":0,"headers":[],"content":{},"_error":"net::ERR_INTERNET_DISCONNECTED"}`))), 0, "net::ERR_INTERNET_DISCONNECTED", 0},
		{"status -1", string(harOf(entry(`"response":{"status":-1,"headers":[],"content":{"mimeType":"x-unknown"}}`))), 0, "no response received", 0},
		{"base64 body", string(harOf(entry(`"response":{"status":401,"headers":[],"content":{"encoding":"base64","mimeType":"application/json","text":"eyJlcnJvciI6ImludmFsaWRfdG9rZW4ifQ=="}}`))), 401, "", 0},
		{"bad entry skipped", string(harOf(`{"request":{}}`, entry(`"response":{"status":401,"headers":[],"content":{}}`))), 401, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, errs, _, err := readAll(t, "x.har", []byte(tt.doc), Options{})
			if err != nil || len(evs) != 1 || len(errs) != tt.errs {
				t.Fatalf("err=%v events=%d errs=%v", err, len(evs), errs)
			}
			e := evs[0]
			if e.Status != tt.status || e.NetError != tt.netErr {
				t.Errorf("status=%d netErr=%q", e.Status, e.NetError)
			}
			if want := time.Date(2026, 3, 2, 9, 12, 44, 123456700, time.UTC); !e.Time.Equal(want) {
				t.Errorf("time = %v", e.Time)
			}
			if e.Duration != 87500*time.Microsecond {
				t.Errorf("duration = %v", e.Duration)
			}
			if tt.name == "base64 body" && (e.Error == nil || e.Error.Code != "invalid_token") {
				t.Errorf("base64 body not decoded: %+v", e.Error)
			}
			if tt.errs > 0 && !strings.HasPrefix(errs[0], "x.har: entry 0: ") {
				t.Errorf("error %q lacks its position", errs[0])
			}
		})
	}
}

// TestLongLine checks that lines far past bufio.Scanner's 64 KiB are read,
// that a line over the cap is reported and the next lines still read.
func TestLongLine(t *testing.T) {
	body := strings.Repeat("x", 3<<20)
	line := func(status int, b string) string {
		return fmt.Sprintf(`{"time":"2026-03-02T10:00:00Z","method":"GET","url":"https://api.example.com/x","status":%d,"response_body":%q}`, status, b)
	}
	data := line(401, body) + "\n" + line(500, strings.Repeat("y", 5<<20)) + "\n" + line(403, "") + "\n"
	evs, errs, st, err := readAll(t, "l.jsonl", []byte(data), Options{MaxRecordBytes: 4 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Status != 401 || evs[1].Status != 403 {
		t.Fatalf("events: %d", len(evs))
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "l.jsonl:2: record of ") || st.Skipped != 1 {
		t.Errorf("errs = %v, skipped %d", errs, st.Skipped)
	}
}

// TestSmallRecordCap: a cap below the read buffer's size holds too (a
// line that fits the buffer is not exempt), and the last line, without
// its newline, is held to it as well.
func TestSmallRecordCap(t *testing.T) {
	line := func(status int, pad int) string {
		return fmt.Sprintf(`{"time":"2026-03-02T10:00:00Z","method":"GET","url":"https://api.example.com/x","status":%d,"response_body":"%s"}`, status, strings.Repeat("p", pad))
	}
	data := line(401, 10) + "\n" + line(500, 900) + "\n" + line(403, 0) + "\n" + line(429, 2000)
	evs, errs, st, err := readAll(t, "c.jsonl", []byte(data), Options{MaxRecordBytes: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Status != 401 || evs[1].Status != 403 {
		t.Fatalf("events: %d", len(evs))
	}
	if len(errs) != 2 || !strings.HasPrefix(errs[0], "c.jsonl:2: record of ") || !strings.HasPrefix(errs[1], "c.jsonl:4: record of ") || st.Skipped != 2 {
		t.Errorf("errs = %v, skipped %d", errs, st.Skipped)
	}
}

// TestTruncatedGzip checks a cut gzip stream: every complete record before
// the cut is read, and the input ends with a clear error.
func TestTruncatedGzip(t *testing.T) {
	var raw bytes.Buffer
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&raw, `{"time":"2026-03-02T10:00:00Z","method":"GET","url":"https://api.example.com/items/%d","status":401}`+"\n", i)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	cut := z.Bytes()[:z.Len()*2/3]
	evs, _, _, err := readAll(t, "t.jsonl.gz", cut, Options{})
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("err = %v, want a truncation error", err)
	}
	if len(evs) < 1000 {
		t.Errorf("only %d events before the cut", len(evs))
	}
	full, _, _, err := readAll(t, "t.jsonl.gz", z.Bytes(), Options{})
	if err != nil || len(full) != 2000 {
		t.Errorf("whole stream: %d events, err %v", len(full), err)
	}
}

// TestNoSecretInEvents plants secrets in every place a reader takes them
// from and checks that none survives into an Event.
func TestNoSecretInEvents(t *testing.T) {
	secrets := []string{"SECRETACCESS1234567890", "SECRETREFRESH987654321", "GOCSPX-SECRETCLIENT", "SECRETCODE4567", "SECRETCOOKIEVALUE", "hunter2SECRETPW", "SECRETAPIKEY99887766"}
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSIsImV4cCI6MTc3MjQ0NjM2NH0.SECRETSIGNATUREabcdef"
	entry := `{"startedDateTime":"2026-03-02T10:00:00Z","time":1,"request":{"method":"POST","url":"https://login.example.com/oauth/token?api_key=SECRETAPIKEY99887766&code=SECRETCODE4567",
	"headers":[{"name":"Authorization","value":"Bearer SECRETACCESS1234567890"},{"name":"Cookie","value":"sid=SECRETCOOKIEVALUE"}],
	"postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=password&username=u&password=hunter2SECRETPW&refresh_token=SECRETREFRESH987654321&client_secret=GOCSPX-SECRETCLIENT"}},
	"response":{"status":400,"headers":[{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\", error_description=\"token SECRETACCESS1234567890 expired\""}],
	"content":{"mimeType":"application/json","text":"{\"error\":\"invalid_grant\",\"error_description\":\"refresh_token=SECRETREFRESH987654321 is revoked; id ` + jwt + `\"}"}}}`
	evs, errs, _, err := readAll(t, "s.har", harOf(entry), Options{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("err=%v errs=%v", err, errs)
	}
	dump, _ := json.Marshal(evs[0])
	for _, s := range append(secrets, "SECRETSIGNATURE") {
		if bytes.Contains(dump, []byte(s)) {
			t.Errorf("secret %q leaked into the event: %s", s, dump)
		}
	}
}

// TestNoSecretInErrorCode: APIs put sentences in "error" and "code" too,
// and they can quote a token this record does not carry (here inside a
// base64 HAR body, as Chrome stores binary-typed responses). The code is
// redacted like the description, and plain codes are kept.
func TestNoSecretInErrorCode(t *testing.T) {
	body := base64.StdEncoding.EncodeToString([]byte(`{"error":"invalid token ya29.a0AfH6SMBx3QUOTEDSECRET8Yt6LQ9kZ used","errors":[{"code":"token_rejected"},{"code":"EAAGm0PX4ZCpsQUOTEDSECRET2ZCZAZD1x"}]}`))
	entry := `{"startedDateTime":"2026-03-02T10:00:00Z","time":1,"request":{"method":"GET","url":"https://api.example.com/v1/me","headers":[]},
	"response":{"status":401,"headers":[],"content":{"mimeType":"application/json","encoding":"base64","text":"` + body + `"}}}`
	evs, errs, _, err := readAll(t, "s.har", harOf(entry), Options{})
	if err != nil || len(evs) != 1 || evs[0].Error == nil {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	dump, _ := json.Marshal(evs[0])
	if bytes.Contains(dump, []byte("QUOTEDSECRET")) {
		t.Errorf("a token quoted in an error code leaked into the event: %s", dump)
	}
	e := evs[0].Error
	if !strings.HasPrefix(e.Code, "invalid token redacted:") || !slices.Contains(e.Codes, "token_rejected") {
		t.Errorf("code %q codes %q: want the sentence redacted and token_rejected kept", e.Code, e.Codes)
	}
}

// TestZapierParamsEscaped: Zapier logs request params as an object; a
// value holding '&' or '#' must stay one parameter, redacted whole.
func TestZapierParamsEscaped(t *testing.T) {
	line := `{"message":"401 GET https://api.acme.example/v1/deals","data":{"log_type":"http","request_url":"https://api.acme.example/v1/deals","request_method":"GET","request_headers":"user-agent: Zapier","request_params":{"api_key":"Xy7&SECRETtail8Qw","password":"p#SECREThunter2","limit":"10"},"response_status_code":401,"response_headers":"content-type: application/json","response_content":"{\"error\":\"invalid_token\"}","timestamp":"2026-03-03T10:00:00.021Z","account_id":4811202}}` + "\n"
	evs, errs, _, err := readAll(t, "zapier.jsonl", []byte(line), Options{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	want := "https://api.acme.example/v1/deals?api_key=redacted:" + Fingerprint("Xy7&SECRETtail8Qw") + "&limit=10&password=redacted:" + Fingerprint("p#SECREThunter2")
	if evs[0].URL != want {
		t.Errorf("URL\n got %s\nwant %s", evs[0].URL, want)
	}
}

// TestBasicKeyAsUser: Freshdesk-style Basic auth sends the API key as the
// username with a stand-in password; at a token endpoint it is not a
// client id to name the connection by, and an error quoting it is
// scrubbed.
func TestBasicKeyAsUser(t *testing.T) {
	key := "Xq3ZbL9vSECRETuW4y"
	entry := `{"startedDateTime":"2026-03-02T12:00:00.000Z","time":12,
	"request":{"method":"POST","url":"https://api.acme.example/api/v2/auth/token","headers":[{"name":"Authorization","value":"Basic ` + base64.StdEncoding.EncodeToString([]byte(key+":X")) + `"}],
	 "postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=client_credentials"}},
	"response":{"status":401,"headers":[{"name":"Content-Type","value":"application/json"}],"content":{"mimeType":"application/json","text":"{\"error\":\"invalid_client\",\"error_description\":\"unknown key ` + key + `\"}"}}}`
	evs, errs, _, err := readAll(t, "s.har", harOf(entry), Options{})
	if err != nil || len(evs) != 1 || evs[0].Token == nil {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	if evs[0].Token.ClientID != "" {
		t.Errorf("client id %q, want none: the username is the key", evs[0].Token.ClientID)
	}
	if dump, _ := json.Marshal(evs[0]); bytes.Contains(dump, []byte("SECRET")) {
		t.Errorf("the key leaked into the event: %s", dump)
	}
	if !looksSecretID("6dcb09b5b57875f334f61aebed695e2e4193db5e") || looksSecretID("5fe01282e44241328a84e7c5cc169165") {
		t.Error("want a 40-digit hex id taken for a key and a 32-digit one (Spotify's client ids) kept")
	}
}

// TestGolden reads every file under testdata/golden and compares the
// Events with the .golden file beside it.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*")
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			evs, errs, st, err := readAll(t, filepath.Base(path), data, Options{})
			var out bytes.Buffer
			fmt.Fprintf(&out, "format: %s records: %d skipped: %d ignored: %d err: %v\n", st.Format, st.Records, st.Skipped, st.Ignored, err)
			for _, e := range errs {
				fmt.Fprintf(&out, "error: %s\n", e)
			}
			for _, e := range evs {
				e.Input = nil
				b, _ := json.Marshal(e)
				out.Write(b)
				out.WriteByte('\n')
			}
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./parser -update)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("events differ from %s (run go test ./parser -update and review the diff)\n got:\n%s", golden, out.Bytes())
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden inputs")
	}
}

// FuzzRead feeds arbitrary bytes to Read: it must never panic or hang, and
// its counts must match what it handed on.
func FuzzRead(f *testing.F) {
	f.Add(harOf(tokenEntry))
	f.Add([]byte(`{"time":"2026-03-02T10:00:00Z","method":"GET","url":"https://a.example/x","status":401}` + "\n"))
	f.Add([]byte(`{"time":"yesterday","method":"GET","url":"https://a.example/x","status":401}` + "\n"))
	f.Add([]byte(`{"log":{"entries":[{"startedDateTime":"bogus","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":401}}]}}`))
	f.Add([]byte(`{"time":"2026-03-10T08:00:01Z","method":"GET","url":"https://api.example.com/b","status":"error"}` + "\n" +
		`{"time":"2026-03-10T08:00:02Z","method":"GET","url":"https://api.example.com/c","status":true}` + "\n"))
	f.Add([]byte(`{"id":"r1","zap_id":5,"status":"error","start_time":"2026-03-09T10:00:00Z","error":"Got 500 calling GET https://x.example/a, expected 2xx."}` + "\n" +
		`{"links":{"next":null},"data":[{"id":"r2","zap_id":5,"status":"success"},7]}` + "\n" + `{"id":` + "\n"))
	f.Add([]byte(`{"log":{"entries":[{"startedDateTime":"2026-03-02T08:00:01Z","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":"OK"}}]}}`))
	f.Add([]byte("Task ID,Zap ID,Status,Date\nr1,7,error,03/09/2026 08:00\nr2,7,error,\"Mar 9, 2026 8:14:11 AM PST\"\n"))
	f.Add([]byte(`[{"Status":"401","Method":"GET","URL":"https://a.example/x"}]`))
	f.Add([]byte(`{"message":"401 GET https://a.example","data":{"log_type":"http","request_url":"https://a.example","response_status_code":401}}`))
	f.Add([]byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"http.response.status_code","value":{"intValue":"401"}}]}]}]}]}`))
	seedFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var n, bad int
		st, _ := Read(bytes.NewReader(data), "fuzz", Options{MaxRecordBytes: 1 << 20}, func(e *Event) { n++ }, func(e *RecordError) {
			if !e.Note {
				bad++
			}
		})
		if st.Records != n || st.Skipped != bad {
			t.Fatalf("stats %+v, saw %d events %d errors", st, n, bad)
		}
	})
}

var _ = io.EOF

// seedFiles adds the golden inputs and the samples to a fuzz corpus.
func seedFiles(f *testing.F) {
	golden, _ := filepath.Glob("testdata/golden/*")
	samples, _ := filepath.Glob("../samples/*/*")
	for _, p := range append(golden, samples...) {
		if strings.HasSuffix(p, ".golden") || strings.HasSuffix(p, ".md") {
			continue
		}
		if b, err := os.ReadFile(p); err == nil && len(b) <= 256<<10 {
			f.Add(b)
		}
	}
}

// FuzzDetect checks that format detection never panics and that a format
// it names is one Read accepts.
func FuzzDetect(f *testing.F) {
	seedFiles(f)
	f.Add([]byte("\xef\xbb\xbf[{"))
	f.Add([]byte("Task ID,Zap ID,Status\n"))
	f.Add([]byte("{\n  \"data\": [\n    {\"id\": \"r1\", \"zap_id\": 5, \"status\": \"error\"}\n  ]\n}\n"))
	f.Add([]byte("{\n  \"id\": \"r1\",\n  \"zap_id\": 5,\n  \"status\": \"error\"\n}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := Detect(bufio.NewReader(bytes.NewReader(data)), Options{})
		if err == nil && format == FormatUnknown {
			t.Fatal("no error and no format")
		}
	})
}

// TestWorkers: any number of decoding workers gives the same events in
// the same order, and the pipeline starts the number asked for.
func TestWorkers(t *testing.T) {
	data := []byte(strings.Join(benchEntries(3000), "\n") + "\n")
	read := func(workers int) []string {
		var out []string
		_, err := Read(bytes.NewReader(data), "w.jsonl", Options{Workers: workers}, func(e *Event) {
			out = append(out, fmt.Sprint(e.Source, e.Time, e.Method, e.URL, e.Status, e.Auth.TokenFP))
		}, func(e *RecordError) { t.Errorf("workers %d: %v", workers, e) })
		if err != nil {
			t.Fatalf("workers %d: %v", workers, err)
		}
		return out
	}
	want := read(0)
	if len(want) != 3000 {
		t.Fatalf("%d events, want 3000", len(want))
	}
	for _, w := range []int{1, 3} {
		if got := read(w); !slices.Equal(got, want) {
			t.Errorf("workers %d: events differ from the default's", w)
		}
		p := newPipeline(&sink{workers: w}, nil)
		p.close() // the workers end
		if p.workers != w {
			t.Errorf("Workers %d started %d", w, p.workers)
		}
	}
}

// FuzzCheckFieldPath: CheckFieldPath never panics, and gjson reads a path
// it takes without panicking.
func FuzzCheckFieldPath(f *testing.F) {
	for _, s := range []string{"time", "[[[", "http.url}", "a..b", `ts\`, `tags.#(name=="[x]").value`, "req.headers|@this", `a\.b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		if CheckFieldPath(path) == nil {
			gjson.Get(`{"a":{"b":[1,{"c":"d"}]},"tags":[{"name":"x","value":1}]}`, path)
		}
	})
}
