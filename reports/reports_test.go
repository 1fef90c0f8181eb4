package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./reports -update and review the diff\n--- got ---\n%s", path, got)
	}
}

func render(t *testing.T, r *Report, f Format, opt WriteOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r, f, opt); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return b.Bytes()
}

// goldenExt is the extension of each format's golden file.
var goldenExt = map[Format]string{
	FormatTable: "txt", FormatMarkdown: "md", FormatJSON: "json", FormatJSONL: "jsonl", FormatCSV: "csv", FormatHTML: "html",
}

func TestGolden(t *testing.T) {
	explained := fixtureInput()
	explained.Explain = fixtureExplain()
	reports := []struct {
		name string
		in   Input
	}{
		{"report", fixtureInput()},
		{"explain", explained},
	}
	for _, rep := range reports {
		r := Build(rep.in)
		for _, f := range Formats {
			if f == FormatCSV && r.Explain != nil {
				continue // refused: TestCSVExplain
			}
			t.Run(rep.name+"/"+string(f), func(t *testing.T) {
				golden(t, rep.name+"."+goldenExt[f], render(t, r, f, WriteOptions{}))
			})
		}
	}
	t.Run("report/table-color-80", func(t *testing.T) {
		golden(t, "report.color80.txt", render(t, Build(fixtureInput()), FormatTable, WriteOptions{Color: true, Width: 80}))
	})
	t.Run("empty", func(t *testing.T) {
		r := Build(Input{})
		for _, f := range Formats {
			golden(t, "empty."+goldenExt[f], render(t, r, f, WriteOptions{}))
		}
	})
}

// TestDeterministic builds and renders the report twice, the second time
// from findings and inputs in reverse order, and wants the same bytes.
func TestDeterministic(t *testing.T) {
	a := fixtureInput()
	a.Explain = fixtureExplain()
	fs := fixtureFindings()
	slices.Reverse(fs)
	b := fixtureInputOf(fs)
	b.Explain = fixtureExplain()
	for i, j := 0, len(b.Inputs)-1; i < j; i, j = i+1, j-1 {
		b.Inputs[i], b.Inputs[j] = b.Inputs[j], b.Inputs[i]
	}
	for _, f := range Formats {
		if f == FormatCSV {
			a.Explain, b.Explain = nil, nil // refused with an explanation
		}
		for _, opt := range []WriteOptions{{}, {Color: true, Width: 132}} {
			x := render(t, Build(a), f, opt)
			y := render(t, Build(b), f, opt)
			if !bytes.Equal(x, y) {
				t.Errorf("%s %+v: two runs differ", f, opt)
			}
		}
	}
}

// TestJSONLContract checks the first line against the shape issue 2 fixes.
func TestJSONLContract(t *testing.T) {
	out := render(t, Build(fixtureInput()), FormatJSONL, WriteOptions{})
	lines := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
	if want := dated(fixtureFindings()); len(lines) != want {
		t.Fatalf("got %d lines, want one per finding in the window (%d)", len(lines), want)
	}
	want := `{"source":{"file":"zapier-http.jsonl","line":17},"time":"2026-03-01T09:12:44.123Z","connection":"auth_48213","step":"Find Contact","method":"GET","url":"https://api.acme-crm.com/v3/contacts/88120?fields=email","status":401,"label":"expired","cause":"ttl-elapsed","recovered":true,"confidence":0.9,"evidence":["access token a1f3c9 issued 08:11:58 with expires_in=3600; rejected 60m46s later","WWW-Authenticate: Bearer error=\"invalid_token\""],"remediation":"Refresh the access token before it expires (expires_in=3600) or on the first 401, and retry once.","run_id":null,"zap_id":null,"zap_title":null,"related":[]}`
	if string(lines[0]) != want {
		t.Errorf("first line:\n got %s\nwant %s", lines[0], want)
	}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		src := m["source"].(map[string]any)
		_, hasLine := src["line"]
		_, hasIndex := src["index"]
		if hasLine == hasIndex {
			t.Errorf("line %d: source %v has both or neither of line and index", i+1, src)
		}
		if m["run_id"] != nil && m["zap_id"] == nil {
			t.Errorf("line %d: run finding without zap_id", i+1)
		}
	}
}

