package parser

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestRedactID: ids from the input keep their form, but the credentials
// labels carry are fingerprinted.
func TestRedactID(t *testing.T) {
	fp := func(s string) string { return "redacted:" + Fingerprint(s) }
	tests := []struct{ in, want string }{
		{"ops@acme.example:sk_live_51Hq8Wm2Xr5Tz7Kp3Vn9Bc4", "ops@acme.example:" + fp("sk_live_51Hq8Wm2Xr5Tz7Kp3Vn9Bc4")},
		{"user@x.example:pw99secret", "user@x.example:" + fp("pw99secret")},
		{"xoxb-1871779244158-4a8bXq9Zk2Lm", fp("xoxb-1871779244158-4a8bXq9Zk2Lm")},
		{"svc:ghp_16C7e42F292c6912E7710c838347Ae178B4a", "svc:" + fp("ghp_16C7e42F292c6912E7710c838347Ae178B4a")},
		{"ak_Xq8Wm2Xr5Tz7Kp3Vn9Bc", fp("ak_Xq8Wm2Xr5Tz7Kp3Vn9Bc")},
		{"https://hooks.example/x?api_key=abc123", "https://hooks.example/x?api_key=" + fp("abc123")},
		// ids, kept
		{"HubSpot acme-eu (21774201)", "HubSpot acme-eu (21774201)"},
		{"5b3f9a1e-2c4d-4e6f-8a7b-9c0d1e2f3a4b", "5b3f9a1e-2c4d-4e6f-8a7b-9c0d1e2f3a4b"},
		{"Microsoft Outlook ada@contoso.example (60114233)", "Microsoft Outlook ada@contoso.example (60114233)"},
		{"svc@db.internal:5432", "svc@db.internal:5432"},
		{"00D5g000004XyZ1EAK", "00D5g000004XyZ1EAK"},
		{"acct-42", "acct-42"},
		{"bob@acme.com:Production", "bob@acme.com:Production"},
		{"ops@acme.example (sk_live_abcdefghij1234)", "ops@acme.example (" + fp("sk_live_abcdefghij1234") + ")"},
		{"Gmail JohnSmithWorkAccount2024", "Gmail JohnSmithWorkAccount2024"},
		{"QuickBooksOnlineSandbox2026-03", "QuickBooksOnlineSandbox2026-03"},
	}
	for _, tt := range tests {
		if got := redactID(tt.in); got != tt.want {
			t.Errorf("redactID(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := redactID(tt.want); got != tt.want {
			t.Errorf("redactID(%q) = %q: not idempotent", tt.want, got)
		}
	}
}

// TestRedactTextShapes: secrets in the shapes error messages and logs
// write them, and look-alikes that stay.
func TestRedactTextShapes(t *testing.T) {
	tests := []struct{ in, secret, keep string }{
		{"auth failed for sk_live_51Hq8Wm2Xr5Tz7Kp3", "Hq8Wm2Xr5Tz7Kp3", "auth failed for redacted:"},
		{"headers: Authorization=Bearer%20ya29LEAKabc12345", "LEAKabc12345", "Authorization=Bearer%20redacted:"},
		{`params: api_key\u003dsk9Xq8Wm2Xr5T`, "sk9Xq8Wm2Xr5T", `api_key\u003dredacted:`},
		// what is not secret stays as written, escapes included
		{"GET /cb?next=%2Fa%26b%3Dc&h=Authorization%3A%20Bearer%20abcdefgh12345678 failed", "abcdefgh12345678", "GET /cb?next=%2Fa%26b%3Dc&h=Authorization%3A%20Bearer%20redacted:"},
		{"first%0Asecond Authorization%3A%20Bearer%20abcdefgh12345678", "abcdefgh12345678", "first%0Asecond Authorization%3A%20Bearer%20redacted:"},
		{"token%3D%2541bcdefgh12345678", "bcdefgh12345678", "token%3Dredacted:"},
		{"<error><access_token>xmltok12345</access_token></error>", "xmltok12345", "<access_token>redacted:"},
		{"Bearer\u00a0ya29.a0AfB_secretvalue", "a0AfB_secretvalue", "Bearer\u00a0redacted:"},
		{"invalid session key sess_9Xq8Wm2Xr5", "sess_9Xq8Wm2Xr5", "session key redacted:"},
		{"proxy auth bob:hunter2pw@proxy failed", "hunter2pw", "@proxy failed"},
		{"connect postgres://svc:pgpass12@db.internal:5432/app failed", "pgpass12", "@db.internal:5432/app failed"},
		{`parse "postgres://sync:Xk#92pLk1@db.internal:5432/app": net/url: invalid userinfo`, "92pLk1", `"postgres://redacted:`},
		{"GET https://api.example.com:8443/users?email=bob@acme.example failed", "", "https://api.example.com:8443/users?email=bob@acme.example failed"},
		// as Go, Java, Ruby and PHP print headers and maps
		{"headers map[X-Api-Key:[gomap04Xk9q]] password=[hunter2pw08] apiKey=(paren16Zq9x) X-API-KEY => arrow17Qw8e",
			"gomap04Xk9q", "password=[redacted:"},
		{"password=[hunter2pw08] apiKey=(paren16Zq9x) X-API-KEY => arrow17Qw8e", "hunter2pw08", "apiKey=(redacted:"},
		{"apiKey=(paren16Zq9x) X-API-KEY => arrow17Qw8e", "arrow17Qw8e", "X-API-KEY => redacted:"},
		// base64 with slashes, HTML entities, a line break, prose
		{"computed sig+ab/cd/ef/gh+ij0kl1mn2op3qr4st5uv6= mismatch", "ij0kl1mn2op3", "computed redacted:"},
		{"&lt;access_token&gt;xml09abcdef&lt;/access_token&gt; apikey&#61;htmlent06ab", "xml09abcdef", "&lt;access_token&gt;redacted:"},
		{"apikey&#61;htmlent06ab", "htmlent06ab", "apikey&#61;redacted:"},
		{"Authorization: Bearer\nnl03X12345aBcQ", "nl03X12345aBcQ", "Bearer\nredacted:"},
		{"access_token=\ncsv04nlXyz99", "csv04nlXyz99", "access_token=\nredacted:"},
		{"the client secret Prose30xQwErTy is invalid", "Prose30xQwErTy", "client secret redacted:"},
		{"Session s3Ss01aBcDeFgH is expired", "s3Ss01aBcDeFgH", "Session redacted:"},
		{"The signature SHA256withRSA verification failed", "", "signature SHA256withRSA verification"},
		{"refresh_token:\nAADSTS700082: The refresh token has expired", "", "refresh_token:\nAADSTS700082: The refresh token"},
		{"access_token=\nerror=invalid_grant", "", "access_token=\nerror=invalid_grant"},
		{"Authorization: Bearer\nUser-Agent: acme/1.0", "", "Bearer\nUser-Agent: acme/1.0"},
		{"password:\n  Your password must be longer", "", "password:\n  Your password must"},
		{"<p>Back to &amp;amp;amp;amp;amp;home</p> password&#61;Hunter2Secret!", "Hunter2Secret", "password&#61;redacted:"},
		// look-alikes, kept as written
		{"<detail><Code>LOGIN_FAILED</Code></detail>", "", "<Code>LOGIN_FAILED</Code>"},
		{"GET /api/v1/users/12345/orders/67890/items/abcdef failed", "", "/api/v1/users/12345/orders/67890/items/abcdef"},
		{"session 12345 expired; secret rotation due; key = value", "", "session 12345 expired; secret rotation due; key = value"},
		{"a &amp; b &lt;3", "", "a &amp; b &lt;3"},
		// a name that is also an English word, in a pair that is surely one
		{`{"auth":"authN1Zx9Cv3","user":"bob"}`, "authN1Zx9Cv3", `{"auth":"redacted:`},
		{"GET /v1/login?x=1 session=sessN6Zx9Cv3&user=bob", "sessN6Zx9Cv3", "session=redacted:"},
		{"Invalid parameter key=email", "", "key=email"},
		// a pair whose name is given apart from its value
		{`headers: [{"name":"X-Shopify-Access-Token","value":"shopN7Zx9Cv3"},{"name":"Accept","value":"application/json"}]`, "shopN7Zx9Cv3", `"value":"application/json"`},
		{`<appSettings><add key="ApiKey" value="xmlN15Zx9q" /><add key="Region" value="eu-west-1" /></appSettings>`, "xmlN15Zx9q", `value="eu-west-1"`},
		{`{"type":"password","value":"hunter2pw9","temporary":false}`, "hunter2pw9", `"temporary":false`},
		{`{"name":"page","value":"2"}`, "", `{"name":"page","value":"2"}`},
		// SQL
		{"ALTER USER app IDENTIFIED BY 'oraN9Zx9Cv3'", "oraN9Zx9Cv3", "IDENTIFIED BY 'redacted:"},
		{"sorted by 'name2' first", "", "sorted by 'name2' first"},
		{`<wsse:Password Type="#PasswordText">`, "", `<wsse:Password Type="#PasswordText">`},
		{"GET /files/a%2Fb?q=caf%C3%A9 failed", "", "GET /files/a%2Fb?q=caf%C3%A9 failed"},
		{"mail bob@acme.example at 10:00", "", "mail bob@acme.example at 10:00"},
		{"Permission denied for member serviceAccount:sync@acme-prod.iam.gserviceaccount.com", "", "serviceAccount:sync@acme-prod.iam.gserviceaccount.com"},
		{"contact {mailto:ops@acme.example} or (user:alice@acme.example)", "", "{mailto:ops@acme.example} or (user:alice@acme.example)"},
		{"Pass: true; authentication: required", "", "Pass: true; authentication: required"},
		// an unquoted key and a quoted value, as in a JavaScript object
		{"mailer config: { host: 'smtp.acme.example', auth: { user: 'bob@acme.example', pass: 'jsN1Zx9' } }", "jsN1Zx9", "pass: 'redacted:"},
		{`{ session: "jsN2Zx9Cv" }`, "jsN2Zx9Cv", `session: "redacted:`},
		{"sort: { key: 'email', auth: 'none' }", "", "sort: { key: 'email', auth: 'none' }"},
		// SMTP AUTH PLAIN and AUTH LOGIN arguments
		{"535 5.7.8 Authentication failed: AUTH PLAIN AGJvYgBzbXRwTjFaeDk=", "AGJvYgBzbXRwTjFaeDk", "AUTH PLAIN redacted:"},
		{"AUTH LOGIN Ym9i c210cE4yWng5 rejected", "c210cE4yWng5", "AUTH LOGIN redacted:"},
		{"AUTH LOGIN Ym9i c210cE4yWng5 rejected", "Ym9i", " rejected"},
		{"AUTH PLAIN is disabled; AUTH LOGIN user with TLS only", "", "AUTH PLAIN is disabled; AUTH LOGIN user with TLS only"},
		// an UPPER_SNAKE_CASE word after code= is an error code
		{"auth refresh failed (code=EXPIRED_AUTHENTICATION, status=401)", "", "code=EXPIRED_AUTHENTICATION, status=401"},
		// and so is a PascalCase name of whole words (Microsoft's
		// Continuous Access Evaluation names the policy that challenged)
		// an error code stating a secret's state is followed by its message, not the secret
		{"Error from Salesforce: INVALID_SESSION_ID: Session expired or invalid", "", "INVALID_SESSION_ID: Session expired or invalid"},
		{"MISSING_API_KEY: Header x-api-key is required", "", "MISSING_API_KEY: Header x-api-key is required"},
		{"INVALID_SESSION_ID: 00D5g000004XyZ1!AQ0AQHq8Wm2Xr5Tz7Kp3LmN9bV4cX6zQ", "AQ0AQHq8Wm2Xr5Tz7Kp3LmN9bV4cX6zQ", "INVALID_SESSION_ID: "},
		{"SESSION_ID: Sessionvalue", "Sessionvalue", "SESSION_ID: redacted:"},
		{"Continuous access evaluation resulted in challenge with result: InteractionRequired and code: LocationConditionEvaluationSatisfied", "",
			"result: InteractionRequired and code: LocationConditionEvaluationSatisfied"},
		{"callback ?code=TokenIssuedBeforeRevocationTimestamp", "", "code=TokenIssuedBeforeRevocationTimestamp"},
		// an authorization code is no such name, capitals and all
		{"exchanging code: SplxlOBeZQQYbYS6WxSbIA failed", "SplxlOBeZQQYbYS6WxSbIA", "code: redacted:"},
		{"GET /cb?code=INVALID_SESSION_ID&state=x failed", "", "code=INVALID_SESSION_ID&state=x"},
		{"callback code=4_0AeaYSHBqc1xq7Vb8Zx9 state=x", "4_0AeaYSHBqc1xq7Vb8Zx9", "code=redacted:"},
		// a key=value after a scheme's name is no credential
		{"token rejected: token_type=Bearer expires_in=3600 issued_at=1772791200", "", "token_type=Bearer expires_in=3600 issued_at=1772791200"},
		{"Authorization: Bearer bearerN1Zx9q expires_in=3600", "bearerN1Zx9q", "Bearer redacted:"},
		{"Authorization: Bearer YmVhcmVyTjJaeDlx== rejected", "YmVhcmVyTjJaeDlx", "Bearer redacted:"},
		// every cookie of a quoted Cookie header, names kept
		{"Cookie: _ga=GA1.2.1234.5678; HSID=AYQ5pxNs6Rlf; sid=ckN1Zx9 rejected", "ckN1Zx9", "HSID=redacted:"},
		{"Cookie: _ga=GA1.2.1234.5678; HSID=AYQ5pxNs6Rlf; sid=ckN1Zx9 rejected", "AYQ5pxNs6Rlf", "; sid=redacted:"},
		{`{"error":"Cookie: lang=en; connect.sid=s%3AckN2Zx9.sig"}`, "ckN2Zx9", `connect.sid=redacted:`},
		{"Cookie: ckN3Zx9abc; retry", "ckN3Zx9abc", "Cookie: redacted:"},
		{"Cookie: sid=ckN4Zx9 rejected; lang=en", "ckN4Zx9", "Cookie: sid=redacted:"},
		{"Cookie: sid=ckN4Zx9 rejected; lang=en", "", "rejected; lang=en"},
		// raw request headers with escaped line breaks, as axios's error
		// (request._header) and Python's http.client debug output show them
		{`  request: ClientRequest {\n    _header: 'GET /v1/me HTTP/1.1\r\nAccept: application/json\r\nAuthorization: Bearer ax1Q\r\nCookie: sid=axC2; lang=en\r\nHost: api.acme.example\r\n\r\n',`,
			"ax1Q", `\r\nAuthorization: Bearer redacted:`},
		{`  request: ClientRequest {\n    _header: 'GET /v1/me HTTP/1.1\r\nAccept: application/json\r\nAuthorization: Bearer ax1Q\r\nCookie: sid=axC2; lang=en\r\nHost: api.acme.example\r\n\r\n',`,
			"axC2", `\r\nCookie: sid=redacted:`},
		{`send: b'POST /oauth/token HTTP/1.1\r\nHost: login.acme.example\r\nAuthorization: Basic YWI6Yw==\r\nContent-Length: 29\r\n\r\n'`, "YWI6Yw", `\r\nAuthorization: Basic redacted:`},
		{`C:\new\temp\repo\token.txt not found; line1\nline2\tcol`, "", `C:\new\temp\repo\token.txt not found; line1\nline2\tcol`},
		// the same header quoted as Go, Python, Ruby and Node print headers
		{"req: &{Method:GET URL:https://api.acme.example/v1/me Header:map[Accept:[*/*] Cookie:[sid=goC2x; lang=en]] Body:<nil>}", "goC2x", "Cookie:[sid=redacted:"},
		{"send headers={'Accept': '*/*', 'Cookie': 'sid=pyC2x; csrftoken=pyC3xQ'}", "pyC2x", "'Cookie': 'sid=redacted:"},
		{`@headers={"Cookie"=>"_gh_sess=rbC2x; lang=en"}`, "rbC2x", `"Cookie"=>"_gh_sess=redacted:`},
		{"headers: { 'set-cookie': [ 'sid=ndC3x; Path=/; HttpOnly' ], 'content-type': 'application/json' }", "ndC3x", "'set-cookie': [ 'sid=redacted:"},
		// names ending in a short password word after a separator or in camelCase
		{"env: DB_PASS=envN1Zx9 SMTP_PASS=envN2Zx9", "envN2Zx9", "SMTP_PASS=redacted:"},
		{"env: DB_PASS=envN1Zx9 MYSQL_PWD=envN3Zx9", "envN1Zx9", "DB_PASS=redacted:"},
		{`{"proxyPass":"camN1Zx9","bindPw":"camN2Zx9"}`, "camN2Zx9", `"proxyPass":"redacted:`},
		{"sync failed: bypass=cacheOnly2 compass=north42", "", "bypass=cacheOnly2 compass=north42"},
		{"b){a.scheme=b;return a};_.pw=function(a){return a}", "", "_.pw=function(a)"},
		{"username=bob&password1=formN1Zx9&password2=formN1Zx9&email_confirmation=yes2", "formN1Zx9", "password2=redacted:"},
		{"new_password1=formN2Zx9 password_confirmation=formN3Zx9", "formN3Zx9", "password_confirmation=redacted:"},
		{"username=bob&step2=form4done&email_confirmation=yes2", "", "step2=form4done&email_confirmation=yes2"},
		// Spring Security's OAuth2AccessToken as Jackson writes it: tokenValue
		// is the token, and a nested object's first key is no value
		{`session: {"accessToken":{"tokenValue":"sp0Tk9x2Lm","issuedAt":1772791200.0,"tokenType":{"value":"Bearer"}},"refreshToken":{"tokenValue":"spR3fQ7w"}}`, "sp0Tk9x2Lm", `{"accessToken":{"tokenValue":"redacted:`},
		{`session: {"accessToken":{"tokenValue":"sp0Tk9x2Lm","issuedAt":1772791200.0,"tokenType":{"value":"Bearer"}},"refreshToken":{"tokenValue":"spR3fQ7w"}}`, "spR3fQ7w", `"refreshToken":{"tokenValue":"redacted:`},
		{`cache: {"sk_live_51Hq8Wm2Xr5Tz7Kp3Vn9Bc4Hd6J": {"expires": 1772446364}}`, "Hq8Wm2Xr5Tz7Kp3", `cache: {"redacted:`},
		// a short token after "token", as code and prose write it
		{`debug {"token":"abcZx9Qk2","user":"bob"}`, "abcZx9Qk2", `"user":"bob"`},
		{"cache miss for token: abcZx9Qk2", "abcZx9Qk2", "for token: redacted:"},
		{"token: expired; token=3600; token: Bearer2", "", "token: expired; token=3600; token: Bearer2"},
		// after an explicit introducer — Rails' Token token=, a scheme at the
		// start of an Authorization header — a token of any length
		{`replay: curl -H 'Authorization: Token token="rl4Zx9"' https://api.acme.example/v1/projects`, "rl4Zx9", `token="redacted:`},
		{`HTTP_AUTHORIZATION: Token token=rl5Zx9, email="ops@acme.example"`, "rl5Zx9", `, email="ops@acme.example"`},
		{`auth header was Token token=abc123, email="x@y.com"`, "abc123", `Token token=redacted:`},
		{`Authorization: Token nonce="n0nce1", token="rl6Zx"`, "rl6Zx", `nonce="n0nce1", token="redacted:`},
		{`request headers {"Authorization": "Token tk8x", "Accept": "application/json"}`, "tk8x", `"Token redacted:`},
		{"headers map[Authorization:[Bearer ab1c]]", "ab1c", "[Bearer redacted:"},
		{"GET /v1/me Authorization=Bearer%20ab2c HTTP/1.1", "ab2c", "Bearer%20redacted:"},
		{"Authorization: Bearer is missing; Authorization: Token token=, email=\"x\"; WWW-Authenticate: Token realm=\"Application\"", "",
			"Authorization: Bearer is missing; Authorization: Token token=, email=\"x\"; WWW-Authenticate: Token realm=\"Application\""},
		{"token=42 tokens; the token is short; Preauthorization: Bearer abc", "", "token=42 tokens; the token is short; Preauthorization: Bearer abc"},
		// text beside a fingerprint is kept only when no secret could hide in it
		{"dsn https://bob:xredacted:Hunter2pass@db.internal/x", "Hunter2pass", "@db.internal/x"},
		{"see https://x.io/a/redacted:a67c2704ad/000000000000000000000 now", "", "https://x.io/a/redacted:a67c2704ad/000000000000000000000 now"},
		// a value named apart from its name: list items, commands, prose
		{"metadata=(('x-api-key', 'grpcN1Zx9Cv3q'), ('x-request-id', 'r1'))", "grpcN1Zx9Cv3q", "('x-request-id', 'r1')"},
		{"rawHeaders: [ 'X-Api-Key', 'nodeN2Zx9Cv3q', 'Host', 'api.acme.example' ]", "nodeN2Zx9Cv3q", "'Host', 'api.acme.example'"},
		{`fields ["token", "refresh_token", "password", "email"] required`, "", `["token", "refresh_token", "password", "email"]`},
		{"SET PASSWORD FOR 'sync'@'%' = 'mysqlN3Zx9!'; FLUSH PRIVILEGES", "mysqlN3Zx9", "; FLUSH PRIVILEGES"},
		{"SET PASSWORD = PASSWORD('oldN4Zx9Cv3')", "oldN4Zx9Cv3", "= PASSWORD('redacted:"},
		{"set password then check status = ok", "", "set password then check status = ok"},
		{"replay: curl -u sync:curlN5Zx9 https://api.acme.example/v1/me", "curlN5Zx9", "curl -u redacted:"},
		{"curl --user=sync:curlN6Zx9 -X POST", "curlN6Zx9", "--user=redacted:"},
		{"sort -u names:ids; curl -u sync https://api.acme.example", "", "sort -u names:ids; curl -u sync https"},
		{"replay failed: mysql -h db -u root -pcliN1Zx9 crm", "cliN1Zx9", "-u root -predacted:"},
		{"docker login -u bob -p cliN2Zx9 registry.acme.example", "cliN2Zx9", "-p redacted:"},
		{"redis-cli -h cache -a cliN3Zx9 ping", "cliN3Zx9", "-a redacted:"},
		{"http -a bob:cliN4Zx9 GET https://api.acme.example/v1/me", "cliN4Zx9", "http -a redacted:"},
		{"http --auth=bob:cliN5Zx9 GET https://api.acme.example/v1/me", "cliN5Zx9", "--auth=redacted:"},
		{"sshpass -p cliN6Zx9 ssh deploy@host failed", "cliN6Zx9", "sshpass -p redacted:"},
		{"mysql -h db -u root -p crm; ls -a bob:x; tar -p -cf a.tar dir; grep -pattern file", "", "mysql -h db -u root -p crm; ls -a bob:x; tar -p -cf a.tar dir; grep -pattern file"},
		{"GET https://api.acme.example -a bob:cfg2 failed", "", "-a bob:cfg2 failed"},
		{"the password is hunterN7x! for bob", "hunterN7x", "the password is redacted:"},
		{"the password is incorrect", "", "the password is incorrect"},
		{"Token expired: tokN8Zx9cv3 (issued 2026-03-02T10:00:00Z)", "tokN8Zx9cv3", "(issued 2026-03-02T10:00:00Z)"},
		{"token expired: 2026-03-02T10:00:00Z, the token is 3600 seconds old", "", "token expired: 2026-03-02T10:00:00Z, the token is 3600 seconds old"},
		{"Token invalid: exp=1772449964; the API key is invalid", "", "Token invalid: exp=1772449964; the API key is invalid"},
		// placeholders a client sent for a secret it never had are shown as
		// written; a secret that only starts like one is not a placeholder
		{"Authorization: Bearer undefined", "", "Authorization: Bearer undefined"},
		{"refresh failed: client_secret=None&client_id=abc", "", "client_secret=None&client_id=abc"},
		{"client_secret: null; client_id: abc", "", "client_secret: null; client_id: abc"},
		{"GET https://api.acme.example/v1/me?access_token=undefined failed", "", "?access_token=undefined failed"},
		{`{"password":"NaN","token":"[object Object]","api_key":"nil"}`, "", `{"password":"NaN","token":"[object Object]","api_key":"nil"}`},
		{"Authorization: Bearer undefinedQx9Zk2", "undefinedQx9Zk2", "Bearer redacted:"},
		{"client_secret=NoneSuch9Zx&client_id=abc", "NoneSuch9Zx", "client_secret=redacted:"},
		{`{"password":"nullZx9Qk2"}`, "nullZx9Qk2", `{"password":"redacted:`},
		// a user and password handed to code that quotes them: the password goes
		{"r = requests.get(url, auth=('api', 'tupN1Zx9q'))", "tupN1Zx9q", "auth=('api', 'redacted:"},
		{`requests.get(url, auth=HTTPBasicAuth('bob', 'tup N2!Zx9'))`, "N2!Zx9", "HTTPBasicAuth('bob', 'redacted:"},
		{"session.auth = ('bob','tupN3Zx9q')", "tupN3Zx9q", "session.auth = ('bob','redacted:"},
		{"es = Elasticsearch(hosts, basic_auth=(\"elastic\", \"tupN4Zx9q\"))", "tupN4Zx9q", `basic_auth=("elastic", "redacted:`},
		{`new UsernamePasswordCredentials("bob","tupN5Zx9q")`, "tupN5Zx9q", `UsernamePasswordCredentials("bob","redacted:`},
		{`new PasswordAuthentication("bob", "tupN6Zx9q".toCharArray())`, "tupN6Zx9q", `PasswordAuthentication("bob", "redacted:`},
		{"oauth=('web', 'mobile') author=('Jane', 'Austen') print(('bob', 'alice'))", "", "oauth=('web', 'mobile') author=('Jane', 'Austen') print(('bob', 'alice'))"},
		// with an empty or stand-in password the user is the API key
		{"stripe.py:12 requests.post(url, auth=('sk_live_abcdef123456', ''), data=d)", "abcdef123456", "auth=('redacted:"},
		{"stripe.py:12 requests.post(url, auth=('sk_test_4eC39H', ''))", "4eC39H", "auth=('redacted:"},
		{`resp = requests.get(url, auth=("KEY123abc", ""))`, "KEY123abc", `auth=("redacted:`},
		{`requests.get("https://acme.freshdesk.com/api/v2/tickets", auth=("fdK3yN1Zx9q", "X"))`, "fdK3yN1Zx9q", `", "X"))`},
		{"toggl: auth=HTTPBasicAuth('tgN2Zx9q', 'api_token')", "tgN2Zx9q", "'api_token')"},
		{`req.SetBasicAuth("goK3yN3Zx9", "")`, "goK3yN3Zx9", `SetBasicAuth("redacted:`},
		{"print(('abcd', '')) auth=('bob', 'x', 'y')", "", "print(('abcd', '')) auth=('bob', 'x', 'y')"},
		// Guzzle's auth option, a list: the key as the user, or a password
		{"PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\ClientException: Client error: `GET https://acme.freshdesk.com/api/v2/tickets` resulted in a `401 Unauthorized` response in /var/www/app/Api.php:31 options: ['base_uri' => 'https://acme.freshdesk.com/api/v2/', 'auth' => ['fdK3yQ9x', 'X']]",
			"fdK3yQ9x", "'auth' => ['redacted:"},
		{"$client = new Client(['defaults' => ['auth' => [\"gzK3yQ8x\", \"\", 'basic']]]);", "gzK3yQ8x", `['auth' => ["redacted:`},
		{"$client->get($url, ['auth' => ['bob', 'gzPw7x!q', 'digest']]);", "gzPw7x", "['auth' => ['bob', 'redacted:"},
		{`{"petstore_auth": ["write:pets", "read:pets"]} 'auth' => ['bob', 'x', 'y', 'z']`, "", `{"petstore_auth": ["write:pets", "read:pets"]} 'auth' => ['bob', 'x', 'y', 'z']`},
		// the same in an auth object, as Node's util.inspect, JSON and Ruby print it
		{"AxiosError: Request failed with status code 401\n    at settle (/app/node_modules/axios/dist/node/axios.cjs:1966:12) {\n  code: 'ERR_BAD_REQUEST',\n  config: {\n    timeout: 0,\n    headers: Object [AxiosHeaders] {\n      Accept: 'application/json, text/plain, */*',\n      'User-Agent': 'axios/1.6.8'\n    },\n    auth: { username: 'sk_live_51HxQz', password: '' },\n    method: 'get',\n    url: 'https://api.stripe.com/v1/charges'\n  }",
			"51HxQz", "    auth: { username: 'redacted:"},
		{"config: { auth: { username: 'fdK3yN1Zx9q', password: 'X' }, url: 'https://acme.freshdesk.com/api/v2/tickets' }", "fdK3yN1Zx9q", "', password: 'X' }, url: 'https://acme.freshdesk.com/api/v2/tickets' }"},
		{"  config: {\n    auth: {\n      username: 'bhrK3yN1Zx9',\n      password: 'x'\n    },\n    method: 'get'", "bhrK3yN1Zx9", "username: 'redacted:"},
		{`{"message":"Request failed with status code 401","config":{"url":"https://acme.freshdesk.com/api/v2/tickets","auth":{"username":"fdK3yN2Zx9q","password":"X"}}}`, "fdK3yN2Zx9q", `"auth":{"username":"redacted:`},
		{`{"detail":"{\"auth\":{\"username\":\"fdK3yN3Zx9q\",\"password\":\"\"}}"}`, "fdK3yN3Zx9q", `{\"auth\":{\"username\":\"redacted:`},
		{"request options: { uri: '/v1/me', auth: { user: 'rqK3yN4Zx9', pass: '', sendImmediately: true } }", "rqK3yN4Zx9", "sendImmediately: true } }"},
		{`HTTParty options: {:basic_auth=>{:username=>"hpK3yN5Zx9", :password=>""}, :format=>:json}`, "hpK3yN5Zx9", `{:username=>"redacted:`},
		{`options: {basic_auth: {username: "hpK3yN6Zx9", password: "X"}}`, "hpK3yN6Zx9", `{username: "redacted:`},
		{"got options: { basicAuth: { username: 'gtK3yN7Zx9', password: undefined } }", "gtK3yN7Zx9", "password: undefined } }"},
		{"auth: { username: 'bob.smith', password: 'tupN7Zx9q' } oauth: { username: 'alice', password: '' } user: { username: 'carol', password: '' } auth: { username: 'dave', password: process.env.PW }", "tupN7Zx9q",
			"auth: { username: 'bob.smith', password: 'redacted:"},
		{"oauth: { username: 'alice', password: '' } user: { username: 'carol', password: '' } OAuth: { user: 'erin', pass: '' } auth: { username: 'dave', password: process.env.PW }", "",
			"oauth: { username: 'alice', password: '' } user: { username: 'carol', password: '' } OAuth: { user: 'erin', pass: '' } auth: { username: 'dave', password: "},
		// the same in a record as Java, Kotlin, C#, Python, Ruby and Go print
		// one: the user goes when the password is empty or a stand-in
		{"auth=BasicAuth[username=sk_live_51Habc7Zx9qLm4Tw, password=]", "51Habc7Zx9qLm4Tw", "BasicAuth[username=redacted:"},
		{"proxy login with UsernamePasswordCredentials[userName=fdK3yR1Zx9q, password=]", "fdK3yR1Zx9q", "[userName=redacted:"},
		{"Credentials(user=bhrKeyR2Zx9, password=) rejected", "bhrKeyR2Zx9", ", password=) rejected"},
		{"auth: BasicAuth(login=plainletterskey, password=)", "plainletterskey", "(login=redacted:"},
		{"BasicAuthenticator{username='fdK3yR3Zx9q', password=''}", "fdK3yR3Zx9q", "{username='redacted:"},
		{"PasswordAuthentication(userName=fdK3yR4Zx9q, password=[])", "fdK3yR4Zx9q", ", password=[])"},
		{"Credential(username=fdK3yR5Zx9q, password=null)", "fdK3yR5Zx9q", ", password=null)"},
		{"NetworkCredential { UserName = fdK3yR6Zx9q, Password =  }", "fdK3yR6Zx9q", "UserName = redacted:"},
		{`httpx.BasicAuth(username="fdK3yR7Zx9q", password="")`, "fdK3yR7Zx9q", `(username="redacted:`},
		{"aiohttp.BasicAuth(login='fdK3yR8Zx9q', password='', encoding='latin1')", "fdK3yR8Zx9q", "', password='', encoding='latin1')"},
		{`#<struct Credentials user="fdK3yR9Zx9q", password="">`, "fdK3yR9Zx9q", `user="redacted:`},
		{`#<Faraday::Request::BasicAuthentication:0x000055d5 @user="fdK3yS1Zx9q", @password="">`, "fdK3yS1Zx9q", `@user="redacted:`},
		{"transport: &{Username:fdK3yS2Zx9q Password:}", "fdK3yS2Zx9q", "{Username:redacted:"},
		{"{'auth': ('fdK3yS3Zx9q', ''), 'timeout': 30}", "fdK3yS3Zx9q", "{'auth': ('redacted:"},
		{`{"auth": ["fdK3yS4Zx9q", "X"], "retries": 2}`, "fdK3yS4Zx9q", `"X"], "retries": 2}`},
		// a user with a password, a user name with none, other records, OAuth's
		{"Credentials(user=bob, password=) User(name=bob, email=bob@acme.example) LoginForm(username=alice.smith, password=)", "",
			"Credentials(user=bob, password=) User(name=bob, email=bob@acme.example) LoginForm(username=alice.smith, password=)"},
		{"BasicAuth(username=bob.smith, password=hunter2R9)", "hunter2R9", "BasicAuth(username=bob.smith, password=redacted:"},
		{"OAuthClient(login=alice, password=) Holder(user=carol, password=)", "", "OAuthClient(login=alice, password=) Holder(user=carol, password=)"},
		{`{"scopes_auth": ["write:pets", "read:pets"]}`, "", `{"scopes_auth": ["write:pets", "read:pets"]}`},
		// a password passed by position, as a PHP stack trace prints it
		{"#0 /var/www/src/Db.php(42): PDO->__construct('mysql:host=db;dbname=app', 'appuser', 'S3cretDbPass!')\n#1 {main}", "S3cretDbPass", "'appuser', 'redacted:"},
		{"#1 Connector.php(46): Illuminate\\Database\\Connectors\\Connector->createPdoConnection('mysql:host=127....', 'forge', 'VeryLongPasswo...', Array)", "VeryLongPasswo", "'forge', 'redacted:"},
		{"#2 Connector.php(46): Illuminate\\Database\\Connectors\\Connector->tryAgainIfCausedByLostConnection(Object(PDOException), 'mysql:host=127....', 'forge', 'Lv9Pass!', Array)", "Lv9Pass", "'forge', 'redacted:"},
		{"RedisException: WRONGPASS invalid username-password pair #0 /app/Cache.php(12): Redis->auth('r3disPassQ')", "r3disPassQ", "Redis->auth('redacted:"},
		{"#0 Db.php(9): mysqli->__construct('db', 'app', 'myS3cret9', 'crm')", "myS3cret9", "'app', 'redacted:"},
		{"Access denied for user 'app'@'10.0.0.5' (using password: YES); $db = new PDO($dsn, $user, $pass); new PDO('sqlite::memory:')", "",
			"Access denied for user 'app'@'10.0.0.5' (using password: YES); $db = new PDO($dsn, $user, $pass); new PDO('sqlite::memory:')"},
		// PHP's print_r and var_dump of an array or object
		{"Array\n(\n    [username] => bob\n    [password] => hunt3r 2pw\n    [api_key] => k3yAbc99\n    [credentials] => Array\n        (\n        )\n)", "hunt3r",
			"[username] => bob\n    [password] => " + fp("hunt3r 2pw") + "\n    [api_key] => " + fp("k3yAbc99") + "\n    [credentials] => Array\n"},
		{"array(2) {\n  [\"username\"]=>\n  string(3) \"bob\"\n  [\"password\"]=>\n  string(10) \"hunt3r 2pw\"\n}", "hunt3r", "string(10) \"" + fp("hunt3r 2pw") + "\"\n}"},
		{`object(stdClass)#1 (1) { ["client_secret"]=> string(11) "cs3cretAbc9" }`, "cs3cretAbc9", `["client_secret"]=> string(11) "redacted:`},
		{"Array ( [page] => 2 [sort] => name )", "", "Array ( [page] => 2 [sort] => name )"},
		{"array(1) {\n  [\"password\"]=>\n  string(13) \"hunt\"r2 words\"\n}", "words", "string(13) \"" + fp("hunt\"r2 words") + "\"\n}"},
		// a list printed under an auth key, as Guzzle's request options are
		// dumped: the key sent as the user with an empty or stand-in
		// password, or a password; under another secret's name, each string
		{"Array\n(\n    [base_uri] => https://acme.freshdesk.com/api/v2/\n    [auth] => Array\n        (\n            [0] => fdK3yP1Zx9q\n            [1] => \n        )\n\n    [timeout] => 30\n)", "fdK3yP1Zx9q",
			"        (\n            [0] => " + fp("fdK3yP1Zx9q") + "\n            [1] => \n        )\n\n    [timeout] => 30\n)"},
		{"[auth] => Array\n        (\n            [0] => fdK3yP2Zx9q\n            [1] => X\n        )", "fdK3yP2Zx9q", "[0] => " + fp("fdK3yP2Zx9q") + "\n            [1] => " + fp("X") + "\n"},
		{"[auth] => Array\n        (\n            [0] => bob\n            [1] => gz Pw7x!q\n            [2] => digest\n        )", "Pw7x", "[0] => bob\n            [1] => " + fp("gz Pw7x!q") + "\n            [2] => digest\n"},
		{"options: Array ( [auth] => Array ( [0] => fdK3yP3Zx9q [1] => ) [timeout] => 30 )", "fdK3yP3Zx9q", "[0] => redacted:" + Fingerprint("fdK3yP3Zx9q") + " [1] => ) [timeout] => 30 )"},
		{"array(1) {\n  [\"auth\"]=>\n  array(2) {\n    [0]=>\n    string(11) \"fdK3yP4Zx9q\"\n    [1]=>\n    string(0) \"\"\n  }\n}", "fdK3yP4Zx9q", "string(11) \"redacted:"},
		{`array(1) { ["auth"]=> array(2) { [0]=> string(11) "fdK3yP5Zx9q" [1]=> string(1) "X" } }`, "fdK3yP5Zx9q", `[0]=> string(11) "redacted:`},
		{"[api_keys] => Array\n    (\n    )\n[api_key] => Array\n    (\n        [0] => k3yOne99\n        [1] => k3yTwo99\n    )", "k3yTwo99", "[0] => " + fp("k3yOne99") + "\n"},
		{"[scopes] => Array\n    (\n        [0] => read\n        [1] => write\n    )\n[oauth] => Array\n    (\n        [0] => clientid12\n        [1] => \n    )\n[auth] => Array\n    (\n        [0] => a\n        [1] => b\n        [2] => c\n        [3] => d\n    )", "",
			"[0] => read\n        [1] => write\n    )\n[oauth] => Array\n    (\n        [0] => clientid12\n        [1] => \n    )\n[auth] => Array\n    (\n        [0] => a\n        [1] => b\n        [2] => c\n        [3] => d\n    )"},
		// a list of scopes under an OpenAPI security scheme's name is no user and password
		{"[petstore_auth] => Array ( [0] => write:pets [1] => read:pets ) [google_auth] => Array\n(\n    [0] => https://www.googleapis.com/auth/drive\n    [1] => openid\n)", "",
			"[petstore_auth] => Array ( [0] => write:pets [1] => read:pets ) [google_auth] => Array\n(\n    [0] => https://www.googleapis.com/auth/drive\n    [1] => openid\n)"},
		// var_export's lists: the same under an auth key or a secret's name
		{"array (\n  'base_uri' => 'https://acme.freshdesk.com/api/v2/',\n  'auth' => \n  array (\n    0 => 'fdK3yV1Zx9q',\n    1 => '',\n  ),\n  'timeout' => 30,\n)", "fdK3yV1Zx9q",
			"    0 => '" + fp("fdK3yV1Zx9q") + "',\n    1 => '',\n  ),\n  'timeout' => 30,\n)"},
		{"options: array ( 'auth' => array ( 0 => 'fdK3yV2Zx9q', 1 => 'X', 2 => 'basic', ), )", "fdK3yV2Zx9q", "0 => '" + fp("fdK3yV2Zx9q") + "', 1 => 'X', 2 => 'basic', )"},
		{"'auth' => array ( 0 => 'bob', 1 => 'it\\'s Pw7x', )", "Pw7x", "0 => 'bob', 1 => '" + fp("it\\'s Pw7x") + "', )"},
		{"'api_key' => \n  array (\n    0 => 'k3yVe99x',\n  ),", "k3yVe99x", "'api_key' => \n  array (\n    0 => '" + fp("k3yVe99x") + "',"},
		{"params: array ( 'api_key' => array ( 0 => 'k3yVf99x', ), )", "k3yVf99x", "'api_key' => array ( 0 => '" + fp("k3yVf99x") + "', ), )"},
		{"'scopes' => array ( 0 => 'read:user', 1 => 'repo', ), 'petstore_auth' => array ( 0 => 'write:pets', 1 => 'read:pets', ), 'auth' => array ( 0 => 'a', 1 => 'b', 2 => 'c', 3 => 'd', )", "",
			"'scopes' => array ( 0 => 'read:user', 1 => 'repo', ), 'petstore_auth' => array ( 0 => 'write:pets', 1 => 'read:pets', ), 'auth' => array ( 0 => 'a', 1 => 'b', 2 => 'c', 3 => 'd', )"},
		// Go's %v of a map holding an auth list, %+v of a credentials struct
		{"request options map[auth:[fdK3yG1Zx9q ] timeout:30]", "fdK3yG1Zx9q", "map[auth:[" + fp("fdK3yG1Zx9q") + " ] timeout:30]"},
		{"request options map[base_uri:https://x.example/ basic_auth:[fdK3yG2Zx9q X]]", "fdK3yG2Zx9q", "basic_auth:[" + fp("fdK3yG2Zx9q") + " X]]"},
		{"request options map[auth:[bob correct Pw7x digest] timeout:30]", "Pw7x", "map[auth:[bob " + fp("correct Pw7x") + " digest] timeout:30]"},
		{"security map[petstore_auth:[write:pets read:pets]] map[auth:[read:pets write:pets]] map[scopes:[repo user] auth:[one]]", "",
			"security map[petstore_auth:[write:pets read:pets]] map[auth:[read:pets write:pets]] map[scopes:[repo user] auth:[one]]"},
		{"dial: creds={User:bob Pass:hunt3r Pw7x Host:db.internal}", "Pw7x", "{User:bob Pass:" + fp("hunt3r Pw7x") + " Host:db.internal}"},
		{"cfg {URL:https://x.example Auth:{User:bob Pass:hunt3rPw7x}}", "hunt3rPw7x", "Auth:{User:bob Pass:" + fp("hunt3rPw7x") + "}}"},
		{"{User:bob Pass:} {Host:db Pass:X} {Name:Pass Pass:[]}", "", "{User:bob Pass:} {Host:db Pass:X} {Name:Pass Pass:[]}"},
		// a YAML list under an auth key
		{"guzzle:\n  auth:\n    - fdK3yY1Zx9q\n    - ''\n  timeout: 30\n", "fdK3yY1Zx9q", "  auth:\n    - " + fp("fdK3yY1Zx9q") + "\n    - ''\n  timeout: 30\n"},
		{"auth:\n- \"bob\"\n- \"hunt3r Pw7x\"\n", "Pw7x", "- \"bob\"\n- \"" + fp("hunt3r Pw7x") + "\"\n"},
		{"security:\n  - petstore_auth:\n      - write:pets\n      - read:pets\nauth:\n  - https://www.googleapis.com/auth/drive\n  - openid\nscopes:\n  - repo\n  - user\n", "",
			"security:\n  - petstore_auth:\n      - write:pets\n      - read:pets\nauth:\n  - https://www.googleapis.com/auth/drive\n  - openid\nscopes:\n  - repo\n  - user\n"},
		// Python's repr of an auth object names no member: a key-shaped user after it
		{"auth=<requests.auth.HTTPBasicAuth object at 0x7f3a2c1d0e50> username='fdK3yP7Zx9qLm4'", "fdK3yP7Zx9qLm4", "0x7f3a2c1d0e50> username='" + fp("fdK3yP7Zx9qLm4") + "'"},
		{"auth=<HTTPBasicAuth object at 0x7f3a2c1d0e50> username='sd2GBQUvDMSdxvEFs1'", "sd2GBQUvDMSdxvEFs1", "username='" + fp("sd2GBQUvDMSdxvEFs1") + "'"},
		{"<HTTPBasicAuth object at 0x7f3a2c1d0e50> username='john.smith2024@acme.example' <OAuth1 object at 0x7f3a2c1d0e51> username='fdK3yP8Zx9qLm4'", "",
			"<HTTPBasicAuth object at 0x7f3a2c1d0e50> username='john.smith2024@acme.example' <OAuth1 object at 0x7f3a2c1d0e51> username='fdK3yP8Zx9qLm4'"},
		// an object's properties, with their visibility
		{"App\\Models\\User Object\n(\n    [name:protected] => bob\n    [password:protected] => hunt3r 2pw\n    [api_key:App\\Models\\User:private] => k3yPrv99\n)", "k3yPrv99",
			"[name:protected] => bob\n    [password:protected] => " + fp("hunt3r 2pw") + "\n    [api_key:App\\Models\\User:private] => " + fp("k3yPrv99") + "\n)"},
		{"object(App\\Models\\User)#12 (2) {\n  [\"password\":protected]=>\n  string(10) \"hunt3r 2pw\"\n  [\"secret\":\"App\\Models\\User\":private]=>\n  string(9) \"s3cr3tVal\"\n}", "s3cr3tVal",
			"[\"password\":protected]=>\n  string(10) \"" + fp("hunt3r 2pw") + "\"\n"},
		// on one line, as an HTML page shows print_r: a value ends at the next key
		{"Array ( [password] => hunt3r2pw [page] => 2 )", "hunt3r2pw", "[password] => " + fp("hunt3r2pw") + " [page] => 2 )"},
		// a PEM private key's body, whatever its lines look like
		{"key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAvQWbCbGmG\nabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl\n-----END RSA PRIVATE KEY-----", "abcdefghijklmnop",
			"-----BEGIN RSA PRIVATE KEY-----\nredacted:"},
		{`{"private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgk\nqhkiGwBAQEFAASC\n-----END PRIVATE KEY-----\n"}`, "qhkiGwBAQEFAASC", `\n-----END PRIVATE KEY-----\n"}`},
		{"-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHHIG\n-----END CERTIFICATE-----", "", "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHHIG\n-----END CERTIFICATE-----"},
		// a key whose END line was cut off: its body to the end of the
		// base64, the text after it kept
		{"load failed: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nabcZx9==\nerror: failed to load key\nnext line ok", "abcZx9",
			"-----BEGIN PRIVATE KEY-----\nredacted:" + Fingerprint("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nabcZx9==") + "\nerror: failed to load key\nnext line ok"},
		{`{"private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nqhkiGwBAQEFAASC","client_email":"sync@acme.iam.gserviceaccount.com"}`, "qhkiGwBAQEFAASC",
			`","client_email":"sync@acme.iam.gserviceaccount.com"}`},
		{"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nMIIEowIBAAKCAQEAvQWbCbGmG0123456789abcdefghij\nabcdefghijklmnopqrst\n\nerror: bad decrypt", "abcdefghijklmnopqrst",
			"-----BEGIN RSA PRIVATE KEY-----\nredacted:" + Fingerprint("Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nMIIEowIBAAKCAQEAvQWbCbGmG0123456789abcdefghij\nabcdefghijklmnopqrst") + "\n\nerror: bad decrypt"},
		{"gpg: -----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBGXrTb8BCADf4kqLm0123456789abcdefghij\nzz9Qwerty\n=Ab3x\ngpg: no valid OpenPGP data found.", "zz9Qwerty",
			"\ngpg: no valid OpenPGP data found."},
		{"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBqK0d4...[truncated 1200 bytes]\n2026-03-06T10:00:00Z ERROR next", "QyNTUxOQAAACBqK0d4",
			"...[truncated 1200 bytes]\n2026-03-06T10:00:00Z ERROR next"},
		// curl -u KEY: sends an API key as the user, whatever its letters;
		// a short name with no password stays
		{"curl -u plainletterskey: https://api.stripe.com/v1/charges", "plainletterskey", "curl -u redacted:"},
		{"curl -u admin: http://localhost:8080/health", "", "curl -u admin: http://localhost:8080/health"},
		// a map of cookies in code or JSON: every value, names kept; a
		// bare true or number stays
		{"requests.get(url, cookies={'session': 'k7Hq2pLm', 'theme': 'dark'})", "k7Hq2pLm", "cookies={'session': 'redacted:"},
		{`{"request":{"url":"https://app.acme.example/x","cookies": {"sid": "s3cr3tv", "lang": "en"}}}`, "s3cr3tv", `"cookies": {"sid": "redacted:`},
		{"cookies: {sid: \"abc12xy\", remember_me: true}", "abc12xy", "remember_me: true}"},
		{"cookies => {'_app_session' => 'Qm9iYnk'}", "Qm9iYnk", "'_app_session' => 'redacted:"},
		// one cookie's object is its name and value: the pair rules' work
		{`cookie: {"name": "theme", "value": "dark"}`, "", `cookie: {"name": "theme", "value": "dark"}`},
		// an OpenPGP armored private key: armor headers, body and checksum
		{"gpg import failed: -----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBGXrTb8BCADf4kq\nzz9Qwerty\n=Ab3x\n-----END PGP PRIVATE KEY BLOCK-----", "lQOYBGXrTb8BCADf4kq",
			"-----BEGIN PGP PRIVATE KEY BLOCK-----\nredacted:"},
		{"-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQENBGXrTb8BCAC\n-----END PGP PUBLIC KEY BLOCK-----", "", "-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQENBGXrTb8BCAC\n-----END PGP PUBLIC KEY BLOCK-----"},
		// a secret's name alone in a table cell: the next cell is its value,
		// as debug pages list settings, local variables and the environment
		{`<tr><td>DATABASE_PASSWORD</td><td class="code"><pre>&#39;hunter2xyz&#39;</pre></td></tr>`, "hunter2xyz", `<pre>&#39;redacted:`},
		{"<tr>\n  <td>password</td>\n  <td class=\"code\"><pre>&#x27;correct horse&#x27;</pre></td>\n</tr>", "horse", `<pre>&#x27;redacted:`},
		{`<tr><td>API_KEY</td><td class="code"><pre>b&#x27;dj4ngoKey99&#x27;</pre></td></tr>`, "dj4ngoKey99", `<pre>b&#x27;redacted:`},
		{`<tr><td class="e">DB_PASSWORD </td><td class="v">phpInfoPw1 </td></tr>`, "phpInfoPw1", `<td class="v">redacted:`},
		{`<tr><td>DB_PASSWORD</td><td><pre class=sf-dump id=sf-dump-1><span class=sf-dump-str title="9 characters">wh00psPw9</span></pre></td></tr>`, "wh00psPw9", `characters">redacted:`},
		{`<tr><td>SECRET_KEY</td><td class="code"><pre>&#x27;********************&#x27;</pre></td></tr><tr><td>token_type</td><td>bearer</td></tr><tr><td>DEBUG</td><td>True</td></tr>`, "",
			`<tr><td>SECRET_KEY</td><td class="code"><pre>&#x27;********************&#x27;</pre></td></tr><tr><td>token_type</td><td>bearer</td></tr><tr><td>DEBUG</td><td>True</td></tr>`},
		// curl -u KEY: sends an API key as the user, with no password
		{"replay: curl -u curlK7Zx9qLm4Tw: https://api.acme.example/v1/me", "curlK7Zx9qLm4Tw", "curl -u redacted:"},
		{"replay: curl -u bob: https://api.acme.example/v1/me", "", "curl -u bob: https://api.acme.example/v1/me"},
		// a quoted Set-Cookie header: every cookie's value, attributes and dates kept
		{`response had "Set-Cookie: sid=ckA1Zx9q; Path=/; HttpOnly, csrf=ckB2Zx9q; Expires=Wed, 21 Oct 2026 07:28:00 GMT, remember=ckC3Zx9q; Secure"`, "ckC3Zx9q",
			`csrf=redacted:` + Fingerprint("ckB2Zx9q") + `; Expires=Wed, 21 Oct 2026 07:28:00 GMT, remember=redacted:`},
		{"headers: Set-Cookie: sid=ckA1Zx9q; Path=/", "ckA1Zx9q", "Set-Cookie: sid=redacted:"},
		{"no Set-Cookie header came back; Set-Cookie: none", "", "no Set-Cookie header came back; Set-Cookie: none"},
		// name/value pairs under other member names: the value goes, the name stays
		{`invalid: {"label":"Password","value":"pvTx1Zx9q"}`, "pvTx1Zx9q", `{"label":"Password","value":"redacted:`},
		{`invalid: {"ParameterKey":"DBPassword","ParameterValue":"pvTx2Zx9q"}`, "pvTx2Zx9q", `"ParameterKey":"DBPassword","ParameterValue":"redacted:`},
		{`invalid: {"fieldName":"Password","fieldValue":"pvTx3Zx9q"}`, "pvTx3Zx9q", `"fieldName":"Password","fieldValue":"redacted:`},
		{`invalid: {"id":"api_password","val":"pvTx4Zx9q"}`, "pvTx4Zx9q", `{"id":"api_password","val":"redacted:`},
		{`invalid: {"label":"Email","value":"bob.smith42"} {"id":"theme","val":"darkMode2"}`, "", `{"label":"Email","value":"bob.smith42"} {"id":"theme","val":"darkMode2"}`},
		// after a secret's name and ':', prose describing the field is no
		// value: it stays readable (a value after '=' is still cut)
		{"request rejected: Cookie: header is missing", "", "Cookie: header is missing"},
		{"Authorization: header missing (Cookie header is missing too)", "", "Authorization: header missing (Cookie header is missing too)"},
		{`{"errors":{"password":["This field is required."],"api_key":"missing"}}`, "", `{"password":["This field is required."],"api_key":"missing"}`},
		{"Invalid password: must be at least 8 characters", "", "Invalid password: must be at least 8 characters"},
		{"Cookie: session=ckN5Zx9 is missing", "ckN5Zx9", "Cookie: session=redacted:"},
		{"Cookie: headerN6Zx9q; retry", "headerN6Zx9q", "Cookie: redacted:"},
		{"logfmt: password=missing", "missing", "password=redacted:"},
		// ...but a quoted value is a value, whatever its first word, unless
		// it is that one word or in a list
		{`{"username":"bob","password": "the cat sat on the mat"}`, "cat sat", `"password": "` + fp("the cat sat on the mat") + `"}`},
		{`{'password': 'Please let me in'}`, "let me", `{'password': '` + fp("Please let me in") + `'}`},
		{`password: "no way jose"`, "way jose", `password: "` + fp("no way jose") + `"`},
		{`{"client_secret": "invalid horse"}`, "invalid", `{"client_secret": "redacted:`},
		{`GET /v1/items?filter=%7B%22password%22%3A%22the%20cat%20sat%22%7D`, "cat", `?filter=%7B%22password%22%3A%22` + fp("the cat sat") + `%22%7D`},
		// A password is chosen by a person and may hold any character: its
		// value is read from the '=' or ':' on, not from the next word. In a
		// form or query (the name follows '&' or '?') a space is encoded and
		// a raw '&' ends the value; in free text a value runs on over spaces
		// to the end of the line, a quote, '&' or ',', or to the next
		// name=value pair of a logfmt line. Prose after "password=" is lost
		// with it; a second word of a password is not shown.
		{"login failed for user=bob password=p@ss word&x=1", "ss word", "user=bob password=" + fp("p@ss word") + "&x=1"},
		{"login failed for user=bob password=correct horse battery", "horse", "password=" + fp("correct horse battery")},
		{"POST /login body: username=bob&password=p%26ss+word&remember=1", "ss+word", "&password=" + fp("p&ss word") + "&remember=1"},
		{"GET /login?user=bob&password=p%26ss+word HTTP/1.1 401", "ss+word", "?user=bob&password=" + fp("p&ss word") + " HTTP/1.1 401"},
		{`level=warn msg="login failed" user=bob password=correct horse ip=10.0.0.1 attempt=3`, "horse", "password=" + fp("correct horse") + " ip=10.0.0.1 attempt=3"},
		{`detail: {"username":"bob","password":"correct horse battery","remember":true}`, "horse", `"password":"` + fp("correct horse battery") + `","remember":true}`},
		{`{"detail":"{\"username\":\"bob\",\"password\":\"p@ss word\"}"}`, "ss word", `\"password\":\"` + fp("p@ss word") + `\"}`},
		// in free text a '&' ends a password only before the next pair,
		// written or HTML-escaped: an HTML page's password=abc&amp;def goes whole
		{"<pre>debug: password=abc&amp;def</pre>", "def", "debug: password=redacted:" + Fingerprint("abc&amp;def") + "</pre>"},
		{"<td>password=Hunt3r&amp;pw2</td>", "pw2", "<td>password=redacted:"},
		{"<pre>POST /login\nusername=bob&amp;password=p&amp;ss w0rd&amp;remember=1</pre>", "w0rd", "username=bob&amp;password=redacted:" + Fingerprint("p&amp;ss w0rd") + "&amp;remember=1</pre>"},
		{`<a href="/login?user=bob&amp;password=hunter2x&amp;next=/home">retry</a>`, "hunter2x", `&amp;next=/home">retry</a>`},
		{"login failed for password=Tom&Jerry1", "Jerry1", "password=" + fp("Tom&Jerry1")},
		{`<input type="password" name="password" value="p&amp;ss w0rd">`, "w0rd", `value="redacted:`},
		// and the text of a password's XML element, whole, escaped or not
		{"<password>p@ss wyrd</password>", "wyrd", "<password>" + fp("p@ss wyrd") + "</password>"},
		{"fault: <n1:Password>correct horse</n1:Password>", "horse", "<n1:Password>" + fp("correct horse") + "</n1:Password>"},
		{"&lt;wsse:Password Type=&quot;#PasswordText&quot;&gt;p&amp;ss w0rd&lt;/wsse:Password&gt;", "w0rd", "&quot;#PasswordText&quot;&gt;redacted:"},
		{"<password/> <password></password> <password>\n</password> <passwordHint>ask bob</passwordHint>", "", "<password/> <password></password> <password>\n</password> <passwordHint>ask bob</passwordHint>"},
		// a quote escaped inside a quoted value does not end it
		{`{"password" : "ab\"cd ef"}`, "cd ef", `{"password" : "` + fp(`ab\"cd ef`) + `"}`},
		{`{"detail":"{\"password\":\"p4\\\"ss word\"}"}`, "ss word", `{\"password\":\"` + fp(`p4\\\"ss word`) + `\"}"}`},
		{`invalid: {"label":"Password","value":"p\"vTx1 Zx9q"}`, "Zx9q", `"value":"` + fp(`p\"vTx1 Zx9q`) + `"}`},
		{"config: smtp_pass: correct horse battery staple\nport: 587", "staple", "smtp_pass: " + fp("correct horse battery staple") + "\nport: 587"},
		{"POST: password = 'correct horse', user = 'bob'", "horse", "password = '" + fp("correct horse") + "', user = 'bob'"},
		{"login(user=bob, password=None) -> Pass: true", "", "login(user=bob, password=None) -> Pass: true"},
	}
	for _, tt := range tests {
		got := redactText(tt.in)
		if tt.secret != "" && strings.Contains(got, tt.secret) {
			t.Errorf("redactText(%q) = %q still holds %q", tt.in, got, tt.secret)
		}
		if !strings.Contains(got, tt.keep) {
			t.Errorf("redactText(%q) = %q, want it to hold %q", tt.in, got, tt.keep)
		}
	}
}

// TestErrorCodeCutAfterRedaction: a long code ending in a token is
// redacted before it is cut, so no part of the token is shown.
func TestErrorCodeCutAfterRedaction(t *testing.T) {
	tok := "A1q8Wm2Xr5Tz7Kp3Vn9Bc4Hd6JsQ0w8E7r6T5y4U3i2LEAKTAIL" // opaque, no known prefix
	code := strings.Repeat("Credential rejected for this request; ", 6) + tok
	body := `{"errors":[{"code":"` + code + `","message":"denied"}]}`
	eb := errorFacts(401, "application/json", []byte(body), "")
	if eb == nil {
		t.Fatal("no error facts")
	}
	for _, s := range append([]string{eb.Code, eb.Description, eb.Text}, eb.Codes...) {
		if strings.Contains(s, tok[:12]) || strings.Contains(s, "LEAKTAIL") {
			t.Errorf("part of the token shown: %q", s)
		}
		if len(s) > maxErrorText {
			t.Errorf("%d bytes, over the %d cap", len(s), maxErrorText)
		}
	}
}

// TestOwnKeyInPath: a client that puts its API key in the URL path too
// (and gets an empty 503) shows neither in the URL nor in the path.
func TestOwnKeyInPath(t *testing.T) {
	key := "k3y98765LEAKpath"
	line := `{"time":"2026-03-02T10:00:00Z","method":"GET","url":"https://api.example.com/v1/accounts/` + key + `/items","status":503,"request_headers":{"X-Api-Key":"` + key + `"},"connection":"acct-1"}` + "\n"
	evs, errs, _, err := readAll(t, "n.jsonl", []byte(line), Options{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	if dump, _ := json.Marshal(evs[0]); bytes.Contains(dump, []byte("LEAKpath")) {
		t.Errorf("the key leaked: %s", dump)
	}
	if evs[0].Path != "/v1/accounts/redacted:"+Fingerprint(key)+"/items" {
		t.Errorf("path %q", evs[0].Path)
	}
}

// TestURLSecretEchoed: what a URL's authority and path carry that
// redaction fingerprints — a webhook's key, a password in user:password@
// — is scrubbed from the same record's response when quoted there, as a
// header's or a query's secret is.
func TestURLSecretEchoed(t *testing.T) {
	const key, pw = "2ZAqcKvNJrjU5u7zGg5bSwIe", "Pw9xLm2Qr7Tz"
	in := `{"time":"2026-03-10T10:00:04Z","method":"POST","url":"https://hooks.zapier.com/hooks/catch/123456/` + key + `/","status":410,"response_body":"{\"status\":\"error\",\"message\":\"hook ` + key + ` disabled\"}"}` + "\n" +
		`{"time":"2026-03-10T10:00:05Z","method":"GET","url":"https://svc:` + pw + `@api.acme.example/v1/b","status":401,"response_body":"{\"error\":\"bad login svc/` + pw + `\"}"}` + "\n"
	evs, errs, _, err := readAll(t, "h.jsonl", []byte(in), Options{})
	if err != nil || len(evs) != 2 {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	for i, secret := range []string{key, pw} {
		if dump, _ := json.Marshal(evs[i]); bytes.Contains(dump, []byte(secret)) {
			t.Errorf("event %d holds %q: %s", i, secret, dump)
		}
	}
	// A path segment taken for a key by its shape alone, a file name, is
	// not scrubbed where the response names it.
	in = `{"time":"2026-03-10T10:00:06Z","method":"GET","url":"https://upload.wikimedia.org/wikipedia/en/9/9d/Commons-logo-31px.png","status":404,"response_body":"{\"error\":\"no file Commons-logo-31px.png\"}"}` + "\n"
	evs, errs, _, err = readAll(t, "f.jsonl", []byte(in), Options{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	if dump, _ := json.Marshal(evs[0].Error); !bytes.Contains(dump, []byte("no file Commons-logo-31px.png")) {
		t.Errorf("the file name was scrubbed: %s", dump)
	}
}

// TestMessagesQuoteNoSecret: messages about records quote keys, never
// values, and a key that is a token is redacted.
func TestMessagesQuoteNoSecret(t *testing.T) {
	cache := `{"sk_live_51Hq8Wm2Xr5Tz7Kp3Vn9Bc4Hd6J": {"expires": 1772446364}}` + "\n"
	runs := `[{"id":"r1","zap_id":"7","status":"error","start_time":"ghp_LEAKdate1234"}]`
	for name, data := range map[string]string{"cache.json": cache, "runs.json": runs} {
		_, errs, _, err := readAll(t, name, []byte(data), Options{})
		msgs := strings.Join(errs, "\n")
		if err != nil {
			msgs += "\n" + err.Error()
		}
		if msgs == "" {
			t.Errorf("%s: no message", name)
		}
		if strings.Contains(msgs, "Hq8Wm2Xr5Tz7Kp3") || strings.Contains(msgs, "LEAKdate") {
			t.Errorf("%s: a secret in the message: %s", name, msgs)
		}
	}
}

// TestMappedNonScalar: a --field mapping that points at an object or an
// array gives nothing, not its JSON.
func TestMappedNonScalar(t *testing.T) {
	line := `{"ts":"2026-03-02T10:00:00Z","req":{"url":"https://api.example.com/x","password":"LEAKnestedpw1","headers":{"authorization":["BEARER LEAKarrhdr12345678"]}},"res":{"code":401}}` + "\n"
	opts := Options{Fields: map[string]string{"time": "ts", "url": "req", "method": "req.headers.authorization", "status": "res.code", "connection": "req.headers"}}
	evs, errs, _, err := readAll(t, "m.jsonl", []byte(line), opts)
	if err != nil || len(evs) != 1 {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	if dump, _ := json.Marshal(evs[0]); bytes.Contains(dump, []byte("LEAK")) {
		t.Errorf("a mapped object leaked: %s", dump)
	}
	if evs[0].Status != 401 || evs[0].URL != "" || evs[0].Method != "" {
		t.Errorf("status %d url %q method %q", evs[0].Status, evs[0].URL, evs[0].Method)
	}
	if got := methodOf("BEARER LEAKarrhdr12345678"); strings.Contains(got, "LEAK") {
		t.Errorf("methodOf kept a credential: %q", got)
	}
	if got := methodOf(" patch "); got != "PATCH" {
		t.Errorf("methodOf(patch) = %q", got)
	}
}

// TestStrictDocument: a HAR document's members need one ',' between them
// and none after the last, and nothing may follow the document; the
// entries read before the fault are kept.
func TestStrictDocument(t *testing.T) {
	good := string(harOf(tokenEntry))
	tests := []struct{ name, doc, wantErr string }{
		{"joined", good + "\n" + good, "after the end of the document"},
		{"appended line", good + "\nERROR connection reset\n", "after the end of the document"},
		{"missing comma", strings.Replace(good, `,"creator"`, ` "creator"`, 1), "expected ',' or '}' between object members"},
		{"trailing comma", strings.TrimSuffix(good, "}}") + ",}}", "trailing ',' in object"},
		{"leading comma", strings.Replace(good, `{"log":{`, `{"log":{,`, 1), "expected an object key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, _, _, err := readAll(t, "s.har", []byte(tt.doc), Options{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
			}
			if strings.HasPrefix(tt.name, "joined") || strings.HasPrefix(tt.name, "appended") {
				if len(evs) != 1 {
					t.Errorf("%d events, want the document's one entry kept", len(evs))
				}
			}
			var out bytes.Buffer
			if _, err := Redact(strings.NewReader(tt.doc), "s.har", &out, Options{}, func(*RecordError) {}); err == nil {
				t.Errorf("redact took it without an error")
			}
		})
	}
	if _, _, _, err := readAll(t, "s.har", []byte(good+"\n \t\r\n"), Options{}); err != nil {
		t.Errorf("white space after the document: %v", err)
	}
	otlp, err := os.ReadFile("../samples/otel/otlp-traces.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := readAll(t, "o.json", append(append(otlp, '\n'), otlp...), Options{}); err == nil || !strings.Contains(err.Error(), "after the end of the document") {
		t.Errorf("two OTLP documents joined: err = %v, want one about content after the first", err)
	}
}

// TestOwnSecretDecodedEcho: a cookie sent %-encoded (express-session's
// s%3A…) and quoted decoded by the error is scrubbed.
func TestOwnSecretDecodedEcho(t *testing.T) {
	entry := `{"startedDateTime":"2026-03-02T10:00:00Z","time":1,"request":{"method":"GET","url":"https://app.example.com/api/me","headers":[{"name":"Cookie","value":"connect.sid=s%3Ack03abcXY.defGHIjk"}]},
	"response":{"status":401,"headers":[],"content":{"mimeType":"application/json","text":"{\"error\":\"unauthorized\",\"message\":\"no session for s:ck03abcXY.defGHIjk\"}"}}}`
	evs, errs, _, err := readAll(t, "s.har", harOf(entry), Options{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	if dump, _ := json.Marshal(evs[0]); bytes.Contains(dump, []byte("ck03abcXY")) {
		t.Errorf("the session cookie leaked: %s", dump)
	}
}

// TestPairValueEcho: the value of a name/value pair in a request body
// ({"Key":"Password","Value":…}) is a secret of the record, scrubbed
// where the response quotes it; the pair's name is not.
func TestPairValueEcho(t *testing.T) {
	line := `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://crm.acme.example/api/Settings","status":400,"request_body":"{\"Items\":[{\"Key\":\"Password\",\"Value\":\"pvEcho1Zx9q\"}]}","response_body":"{\"error\":\"bad_request\",\"error_description\":\"Password setting refused: pvEcho1Zx9q\"}"}` + "\n"
	evs, errs, _, err := readAll(t, "n.jsonl", []byte(line), Options{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	dump, _ := json.Marshal(evs[0])
	if bytes.Contains(dump, []byte("pvEcho1Zx9q")) {
		t.Errorf("the pair's value leaked: %s", dump)
	}
	if !bytes.Contains(dump, []byte("Password setting refused")) {
		t.Errorf("the pair's name was not kept: %s", dump)
	}
}

// TestPlaceholderTokenFP: "Bearer undefined" is shown as written, and the
// token still has the fingerprint records are correlated by.
func TestPlaceholderTokenFP(t *testing.T) {
	line := `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.acme.example/v1/me","status":401,"request_headers":{"Authorization":"Bearer undefined"},"response_body":"{\"error\":\"invalid_token\",\"error_description\":\"Malformed token: undefined\"}"}` + "\n"
	evs, errs, _, err := readAll(t, "n.jsonl", []byte(line), Options{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("err=%v errs=%v events=%d", err, errs, len(evs))
	}
	if got, want := evs[0].Auth.TokenFP, Fingerprint("undefined"); got != want {
		t.Errorf("TokenFP = %q, want %q", got, want)
	}
	if dump, _ := json.Marshal(evs[0]); !bytes.Contains(dump, []byte("Malformed token: undefined")) {
		t.Errorf("the placeholder is not shown: %s", dump)
	}
}

// TestSecretHeaderNames: credential headers named in the ways services
// name them.
func TestSecretHeaderNames(t *testing.T) {
	for _, n := range []string{"X-Session", "X-Auth-Pass", "X-Creds", "X-Access", "X-Sig", "X-Hmac", "X-Webhook-Hmac",
		"X-Hub-Signature-256", "X-Signature-Sha256", "Passkey", "X-Mfa-Code", "X-Jfrog-Art-Api", "AccountKey", "X-Authorization",
		"DB_PASS", "smtp_pass", "RABBITMQ-DEFAULT-PASS", "proxyPass", "keystorePass", "MYSQL_PWD", "db-pwd", "bindPw", "bind_pw",
		"CB-ACCESS-PASSPHRASE", "user_passphrase", "password1", "new_password2", "password_confirmation", "passwordConfirm",
		"X-Auth", "X-Api-Auth", "X-Authentication", "X-Auth-Pwd"} {
		if !IsSecretName(n) {
			t.Errorf("%s: not taken for a secret's name", n)
		}
	}
	for _, n := range []string{"Content-Type", "X-Request-Id", "Accept", "X-Forwarded-For", "Status", "Code-Version", "Bypass", "Compass",
		"cacheBypass", "surpass", "X-Compass", "cacheByPass", "firstPw2", "pass_through", "email_confirmation", "confirm", "page2",
		"X-Auth-Type", "X-OAuth-Scopes", "X-Authenticated-User"} {
		if IsSecretName(n) {
			t.Errorf("%s: taken for a secret's name", n)
		}
	}
}

// TestLongTokenCutSameFingerprint: a token longer than the error text
// kept gets the fingerprint of the whole token, as where it is whole.
func TestLongTokenCutSameFingerprint(t *testing.T) {
	tok := "Xk9" + strings.Repeat("q7Wm2Rt5", 700) // 5.6 KB
	body := `{"error":"invalid_token","error_description":"` + strings.Repeat("the token was rejected; ", 20) + tok + `"}`
	eb := errorFacts(401, "application/json", []byte(body), "")
	want := "redacted:" + Fingerprint(tok)
	if !strings.Contains(eb.Description, want) && !strings.Contains(eb.Text, want) {
		t.Errorf("description %q…, text %q…: want the whole token's fingerprint %s", eb.Description[max(0, len(eb.Description)-60):], eb.Text[max(0, len(eb.Text)-60):], want)
	}
}

// TestRedactUnknownJSONLog: redact copies a JSON log no format knows (one
// read with --field) with its secrets found by key and shape; no mapping
// is needed to redact it.
func TestRedactUnknownJSONLog(t *testing.T) {
	in := `{"ts":"2026-03-06T07:00:00Z","req":{"uri":"https://slack.com/api/chat.postMessage","headers":{"authorization":"Bearer xoxb-1871779244158-4a8bXq9Zk2LmSECRET"}},"res":{"code":401,"body":"{\"ok\":false,\"error\":\"invalid_auth\"}"}}` + "\n"
	var out bytes.Buffer
	if _, err := Redact(strings.NewReader(in), "gw.jsonl", &out, Options{}, func(e *RecordError) { t.Error(e) }); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out.Bytes(), []byte("SECRET")) || !bytes.Contains(out.Bytes(), []byte(`"authorization":"Bearer redacted:`)) {
		t.Errorf("copy: %s", out.Bytes())
	}
	if !bytes.Contains(out.Bytes(), []byte(`"error\":\"invalid_auth\"`)) {
		t.Errorf("the rest changed: %s", out.Bytes())
	}
}

// TestStepIDKept: a step id is how a support engineer finds the step in
// Zapier, so the UUIDs of the sample platform log are kept as written,
// as the README says of ids (free text would fingerprint them as opaque).
func TestStepIDKept(t *testing.T) {
	data, err := os.ReadFile("../samples/zapier/platform-logs.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	_, err = Read(bytes.NewReader(data), "platform-logs.jsonl", Options{}, func(e *Event) {
		if e.Step == "" {
			return
		}
		steps++
		if !isUUID(e.Step) || !bytes.Contains(data, []byte(e.Step)) {
			t.Errorf("%s: step %q, want the UUID as written", e.Source, e.Step)
		}
	}, func(*RecordError) {})
	if err != nil || steps < 5 {
		t.Fatalf("%d steps read, err %v", steps, err)
	}
}

// TestCORSValueCutAfterRedaction: a CORS header value longer than
// maxCORSValue is redacted before it is clipped, so a token across the
// clip is not shown in part (the part before it fell below a token's
// length and was kept).
func TestCORSValueCutAfterRedaction(t *testing.T) {
	tok := "KRxsLiDUvwe4qT4sA1q8Wm2Xr5Tz7Kp3Vn9Bc4Hd6Js" // opaque, no known prefix
	long := "https://app.acme.example/" + strings.Repeat("c", maxCORSValue-len("https://app.acme.example/")-20) + "/" + tok
	in := `{"time":"2026-03-06T10:01:00Z","method":"OPTIONS","url":"https://api.acme.example/v1/items","status":403,` +
		`"request_headers":{"Origin":"` + long + `","Access-Control-Request-Method":"PATCH","Access-Control-Request-Headers":"x-a, ` + long + `"},` +
		`"response_headers":{"Access-Control-Allow-Origin":"` + long + `"}}` + "\n"
	var got []*CORS
	if _, err := Read(strings.NewReader(in), "o.jsonl", Options{}, func(ev *Event) { got = append(got, ev.CORS) },
		func(re *RecordError) { t.Errorf("%v", re) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] == nil {
		t.Fatalf("got %v, want one preflight", got)
	}
	for _, v := range []string{got[0].Origin, got[0].RequestHeaders, got[0].AllowOrigin} {
		if len(v) > maxCORSValue {
			t.Errorf("%d bytes kept, want at most %d", len(v), maxCORSValue)
		}
		for k := 0; k+12 <= len(tok); k++ {
			if strings.Contains(v, tok[k:k+12]) {
				t.Errorf("%q holds %q of the token", v, tok[k:k+12])
				break
			}
		}
	}
}

// TestScopeHeadersRedacted: GitHub's scope headers are kept for the
// insufficient-scope evidence, redacted like free text and scrubbed of the
// record's own secrets: a token in them (a broken proxy's, a hostile
// export's) was quoted whole.
func TestScopeHeadersRedacted(t *testing.T) {
	const own = "gh-own-cred-Vx81" // the request's own token, shaped like no token
	const pat = "ghp_Qk9RySogGOWEgK5zLnswe4mN3JHbezZcbP1B"
	in := `{"time":"2026-03-09T14:01:20Z","method":"GET","url":"https://api.github.com/repos/acme/app/hooks","status":404,` +
		`"request_headers":{"Authorization":"token ` + own + `"},` +
		`"response_headers":{"X-OAuth-Scopes":"repo, ` + own + `","X-Accepted-OAuth-Scopes":"admin:repo_hook, token ` + pat + `"},"response_body":""}` + "\n"
	var evs []*Event
	if _, err := Read(strings.NewReader(in), "g.jsonl", Options{}, func(ev *Event) { evs = append(evs, ev) },
		func(re *RecordError) { t.Errorf("%v", re) }); err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 {
		t.Fatalf("got %d events, want 1", len(evs))
	}
	r := evs[0].Response
	if want := "repo, " + fp(own); r.OAuthScopes != want {
		t.Errorf("OAuthScopes = %q, want %q", r.OAuthScopes, want)
	}
	if want := "admin:repo_hook, token " + fp(pat); r.AcceptedOAuthScopes != want {
		t.Errorf("AcceptedOAuthScopes = %q, want %q", r.AcceptedOAuthScopes, want)
	}
}
