package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// rotatedTrace is a connection's day as a client logs it: a token, 3000
// calls with it a second apart, then (the token an hour old) a 401, a
// refresh and the retried call: an expiry the refresh recovered.
func rotatedTrace() []string {
	t0 := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) string { return t0.Add(d).Format(time.RFC3339) }
	grant := func(d time.Duration, n int) string {
		return fmt.Sprintf(`{"time":%q,"method":"POST","url":"https://auth.acme.example/oauth/token","status":200,"request_body":"grant_type=refresh_token&refresh_token=RTrot%d&client_id=cid123","response_body":"{\"access_token\":\"ATrotation0000000000000000%d\",\"refresh_token\":\"RTrot%d\",\"expires_in\":3600}","connection":"c1"}`, at(d), n-1, n, n)
	}
	call := func(d time.Duration, n, status int) string {
		return fmt.Sprintf(`{"time":%q,"method":"GET","url":"https://api.acme.example/v1/items","status":%d,"request_headers":{"Authorization":"Bearer ATrotation0000000000000000%d"},"connection":"c1"}`, at(d), status, n)
	}
	lines := []string{grant(0, 1)}
	for i := 1; i <= 3000; i++ {
		lines = append(lines, call(time.Duration(i)*time.Second, 1, 200))
	}
	return append(lines, call(65*time.Minute, 1, 401), grant(65*time.Minute+time.Second, 2), call(65*time.Minute+2*time.Second, 2, 200))
}

// outcomes lists each finding's time, label, cause and recovery.
var outcomeRe = regexp.MustCompile(`"time":"[^"]*"|"label":"[^"]*"|"cause":"[^"]*"|"recovered":(true|false)`)

func outcomes(jsonl string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		b.WriteString(strings.Join(outcomeRe.FindAllString(l, -1), " ") + "\n")
	}
	return b.String()
}