// TestBuildOddFindings feeds findings no heuristic should produce but a
// bug might: no label, NaN confidence, no time, no URL.
func TestBuildOddFindings(t *testing.T) {
	in := Input{Findings: heuristics.NewFindings([]*heuristics.Finding{
		{Source: parser.Source{File: "a.jsonl", Line: 1}, Confidence: math.NaN(), Status: -1},
		{Source: parser.Source{File: "a.jsonl", Line: 2}, Label: "novel", Cause: "brand-new", Confidence: 7},
	})}
	r := Build(in)
	fs := slices.Collect(r.Findings.All())
	if got := fs[0].Label + "/" + fs[0].Cause; got != "other/unknown" {
		t.Errorf("unlabelled finding reported as %s, want other/unknown", got)
	}
	if fs[0].Confidence != 0 || fs[1].Confidence != 1 {
		t.Errorf("confidences %v, %v: want 0 and 1", fs[0].Confidence, fs[1].Confidence)
	}
	last := r.Totals.ByLabel[len(r.Totals.ByLabel)-1]
	if last.Label != "novel" || last.Findings != 1 {
		t.Errorf("unknown label not counted last: %+v", last)
	}
	for _, f := range Formats {
		render(t, r, f, WriteOptions{})
	}
}

// TestTableWidth checks every line of the table report fits the width
// asked for, colours aside.
func TestTableWidth(t *testing.T) {
	ansi := regexp.MustCompile("\x1b\\[[0-9;]*m")
	in := fixtureInput()
	in.Explain = fixtureExplain()
	r := Build(in)
	for _, width := range []int{80, 100, 132, 200} {
		out := render(t, r, FormatTable, WriteOptions{Color: true, Width: width})
		for i, l := range strings.Split(string(out), "\n") {
			if n := utf8.RuneCountInString(ansi.ReplaceAllString(l, "")); n > width {
				t.Errorf("width %d: line %d is %d wide: %s", width, i+1, n, l)
			}
		}
	}
}

// TestTableCapsFailures: past maxTableFailures the terminal table lists
// maxTableFailures and says how many more the other formats list, while
// its summaries still count every failure.
func TestTableCapsFailures(t *testing.T) {
	in := bigInput(maxTableFailures+234, 50)
	n := dated(slices.Collect(in.Findings.All())) // in the fixture's window
	r := Build(in)
	out := string(render(t, r, FormatTable, WriteOptions{Width: 160}))
	failures := out[strings.LastIndex(out, "\nFAILURES\n"):]
	rows := regexp.MustCompile(`(?m)^│ 20\d\d-\d\d-\d\d `).FindAllString(failures, -1)
	undated := regexp.MustCompile(`(?m)^│ no time `).FindAllString(failures, -1)
	if len(rows)+len(undated) != maxTableFailures {
		t.Errorf("%d failure rows, want %d", len(rows)+len(undated), maxTableFailures)
	}
	if trailer := fmt.Sprintf("… and %d more failures (", n-maxTableFailures); !strings.Contains(failures, trailer) {
		t.Errorf("no trailer %q:\n%s", trailer, failures[len(failures)-400:])
	}
	if !strings.Contains(out, strconv.Itoa(n)+" findings") {
		t.Errorf("the summary should count all %d failures", n)
	}
	jsonl := strings.Count(string(render(t, r, FormatJSONL, WriteOptions{})), "\n")
	if jsonl != n {
		t.Errorf("jsonl lists %d failures, want all %d", jsonl, n)
	}
}

