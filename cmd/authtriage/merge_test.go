package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// line is one record of a log and its time, for merging by hand.
type line struct {
	at   time.Time
	text string
}

// podLogs is one connection's morning as the two pods of a deployment log
// it. They share its tokens through a database and each calls the API
// every 2 seconds, a second apart. At 09:59 both see the token near its
// end and refresh with the same refresh token half a second apart: pod-b
// wins, pod-a is refused (a collision) and takes pod-b's tokens from the
// store. At 10:58 pod-a refreshes; pod-b keeps the access token it cached,
// is refused at 11:00, refreshes with the refresh token pod-a's refresh
// replaced and is refused again (the rotation was not reloaded), then
// reloads. Either pod's log alone misses half of each story.
func podLogs() (a, b []line) {
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	rec := func(d time.Duration, s string) line {
		at := t0.Add(d)
		return line{at, fmt.Sprintf(`{"time":%q,%s}`, at.Format("2006-01-02T15:04:05.000Z07:00"), s)}
	}
	refresh := func(sent, at, rt string) string {
		return fmt.Sprintf(`"method":"POST","url":"https://auth.acme.example/oauth/token","status":200,"request_body":"grant_type=refresh_token&refresh_token=%s&client_id=cid123","response_body":"{\"access_token\":\"%s\",\"refresh_token\":\"%s\",\"expires_in\":3600}"`, sent, at, rt)
	}
	refused := func(sent string) string {
		return fmt.Sprintf(`"method":"POST","url":"https://auth.acme.example/oauth/token","status":400,"request_body":"grant_type=refresh_token&refresh_token=%s&client_id=cid123","response_body":"{\"error\":\"invalid_grant\",\"error_description\":\"refresh token already used\"}"`, sent)
	}
	call := func(at string, status int) string {
		return fmt.Sprintf(`"method":"GET","url":"https://api.acme.example/v1/items","status":%d,"request_headers":{"Authorization":"Bearer %s"}`, status, at)
	}
	const (
		rt0, rt1, rt2, rt3 = "RTpods0000000000000000", "RTpods1111111111111111", "RTpods2222222222222222", "RTpods3333333333333333"
		at1, at2, at3      = "ATpods1111111111111111111", "ATpods2222222222222222222", "ATpods3333333333333333333"
	)
	m := time.Minute
	a = append(a, rec(0, refresh(rt0, at1, rt1)))
	b = append(b, rec(59*m, refresh(rt1, at2, rt2)))
	a = append(a, rec(59*m+500*time.Millisecond, refused(rt1)))
	a = append(a, rec(118*m, refresh(rt2, at3, rt3)))
	b = append(b, rec(120*m+5*time.Second, call(at2, 401)), rec(120*m+6*time.Second, refused(rt2)))
	for d := 2 * time.Second; d < 4*time.Hour; d += 2 * time.Second {
		tok := at1
		switch {
		case d > 118*m:
			tok = at3
		case d > 59*m:
			tok = at2
		}
		a = append(a, rec(d, call(tok, 200)))
		tok = at1
		switch {
		case d > 120*m+6*time.Second:
			tok = at3
		case d > 59*m:
			tok = at2
		}
		if d+time.Second != 120*m+5*time.Second {
			b = append(b, rec(d+time.Second, call(tok, 200)))
		}
	}
	return byTime(a), byTime(b)
}

