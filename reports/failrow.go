package reports

import (
	"strings"
	"unicode/utf8"
)

// maxFixShort caps the fix shown in a failure row of the HTML and Markdown:
// about two lines of the row's Fix cell. A playbook fix runs to 900
// characters (admin-policy), and repeating it on every row would bury the
// rows; the full text is a click away in HTML and listed under the table
// in Markdown.
const maxFixShort = 140

// shortFix returns the fix's first sentence when it fits in maxFixShort
// characters, else its first maxFixShort characters cut at a space and
// ended with "…"; a fix that fits is returned whole.
func shortFix(fix string) string {
	if utf8.RuneCountInString(fix) <= maxFixShort {
		return fix
	}
	if i := strings.Index(fix, ". "); i > 0 && utf8.RuneCountInString(fix[:i+1]) <= maxFixShort {
		return fix[:i+1] + " …"
	}
	cut := fix
	for n, i := 0, 0; i < len(fix); n++ {
		if n == maxFixShort {
			cut = fix[:i]
			break
		}
		_, size := utf8.DecodeRuneInString(fix[i:])
		i += size
	}
	if j := strings.LastIndexByte(cut, ' '); j > maxFixShort/2 {
		cut = cut[:j]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// zapRun names the Zap run a finding is about: "Zap <title> (<id>), step
// <step>, run <id>", the parts known; "" for a finding from an HTTP record.
// The run id is left out when the request cell names it already (a run
// with no method and no URL).
func zapRun(f Finding) string {
	if f.RunID == "" && f.ZapID == "" && f.ZapTitle == "" {
		return ""
	}
	var parts []string
	switch {
	case f.ZapTitle != "" && f.ZapID != "":
		parts = append(parts, "Zap "+f.ZapTitle+" ("+f.ZapID+")")
	case f.ZapTitle != "":
		parts = append(parts, "Zap "+f.ZapTitle)
	case f.ZapID != "":
		parts = append(parts, "Zap "+f.ZapID)
	}
	switch {
	case f.Step == "":
	case len(f.Step) > 5 && strings.EqualFold(f.Step[:5], "step "):
		parts = append(parts, f.Step) // "step 1", as the Partner API names it
	default:
		parts = append(parts, "step "+f.Step)
	}
	if f.RunID != "" && (f.Method != "" || f.URL != "") {
		parts = append(parts, "run "+f.RunID)
	}
	return strings.Join(parts, ", ")
}