// TestRootCauseBehindExpiry: an access token used after its lifetime is
// the symptom when the connection's refresh failed: the refresh failure
// is the root cause even when it is the rarer finding, and the expiries
// are said to follow from it. Alone, or next to a server error only, the
// expiry is the root cause. The top actions count the explained expiries
// under the root cause's fix.
func TestRootCauseBehindExpiry(t *testing.T) {
	f := func(conn string, line int, label heuristics.Label, cause heuristics.Cause) *heuristics.Finding {
		return &heuristics.Finding{Source: parser.Source{File: "a.jsonl", Line: line}, Connection: conn,
			Time: time.Date(2026, 3, 3, 10, line, 0, 0, time.UTC), Label: label, Cause: cause}
	}
	in := Input{Findings: heuristics.NewFindings([]*heuristics.Finding{
		f("acme", 1, heuristics.LabelExpired, heuristics.CauseTTLElapsed),
		f("acme", 2, heuristics.LabelExpired, heuristics.CauseTTLElapsed),
		f("acme", 3, heuristics.LabelRevoked, heuristics.CauseRefreshTokenExpired),
		f("solo", 4, heuristics.LabelExpired, heuristics.CauseTTLElapsed),
		f("solo", 5, heuristics.LabelServerError, heuristics.CauseServerError),
		f("solo", 6, heuristics.LabelExpired, heuristics.CauseTTLElapsed),
	})}
	got := map[string]Connection{}
	for _, c := range Build(in).Connections {
		got[c.Connection] = c
	}
	if c := got["acme"]; c.Cause != string(heuristics.CauseRefreshTokenExpired) ||
		!strings.HasPrefix(c.RootCause, "1 of 3 unrecovered failures:") || !strings.HasSuffix(c.RootCause, "It also explains the 2 expired access tokens (expired/ttl-elapsed).") {
		t.Errorf("acme: %s/%s: %q", c.Label, c.Cause, c.RootCause)
	}
	if c := got["solo"]; c.Cause != string(heuristics.CauseTTLElapsed) || strings.Contains(c.RootCause, "also explains") {
		t.Errorf("solo: %s/%s: %q", c.Label, c.Cause, c.RootCause)
	}
	// The top actions follow: acme's expiries clear with its refresh fix,
	// solo's still need the token refreshed.
	actions := map[string]Action{}
	for _, a := range Build(in).TopActions {
		actions[a.Cause] = a
	}
	if a := actions[string(heuristics.CauseRefreshTokenExpired)]; a.Count != 3 || !slices.Equal(a.Connections, []string{"acme"}) {
		t.Errorf("refresh-token-expired action %+v, want 3 failures on acme", a)
	}
	if a := actions[string(heuristics.CauseTTLElapsed)]; a.Count != 2 || !slices.Equal(a.Connections, []string{"solo"}) {
		t.Errorf("ttl-elapsed action %+v, want 2 failures on solo", a)
	}
}

// TestRootCauseFollowsTime: a cause explains only the expiries it
// precedes or that lead to it (the refused refresh right after): the
// sample zapier/cli-logs.json has an expiry, the refresh refused 0.7 s
// later for an invalid client secret, and a clock skew 46 minutes later
// on another step. The refused refresh is the root cause; the clock skew
// explains nothing, and an expiry with only a later clock skew stays the
// root cause itself.
func TestRootCauseFollowsTime(t *testing.T) {
	at := func(conn string, line int, hms string, label heuristics.Label, cause heuristics.Cause) *heuristics.Finding {
		tm, err := time.Parse(time.RFC3339Nano, "2026-03-04T"+hms+"Z")
		if err != nil {
			t.Fatal(err)
		}
		return &heuristics.Finding{Source: parser.Source{File: "a.json", Index: line}, Connection: conn, Time: tm, Label: label, Cause: cause}
	}
	in := Input{Findings: heuristics.NewFindings([]*heuristics.Finding{
		at("graph", 0, "14:00:00.412", heuristics.LabelInvalid, heuristics.CauseRedirectURIMismatch),
		at("graph", 3, "14:05:00", heuristics.LabelScope, heuristics.CauseInsufficientScope),
		at("graph", 5, "15:24:10", heuristics.LabelExpired, heuristics.CauseTTLElapsed),
		at("graph", 6, "15:24:10.7", heuristics.LabelInvalid, heuristics.CauseInvalidClient),
		at("graph", 7, "16:10:00.05", heuristics.LabelInvalid, heuristics.CauseClockSkew),
		at("late", 1, "10:00:00", heuristics.LabelExpired, heuristics.CauseTTLElapsed),
		at("late", 2, "10:46:00", heuristics.LabelInvalid, heuristics.CauseClockSkew),
		at("before", 1, "10:00:00", heuristics.LabelInvalid, heuristics.CauseClockSkew),
		at("before", 2, "10:46:00", heuristics.LabelExpired, heuristics.CauseTTLElapsed),
	})}
	got := map[string]Connection{}
	for _, c := range Build(in).Connections {
		got[c.Connection] = c
	}
	for _, tc := range []struct{ conn, cause, suffix string }{
		{"graph", "invalid-client", "(invalid/invalid-client). It also explains the 1 expired access token (expired/ttl-elapsed)."},
		{"late", "ttl-elapsed", "(expired/ttl-elapsed)."},
		{"before", "clock-skew", "(invalid/clock-skew). It also explains the 1 expired access token (expired/ttl-elapsed)."},
	} {
		if c := got[tc.conn]; c.Cause != tc.cause || !strings.HasSuffix(c.RootCause, tc.suffix) {
			t.Errorf("%s: %s/%s: %q, want %s ending %q", tc.conn, c.Label, c.Cause, c.RootCause, tc.cause, tc.suffix)
		}
	}
}

