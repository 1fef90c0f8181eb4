package reports

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// writeMarkdown writes the report as headings and GitHub pipe tables, ready
// to paste into a ticket or a wiki page:
//
//	# authtriage report
//
//	14 findings (9 unrecovered, 5 recovered) on 5 connections, …
//
//	## Top actions
//
//	| # | Unrecovered | Action | Connections |
//	|--:|--:|---|---|
//	| 1 | 4 | Reconnect … | `acme-crm` |
func writeMarkdown(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	m := &mdWriter{w: bw}
	m.line("# authtriage report")
	m.line("")
	m.line(mdEscape(summaryLine(r)) + ".")
	if !r.Generated.IsZero() {
		m.line("")
		m.line("Generated " + r.Generated.Short() + " UTC.")
	}
	if wt := windowText(r.Window); wt != "" {
		m.line("")
		m.line("Window: " + wt + ".")
	}
	if r.Explain != nil {
		m.explain(r.Explain)
	}

	if r.Findings.Len() > 0 {
		m.failures(r)
	} else {
		m.line("")
		m.line("No failures.")
	}

	if len(r.Inputs) > 0 {
		m.heading("Inputs")
		m.table([]string{"File", "Format", "Records", "Skipped"}, "llrr", func(row func(...string)) {
			for _, in := range r.Inputs {
				row(mdCode(in.File), in.Format, strconv.Itoa(in.Records), strconv.Itoa(in.Skipped))
			}
		})
	}
	if r.Errors.Count > 0 {
		m.heading(fmt.Sprintf("Errors (%d)", r.Errors.Count))
		for _, e := range r.Errors.Messages {
			m.line("- " + mdCode(e))
		}
		if more := r.Errors.Count - len(r.Errors.Messages); more > 0 {
			m.line(fmt.Sprintf("- … and %d more", more))
		}
	}
	return bw.Flush()
}

func (m *mdWriter) explain(e *Explain) {
	m.heading("Explain " + mdCode(e.Connection))
	if len(e.Reasoning) > 0 {
		m.line("")
		m.line("### Reasoning")
		m.line("")
		for _, s := range e.Reasoning {
			m.line("- " + mdEscape(s))
		}
	}
	m.line("")
	m.line("### Token lineage")
	m.line("")
	if len(e.Tokens) == 0 {
		m.line("No token response seen.")
	} else {
		m.table([]string{"Time (UTC)", "Grant", "Access", "Refresh", "From refresh", "expires_in", "Lifetime", "Source"}, "llllllll", func(row func(...string)) {
			for _, t := range e.Tokens {
				lt := ""
				if t.LifetimeSeconds > 0 {
					lt = lifetime(t.LifetimeSeconds)
				}
				row(t.Time.Short(), mdEscape(t.GrantType), mdCode(t.AccessFP), mdCode(t.RefreshFP), mdCode(t.RefreshSentFP),
					mdCode(t.ExpiresIn), lt, mdCode(t.Source.Short()))
			}
		})
	}
	m.line("")
	m.line("### Timeline")
	m.line("")
	m.table([]string{"Time (UTC)", "Event", "Request", "Status", "Source"}, "lllrl", func(row func(...string)) {
		for _, ev := range e.Timeline {
			st := ""
			if !ev.Status.None {
				st = statusText(ev.Status.Code)
			}
			row(ev.Time.Short(), mdEscape(ev.What), mdRequest(Finding{Method: ev.Method, URL: ev.URL}), st, mdCode(ev.Source.Short()))
		}
	})
}

type mdWriter struct {
	w     *bufio.Writer
	blank bool // the last line written was blank
}

// line writes one line; a blank line after a blank line is dropped.
func (m *mdWriter) line(s string) {
	if s == "" && m.blank {
		return
	}
	m.blank = s == ""
	// Every value from the input is escaped by mdEscape or mdCode; this
	// catches any other text, so no control character reaches the page.
	m.w.WriteString(visibleKeepTabs(s))
	m.w.WriteByte('\n')
}

func (m *mdWriter) heading(s string) {
	m.line("")
	m.line("## " + s)
	m.line("")
}

