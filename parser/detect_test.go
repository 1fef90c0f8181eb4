package parser

import (
	"fmt"
	"strings"
	"testing"
)

// TestPrettyDocument checks that a JSON document written over many lines
// is judged whole, as its compact form is: one of no supported shape says
// so once, naming its keys, where each line was reported as invalid JSON
// and the input failed as "no usable record"; a pretty-printed run object
// is read as the run it is. A pretty-printed HAR and zap-runs page read as
// before.
func TestPrettyDocument(t *testing.T) {
	const run1 = `{"id":"r1","zap_id":5,"status":"success","start_time":"2026-03-09T10:00:00Z","connection":"G"}`
	const run2 = `{"id":"r2","zap_id":5,"status":"error","start_time":"2026-03-09T11:00:00Z","error":"Got 500 calling GET https://x.example/a, expected 2xx.","connection":"G"}`
	pretty := func(s string) string {
		s = strings.ReplaceAll(s, `{"`, "{\n  \"")
		s = strings.ReplaceAll(s, `,"`, ",\n  \"")
		return strings.ReplaceAll(s, "}", "\n}")
	}
	const noShape = "JSON of no supported shape (keys: %s); map a JSON log's fields with --field NAME=PATH"
	tests := []struct {
		name string
		in   string
		want string
	}{{
		name: "data of runs",
		in:   pretty(`{"data":[` + run1 + `,` + run2 + `]}`),
		want: "error " + fmt.Sprintf(noShape, "data"),
	}, {
		name: "data of runs, compact",
		in:   `{"data":[` + run1 + `,` + run2 + `]}` + "\n",
		want: "error " + fmt.Sprintf(noShape, "data"),
	}, {
		name: "zap_runs, one run a line inside",
		in:   "{\"zap_runs\": [\n  " + run1 + ",\n  " + run2 + "\n]}\n",
		want: "error " + fmt.Sprintf(noShape, "zap_runs"),
	}, {
		name: "Workato result",
		in:   "{\"result\":[\n  {\"id\":9001,\"recipe_id\":55,\"status\":\"succeeded\",\"started_at\":\"2026-03-09T10:00:00.000Z\"}\n]}\n",
		want: "error " + fmt.Sprintf(noShape, "result"),
	}, {
		name: "one run object",
		in:   pretty(run2),
		want: "f: entry 0 r2|records 1 skipped 0",
	}, {
		name: "zap-runs page",
		in:   pretty(`{"links":{"next":null},"meta":{"count":2},"data":[` + run1 + `,` + run2 + `]}`),
		want: "f: entry 0 r1|f: entry 1 r2|records 2 skipped 0",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, msgs []string
			st, err := Read(strings.NewReader(tt.in), "f", Options{},
				func(e *Event) { got = append(got, e.Source.String()+" "+e.Run.ID) },
				func(e *RecordError) { msgs = append(msgs, e.Error()) })
			if err != nil {
				got = append(append(got, msgs...), "error "+err.Error())
			} else {
				got = append(append(got, msgs...), fmt.Sprintf("records %d skipped %d", st.Records, st.Skipped))
			}
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}
