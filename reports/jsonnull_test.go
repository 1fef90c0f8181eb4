package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

// walkJSON calls fn with the key path ("findings[].run_id") and value of
// every member of v, depth first.
func walkJSON(path string, v any, fn func(path string, v any)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			fn(p, e)
			walkJSON(p, e, fn)
		}
	case []any:
		for _, e := range x {
			walkJSON(path+"[]", e, fn)
		}
	}
}

// decodeJSON decodes one JSON value, keeping numbers as json.Number.
func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%v in\n%s", err, b)
	}
	return v
}

// TestJSONUnknownIsNull holds the rule the JSON and jsonl follow for a
// value that is not known: the member is there, null; never left out,
// never "". A token's expires_in is a number or null, its raw text in
// expires_in_raw.
func TestJSONUnknownIsNull(t *testing.T) {
	in := fixtureInput()
	explained := in
	explained.Explain = fixtureExplain()
	open := fixtureInput()
	open.Since, open.Generated = time.Time{}, time.Time{}
	// A run with a URL but no method, a Zap id but no step, and no fix.
	odd := Input{Findings: heuristics.NewFindings([]*heuristics.Finding{{
		Source: parser.Source{File: "runs.json", Index: 1}, Time: ts("2026-03-02T10:00:00Z"), Connection: "zap:9",
		URL: "https://api.example.com/x", Label: heuristics.LabelOther, RunID: "r1", ZapID: "9", NoStatus: true,
	}})}
	for _, tc := range []struct {
		name  string
		in    Input
		nulls []string // members that must be there and null
	}{
		{"no window, no --now", open, []string{"generated", "window.since", "window.until", "explain"}},
		{"since only", in, []string{"window.until", "explain"}},
		{"explain", explained, []string{"window.until", "explain.tokens[].refresh_sent_fp", "explain.tokens[].expires_in", "explain.timeline[].method", "explain.timeline[].url"}},
		{"empty", Input{}, []string{"generated", "window.since", "window.until", "explain"}},
		{"odd run", odd, []string{"endpoints[].method", "steps[].step", "steps[].zap_title", "connections[].fix", "findings[].method", "findings[].step", "findings[].zap_title"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := render(t, Build(tc.in), FormatJSON, WriteOptions{})
			seen := map[string]bool{}
			walkJSON("", decodeJSON(t, out), func(p string, v any) {
				if v == nil {
					seen[p] = true
				}
				if s, ok := v.(string); ok && s == "" {
					t.Errorf("%s is \"\": a value not known is null", p)
				}
				if strings.HasSuffix(p, "expires_in") && v != nil {
					if _, ok := v.(json.Number); !ok {
						t.Errorf("%s is %#v, want a number or null", p, v)
					}
				}
			})
			for _, p := range tc.nulls {
				if !seen[p] {
					t.Errorf("%s is not there as null", p)
				}
			}
			if tc.in.Explain != nil && !bytes.Contains(out, []byte(`"expires_in": 3600,`)) {
				t.Error("no numeric expires_in")
			}
			if tc.in.Explain != nil && !bytes.Contains(out, []byte(`"expires_in_raw": "\"3600\"",`)) {
				t.Error("no raw expires_in of a string")
			}
		})
	}
	// Every finding line has every member, whatever it knows.
	out := render(t, Build(explained), FormatJSONL, WriteOptions{})
	for i, l := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
		m := decodeJSON(t, l).(map[string]any)
		if _, ok := m["record"]; ok && m["record"] != "finding" {
			continue
		}
		for _, k := range []string{"source", "time", "connection", "step", "method", "url", "status", "label", "cause", "recovered", "confidence", "evidence", "remediation", "run_id", "zap_id", "zap_title", "related"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d: no %q: %s", i+1, k, l)
			}
		}
		for k, v := range m {
			if v == "" {
				t.Errorf("line %d: %q is \"\": %s", i+1, k, l)
			}
		}
		if r, ok := m["related"].([]any); !ok {
			t.Errorf("line %d: related is %#v, want a list", i+1, m["related"])
		} else if m["run_id"] == nil && len(r) > 0 {
			t.Errorf("line %d: related on a finding that is no run: %s", i+1, l)
		}
	}
}