// dated counts the findings that have a time: those a window keeps (the
// fixture's window holds all of them).
func dated(fs []*heuristics.Finding) int {
	n := 0
	for _, f := range fs {
		if !f.Time.IsZero() {
			n++
		}
	}
	return n
}

// TestUndated: a finding with no time is listed, with time null in JSON
// and a blank time in the table, when no window is asked for; with a window
// it is left out, and the report says how many were.
func TestUndated(t *testing.T) {
	in := fixtureInput()
	in.Since = time.Time{}
	r := Build(in)
	all := len(fixtureFindings())
	jsonl := string(render(t, r, FormatJSONL, WriteOptions{}))
	if n := strings.Count(jsonl, "\n"); n != all || !strings.Contains(jsonl, `"line":91},"time":null,`) && !strings.Contains(jsonl, `"index":91},"time":null,`) {
		t.Errorf("no window: %d findings, want %d, with the undated one's time null", n, all)
	}
	if table := string(render(t, r, FormatTable, WriteOptions{Width: 160})); !regexp.MustCompile(`(?m)^│ +│ .*│ DELETE https://api\.`).MatchString(table) {
		t.Errorf("no window: the table has no undated row")
	}
	if r.Window.Undated != 0 {
		t.Errorf("no window, yet %d undated left out", r.Window.Undated)
	}
	in.Since = ts("2026-03-01T00:00:00Z")
	r = Build(in)
	md := string(render(t, r, FormatMarkdown, WriteOptions{}))
	if r.Window.Undated != 1 || r.Findings.Len() != all-1 || !strings.Contains(md, "(1 failure with no time left out)") {
		t.Errorf("window: %d undated, %d findings: %q", r.Window.Undated, r.Findings.Len(), md[:300])
	}
}

// TestTimelineStatus: on an explained connection's timeline a request
// that got no response has status 0 and a run that names no status has
// none, in every format that writes the timeline.
func TestTimelineStatus(t *testing.T) {
	at := time.Date(2026, 3, 3, 8, 2, 0, 0, time.UTC)
	ex := explain(&heuristics.Explanation{Connection: "auth_48213", Timeline: []heuristics.Step{
		{Source: parser.Source{File: "har.jsonl", Line: 7}, Time: at, Method: "GET", URL: "https://api.acme-crm.com/v3/deals", What: "network error"},
		{Source: parser.Source{File: "task-history.csv", Line: 42}, Time: at.Add(time.Second), NoStatus: true, What: "run error"},
	}})
	r := &Report{SchemaVersion: SchemaVersion, Explain: ex}
	for _, tc := range []struct {
		format Format
		want   []string
	}{
		{FormatJSONL, []string{`"line":7},"time":"2026-03-03T08:02:00.000Z","method":"GET","url":"https://api.acme-crm.com/v3/deals","status":0,`, `"line":42},"time":"2026-03-03T08:02:01.000Z","method":null,"url":null,"status":null,`}},
		{FormatMarkdown, []string{"| network error | GET `https://api.acme-crm.com/v3/deals` | no response |", "| run error |   |   |"}},
	} {
		var b strings.Builder
		if err := Write(&b, r, tc.format, WriteOptions{}); err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: no %q in\n%s", tc.format, w, b.String())
			}
		}
	}
}

