package heuristics

import "github.com/authtriage/authtriage/parser"

// ruleCORSPreflightRefused: a browser request got no response right
// after the API refused its CORS preflight, or answered it without
// allowing the request (no Access-Control-Allow-Origin or another origin
// than the page's, the method or the Authorization header not allowed):
// the browser blocked it, so the status 0 is the API's CORS
// configuration, not the network.
var ruleCORSPreflightRefused = rule{
	Name:  "cors-preflight-refused",
	Doc:   "a browser request with no response (status 0) right after the OPTIONS preflight of the same URL was answered 3xx (a redirect), 4xx or 5xx, or 2xx without allowing the page's origin (no Access-Control-Allow-Origin, or another origin than the preflight's Origin), the request's method or its headers (* is a wildcard only for a request without credentials, and never allows Authorization; the preflight itself is not reported)",
	Check: checkCORSPreflightRefused,
}

func checkCORSPreflightRefused(x *ctx) (verdict, bool) {
	ev := x.ev
	if ev.Kind != parser.KindHTTP || ev.Status > 0 {
		return verdict{}, false
	}
	p, why := x.e.preflightFor(ev)
	if p == nil {
		return verdict{}, false
	}
	first := "no response to " + ev.Method + " " + ev.Host + ev.Path + " at " + pos(ev.Source, ev.Time)
	if ev.NetError != "" {
		first += ": " + ev.NetError
	}
	return verdict{label: LabelOther, cause: CauseCORSPreflightRefused, conf: 0.8, pathScoped: true, evidence: []string{
		first,
		"the browser's CORS preflight (OPTIONS, sent without credentials) of the same URL at " + posFrom(ev.Time, p.src, p.t) +
			" " + why + "; a browser does not send a request whose preflight fails, so this one was blocked, not lost on the network",
	}}, true
}
