package heuristics

// ruleRefreshTokenExpired: the provider says the refresh token itself aged
// out (inactivity or absolute lifetime).
var ruleRefreshTokenExpired = rule{
	Name:  "refresh-token-expired",
	Doc:   "a refresh answered AADSTS700082/70008, Keycloak \"Token is not active\", \"Refresh token has expired\", or runs' refreshes refused as revoked at a steady interval after each reconnect (7 days: a Google app in Testing)",
	Check: checkRefreshTokenExpired,
}

func checkRefreshTokenExpired(x *ctx) (verdict, bool) {
	if !x.sig.has(CauseRefreshTokenExpired) || !(x.tokenEP || x.ev.Run != nil) {
		return verdict{}, false
	}
	evidence := []string{x.rejected()}
	if t := x.ev.Token; t != nil && t.RefreshSentFP != "" {
		if r := x.c.lastOKRefresh(t.RefreshSentFP); r != nil {
			evidence = append(evidence, "refresh token "+fp(t.RefreshSentFP)+" was last used successfully at "+posFrom(x.ev.Time, r.src, r.t)+", "+dur(x.ev.Time.Sub(r.t))+" earlier")
		} else {
			evidence = append(evidence, "refresh token "+fp(t.RefreshSentFP)+" was not used earlier in this trace")
		}
	}
	return verdict{label: LabelRevoked, cause: CauseRefreshTokenExpired, conf: 0.9, evidence: evidence}, true
}