// spilledSamples reads ../samples into an engine that writes its findings
// to a temporary file past 4 held, as a large run does.
func spilledSamples(t *testing.T) *heuristics.Findings {
	t.Helper()
	e := heuristics.New(heuristics.Config{SpillAbove: 4, SpillDir: t.TempDir()})
	err := filepath.WalkDir(filepath.Join("..", "samples"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") || strings.Contains(p, "gateway-mapped") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		parser.Read(f, p, parser.Options{}, e.Add, func(*parser.RecordError) {})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.SpillError() != nil {
		t.Fatal(e.SpillError())
	}
	return e.Finish()
}

// TestWriteSpillReadFails: when the findings written to the temporary file
// cannot be read back, Write returns the error and the JSON report is no
// valid JSON, rather than a valid report with no findings (the read fails
// before the first finding) or with part of them.
func TestWriteSpillReadFails(t *testing.T) {
	fs := spilledSamples(t)
	rep := Build(Input{Findings: fs})
	if rep.Findings.Len() < 10 || rep.Findings.Err() != nil {
		t.Fatalf("want a report of the samples, got %d findings, error %v", rep.Findings.Len(), rep.Findings.Err())
	}
	// Closed, the file is gone: every read of the findings fails at once.
	if err := fs.Close(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := Write(&out, rep, FormatJSON, WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "findings read after Close") {
		t.Fatalf("want the read error, got %v", err)
	}
	if json.Valid(out.Bytes()) {
		t.Fatalf("a failed read must not give a valid JSON report, got %d bytes:\n%s", out.Len(), out.Bytes())
	}
	// Failed when the report was built: nothing is written, in any format.
	for _, f := range Formats {
		out.Reset()
		if err := Write(&out, Build(Input{Findings: fs}), f, WriteOptions{}); err == nil || out.Len() != 0 {
			t.Errorf("%s: want an error and no output, got %v and %d bytes", f, err, out.Len())
		}
	}
}

// TestCSVExplain: a CSV report with an explanation is refused, not
// written as the explanation's rows in place of the findings.
func TestCSVExplain(t *testing.T) {
	in := fixtureInput()
	in.Explain = fixtureExplain()
	var b bytes.Buffer
	if err := Write(&b, Build(in), FormatCSV, WriteOptions{}); !errors.Is(err, ErrCSVExplain) || b.Len() != 0 {
		t.Errorf("Write: %v, %d bytes, want ErrCSVExplain and nothing written", err, b.Len())
	}
}

// TestJSONLExplain: an explanation adds its records after the findings,
// which stay as they are without one.
func TestJSONLExplain(t *testing.T) {
	plain := render(t, Build(fixtureInput()), FormatJSONL, WriteOptions{})
	in := fixtureInput()
	in.Explain = fixtureExplain()
	out := render(t, Build(in), FormatJSONL, WriteOptions{})
	rest, ok := bytes.CutPrefix(out, plain)
	if !ok {
		t.Fatalf("the findings are not the first lines:\n%s", out)
	}
	kinds := map[string]int{}
	for _, l := range bytes.Split(bytes.TrimSuffix(rest, []byte("\n")), []byte("\n")) {
		var rec struct{ Record string }
		if err := json.Unmarshal(l, &rec); err != nil || rec.Record == "" {
			t.Fatalf("added line without a record kind: %s", l)
		}
		kinds[rec.Record]++
	}
	e := fixtureExplain()
	want := map[string]int{"token": len(e.Tokens), "event": len(e.Timeline), "finding": len(e.Findings), "reasoning": len(e.Reasoning)}
	if !maps.Equal(kinds, want) {
		t.Errorf("added records %v, want %v", kinds, want)
	}
}

// TestTableExplainEvidence: the table's --explain section shows the
// evidence of each finding it explains, not only the rules' names.
func TestTableExplainEvidence(t *testing.T) {
	in := fixtureInput()
	in.Explain = fixtureExplain()
	out := string(render(t, Build(in), FormatTable, WriteOptions{Width: 400}))
	section, _, _ := strings.Cut(out[strings.Index(out, "EXPLAIN "):], "TOKEN LINEAGE")
	n := 0
	for _, f := range in.Explain.Findings {
		head := fmt.Sprintf("  %s %s: %s/%s, ", Source{File: f.Source.File, Line: f.Source.Line, Index: f.Source.Index}.Short(), at(f.Time).Short(), f.Label, f.Cause)
		if !strings.Contains(section, head) {
			t.Errorf("no %q in\n%s", head, section)
		}
		for _, ev := range f.Evidence {
			n++
			if !strings.Contains(section, "    - "+ev+"\n") {
				t.Errorf("no evidence %q in\n%s", ev, section)
			}
		}
	}
	if n == 0 {
		t.Fatal("the fixture explains no finding with evidence")
	}
}

func TestWindowText(t *testing.T) {
	for _, tc := range []struct {
		since, until string
		want         string
	}{
		{"", "", ""},
		{"2026-03-02T00:00:00Z", "", "since 2026-03-02 00:00:00 UTC"},
		{"2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z", "2026-03-02 00:00:00 to 2026-03-08 (end of day) UTC"},
		{"", "2026-03-09T00:00:00Z", "until 2026-03-08 (end of day) UTC"},
		{"", "2026-03-01T00:00:00Z", "until 2026-02-28 (end of day) UTC"},
		{"2026-03-02T10:00:00Z", "2026-03-09T10:30:00Z", "2026-03-02 10:00:00 to 2026-03-09 10:30:00 UTC"},
		{"", "2026-03-09T00:00:00.5Z", "until 2026-03-09 00:00:00 UTC"},
	} {
		var w Window
		if tc.since != "" {
			w.Since = at(ts(tc.since))
		}
		if tc.until != "" {
			w.Until = at(ts(tc.until))
		}
		if got := windowText(w); got != tc.want {
			t.Errorf("windowText(%s, %s) = %q, want %q", tc.since, tc.until, got, tc.want)
		}
	}
}

// TestTableNarrow: at the narrowest width the table lays out, no line is
// wider, and no header word is split over two lines.
func TestTableNarrow(t *testing.T) {
	in := fixtureInput()
	in.Explain = fixtureExplain()
	r := Build(in)
	wide := string(render(t, r, FormatTable, WriteOptions{Width: 300}))
	for _, width := range []int{minWidth, 64, 72} {
		out := string(render(t, r, FormatTable, WriteOptions{Width: width}))
		for i, l := range strings.Split(out, "\n") {
			if w := displayWidth(l); w > width {
				t.Errorf("width %d: line %d is %d wide: %q", width, i+1, w, l)
			}
		}
		for _, word := range []string{"CONNECTION", "CONNECTIONS", "FAILURES", "UNRECOVERED", "RECOVERED", "STATUS", "REQUEST", "SOURCE", "ENDPOINT", "STATUSES", "LABELS", "TOKEN", "RESPONSE", "EVENT"} {
			re := regexp.MustCompile(`\b` + word + `\b`)
			if got, want := len(re.FindAllString(out, -1)), len(re.FindAllString(wide, -1)); got != want {
				t.Errorf("width %d: %s whole %d times, want %d (a header word split)", width, word, got, want)
			}
		}
	}
}

// TestTableKeepsImportantFailures: past maxTableFailures the table leaves
// out the recovered failures first, the oldest first, and lists the ones it
// keeps in report order.
func TestTableKeepsImportantFailures(t *testing.T) {
	t0 := ts("2026-03-02T00:00:00Z")
	mk := func(i int, conn string, recovered bool) *heuristics.Finding {
		return &heuristics.Finding{Source: parser.Source{File: "a.jsonl", Line: i + 1}, Time: t0.Add(time.Duration(i) * time.Minute),
			Connection: conn, Method: "GET", URL: "https://api.example.com/x", Status: 500,
			Label: heuristics.LabelServerError, Cause: heuristics.CauseServerError, Recovered: recovered, Confidence: 1}
	}
	// The oldest is unrecovered; the next two, recovered, are the ones to
	// leave out; the newest is recovered too.
	fs := []*heuristics.Finding{mk(0, "u-oldest", false), mk(1, "r-cut-1", true), mk(2, "r-cut-2", true)}
	for i := 3; i < maxTableFailures+1; i++ {
		fs = append(fs, mk(i, "r", true))
	}
	fs = append(fs, mk(maxTableFailures+1, "r-newest", true))
	r := Build(fixtureInputOf(fs))
	out := string(render(t, r, FormatTable, WriteOptions{Width: 160}))
	failures := out[strings.LastIndex(out, "\nFAILURES\n"):]
	conns := regexp.MustCompile(`(?m)^│ 2026-03-\d\d +│ (\S+) `).FindAllStringSubmatch(failures, -1)
	if len(conns) != maxTableFailures {
		t.Fatalf("%d failure rows, want %d", len(conns), maxTableFailures)
	}
	if got := []string{conns[0][1], conns[1][1], conns[len(conns)-1][1]}; !slices.Equal(got, []string{"u-oldest", "r", "r-newest"}) {
		t.Errorf("rows first, second and last: %q, want u-oldest, r, r-newest", got)
	}
	want := "… and 2 more failures (0 unrecovered, 2 recovered) not shown: the table lists 1000, the unrecovered first, then the newest; --format csv, jsonl, json, markdown or html lists every failure."
	if !strings.Contains(strings.ReplaceAll(failures, "\n", " "), want) { // wrapped at 160
		t.Errorf("trailer: want %q in\n%s", want, failures[len(failures)-400:])
	}
}
