package parser

import (
	"strings"
	"testing"
)

var taskCSVTests = []struct {
	name string
	in   string
	want string
}{
	{
		name: "export header, quoted multi-line JSON",
		in: "Task ID,Zap ID,Zap Title,Step,Status,Start Time,Error Message,Authentication ID\n" +
			"t1,10,Leads,HubSpot: Create Contact,Success,2026-03-02 10:00:00,,501\n" +
			"t2,10,Leads,HubSpot: Create Contact,Errored,2026-03-02 11:00:00,\"{\n  \"\"status\"\": 401,\n  \"\"content\"\": \"\"{\\\"\"error\\\"\":\\\"\"invalid_token\\\"\"}\"\",\n  \"\"request\"\": {\"\"url\"\": \"\"https://api.hubapi.com/crm/v3/objects/contacts\"\"}\n}\",501\n" +
			"t3,10,Leads,HubSpot: Create Contact,Held,2026-03-02 12:00:00,\"Disconnected app.\nPlease reconnect HubSpot.\",501\n",
		want: "c.csv:2 id=t1 zap=10/Leads step=HubSpot: Create Contact/HubSpot: Create Contact status=success conn=501\n" +
			"c.csv:3 id=t2 zap=10/Leads step=HubSpot: Create Contact/HubSpot: Create Contact status=error http=401 conn=501\n" +
			"c.csv:8 id=t3 zap=10/Leads step=HubSpot: Create Contact/HubSpot: Create Contact status=held conn=501\n",
	},
	{
		name: "hand-made header, other synonyms, CRLF, BOM",
		in: "\ufeffrun_id,zap,result,timestamp,message,account,app,action\r\n" +
			"r1,Digest,successful,1772446364,,acct-9,Gmail,Send Email\r\n" +
			"r2,Digest,on hold,1772446364123,\"line one\r\nline two\",acct-9,Gmail,Send Email\r\n" +
			"r3,Digest,errored,2026-03-02T10:12:44.1234567,Got 403 calling GET https://gmail.googleapis.com/gmail/v1/users/me/profile,acct-9,Gmail,Send Email\r\n",
		want: "c.csv:2 id=r1 zap=/Digest step=Gmail: Send Email/Gmail: Send Email status=success conn=acct-9\n" +
			"c.csv:3 id=r2 zap=/Digest step=Gmail: Send Email/Gmail: Send Email status=held conn=acct-9\n" +
			"c.csv:5 id=r3 zap=/Digest step=Gmail: Send Email/Gmail: Send Email status=error http=403 conn=acct-9\n",
	},
	{
		name: "data_out column is read for failed runs only",
		in: "zap_id,zap_title,status,data_out\n" +
			"1,A,success,\"{\"\"id\"\":42,\"\"error\"\":\"\"not-an-error-field-of-a-success\"\"}\"\n" +
			"1,A,error,\"{\"\"error\"\":\"\"Got 429 calling POST https://api.example.com/v1/x, expected 2xx.\"\"}\"\n",
		want: "c.csv:2 id= zap=1/A step=/ status=success\n" +
			"c.csv:3 id= zap=1/A step=/ status=error http=429\n",
	},
	{
		name: "bad rows are reported with their start line, the rest is read",
		in: "task_id,zap_id,status,start_time,error\n" +
			"a,1,error,2026-03-02T10:00:00Z,\"two\nlines\"\n" +
			"b,1,error,2026-03-02T10:00:00Z,unquoted, comma\n" +
			"c,1,error,\"not\na time\",x\n" +
			",,,,\n" +
			"\n" +
			"d,1\n" +
			"e,1,success,2026-03-02T10:05:00Z,\n",
		want: "c.csv:2 id=a zap=1/ step=/ status=error\n" +
			"c.csv:10 id=e zap=1/ step=/ status=success\n" +
			"skip c.csv:4: record has 6 fields, the header has 5\n" +
			"skip c.csv:5: start time is not a time (10 bytes; want RFC 3339, \"2006-01-02 15:04:05\" or epoch seconds or milliseconds)\n" +
			"skip c.csv:7: record names no run: no id, Zap or status\n" +
			"skip c.csv:9: record has 2 fields, the header has 5\n",
	},
	{
		name: "stray quote in a field",
		in: "task_id,zap_id,status,error\n" +
			"a,1,error,He said \"no\" twice\n" +
			"b,1,success,\n",
		want: "c.csv:2 id=a zap=1/ step=/ status=error\n" +
			"c.csv:3 id=b zap=1/ step=/ status=success\n",
	},
	{
		// An export cut inside a quoted message: the runs before it are
		// kept, and the input fails as a truncated HAR or gzip does.
		name: "cut short inside a quoted field",
		in: "task_id,zap_id,status,error,connection\n" +
			"a,1,success,,501\n" +
			"b,1,error,\"RefreshAuthError: Got 400 calling",
		want: "c.csv:2 id=a zap=1/ step=/ status=success conn=501\n" +
			"error line 3: the file ends inside a record (4 of 5 fields): unexpected EOF\n",
	},
	{
		// A short record that a line end follows is one bad record, in the
		// middle or at the end, and the records after it are kept.
		name: "short records",
		in: "task_id,zap_id,status,error,connection\n" +
			"a,1,error,Got 401\n" +
			"b,1,success,,501\n" +
			"c,1,error\n",
		want: "c.csv:3 id=b zap=1/ step=/ status=success conn=501\n" +
			"skip c.csv:2: record has 4 fields, the header has 5\n" +
			"skip c.csv:4: record has 3 fields, the header has 5\n",
	},
	{
		name: "header only",
		in:   "task_id,zap_id,status\n",
		want: "",
	},
	{
		name: "not a task-history header",
		in:   "time,status,message\n2026-03-02,ok,hi\n",
		want: "error not a task-history CSV: the header names no status and no Zap or run column\n",
	},
	{
		name: "empty",
		in:   "",
		want: "error empty task-history CSV: no header row\n",
	},
}

