package heuristics

import "github.com/authtriage/authtriage/parser"

// ruleMissingToken: the request carried no credentials at all, in an
// export that keeps them.
var ruleMissingToken = rule{
	Name:  "missing-token",
	Doc:   "a request without credentials was refused, and the export is not one that strips them or the server says none reached it",
	Check: checkMissingToken,
}

func checkMissingToken(x *ctx) (verdict, bool) {
	ev := x.ev
	if x.tokenEP || ev.Kind != parser.KindHTTP || ev.Request.Login {
		return verdict{}, false // a login submits its credentials in the body
	}
	said := x.sig.has(CauseMissingToken)
	if x.sanitized() && !(said && ev.Auth.Scheme == "") {
		// An export that strips credentials hides whether any were sent,
		// unless the server says none reached it.
		return verdict{}, false
	}
	if x.sig.set&authCauses&^causeBit(CauseMissingToken) != 0 {
		return verdict{}, false // the provider talks about a token it received
	}
	if ev.Auth.Scheme == "" && (x.status == 401 || (said && x.authRejected())) {
		evidence := []string{x.rejected(), "the request carried no Authorization header, API key or session cookie"}
		if e200 := x.c.err200; e200 != nil {
			// Issue 3: the token endpoint's 200-with-error is the cause;
			// the missing token is its consequence.
			evidence = append(evidence, "the token endpoint answered 200 with an error at "+posFrom(x.ev.Time, e200.src, e200.t)+" and issued no token since, so there was none to send")
			return verdict{label: LabelInvalid, cause: CauseTokenEndpointError200, conf: 0.85, evidence: evidence}, true
		}
		return verdict{label: LabelInvalid, cause: CauseMissingToken, conf: 0.85, evidence: evidence}, true
	}
	if said && x.authRejected() {
		return verdict{label: LabelInvalid, cause: CauseMissingToken, conf: 0.6,
			evidence: []string{x.rejected(), "the server did not find credentials where it expects them (the request sent them as " + ev.Auth.Scheme + ")"}}, true
	}
	return verdict{}, false
}
