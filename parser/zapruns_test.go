package parser

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runRead runs one run-history reader directly on data.
func runRead(t testing.TB, name string, data []byte, f Format, maxRecord int) (evs []*Event, bad []string, err error) {
	t.Helper()
	k := &sink{
		name:  name,
		input: &Input{Name: name, Format: f},
		emit:  func(e *Event) { evs = append(evs, e) },
		bad:   func(e *RecordError) { bad = append(bad, e.Error()) },
		stats: &Stats{File: name, Format: f},
	}
	switch f {
	case FormatTaskCSV:
		err = readTaskCSV(bytes.NewReader(data), maxRecord, k)
	case FormatZapRuns:
		err = readZapRuns(newJSONScanner(bytes.NewReader(data), maxRecord), k)
	default:
		t.Fatalf("runRead: format %q is not run history", f)
	}
	return evs, bad, err
}

// runGoldenEvent is the part of a run Event the golden files show.
type runGoldenEvent struct {
	Source     string          `json:"source"`
	Format     Format          `json:"format"`
	Time       string          `json:"time,omitempty"`
	End        string          `json:"end,omitempty"`
	ID         string          `json:"id,omitempty"`
	ZapID      string          `json:"zap_id,omitempty"`
	ZapTitle   string          `json:"zap_title,omitempty"`
	Step       string          `json:"step,omitempty"`
	StepName   string          `json:"step_name,omitempty"`
	Connection string          `json:"connection,omitempty"`
	Status     RunStatus       `json:"status"`
	RawStatus  string          `json:"raw_status,omitempty"`
	Failed     bool            `json:"failed,omitempty"`
	HTTPStatus int             `json:"http_status,omitempty"`
	Method     string          `json:"method,omitempty"`
	URL        string          `json:"url,omitempty"`
	Host       string          `json:"host,omitempty"`
	Duration   string          `json:"duration,omitempty"`
	RetryAfter string          `json:"retry_after,omitempty"`
	Refresh    bool            `json:"refresh,omitempty"`
	Message    string          `json:"message,omitempty"`
	Error      *runGoldenError `json:"error,omitempty"`
}

type runGoldenError struct {
	Code        string   `json:"code,omitempty"`
	Description string   `json:"description,omitempty"`
	Codes       []string `json:"codes,omitempty"`
}

// runGolden renders events and record errors for a golden file.
func runGolden(evs []*Event, bad []string) []byte {
	out := struct {
		Events  []runGoldenEvent `json:"events"`
		Skipped []string         `json:"skipped"`
	}{Events: []runGoldenEvent{}, Skipped: bad}
	if out.Skipped == nil {
		out.Skipped = []string{}
	}
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339Nano)
	}
	for _, e := range evs {
		g := runGoldenEvent{
			Source: e.Source.String(), Format: e.Format, Time: ts(e.Time),
			Connection: e.Connection, Step: e.Step, Failed: e.Failed(),
			HTTPStatus: e.Status, Method: e.Method, URL: e.URL, Host: e.Host,
			RetryAfter: e.Response.RetryAfter,
		}
		if e.Duration != 0 {
			g.Duration = e.Duration.String()
		}
		if r := e.Run; r != nil {
			g.End, g.ID, g.ZapID, g.ZapTitle, g.StepName = ts(r.End), r.ID, r.ZapID, r.ZapTitle, r.StepName
			g.Status, g.RawStatus, g.Refresh, g.Message = r.Status, r.RawStatus, r.Refresh, r.Message
		}
		if x := e.Error; x != nil {
			g.Error = &runGoldenError{Code: x.Code, Description: x.Description, Codes: x.Codes}
		}
		out.Events = append(out.Events, g)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// TestRunGolden reads every run-history input under testdata/runs through
// Read, so detection is tested too, and compares the Events with the
// golden files; -update rewrites them.
func TestRunGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "runs", "*"))
	if err != nil {
		t.Fatal(err)
	}
	wantFormat := map[string]Format{".json": FormatZapRuns, ".csv": FormatTaskCSV}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(in)
			evs, bad, st, err := readAll(t, name, data, Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if want := wantFormat[filepath.Ext(in)]; st.Format != want {
				t.Errorf("detected format %q, want %q", st.Format, want)
			}
			if st.Records != len(evs) || st.Skipped != len(bad) {
				t.Errorf("stats %+v, but %d events and %d skipped", st, len(evs), len(bad))
			}
			got := runGolden(evs, bad)
			golden := in + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", in, golden, got)
			}
		})
	}
	if n < 6 {
		t.Fatalf("found %d run-history inputs under testdata/runs, want at least 6", n)
	}
}

