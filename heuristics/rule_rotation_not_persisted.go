package heuristics

import "strings"

// ruleRotationNotPersisted: a refresh sent a refresh token that an earlier
// successful refresh had already replaced: the rotated token was not saved.
var ruleRotationNotPersisted = rule{
	Name:  "rotation-not-persisted",
	Doc:   "a rejected refresh sent a refresh token that an earlier successful refresh had replaced",
	Check: checkRotationNotPersisted,
}

func checkRotationNotPersisted(x *ctx) (verdict, bool) {
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
