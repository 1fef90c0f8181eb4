package reports_test

import (
	"fmt"
	"os"
	"time"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
	"github.com/authtriage/authtriage/reports"
)

func Example() {
	at := time.Date(2026, 3, 2, 10, 12, 44, 123e6, time.UTC)
	r := reports.Build(reports.Input{
		Findings: heuristics.NewFindings([]*heuristics.Finding{{
			Source:      parser.Source{File: "session.har", Index: 12},
			Time:        at,
			Connection:  "acme",
			Method:      "GET",
			URL:         "https://api.example.com/v1/me",
			Status:      401,
			Label:       heuristics.LabelExpired,
			Cause:       heuristics.CauseTTLElapsed,
			Recovered:   true,
			Confidence:  0.9,
			Evidence:    []string{"access token issued 09:12:01 with expires_in=3600; rejected 60m43s later"},
			Remediation: "Refresh the token before it expires.",
		}}),
		Inputs: []parser.Stats{{File: "session.har", Format: parser.FormatHAR, Records: 40}},
	})
	if err := reports.Write(os.Stdout, r, reports.FormatJSONL, reports.WriteOptions{}); err != nil {
		fmt.Println(err)
	}

	for _, spec := range []string{"expired", "expired:unrecovered", "any>=2"} {
		f, _ := reports.ParseFailOn(spec)
		fmt.Printf("--fail-on %s: %v\n", f, f.Met(r))
	}
	// Output:
	// {"source":{"file":"session.har","index":12},"time":"2026-03-02T10:12:44.123Z","connection":"acme","step":null,"method":"GET","url":"https://api.example.com/v1/me","status":401,"label":"expired","cause":"ttl-elapsed","recovered":true,"confidence":0.9,"evidence":["access token issued 09:12:01 with expires_in=3600; rejected 60m43s later"],"remediation":"Refresh the token before it expires.","run_id":null,"zap_id":null,"zap_title":null,"related":[]}
	// --fail-on expired>=1: true
	// --fail-on expired:unrecovered>=1: false
	// --fail-on any>=2: false
}

func ExampleTemplatePath() {
	fmt.Println(reports.TemplatePath("/v1/users/12345/orders/9f1c2e4a-0b7d-4a3e-8e2f-1b2c3d4e5f60"))
	// Output: /v1/users/{id}/orders/{id}
}
