package reports

import (
	"bufio"
	"container/heap"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"
)

// writeTable writes the report for a terminal: a summary line, the top
// actions, counts by label and cause, the connections, endpoints and Zap
// steps, then one row per failure, each a table no wider than the
// terminal. tablewriter is used here and nowhere else.
//
//	14 findings (9 unrecovered, 5 recovered) on 5 connections, …
//
//	TOP ACTIONS
//	┌───┬─────────────┬─────────────────────┬──────────────────────┬─────────────┐
//	│ # │ UNRECOVERED │ CAUSE               │ ACTION               │ CONNECTIONS │
//	…
func writeTable(w io.Writer, r *Report, opt WriteOptions) error {
	// Lay out for narrow ambiguous-width characters whatever the locale,
	// so the same report gives the same bytes everywhere.
	twwidth.SetOptions(twwidth.Options{})
	bw := bufio.NewWriter(w)
	t := &tableWriter{w: bw, width: opt.width(), color: opt.Color}

	// No "authtriage:" before it: that is how the messages on stderr
	// start, and the summary is no message.
	for _, l := range wrap(summaryLine(r), t.width) {
		t.printf("%s\n", t.bold(l))
	}
	if !r.Generated.IsZero() {
		t.printf("Generated %s UTC\n", r.Generated.Short())
	}
	if wt := windowText(r.Window); wt != "" {
		for _, l := range wrap("Window: "+wt, t.width) {
			t.printf("%s\n", l)
		}
	}
	if r.Explain != nil {
		t.explain(r.Explain)
	}

	if r.Findings.Len() > 0 {
		t.failures(r)
	} else {
		t.printf("\nNo failures.\n")
	}

	if len(r.Inputs) > 0 {
		t.section("Inputs")
		var rows [][]cell
		for _, in := range r.Inputs {
			rows = append(rows, []cell{plain(in.File), plain(in.Format), plain(strconv.Itoa(in.Records)), t.count(in.Skipped)})
		}
		t.table([]col{{head: "FILE", flex: true}, {head: "FORMAT"}, {head: "RECORDS", right: true}, {head: "SKIPPED", right: true}}, rows)
	}
	if r.Errors.Count > 0 {
		t.section(fmt.Sprintf("Errors (%d)", r.Errors.Count))
		for _, e := range r.Errors.Messages {
			e = Visible(e)
			if displayWidth(e)+2 <= t.width {
				t.printf("  %s\n", e)
				continue
			}
			for i, l := range wrap(e, t.width-4) {
				if i == 0 {
					t.printf("  %s\n", l)
				} else {
					t.printf("    %s\n", l)
				}
			}
		}
		if more := r.Errors.Count - len(r.Errors.Messages); more > 0 {
			t.printf("  ... and %d more\n", more)
		}
	}
	if t.err != nil {
		return t.err
	}
	return bw.Flush()
}

func (t *tableWriter) explain(e *Explain) {
	t.printf("\n%s %s\n", t.bold("EXPLAIN"), Visible(e.Connection))
	t.explainEvidence(e.Findings)
	if len(e.Reasoning) > 0 {
		t.section("Reasoning")
		t.bullets(e.Reasoning, "  ")
	}
	t.section("Token lineage")
	if len(e.Tokens) == 0 {
		t.printf("No token response seen.\n")
	} else {
		var rows [][]cell
		for _, tok := range e.Tokens {
			rows = append(rows, []cell{plain(tok.Time.Short()), plain(tokenDetail(tok)), plain(tok.Source.Short())})
		}
		t.table([]col{{head: "TIME (UTC)", keep: true}, {head: "TOKEN RESPONSE", flex: true}, {head: "SOURCE", keep: true}}, rows)
	}
	t.section("Timeline")
	var rows [][]cell
	for _, ev := range e.Timeline {
		st := ""
		if !ev.Status.None {
			st = statusText(ev.Status.Code)
		}
		rows = append(rows, []cell{plain(ev.Time.Short()), plain(ev.What), plain(requestText(Finding{Method: ev.Method, URL: ev.URL})), plain(st), plain(ev.Source.Short())})
	}
	t.table([]col{{head: "TIME (UTC)", keep: true}, {head: "EVENT", keep: true}, {head: "REQUEST", flex: true}, {head: "STATUS", right: true, keep: true}, {head: "SOURCE", keep: true}}, rows)
}

