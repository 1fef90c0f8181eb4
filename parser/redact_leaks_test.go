package parser

import (
	"bytes"
	"strings"
	"testing"
)

// fp is how redact writes a secret: its fingerprint.
func fp(secret string) string { return redactedPrefix + Fingerprint(secret) }

// redactLeakTests are records in the shapes real tools write, each holding
// a secret an earlier redact kept; want is the whole redacted copy, so a
// case also fails when anything besides the secret changes.
var redactLeakTests = []struct {
	name   string
	format Format // forced, as --input-format; FormatUnknown detects
	in     string
	want   string
}{
	{
		name: "set-cookie lines in one HAR value",
		in:   `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"POST","url":"https://app.acme.example/login","headers":[]},"response":{"status":200,"headers":[{"name":"Set-Cookie","value":"lang=en; Path=/\nsessionid=Kq7vT2xW9pLm4RzA; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly"}],"content":{"text":"{\"ok\":true}"}}}` + "\n",
		want: `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"POST","url":"https://app.acme.example/login","headers":[]},"response":{"status":200,"headers":[{"name":"Set-Cookie","value":"lang=; Path=/\nsessionid=; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly"}],"content":{"text":"{\"ok\":true}"}}}` + "\n",
	},
	{
		name: "set-cookie folded with commas in a header block",
		in:   `[{"Status":"200","Method":"POST","URL":"https://app.acme.example/login","Timestamp":"2026-03-04T14:00:00.412Z","Request Headers":"accept: application/json","Response Headers":"content-type: text/html\nset-cookie: csrftoken=Zt5; expires=Thu, 04 Mar 2027 14:00:00 GMT; Path=/, sessionid=b8Xq2LmN7vR4; expires=Thu, 18 Mar 2026 14:00:00 GMT; HttpOnly; Path=/","Response Body":"<p>ok</p>"}]`,
		want: `[{"Status":"200","Method":"POST","URL":"https://app.acme.example/login","Timestamp":"2026-03-04T14:00:00.412Z","Request Headers":"accept: application/json","Response Headers":"content-type: text/html\nset-cookie: csrftoken=; expires=Thu, 04 Mar 2027 14:00:00 GMT; Path=/, sessionid=; expires=Thu, 18 Mar 2026 14:00:00 GMT; HttpOnly; Path=/","Response Body":"<p>ok</p>"}]` + "\n",
	},
	{
		name: "keycloak credentials keyed by type",
		in:   `{"startedDateTime":"2026-03-02T12:01:00.000Z","request":{"method":"POST","url":"https://kc.acme.example/admin/realms/acme/users","headers":[{"name":"Content-Type","value":"application/json"}],"postData":{"mimeType":"application/json","text":"{\"username\":\"bob\",\"credentials\":[{\"type\":\"password\",\"value\":\"hunter2-Kc9\",\"temporary\":false}],\"attributes\":[{\"type\":\"text\",\"value\":\"hello\"},{\"type\":\"code\",\"value\":\"print(1)\"}]}"}},"response":{"status":201,"headers":[],"content":{"text":""}}}` + "\n",
		want: `{"startedDateTime":"2026-03-02T12:01:00.000Z","request":{"method":"POST","url":"https://kc.acme.example/admin/realms/acme/users","headers":[{"name":"Content-Type","value":"application/json"}],"postData":{"mimeType":"application/json","text":"{\"username\":\"bob\",\"credentials\":[{\"type\":\"password\",\"value\":\"` + fp("hunter2-Kc9") + `\",\"temporary\":false}],\"attributes\":[{\"type\":\"text\",\"value\":\"hello\"},{\"type\":\"code\",\"value\":\"print(1)\"}]}"}},"response":{"status":201,"headers":[],"content":{"text":""}}}` + "\n",
	},
	{
		name:   "gitlab params keyed by key",
		format: FormatMapped,
		in:     `{"method":"POST","path":"/users/sign_in","status":401,"time":"2026-03-02T10:00:00.000Z","params":[{"key":"login","value":"bob"},{"key":"password","value":"hunter2-Gl7"},{"key":"remember_me","value":"0"}],"ua":"Mozilla/5.0"}` + "\n",
		want:   `{"method":"POST","path":"/users/sign_in","status":401,"time":"2026-03-02T10:00:00.000Z","params":[{"key":"login","value":"bob"},{"key":"password","value":"` + fp("hunter2-Gl7") + `"},{"key":"remember_me","value":"0"}],"ua":"Mozilla/5.0"}` + "\n",
	},
}

func TestRedactLeaks(t *testing.T) {
	for _, tt := range redactLeakTests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if _, err := Redact(strings.NewReader(tt.in), "in", &out, Options{Format: tt.format}, func(e *RecordError) { t.Error(e) }); err != nil {
				t.Fatal(err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("redacted copy\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestSetCookies(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sid=abc; Path=/; HttpOnly", "sid=; Path=/; HttpOnly"},
		{"a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT, b=2; Path=/", "a=; Expires=Wed, 21 Oct 2026 07:28:00 GMT, b=; Path=/"},
		{"a=1\r\nb=2\r\n", "a=\r\nb=\r\n"},
		{"a=1, , b", "a="},
		{"flag; Secure", "flag=; Secure"},
	}
	for _, tt := range tests {
		if got := emptyCookies(tt.in, true); got != tt.want {
			t.Errorf("emptyCookies(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
