package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"
)

// encodingJSON is what encoding/json writes for f, as the writers used it.
func encodingJSON(t testing.TB, f *Finding) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
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
