package reports

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
)

// csvHeader names the columns of the CSV report, one finding per row.
// Evidence lines are joined by newlines inside one quoted field; related
// sources by spaces.
var csvHeader = []string{
	"file", "index", "line", "time", "connection", "step", "method", "url", "status",
	"label", "cause", "recovered", "confidence", "evidence", "remediation",
	"run_id", "zap_id", "zap_title", "related",
}

// ErrCSVExplain is Write's error for a CSV report with an explanation: a
// CSV holds one table, the findings, and the explanation's tokens, events
// and reasoning do not fit its columns. (It used to replace the findings.)
var ErrCSVExplain = errors.New("a CSV report holds one table, the findings; give --explain with another format (jsonl adds its records after the findings)")

// writeCSV writes one finding per row after a header row, quoted as RFC
// 4180 says (CRLF line ends, fields with commas, quotes or newlines in
// double quotes):
//
//	file,index,line,time,connection,step,method,url,status,label,cause,recovered,confidence,evidence,remediation,run_id,zap_id,zap_title,related
//	session.har,12,,2026-03-02T10:12:44.123Z,acme,,GET,https://api.example.com/v1/me,401,expired,ttl-elapsed,true,0.9,"access token issued …",Refresh …,,,,
func writeCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if r.Explain != nil {
		return ErrCSVExplain
	}
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for f := range r.Findings.All() {
		index, line := csvSource(f.Source)
		var related []string
		for _, s := range f.Related {
			related = append(related, s.Short())
		}
		rec := []string{
			csvCell(f.Source.File), index, line, f.Time.String(), csvCell(f.Connection), csvCell(f.Step), csvCell(f.Method), csvCell(f.URL),
			f.Status.String(), f.Label, f.Cause, strconv.FormatBool(f.Recovered),
			formatConfidence(f.Confidence), csvLines(f.Evidence), f.Remediation,
			csvCell(f.RunID), csvCell(f.ZapID), csvCell(f.ZapTitle), csvCell(strings.Join(related, " ")),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell makes a text field from the input safe to open in a spreadsheet:
// one that starts with = + - @ or a tab or carriage return would be read
// as a formula by Excel, LibreOffice and Google Sheets (a Zap named
// =HYPERLINK(...), an API's error message), so it gets a leading
// apostrophe, as OWASP's CSV injection guidance says. Fields authtriage
// writes itself (numbers, times, labels, causes, remediations) never start
// so and are written as they are.
//
// Control and bidi characters but tabs are shown as Visible writes them, as in the
// table and Markdown: a CSV is read in terminals too. JSON and JSONL keep
// them, escaped.
func csvCell(s string) string { return csvGuard(visibleKeepTabs(s)) }

// csvGuard prefixes a field that would read as a formula (see csvCell).
func csvGuard(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// csvLines is one field of several lines, each as csvCell writes it.
func csvLines(ls []string) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = visibleKeepTabs(l)
	}
	return csvGuard(strings.Join(out, "\n"))
}

func csvSource(s Source) (index, line string) {
	if s.Line > 0 {
		return "", strconv.Itoa(s.Line)
	}
	return strconv.Itoa(s.Index), ""
}

func formatConfidence(c float64) string { return strconv.FormatFloat(c, 'f', -1, 64) }
