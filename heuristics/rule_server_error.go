package heuristics

import "strconv"

// ruleServerError: the server failed (5xx), whatever the endpoint.
var ruleServerError = rule{
	Name:  "server-error",
	Doc:   "the server answered 5xx",
	Check: checkServerError,
}

func checkServerError(x *ctx) (verdict, bool) {
	if x.status < 500 || x.status > 599 {
		return verdict{}, false
	}
	ev := []string{x.rejected()}
	if x.ev.Response.RetryAfter != "" {
		ev = append(ev, "the server asked to retry after "+x.ev.Response.RetryAfter)
	}
	if x.tokenEP {
		ev = append(ev, "the token endpoint itself failed ("+strconv.Itoa(x.status)+"); the credentials may be fine")
	}
	return verdict{label: LabelServerError, cause: CauseServerError, conf: 0.9, evidence: ev, pathScoped: true}, true
}
