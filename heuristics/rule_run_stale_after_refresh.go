package heuristics

import "github.com/authtriage/authtriage/parser"

// ruleRunStaleAfterRefresh: a run's auth refresh was refused with a 4xx
// (not 408/409/423/425/429), or a run was refused for a revoked or aged-out
// grant; the connection went stale, and the runs after it were held until
// a reconnect: they share that run's cause.
var ruleRunStaleAfterRefresh = runRule{
	Name:  "run-stale-after-refresh",
	Doc:   "runs held after a run whose auth refresh was refused take the refresh's label and cause",
	Check: checkRunStaleAfterRefresh,
}

func checkRunStaleAfterRefresh(e *Engine, c *conn, runs []runRec) {
	var cause *Finding
	var at runRec
	for _, r := range runs {
		switch {
		case r.status == parser.RunSuccess:
			cause = nil
		case r.idx >= 0 && (r.refreshFailed || e.finding(r.idx).Label == LabelRevoked) && r.status != parser.RunHeld:
			f := *e.finding(r.idx)
			if f.Label == LabelRevoked || f.Label == LabelInvalid {
				cause, at = &f, r
			}
		case cause != nil && r.idx >= 0 && (r.status == parser.RunHeld || r.status == parser.RunStopped):
			e.relabel(r.idx, "run-stale-after-refresh", cause.Label, cause.Cause, cause.Confidence,
				"held since the connection's auth failed for good at "+posFrom(r.t, at.src, at.t)+" ("+cause.Label.String()+"/"+cause.Cause.String()+"): it went stale until reconnected")
		}
	}
}
