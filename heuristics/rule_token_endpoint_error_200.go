package heuristics

// ruleTokenEndpointError200: the token endpoint answered 200 with an error
// body (GitHub style), so the client stored no token. The requests that
// then go out without credentials are missing-token findings whose
// evidence points back here.
var ruleTokenEndpointError200 = rule{
	Name:  "token-endpoint-error-200",
	Doc:   "a token endpoint answered 200 with an OAuth error body",
	Check: checkTokenEndpointError200,
}

func checkTokenEndpointError200(x *ctx) (verdict, bool) {
	ev := x.ev
	if t := ev.Token; t != nil && t.ErrorIn200 {
		evidence := []string{x.rejected() + " with status " + itoa(ev.Status) + ": the error is in the body, so a client that checks only the status stores no token"}
		return verdict{label: LabelInvalid, cause: CauseTokenEndpointError200, conf: 0.9, evidence: evidence}, true
	}
	return verdict{}, false
}
