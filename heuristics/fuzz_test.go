package heuristics

import (
	"testing"
	"time"

	"github.com/authtriage/authtriage/parser"
)

func FuzzParseExpiresIn(f *testing.F) {
	for _, s := range []string{"3600", `"3600"`, "3600000", "1767225600", "1767225600000", "0", "-5", "soon", "", "1e400", `"`, "NaN"} {
		f.Add(s)
	}
	issued := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string) {
		d, u := parseExpiresIn(raw, issued)
		if u > unitUnparsed {
			t.Fatalf("unit %d out of range", u)
		}
		if (u == unitSeconds || u == unitString || u == unitMillis) && d <= 0 {
			t.Fatalf("%q: %v lifetime %v", raw, u, d)
		}
		parseExpiresAt(raw, issued)
		wwwAuthError(raw)
	})
}

// FuzzEngine feeds the engine token calls and API calls built from fuzzed
// fields: it must not panic, and every failed record gets a finding.
func FuzzEngine(f *testing.F) {
	f.Add(401, "invalid_grant", "Token has been expired or revoked.", "rt1", "at1", "3600", true, uint8(3))
	f.Add(200, "token_expired", "", "", "at1", `"3600"`, false, uint8(0))
	f.Add(0, "", "ECONNRESET", "", "", "", false, uint8(200))
	f.Fuzz(func(t *testing.T, status int, code, desc, rt, at, expires string, tokenCall bool, minutes uint8) {
		e := New(Config{Explain: "lineage:"})
		var evs []*parser.Event
		for i := 0; i < 4; i++ {
			ev := api("GET", "https://api.example.com/v1/items", status, at)
			if tokenCall && i%2 == 0 {
				ev = grant("https://auth.example.com/oauth/token", "refresh_token", rt, at, rt+"x", expires)
				ev.Status = status
				ev.Token.Returned = status >= 200 && status < 300
			}
			if code != "" || desc != "" {
				ev.Error = &parser.ErrorBody{Code: code, Description: desc, Text: desc}
			}
			if i == 3 {
				ev.Page = &parser.Page{Cursor: rt, NextCursor: at, Offset: int64(minutes), PageNum: -1, Limit: 10, Count: -1, Total: -1, ListKey: "GET api.example.com/v1/items"}
			}
			ev.Source = parser.Source{File: "fuzz.har", Index: i}
			ev.Time = t0.Add(time.Duration(int(minutes)*i) * time.Minute)
			evs = append(evs, ev)
			e.Add(ev)
		}
		fs := all(e.Finish())
		e.Explain()
		for _, ev := range evs {
			if failedEvent(ev) && len(findingsAt(fs, ev.Source)) == 0 {
				t.Fatalf("failed record %s has no finding", ev.Source)
			}
		}
		// Writing findings out as soon as possible changes none (an
		// explained connection's findings are never written out, so
		// neither engine explains).
		_, held := runEngine(Config{SpillAbove: -1}, evs)
		s, spilled := runEngine(Config{SpillAbove: 1}, evs)
		s.out.Close()
		if s.lost != 0 || fullDump(spilled) != fullDump(held) {
			t.Fatalf("with findings written out (lost %d):\n%s", s.lost, firstDiff(fullDump(spilled), fullDump(held)))
		}
	})
}
