package parser

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRedactRoundTrip redacts every golden input and checks that the copy
// parses into the same events — fingerprints included — and holds no
// secret the original had.
func TestRedactRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*")
	more, _ := filepath.Glob("testdata/redact/*")
	for _, path := range append(files, more...) {
		if strings.HasSuffix(path, ".golden") {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, _ := os.ReadFile(path)
			var red bytes.Buffer
			if _, err := Redact(bytes.NewReader(data), path, &red, Options{}, func(e *RecordError) {}); err != nil {
				t.Fatal(err)
			}
			a, _, sa, errA := readAll(t, "f", data, Options{})
			b, _, sb, errB := readAll(t, "f", red.Bytes(), Options{})
			if (errA == nil) != (errB == nil) || sa.Records != sb.Records || sa.Format != sb.Format {
				t.Fatalf("stats differ: %+v (%v) vs %+v (%v)", sa, errA, sb, errB)
			}
			for i := range a {
				a[i].Input, b[i].Input = nil, nil
				a[i].Auth.Sanitized, b[i].Auth.Sanitized = false, false
				ja, _ := json.Marshal(key(a[i]))
				jb, _ := json.Marshal(key(b[i]))
				if !bytes.Equal(ja, jb) {
					t.Errorf("event %d differs after redaction:\n orig %s\n redc %s", i, ja, jb)
				}
			}
			for _, s := range []string{"ZmFrZS1zaWduYXR1cmU", "kq8Q~secretvalue", "0.AVYA-old-refresh", "xoxe.xoxp-1-secret", "pat-na1-11112222"} {
				if bytes.Contains(red.Bytes(), []byte(s)) {
					t.Errorf("redacted copy still holds %q", s)
				}
			}
		})
	}
}

// key is what must survive redaction unchanged.
func key(e *Event) any {
	return struct {
		Status    int
		URL       string
		Auth      Auth
		Token     *TokenCall
		ErrorCode string
		Page      *Page
	}{e.Status, e.URL, e.Auth, e.Token, errCode(e), e.Page}
}

func errCode(e *Event) string {
	if e.Error == nil {
		return ""
	}
	return e.Error.Code
}

func TestRedactValues(t *testing.T) {
	jwt := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMiLCJleHAiOjE3NzI0NDYzNjR9.c2lnbmF0dXJl"
	tests := []struct{ name, value, want string }{
		{"Authorization", "Bearer " + jwt, "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMiLCJleHAiOjE3NzI0NDYzNjR9.redacted-" + Fingerprint(jwt)},
		{"Authorization", "Basic dXNlcjpwYXNz", "Basic " + base64.StdEncoding.EncodeToString([]byte("user:redacted:"+Fingerprint("dXNlcjpwYXNz")))},
		{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("sk_live_k3y:")), "Basic redacted:" + Fingerprint(base64.StdEncoding.EncodeToString([]byte("sk_live_k3y:")))},
		{"Cookie", "sid=abc; csrftoken=def", "sid=redacted:" + Fingerprint("sid=abc; csrftoken=def") + "; csrftoken=redacted:" + Fingerprint("sid=abc; csrftoken=def")},
		{"Cookie", "sid=abc; empty=", "sid=redacted:" + Fingerprint("sid=abc; empty=") + "; empty="},
		{"X-API-Key", " k-123456 ", "redacted:" + Fingerprint("k-123456")},
		{"Set-Cookie", "sid=abc; Path=/; HttpOnly", "sid=; Path=/; HttpOnly"},
		{"X-API-Key", "k-123456", "redacted:" + Fingerprint("k-123456")},
		{"Authorization", "Bearer :censored:40:6f1ed002ab:", "Bearer :censored:40:6f1ed002ab:"},
	}
	for _, tt := range tests {
		got, _ := redactNamed(tt.name, tt.value, false)
		if got != tt.want {
			t.Errorf("redactNamed(%q, %q) = %q, want %q", tt.name, tt.value, got, tt.want)
		}
	}
	if Fingerprint("Bearer") == "" || Fingerprint(tests[0].want[len("Bearer "):]) != Fingerprint(jwt) {
		t.Error("a redacted JWT does not keep its fingerprint")
	}
	// The stand-ins read back to the original's fingerprints.
	if got := credentialFP(tests[1].want[len("Basic "):]); got != Fingerprint("dXNlcjpwYXNz") {
		t.Errorf("a Basic stand-in reads back as %s, want %s", got, Fingerprint("dXNlcjpwYXNz"))
	}
	for _, c := range []string{"sid=abc; csrftoken=def", "sid=abc; empty="} {
		r, _ := redactNamed("Cookie", c, false)
		if cookieFP(r) != Fingerprint(c) {
			t.Errorf("the copy of Cookie %q reads back as %s, want %s", c, cookieFP(r), Fingerprint(c))
		}
	}
}