// table writes a pipe table; align has one letter per column, l or r.
func (m *mdWriter) table(header []string, align string, rows func(row func(...string))) {
	m.line("| " + strings.Join(header, " | ") + " |")
	seps := make([]string, len(header))
	for i := range seps {
		seps[i] = "---"
		if i < len(align) && align[i] == 'r' {
			seps[i] = "--:"
		}
	}
	m.line("|" + strings.Join(seps, "|") + "|")
	rows(func(cells ...string) {
		for i, c := range cells {
			if c == "" {
				cells[i] = " "
			}
		}
		m.line("| " + strings.Join(cells, " | ") + " |")
	})
}

// mdEscaper keeps text literal inside a pipe table: pipes, backslashes,
// HTML, asterisks, backticks and brackets. Underscores stay as written:
// GitHub does not read them as emphasis inside words (invalid_grant), and
// an escaped one reads badly where Markdown is pasted as plain text.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "`", "\\`",
	"[", `\[`, "]", `\]`,
)

// mdBreaks are the line breaks of input text: CommonMark ends a line at a
// lone CR as at LF, so any of them would end a table row; U+0085, U+2028
// and U+2029 end lines in other readers.
var mdBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n")

// mdEscape writes text as Markdown: each line break is <br>, other
// control and bidi characters but tabs are shown as Visible writes them, and
// Markdown's own characters are escaped.
func mdEscape(s string) string {
	lines := strings.Split(mdBreaks.Replace(s), "\n")
	for i, l := range lines {
		lines[i] = mdEscaper.Replace(visibleKeepTabs(l))
	}
	return strings.Join(lines, "<br>")
}

// mdCode writes s as a code span; only pipes need escaping inside one in a
// GFM table. Line breaks become spaces, and other control and bidi
// characters but tabs are shown as Visible writes them. The fence is one backtick
// longer than any run in s.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = visibleKeepTabs(strings.ReplaceAll(mdBreaks.Replace(s), "\n", " "))
	s = strings.ReplaceAll(s, "|", `\|`)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// mdCodes writes up to limit items as code spans, then "+N more".
func mdCodes(ss []string, limit int) string {
	out := make([]string, 0, len(ss))
	for i, s := range ss {
		if i == limit {
			out = append(out, fmt.Sprintf("+%d more", len(ss)-limit))
			break
		}
		out = append(out, mdCode(s))
	}
	return strings.Join(out, ", ")
}

func mdLines(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = mdEscape(s)
	}
	return strings.Join(out, "<br>")
}

func mdRequest(f Finding) string {
	switch {
	case f.Method == "" && f.URL == "":
		if f.RunID != "" {
			return "run " + mdCode(f.RunID)
		}
		return ""
	case f.URL == "":
		return mdEscape(f.Method)
	}
	return strings.TrimSpace(mdEscape(f.Method) + " " + mdCode(f.URL))
}

