package main

import (
	"os"
	"strings"
	"testing"

	"github.com/authtriage/authtriage/heuristics"
)

// TestREADMETaxonomy keeps the README's label and cause table equal to the
// rules: every cause with its signals and fix, and no cause the code lacks.
func TestREADMETaxonomy(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	tax := heuristics.Taxonomy()
	if len(tax) < 33 {
		t.Fatalf("taxonomy has %d causes", len(tax))
	}
	for _, e := range tax {
		row := "| `" + string(e.Label) + "` | `" + string(e.Cause) + "` | " + e.Signals + " | " + e.Remediation + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README lacks or differs on the row for %s/%s:\n%s", e.Label, e.Cause, row)
		}
	}
	for _, cmd := range []string{"go run ./cmd/authtriage samples/", "go test ./..."} {
		if !strings.Contains(readme, cmd) {
			t.Errorf("README lacks %q", cmd)
		}
	}
}
