package parser

import (
	"fmt"
	"strings"
	"testing"
)

// TestUnreadableStatus checks that a record whose HTTP status is there but
// is no status ("ok", "error", a boolean, an object) is reported where it
// is, naming the key, counted and skipped, in every format; it was read as
// "no response" and became a network error. A record with no status at all
// (missing, null, "") is still read as no response, and a status line
// ("401 Unauthorized") is still read as its code. Nothing of the value is
// in the message.
func TestUnreadableStatus(t *testing.T) {
	const want = " (%d bytes; want an HTTP status code such as 401)"
	tests := []struct {
		name string
		in   string
		opts Options
		want string
	}{{
		name: "native",
		in: `{"time":"2026-03-10T08:00:00Z","method":"GET","url":"https://api.example.com/a","status":"401 Unauthorized"}` + "\n" +
			`{"time":"2026-03-10T08:00:01Z","method":"GET","url":"https://api.example.com/b","status":"error"}` + "\n" +
			`{"time":"2026-03-10T08:00:02Z","method":"GET","url":"https://api.example.com/c","status":"ok"}` + "\n" +
			`{"time":"2026-03-10T08:00:03Z","method":"GET","url":"https://api.example.com/d","status":true}` + "\n" +
			`{"time":"2026-03-10T08:00:04Z","method":"GET","url":"https://api.example.com/e","status":{"code":200}}` + "\n" +
			`{"time":"2026-03-10T08:00:05Z","method":"GET","url":"https://api.example.com/f","status":null,"error":"connection reset"}` + "\n" +
			`{"time":"2026-03-10T08:00:06Z","method":"GET","url":"https://api.example.com/g","status":"","error":"timeout"}` + "\n" +
			`{"time":"2026-03-10T08:00:07Z","method":"GET","url":"https://api.example.com/h","status":" 200 "}` + "\n",
		want: "read f:1 401|read f:6 0|read f:7 0|read f:8 200|" +
			"f:2: unreadable status" + fmt.Sprintf(want, 5) + "|f:3: unreadable status" + fmt.Sprintf(want, 2) +
			"|f:4: unreadable status: a boolean, not an HTTP status|f:5: unreadable status: an object, not an HTTP status|records 4 skipped 4",
	}, {
		name: "har",
		in: `{"log":{"entries":[{"startedDateTime":"2026-03-02T08:00:00Z","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":"401"}},` +
			`{"startedDateTime":"2026-03-02T08:00:01Z","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":"OK"}},` +
			`{"startedDateTime":"2026-03-02T08:00:02Z","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":false}},` +
			`{"startedDateTime":"2026-03-02T08:00:03Z","request":{"method":"GET","url":"https://x.example/b"},"response":{"status":0,"_error":"net::ERR_FAILED"}}]}}`,
		want: "read f: entry 0 401|read f: entry 3 0|" +
			"f: entry 1: unreadable response.status" + fmt.Sprintf(want, 2) + "|f: entry 2: unreadable response.status: a boolean, not an HTTP status|records 2 skipped 2",
	}, {
		name: "har-jsonl",
		in: `{"startedDateTime":"2026-03-09T08:14:11Z","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":401}}` + "\n" +
			`{"startedDateTime":"2026-03-09T08:14:12Z","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":"failed"}}` + "\n",
		want: "read f:1 401|f:2: unreadable response.status" + fmt.Sprintf(want, 6) + "|records 1 skipped 1",
	}, {
		name: "zapier-log",
		in: `{"message":"401 GET","data":{"log_type":"http","timestamp":"2026-03-09T08:14:11Z","request_url":"https://a.example/x","response_status_code":"error"}}` + "\n" +
			`{"message":"401 GET","data":{"log_type":"http","timestamp":"2026-03-09T08:14:12Z","request_url":"https://a.example/x","response_status_code":401}}` + "\n",
		want: "read f:2 401|f:1: unreadable response_status_code" + fmt.Sprintf(want, 5) + "|records 1 skipped 1",
	}, {
		name: "zapier-cli",
		in:   `[{"Status":"n/a","Method":"GET","URL":"https://a.example/x","Timestamp":"2026-03-09T08:14:11Z"},{"Status":"401","Method":"GET","URL":"https://a.example/x","Timestamp":"2026-03-09T08:14:11Z"}]`,
		want: "read f: entry 1 401|f: entry 0: unreadable Status" + fmt.Sprintf(want, 3) + "|records 1 skipped 1",
	}, {
		name: "otel",
		in: `{"resourceSpans":[{"scopeSpans":[{"spans":[` +
			`{"name":"GET","startTimeUnixNano":"1773044051000000000","attributes":[{"key":"http.response.status_code","value":{"stringValue":"ERROR"}},{"key":"url.full","value":{"stringValue":"https://a.example/x"}}]},` +
			`{"name":"GET","startTimeUnixNano":"1773044051000000000","attributes":[{"key":"http.response.status_code","value":{"intValue":"401"}},{"key":"url.full","value":{"stringValue":"https://a.example/x"}}]}]}]}]}`,
		want: "read f:1 401|f:1: unreadable status code" + fmt.Sprintf(want, 5) + "|records 1 skipped 1",
	}, {
		// The mapped-log case of the review: --field status was forgotten,
		// so the record's own "status" key, a log level, is read.
		name: "mapped",
		in: `{"ts":"2026-03-10T08:00:00Z","level":"error","status":"error","http":{"method":"GET","url":"https://api.hubapi.com/crm/v3/objects/contacts","status_code":401},"msg":"request failed"}` + "\n" +
			`{"ts":"2026-03-10T08:00:05Z","level":"info","http":{"method":"GET","url":"https://api.hubapi.com/crm/v3/objects/contacts","status_code":200},"msg":"ok"}` + "\n",
		opts: Options{Fields: map[string]string{"time": "ts", "method": "http.method", "url": "http.url"}},
		want: "read f:2 0|f:1: unreadable status" + fmt.Sprintf(want, 5) + "|records 1 skipped 1",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			var msgs []string
			st, err := Read(strings.NewReader(tt.in), "f", tt.opts,
				func(e *Event) { got = append(got, fmt.Sprintf("read %s %d", e.Source, e.Status)) },
				func(e *RecordError) { msgs = append(msgs, e.Error()) })
			if err != nil {
				t.Fatal(err)
			}
			got = append(append(got, msgs...), fmt.Sprintf("records %d skipped %d", st.Records, st.Skipped))
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("got  %s\nwant %s", strings.ReplaceAll(g, "|", "\n     "), strings.ReplaceAll(tt.want, "|", "\n     "))
			}
		})
	}
}
