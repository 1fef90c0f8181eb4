package heuristics

import "github.com/authtriage/authtriage/parser"

// ruleNetworkError: no response was received (status 0/-1): DNS, TLS,
// timeout, reset or an aborted request.
var ruleNetworkError = rule{
	Name:  "network-error",
	Doc:   "no HTTP response was received (status 0 or -1), or a run's text names a network error (ETIMEDOUT, ECONNRESET, ...)",
	Check: checkNetworkError,
}

func checkNetworkError(x *ctx) (verdict, bool) {
	if x.ev.Kind == parser.KindRun && x.status == 0 && x.sig.has(CauseNetworkError) {
		return verdict{label: LabelServerError, cause: CauseNetworkError, conf: 0.8, evidence: []string{x.rejected()}, pathScoped: true}, true
	}
	if x.ev.Kind != parser.KindHTTP || x.ev.Status > 0 {
		return verdict{}, false
	}
	ev := "no response to " + x.ev.Method + " " + x.ev.Host + x.ev.Path + " at " + pos(x.ev.Source, x.ev.Time)
	if x.ev.NetError != "" {
		ev += ": " + x.ev.NetError
	}
	return verdict{label: LabelServerError, cause: CauseNetworkError, conf: 0.9, evidence: []string{ev}, pathScoped: true}, true
}
