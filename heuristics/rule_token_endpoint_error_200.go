package heuristics

// ruleTokenEndpointError200: the token endpoint answered 200 with an error
// body (GitHub style), so the client stored no token; the requests that
// then go out without credentials fail for the same reason.
var ruleTokenEndpointError200 = rule{
	Name:  "token-endpoint-error-200",
	Doc:   "a token endpoint answered 200 with an OAuth error body, or a request went out without a token after one did",
	Check: checkTokenEndpointError200,
}

func checkTokenEndpointError200(x *ctx) (verdict, bool) {
	ev := x.ev
	if t := ev.Token; t != nil && t.ErrorIn200 {
		evidence := []string{x.rejected() + " with status " + itoa(ev.Status) + ": the error is in the body, so a client that checks only the status stores no token"}
		return verdict{label: LabelInvalid, cause: CauseTokenEndpointError200, conf: 0.9, evidence: evidence}, true
	}
	e200 := x.c.err200
	if x.tokenEP || e200 == nil || ev.Auth.Scheme != "" || !(isAuthStatus(x.status) || x.sig.has(CauseMissingToken)) {
		return verdict{}, false
	}
	evidence := []string{
		x.rejected() + " and carried no credentials",
		"the token endpoint answered 200 with an error at " + pos(e200.src, e200.t) + " and no token was issued since",
	}
	return verdict{label: LabelInvalid, cause: CauseTokenEndpointError200, conf: 0.8, evidence: evidence}, true
}
