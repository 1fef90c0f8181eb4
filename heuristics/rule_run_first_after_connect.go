package heuristics

import (
	"time"

	"github.com/authtriage/authtriage/parser"
)

// firstRunWindow: a run this soon after the account was connected tests
// the fresh credentials themselves.
const firstRunWindow = 2 * time.Minute

// firstRunUnknownConf is the confidence of a first run whose failure names
// no cause: that the credentials are new is known, why they fail is not.
const firstRunUnknownConf = 0.5

// invalidCauses are the causes of label invalid.
var invalidCauses = func() causeSet {
	var s causeSet
	for c, l := range causeLabels {
		if l == LabelInvalid {
			s |= causeBit(c)
		}
	}
	return s
}()

// invalidCauseIn returns the first cause of label invalid, in allCauses
// order, that set names.
func invalidCauseIn(set causeSet) (Cause, bool) {
	set &= invalidCauses
	if set == 0 {
		return "", false
	}
	for _, c := range allCauses {
		if set&causeBit(c) != 0 {
			return c, true
		}
	}
	return "", false
}

// ruleRunFirstAfterConnect: the first run after the account was connected
// failed within seconds: the new credentials are invalid, for the invalid
// cause the run's own finding or error text names. A cause the provider's
// words name for another label stands; when nothing names one the run is
// other/unknown, with the timing as evidence.
var ruleRunFirstAfterConnect = runRule{
	Name:  "run-first-after-connect",
	Doc:   "the first run after connecting the account failed within seconds: invalid",
	Check: checkRunFirstAfterConnect,
}

func checkRunFirstAfterConnect(e *Engine, c *conn, runs []runRec) {
	for _, ct := range c.connects {
		if ct.IsZero() {
			continue
		}
		for _, r := range runs {
			if r.t.Before(ct) {
				continue
			}
			if r.idx < 0 || r.t.Sub(ct) > firstRunWindow || r.status == parser.RunSuccess {
				break
			}
			f := e.finding(r.idx)
			switch f.Label {
			case LabelRateLimited, LabelServerError, LabelWebhook400, LabelPaginationGap:
				break
			default:
				connected := "the account was connected at " + clockFrom(r.t, ct) + " and the first run, " + dur(r.t.Sub(ct)) + " later, failed"
				if f.Label != LabelInvalid && f.Cause != CauseUnknown && r.sig&causeBit(f.Cause) != 0 {
					// The provider's own words name another cause (a
					// missing scope, a revoked grant): they stand.
					f.Evidence = append(f.Evidence, connected)
					break
				}
				cause, ok := f.Cause, f.Label == LabelInvalid
				if !ok {
					cause, ok = invalidCauseIn(r.sig)
				}
				if !ok {
					// Nothing names why the new credentials fail: the
					// taxonomy has no invalid/unknown, so it stays unknown.
					e.relabel(r.idx, "run-first-after-connect", LabelOther, CauseUnknown, firstRunUnknownConf,
						connected+", but nothing in its error names why the new credentials do not work")
					break
				}
				e.relabel(r.idx, "run-first-after-connect", LabelInvalid, cause, 0.7, connected+": the new credentials do not work")
			}
			break
		}
	}
}
