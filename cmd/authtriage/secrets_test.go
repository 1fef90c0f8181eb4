package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planted are distinctive secrets put in every place an input can carry
// one. None may appear in any output.
var planted = []string{
	"PLANTaccess7Qx", "PLANTrefresh8Wy", "PLANTclientsecret9", "PLANTauthcode3Z",
	"PLANTcookie5Vv", "PLANTpassword6Uu", "PLANTapikey4Tt", "PLANTidtoken2Ss", "PLANTjwtsig1Rr",
	"PLANTcamel1Aa", "PLANTcamel2Bb", "PLANTxauth3Cc", "PLANTbasicpw4Dd", "PLANTnested5Ee",
	"PLANTb64body6Ff", "PLANTpathTok7Gg9hJJkkLLmm", "PLANTbot8Hh", "sk_live_PLANTstripe9Ii", "p@PLANTprose!x",
	"PLANTghown2Kk", "PLANThookkey3LlXq8Wm2Xr5T", "PLANTcors5Nn", "PLANTtoggl6Oo",
}

// corsOrigin is an Origin whose last word, a 44-character token, crosses
// the length a CORS header value is clipped to, its planted start before.
var corsOrigin = "https://app.example.com/" + strings.Repeat("c", 512-24-20) + "/PLANTcors5NnXq8Wm2Xr5Tz7Kp3Vn9Bc4Hd6JsQ0w8E"

// jwtWith is a JWT whose signature is a planted secret.
var jwtWith = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." +
	base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"u1","aud":"https://api.example.com","exp":1772449999,"iat":1772446399}`)) +
	".PLANTjwtsig1Rr"

func plantedInputs() map[string]string {
	form := "grant_type=refresh_token&refresh_token=PLANTrefresh8Wy&client_id=app-1&client_secret=PLANTclientsecret9&code=PLANTauthcode3Z&password=PLANTpassword6Uu"
	tokenResp := `{"access_token":"PLANTaccess7Qx","refresh_token":"PLANTrefresh8Wy","id_token":"PLANTidtoken2Ss","expires_in":3600}`
	errBody := `{"error":"invalid_token","error_description":"token PLANTaccess7Qx rejected; refresh_token=PLANTrefresh8Wy"}`
	q := func(s string) string { b, _ := jsonString(s); return b }
	return map[string]string{
		"s.har": `{"log":{"version":"1.2","entries":[
{"startedDateTime":"2026-03-02T09:00:00Z","request":{"method":"POST","url":"https://auth.example.com/oauth/token?api_key=PLANTapikey4Tt","headers":[{"name":"Cookie","value":"sid=PLANTcookie5Vv"}],"postData":{"mimeType":"application/x-www-form-urlencoded","text":` + q(form) + `}},
 "response":{"status":200,"headers":[{"name":"Set-Cookie","value":"sid=PLANTcookie5Vv; HttpOnly"}],"content":{"mimeType":"application/json","text":` + q(tokenResp) + `}}},
{"startedDateTime":"2026-03-02T11:00:00Z","request":{"method":"GET","url":"https://api.example.com/v1/me?access_token=PLANTaccess7Qx","headers":[{"name":"Authorization","value":"Bearer ` + jwtWith + `"}]},
 "response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\", error_description=\"PLANTaccess7Qx expired\""}],"content":{"mimeType":"application/json","text":` + q(errBody) + `}}}]}}`,
		"n.jsonl": `{"time":"2026-03-02T09:00:00Z","method":"POST","url":"https://auth.example.com/oauth/token","status":200,"request_body":` + q(form) + `,"response_body":` + q(tokenResp) + `,"connection":"c1"}
{"time":"2026-03-02T11:00:00Z","method":"GET","url":"https://api.example.com/v1/me?key=PLANTapikey4Tt","status":401,"request_headers":{"Authorization":"Bearer ` + jwtWith + `","Cookie":"a=PLANTcookie5Vv"},"response_body":` + q(errBody) + `,"connection":"c1"}
`,
		"z.jsonl": `{"message":"401 GET","data":{"log_type":"http","request_url":"https://api.example.com/v1/me","request_method":"GET","request_headers":"authorization: Bearer PLANTaccess7Qx\ncookie: s=PLANTcookie5Vv","response_status_code":401,"response_content":` + q(errBody) + `,"timestamp":"2026-03-02T11:00:00Z","account_id":"9"}}
{"message":"200 POST","data":{"log_type":"http","request_url":"https://auth.example.com/oauth/token","request_method":"POST","request_data":` + q(form) + `,"response_status_code":200,"response_content":` + q(tokenResp) + `,"timestamp":"2026-03-02T09:00:00Z","account_id":"9"}}
`,
		"c.json": `[{"Status":"401","Method":"GET","URL":"https://api.example.com/v1/me","Querystring":"access_token=PLANTaccess7Qx","Timestamp":"2026-03-02T11:00:00Z","Request Headers":"authorization: Bearer ` + jwtWith + `","Request Body":"","Response Headers":"","Response Body":` + q(errBody) + `}]`,
		"o.jsonl": `{"name":"GET","start_time":"2026-03-02T11:00:00Z","attributes":{"http.method":"GET","http.status_code":401,"http.url":"https://api.example.com/v1/me?token=PLANTaccess7Qx","http.request.header.authorization":["Bearer PLANTaccess7Qx"]}}
