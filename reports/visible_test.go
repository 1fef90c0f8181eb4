package reports

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

func TestVisible(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"acme-crm", "acme-crm"},
		{`C:\logs\a.har`, `C:\logs\a.har`},
		{"acme\x1b]0;PWNED\x07\x1b[2J", `acme\x1b]0;PWNED\x07\x1b[2J`},
		{"c2\rOVERWRITE", `c2\x0dOVERWRITE`},
		{"a\r\nb\tc\x00d\x7f", `a\x0d\x0ab\x09c\x00d\x7f`},
		{"\u009b2J", `\u009b2J`},
		{"\xff\x9b", `\xff\x9b`},
		{"abc\u202edcba.exe", `abc\u202edcba.exe`},
		{"\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069", `\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069`},
		{"zero\u200bwidth\ufeff\u2028\u2029\u061c\u200e\u200f", `zero\u200bwidth\ufeff\u2028\u2029\u061c\u200e\u200f`},
		{"é → 日本 · …", "é → 日本 · …"},
		// joiners are how emoji and scripts are written
		{"Zoë 👨‍👩‍👧 🏳️‍🌈 می‌خواهم", "Zoë 👨‍👩‍👧 🏳️‍🌈 می‌خواهم"},
	} {
		got := Visible(tc.in)
		if got != tc.want {
			t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := Visible(got); again != got {
			t.Errorf("Visible(Visible(%q)) = %q, want %q", tc.in, again, got)
		}
	}
}

// hostile is a report whose every text from the input carries terminal
// escapes, a lone CR and bidi overrides.
func hostile() *Report {
	const bad = "\x1b]0;PWNED\x07\x1b[2J\rX\u202eY\u2066"
	f := []*heuristics.Finding{{
		Source: parser.Source{File: "in" + bad + ".jsonl", Line: 1}, Time: ts("2026-03-03T10:00:00Z"),
		Connection: "acme" + bad, Step: "step" + bad, Method: "GET", URL: "https://api.example.com/x" + bad,
		Host: "api.example.com", Path: "/x" + bad, Status: 429,
		Label: heuristics.LabelRateLimited, Cause: heuristics.CauseTooManyRequests, Confidence: 1,
		Evidence: []string{"answered rate limit" + bad}, Remediation: "Back off.",
		RunID: "run" + bad, ZapID: "zap" + bad, ZapTitle: "title" + bad,
	}}
	in := fixtureInputOf(f)
	in.Stories = nil
	in.Errors = []string{"in" + bad + ".jsonl:2: not a JSON object"}
	in.ErrorCount = 1
	return Build(in)
}

// TestWriteShowsControls checks that no control or bidi character from the
// input reaches a report read on a terminal or rendered as Markdown or
// HTML, and that each is shown, not dropped.
func TestWriteShowsControls(t *testing.T) {
	r := hostile()
	for _, f := range []Format{FormatTable, FormatMarkdown, FormatCSV, FormatHTML} {
		for _, color := range []bool{false, true} {
			if color && f != FormatTable {
				continue
			}
			out := string(render(t, r, f, WriteOptions{Color: color, Width: 100}))
			if color {
				// The table's own colours are the only escapes.
				for _, sgr := range []string{ansiReset, ansiBold, ansiRed, ansiGreen, labelANSI["rate-limited"]} {
					out = strings.ReplaceAll(out, sgr, "")
				}
			}
			if f == FormatCSV {
				out = strings.ReplaceAll(out, "\r\n", "\n")
			}
			for i, c := range out {
				if c == '\n' || (c == '\t' && f == FormatHTML) {
					continue
				}
				if c < 0x20 || c == 0x7f || c == utf8.RuneError || hidden(c) {
					t.Errorf("%s (color %v): %U at byte %d: …%q…", f, color, c, i, out[max(i-30, 0):min(i+30, len(out))])
					break
				}
			}
			wants := []string{`\x1b]0;PWNED\x07`, `\x0dX\u202eY\u2066`}
			if f == FormatMarkdown {
				wants[1] = `<br>X\\u202eY\\u2066` // a CR breaks the line, as a newline does
			}
			for _, want := range wants {
				if !strings.Contains(out, want) {
					t.Errorf("%s (color %v): no %s in\n%s", f, color, want, out)
				}
			}
		}
	}
}

// TestMarkdownLineBreaks checks that every line break of input text, a lone
// CR included, keeps a Markdown table row on one line.
func TestMarkdownLineBreaks(t *testing.T) {
	for _, tc := range []struct{ in, escape, code string }{
		{"a\nb", "a<br>b", "`a b`"},
		{"a\r\nb", "a<br>b", "`a b`"},
		{"\rCR", "<br>CR", "` CR`"},
		{"a\rb", "a<br>b", "`a b`"},
		{"a\u0085b\u2028c\u2029d", "a<br>b<br>c<br>d", "`a b c d`"},
		{"a\x1bb|c", `a\\x1bb\|c`, "`a\\x1bb\\|c`"},
	} {
		if got := mdEscape(tc.in); got != tc.escape {
			t.Errorf("mdEscape(%q) = %q, want %q", tc.in, got, tc.escape)
		}
		if got := mdCode(tc.in); got != tc.code {
			t.Errorf("mdCode(%q) = %q, want %q", tc.in, got, tc.code)
		}
	}
	var b bytes.Buffer
	if err := Write(&b, hostile(), FormatMarkdown, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, "|") && !strings.HasSuffix(l, "|") {
			t.Errorf("a table row is split: %q", l)
		}
	}
}

// TestTabsKept: a tab is data in a CSV field and a Markdown page, and is
// kept there; the terminal table shows it, as it would move the columns.
func TestTabsKept(t *testing.T) {
	in := "Slack ws\tA\x1b[2J"
	if got, want := csvCell(in), "Slack ws\tA\\x1b[2J"; got != want {
		t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
	}
	if got, want := mdEscape(in), "Slack ws\tA\\\\x1b\\[2J"; got != want {
		t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
	}
	if got, want := plain(in).text, "Slack ws\\x09A\\x1b[2J"; got != want {
		t.Errorf("plain(%q) = %q, want %q", in, got, want)
	}
}
