package parser

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// benchEntries builds n realistic HAR entries (~1.5 KB each): API calls
// with bearer JWTs, token refreshes, 401s with provider error bodies, list
// pages with cursors, webhooks.
func benchEntries(n int) []string {
	jwt := "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2xvZ2luLmV4YW1wbGUuY29tIiwic3ViIjoidXNlci00MiIsImF1ZCI6Imh0dHBzOi8vYXBpLmV4YW1wbGUuY29tIiwiaWF0IjoxNzcyNDQ2MzY0LCJleHAiOjE3NzI0NDk5NjR9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbmF0dXJl"
	hdrs := `[{"name":"User-Agent","value":"acme-sync/3.4.1 (+https://acme.example)"},{"name":"Accept","value":"application/json"},{"name":"Accept-Encoding","value":"gzip, deflate, br"},{"name":"X-Request-Id","value":"%d-7f1e-4c2a-9b1d-3e5f"}`
	out := make([]string, n)
	for i := range out {
		h := fmt.Sprintf(hdrs, i)
		ts := fmt.Sprintf("2026-03-02T%02d:%02d:%02d.%03dZ", (i/3600)%24, (i/60)%60, i%60, i%1000)
		switch i % 5 {
		case 0:
			out[i] = fmt.Sprintf(`{"startedDateTime":"%s","time":231.5,"request":{"method":"POST","url":"https://login.example.com/oauth/token","httpVersion":"HTTP/2","headers":%s,{"name":"Content-Type","value":"application/x-www-form-urlencoded"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":180,"postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=refresh_token&refresh_token=rt-%d-abcdefghijklmnop&client_id=app-%d&client_secret=s3cr3t-%d"}},"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/2","headers":[{"name":"Content-Type","value":"application/json"},{"name":"Cache-Control","value":"no-store"}],"cookies":[],"content":{"size":300,"mimeType":"application/json","text":"{\"access_token\":\"%s\",\"expires_in\":3600,\"refresh_token\":\"rt-%d-qrstuvwxyz\",\"token_type\":\"Bearer\",\"scope\":\"read write offline_access\"}"},"redirectURL":"","headersSize":-1,"bodySize":300},"cache":{},"timings":{"send":0.1,"wait":230,"receive":1.4}}`, ts, h, i%300, i%300, i%300, jwt, i%300)
		case 1, 2:
			out[i] = fmt.Sprintf(`{"startedDateTime":"%s","time":88,"request":{"method":"GET","url":"https://api.example.com/v2/contacts?limit=100&cursor=c%d","httpVersion":"HTTP/2","headers":%s,{"name":"Authorization","value":"Bearer %s"}],"queryString":[{"name":"limit","value":"100"}],"cookies":[],"headersSize":-1,"bodySize":0},"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/2","headers":[{"name":"Content-Type","value":"application/json"},{"name":"X-RateLimit-Remaining","value":"97"}],"cookies":[],"content":{"size":420,"mimeType":"application/json","text":"{\"data\":[{\"id\":\"%d\",\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},{\"id\":\"%d\",\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\"}],\"has_more\":true,\"next_cursor\":\"c%d\"}"},"redirectURL":"","headersSize":-1,"bodySize":420},"cache":{},"timings":{"send":0.1,"wait":86,"receive":1.9}}`, ts, i, h, jwt, i, i+1, i+1)
		case 3:
			out[i] = fmt.Sprintf(`{"startedDateTime":"%s","time":64,"request":{"method":"GET","url":"https://graph.example.com/v1.0/me/messages?$top=50","httpVersion":"HTTP/2","headers":%s,{"name":"Authorization","value":"Bearer %s"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},"response":{"status":401,"statusText":"Unauthorized","httpVersion":"HTTP/2","headers":[{"name":"Content-Type","value":"application/json"},{"name":"WWW-Authenticate","value":"Bearer realm=\"\", error=\"invalid_token\", error_description=\"Lifetime validation failed, the token is expired.\""}],"cookies":[],"content":{"size":160,"mimeType":"application/json","text":"{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Lifetime validation failed, the token is expired.\",\"innerError\":{\"date\":\"%s\",\"request-id\":\"%d\"}}}"},"redirectURL":"","headersSize":-1,"bodySize":160},"cache":{},"timings":{"send":0.1,"wait":63,"receive":0.9}}`, ts, h, jwt, ts, i)
		default:
			out[i] = fmt.Sprintf(`{"startedDateTime":"%s","time":15,"request":{"method":"POST","url":"https://hooks.zapier.com/hooks/catch/123456/abc%d/","httpVersion":"HTTP/1.1","headers":%s,{"name":"Content-Type","value":"application/json"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":90,"postData":{"mimeType":"application/json","text":"{\"order\":%d,\"total\":42.5,\"currency\":\"EUR\",\"customer\":{\"id\":\"cus_%d\"}}"}},"response":{"status":400,"statusText":"Bad Request","httpVersion":"HTTP/1.1","headers":[{"name":"Content-Type","value":"application/json"}],"cookies":[],"content":{"size":70,"mimeType":"application/json","text":"{\"status\":\"error\",\"message\":\"missing required field: customer_email\"}"},"redirectURL":"","headersSize":-1,"bodySize":70},"cache":{},"timings":{"send":0.1,"wait":14,"receive":0.9}}`, ts, i%50, h, i, i)
		}
	}
	return out
}

