package reports

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

func TestCSVQuoting(t *testing.T) {
	f := heuristics.Finding{
		Source:      parser.Source{File: "odd, name.har", Index: 0},
		Connection:  `acct "prod"`,
		Method:      "GET",
		URL:         "https://api.example.com/search?q=a,b&x=\"y\"",
		Status:      401,
		Label:       heuristics.LabelExpired,
		Cause:       heuristics.CauseTTLElapsed,
		Confidence:  0.5,
		Evidence:    []string{"line one, with a comma", `line "two"`},
		Remediation: "Refresh\r\nthen retry",
		Related:     []parser.Source{{File: "a.jsonl", Line: 3}, {File: "b.har", Index: 7}},
	}
	out := render(t, Build(Input{Findings: heuristics.NewFindings([]*heuristics.Finding{&f})}), FormatCSV, WriteOptions{})

	want := "file,index,line,time,connection,step,method,url,status,label,cause,recovered,confidence,evidence,remediation,run_id,zap_id,zap_title,related\r\n" +
		`"odd, name.har",0,,,"acct ""prod""",,GET,"https://api.example.com/search?q=a,b&x=""y""",401,expired,ttl-elapsed,false,0.5,"line one, with a comma` + "\r\n" +
		`line ""two""","Refresh` + "\r\n" + `then retry",,,,a.jsonl:3 b.har#7` + "\r\n"
	if string(out) != want {
		t.Errorf("CSV:\n got %q\nwant %q", out, want)
	}

	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	if len(recs) != 2 || len(recs[1]) != len(csvHeader) {
		t.Fatalf("read back %d records of %d fields, want 2 of %d", len(recs), len(recs[1]), len(csvHeader))
	}
	got := recs[1]
	for i, w := range map[int]string{
		0: "odd, name.har", 1: "0", 2: "", 4: `acct "prod"`, 7: f.URL,
		13: "line one, with a comma\nline \"two\"", 14: "Refresh\nthen retry", 18: "a.jsonl:3 b.har#7",
	} {
		if got[i] != w {
			t.Errorf("field %s = %q, want %q", csvHeader[i], got[i], w)
		}
	}
}

// TestCSVRowPerFinding checks the fixture: a header and one row per
// finding, line-based sources in "line", array-based ones in "index".
func TestCSVRowPerFinding(t *testing.T) {
	out := render(t, Build(fixtureInput()), FormatCSV, WriteOptions{})
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], csvHeader) {
		t.Errorf("header = %v", recs[0])
	}
	if want := dated(fixtureFindings()); len(recs)-1 != want {
		t.Errorf("%d rows, want %d", len(recs)-1, want)
	}
	for _, r := range recs[1:] {
		if (r[1] == "") == (r[2] == "") {
			t.Errorf("row %v: want exactly one of index and line", r[:3])
		}
		if strings.HasSuffix(r[0], ".har") && r[1] == "" {
			t.Errorf("row %v: a HAR entry has an index", r[:3])
		}
	}
}
