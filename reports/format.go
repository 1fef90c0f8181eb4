package reports

import (
	"fmt"
	"io"
	"strings"
)

// Format names an output format (--format).
type Format string

// The output formats.
const (
	FormatTable    Format = "table"    // tablewriter tables sized to the terminal (default)
	FormatMarkdown Format = "markdown" // headings and pipe tables to paste into a ticket
	FormatJSON     Format = "json"     // the whole Report, schema_version 1
	FormatJSONL    Format = "jsonl"    // one finding per line
	FormatCSV      Format = "csv"      // one finding per row, RFC 4180
	FormatHTML     Format = "html"     // one self-contained page with charts
)

// Formats lists the output formats in the order help shows them.
var Formats = []Format{FormatTable, FormatMarkdown, FormatJSON, FormatJSONL, FormatCSV, FormatHTML}

// ParseFormat returns the Format named s ("md" is markdown, "ndjson" jsonl).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "table", "text":
		return FormatTable, nil
	case "markdown", "md":
		return FormatMarkdown, nil
	case "json":
		return FormatJSON, nil
	case "jsonl", "ndjson":
		return FormatJSONL, nil
	case "csv":
		return FormatCSV, nil
	case "html":
		return FormatHTML, nil
	}
	return "", fmt.Errorf("unknown format %q (want table, markdown, json, jsonl, csv or html)", s)
}

// defaultWidth is the table width when the terminal's is unknown: wide
// enough for the failure table without wrapping every URL.
const defaultWidth = 100

// minWidth is the narrowest table Write lays out; below it every column
// wraps to a few characters and nothing is readable.
const minWidth = 60

// WriteOptions tune the table renderer; other formats ignore them. The
// zero value is plain text 100 columns wide.
type WriteOptions struct {
	// Color adds ANSI colours. cmd sets it for a terminal without NO_COLOR
	// or --no-color.
	Color bool
	// Width is the terminal's width in columns; 0 means 100.
	Width int
}

func (o WriteOptions) width() int {
	switch {
	case o.Width == 0:
		return defaultWidth
	case o.Width < minWidth:
		return minWidth
	}
	return o.Width
}

// Write renders r to w in format f.
func Write(w io.Writer, r *Report, f Format, opt WriteOptions) error {
	if err := r.Findings.Err(); err != nil {
		// Reading findings back failed when the Report was built: its
		// totals are short, and nothing is written.
		return err
	}
	var err error
	switch f {
	case FormatTable, "":
		err = writeTable(w, r, opt)
	case FormatMarkdown:
		err = writeMarkdown(w, r)
	case FormatJSON:
		err = writeJSON(w, r)
	case FormatJSONL:
		err = writeJSONL(w, r)
	case FormatCSV:
		err = writeCSV(w, r)
	case FormatHTML:
		err = writeHTML(w, r)
	default:
		return fmt.Errorf("unknown format %q", string(f))
	}
	if err == nil {
		// Findings read back from a temporary file may have failed to
		// read, here or when the Report was built: the output is then
		// incomplete, which must not pass for a report.
		err = r.Findings.Err()
	}
	return err
}