func TestTaskCSV(t *testing.T) {
	for _, tt := range taskCSVTests {
		t.Run(tt.name, func(t *testing.T) {
			evs, bad, err := runRead(t, "c.csv", []byte(tt.in), FormatTaskCSV, 0)
			for _, e := range evs {
				if e.Kind != KindRun || e.Format != FormatTaskCSV || e.Run == nil || e.Source.Line < 2 {
					t.Errorf("event %+v is not a task-csv run Event", e)
				}
			}
			if got := runSummary(evs, bad, err); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestTaskCSVUnclosedQuote(t *testing.T) {
	in := "task_id,zap_id,status,error\n" +
		"a,1,success,\n" +
		"b,1,error,\"never closed\n" + strings.Repeat("filler line, with a comma\n", 400)
	lim := &taskCSVLimit{max: 256}
	k := &sink{name: "c.csv", input: &Input{Name: "c.csv"}, stats: &Stats{}}
	var got []string
	k.emit = func(e *Event) { got = append(got, e.Source.String()+" "+e.Run.ID) }
	k.bad = func(e *RecordError) { got = append(got, "skip "+e.Error()) }
	// The input as a whole fails (exit status 2), after the records before.
	err := readTaskCSVLimited(strings.NewReader(in), lim, k)
	if err == nil || err.Error() != "line 3: a record runs past the limit to the end of the input (an unclosed quote?)" {
		t.Errorf("err = %v", err)
	}
	want := "c.csv:2 a|skip c.csv:3: record exceeds the 256-byte limit (a quote never closed?); the rest of the file is not read"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

func TestIsTaskCSVHeader(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Task ID,Zap ID,Zap Title,Step,Status,Start Time,End Time,Error Message,Authentication ID", true},
		{"\ufeffTask ID,Zap ID,Zap Title,Status\r\n", true},
		{"zap,status,date,error,account", true},
		{`"Zap Name","Result","Timestamp"`, true},
		{"run_id;zap_id;status", false}, // one column: a semicolon file
		{"id,status,time,message", false},
		{"zap_id,zap_title,start_time", false},
		{"zap_id,status", false},
		{`{"zap_id":1,"status":"error","id":"r1"}`, false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isTaskCSVHeader([]byte(tt.in)); got != tt.want {
			t.Errorf("isTaskCSVHeader(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