// runSecrets are the secrets planted in testdata/runs and the tables.
var runSecrets = []string{
	"hs_pat_na1_5f2c9e8d7b6a4c3d2e1f0a9b8c7d6e5f",
	"00D5g000004XyZ!AQ0AQHk3bS9pWq7Lr2Tz",
	"AQ0AQHk3bS9pWq7Lr2Tz",
	"9f8e7d6c5b4a3f2e",
	"sk_live_4f9a2b7c1d",
	"hunter2hunter2",
}

// TestRunSecretsNeverLeak dumps every field of every Event read from
// testdata/runs and looks for the planted secrets and the data_in/data_out
// payloads, which are never copied.
func TestRunSecretsNeverLeak(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "runs", "*"))
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") {
			continue
		}
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		evs, bad, _, _ := readAll(t, filepath.Base(in), data, Options{})
		var dump strings.Builder
		for _, e := range evs {
			fmt.Fprintf(&dump, "%+v %+v %+v\n", *e, *e.Run, e.Error)
		}
		dump.WriteString(strings.Join(bad, "\n"))
		for _, s := range append(runSecrets, "lena.fischer@example.org", "marc.dubois@example.net", "90211") {
			if strings.Contains(dump.String(), s) {
				t.Errorf("%s: %q leaked into an Event", in, s)
			}
		}
	}
}

// runSummary renders a reader's result compactly for the tables.
func runSummary(evs []*Event, bad []string, err error) string {
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "%s id=%s zap=%s/%s step=%s/%s status=%s", e.Source, e.Run.ID, e.Run.ZapID, e.Run.ZapTitle, e.Step, e.Run.StepName, e.Run.Status)
		if e.Status != 0 {
			fmt.Fprintf(&b, " http=%d", e.Status)
		}
		if e.Connection != "" {
			fmt.Fprintf(&b, " conn=%s", e.Connection)
		}
		b.WriteString("\n")
	}
	for _, s := range bad {
		b.WriteString("skip " + s + "\n")
	}
	if err != nil {
		b.WriteString("error " + err.Error() + "\n")
	}
	return b.String()
}

