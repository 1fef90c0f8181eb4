package parser

import (
	"os"
	"testing"
)

// TestSpanStep: a span name that only repeats the request (its method,
// "HTTP GET", a method and route) is no step; any other name is.
func TestSpanStep(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"GET", ""},
		{"post", ""},
		{"_OTHER", ""},
		{"HTTP GET", ""},
		{"GET /repos/{owner}/{repo}/issues", ""},
		{" PATCH /v1/users/42 ", ""},
		{"sync-contacts", "sync-contacts"},
		{"HubSpot: Get Deal", "HubSpot: Get Deal"},
		{"GET contacts page", "GET contacts page"},
		{"HTTP", "HTTP"},
		{"", ""},
	} {
		if got := spanStep(tt.name); got != tt.want {
			t.Errorf("spanStep(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestOTelSampleSteps: the OTel samples' spans are all named after their
// method, so none of their requests has a step.
func TestOTelSampleSteps(t *testing.T) {
	for _, name := range []string{"../samples/otel/spans-flat.jsonl", "../samples/otel/otlp-traces.json"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		_, err = Read(f, name, Options{}, func(ev *Event) {
			n++
			if ev.Step != "" {
				t.Errorf("%s: step %q", ev.Source, ev.Step)
			}
		}, func(*RecordError) {})
		f.Close()
		if err != nil || n == 0 {
			t.Errorf("%s: %d events, %v", name, n, err)
		}
	}
}