func benchInput(b *testing.B, har bool) []byte {
	entries := benchEntries(20000)
	if har {
		return harOf(entries...)
	}
	return []byte(strings.Join(entries, "\n") + "\n")
}

func benchRead(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if _, err := Read(bytes.NewReader(data), "bench", Options{}, func(*Event) { n++ }, func(*RecordError) {}); err != nil || n != 20000 {
			b.Fatalf("%d events, %v", n, err)
		}
	}
}

func BenchmarkReadJSONL(b *testing.B) { benchRead(b, benchInput(b, false)) }
func BenchmarkReadHAR(b *testing.B)   { benchRead(b, benchInput(b, true)) }

func BenchmarkReadJSONLGzip(b *testing.B) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	raw := benchInput(b, false)
	zw.Write(raw)
	zw.Close()
	data := z.Bytes()
	b.SetBytes(int64(len(raw))) // throughput of the uncompressed traffic
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Read(bytes.NewReader(data), "bench", Options{}, func(*Event) {}, func(*RecordError) {})
	}
}

func BenchmarkReadZapierLog(b *testing.B) {
	data, err := os.ReadFile("testdata/golden/zapier-platform.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	big := bytes.Repeat(data, 10000)
	b.SetBytes(int64(len(big)))
	for i := 0; i < b.N; i++ {
		Read(bytes.NewReader(big), "bench", Options{}, func(*Event) {}, func(*RecordError) {})
	}
}

func BenchmarkRedactHAR(b *testing.B) {
	data := benchInput(b, true)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		var out bytes.Buffer
		Redact(bytes.NewReader(data), "bench", &out, Options{}, func(*RecordError) {})
	}
}

func BenchmarkScanEntries(b *testing.B) {
	data := benchInput(b, true)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		n := 0
		readHARDoc(newJSONScanner(bytes.NewReader(data), 0), func(int, []byte, error) { n++ }, func(string) {})
	}
}

func BenchmarkRedactText(b *testing.B) {
	s := `{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired.","innerError":{"date":"2026-03-02T10:00:00Z","request-id":"7f1e-4c2a-9b1d-3e5f"}}}`
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		redactText(s)
	}
}

// BenchmarkRedactHostile redacts one record whose body repeats what the
// secret rules act on — XML elements named like secrets, URLs with
// user:password — at two sizes: MB/s must stay flat as the body doubles
// (it was quadratic: 5.8 s and 20.6 s for 0.5 and 1 MB of XML).
func BenchmarkRedactHostile(b *testing.B) {
	for _, kind := range []string{"xml", "urls"} {
		for _, n := range []int{10000, 20000} {
			var body strings.Builder
			for i := range n {
				if kind == "xml" {
					fmt.Fprintf(&body, "<token>tok%08d</token>", i)
				} else {
					fmt.Fprintf(&body, "ab://u:p%d@h ", i)
				}
			}
			rec, _ := json.Marshal(map[string]any{"time": "2026-03-02T10:00:00Z", "method": "GET", "url": "https://api.example.com/x",
				"status": 401, "request_headers": map[string]string{"Authorization": "Bearer abcdefgh12345678"}, "response_body": body.String(), "connection": "c1"})
			b.Run(fmt.Sprintf("%s-%dKB", kind, len(rec)>>10), func(b *testing.B) {
				b.SetBytes(int64(len(rec)))
				for b.Loop() {
					var out bytes.Buffer
					Redact(bytes.NewReader(rec), "bench", &out, Options{}, func(*RecordError) {})
				}
			})
		}
	}
}
