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
	n := x.c.latestIssuedFor(t, x.ev.Host)
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
		evidence = append(evidence, "the old token was refused before its lifetime ended ("+from+"): this provider revoked it when the newer one was issued (many keep an old access token valid until it expires)")
	}
	evidence = append(evidence, "the refresh worked, but its result did not reach the code that sends the requests (a per-process cache, a worker that read the token once, a shared store not updated)")
	return verdict{label: LabelInvalid, cause: CauseRotationNotPersisted, conf: 0.85, evidence: evidence}, true
}

// latestIssuedFor returns the connection's latest token issued by a token
// response that may replace t, sent to host: one for the same resource.
// Microsoft issues one access token per resource from the same refresh
// token (Graph, SharePoint, Dynamics), and none replaces another.
func (c *conn) latestIssuedFor(t *tokenInfo, host string) *tokenInfo {
	for i := len(c.tokens) - 1; i >= 0; i-- {
		if n := &c.tokens[i]; n.seen && sameResource(t, n, host) {
			return n
		}
	}
	return nil
}

// sameResource reports whether token n may be for the resource t is sent
// to at host: unless their scopes name resources (https://host/Scope) and
// none in common, or n works at another host than host, where t worked.
func sameResource(t, n *tokenInfo, host string) bool {
	if n == t {
		return true
	}
	if a, b := scopeResources(t.scope), scopeResources(n.scope); len(a) > 0 && len(b) > 0 {
		common := false
		for _, r := range a {
			for _, q := range b {
				common = common || strings.EqualFold(r, q)
			}
		}
		if !common {
			return false
		}
	}
	return n.okCount == 0 || n.okHost == "" || strings.EqualFold(n.okHost, host) || !strings.EqualFold(t.okHost, host)
}

// maxScopeResources bounds the resources scopeResources reads: a scope
// names one or two; more are the same ones again.
const maxScopeResources = 8

// scopeResources returns the resources a scope names, as Microsoft's
// identity platform writes them: the scheme and host of each scope that
// is a URL ("https://graph.microsoft.com/Mail.Read").
func scopeResources(scope string) []string {
	var rs []string
	for _, s := range strings.Fields(scope) {
		rest, ok := strings.CutPrefix(s, "https://")
		if !ok {
			rest, ok = strings.CutPrefix(s, "api://")
		}
		if !ok {
			continue
		}
		h, _, _ := strings.Cut(rest, "/")
		if h != "" && len(rs) < maxScopeResources {
			rs = append(rs, h)
		}
	}
	return rs
}
