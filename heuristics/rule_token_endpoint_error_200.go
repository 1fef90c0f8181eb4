package heuristics

// ruleTokenEndpointError200: the token endpoint answered 200 with an error
// body (GitHub style), so the client stored no token. The requests that
// then go out without credentials are missing-token findings whose
// evidence points back here.
var ruleTokenEndpointError200 = rule{
	Name:  "token-endpoint-error-200",
	Doc:   "a token endpoint answered 200 with an OAuth error body (one refusing the refresh token itself is read as that dead token)",
	Check: checkTokenEndpointError200,
}

func checkTokenEndpointError200(x *ctx) (verdict, bool) {
	ev := x.ev
	if t := ev.Token; t != nil && t.ErrorIn200 {
		evidence := []string{x.rejected() + " with status " + itoa(ev.Status) + ": the error is in the body, so a client that checks only the status stores no token"}
		// Why the refresh was refused, when the lineage says: GitHub
		// answers a raced or a stale rotated refresh token with 200 +
		// bad_refresh_token.
		for _, check := range [...]func(*ctx) (verdict, bool){checkRefreshCollision, checkRotationNotPersisted} {
			if v, ok := check(x); ok {
				v.evidence = append(v.evidence, "the refusal came with status "+itoa(ev.Status)+": a client that checks only the status stores no token")
				return v, true
			}
		}
		// A refresh refused for its refresh token (Slack's
		// invalid_refresh_token, always with 200 and ok:false) is that
		// dead token, whatever the status: reconnecting is the fix.
		if x.refresh {
			for _, c := range [...]Cause{CauseRefreshTokenExpired, CauseGrantRevoked} {
				if x.sig.has(c) {
					return verdict{label: LabelRevoked, cause: c, conf: 0.85, evidence: []string{
						x.rejected(),
						"the refresh token itself was refused (" + x.sig.quote(c) + "): it was revoked, expired or already used, and no refresh will work again",
						"the refusal came with status " + itoa(ev.Status) + ", the error in the body",
					}}, true
				}
			}
		}
		return verdict{label: LabelInvalid, cause: CauseTokenEndpointError200, conf: 0.9, evidence: evidence}, true
	}
	return verdict{}, false
}