func FuzzRedact(f *testing.F) {
	seedFiles(f)
	for _, tt := range redactLeakTests {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		bad := 0
		if _, err := Redact(bytes.NewReader(data), "fuzz", &out, Options{MaxRecordBytes: 1 << 20}, func(*RecordError) { bad++ }); err != nil || bad > 0 {
			return // the copy stops where the input broke, or stands null for what was left out
		}
		events := 0
		if Read(bytes.NewReader(data), "fuzz", Options{MaxRecordBytes: 1 << 20}, func(*Event) { events++ }, func(*RecordError) {}); events == 0 {
			return // no input of a supported shape: nothing promised
		}
		// A redacted copy redacted again is the same copy (README: it
		// gives the same findings with the same fingerprints).
		var again bytes.Buffer
		Redact(bytes.NewReader(out.Bytes()), "fuzz", &again, Options{MaxRecordBytes: 1 << 20}, func(*RecordError) {})
		if !bytes.Equal(out.Bytes(), again.Bytes()) {
			t.Fatalf("redacting again changed the copy:\n once %q\ntwice %q", out.Bytes(), again.Bytes())
		}
	})
}

// TestRedactTeamsHookText checks that a Teams incoming webhook URL in free
// text is redacted as the URL alone is (only the key after IncomingWebhook
// is cut), so a redacted copy reads the same URL as its original; the
// '@' in its path made the text rules cut everything after it. The text
// around it is still redacted, and redacting again changes nothing.
func TestRedactTeamsHookText(t *testing.T) {
	const (
		ids  = "5f0c8a2e-3b1d-4c7e-9a6f-2d8e1b4c7a90@9b7e3c1a-2f4d-4e8b-a6c5-1d3f7e9b2a48"
		key  = "8c3f1e7a9b2d4c6e0f5a7b9c1d3e5f70"
		user = "3e1a9c7b-5d2f-4b8e-a0c6-7f9d1b3e5a24"
	)
	tests := []struct{ in, want string }{{
		in:   "Got 400 calling POST https://outlook.office.com/webhook/" + ids + "/IncomingWebhook/" + key + "/" + user + ", expected 2xx.",
		want: "Got 400 calling POST https://outlook.office.com/webhook/" + ids + "/IncomingWebhook/redacted:" + Fingerprint(key) + "/" + user + ", expected 2xx.",
	}, {
		in:   "Got 410 calling POST https://acme.webhook.office.com/webhookb2/" + ids + "/IncomingWebhook/" + key + "/" + user + " (Authorization: Bearer sk_live_4f9a2b7c1d8e)",
		want: "Got 410 calling POST https://acme.webhook.office.com/webhookb2/" + ids + "/IncomingWebhook/redacted:" + Fingerprint(key) + "/" + user + " (Authorization: Bearer redacted:" + Fingerprint("sk_live_4f9a2b7c1d8e") + ")",
	}}
	for _, tt := range tests {
		got := redactText(tt.in)
		if got != tt.want {
			t.Errorf("redactText(%q)\n got  %q\n want %q", tt.in, got, tt.want)
		}
		if again := redactText(got); again != got {
			t.Errorf("redactText again changed %q to %q", got, again)
		}
		u := tt.in[strings.Index(tt.in, "https://"):]
		u = u[:strings.IndexAny(u, ", ")]
		if r, _, _ := redactURL(u); !strings.Contains(got, r) {
			t.Errorf("redactText(%q) does not hold the URL as redactURL writes it, %q", tt.in, r)
		}
	}
}

// TestDumpString checks the one reader of var_dump strings, as the list
// reader and phpDumpValue use it: by its length (a quote inside), empty,
// and cut short.
func TestDumpString(t *testing.T) {
	tests := []struct {
		in       string
		want     string
		ok, name bool // name: phpDumpValue reads ["password"]=> before it
	}{
		{`string(7) "hunter2"`, "hunter2", true, true},
		{`string(5) "ab"cd"`, `ab"cd`, true, true},
		{`string(0) ""`, "", true, false},
		{`string(9) "short"`, "short", true, true},
		{`string(3) "open`, "", false, false},
		{`string() "x"`, "", false, false},
	}
	for _, tt := range tests {
		vs, ve, ok := dumpString(tt.in, 0)
		if got := ""; ok != tt.ok || ok && tt.in[vs:ve] != tt.want {
			if ok {
				got = tt.in[vs:ve]
			}
			t.Errorf("dumpString(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		named := `["password"]=> ` + tt.in
		i := strings.Index(named, "password")
		if _, _, ok := phpDumpValue(named, i, i+len("password")); ok != tt.name {
			t.Errorf("phpDumpValue(%q) ok = %v, want %v", named, ok, tt.name)
		}
	}
}
