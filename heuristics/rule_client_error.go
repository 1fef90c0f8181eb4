package heuristics

// ruleClientError: any other 4xx: the request itself was refused for a
// reason no other rule names (an authorization-code exchange rejected,
// a validation error on an API call). An unexplained 401/403 on an API
// call is an auth failure of unknown cause, not a client error.
var ruleClientError = rule{
	Name:  "client-error",
	Doc:   "any other 4xx answer (but an unexplained API 401/403), or a refused login form",
	Check: checkClientError,
}

func checkClientError(x *ctx) (verdict, bool) {
	login := x.ev.Request.Login && !x.tokenEP && isAuthStatus(x.status)
	if x.status < 400 || x.status > 499 || (!x.tokenEP && isAuthStatus(x.status) && !login) {
		return verdict{}, false
	}
	ev := []string{x.rejected()}
	switch {
	case login:
		ev = append(ev, "the request submitted a user's password: the login was refused, no token was involved")
	case x.tokenEP && x.ev.Token != nil && x.ev.Token.GrantType == "authorization_code":
		ev = append(ev, "the authorization_code grant was refused: an authorization code can be used once and expires within minutes")
	case x.tokenEP && x.ev.Token != nil && x.ev.Token.GrantType != "" && !x.refresh:
		ev = append(ev, "the "+x.ev.Token.GrantType+" grant was refused")
	}
	return verdict{label: LabelOther, cause: CauseClientError, conf: 0.6, evidence: ev, pathScoped: !x.tokenEP}, true
}
