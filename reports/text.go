package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Words shared by the text renderers (table, Markdown, HTML).

// maxListed caps the connections a top action lists in the table,
// Markdown and HTML reports: enough to recognize the customers concerned,
// short enough to keep the action on one screen (at 890 connections one
// action listed 260). JSON lists them all; the HTML links the rest to its
// Connections table.
const maxListed = 6

func recoveredWord(recovered bool) string {
	if recovered {
		return "recovered"
	}
	return "unrecovered"
}

// tokenDetail describes a token response in one line.
func tokenDetail(t Token) string {
	var b strings.Builder
	grant := t.GrantType
	if grant == "" {
		grant = "unknown grant"
	}
	b.WriteString(grant)
	if t.AccessFP != "" {
		b.WriteString(": access " + t.AccessFP)
	}
	if t.RefreshFP != "" {
		b.WriteString(", refresh " + t.RefreshFP)
	}
	if t.RefreshSentFP != "" {
		b.WriteString(", from refresh " + t.RefreshSentFP)
	}
	if t.ExpiresIn != "" || t.LifetimeSeconds > 0 {
		b.WriteString(", expires_in=" + t.ExpiresIn)
		if t.LifetimeSeconds > 0 {
			b.WriteString(" (" + lifetime(t.LifetimeSeconds) + ")")
		}
	}
	return b.String()
}

// lifetime writes seconds as "1h", "90m", "45s", "30d".
func lifetime(s int64) string {
	d := time.Duration(s) * time.Second
	switch {
	case s%86400 == 0:
		return strconv.FormatInt(s/86400, 10) + "d"
	case s%3600 == 0:
		return strconv.FormatInt(s/3600, 10) + "h"
	case s%60 == 0:
		return strconv.FormatInt(s/60, 10) + "m"
	}
	return d.String()
}

// labelMix writes label counts as "expired 3, revoked 1".
func labelMix(ls []LabelCount) string {
	parts := make([]string, 0, len(ls))
	for _, l := range ls {
		if l.Findings > 0 {
			parts = append(parts, l.Label+" "+strconv.Itoa(l.Findings))
		}
	}
	return strings.Join(parts, ", ")
}

// findingStatus is the HTTP status of a finding, blank for a run finding
// that names none.
func findingStatus(f Finding) string {
	if f.Status.None {
		return ""
	}
	return statusText(f.Status.Code)
}

func statusText(s int) string {
	if s <= 0 {
		return "no response"
	}
	return strconv.Itoa(s)
}

func intsText(is []int) string {
	parts := make([]string, len(is))
	for i, n := range is {
		parts[i] = statusText(n)
	}
	return strings.Join(parts, ", ")
}

// stepName names a Zap step as "Zap title" + sep + "step".
func stepName(s StepSummary, sep string) string {
	zap := s.ZapTitle
	if zap == "" {
		zap = s.ZapID
	}
	switch {
	case zap == "":
		return s.Step
	case s.Step == "":
		return zap
	}
	return zap + sep + s.Step
}

// windowText writes the window as "since 2026-03-01 00:00:00 UTC",
// "until …" or "2026-03-01 00:00:00 to 2026-03-08 00:00:00 UTC". An end at
// midnight, as --until 2026-03-07 gives it (the bound is exclusive), is
// written as the day it ends: "to 2026-03-07 (end of day) UTC", not as the
// next day's midnight, which reads as included.
func windowText(w Window) string {
	since, until := w.Since.Short(), w.Until.Short()
	if u := w.Until.UTC(); !w.Until.IsZero() && u.Equal(u.Truncate(24*time.Hour)) {
		until = u.AddDate(0, 0, -1).Format(time.DateOnly) + " (end of day)"
	}
	var s string
	switch {
	case since == "" && until == "":
		return ""
	case until == "":
		s = "since " + since + " UTC"
	case since == "":
		s = "until " + until + " UTC"
	default:
		s = since + " to " + until + " UTC"
	}
	if w.Undated > 0 {
		s += " (" + plural(w.Undated, "failure", "failures") + " with no time left out)"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// summaryLine says in one line what the report found.
func summaryLine(r *Report) string {
	t := r.Totals
	records := 0
	for _, in := range r.Inputs {
		records += in.Records
	}
	return fmt.Sprintf("%s (%d unrecovered, %d recovered) on %s, from %s in %s",
		plural(t.Findings, "finding", "findings"), t.Unrecovered, t.Recovered,
		plural(t.Connections, "connection", "connections"),
		plural(records, "record", "records"), plural(len(r.Inputs), "input", "inputs"))
}
