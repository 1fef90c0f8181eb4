package heuristics

import (
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Thresholds of the run-level expiry rule.
const (
	// minExpiryEpisodes: two failures could be chance; three at the same
	// spacing are a lifetime.
	minExpiryEpisodes = 3
	// regularSpread: the shortest gap between episodes must be at least
	// this share of the longest for them to count as regular.
	regularSpread = 0.66
)

// ruleRunTTLInterval: runs fail with 401-like errors at a regular
// interval and recover each time: the access token lives that long.
var ruleRunTTLInterval = runRule{
	Name:  "run-ttl-interval",
	Doc:   "runs fail with 401 or an expiry at a regular interval and recover after each: ttl-elapsed",
	Check: checkRunTTLInterval,
}

func checkRunTTLInterval(e *Engine, c *conn, runs []runRec) {
	type episode struct {
		start time.Time
		idx   []findingIndex
	}
	var eps []episode
	var cur *episode
	for _, r := range runs {
		switch {
		case r.status == parser.RunSuccess:
			if cur != nil {
				eps = append(eps, *cur)
				cur = nil
			}
		case r.idx >= 0 && !r.t.IsZero() && runLooksExpired(e, r):
			if cur == nil {
				cur = &episode{start: r.t}
			}
			cur.idx = append(cur.idx, r.idx)
		}
	}
	// An episode still open at the end did not recover: it is not counted.
	if len(eps) < minExpiryEpisodes {
		return
	}
	var lo, hi time.Duration
	for i := 1; i < len(eps); i++ {
		d := eps[i].start.Sub(eps[i-1].start)
		if i == 1 || d < lo {
			lo = d
		}
		if d > hi {
			hi = d
		}
	}
	if lo <= 0 || float64(lo) < regularSpread*float64(hi) {
		return
	}
	s := "runs failed with an auth error " + itoa(len(eps)) + " times, every " + dur(lo) + "–" + dur(hi) +
		", and recovered after each: the access token lives about that long"
	for _, ep := range eps {
		for _, idx := range ep.idx {
			e.relabel(idx, "run-ttl-interval", LabelExpired, CauseTTLElapsed, 0.8, s)
			e.finding(idx).Recovered = true
		}
	}
}

// runLooksExpired reports whether a failed run reads as an auth expiry:
// a 401, or a finding already labelled expired.
func runLooksExpired(e *Engine, r runRec) bool {
	if r.http == 401 {
		return true
	}
	f := e.finding(r.idx)
	return f.Label == LabelExpired || (f.Label == LabelOther && r.refresh && !r.refreshFailed)
}
