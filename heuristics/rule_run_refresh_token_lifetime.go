package heuristics

import (
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Thresholds of the run-level refresh-token lifetime rule.
const (
	// googleTestingLifetime: Google expires the refresh tokens of an app
	// whose OAuth consent screen is in Testing 7 days after issue.
	googleTestingLifetime = 7 * 24 * time.Hour
	// lifetimeSlack: how far a gap between refused refreshes may be from
	// the others (or from 7 days) and still count as the same lifetime:
	// runs are scheduled, so the refusal comes at the first run after it.
	lifetimeSlack = 12 * time.Hour
	// minLifetimeGap: refusals closer than this are retries, not a
	// lifetime running out again.
	minLifetimeGap = 24 * time.Hour
)

// googleTestingNote is the evidence that names Google's Testing lifetime.
const googleTestingNote = "Google expires the refresh tokens of an app whose OAuth consent screen is in Testing 7 days after they are issued"

// testingLifetime reports whether d, the life of a refresh token (or the
// gap between its refusals), is Google's Testing lifetime, give or take
// lifetimeSlack.
func testingLifetime(d time.Duration) bool {
	return (d - googleTestingLifetime).Abs() <= lifetimeSlack
}

// ruleRunRefreshTokenLifetime: runs whose auth refresh is refused as
// revoked, at a steady interval, each time after the account was
// reconnected: the refresh token lives a fixed time (7 days: a Google app
// in Testing), nobody revoked it.
var ruleRunRefreshTokenLifetime = runRule{
	Name:  "run-refresh-token-lifetime",
	Doc:   "refreshes refused as revoked at a steady interval of a day or more (7 days: a Google app in Testing), each followed by a reconnect: refresh-token-expired",
	Check: checkRunRefreshTokenLifetime,
}

func checkRunRefreshTokenLifetime(e *Engine, c *conn, runs []runRec) {
	var refused []runRec
	pending := false // the last refused refresh has not been followed by a success yet
	for _, r := range runs {
		switch {
		case r.status == parser.RunSuccess:
			pending = false
		case r.idx >= 0 && r.refreshFailed && r.sig&causeBit(CauseGrantRevoked) != 0 && !pending:
			if f := e.finding(r.idx); f.Label == LabelRevoked && f.Cause == CauseGrantRevoked {
				refused = append(refused, r)
				pending = true
			}
		}
	}
	if len(refused) < 2 {
		return
	}
	weekly := true
	lo, hi := time.Duration(1<<62), time.Duration(0)
	for i := 1; i < len(refused); i++ {
		g := refused[i].t.Sub(refused[i-1].t)
		if g < minLifetimeGap {
			return
		}
		lo, hi = min(lo, g), max(hi, g)
		if !testingLifetime(g) {
			weekly = false
		}
	}
	// Two refusals are one interval: a steady one needs three, unless it
	// is Google's 7 days on a Google connection.
	google := true
	for _, r := range refused {
		google = google && googleRun(e, r)
	}
	if !weekly && (len(refused) < minExpiryEpisodes || hi-lo > lifetimeSlack) || len(refused) < minExpiryEpisodes && !google {
		return
	}
	weekly = weekly && google // Google's Testing cause is named for Google only
	s := "the auth refresh was refused as revoked " + itoa(len(refused)) + " times, every " + dur(lo)
	if hi-lo >= time.Minute {
		s += "–" + dur(hi)
	}
	s += ", each time after the account had been reconnected and worked: the refresh token lives a fixed time, nobody revoked it"
	if weekly {
		s += "; " + googleTestingNote
	}
	for _, r := range refused {
		f := e.finding(r.idx)
		conf := 0.75
		if weekly && strings.Contains(strings.ToLower(strings.Join(f.Evidence, " ")), "token has been expired or revoked") {
			conf = 0.85 // Google's own words for it
		}
		e.relabel(r.idx, "run-refresh-token-lifetime", LabelRevoked, CauseRefreshTokenExpired, conf, s)
	}
}

// googleRun reports whether run r is on a Google connection: the host its
// error names is Google's, or, naming none, its app or connection does
// (Zapier's "Google Sheets", "Gmail").
func googleRun(e *Engine, r runRec) bool {
	if r.host != "" {
		p := providerFor(r.host)
		return p != nil && p.Name == "google"
	}
	f := e.finding(r.idx)
	return googleNamed(f.Step) || googleNamed(f.Connection)
}
