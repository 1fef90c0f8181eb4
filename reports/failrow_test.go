package reports

import (
	"regexp"
	"strings"
	"testing"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

// TestFailureRowsFixAndRun wants each failure row of the HTML and the
// Markdown to give the finding's fix, and a Zap run's row to name the Zap,
// the step and the run; a long fix is cut in the row and given in full
// (a <details> in HTML, a numbered list under the table in Markdown).
func TestFailureRowsFixAndRun(t *testing.T) {
	long := "Where the policy asks for a new sign-in, have the user reconnect the account interactively; where it blocks the app, an admin must let the integration through. In Microsoft Entra, exclude the app's service principal from the Conditional Access policy."
	fs := []*heuristics.Finding{
		{Source: parser.Source{File: "task-history.csv", Line: 3}, Time: ts("2026-03-03T08:00:00Z"), Connection: "HubSpot acme-eu (21774201)",
			Step: "2", Method: "GET", URL: "https://api.hubapi.com/crm/v3/objects/deals", Status: 401, Label: heuristics.LabelExpired, Cause: heuristics.CauseTTLElapsed,
			Evidence: []string{"401"}, Remediation: "Refresh the access token before it expires.", RunID: "381996893970", ZapID: "412002", ZapTitle: "HubSpot deal stage → Gmail"},
		{Source: parser.Source{File: "runs.json", Index: 4}, Time: ts("2026-03-03T09:00:00Z"), Connection: "zap:9", Step: "step 1", NoStatus: true,
			Label: heuristics.LabelRevoked, Cause: heuristics.CauseAdminPolicy, Evidence: []string{"held"}, Remediation: long, RunID: "01JNPXA93W", ZapID: "9"},
		{Source: parser.Source{File: "h.har", Index: 1}, Time: ts("2026-03-03T10:00:00Z"), Connection: "c", Method: "GET", URL: "https://api.example.com/x", Status: 403,
			Label: heuristics.LabelRevoked, Cause: heuristics.CauseAdminPolicy, Evidence: []string{"403"}, Remediation: long},
	}
	r := Build(Input{Findings: heuristics.NewFindings(fs)})

	md := string(render(t, r, FormatMarkdown, WriteOptions{}))
	rows := strings.Split(md[strings.Index(md, "## Failures"):], "\n")
	var table []string
	for _, l := range rows {
		if strings.HasPrefix(l, "| 2026-") {
			table = append(table, l)
		}
	}
	if len(table) != 3 {
		t.Fatalf("want 3 failure rows, got %d:\n%s", len(table), md)
	}
	short := shortFix(long)
	if short == long || !strings.HasSuffix(short, "…") {
		t.Fatalf("shortFix kept the long fix: %q", short)
	}
	for i, want := range [][]string{
		{"Zap HubSpot deal stage → Gmail (412002), step 2, run 381996893970", "Refresh the access token before it expires."},
		{"Zap 9, step 1", mdEscape(short) + " (fix 1 below)"},
		{mdEscape(short) + " (fix 1 below)"},
	} {
		for _, w := range want {
			if !strings.Contains(table[i], w) {
				t.Errorf("markdown row %d lacks %q:\n%s", i+1, w, table[i])
			}
		}
	}
	if !strings.Contains(md, "Fixes in full:\n\n1. "+mdEscape(long)+"\n") {
		t.Errorf("markdown lacks the fix in full:\n%s", md)
	}

	page := string(render(t, r, FormatHTML, WriteOptions{}))
	m := regexp.MustCompile(`(?s)<table[^>]*id="failures-table".*?<tbody>(.*?)</tbody>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no failures table")
	}
	trs := regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(m[1], -1)
	if len(trs) != 3 {
		t.Fatalf("want 3 failure rows, got %d", len(trs))
	}
	esc := func(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }
	for i, want := range [][]string{
		{"Zap HubSpot deal stage → Gmail (412002), step 2, run 381996893970", `<td class="fix">Refresh the access token before it expires.</td>`},
		{"Zap 9, step 1", `<td class="fix"><details><summary>` + esc(short) + `</summary>` + esc(long) + `</details></td>`},
		{`<td class="fix"><details><summary>` + esc(short) + `</summary>`},
	} {
		for _, w := range want {
			if !strings.Contains(trs[i], w) {
				t.Errorf("html row %d lacks %q:\n%s", i+1, w, trs[i])
			}
		}
	}
	if strings.Contains(trs[2], `class="run"`) {
		t.Errorf("html row 3, an HTTP record, names a Zap run:\n%s", trs[2])
	}
}
