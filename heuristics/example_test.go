package heuristics_test

import (
	"fmt"
	"time"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

// A refresh token that an earlier refresh had already rotated is sent
// again: the rotated token was never saved.
func ExampleEngine() {
	at := func(h, m, s int) time.Time { return time.Date(2026, 3, 2, h, m, s, 0, time.UTC) }
	tokenURL := "https://identity.xero.com/connect/token"
	events := []*parser.Event{
		{Source: parser.Source{File: "sync.har", Index: 40}, Time: at(10, 2, 11), Method: "POST", URL: tokenURL,
			Host: "identity.xero.com", Path: "/connect/token", Status: 200,
			Token: &parser.TokenCall{GrantType: "refresh_token", RefreshSentFP: "a1b2c3", AccessFP: "e5f6", RefreshFP: "d4e5f6", ExpiresIn: "1800", Returned: true}},
		{Source: parser.Source{File: "sync.har", Index: 77}, Time: at(11, 3, 52), Method: "POST", URL: tokenURL,
			Host: "identity.xero.com", Path: "/connect/token", Status: 400,
			Token: &parser.TokenCall{GrantType: "refresh_token", RefreshSentFP: "a1b2c3"},
			Error: &parser.ErrorBody{Code: "invalid_grant"}},
	}
	e := heuristics.New(heuristics.Config{})
	for _, ev := range events {
		e.Add(ev)
	}
	for f := range e.Finish().All() {
		fmt.Println(f.Source, f.Label, f.Cause)
		fmt.Println(f.Evidence[1])
		fmt.Println(f.Remediation)
	}
	// Output:
	// sync.har: entry 77 invalid rotation-not-persisted
	// refresh token a1b2c3 was replaced by d4e5f6 at sync.har: entry 40 (10:02:11) and sent again at sync.har: entry 77 (11:03:52)
	// Save what every refresh returns (the new access token, and the new refresh token when the provider rotates it) atomically in the token cache or shared store as soon as the refresh succeeds, and have every request and worker send the latest token from it, not a copy it kept.
}
