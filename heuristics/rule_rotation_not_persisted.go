package heuristics

import (
	"strings"
	"time"
)

// ruleRotationNotPersisted: what a successful refresh returned was not
// saved or not used: a later refresh sent the refresh token it had
// replaced, or an API call still sent the access token it had replaced.
var ruleRotationNotPersisted = rule{
	Name:  "rotation-not-persisted",
	Doc:   "a rejected refresh sent a refresh token that an earlier successful refresh had replaced, or a call refused for its token sent an access token a newer token response had replaced",
	Check: checkRotationNotPersisted,
}

func checkRotationNotPersisted(x *ctx) (verdict, bool) {
	if !x.tokenEP {
		return x.staleToken()
	}
	t := x.ev.Token
	if !x.refresh || t == nil || t.RefreshSentFP == "" || !refusedRefresh(x) {
		return verdict{}, false
	}
	r := x.c.replacedBy(t.RefreshSentFP)
	if r == nil || strings.Contains(x.sig.text, "revoked") {
		// The provider's own words say the grant was revoked (AADSTS50173:
		// a password reset): that, not the replaced token, is what failed.
		return verdict{}, false
	}
	evidence := []string{
		x.rejected(),
		"refresh token " + fp(t.RefreshSentFP) + " was replaced by " + fp(r.got) + " at " + posFrom(x.ev.Time, r.src, r.t) + " and sent again at " + pos(x.ev.Source, x.ev.Time),
	}
	return verdict{label: LabelInvalid, cause: CauseRotationNotPersisted, conf: 0.9, evidence: evidence}, true
}

// staleAfter is how long after a token response a request may still
// carry the token it replaced: one sent sooner may have been built,
// queued or retried before the new token arrived; one sent later came
// from code that had the new token at hand and did not use it.
const staleAfter = time.Minute

// staleToken reads an API call refused for its token as the stale-token
// case of a rotation not persisted: the token it sent had been replaced
// by a newer token response of the connection at least staleAfter
// earlier. The refresh worked; its result never reached the code that
// sends requests (a per-process cache, a worker that read the token once,
// a shared store not updated). The provider's words for other causes
// (audience, scope, tenant) come first.
func (x *ctx) staleToken() (verdict, bool) {
	t := x.tok
	if t == nil || x.assumedTok || x.sig.set&^(causeBit(CauseTTLElapsed)|causeBit(CauseGrantRevoked)) != 0 {
		return verdict{}, false
	}
	if x.status != 401 && !(x.authRejected() && x.sig.set != 0) {
		return verdict{}, false
	}
	n := x.c.latestIssued()
	if n == nil || n.fp == t.fp || n.issued.IsZero() || x.ev.Time.Sub(n.issued) < staleAfter ||
		strings.EqualFold(n.grant, "client_credentials") { // each worker may hold its own
		return verdict{}, false
	}
	since, how := t.issued, "issued at "+posFrom(x.ev.Time, t.src, t.issued)
	if !t.seen || since.IsZero() {
		since, how = t.firstOK, "in use since "+clockFrom(x.ev.Time, t.firstOK)
	}
	if since.IsZero() || !since.Before(n.issued) {
		return verdict{}, false
	}
	evidence := []string{
		x.rejected(),
		"access token " + fp(t.fp) + ", " + how + ", was sent although the token response at " + posFrom(x.ev.Time, n.src, n.issued) +
			" had issued a newer one, " + fp(n.fp) + ", " + dur(x.ev.Time.Sub(n.issued)) + " before",
	}
	if deadline, from, known := x.deadline(); known && !x.ev.Time.Before(deadline) {
		evidence = append(evidence, "the old token expired at "+clockFrom(x.ev.Time, deadline)+" ("+from+"); the newer one had been on hand since "+clockFrom(x.ev.Time, n.issued))
	} else if known {
		evidence = append(evidence, "the old token was refused before its lifetime ended ("+from+"): the provider retires a token once a newer one replaces it")
	}
	evidence = append(evidence, "the refresh worked, but its result did not reach the code that sends the requests (a per-process cache, a worker that read the token once, a shared store not updated)")
	return verdict{label: LabelInvalid, cause: CauseRotationNotPersisted, conf: 0.85, evidence: evidence}, true
}