// TestInputsInTimeOrder: a trace split into rotated logs (app.jsonl.1
// older than app.jsonl, which a directory lists first) or given as parts in
// any order is read as the one trace, whatever the order of the parts, and
// a file given twice is read once.
func TestInputsInTimeOrder(t *testing.T) {
	lines := rotatedTrace()
	dir := t.TempDir()
	write := func(name string, ls []string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Join(ls, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	whole := write("whole.jsonl", lines)
	_, out, _ := runCLI(t, "", "-f", "jsonl", whole)
	want := outcomes(out)
	if !strings.Contains(want, `"cause":"ttl-elapsed" "recovered":true`) {
		t.Fatalf("whole trace: %s", want)
	}
	rot := filepath.Join(dir, "rot")
	os.Mkdir(rot, 0o755)
	write("rot/app.jsonl.1", lines[:1000])
	write("rot/app.jsonl", lines[1000:])
	a := write("a.jsonl", lines[:1000])
	b := write("b.jsonl", lines[1000:])
	for _, args := range [][]string{{rot}, {b, a}, {a, b}, {b, a, whole, b}} {
		code, out, stderr := runCLI(t, "", append([]string{"-f", "jsonl"}, args...)...)
		if len(args) == 4 {
			if !strings.Contains(stderr, b+": skipped: the same file as "+b) {
				t.Errorf("%v: stderr %q, want the second %s skipped", args, stderr, b)
			}
			continue // whole.jsonl repeats a and b
		}
		if got := outcomes(out); code > 1 || got != want || strings.Contains(stderr, "out of time order") {
			t.Errorf("%v: exit %d, findings\n%s\nwant\n%s\nstderr %q", args, code, got, want, stderr)
		}
	}
	// Out of order beyond what can be put right: said, not hidden.
	late := append(append([]string{}, lines[1500:]...), lines[:1500]...)
	_, _, stderr := runCLI(t, "", "-f", "jsonl", write("late.jsonl", late))
	if !strings.Contains(stderr, "late.jsonl: ") || !strings.Contains(stderr, "read out of time order; sort the input by time") {
		t.Errorf("late records: stderr %q", stderr)
	}
}

// TestFieldsOnMixedDirectory: --field mappings for one custom log, given
// with a directory that also holds native and HAR-entry lines, read the
// custom log through the mapping and the others as themselves: their
// findings are those read without --field, and nothing is skipped.
func TestFieldsOnMixedDirectory(t *testing.T) {
	fields := []string{"--field", "time=ts", "--field", "method=req.method", "--field", "url=req.uri",
		"--field", "request_headers=req.headers", "--field", "status=res.code", "--field", "response_headers=res.headers",
		"--field", "response_body=res.body", "--field", "duration_ms=latency_ms", "--field", "connection=tenant"}
	dir := "../../samples/jsonl"
	code, mappedOut, stderr := runCLI(t, "", append(fields, "-f", "jsonl", dir)...)
	if code > 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	_, plain, _ := runCLI(t, "", "-f", "jsonl", filepath.Join(dir, "native.jsonl"), filepath.Join(dir, "har-entries.jsonl"),
		filepath.Join(dir, "tenant-policy.jsonl"))
	_, gateway, _ := runCLI(t, "", append(fields, "-f", "jsonl", filepath.Join(dir, "gateway-mapped.jsonl"))...)
	var others, custom []string
	for _, l := range strings.Split(strings.TrimSpace(mappedOut), "\n") {
		if strings.Contains(l, "gateway-mapped.jsonl") {
			custom = append(custom, l)
		} else {
			others = append(others, l)
		}
	}
	if got, want := outcomes(strings.Join(others, "\n")), outcomes(plain); got != want || len(others) < 10 {
		t.Errorf("native and HAR-entry findings with --field:\n%s\nwant\n%s", got, want)
	}
	if got, want := outcomes(strings.Join(custom, "\n")), outcomes(gateway); got != want || len(custom) < 2 {
		t.Errorf("gateway findings in the directory:\n%s\nwant\n%s", got, want)
	}
}

// TestPipeNotPeeked: a FIFO given with other inputs (as <(zcat …) gives
// one) is read once, whole: finding the inputs' first times must not eat
// its first bytes.
func TestPipeNotPeeked(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	other := filepath.Join(dir, "other.jsonl")
	os.WriteFile(other, []byte(strings.Join(rotatedTrace()[:10], "\n")+"\n"), 0o644)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err == nil {
			f.WriteString(session)
			f.Close()
		}
	}()
	_, want, _ := runCLI(t, session, "-f", "jsonl")
	done := make(chan struct{})
	var code int
	var out, stderr string
	go func() {
		code, out, stderr = runCLI(t, "", "-f", "jsonl", fifo, other)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		// Let the blocked reader finish, so no goroutine outlives the test.
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		<-done
		t.Fatal("hung: the pipe was read before its turn and then waited for a writer")
	}
	if code > 1 || outcomes(out) != outcomes(want) || strings.Count(out, "\n") != strings.Count(want, "\n") {
		t.Errorf("exit %d, findings\n%s\nwant those of the piped HAR\n%s\nstderr %q", code, out, want, stderr)
	}
}

// TestOwnOutputSkipped: a directory that holds authtriage's own reports
// (the cron example writes them next to the exports) gives the same report
// on every run: the -o target and every report found, in any format and
// gzip-compressed, are skipped with a note, not read as inputs.
func TestOwnOutputSkipped(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "session.har"), []byte(session), 0o644); err != nil {
		t.Fatal(err)
	}
	formats := []string{"jsonl", "json", "csv", "markdown", "html", "table"}
	report := func(f string) string { return filepath.Join(dir, "report."+f) }
	first := map[string]string{}
	for run := 1; run <= 3; run++ {
		for _, f := range formats {
			code, _, stderr := runCLI(t, "", "-f", f, "-o", report(f), dir)
			got, err := os.ReadFile(report(f))
			if code != 0 || err != nil {
				t.Fatalf("run %d, %s: exit %d, %v: %s", run, f, code, err, stderr)
			}
			if run == 1 {
				first[f] = string(got)
			} else if string(got) != first[f] {
				t.Errorf("run %d, %s: the report changed:\n%s\nwas\n%s", run, f, got, first[f])
			}
			if want := "authtriage: " + report(f) + ": skipped: the report this run writes (-o)\n"; run > 1 && !strings.Contains(stderr, want) {
				t.Errorf("run %d, %s: stderr lacks %q:\n%s", run, f, want, stderr)
			}
		}
	}
	// An old report compressed (logrotate), and one from a run with
	// --explain, are reports too.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(first["jsonl"]))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "old.jsonl.gz"), gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, explained, _ := runCLI(t, session, "-f", "jsonl", "--explain", "lineage")
	if err := os.WriteFile(filepath.Join(dir, "explained.jsonl"), []byte(explained), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "", "-f", "jsonl", dir)
	if code != 0 || out != first["jsonl"] {
		t.Errorf("with every report in the directory: exit %d, findings:\n%s\nwant\n%s", code, out, first["jsonl"])
	}
	var notes []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		notes = append(notes, strings.TrimPrefix(l, "authtriage: "+dir+string(filepath.Separator)))
	}
	want := []string{
		"explained.jsonl: skipped: an authtriage report (jsonl), not an input",
		"old.jsonl.gz: skipped: an authtriage report (jsonl), not an input",
		"report.csv: skipped: an authtriage report (csv), not an input",
		"report.html: skipped: an authtriage report (html), not an input",
		"report.json: skipped: an authtriage report (json), not an input",
		"report.jsonl: skipped: an authtriage report (jsonl), not an input",
		"report.markdown: skipped: an authtriage report (markdown), not an input",
		"report.table: skipped: an authtriage report (table), not an input",
	}
	if !slices.Equal(notes, want) {
		t.Errorf("stderr:\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
	// -q leaves the notes out: a cron job would get them on every run.
	if code, quiet, stderr := runCLI(t, "", "-q", "-f", "jsonl", dir); code != 0 || quiet != out || stderr != "" {
		t.Errorf("-q: exit %d, stderr %q, same findings %v", code, stderr, quiet == out)
	}
	// Only reports left: nothing is read, so the run fails and -o is
	// kept, as when every record of the inputs was malformed.
	if err := os.Remove(filepath.Join(dir, "session.har")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "", "-q", "-f", "json", "-o", report("json"), dir)
	kept, _ := os.ReadFile(report("json"))
	if want := "authtriage: no input left to read: every input is a report of authtriage's own\n"; code != 2 || !strings.HasPrefix(stderr, want) || string(kept) != first["json"] {
		t.Errorf("only reports: exit %d, stderr %q, -o kept %v; want exit 2, %q", code, stderr, string(kept) == first["json"], want)
	}
}
