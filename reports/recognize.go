package reports

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// RecognizeBytes is how much of a file Recognize needs: the first line of
// any report, or its first finding's, with room to spare.
const RecognizeBytes = 64 << 10

// Recognize reports whether head, the first bytes of a file (at most
// RecognizeBytes are looked at), is a report Write wrote, and in which
// format. A directory a cron job writes its reports into may be the one it
// reads: read back as an input, last week's report would be re-analysed
// (a jsonl report reads as native JSON lines, a CSV one as task history)
// and the findings would grow on every run. Each format is known by what
// it alone starts with: the JSON's schema_version, a finding line's or an
// --explain record's keys, the CSV header, the Markdown and HTML titles,
// the table's summary line. A UTF-8 byte order mark before it and CRLF
// line ends are allowed.
func Recognize(head []byte) (Format, bool) {
	if len(head) > RecognizeBytes {
		head = head[:RecognizeBytes]
	}
	// A report saved again by an editor or PowerShell ("UTF-8 with BOM"),
	// or whose line ends were converted (unix2dos on the CSV, already
	// CRLF, gives "\r\r\n"), is still the report.
	head = bytes.TrimPrefix(head, utf8BOM)
	line, _, _ := bytes.Cut(head, []byte("\n"))
	line = bytes.TrimRight(line, "\r")
	switch {
	case string(line) == "# authtriage report":
		return FormatMarkdown, true
	case string(line) == "<!DOCTYPE html>" && bytes.Contains(head[:min(len(head), 1024)], []byte("<title>authtriage report</title>")):
		return FormatHTML, true
	case tableSummary.Match(line):
		return FormatTable, true
	case csvHeaders[string(line)]:
		return FormatCSV, true
	case isJSONReport(head):
		return FormatJSON, true
	case isJSONLReport(line, len(line) < len(head)):
		return FormatJSONL, true
	}
	return "", false
}

// utf8BOM is the byte order mark some Windows tools put before UTF-8.
var utf8BOM = []byte("\xef\xbb\xbf")

// tableSummary is the first line of a table report (bold on a terminal);
// reports written by earlier builds start "authtriage: " and are still known.
var tableSummary = regexp.MustCompile(`^(\x1b\[1m)?(authtriage: )?[0-9]+ findings? \([0-9]+ unrecovered, [0-9]+ recovered\) on `)

// csvHeaders are the header rows of the CSV reports: the findings', and
// the one --explain wrote before it was refused with CSV.
var csvHeaders = map[string]bool{
	strings.Join(csvHeader, ","):                           true,
	"record,time,file,index,line,method,url,status,detail": true,
}

// isJSONReport reports whether head opens a JSON object whose first key is
// schema_version, as the JSON report's is.
func isJSONReport(head []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(head))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	t, err := dec.Token()
	return err == nil && t == "schema_version"
}

// findingKeys are the members every finding line of a jsonl report has.
var findingKeys = []string{"source", "label", "cause", "recovered", "confidence", "evidence", "remediation"}

// explainRecords are the "record" kinds of the lines --explain adds to a
// jsonl report.
var explainRecords = map[string]bool{"token": true, "event": true, "finding": true, "reasoning": true}

// isJSONLReport reports whether line, a whole first line when complete,
// is a finding line of a jsonl report or a record --explain added.
func isJSONLReport(line []byte, complete bool) bool {
	if !complete || !bytes.HasPrefix(line, []byte("{")) {
		return false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(line, &m) != nil {
		return false
	}
	if rec, ok := m["record"]; ok {
		var kind string
		return json.Unmarshal(rec, &kind) == nil && explainRecords[kind] && bytes.HasPrefix(line, []byte(`{"record":`))
	}
	for _, k := range findingKeys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}
