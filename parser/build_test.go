package parser

import (
	"fmt"
	"strings"
	"testing"
)

// hasBodyHintNaive is hasBodyHint as one Contains per hint.
func hasBodyHintNaive(s string) bool {
	for _, h := range bodyHints {
		if strings.Contains(s, h) {
			return true
		}
	}
	return false
}

// FuzzBodyHint holds the one-pass hint search equal to a Contains per
// hint.
func FuzzBodyHint(f *testing.F) {
	for _, h := range bodyHints {
		f.Add(h)
		f.Add("x" + h[:len(h)-1])
		f.Add(`{"data":[],"` + h + `":1}`)
	}
	f.Add(`{\"ok\":true}`)
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasBodyHint(s), hasBodyHintNaive(s); got != want {
			t.Fatalf("hasBodyHint(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestCommonHeadersNotSecret: keptHeader skips the secret-name test for
// commonHeaders, which is only right while none of them is one.
func TestCommonHeadersNotSecret(t *testing.T) {
	for name := range commonHeaders {
		if IsSecretName(name) {
			t.Errorf("%q is a secret's name: keptHeader must not skip it", name)
		}
		if keptHeader(name) || keptHeader(strings.ToUpper(name)) {
			t.Errorf("%q is kept", name)
		}
	}
	for _, name := range []string{"Authorization", "X-Api-Key", "Set-Cookie", "Content-Type", "X-Shopify-Access-Token", "private-token"} {
		if !keptHeader(name) {
			t.Errorf("%q is not kept", name)
		}
	}
}

// FuzzQuoteOrBackslash holds the eight-bytes-at-a-time search equal to a
// byte-by-byte one.
func FuzzQuoteOrBackslash(f *testing.F) {
	f.Add([]byte(`{\"data\":[{\"id\":\"x\"}]}`))
	f.Add([]byte("plain text without either, long enough for two words"))
	f.Add([]byte{0x22, 0x5c, 0xa2, 0xdc, 0x80, 0xff, 0x00, 0x21, 0x23, 0x5b, 0x5d})
	f.Fuzz(func(t *testing.T, b []byte) {
		want := -1
		for i, c := range b {
			if c == '"' || c == '\\' {
				want = i
				break
			}
		}
		if got := quoteOrBackslash(b); got != want {
			t.Fatalf("quoteOrBackslash(%q) = %d, want %d", b, got, want)
		}
	})
}

// FuzzPlainEnd holds the eight-bytes-at-a-time search equal to a
// byte-by-byte search for a quote, a backslash or a control byte.
func FuzzPlainEnd(f *testing.F) {
	f.Add("abcdefgh")
	f.Add("ab\"def\\h")
	f.Add("\x1f\x20\x7f\x80\xff\"\\a")
	f.Fuzz(func(t *testing.T, s string) {
		for from := 0; from <= len(s) && from < 9; from++ {
			want := from
			for want < len(s) && s[want] != '"' && s[want] != '\\' && s[want] >= 0x20 {
				want++
			}
			if got := plainEnd(s, from); got != want {
				t.Fatalf("plainEnd(%q, %d) = %d, want %d", s, from, got, want)
			}
		}
	})
}

// FuzzRedactURL: redacting a URL never panics, and a redacted URL has
// nothing left to redact (the redacted copy of a trace reads the same).
func FuzzRedactURL(f *testing.F) {
	for _, s := range []string{
		"https://api.example.com/v1/me?access_token=abc123secret&limit=5",
		"https://app.example.com/portal;jsessionid=F3A9C2B7D1E0?x=1;token=abcdef12",
		"http://m.example.com/(X(1)S(pvnzao4525kprh2z121oqv55))/idimage.aspx",
		"https://api.trello.com/1/tokens/e2c4a7f1d3b5a9c8e7f6d5c4b3a2910f/webhooks",
		"https://app.example.com/login?next=%2Foauth%2Fcb%3Faccess_token%3Dz8bN7mQ#code=x",
		"https://u:p@h.example/a[]?user[password]=x&api_key[]=y&id_token_hint=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
		"https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		r, host, path := redactURL(u)
		if r2, host2, path2 := redactURL(r); r2 != r || host2 != host || path2 != path {
			t.Fatalf("redactURL(%q) = %q (%q %q), and again %q (%q %q)", u, r, host, path, r2, host2, path2)
		}
	})
}

// FuzzRedactText: scrubbing free text never panics, and scrubbed text has
// nothing left to scrub.
func FuzzRedactText(f *testing.F) {
	for _, s := range []string{
		"Bearer ya29.a0AfB_byC-secret-token-value",
		"Got 400 calling POST https://outlook.office.com/webhook/5f0c8a2e-3b1d-4c7e-9a6f-2d8e1b4c7a90@9b7e3c1a-2f4d-4e8b-a6c5-1d3f7e9b2a48/IncomingWebhook/8c3f1e7a9b2d4c6e0f5a7b9c1d3e5f70/3e1a9c7b-5d2f-4b8e-a0c6-7f9d1b3e5a24?token=a1b2c3d4e5f6, expected 2xx.",
		"Invalid API key: aB9cD8eF7gH6iJ5 and password 'hunter2pw'",
		`{"access_token":"gho_16C7e42F292c6912E7710c838347Ae178B4a","code":"x"}`,
		"invalid refresh_token 1//0gLrTv9Qx at https://u:p@h.example/cb?code=abc#token=x",
		"token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNlY3JldA rejected",
		"login failed for user=bob password=p@ss word&x=1 ip=10.0.0.1; {\"password\": \"two words\"}",
		"Array\n(\n    [password] => hunt3r 2pw\n)\n[\"api_key\"]=>\n  string(8) \"k3yAbc99\"\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAvQWbCbGmG\n-----END RSA PRIVATE KEY-----",
		"config: {\n  auth: { username: 'fdK3yN1Zx9q', password: '' },\n  basic_auth: {:username=>\"hpK3y\", :pass=>\"X\"} }",
		"curl -H 'Authorization: Token token=\"ab1\", email=\"x@y.co\"' map[Authorization:[Bearer x9]] Authorization: Digest username=\"bob\"",
		"Header:map[Cookie:[sid=gC2x; lang=en]] {'Cookie': 'sid=p2'} 'set-cookie': [ 'a=b; Path=/' ] 'auth' => ['fdK3y', 'X', 'basic']",
		`_header: 'GET / HTTP/1.1\r\nAuthorization: Bearer ax1Q\r\nCookie: sid=axC2\r\n\r\n' \nredacted:0123456789 \tpassword is hunter2!`,
	} {
		f.Add(s)
	}
	fuzzIdempotent(f, "redactText", redactText)
}

// fuzzIdempotent holds redacting twice equal to redacting once.
func fuzzIdempotent(f *testing.F, name string, redact func(string) string) {
	f.Fuzz(func(t *testing.T, s string) {
		r := redact(s)
		if r2 := redact(r); r2 != r {
			t.Fatalf("%s(%q) = %q, and again %q", name, s, r, r2)
		}
	})
}

// FuzzRedactID: redacting an id never panics, and a redacted id has
// nothing left to redact (a redacted copy names connections the same).
func FuzzRedactID(f *testing.F) {
	for _, s := range []string{
		"ops@acme.example:sk_live_51Hq8Wm2Xr5Tz7Kp3Vn9Bc4",
		"ops@acme.example sk_live_abcdefghij1234",
		"Microsoft Outlook ada@contoso.example (60114233)",
		"svc:ghp_16C7e42F292c6912E7710c838347Ae178B4a",
		"https://hooks.example/x?api_key=abc123 ak_Xq8Wm2Xr5Tz7Kp3Vn9Bc",
	} {
		f.Add(s)
	}
	fuzzIdempotent(f, "redactID", redactID)
}

// TestLoginRequest: a POST that submits a user's password, in its body
// or to a login path, is marked Login; other requests are not.
func TestLoginRequest(t *testing.T) {
	line := func(method, url, body string) string {
		return fmt.Sprintf(`{"time":"2026-03-02T10:00:00Z","method":%q,"url":%q,"status":401,"request_headers":{"Content-Type":"application/json"},"request_body":%q}`, method, url, body)
	}
	tests := []struct {
		method, url, body string
		login             bool
	}{
		{"POST", "https://app.acme.example/api/auth/login", `{"username":"bob","password":"hunter2!"}`, true},
		{"POST", "https://app.acme.example/api/v1/auth", "user=bob&passwd=hunter2", true},
		{"POST", "https://app.acme.example/users/sign_in", "user%5Bemail%5D=bob%40acme.example&user%5Bpassword%5D=hunter2", true},
		{"POST", "https://api.stripe.com/v1/checkout/sessions", "mode=payment&success_url=https%3A%2F%2Facme.example", false},
		{"POST", "https://api.acme.example/v1/contacts", `{"name":"Passwordless Inc","password_hint":"x"}`, false},
		{"GET", "https://app.acme.example/login", "", false},
		{"POST", "https://api.acme.example/v1/sessions/123/messages", `{"text":"hi"}`, false},
	}
	for _, tt := range tests {
		evs, _, _, err := readAll(t, "l.jsonl", []byte(line(tt.method, tt.url, tt.body)+"\n"), Options{})
		if err != nil || len(evs) != 1 {
			t.Fatalf("%s %s: %d events, %v", tt.method, tt.url, len(evs), err)
		}
		if got := evs[0].Request.Login; got != tt.login {
			t.Errorf("%s %s %s: Login = %v, want %v", tt.method, tt.url, tt.body, got, tt.login)
		}
	}
	// A login that succeeded is not looked at: only refusals matter.
	ok := strings.Replace(line("POST", "https://app.acme.example/api/auth/login", `{"username":"bob","password":"hunter2!"}`), `"status":401`, `"status":200`, 1)
	if evs, _, _, _ := readAll(t, "l.jsonl", []byte(ok+"\n"), Options{}); len(evs) != 1 || evs[0].Request.Login {
		t.Errorf("a 200 login: %d events, Login set", len(evs))
	}
}

// TestHookOrAPI: a request to a webhook receiver is a delivery (Hook);
// a call to a provider's API that manages webhooks is not.
func TestHookOrAPI(t *testing.T) {
	for _, tt := range []struct {
		url  string
		hook bool
	}{
		{"https://hooks.zapier.com/hooks/catch/123456/abcdef/", true},
		{"https://hooks.slack.com/services/T000/B000/XXXX", true},
		{"https://api.customer-portal.example/webhook", true},
		{"https://crm.acme.example/integrations/webhooks/orders", true},
		{"https://acme-store.myshopify.com/admin/api/2024-01/webhooks.json", false},
		{"https://api.hubapi.com/webhooks/v3/123456/subscriptions", false},
		{"https://api.stripe.com/v1/webhook_endpoints", false},
		{"https://api.github.com/repos/acme/site/hooks/12345/pings", false},
		{"https://api.acme.example/v1/contacts", false},
	} {
		line := fmt.Sprintf(`{"time":"2026-03-02T10:00:00Z","method":"POST","url":%q,"status":400}`, tt.url)
		evs, _, _, err := readAll(t, "h.jsonl", []byte(line+"\n"), Options{})
		if err != nil || len(evs) != 1 {
			t.Fatalf("%s: %d events, %v", tt.url, len(evs), err)
		}
		if evs[0].Hook != tt.hook {
			t.Errorf("%s: Hook = %v, want %v", tt.url, evs[0].Hook, tt.hook)
		}
	}
}

// TestSalesforcePages: a Salesforce query's next page is requested at the
// nextRecordsUrl its first page offered, a query locator that is no
// secret: the page's cursor is that path, its list the query's, and done
// says the list ended.
func TestSalesforcePages(t *testing.T) {
	const next = "/services/data/v60.0/query/01gD0000002HU6KIAW-2000"
	data := `{"time":"2026-03-02T10:00:05Z","method":"GET","url":"https://acme.my.salesforce.com/services/data/v60.0/query?q=SELECT+Id+FROM+Account","status":200,"response_body":"{\"totalSize\":2500,\"done\":false,\"nextRecordsUrl\":\"` + next + `\",\"records\":[{\"Id\":\"001A\"}]}"}
{"time":"2026-03-02T10:00:06Z","method":"GET","url":"https://acme.my.salesforce.com` + next + `","status":200,"response_body":"{\"totalSize\":2500,\"done\":true,\"records\":[{\"Id\":\"001B\"}]}"}
`
	evs, _, _, err := readAll(t, "sf.jsonl", []byte(data), Options{})
	if err != nil || len(evs) != 2 || evs[0].Page == nil || evs[1].Page == nil {
		t.Fatalf("%d events, %v", len(evs), err)
	}
	p1, p2 := evs[0].Page, evs[1].Page
	if evs[1].Path != next {
		t.Errorf("the query locator was redacted: %s", evs[1].Path)
	}
	if p1.NextCursor == "" || p2.Cursor != p1.NextCursor || p1.ListKey != p2.ListKey || !p1.HasMore || p1.Last || p2.HasMore || !p2.Last {
		t.Errorf("pages %+v then %+v", *p1, *p2)
	}
}

// FuzzPagingParams holds pagingParams' one pass equal to queryParam over
// each list of names, which says what the paging parameters mean.
func FuzzPagingParams(f *testing.F) {
	for _, u := range []string{
		"https://api.hubapi.com/crm/v3/objects/contacts?limit=100&after=1234",
		"https://graph.microsoft.com/v1.0/users?$top=50&$skiptoken=X%2BY",
		"https://www.googleapis.com/drive/v3/files?pageSize=100&pageToken=abc&PAGETOKEN=def",
		"https://api.example.com/items?cursor=&after=c2&cursor=c3&offset=20&start=5&page=3&p=9&per_page=25&size=10",
		"https://api.example.com/items?Offset=40&OFFSET=50&page_number=2&count=7",
		"https://api.example.com/items?\u212aelvin=1&page=2&size=3", // a Kelvin sign folds to 'k'
		"https://api.example.com/items?%70age=4&limit=%31%30",
		"https://api.example.com/items",
	} {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, u string) {
		x := &exchange{url: u}
		want := [pagingKinds]string{queryParam(x, cursorParams...), queryParam(x, offsetParams...),
			queryParam(x, pageParams...), queryParam(x, limitParams...)}
		y := &exchange{url: u}
		if got := *y.pagingParams(); got != want {
			t.Fatalf("pagingParams(%q) = %q, want %q", u, got, want)
		}
	})
}

// TestErrorFactsCache: a worker's remembered error facts are the facts
// errorFacts gives for the same response, each caller gets its own copy
// (scrubEvent changes them), and a response that differs in its status,
// content type or WWW-Authenticate alone is not taken for another.
func TestErrorFactsCache(t *testing.T) {
	body := []byte(`{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired.","innerError":{"request-id":"7c1e"}}}`)
	www := `Bearer realm="", error="invalid_token", error_description="The access token has expired"`
	c := newTokenCache()
	for _, tc := range []struct {
		status   int
		ct, www  string
		body     []byte
		wantCode string
	}{
		{401, "application/json", www, body, "InvalidAuthenticationToken"},
		{401, "application/json", "", body, "InvalidAuthenticationToken"},
		{401, "application/json", `Bearer error="insufficient_scope"`, []byte(`{"message":"denied"}`), "insufficient_scope"},
		{403, "text/html", "", []byte(`error=access_denied&error_description=nope`), ""},
		{403, "text/plain", "", []byte(`error=access_denied&error_description=nope`), "access_denied"},
	} {
		want := errorFacts(tc.status, tc.ct, tc.body, tc.www)
		for range 2 { // a miss, then a hit
			got := c.errorFacts(tc.status, tc.ct, tc.body, tc.www)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%d %s %q: cached %+v, want %+v", tc.status, tc.ct, tc.www, got, want)
			}
			if got.Code != tc.wantCode {
				t.Errorf("%d %s %q: code %q, want %q", tc.status, tc.ct, tc.www, got.Code, tc.wantCode)
			}
			got.Text = "changed"
			if len(got.Codes) > 0 {
				got.Codes[0] = "changed"
			}
		}
	}
	if n := len(c.errs); n != 5 {
		t.Errorf("%d responses remembered, want 5", n)
	}
}