// explainEvidence lists an explained connection's findings with the
// evidence each rests on, as the other formats show it (redacted, as all
// evidence is): the failure table has no room for it, and the reasoning
// lines name the rules, not what they matched.
//
//	EXPLAIN auth_48213
//	  zapier-http.jsonl:17 2026-03-01 09:12:44: expired/ttl-elapsed, recovered, confidence 0.9
//	    - access token a1f3c9 issued 08:11:58 with expires_in=3600; rejected 60m46s later
func (t *tableWriter) explainEvidence(fs []Finding) {
	for i, f := range fs {
		if i == maxTableFailures {
			t.printf("  … %d more findings (every other format lists them all)\n", len(fs)-i)
			break
		}
		head := Visible(f.Source.Short())
		if !f.Time.IsZero() {
			head += " " + f.Time.Short()
		}
		head += fmt.Sprintf(": %s/%s, %s, confidence %s", f.Label, f.Cause, recoveredWord(f.Recovered), formatConfidence(f.Confidence))
		for j, l := range wrap(head, t.width-4) {
			if j == 0 {
				t.printf("  %s\n", l)
			} else {
				t.printf("    %s\n", l)
			}
		}
		t.bullets(f.Evidence, "    ")
	}
}

// bullets writes one "- " item per string, wrapped with a hanging indent.
func (t *tableWriter) bullets(items []string, indent string) {
	for _, s := range items {
		for i, l := range wrap(Visible(s), t.width-len(indent)-2) {
			if i == 0 {
				t.printf("%s- %s\n", indent, l)
			} else {
				t.printf("%s  %s\n", indent, l)
			}
		}
	}
}

// requestText writes "GET https://…", or the run id for a run finding.
func requestText(f Finding) string {
	if f.Method == "" && f.URL == "" && f.RunID != "" {
		return "run " + f.RunID
	}
	return strings.TrimSpace(f.Method + " " + f.URL)
}

type tableWriter struct {
	w     *bufio.Writer
	width int
	color bool
	err   error
}

func (t *tableWriter) printf(format string, args ...any) {
	fmt.Fprintf(t.w, format, args...)
}

func (t *tableWriter) section(title string) {
	t.printf("\n%s\n", t.bold(strings.ToUpper(title)))
}

// cell is one table cell: text, and the ANSI colour of each of its lines
// (by the line of text, before wrapping; "" for none).
type cell struct {
	text   string
	colors []string
	hang   bool // indent the wrapped continuation of each line (list items)
}

// plain is a cell of one line of text; any control character in it, a
// newline included, is shown as Visible writes it.
func plain(s string) cell { return cell{text: Visible(s)} }

// lines is a cell of several lines of text, each as plain shows it.
func lines(ls ...string) cell {
	for i, l := range ls {
		ls[i] = Visible(l)
	}
	return cell{text: strings.Join(ls, "\n")}
}

// hangIndent indents the continuation of a wrapped list item.
const hangIndent = "  "

// list is a cell with one item per line, wrapped items indented, and at
// most maxListed items (the JSON report has them all).
func list(items []string) cell {
	if len(items) > maxListed {
		items = append(items[:maxListed:maxListed], fmt.Sprintf("+%d more", len(items)-maxListed))
	}
	c := lines(slices.Clone(items)...)
	c.hang = true
	return c
}

// col describes a table column: its header, whether it is right-aligned,
// whether it should not wrap (times, counts, causes) while the table fits, and
// whether it is free text or URLs, which take most of the room that is
// left.
type col struct {
	head  string
	right bool
	keep  bool
	flex  bool
}

// wordCap is the longest word a column keeps whole when squeezed: a
// "lineage:" key or a Zapier id fits; longer ones are URLs, UUIDs and file
// paths, which break at a separator.
const wordCap = 20

