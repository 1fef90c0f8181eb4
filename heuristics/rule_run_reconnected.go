package heuristics

import "github.com/authtriage/authtriage/parser"

// ruleRunReconnected: a run whose auth refresh was refused for good (a
// revoked or aged-out grant, an admin's policy) is not recovered by a
// later successful run: the grant cannot be refreshed back, so that run
// worked only because someone reconnected the account. Nor are the runs
// held or refused after it for the same grant. Reported as
// recovered, the failure would hide from revoked:unrecovered alerts.
var ruleRunReconnected = runRule{
	Name:  "run-reconnected",
	Doc:   "a run whose auth refresh was refused as revoked is not recovered by a later success: that needed a reconnect",
	Check: checkRunReconnected,
}

func checkRunReconnected(e *Engine, c *conn, runs []runRec) {
	var open []runRec
	for i := range runs {
		r := runs[i]
		switch {
		case r.status == parser.RunSuccess && len(open) > 0:
			for _, o := range open {
				f := e.finding(o.idx)
				if !f.Recovered || f.Label != LabelRevoked {
					continue
				}
				f.Recovered = false
				f.Evidence = append(f.Evidence, "a run succeeded again at "+posFrom(o.t, r.src, r.t)+
					", which a refused grant allows only after the account is reconnected: not counted as recovered")
			}
			open = open[:0]
		case r.idx >= 0 && (r.refreshFailed || (len(open) > 0 && r.status != parser.RunSuccess) ||
			e.finding(r.idx).Label == LabelRevoked):
			// A run held or failing after the refused refresh (and
			// labelled for it) waits for the same reconnect, and so does
			// one whose error says the grant is gone without the refresh
			// being named ("Authentication failed: invalid_grant").
			open = append(open, r)
		}
	}
}
