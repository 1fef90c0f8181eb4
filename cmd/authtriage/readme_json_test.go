package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// jsonFieldRow is a row of the README's JSON field tables: its first cell
// is the field's path in backquotes.
var jsonFieldRow = regexp.MustCompile("(?m)^\\| `([a-z_.\\[\\]]+)` \\|")

// docPath maps a field's path in a report to the path its README table
// names: labels[] and source have one table wherever they appear, and the
// explained findings are findings[].
func docPath(p string) string {
	if strings.HasPrefix(p, "explain.findings[]") {
		p = strings.TrimPrefix(p, "explain.")
	}
	if i := strings.LastIndex(p, "labels[]"); i > 0 && p[i-1] == '.' {
		return p[i:]
	}
	if i := strings.LastIndex(p, "source"); i > 0 && p[i-1] == '.' {
		return p[i:]
	}
	return p
}

// TestREADMEDocumentsJSON fails when the JSON report has a field that the
// README's JSON section does not name in its tables: the field names are a
// contract, so each must be documented. It walks the JSON of the samples,
// with --explain of a connection that has token responses and a Zap-run
// connection, and of inputs with odd records.
func TestREADMEDocumentsJSON(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, "**json** — "), strings.Index(readme, "**csv** — ")
	if i < 0 || j < i {
		t.Fatal("README has no JSON section between **json** and **csv**")
	}
	documented := map[string]bool{}
	for _, m := range jsonFieldRow.FindAllStringSubmatch(readme[i:j], -1) {
		documented[m[1]] = true
	}
	seen := map[string]bool{}
	for _, args := range [][]string{
		{"-q", "-f", "json", "--explain", "lineage:d448fe0896", "../../samples"},
		{"-q", "-f", "json", "--explain", "zap:241187331", "--since", "2026-03-01", "../../samples"},
	} {
		_, out, stderr := runCLI(t, "", args...)
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
		walkKeys("", v, func(p string) { seen[p] = true })
	}
	for _, want := range []string{"explain.tokens[].expires_in", "findings[].run_id", "window.since", "explain.timeline[].what"} {
		if !seen[want] {
			t.Errorf("the reports walked have no %s: the test no longer covers it", want)
		}
	}
	for p := range seen {
		if !documented[docPath(p)] {
			t.Errorf("README's JSON section does not document %s (as %s)", p, docPath(p))
		}
	}
}

// walkKeys calls fn with the path of every object member in v, lists
// written as [].
func walkKeys(path string, v any, fn func(string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			fn(p)
			walkKeys(p, e, fn)
		}
	case []any:
		for _, e := range x {
			walkKeys(path+"[]", e, fn)
		}
	}
}