var zapRunsTests = []struct {
	name string
	in   string
	want string
}{
	{
		name: "page object",
		in: `{"links":{"next":null,"prev":null},"meta":{"count":2,"limit":25,"offset":0},"data":[` +
			`{"id":"r1","zap_id":11,"zap_title":"A","status":"success","start_time":"2026-03-02T10:00:00Z"},` +
			`{"id":"r2","zap_id":11,"zap_title":"A","status":"error","start_time":"2026-03-02T11:00:00Z",` +
			`"steps":[{"id":"s1","status":"success"},{"id":"s2","app":"Asana","action":"Create Task","status":"error","data_out":{"error":"Got 401 calling GET https://app.asana.com/api/1.0/users/me, triggering auth refresh."}}]}]}`,
		want: "p.json: entry 0 id=r1 zap=11/A step=/ status=success\n" +
			"p.json: entry 1 id=r2 zap=11/A step=s2/Asana: Create Task status=error http=401\n",
	},
	{
		name: "data before links and meta",
		in:   `{"data":[{"id":"r1","zap_id":11,"status":"held"}],"meta":{"count":1},"links":{}}`,
		want: "p.json: entry 0 id=r1 zap=11/ step=/ status=held\n",
	},
	{
		name: "array of pages numbers runs across pages",
		in: `[{"meta":{"offset":0},"data":[{"id":"a","zap_id":1,"status":"success"},{"id":"b","zap_id":1,"status":"success"}]},` +
			`{"meta":{"offset":2},"data":[]},` +
			`{"meta":{"offset":2},"data":[{"id":"c","zap_id":1,"status":"errored"}]}]`,
		want: "p.json: entry 0 id=a zap=1/ step=/ status=success\n" +
			"p.json: entry 1 id=b zap=1/ step=/ status=success\n" +
			"p.json: entry 2 id=c zap=1/ step=/ status=error\n",
	},
	{
		name: "pages saved end to end",
		in:   `{"meta":{},"data":[{"id":"a","zap_id":1,"status":"success"}]}` + "\n" + `{"meta":{},"data":[{"id":"b","zap_id":1,"status":"filtered"}]}`,
		want: "p.json: entry 0 id=a zap=1/ step=/ status=success\n" +
			"p.json: entry 1 id=b zap=1/ step=/ status=filtered\n",
	},
	{
		name: "export array with other key names",
		in: `[{"runId":"x1","zap":{"id":5,"title":"Sync"},"result":"Errored","startedAt":"2026-03-02T10:00:00Z","stepTitle":"Update Row","connection":{"id":77,"title":"me"},"errorMessage":{"message":"nope","code":"E","status":403}},` +
			`{"task_id":"x2","zapId":5,"zapTitle":"Sync","state":"ignored","status":"On Hold","authentication_id":"77","step_id":"st-9"},` +
			`{"Task ID":"x3","Zap ID":"5","Status":"needs review","Account":"acct-1"}]`,
		want: "p.json: entry 0 id=x1 zap=5/Sync step=Update Row/Update Row status=error http=403 conn=77\n" +
			"p.json: entry 1 id=x2 zap=5/Sync step=st-9/ status=held conn=77\n" +
			"p.json: entry 2 id=x3 zap=5/ step=/ status=needs_review conn=acct-1\n",
	},
	{
		name: "single run object",
		in:   `{"id":"r9","zap_id":3,"status":"stopped","error":"ExpiredAuthError: Your connection expired"}`,
		want: "p.json: entry 0 id=r9 zap=3/ step=/ status=stopped\n",
	},
	{
		name: "failing step without a name is numbered",
		in:   `[{"id":"r1","zap_id":1,"status":"error","steps":[{"status":"success"},{"status":"success"},{"status":"error","error":"boom"}]}]`,
		want: "p.json: entry 0 id=r1 zap=1/ step=step 3/step 3 status=error\n",
	},
	{
		name: "steps keyed by step id",
		in:   `[{"id":"r1","zap_id":1,"status":"error","steps":{"a":{"status":"success"},"b":{"id":"b","status":"error","error":"Got 502 calling GET https://x.example/y, expected 2xx."}}}]`,
		want: "p.json: entry 0 id=r1 zap=1/ step=b/ status=error http=502\n",
	},
	{
		name: "bad elements are reported, the rest is read",
		in: `[{"id":"r1","zap_id":1,"status":"success"},42,"text",{"note":"not a run"},` +
			`{"id":"r2","zap_id":1,"status":"error","start_time":"soon"},{"id":"r3","zap_id":1,"status":"error","end_time":"2026-13-40"},` +
			`{"id":"r4","zap_id":1,"status":"success"}]`,
		want: "p.json: entry 0 id=r1 zap=1/ step=/ status=success\n" +
			"p.json: entry 6 id=r4 zap=1/ step=/ status=success\n" +
			"skip p.json: entry 1: element is a number, not a run object\n" +
			"skip p.json: entry 2: element is a string, not a run object\n" +
			"skip p.json: entry 3: object names no run: no id, Zap or status\n" +
			"skip p.json: entry 4: unreadable start time (4 bytes; want RFC 3339, \"2006-01-02 15:04:05\", a date such as \"Mar 9, 2026 8:14 AM\" or epoch seconds or milliseconds)\n" +
			"skip p.json: entry 5: unreadable end time (10 bytes; want RFC 3339, \"2006-01-02 15:04:05\", a date such as \"Mar 9, 2026 8:14 AM\" or epoch seconds or milliseconds)\n",
	},
	{
		name: "bad element inside a page",
		in:   `{"meta":{},"data":[{"id":"r1","zap_id":1,"status":"success"},null,{"id":"r2","zap_id":1,"status":"success"}]}`,
		want: "p.json: entry 0 id=r1 zap=1/ step=/ status=success\n" +
			"p.json: entry 2 id=r2 zap=1/ step=/ status=success\n" +
			"skip p.json: entry 1: element is null, not a run object\n",
	},
	{
		name: "truncated",
		in:   `[{"id":"r1","zap_id":1,"status":"success"},{"id":"r2","zap_`,
		want: "p.json: entry 0 id=r1 zap=1/ step=/ status=success\n" +
			"error zap-runs JSON ends early (truncated after 1 runs)\n",
	},
	{
		name: "not JSON",
		in:   `zap,status`,
		want: "error invalid zap-runs JSON: expected a zap-runs page or an array of runs, found 'z'\n",
	},
	{
		name: "empty",
		in:   " \n",
		want: "error invalid zap-runs JSON: empty input\n",
	},
}