// flexWeight is how much more of the spare width a free-text column gets
// than a column of names, per character it would like.
const flexWeight = 3

// table lays out one table within the terminal width and renders it with
// tablewriter. The layout is done here, not by tablewriter, so that long
// URLs break at a slash and the free-text columns get the room: each
// column gets its narrowest width (its longest word, up to wordCap), and
// the width left is shared in proportion to how much wider each would be.
func (t *tableWriter) table(cols []col, rows [][]cell) {
	n := len(cols)
	for _, row := range rows {
		for i := range row {
			// Cells are made by plain and lines, which escape their text;
			// this keeps any other from reaching the terminal raw.
			ls := strings.Split(row[i].text, "\n")
			for j, l := range ls {
				ls[j] = Visible(l)
			}
			row[i].text = strings.Join(ls, "\n")
		}
	}
	widths := make([]int, n)  // natural: the longest line
	longest := make([]int, n) // the longest word
	head := make([]int, n)    // the longest word of the header
	for i, c := range cols {
		for _, w := range strings.Fields(c.head) {
			head[i] = max(head[i], displayWidth(w))
		}
		longest[i] = head[i]
		widths[i] = displayWidth(c.head)
	}
	for _, row := range rows {
		for i, c := range row {
			for _, l := range strings.Split(c.text, "\n") {
				widths[i] = max(widths[i], displayWidth(l))
				for _, w := range strings.Fields(l) {
					longest[i] = max(longest[i], displayWidth(w))
				}
			}
		}
	}
	avail := t.width - 3*n - 1 // each column costs "│ " and " "; a row ends with "│"
	// The narrowest a column goes keeps its words whole up to wordCap
	// characters, or up to fewer when even that is too wide, and at the
	// last only its header's words (a 60-column terminal): a header word
	// split ("CONNECTION" over "S") reads as two words.
	mins := make([]int, n)
	for _, limit := range []int{wordCap, wordCap / 2, 0} {
		for i := range mins {
			mins[i] = max(min(longest[i], limit), head[i])
		}
		if sum(mins) <= avail {
			break
		}
	}
	// A column that should not wrap keeps its natural width, unless that
	// leaves the table wider than the terminal.
	kept := slices.Clone(mins)
	for i, c := range cols {
		if c.keep {
			kept[i] = widths[i]
		}
	}
	if sum(kept) <= avail {
		mins = kept
	}
	if sum(widths) > avail {
		spare := max(avail-sum(mins), 0)
		weights := make([]int, n)
		for i, c := range cols {
			weights[i] = widths[i] - mins[i]
			if c.flex {
				weights[i] *= flexWeight
			}
		}
		total := sum(weights)
		given := 0
		for i := range widths {
			extra := 0
			if total > 0 {
				extra = spare * weights[i] / total
			}
			widths[i] = mins[i] + extra
			given += extra
		}
		// Hand out what rounding left, one column at a time, left to right.
		for i := 0; given < spare && total > 0; i = (i + 1) % n {
			if weights[i] > 0 && widths[i] < mins[i]+weights[i] {
				widths[i]++
				given++
			}
		}
	}

	aligns := make([]tw.Align, n)
	header := make([]string, n)
	for i, c := range cols {
		aligns[i] = tw.AlignLeft
		if c.right {
			aligns[i] = tw.AlignRight
		}
		var hl []string
		for _, l := range wrap(c.head, widths[i]) {
			hl = append(hl, t.bold(l))
		}
		header[i] = strings.Join(hl, "\n")
	}
	tbl := tablewriter.NewTable(t.w,
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithTrimSpace(tw.Off),
	)
	tbl.Header(header)
	for _, row := range rows {
		out := make([]string, n)
		for i, c := range row {
			var lines []string
			for j, l := range strings.Split(c.text, "\n") {
				color := ""
				if j < len(c.colors) {
					color = c.colors[j]
				}
				if !c.hang {
					for _, w := range wrap(l, widths[i]) {
						lines = append(lines, t.paint(color, w))
					}
					continue
				}
				first := wrap(l, widths[i])[0]
				lines = append(lines, t.paint(color, first))
				if rest := strings.TrimSpace(strings.TrimPrefix(l, first)); rest != "" {
					for _, w := range wrap(rest, widths[i]-len(hangIndent)) {
						lines = append(lines, hangIndent+t.paint(color, w))
					}
				}
			}
			out[i] = strings.Join(lines, "\n")
		}
		if err := tbl.Append(out); err != nil && t.err == nil {
			t.err = err
		}
	}
	if err := tbl.Render(); err != nil && t.err == nil {
		t.err = err
	}
}

