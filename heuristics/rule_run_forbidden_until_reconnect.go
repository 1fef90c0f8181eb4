package heuristics

import "github.com/authtriage/authtriage/parser"

// minForbiddenStreak: one 403 can be a permission on one record; two in a
// row with no refresh in between is the pattern.
const minForbiddenStreak = 2

// expiryWith401 are the providers documented to signal an expired access
// token with 401 (Google's UNAUTHENTICATED): their 403 naming no reason is
// a permission (a sheet no longer shared), not expiry in disguise.
var expiryWith401 = []string{"google"}

// ruleRunForbiddenUntilReconnect: runs answer 403 again and again, no
// auth refresh is triggered (Zapier refreshes on 401 only), until a run
// succeeds (after a reconnect, say): expiry signalled with the wrong
// status. Not for a provider that signals expiry with 401.
var ruleRunForbiddenUntilReconnect = runRule{
	Name:  "run-forbidden-until-reconnect",
	Doc:   "consecutive runs answered 403 without triggering a refresh until a reconnect: nonstandard-expiry-status",
	Check: checkRunForbiddenUntilReconnect,
}

func checkRunForbiddenUntilReconnect(e *Engine, c *conn, runs []runRec) {
	var streak []runRec
	flush := func(ended *runRec) {
		if len(streak) >= minForbiddenStreak {
			s := itoa(len(streak)) + " runs from " + pos(streak[0].src, streak[0].t) + " to " +
				posFrom(streak[0].t, streak[len(streak)-1].src, streak[len(streak)-1].t) + " answered 403 and none triggered an auth refresh (Zapier refreshes on 401 only)"
			if ended != nil {
				s += "; they stopped when a run succeeded at " + posFrom(streak[len(streak)-1].t, ended.src, ended.t)
			}
			for _, r := range streak {
				e.relabel(r.idx, "run-forbidden-until-reconnect", LabelExpired, CauseNonstandardExpiryStatus, 0.75, s)
				e.finding(r.idx).Recovered = false
			}
		}
		streak = streak[:0]
	}
	inStreak := func(zap string) bool {
		for _, s := range streak {
			if s.zap == zap {
				return true
			}
		}
		return false
	}
	for i := range runs {
		r := runs[i]
		switch {
		case r.status == parser.RunSuccess && len(streak) > 0 && r.zap != "" && !inStreak(r.zap):
			// Another Zap works on this connection meanwhile: its
			// credentials are good, and the 403s are about what the
			// failing Zap asks for (a private project), not an expiry.
			streak = streak[:0]
		case r.status == parser.RunSuccess:
			flush(&runs[i])
		case r.idx >= 0 && r.http == 403 && !r.refresh && forbiddenOverridable(e.finding(r.idx)) && !expiresWith401(r.host):
			streak = append(streak, r)
		case r.idx >= 0:
			flush(nil)
		}
	}
	flush(nil)
}

// forbiddenOverridable reports whether a 403 run's own label is weak
// enough for the streak to decide: no specific scope, rate or revocation
// signal from the provider.
func forbiddenOverridable(f *Finding) bool {
	switch f.Cause {
	case CauseUnknown, CauseClientError, CauseNonstandardExpiryStatus:
		return true
	case CauseInsufficientScope:
		return f.Confidence < 0.7
	}
	return false
}

// expiresWith401 reports whether host's provider signals expiry with 401.
func expiresWith401(host string) bool {
	if p := providerFor(host); p != nil {
		for _, n := range expiryWith401 {
			if p.Name == n {
				return true
			}
		}
	}
	return false
}
