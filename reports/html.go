package reports

import (
	_ "embed"
	"html/template"
	"io"
	"strings"
)

// reportTemplate is the HTML page: inline CSS and SVG only, no script, no
// font, image or link that would reach the network.
//
//go:embed report.html.tmpl
var reportTemplate string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"labelClass": labelClass,
	"recovered":  recoveredWord,
	"status":     statusText,
	"fstatus":    findingStatus,
	"statuses":   intsText,
	"lifetime":   lifetime,
	"join":       strings.Join,
	"request":    requestText,
	"window":     windowText,
	"summary":    summaryLine,
	"sub":        func(a, b int) int { return a - b },
	"shortFix":   shortFix,
	"zapRun":     zapRun,
	"listed":     listed,
	"unlisted":   func(ss []string) int { return len(ss) - len(listed(ss)) },
}).Parse(reportTemplate))

// htmlPage is what the template renders: the Report and the geometry of
// its charts.
type htmlPage struct {
	*Report
	Chart       *barChart
	Timeline    *connTimeline
	ExplainLine *explainTimeline
}

// writeHTML writes the report as one self-contained HTML page: summary
// cards, the top actions, a daily stacked bar chart by label, a timeline of
// each connection's failures, the tables, and the --explain lanes when
// there is an explanation. Everything is escaped by html/template, and
// control and bidi characters are shown as Visible writes them.
func writeHTML(w io.Writer, r *Report) error {
	p := htmlPage{Report: r, Chart: buildBarChart(r), Timeline: buildConnTimeline(r)}
	if r.Explain != nil {
		p.ExplainLine = buildExplainTimeline(r.Explain)
	}
	// html/template escapes markup, not control or bidi characters: a
	// right-to-left override in a connection name would reorder the page.
	return htmlTemplate.Execute(visibleWriter{w}, p)
}

// labelClass is the CSS class of a label chip; an unknown label gets the
// neutral one.
func labelClass(l string) string {
	if isKnownLabel(l) {
		return "l-" + l
	}
	return "l-unknown"
}

// listed is the first maxListed of a top action's connections, as the
// table and Markdown show them; the page links the rest to its
// Connections table, which has every one.
func listed(ss []string) []string { return ss[:min(len(ss), maxListed)] }
