package heuristics

import "github.com/authtriage/authtriage/parser"

// ruleMissingToken: the request carried no credentials at all, in an
// export that keeps them.
var ruleMissingToken = rule{
	Name:  "missing-token",
	Doc:   "a request without credentials was refused, and the export is not one that strips them",
	Check: checkMissingToken,
}

func checkMissingToken(x *ctx) (verdict, bool) {
	ev := x.ev
	if x.tokenEP || ev.Kind != parser.KindHTTP || sanitizedNow(ev) {
		return verdict{}, false
	}
	said := x.sig.has(CauseMissingToken)
	if ev.Auth.Scheme == "" && (x.status == 401 || (said && x.authRejected())) {
		return verdict{label: LabelInvalid, cause: CauseMissingToken, conf: 0.85,
			evidence: []string{x.rejected(), "the request carried no Authorization header, API key or session cookie"}}, true
	}
	if said && x.authRejected() {
		return verdict{label: LabelInvalid, cause: CauseMissingToken, conf: 0.6,
			evidence: []string{x.rejected(), "the server did not find credentials where it expects them (the request sent them as " + ev.Auth.Scheme + ")"}}, true
	}
	return verdict{}, false
}