`,
		// Names in camelCase, X-Auth-Token, Basic passwords quoted back,
		// nested and base64 bodies, credentials in paths, a secret key as
		// a Basic username, a password in prose.
		"e.har": `{"log":{"version":"1.2","entries":[
{"startedDateTime":"2026-03-02T09:00:00Z","request":{"method":"GET","url":"https://api.example.com/v1/me?apiToken=PLANTcamel1Aa&sessionToken=PLANTcamel2Bb","headers":[{"name":"X-Auth-Token","value":"PLANTxauth3Cc"}]},
 "response":{"status":401,"headers":[],"content":{"mimeType":"application/json","text":"{\"error\":\"invalid_token\",\"error_description\":\"PLANTxauth3Cc and PLANTcamel1Aa rejected\"}"}}},
{"startedDateTime":"2026-03-02T09:01:00Z","request":{"method":"POST","url":"https://auth.example.com/oauth/token","headers":[{"name":"Authorization","value":"Basic ` + base64.StdEncoding.EncodeToString([]byte("app-1:PLANTbasicpw4Dd")) + `"}],"postData":{"mimeType":"application/json","text":"{\"grant_type\":\"password\",\"user\":{\"password\":\"PLANTnested5Ee\"}}"}},
 "response":{"status":401,"headers":[],"content":{"mimeType":"application/json","text":"{\"error\":\"invalid_client\",\"error_description\":\"bad credentials app-1:PLANTbasicpw4Dd, password PLANTnested5Ee\"}"}}},
{"startedDateTime":"2026-03-02T09:02:00Z","request":{"method":"POST","url":"https://auth.example.com/oauth/token","headers":[]},
 "response":{"status":200,"headers":[],"content":{"mimeType":"application/json","encoding":"base64","text":"` + base64.StdEncoding.EncodeToString([]byte(`{"access_token":"PLANTb64body6Ff","expires_in":3600}`)) + `"}}},
{"startedDateTime":"2026-03-02T09:03:00Z","request":{"method":"POST","url":"https://hooks.slack.com/services/T0001/B0002/PLANTpathTok7Gg9hJJkkLLmm","headers":[]},"response":{"status":400,"headers":[],"content":{"text":"invalid_payload"}}},
{"startedDateTime":"2026-03-02T09:04:00Z","request":{"method":"GET","url":"https://api.telegram.org/bot1234:PLANTbot8Hh/getMe","headers":[]},"response":{"status":401,"headers":[],"content":{"text":"{\"ok\":false,\"error_code\":401}"}}},
{"startedDateTime":"2026-03-02T09:05:00Z","request":{"method":"POST","url":"https://connect.stripe.com/oauth/token","headers":[{"name":"Authorization","value":"Basic ` + base64.StdEncoding.EncodeToString([]byte("sk_live_PLANTstripe9Ii:")) + `"}],"postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=authorization_code&code=ac_1"}},
 "response":{"status":401,"headers":[],"content":{"text":"{\"error\":\"invalid_client\",\"error_description\":\"Authentication failed: password p@PLANTprose!x is wrong\"}"}}}]}}`,
		// A GitHub scope header quoting the request's own token, a webhook
		// key quoted back, a refused preflight's long Origin, Toggl's
		// KEY:api_token.
		"g.jsonl": `{"time":"2026-03-02T12:00:00Z","method":"GET","url":"https://api.github.com/repos/acme/app/hooks","status":404,"request_headers":{"Authorization":"token PLANTghown2Kk"},"response_headers":{"X-OAuth-Scopes":"repo, PLANTghown2Kk","X-Accepted-OAuth-Scopes":"admin:repo_hook"},"connection":"c1"}
{"time":"2026-03-02T12:00:01Z","method":"POST","url":"https://hooks.zapier.com/hooks/catch/123456/PLANThookkey3LlXq8Wm2Xr5T/","status":410,"response_body":"{\"status\":\"error\",\"message\":\"hook PLANThookkey3LlXq8Wm2Xr5T disabled\"}","connection":"c1"}
{"time":"2026-03-02T12:00:02Z","method":"OPTIONS","url":"https://api.example.com/v1/items","status":403,"request_headers":{"Origin":"` + corsOrigin + `","Access-Control-Request-Method":"PATCH"},"connection":"c1"}
{"time":"2026-03-02T12:00:03Z","method":"GET","url":"https://api.track.toggl.com/api/v9/me","status":403,"request_headers":{"Authorization":"Basic ` + base64.StdEncoding.EncodeToString([]byte("PLANTtoggl6Oo:api_token")) + `"},"connection":"c1"}
`,
		"t.csv": "Task ID,Zap ID,Zap Name,Step,Status,Date,Error Message,Connection\n" +
			`t1,z1,Sync,Get,errored,2026-03-02T11:00:00Z,"{""status"":401,""content"":""{\""error\"":\""invalid_token\"",\""error_description\"":\""PLANTaccess7Qx\""}"",""request"":{""url"":""https://api.example.com/v1/me?access_token=PLANTaccess7Qx""}}",c9` + "\n",
	}
}

