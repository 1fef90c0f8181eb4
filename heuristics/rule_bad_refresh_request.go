package heuristics

// ruleBadRefreshRequest: the token endpoint rejected the request's shape:
// a missing or malformed parameter or an unsupported grant type.
var ruleBadRefreshRequest = rule{
	Name:  "bad-refresh-request",
	Doc:   "a token request answered invalid_request or unsupported_grant_type",
	Check: checkBadRefreshRequest,
}

func checkBadRefreshRequest(x *ctx) (verdict, bool) {
	if !x.tokenEP || !x.sig.has(CauseBadRefreshRequest) || x.refresh && x.sig.has(CauseGrantRevoked) {
		// A refresh whose answer also names a dead refresh token (Zoom's
		// invalid_request "Invalid Token!") is that, not a malformed request.
		return verdict{}, false
	}
	evidence := []string{x.rejected()}
	if t := x.ev.Token; t != nil {
		switch {
		case t.GrantType == "":
			evidence = append(evidence, "the request body carried no grant_type")
		case x.refresh && t.RefreshSentFP == "":
			evidence = append(evidence, "the refresh request carried no refresh_token")
		}
	}
	return verdict{label: LabelInvalid, cause: CauseBadRefreshRequest, conf: 0.85, evidence: evidence}, true
}