func TestZapRuns(t *testing.T) {
	for _, tt := range zapRunsTests {
		t.Run(tt.name, func(t *testing.T) {
			evs, bad, err := runRead(t, "p.json", []byte(tt.in), FormatZapRuns, 0)
			for _, e := range evs {
				if e.Kind != KindRun || e.Format != FormatZapRuns || e.Run == nil || e.Source.Line != 0 {
					t.Errorf("event %+v is not a zap-runs run Event", e)
				}
			}
			if got := runSummary(evs, bad, err); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestZapRunsRecordCap(t *testing.T) {
	big := strings.Repeat(`"x",`, 300)
	in := `[{"id":"r1","zap_id":1,"status":"success","data_in":[` + big + `"x"]},{"id":"r2","zap_id":1,"status":"success"}]`
	evs, bad, err := runRead(t, "p.json", []byte(in), FormatZapRuns, 512)
	want := "p.json: entry 1 id=r2 zap=1/ step=/ status=success\n" +
		"skip p.json: entry 0: run object exceeds the 512-byte limit; skipped\n"
	if got := runSummary(evs, bad, err); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	in = `{"meta":{},"data":[{"id":"r1","zap_id":1,"status":"success","data_in":[` + big + `"x"]},{"id":"r2","zap_id":1,"status":"success"}]}`
	evs, bad, err = runRead(t, "p.json", []byte(in), FormatZapRuns, 512)
	if got := runSummary(evs, bad, err); !strings.Contains(got, "entry 1 id=r2") || !strings.Contains(got, "skip p.json: entry 0: record of") {
		t.Errorf("page with an oversized run: got:\n%s", got)
	}
}

func TestIsRunObject(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`{"id":"r1","zap_id":1,"zap_title":"A","status":"success","start_time":"2026-03-02T10:00:00Z"}`, true},
		{`{"runId":"x","zap":{"id":5},"result":"error"}`, true},
		{`{"Task ID":"x","Zap Title":"A","Status":"Held"}`, true},
		{`{"task_id":"x","zapTitle":"A","status":"held","steps":[]}`, true},
		// Near misses.
		{`{"id":"r1","status":"success","time":"2026-03-02T10:00:00Z"}`, false},                                      // nothing only runs have
		{`{"zap_id":1,"zap_title":"A","start_time":"2026-03-02T10:00:00Z"}`, false},                                  // no status
		{`{"time":"t","method":"GET","url":"https://x","status":401,"connection":"c","step":"s","zap_id":1}`, false}, // an HTTP record
		{`{"zap_id":1,"status":"error"}`, false},                                                                     // too few keys
		{`[{"id":"r1","zap_id":1,"status":"success"}]`, false},
		{`{"id":"r1","zap_id":1,"status":"success"`, false},
	}
	for _, tt := range tests {
		if got := isRunObject([]byte(tt.in)); got != tt.want {
			t.Errorf("isRunObject(%s) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestIsRunPage(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`{"links":{"next":null},"meta":{"count":1},"data":[{"id":"r1","zap_id":1,"zap_title":"A","status":"success"}]}`, true},
		{`{"data":[{"id":"r1","zap_id":1,"zap_title":"A","status":"success"}],"meta":{}}`, true},
		{`{"links":{},"meta":{"count":0,"limit":25,"offset":0},"data":[]}`, true},
		// Near misses.
		{`{"data":[{"id":"r1","zap_id":1,"zap_title":"A","status":"success"}]}`, false},           // no links or meta
		{`{"links":{},"meta":{"page":1},"data":[{"id":1,"name":"Widget","status":"ok"}]}`, false}, // a page of something else
		{`{"links":{},"meta":{},"data":[]}`, false},
		{`{"meta":{"count":1},"data":{"id":"r1"}}`, false},
	}
	for _, tt := range tests {
		if got := isRunPage([]byte(tt.in)); got != tt.want {
			t.Errorf("isRunPage(%s) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestZapRunLines checks that JSON lines of run objects, one run a line,
// give each run its line; they all said entry 0. A line that is no run is
// reported on its line; a page on a line gives its runs that line. A file
// of one run object is still entry 0.
func TestZapRunLines(t *testing.T) {
	const (
		r1 = `{"id":"r1","zap_id":5,"status":"error","start_time":"2026-03-09T10:00:00Z","error":"Got 500 calling GET https://x.example/a, expected 2xx.","connection":"G"}`
		r2 = `{"id":"r2","zap_id":5,"status":"success","start_time":"2026-03-09T10:30:00Z","connection":"G"}`
		r3 = `{"id":"r3","zap_id":5,"status":"error","start_time":"2026-03-09T11:00:00Z","error":"Got 502 calling GET https://x.example/a, expected 2xx.","connection":"G"}`
	)
	tests := []struct {
		name string
		in   string
		want string
	}{{
		name: "one run a line",
		in:   r1 + "\n" + r2 + "\n" + r3 + "\n",
		want: "f:1 r1|f:2 r2|f:3 r3|records 3 skipped 0",
	}, {
		name: "BOM, CRLF, blank and bad lines",
		in:   "\ufeff" + r1 + "\r\n\r\n" + `{"id":"r2",` + "\r\n" + `[1,2]` + "\r\n" + r3 + "\r\n",
		want: "f:1 r1|f:5 r3|f:3: invalid JSON|f:4: line is an array, not a run object|records 2 skipped 2",
	}, {
		name: "a page on a line",
		in:   r1 + "\n" + `{"links":{"next":null},"meta":{"count":2},"data":[` + r2 + `,` + r3 + `]}` + "\n",
		want: "f:1 r1|f:2 r2|f:2 r3|records 3 skipped 0",
	}, {
		name: "one run object",
		in:   r1 + "\n",
		want: "f: entry 0 r1|records 1 skipped 0",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, msgs []string
			st, err := Read(strings.NewReader(tt.in), "f", Options{},
				func(e *Event) { got = append(got, e.Source.String()+" "+e.Run.ID) },
				func(e *RecordError) { msgs = append(msgs, e.Error()) })
			if err != nil {
				t.Fatal(err)
			}
			got = append(append(got, msgs...), fmt.Sprintf("records %d skipped %d", st.Records, st.Skipped))
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}
