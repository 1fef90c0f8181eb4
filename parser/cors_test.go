package parser

import (
	"strings"
	"testing"
)

// TestCORS checks that a preflight's CORS headers reach its Event, in a
// HAR as Chrome writes it and in a native line, the page's Origin and
// Access-Control-Allow-Credentials included, and that no other request
// gets any.
func TestCORS(t *testing.T) {
	const har = `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
{"startedDateTime":"2026-03-16T09:03:00.000Z","time":80,"_resourceType":"preflight","request":{"method":"OPTIONS","url":"https://api.tasklane.example/v1/tasks/43","httpVersion":"http/2.0","headers":[{"name":"accept","value":"*/*"},{"name":"access-control-request-headers","value":"authorization,content-type"},{"name":"access-control-request-method","value":"DELETE"},{"name":"origin","value":"https://app.tasklane.example"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},"response":{"status":200,"statusText":"","httpVersion":"http/2.0","headers":[{"name":"access-control-allow-origin","value":"https://app.tasklane.example"},{"name":"access-control-allow-methods","value":"GET, DELETE"},{"name":"access-control-allow-headers","value":"content-type"},{"name":"access-control-allow-credentials","value":"true"},{"name":"access-control-max-age","value":"600"}],"cookies":[],"content":{"size":0,"mimeType":"x-unknown"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":70,"receive":1}},
{"startedDateTime":"2026-03-16T09:03:00.050Z","time":5,"_resourceType":"fetch","request":{"method":"GET","url":"https://api.tasklane.example/v1/tasks/43","httpVersion":"http/2.0","headers":[{"name":"authorization","value":"Bearer abc.def.ghi"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},"response":{"status":200,"statusText":"","httpVersion":"http/2.0","headers":[{"name":"access-control-allow-origin","value":"https://app.tasklane.example"},{"name":"content-type","value":"application/json"}],"cookies":[],"content":{"size":2,"mimeType":"application/json","text":"{}"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":4,"receive":1}}]}}`
	const native = `{"time":"2026-03-16T09:04:00Z","method":"OPTIONS","url":"https://api.tasklane.example/v1/tasks/44","status":204,"request_headers":{"Access-Control-Request-Method":"PUT","Origin":"https://app.tasklane.example"},"response_headers":{"Content-Length":"0"}}` + "\n"
	// A record that lists no response headers does not say what the
	// preflight allowed: no CORS, rather than one allowing nothing.
	// One that lists the request's CORS headers only still says it was a
	// preflight, and what for.
	const noHeaders = `{"time":"2026-03-16T09:05:00Z","method":"OPTIONS","url":"https://api.tasklane.example/v1/tasks/45","status":204}` + "\n" +
		`{"time":"2026-03-16T09:05:01Z","method":"OPTIONS","url":"https://api.tasklane.example/v1/tasks/46","status":204,"response_headers":{}}` + "\n" +
		`{"time":"2026-03-16T09:05:02Z","method":"OPTIONS","url":"https://api.tasklane.example/v1/tasks/46","status":401,"request_headers":{"Origin":"https://app.tasklane.example","Access-Control-Request-Method":"PATCH","Access-Control-Request-Headers":"authorization"}}` + "\n"
	const harNoHeaders = `{"log":{"version":"1.2","creator":{"name":"scrubber","version":"1"},"entries":[
{"startedDateTime":"2026-03-16T09:06:00.000Z","time":80,"request":{"method":"OPTIONS","url":"https://api.tasklane.example/v1/tasks/47","httpVersion":"http/2.0","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},"response":{"status":204,"statusText":"","httpVersion":"http/2.0","headers":[],"cookies":[],"content":{"size":0,"mimeType":"x-unknown"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":70,"receive":1}}]}}`
	want := []*CORS{
		{Origin: "https://app.tasklane.example", RequestMethod: "DELETE", RequestHeaders: "authorization,content-type",
			AllowOrigin: "https://app.tasklane.example", AllowMethods: "GET, DELETE", AllowHeaders: "content-type", AllowCredentials: "true", Answered: true},
		nil,
		{Origin: "https://app.tasklane.example", RequestMethod: "PUT", Answered: true},
		nil,
		nil,
		{Origin: "https://app.tasklane.example", RequestMethod: "PATCH", RequestHeaders: "authorization"},
		nil,
	}
	var got []*CORS
	for _, in := range []struct{ name, text string }{{"s.har", har}, {"s.jsonl", native}, {"n.jsonl", noHeaders}, {"n.har", harNoHeaders}} {
		if _, err := Read(strings.NewReader(in.text), in.name, Options{}, func(ev *Event) { got = append(got, ev.CORS) },
			func(re *RecordError) { t.Errorf("%v", re) }); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i := range want {
		switch {
		case (got[i] == nil) != (want[i] == nil):
			t.Errorf("event %d: CORS = %+v, want %+v", i, got[i], want[i])
		case got[i] != nil && *got[i] != *want[i]:
			t.Errorf("event %d: CORS = %+v, want %+v", i, *got[i], *want[i])
		}
	}
}

// TestCookieSent checks that Auth.Cookie says a request sent a cookie,
// from a HAR's cookies or a Cookie header, also when an Authorization
// header names the scheme, and never the cookie's value.
func TestCookieSent(t *testing.T) {
	const har = `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
{"startedDateTime":"2026-03-16T09:03:00.000Z","time":5,"_resourceType":"fetch","request":{"method":"PUT","url":"https://api.tasklane.example/v1/tasks/43","httpVersion":"http/2.0","headers":[{"name":"authorization","value":"Bearer abc.def.ghi"},{"name":"cookie","value":"tl_session=COOKIESECRET1234567890"}],"queryString":[],"cookies":[{"name":"tl_session","value":"COOKIESECRET1234567890"}],"headersSize":-1,"bodySize":0},"response":{"status":0,"statusText":"","httpVersion":"","headers":[],"cookies":[],"content":{"size":0,"mimeType":"x-unknown"},"redirectURL":"","headersSize":-1,"bodySize":0,"_error":"net::ERR_FAILED"},"cache":{},"timings":{"send":0,"wait":4,"receive":1}},
{"startedDateTime":"2026-03-16T09:03:01.000Z","time":5,"_resourceType":"fetch","request":{"method":"PUT","url":"https://api.tasklane.example/v1/tasks/44","httpVersion":"http/2.0","headers":[],"queryString":[],"cookies":[{"name":"tl_session","value":"COOKIESECRET1234567890"}],"headersSize":-1,"bodySize":0},"response":{"status":204,"statusText":"","httpVersion":"http/2.0","headers":[],"cookies":[],"content":{"size":0,"mimeType":"x-unknown"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":4,"receive":1}},
{"startedDateTime":"2026-03-16T09:03:02.000Z","time":5,"_resourceType":"fetch","request":{"method":"PUT","url":"https://api.tasklane.example/v1/tasks/45","httpVersion":"http/2.0","headers":[{"name":"authorization","value":"Bearer abc.def.ghi"},{"name":"cookie","value":""}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},"response":{"status":204,"statusText":"","httpVersion":"http/2.0","headers":[],"cookies":[],"content":{"size":0,"mimeType":"x-unknown"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":4,"receive":1}}]}}`
	want := []struct {
		scheme string
		cookie bool
	}{{"Bearer", true}, {"cookie", true}, {"Bearer", false}}
	var got []Auth
	if _, err := Read(strings.NewReader(har), "c.har", Options{}, func(ev *Event) { got = append(got, ev.Auth) },
		func(re *RecordError) { t.Errorf("%v", re) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Scheme != w.scheme || got[i].Cookie != w.cookie {
			t.Errorf("event %d: Auth.Scheme %q, Cookie %v; want %q, %v", i, got[i].Scheme, got[i].Cookie, w.scheme, w.cookie)
		}
		if strings.Contains(got[i].TokenFP, "COOKIESECRET") {
			t.Errorf("event %d: a cookie's value in TokenFP %q", i, got[i].TokenFP)
		}
	}
}