func sum(ns []int) int {
	s := 0
	for _, n := range ns {
		s += n
	}
	return s
}

func displayWidth(s string) int { return twwidth.Width(s) }

// wrap breaks one line of text into lines at most width wide: at spaces
// first, then a word wider than the column after a separator such as "/"
// or "-", and as a last resort anywhere.
func wrap(s string, width int) []string {
	if displayWidth(s) <= width || width <= 0 {
		return []string{s}
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "" && displayWidth(word) <= width:
			line = word
		case line != "" && displayWidth(line)+1+displayWidth(word) <= width:
			line += " " + word
		default:
			if line != "" {
				// A long word (a URL) starts on this line when it can
				// break at a separator in the room left.
				if room := width - displayWidth(line) - 1; displayWidth(word) > width && room >= minBreakRoom {
					if head, rest, ok := breakWord(word, room); ok {
						line += " " + head
						word = rest
					}
				}
				lines = append(lines, line)
				line = ""
			}
			for displayWidth(word) > width {
				head, rest, _ := breakWord(word, width)
				lines = append(lines, head)
				word = rest
			}
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// minBreakRoom is the least room left on a line worth starting a long
// word in: "https://" and a host's first label.
const minBreakRoom = 12

// breakWord splits a word wider than width after the last separator (of
// a URL, a file name or a cause) that keeps the head within width and past
// its middle, and says so; or else at width.
func breakWord(w string, width int) (head, rest string, atSeparator bool) {
	runes := []rune(w)
	cut, seen := 0, 0
	for i, r := range runes {
		seen += displayWidth(string(r))
		if seen > width {
			break
		}
		cut = i + 1
	}
	for i := cut; i > width/2; i-- {
		if strings.ContainsRune("/?&=-_.:", runes[i-1]) {
			return string(runes[:i]), string(runes[i:]), true
		}
	}
	return string(runes[:cut]), string(runes[cut:]), false
}

// ANSI SGR sequences, used only when WriteOptions.Color is set.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
)

// labelANSI colours each label in the terminal, close to the HTML palette.
var labelANSI = map[string]string{
	"expired":        "\x1b[33m", // yellow
	"revoked":        "\x1b[1;31m",
	"invalid":        "\x1b[35m",
	"scope":          "\x1b[34m",
	"webhook-400":    "\x1b[36m",
	"pagination-gap": "\x1b[32m",
	"rate-limited":   "\x1b[93m",
	"server-error":   "\x1b[95m",
	"other":          "\x1b[90m",
}

func (t *tableWriter) paint(code, s string) string {
	if !t.color || code == "" || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (t *tableWriter) bold(s string) string { return t.paint(ansiBold, s) }

// count is a count of unrecovered failures: red unless zero.
func (t *tableWriter) count(n int) cell {
	if n == 0 {
		return plain("0")
	}
	return cell{text: strconv.Itoa(n), colors: []string{ansiRed}}
}

func (t *tableWriter) labelCell(l string) cell {
	return cell{text: l, colors: []string{labelANSI[l]}}
}

// labelCause is the label, coloured, over its cause.
func (t *tableWriter) labelCause(l, c string) cell {
	return cell{text: Visible(l) + "\n" + Visible(c), colors: []string{labelANSI[l], ""}}
}

func (t *tableWriter) stateColor(recovered bool) string {
	if recovered {
		return ansiGreen
	}
	return ansiRed
}

// failures writes the top actions, the totals, the summaries and one row
// per failure.
func (t *tableWriter) failures(r *Report) {
	t.section("Top actions")
	if len(r.TopActions) == 0 {
		t.printf("No unrecovered failures.\n")
	} else {
		var rows [][]cell
		for i, a := range r.TopActions {
			rows = append(rows, []cell{plain(strconv.Itoa(i + 1)), t.count(a.Count), t.labelCause(a.Label, a.Cause),
				plain(a.Action), list(a.Connections)})
		}
		t.table([]col{{head: "#", right: true, keep: true}, {head: "UNREC.", right: true, keep: true}, {head: "LABEL / CAUSE", keep: true}, {head: "ACTION", flex: true}, {head: "CONNECTIONS"}}, rows)
	}

	t.section("By label")
	var rows [][]cell
	for _, l := range r.Totals.ByLabel {
		if l.Findings > 0 {
			rows = append(rows, []cell{t.labelCell(l.Label), plain(strconv.Itoa(l.Findings)), t.count(l.Unrecovered), plain(strconv.Itoa(l.Recovered))})
		}
	}
	rows = append(rows, []cell{plain("total"), plain(strconv.Itoa(r.Totals.Findings)), t.count(r.Totals.Unrecovered), plain(strconv.Itoa(r.Totals.Recovered))})
	t.table([]col{{head: "LABEL"}, {head: "FAILURES", right: true}, {head: "UNRECOVERED", right: true}, {head: "RECOVERED", right: true}}, rows)

	t.section("By cause")
	rows = nil
	for _, c := range r.Totals.ByCause {
		rows = append(rows, []cell{t.labelCell(c.Label), plain(c.Cause), plain(strconv.Itoa(c.Findings)), t.count(c.Unrecovered), plain(strconv.Itoa(c.Recovered))})
	}
	t.table([]col{{head: "LABEL"}, {head: "CAUSE"}, {head: "FAILURES", right: true}, {head: "UNRECOVERED", right: true}, {head: "RECOVERED", right: true}}, rows)

	if len(r.Connections) > 0 {
		t.section("Connections")
		rows = nil
		for _, c := range r.Connections {
			span := []string{c.FirstFailure.Short()}
			if c.LastFailure != c.FirstFailure {
				span = append(span, c.LastFailure.Short())
			}
			cause := []string{c.RootCause}
			if c.Fix != "" {
				cause = append(cause, "Fix: "+c.Fix)
			}
			rows = append(rows, []cell{plain(c.Connection), plain(strconv.Itoa(c.Findings)), t.count(c.Unrecovered), lines(span...), lines(cause...)})
		}
		t.table([]col{{head: "CONNECTION"}, {head: "FAILURES", right: true, keep: true}, {head: "UNREC.", right: true, keep: true}, {head: "FIRST / LAST (UTC)", keep: true}, {head: "ROOT CAUSE AND FIX", flex: true}}, rows)
	}
	if len(r.Endpoints) > 0 {
		t.section("Endpoints")
		rows = nil
		for _, e := range r.Endpoints {
			rows = append(rows, []cell{plain(strings.TrimSpace(e.Method + " " + e.Host + e.Path)), plain(strconv.Itoa(e.Findings)),
				t.count(e.Unrecovered), plain(intsText(e.Statuses)), plain(labelMix(e.Labels))})
		}
		t.table([]col{{head: "ENDPOINT", flex: true}, {head: "FAILURES", right: true, keep: true}, {head: "UNREC.", right: true, keep: true}, {head: "STATUSES"}, {head: "LABELS", flex: true}}, rows)
	}
	if len(r.Steps) > 0 {
		t.section("Zap steps")
		rows = nil
		for _, s := range r.Steps {
			rows = append(rows, []cell{plain(stepName(s, " > ")), plain(strconv.Itoa(s.Findings)), t.count(s.Unrecovered), plain(labelMix(s.Labels))})
		}
		t.table([]col{{head: "ZAP STEP", flex: true}, {head: "FAILURES", right: true, keep: true}, {head: "UNREC.", right: true, keep: true}, {head: "LABELS", flex: true}}, rows)
	}

	t.section("Failures")
	if r.Findings.Len() == 0 {
		t.printf("None.\n")
	} else {
		rows = nil
		kept, leftUnrecovered, leftRecovered := tableFailures(r)
		for _, f := range kept {
			c := t.labelCause(f.Label, f.Cause)
			c.text += "\n" + recoveredWord(f.Recovered)
			c.colors = append(c.colors, t.stateColor(f.Recovered))
			var req []string
			if rt := requestText(f); rt != "" {
				req = append(req, rt)
			}
			req = append(req, f.Source.Short())
			tm := plain(f.Time.Short())
			if date, clock, ok := strings.Cut(f.Time.Short(), " "); ok {
				tm = lines(date, clock)
			}
			rows = append(rows, []cell{tm, plain(f.Connection),
				lines(req...), plain(findingStatus(f)), c})
		}
		t.table([]col{{head: "TIME (UTC)", keep: true}, {head: "CONNECTION"}, {head: "REQUEST AND SOURCE", flex: true}, {head: "STATUS", right: true, keep: true},
			{head: "LABEL / CAUSE", keep: true}}, rows)
		if more := leftUnrecovered + leftRecovered; more > 0 {
			for _, l := range wrap(fmt.Sprintf("… and %s (%d unrecovered, %d recovered) not shown: the table lists %d, the unrecovered first, then the newest; --format csv, jsonl, json, markdown or html lists every failure.",
				plural(more, "more failure", "more failures"), leftUnrecovered, leftRecovered, maxTableFailures), t.width) {
				t.printf("%s\n", l)
			}
		}
	}
}

// maxTableFailures caps the failures the terminal table lists: the
// summaries above count every one, a terminal is not read past a few
// thousand lines, and the table is laid out whole in memory (all the
// other formats write one failure at a time).
const maxTableFailures = 1000

// tableFailures picks the failures the table lists, in report order: all
// of them up to maxTableFailures; past it the unrecovered first, then the
// newest, which are what a support engineer acts on. It holds at most
// maxTableFailures findings, whatever the report's size, and counts the
// ones it leaves out.
func tableFailures(r *Report) (kept []Finding, leftUnrecovered, leftRecovered int) {
	h := &failureHeap{}
	i := 0
	for f := range r.Findings.All() {
		e := rankedFinding{f: f, order: i}
		i++
		if h.Len() < maxTableFailures {
			heap.Push(h, e)
			continue
		}
		out := e
		if h.less(h.items[0], e) {
			out = h.items[0]
			h.items[0] = e
			heap.Fix(h, 0)
		}
		if out.f.Recovered {
			leftRecovered++
		} else {
			leftUnrecovered++
		}
	}
	slices.SortFunc(h.items, func(a, b rankedFinding) int { return a.order - b.order })
	kept = make([]Finding, len(h.items))
	for i, e := range h.items {
		kept[i] = e.f
	}
	return kept, leftUnrecovered, leftRecovered
}

// rankedFinding is a finding and its place in the report.
type rankedFinding struct {
	f     Finding
	order int
}

// failureHeap is a min-heap of findings by importance: its root is the
// one the table would leave out first (recovered, then oldest).
type failureHeap struct{ items []rankedFinding }

// less reports whether a matters less than b: recovered before
// unrecovered, then older (no time counts as oldest), then earlier in the
// report.
func (h *failureHeap) less(a, b rankedFinding) bool {
	if a.f.Recovered != b.f.Recovered {
		return a.f.Recovered
	}
	if !a.f.Time.Equal(b.f.Time.Time) {
		return a.f.Time.Before(b.f.Time.Time)
	}
	return a.order < b.order
}

func (h *failureHeap) Len() int           { return len(h.items) }
func (h *failureHeap) Less(i, j int) bool { return h.less(h.items[i], h.items[j]) }
func (h *failureHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *failureHeap) Push(x any)         { h.items = append(h.items, x.(rankedFinding)) }
func (h *failureHeap) Pop() any {
	e := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return e
}
