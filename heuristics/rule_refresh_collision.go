package heuristics

import (
	"time"

	"github.com/authtriage/authtriage/parser"
)

// collisionWindow is how close two refreshes with the same refresh token
// must be to count as a race: concurrent workers refresh within seconds
// of each other; a minute covers slow token endpoints.
const collisionWindow = time.Minute

// ruleRefreshCollision: two refreshes sent the same refresh token within
// seconds; one succeeded (and, on rotating providers, invalidated it) and
// the other was rejected.
var ruleRefreshCollision = rule{
	Name:  "refresh-collision",
	Doc:   "a refresh was rejected while another refresh with the same refresh token succeeded within seconds",
	Check: checkRefreshCollision,
}

func checkRefreshCollision(x *ctx) (verdict, bool) {
	t := x.ev.Token
	if !x.refresh || t == nil || t.RefreshSentFP == "" || x.ev.Time.IsZero() || !refusedRefresh(x) {
		return verdict{}, false
	}
	r := x.c.lastOKRefresh(t.RefreshSentFP)
	if r == nil || r.t.IsZero() || x.ev.Time.Sub(r.t) > collisionWindow {
		return verdict{}, false
	}
	return verdict{label: LabelInvalid, cause: CauseRefreshCollision, conf: 0.9, evidence: collisionEvidence(x.ev, t.RefreshSentFP, r.src, r.t, x.rejected())}, true
}

func collisionEvidence(failed *parser.Event, rt string, okSrc parser.Source, okT time.Time, rejected string) []string {
	gap := failed.Time.Sub(okT)
	if gap < 0 {
		gap = -gap
	}
	return []string{
		rejected,
		"refresh token " + fp(rt) + " was sent twice " + dur(gap) + " apart: at " + posFrom(failed.Time, okSrc, okT) + " (succeeded) and at " + pos(failed.Source, failed.Time) + " (rejected)",
	}
}

// collided re-labels refreshes rejected just before a successful refresh
// with the same refresh token: input order can put the loser first.
func (e *Engine) collided(c *conn, rt string, ok *parser.Event) {
	if rt == "" || ok.Time.IsZero() {
		return
	}
	for i := range c.refreshes {
		r := &c.refreshes[i]
		if r.ok || r.sent != rt || r.finding < 0 || r.t.IsZero() {
			continue
		}
		if d := ok.Time.Sub(r.t); d < 0 || d > collisionWindow {
			continue
		}
		f := e.finding(r.finding)
		if f.Label == LabelServerError || f.Label == LabelRateLimited || f.Cause == CauseRefreshCollision {
			continue
		}
		first := f.Evidence
		if len(first) > 0 {
			first = first[:1]
		}
		f.Label, f.Cause = LabelInvalid, CauseRefreshCollision
		e.relabelled(r.finding, ruleRefreshCollision.Name, CauseRefreshCollision, len(first))
		f.Evidence = append(append([]string(nil), first...), collisionEvidence(&parser.Event{Source: f.Source, Time: f.Time}, rt, ok.Source, ok.Time, "")[1])
		f.Remediation = fixFor(f)
	}
}

// refusedRefresh tells a refresh the token endpoint refused: a 4xx, or a
// 200 with an error body (GitHub).
func refusedRefresh(x *ctx) bool {
	return x.status >= 400 && x.status < 500 || x.ev.Token != nil && x.ev.Token.ErrorIn200
}
