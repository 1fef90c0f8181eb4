package heuristics

import (
	"time"

	"github.com/authtriage/authtriage/parser"
)

// firstRunWindow: a run this soon after the account was connected tests
// the fresh credentials themselves.
const firstRunWindow = 2 * time.Minute

// ruleRunFirstAfterConnect: the first run after the account was connected
// failed within seconds: the new credentials are invalid.
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
			f := &e.findings[r.idx]
			switch f.Label {
			case LabelRateLimited, LabelServerError, LabelWebhook400, LabelPaginationGap:
				break
			default:
				cause := f.Cause
				if f.Label != LabelInvalid {
					cause = CauseUnknown
				}
				e.relabel(r.idx, LabelInvalid, cause, 0.7,
					"the account was connected at "+clock(ct)+" and the first run, "+dur(r.t.Sub(ct))+" later, failed: the new credentials do not work")
			}
			break
		}
	}
}