// byTime merges logs into one sorted by time.
func byTime(logs ...[]line) []line {
	var all []line
	for _, l := range logs {
		all = append(all, l...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
	return all
}

func writeLines(t *testing.T, path string, ls []line) string {
	t.Helper()
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.text + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOverlappingInputs: the two pods' logs, given in either order or as
// a directory, are labelled as the one log sorted by time is: the
// collision and the stale rotated token are seen as such (read one after
// the other, both were taken for revoked grants), and nothing is said to
// be out of time order.
func TestOverlappingInputs(t *testing.T) {
	a, b := podLogs()
	dir := t.TempDir()
	whole := writeLines(t, filepath.Join(dir, "whole.jsonl"), byTime(a, b))
	_, out, _ := runCLI(t, "", "-f", "jsonl", whole)
	want := outcomes(out)
	for _, w := range []string{`"cause":"refresh-collision"`, `"cause":"rotation-not-persisted"`} {
		if !strings.Contains(want, w) {
			t.Fatalf("the sorted log lacks %s:\n%s", w, want)
		}
	}
	pods := filepath.Join(dir, "pods")
	os.Mkdir(pods, 0o755)
	pa := writeLines(t, filepath.Join(pods, "pod-a.jsonl"), a)
	pb := writeLines(t, filepath.Join(pods, "pod-b.jsonl"), b)
	for _, args := range [][]string{{pa, pb}, {pb, pa}, {pods}} {
		code, out, stderr := runCLI(t, "", append([]string{"-f", "jsonl"}, args...)...)
		if got := outcomes(out); code > 1 || got != want || stderr != "" {
			t.Errorf("%v: exit %d, findings\n%s\nwant\n%s\nstderr %q", args, code, got, want, stderr)
		}
	}
}

// TestOverlappingDeterministic: three workers' logs with records at the
// same times in two of them and records without a time give the same
// report on every run, whatever the number of cores the parsers and the
// merge share, and the findings of the log sorted by time.
func TestOverlappingDeterministic(t *testing.T) {
	a, b := podLogs()
	// pod-c polls another endpoint at pod-a's times with pod-a's tokens;
	// its logger drops the time of the 5xx lines.
	var c []line
	for _, l := range a {
		if !strings.Contains(l.text, "/v1/items") {
			continue // its refreshes
		}
		text := strings.Replace(l.text, "/v1/items", "/v1/orders", 1)
		if l.at.Minute()%20 == 7 && l.at.Second() == 30 {
			c = append(c, line{l.at, strings.Replace(text, `"status":200`, `"status":429`, 1)})
			continue
		}
		c = append(c, line{l.at, text})
		if l.at.Minute()%30 == 13 && l.at.Second() == 40 {
			_, rest, _ := strings.Cut(text, ",")
			c = append(c, line{l.at, "{" + strings.Replace(rest, `"status":200`, `"status":503`, 1)})
		}
	}
	dir := t.TempDir()
	// The sorted log keeps ties in the order the inputs are read (pod-a,
	// pod-c, pod-b by first record) and an undated line after the line
	// before it.
	whole := writeLines(t, filepath.Join(dir, "whole.jsonl"), byTime(a, c, b))
	_, out, _ := runCLI(t, "", "-f", "jsonl", whole)
	want := outcomes(out)
	if !strings.Contains(want, "\n\"label\":\"server-error\"") || !strings.Contains(want, `"label":"rate-limited"`) {
		t.Fatalf("the sorted log lacks an undated finding or a 429:\n%s", want)
	}
	args := []string{"-f", "json",
		writeLines(t, filepath.Join(dir, "pod-c.jsonl"), c),
		writeLines(t, filepath.Join(dir, "pod-b.jsonl"), b),
		writeLines(t, filepath.Join(dir, "pod-a.jsonl"), a)}
	var first string
	for _, procs := range []int{1, 2, 4, 8, 2} {
		prev := runtime.GOMAXPROCS(procs)
		code, out, stderr := runCLI(t, "", args...)
		runtime.GOMAXPROCS(prev)
		if code > 1 || stderr != "" {
			t.Fatalf("GOMAXPROCS %d: exit %d, stderr %q", procs, code, stderr)
		}
		if first == "" {
			first = out
			_, jl, _ := runCLI(t, "", append([]string{"-f", "jsonl"}, args[2:]...)...)
			if got := outcomes(jl); got != want {
				t.Errorf("findings\n%s\nwant those of the sorted log\n%s", got, want)
			}
			continue
		}
		if out != first {
			t.Errorf("GOMAXPROCS %d: the report differs from the first run's", procs)
		}
	}
}

// openCounter opens files for a merger, counting those open and those
// being read (open, or read and waiting for the merge) at once.
type openCounter struct {
	mu                sync.Mutex
	open, reading     int
	peakOpen, peakRdg int
	order             []string
}

func (o *openCounter) openFile(in input) (io.Reader, func(), error) {
	f, err := os.Open(in.path)
	if err != nil {
		return nil, nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.open++
	o.reading++
	o.peakOpen = max(o.peakOpen, o.open)
	o.peakRdg = max(o.peakRdg, o.reading)
	o.order = append(o.order, filepath.Base(in.path))
	return f, func() {
		f.Close()
		o.mu.Lock()
		o.open--
		o.mu.Unlock()
	}, nil
}

// mergeFiles merges files as triage does and returns the times of the
// events in the order the engine would get them.
func mergeFiles(t *testing.T, paths []string) ([]time.Time, *openCounter) {
	t.Helper()
	ins := make([]input, len(paths))
	for i, p := range paths {
		ins[i] = input{path: p}
	}
	inTimeOrder(ins, parser.Options{})
	var times []time.Time
	oc := &openCounter{}
	m := &merger{ins: ins, open: oc.openFile,
		add: func(e *parser.Event) { times = append(times, e.Time) },
		bad: func(s *source, e *parser.RecordError) { t.Errorf("%v", e) },
		done: func(s *source) {
			if s.err != nil {
				t.Errorf("%s: %v", s.name, s.err)
			}
			oc.mu.Lock()
			oc.reading--
			oc.mu.Unlock()
		}}
	m.run()
	return times, oc
}

func sorted(ts []time.Time) bool {
	return sort.SliceIsSorted(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
}

// TestMergeOpensLazily: rotated daily logs are read one at a time, with
// one file open, in time order whatever their names; logs that overlap
// are read together, at most maxReading at once, the others waiting for
// one to end.
func TestMergeOpensLazily(t *testing.T) {
	dir := t.TempDir()
	rotated := func(n int) []string {
		var paths []string
		for day := 0; day < n; day++ {
			var ls []line
			t0 := time.Date(2026, 3, 1+day, 0, 0, 0, 0, time.UTC)
			for i := 0; i < 50; i++ {
				at := t0.Add(time.Duration(i) * 20 * time.Minute)
				ls = append(ls, line{at, fmt.Sprintf(`{"time":%q,"method":"GET","url":"https://api.acme.example/v1/items","status":200}`, at.Format(time.RFC3339))})
			}
			// app.log.N is N days old, as logrotate names them.
			paths = append(paths, writeLines(t, filepath.Join(dir, fmt.Sprintf("app.jsonl.%d", n-1-day)), ls))
		}
		return paths
	}
	times, oc := mergeFiles(t, rotated(30))
	if oc.peakOpen != 1 || oc.peakRdg != 1 || len(times) != 30*50 || !sorted(times) {
		t.Errorf("rotated logs: %d open and %d read at once, %d events, in time order %v", oc.peakOpen, oc.peakRdg, len(times), sorted(times))
	}
	if got := strings.Join(oc.order[:3], " "); got != "app.jsonl.29 app.jsonl.28 app.jsonl.27" {
		t.Errorf("rotated logs opened in the order %s …", got)
	}

	// Workers' logs of the same day, each starting a minute after the one
	// before: the first maxReading are read together, in time order.
	var paths []string
	for w := 0; w < maxReading+4; w++ {
		var ls []line
		for i := 0; i < 300; i++ {
			at := time.Date(2026, 3, 2, 9, w, 0, 0, time.UTC).Add(time.Duration(i) * 17 * time.Second)
			ls = append(ls, line{at, fmt.Sprintf(`{"time":%q,"method":"GET","url":"https://api.acme.example/v1/items","status":200}`, at.Format(time.RFC3339))})
		}
		paths = append(paths, writeLines(t, filepath.Join(dir, fmt.Sprintf("worker-%02d.jsonl", w)), ls))
	}
	times, oc = mergeFiles(t, paths[:maxReading])
	if oc.peakRdg != maxReading || len(times) != maxReading*300 || !sorted(times) {
		t.Errorf("%d workers: %d read at once, %d events, in time order %v", maxReading, oc.peakRdg, len(times), sorted(times))
	}
	times, oc = mergeFiles(t, paths)
	if oc.peakRdg != maxReading || oc.peakOpen > maxReading || len(times) != len(paths)*300 || sorted(times) {
		t.Errorf("%d workers: %d read and %d open at once, want %d; %d events, in time order %v (want late ones)", len(paths), oc.peakRdg, oc.peakOpen, maxReading, len(times), sorted(times))
	}
}

// TestOverlappingStdin: standard input, which cannot be read ahead to
// find its first time, is read after the files, as before, whole.
func TestOverlappingStdin(t *testing.T) {
	a, b := podLogs()
	dir := t.TempDir()
	var sb strings.Builder
	for _, l := range b {
		sb.WriteString(l.text + "\n")
	}
	pa := writeLines(t, filepath.Join(dir, "pod-a.jsonl"), a)
	code, out, stderr := runCLI(t, sb.String(), "-f", "json", "-", pa)
	if code > 1 || !strings.Contains(out, `"file": "<stdin>"`) && !strings.Contains(out, `"file":"<stdin>"`) {
		t.Fatalf("exit %d, stderr %q, stdin's findings missing:\n%.2000s", code, stderr, out)
	}
	if want := fmt.Sprintf(`"records": %d`, len(b)); !strings.Contains(out, want) {
		t.Errorf("stdin's records not counted (want %s)", want)
	}
	if !strings.Contains(stderr, "<stdin>: ") || !strings.Contains(stderr, "read out of time order") {
		t.Errorf("stdin read before or with the file: stderr %q", stderr)
	}
}

// TestOverlappingErrors: a truncated gzip log read alongside another does
// not stop it; each input's malformed records are printed up to the
// limit and the rest counted, per input.
func TestOverlappingErrors(t *testing.T) {
	a, b := podLogs()
	dir := t.TempDir()
	var sb strings.Builder
	for i, l := range b {
		sb.WriteString(l.text + "\n")
		if i%50 == 7 {
			sb.WriteString("{\"time\":\"2026-04-01T09:00:00Z\",\"method\":\n")
		}
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(sb.String()))
	zw.Close()
	pb := filepath.Join(dir, "pod-b.jsonl.gz")
	os.WriteFile(pb, gz.Bytes()[:gz.Len()/2], 0o644)
	var sa strings.Builder
	for i, l := range a {
		sa.WriteString(l.text + "\n")
		if i%1000 == 3 {
			sa.WriteString("not json\n")
		}
	}
	pa := filepath.Join(dir, "pod-a.jsonl")
	os.WriteFile(pa, []byte(sa.String()), 0o644)
	code, out, stderr := runCLI(t, "", "-f", "jsonl", pb, pa)
	if code != 2 || !strings.Contains(stderr, pb+": input ends early") {
		t.Errorf("exit %d, stderr lacks the truncation:\n%s", code, stderr)
	}
	if !strings.Contains(out, `"cause":"refresh-collision"`) {
		t.Errorf("pod-a's collision missing:\n%s", outcomes(out))
	}
	if n := strings.Count(stderr, pa+":"); n != 8 {
		t.Errorf("%d lines about %s, want its 8 malformed records", n, pa)
	}
	if n := strings.Count(stderr, pb+":"); n != maxErrorsPerInput+2 || !regexp.MustCompile(regexp.QuoteMeta(pb)+`: \d+ more malformed records not shown`).MatchString(stderr) {
		t.Errorf("%d lines about %s, want %d malformed records, the rest counted, the truncation:\n%s", n, pb, maxErrorsPerInput, stderr)
	}
}

// TestProgressLine: the progress line sums the inputs read at once, read
// on goroutines of their own, and names the first; it appears only once
// the oldest has taken longer than progressDelay, and gives no
// percentage when a size is unknown.
func TestProgressLine(t *testing.T) {
	p := &progress{on: true}
	var wg sync.WaitGroup
	read := func(name string, size int64, n int) func() {
		r, done := p.start(name, size, strings.NewReader(strings.Repeat("x", n)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			io.Copy(io.Discard, r)
		}()
		return done
	}
	doneA := read("pod-a.jsonl", 100<<20, 30<<20)
	doneB := read("pod-b.jsonl", 100<<20, 60<<20)
	wg.Wait()
	line := func() string {
		p.mu.Lock()
		defer p.mu.Unlock()
		l, _ := p.line()
		return l
	}
	if got := line(); got != "" {
		t.Errorf("progress shown at once: %q", got)
	}
	for _, in := range p.open {
		in.started = in.started.Add(-time.Minute)
	}
	if got, want := line(), "pod-a.jsonl and 1 more:  45% (90 of 200 MB)"; got != want {
		t.Errorf("two inputs: %q, want %q", got, want)
	}
	doneA()
	if got, want := line(), "pod-b.jsonl:  60% (60 of 100 MB)"; got != want {
		t.Errorf("pod-a done: %q, want %q", got, want)
	}
	doneStdin := read(stdinName, 0, 5<<20)
	wg.Wait()
	if got, want := line(), "pod-b.jsonl and 1 more: 65 MB"; got != want {
		t.Errorf("with stdin: %q, want %q", got, want)
	}
	doneB()
	doneStdin()
	if got := line(); got != "" || len(p.open) != 0 {
		t.Errorf("all done: %q, %d open", got, len(p.open))
	}
}

// TestTooManyOverlapping: past maxReading overlapping inputs the late
// ones are read after the others, and the message says why and what to
// do: telling the user to sort files that are sorted would not help.
func TestTooManyOverlapping(t *testing.T) {
	dir := t.TempDir()
	for w := 0; w < maxReading+2; w++ {
		var ls []line
		for i := 0; i < 1500; i++ {
			at := time.Date(2026, 3, 2, 9, 0, w, 0, time.UTC).Add(time.Duration(i) * 2 * time.Second)
			ls = append(ls, line{at, fmt.Sprintf(`{"time":%q,"method":"GET","url":"https://api.acme.example/v1/items","status":200}`, at.Format(time.RFC3339))})
		}
		writeLines(t, filepath.Join(dir, fmt.Sprintf("pod-%02d.jsonl", w)), ls)
	}
	_, _, stderr := runCLI(t, "", "-f", "json", dir)
	for _, late := range []string{"pod-08.jsonl", "pod-09.jsonl"} {
		if !strings.Contains(stderr, late+": read out of time order (") || !strings.Contains(stderr, "more than 8 inputs overlap in time") {
			t.Errorf("no message for %s: %s", late, stderr)
		}
	}
	if strings.Contains(stderr, "sort the input by time") || strings.Contains(stderr, "pod-07.jsonl") {
		t.Errorf("sorted inputs told to sort, or an input read in time read late: %s", stderr)
	}
}

// TestNewestFirstInput: an export written newest first (a log viewer's
// download, Zapier task history) is read at the time of its oldest record
// and backwards, so that the engine gets its records in time order, alone
// or beside an input written oldest first: the findings are those of the
// same records sorted by time, and nothing is said to be out of order.
// Both exports are longer than the engine's reorder buffer puts right.
func TestNewestFirstInput(t *testing.T) {
	dir := t.TempDir()
	a, b := podLogs()
	whole := writeLines(t, filepath.Join(dir, "whole.jsonl"), byTime(a, b))
	pa := writeLines(t, filepath.Join(dir, "pod-a.jsonl"), a)
	pbNewest := writeLines(t, filepath.Join(dir, "pod-b-newest-first.jsonl"), reversed(b))

	// Task history: a run every 5 minutes for 5 days; the token dies
	// every 6 hours and the next run fails once with a 401.
	t0 := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	const header = "Task ID,Zap ID,Zap Name,Step,App,Status,Date,Error Message,Connection\n"
	var tasks []string
	for i := range 5 * 24 * 12 {
		at := t0.Add(time.Duration(i) * 5 * time.Minute)
		status, msg := "Success", ""
		if i%72 == 71 {
			status, msg = "Errored", `"Received 401 code from https://api.hubapi.com/crm/v3/objects/deals after 142ms: {""status"":""error"",""message"":""Authentication credentials not found""}"`
		}
		tasks = append(tasks, fmt.Sprintf("%d,412002,HubSpot deal stage → Gmail,1,HubSpot,%s,%s,%s,HubSpot acme-eu (21774201)", 9000000+i, status, at.Format(time.RFC3339), msg))
	}
	writeCSV := func(name string, rows []string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(header+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	oldestFirst := writeCSV("tasks.csv", tasks)
	newestFirst := writeCSV("tasks-newest-first.csv", reversed(tasks))

	for _, c := range []struct {
		name       string
		want, args []string
	}{
		{"pods", []string{whole}, []string{pbNewest, pa}},
		{"pods, given the other way", []string{whole}, []string{pa, pbNewest}},
		{"task history", []string{oldestFirst}, []string{newestFirst}},
	} {
		_, out, _ := runCLI(t, "", append([]string{"-f", "jsonl"}, c.want...)...)
		want := outcomes(out)
		code, out, stderr := runCLI(t, "", append([]string{"-f", "jsonl"}, c.args...)...)
		if got := outcomes(out); code > 1 || got != want || stderr != "" {
			t.Errorf("%s: exit %d, findings\n%s\nwant\n%s\nstderr %q", c.name, code, got, want, stderr)
		}
	}
}

// reversed returns a reversed copy of s.
func reversed[S ~[]E, E any](s S) S {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// TestReadBackwardsBounded checks that an input read backwards holds at
// most maxReversedBytes of records: one that grew past it since it was
// measured is handed on backwards as far as held, then as written, and
// loses no record.
func TestReadBackwardsBounded(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	pad := strings.Repeat("x", 1000)
	var in bytes.Buffer
	n := 0
	for in.Len() < maxReversedBytes+maxReversedBytes/4 {
		at := t0.Add(-time.Duration(n) * time.Second) // newest first
		fmt.Fprintf(&in, `{"startedDateTime":%q,"request":{"method":"GET","url":"https://api.example.com/v1/items?n=%d","headers":[{"name":"X-Pad","value":%q}]},"response":{"status":200,"headers":[]}}`+"\n",
			at.Format(time.RFC3339), n, pad)
		n++
	}
	s := &source{name: "grown.jsonl", items: make(chan []item, queuedBatches)}
	go s.read(&in, func() {}, parser.Options{}, true)
	var got []time.Time
	for batch := range s.items {
		for _, it := range batch {
			if it.ev == nil {
				t.Fatalf("record error: %v", it.bad)
			}
			got = append(got, it.ev.Time)
		}
	}
	if s.err != nil || len(got) != n {
		t.Fatalf("got %d records, err %v; want %d", len(got), s.err, n)
	}
	// The held part comes oldest first, and ends where holding stopped:
	// the record after it in the output is the next one in the file.
	k := 1
	for k < len(got) && got[k].After(got[k-1]) {
		k++
	}
	// Each record costs its bytes and heldOverhead: 16 MiB of that is
	// some 7,500 of these 1.2 KB records.
	if k == len(got) || k < n/4 {
		t.Fatalf("%d of %d records handed on backwards, want those of the first %d MiB of held cost", k, n, maxReversedBytes>>20)
	}
	if want := t0.Add(-time.Duration(k) * time.Second); !got[k].Equal(want) {
		t.Errorf("after the held records came %v, want %v (the next in the file)", got[k], want)
	}
}

// TestReadBackwardsUndated checks that a record without a time, read
// backwards, stays after the record it was written after.
func TestReadBackwardsUndated(t *testing.T) {
	rec := func(at, path string) string {
		ts := ""
		if at != "" {
			ts = `"startedDateTime":"2026-03-02T` + at + `Z",`
		}
		return `{` + ts + `"request":{"method":"GET","url":"https://api.example.com` + path + `","headers":[]},"response":{"status":200,"headers":[]}}` + "\n"
	}
	// Newest first; /lead has no time and nothing before it, /u3 and
	// /u3b follow 10:03 and /u1 follows 10:01.
	in := rec("", "/lead") + rec("10:03:00", "/t3") + rec("", "/u3") + rec("", "/u3b") +
		rec("10:02:00", "/t2") + rec("10:01:00", "/t1") + rec("", "/u1")
	s := &source{name: "newest-first.jsonl", items: make(chan []item, queuedBatches)}
	go s.read(strings.NewReader(in), func() {}, parser.Options{}, true)
	var got []string
	for batch := range s.items {
		for _, it := range batch {
			if it.ev == nil {
				t.Fatalf("record error: %v", it.bad)
			}
			got = append(got, it.ev.Path)
		}
	}
	if want := []string{"/lead", "/t1", "/u1", "/t2", "/t3", "/u3", "/u3b"}; !slices.Equal(got, want) {
		t.Errorf("handed on %v, want %v", got, want)
	}
}
