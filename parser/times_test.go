package parser

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// TestUnreadableTime checks that a record whose time is there but cannot
// be read is reported where it is, naming the key, counted and skipped, in
// every format, and that a record with no time at all is read, as before.
// Neither the value nor anything else of the record is in the message.
func TestUnreadableTime(t *testing.T) {
	const want = " (%d bytes; want RFC 3339, \"2006-01-02 15:04:05\", a date such as \"Mar 9, 2026 8:14 AM\" or epoch seconds or milliseconds)"
	tests := []struct {
		name string
		in   string
		opts Options
		want string
	}{{
		name: "native",
		in: `{"time":"yesterday","method":"GET","url":"https://a.example/x","status":401}` + "\n" +
			`{"time":null,"method":"GET","url":"https://a.example/x","status":401}` + "\n" +
			`{"time":{"sec":1},"method":"GET","url":"https://a.example/x","status":401}` + "\n" +
			`{"time":"2026-03-09 08:14:11 -08:00","method":"GET","url":"https://a.example/x","status":401}` + "\n" +
			`{"method":"GET","url":"https://a.example/x","status":401}` + "\n",
		want: "read f:2 0001-01-01T00:00:00Z|read f:4 2026-03-09T16:14:11Z|read f:5 0001-01-01T00:00:00Z|" +
			"f:1: unreadable time" + fmt.Sprintf(want, 9) + "|f:3: unreadable time: an object, not a time|records 3 skipped 2",
	}, {
		name: "har",
		in: `{"log":{"entries":[{"startedDateTime":"2026-03-02T08:00:00Z","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":"401"}},` +
			`{"startedDateTime":"bogus","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":401}},` +
			`{"startedDateTime":true,"request":{"method":"GET","url":"https://x.example/a"},"response":{"status":401}},` +
			`{"startedDateTime":"","request":{"method":"GET","url":"https://x.example/b"},"response":{"status":503}}]}}`,
		want: "read f: entry 0 2026-03-02T08:00:00Z|read f: entry 3 0001-01-01T00:00:00Z|" +
			"f: entry 1: unreadable startedDateTime" + fmt.Sprintf(want, 5) + "|f: entry 2: unreadable startedDateTime: a boolean, not a time|records 2 skipped 2",
	}, {
		name: "har-jsonl",
		in: `{"startedDateTime":"Mon, 09 Mar 2026 08:14:11 GMT","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":401}}` + "\n" +
			`{"startedDateTime":"soon","request":{"method":"GET","url":"https://x.example/a"},"response":{"status":401}}` + "\n",
		want: "read f:1 2026-03-09T08:14:11Z|f:2: unreadable startedDateTime" + fmt.Sprintf(want, 4) + "|records 1 skipped 1",
	}, {
		name: "zapier-log",
		in: `{"message":"401 GET","data":{"log_type":"http","timestamp":"last tuesday","request_url":"https://a.example/x","response_status_code":401}}` + "\n" +
			`{"message":"401 GET","data":{"log_type":"http","request_url":"https://a.example/x","response_status_code":401},"timestamp":"2026-03-09T08:14:11Z"}` + "\n",
		want: "read f:2 2026-03-09T08:14:11Z|f:1: unreadable timestamp" + fmt.Sprintf(want, 12) + "|records 1 skipped 1",
	}, {
		name: "zapier-cli",
		in:   `[{"Status":"401","Method":"GET","URL":"https://a.example/x","Timestamp":"n/a"},{"Status":"401","Method":"GET","URL":"https://a.example/x","Timestamp":"2026-03-09T08:14:11Z"}]`,
		want: "read f: entry 1 2026-03-09T08:14:11Z|f: entry 0: unreadable Timestamp" + fmt.Sprintf(want, 3) + "|records 1 skipped 1",
	}, {
		name: "otel",
		in: `{"resourceSpans":[{"scopeSpans":[{"spans":[` +
			`{"name":"GET","startTimeUnixNano":"abc","attributes":[{"key":"http.response.status_code","value":{"intValue":"401"}},{"key":"url.full","value":{"stringValue":"https://a.example/x"}}]},` +
			`{"name":"GET","startTimeUnixNano":"1773044051000000000","attributes":[{"key":"http.response.status_code","value":{"intValue":"401"}},{"key":"url.full","value":{"stringValue":"https://a.example/x"}}]}]}]}]}`,
		want: "read f:1 2026-03-09T08:14:11Z|f:1: unreadable start time" + fmt.Sprintf(want, 3) + "|records 1 skipped 1",
	}, {
		name: "mapped",
		in:   `{"ts":"tomorrow","req":{"uri":"https://a.example/x"},"res":{"code":401}}` + "\n",
		opts: Options{Fields: map[string]string{"time": "ts", "url": "req.uri", "status": "res.code"}},
		want: "f:1: unreadable time" + fmt.Sprintf(want, 8) + "|records 0 skipped 1",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			var msgs []string
			st, err := Read(strings.NewReader(tt.in), "f", tt.opts,
				func(e *Event) {
					got = append(got, "read "+e.Source.String()+" "+e.Time.Format("2006-01-02T15:04:05Z07:00"))
				},
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

// TestTimeForms checks the time forms other languages write (Go's
// time.Time String(), JavaScript's Date toString(), RFC 3339 without
// seconds, Java's ZonedDateTime) and that numbers no epoch can be are no
// time: they used to skip whole logs, or be dated 1677.
func TestTimeForms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-03-09 08:14:11.123456789 +0000 UTC", "2026-03-09T08:14:11.123456789Z"},
		{"2026-03-09 08:14:11.123456 +0000 UTC m=+0.001234567", "2026-03-09T08:14:11.123456Z"},
		{"2026-03-09 00:14:11 -0800 PST", "2026-03-09T08:14:11Z"},
		{"Mon Mar 09 2026 08:14:11 GMT+0000 (Coordinated Universal Time)", "2026-03-09T08:14:11Z"},
		{"Mon Mar 09 2026 09:14:11 GMT+0100 (Central European Standard Time)", "2026-03-09T08:14:11Z"},
		{"2026-03-09T08:14Z", "2026-03-09T08:14:00Z"},
		{"2026-03-09T00:14-08:00", "2026-03-09T08:14:00Z"},
		{"2026-03-09T00:14:11.5-08:00[America/Los_Angeles]", "2026-03-09T08:14:11.5Z"},
		{"2026-03-09T08:14:11Z[UTC]", "2026-03-09T08:14:11Z"},
		{"1773044051", "2026-03-09T08:14:11Z"},
		{"NaN", "unreadable"},
		{"Infinity", "unreadable"},
		{"-Inf", "unreadable"},
		{"1e300", "unreadable"},
		{"9.3e18", "unreadable"},
	}
	for _, tt := range tests {
		got := "unreadable"
		if tm, ok := parseTimeOrder(tt.in, monthFirst); ok {
			got = tm.Format(time.RFC3339Nano)
		}
		if got != tt.want {
			t.Errorf("parseTimeOrder(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, raw := range []string{"1e300", "-1e400"} {
		if _, err := readTime(gjson.Parse(raw), "time"); err == nil {
			t.Errorf("readTime(%s): no error", raw)
		}
	}
}
