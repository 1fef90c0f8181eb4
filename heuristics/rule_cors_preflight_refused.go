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
	Doc:   "in a browser's record (HAR), a request with no response (status 0) right after the OPTIONS preflight of the same URL was answered 3xx (a redirect), 4xx or 5xx, or 2xx without allowing the page's origin (no Access-Control-Allow-Origin, or another origin than the preflight's Origin), the request's method or its headers (* is a wildcard only for a request without credentials, and never allows Authorization; the preflight itself is not reported); in a server's log, which never holds the blocked request, the preflight answered 3xx or 4xx itself",
	Check: checkCORSPreflightRefused,
}

func checkCORSPreflightRefused(x *ctx) (verdict, bool) {
	ev := x.ev
	if refusedPreflight(ev) {
		return refusedInLog(ev), true
	}
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

// refusedInLog is the verdict on a preflight a server's log shows refused
// (see refusedPreflight): the request it was for never reached the
// server, so the preflight is the record reported.
func refusedInLog(ev *parser.Event) verdict {
	first, conf := "the CORS preflight OPTIONS "+ev.Host+ev.Path+" at "+pos(ev.Source, ev.Time), 0.8
	if c := ev.CORS; c != nil && c.RequestMethod != "" {
		first += ", the browser asking to send " + c.RequestMethod
		if c.Origin != "" {
			first += " from " + c.Origin
		}
		first += ","
	} else {
		// The log does not record the request's headers: an OPTIONS
		// without credentials is most likely a browser's preflight.
		first, conf = "an OPTIONS request without credentials, as a browser's CORS preflight is, to "+ev.Host+ev.Path+" at "+pos(ev.Source, ev.Time), 0.6
	}
	first += " was answered " + itoa(ev.Status)
	if ev.Status < 400 {
		first += ", a redirect, which fails a preflight: it must be answered 2xx, and a browser follows no redirect on one"
	}
	return verdict{label: LabelOther, cause: CauseCORSPreflightRefused, conf: conf, pathScoped: true, evidence: []string{
		first,
		"a browser sends its preflight without credentials and, when it fails, does not send the request it was for: that request never reached this log, and the web page saw a network error",
	}}
}
