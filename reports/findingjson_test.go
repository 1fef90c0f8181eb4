package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"
)

// encodingJSON is what encoding/json writes for f's members, with HTML
// escaping off: every member, a string that is not known as null.
func encodingJSON(t testing.TB, f *Finding) string {
	related := f.Related
	if related == nil {
		related = []Source{}
	}
	ref := struct {
		Source      Source   `json:"source"`
		Time        Time     `json:"time"`
		Connection  *string  `json:"connection"`
		Step        *string  `json:"step"`
		Method      *string  `json:"method"`
		URL         *string  `json:"url"`
		Status      Status   `json:"status"`
		Label       string   `json:"label"`
		Cause       string   `json:"cause"`
		Recovered   bool     `json:"recovered"`
		Confidence  float64  `json:"confidence"`
		Evidence    []string `json:"evidence"`
		Remediation *string  `json:"remediation"`
		RunID       *string  `json:"run_id"`
		ZapID       *string  `json:"zap_id"`
		ZapTitle    *string  `json:"zap_title"`
		Related     []Source `json:"related"`
	}{f.Source, f.Time, nullString(f.Connection), nullString(f.Step), nullString(f.Method), nullString(f.URL), f.Status,
		f.Label, f.Cause, f.Recovered, f.Confidence, f.Evidence, nullString(f.Remediation),
		nullString(f.RunID), nullString(f.ZapID), nullString(f.ZapTitle), related}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ref); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// checkFindingJSON compares f's hand-written JSON, compact and indented as
// the json report indents findings, with encoding/json's.
func checkFindingJSON(t testing.TB, f *Finding) {
	t.Helper()
	want := encodingJSON(t, f)
	if got := string(f.appendJSON(nil, "", "")); got != want {
		t.Fatalf("compact:\n got %s\nwant %s", got, want)
	}
	var ind bytes.Buffer
	if err := json.Indent(&ind, []byte(want), "    ", "  "); err != nil {
		t.Fatal(err)
	}
	if got := string(f.appendJSON(nil, "    ", "  ")); got != ind.String() {
		t.Fatalf("indented:\n got %s\nwant %s", got, ind.String())
	}
}

// TestFindingJSON holds the hand-written encoding equal to encoding/json's
// on the fixture's findings and on findings with every odd value.
func TestFindingJSON(t *testing.T) {
	var fs []Finding
	for _, f := range fixtureFindings() {
		fs = append(fs, finding(f))
	}
	odd := Finding{
		Source: Source{File: `<dir>/a&b "q".har`, Index: 3}, Time: at(time.Date(2026, 3, 2, 10, 12, 44, 123456789, time.FixedZone("x", 3600))),
		Connection: "tab\there\u2028\u2029", Step: "ctl\x00\x01\x1f\x7f", Method: "GET", URL: "https://x.example/?a=<b>&c=d",
		Status: Status{Code: -1}, Label: "ünïcode ✓", Cause: "bad\xff\xfeutf8", Confidence: 1e-7, Evidence: []string{"", `back\slash "quote" \b\f`, "\b\f\n\r"},
		Remediation: "x", RunID: "r", ZapID: "z", ZapTitle: "t", Related: []Source{{File: "a", Line: 2}, {File: "b<", Index: 0}},
	}
	fs = append(fs, odd, Finding{}, Finding{Status: Status{None: true}, RunID: "r1"}, Finding{Evidence: []string{}, Confidence: 0.30000000000000004}, Finding{Confidence: 1e21}, Finding{Confidence: 123456789})
	for _, f := range fs {
		checkFindingJSON(t, &f)
	}
}

func FuzzFindingJSON(f *testing.F) {
	f.Add("session.har", "lineage:ab", "GET", "https://x/y?z=<1>", "expired", "ttl\u2028", "ev\x00idence", "zap&", 3, 401, 0.5, true)
	f.Add("", "", "", "", "", "", "\xff", "", 0, 0, 1e-9, false)
	f.Fuzz(func(t *testing.T, file, conn, method, url, label, cause, ev, zap string, line, status int, conf float64, rec bool) {
		if math.IsNaN(conf) || math.IsInf(conf, 0) {
			return // confidence() never lets these through
		}
		x := Finding{Source: Source{File: file, Line: line}, Connection: conn, Method: method, URL: url, Status: Status{Code: status, None: rec && status == 0},
			Label: label, Cause: cause, Recovered: rec, Confidence: conf, Evidence: []string{ev, zap}, ZapTitle: zap,
			Related: []Source{{File: file + zap, Index: status}}}
		checkFindingJSON(t, &x)
	})
}