func jsonString(s string) (string, error) {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

// TestNoPlantedSecretAnywhere runs every input format through every output
// format, --explain, redact and the error paths, and scans all of it.
func TestNoPlantedSecretAnywhere(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for name, data := range plantedInputs() {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	// A broken record carrying a secret must not echo it in its error.
	broken := filepath.Join(dir, "broken.jsonl")
	os.WriteFile(broken, []byte(`{"time":"2026-03-02T11:00:00Z","method":"GET","url":"https://a.example/x","status":401}`+"\n"+`{"password":"PLANTpassword6Uu", oops`+"\n"), 0o644)
	paths = append(paths, broken)
	scan := func(what, s string) {
		for _, secret := range planted {
			// as written, and base64-encoded at the start of a Basic credential
			b64 := base64.StdEncoding.EncodeToString([]byte(secret[:len(secret)/3*3]))
			for _, form := range []string{secret, b64} {
				if (form == secret || len(form) >= 12) && strings.Contains(s, form) {
					i := strings.Index(s, form)
					t.Errorf("%s leaks %s: …%s…", what, secret, s[max(0, i-80):min(len(s), i+40)])
				}
			}
		}
	}
	var findings int
	for _, format := range []string{"table", "markdown", "json", "jsonl", "csv", "html"} {
		code, out, stderr := runCLI(t, "", append([]string{"--format", format}, paths...)...)
		scan(format, out+stderr)
		if format == "jsonl" {
			findings = strings.Count(out, "\n")
		}
		if code != 0 {
			t.Errorf("%s: exit %d: %s", format, code, stderr)
		}
		for _, conn := range []string{"c1", "9", "lineage"} {
			_, out, stderr := runCLI(t, "", append([]string{"--format", format, "--explain", conn}, paths...)...)
			scan(format+" --explain "+conn, out+stderr)
		}
	}
	if findings < 6 {
		t.Errorf("only %d findings: the planted inputs were not all read", findings)
	}
	for _, p := range paths {
		_, out, stderr := runCLI(t, "", "redact", p)
		scan("redact "+filepath.Base(p), out+stderr)
	}
	// One HAR entry pretty-printed on its own (not a HAR, not JSON lines)
	// must be redacted as JSON, not skimmed as text.
	entry := filepath.Join(dir, "entry.json")
	os.WriteFile(entry, []byte("{\n  \"request\": {\"method\": \"GET\", \"url\": \"https://api.example.com/x\",\n  \"headers\": [{\"name\": \"Cookie\", \"value\": \"s=PLANTcookie5Vv\"}, {\"name\": \"X-Auth-Token\", \"value\": \"PLANTxauth3Cc\"}]},\n  \"response\": {\"status\": 401, \"headers\": [], \"content\": {}}\n}\n"), 0o644)
	code, out, stderr := runCLI(t, "", "redact", entry)
	scan("redact entry.json", out+stderr)
	if code != 0 || !json.Valid([]byte(out)) || !strings.Contains(out, `"X-Auth-Token"`) {
		t.Errorf("redact entry.json: exit %d, output %q, stderr %q", code, out, stderr)
	}
}