// failures writes the top actions, the totals, the summaries and one row
// per failure.
func (m *mdWriter) failures(r *Report) {
	m.heading("Top actions")
	if len(r.TopActions) == 0 {
		m.line("No unrecovered failures.")
	} else {
		m.table([]string{"#", "Unrecovered", "Label", "Cause", "Action", "Connections"}, "rrlll", func(row func(...string)) {
			for i, a := range r.TopActions {
				row(strconv.Itoa(i+1), strconv.Itoa(a.Count), a.Label, a.Cause, mdEscape(a.Action), mdCodes(a.Connections, maxListed))
			}
		})
	}

	m.heading("Totals")
	m.table([]string{"Label", "Findings", "Unrecovered", "Recovered"}, "lrrr", func(row func(...string)) {
		for _, l := range r.Totals.ByLabel {
			if l.Findings > 0 {
				row(l.Label, strconv.Itoa(l.Findings), strconv.Itoa(l.Unrecovered), strconv.Itoa(l.Recovered))
			}
		}
		row("**total**", strconv.Itoa(r.Totals.Findings), strconv.Itoa(r.Totals.Unrecovered), strconv.Itoa(r.Totals.Recovered))
	})
	m.line("")
	m.table([]string{"Label", "Cause", "Findings", "Unrecovered", "Recovered"}, "llrrr", func(row func(...string)) {
		for _, c := range r.Totals.ByCause {
			row(c.Label, c.Cause, strconv.Itoa(c.Findings), strconv.Itoa(c.Unrecovered), strconv.Itoa(c.Recovered))
		}
	})

	if len(r.Connections) > 0 {
		m.heading("Connections")
		m.table([]string{"Connection", "Failures", "Unrecovered", "Labels", "First failure", "Last failure", "Root cause", "Fix"}, "lrrlllll", func(row func(...string)) {
			for _, c := range r.Connections {
				row(mdCode(c.Connection), strconv.Itoa(c.Findings), strconv.Itoa(c.Unrecovered), labelMix(c.Labels),
					c.FirstFailure.Short(), c.LastFailure.Short(), mdEscape(c.RootCause), mdEscape(c.Fix))
			}
		})
	}
	if len(r.Timelines) > 0 {
		m.heading("Token stories")
		m.table([]string{"Connection", "Issued", "Refreshed", "Refresh failed", "Rejected", "Last token event", "Not kept"}, "lrrrrlr", func(row func(...string)) {
			for _, t := range r.Timelines {
				s := summarizeStory(t)
				row(mdCode(t.Connection), strconv.Itoa(s.issued), strconv.Itoa(s.refreshed), strconv.Itoa(s.refreshFailed),
					strconv.Itoa(s.rejected), s.last, strconv.Itoa(t.Dropped))
			}
		})
	}
	if len(r.Endpoints) > 0 {
		m.heading("Endpoints")
		m.table([]string{"Method", "Host", "Path", "Failures", "Unrecovered", "Statuses", "Labels"}, "lllrrll", func(row func(...string)) {
			for _, e := range r.Endpoints {
				row(mdEscape(e.Method), mdEscape(e.Host), mdCode(e.Path), strconv.Itoa(e.Findings), strconv.Itoa(e.Unrecovered), intsText(e.Statuses), labelMix(e.Labels))
			}
		})
	}
	if len(r.Steps) > 0 {
		m.heading("Zap steps")
		m.table([]string{"Zap", "Step", "Failures", "Unrecovered", "Labels"}, "llrrl", func(row func(...string)) {
			for _, s := range r.Steps {
				zap := s.ZapTitle
				if s.ZapID != "" {
					zap = strings.TrimSpace(zap + " (" + s.ZapID + ")")
				}
				row(mdEscape(zap), mdEscape(s.Step), strconv.Itoa(s.Findings), strconv.Itoa(s.Unrecovered), labelMix(s.Labels))
			}
		})
	}
	if len(r.Days) > 0 {
		m.heading("Days")
		m.table([]string{"Date (UTC)", "Failures", "Labels"}, "lrl", func(row func(...string)) {
			for _, d := range r.Days {
				row(d.Date, strconv.Itoa(d.Findings), labelMix(d.Labels))
			}
		})
	}

	m.heading("Failures")
	if r.Findings.Len() == 0 {
		m.line("None.")
	} else {
		// A fix too long for a row is cut there and listed in full
		// under the table, numbered in the order the rows first use it.
		var long []string
		m.table([]string{"Time (UTC)", "Connection", "Request", "Zap run", "Status", "Label", "Cause", "State", "Evidence", "Fix", "Source"}, "llllrllllll", func(row func(...string)) {
			for f := range r.Findings.All() {
				fix := mdEscape(f.Remediation)
				if short := shortFix(f.Remediation); short != f.Remediation {
					n := slices.Index(long, f.Remediation) + 1
					if n == 0 {
						long = append(long, f.Remediation)
						n = len(long)
					}
					fix = mdEscape(short) + " (fix " + strconv.Itoa(n) + " below)"
				}
				row(f.Time.Short(), mdCode(f.Connection), mdRequest(f), mdEscape(zapRun(f)), findingStatus(f), f.Label, f.Cause,
					recoveredWord(f.Recovered), mdLines(f.Evidence), fix, mdCode(f.Source.Short()))
			}
		})
		if len(long) > 0 {
			m.line("")
			m.line("Fixes in full:")
			m.line("")
			for i, fix := range long {
				m.line(strconv.Itoa(i+1) + ". " + mdEscape(fix))
			}
		}
	}
}
