package heuristics

import (
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Limits of the preflight memory.
const (
	// maxPreflights is how many refused CORS preflights are remembered: a
	// browser sends the request right after its preflight, so only the
	// last few can still explain one.
	maxPreflights = 8
	// corsWindow is how long after a refused preflight a request with no
	// response is read as blocked by it: browsers send the request at
	// once, and never cache a refused preflight.
	corsWindow = 10 * time.Second
	// corsEvents stands in for corsWindow when a record has no time: the
	// request must come within this many records of its preflight.
	corsEvents = 16
)

// browserNoise tells the records a browser session makes that are no
// integration's, failed or not: CORS preflights (OPTIONS without
// credentials), analytics and telemetry beacons, a missing favicon, touch
// icon or source map, and requests the browser cancelled itself (a
// navigation away) or an extension blocked (an ad blocker on analytics).
// The engine reads none of them: a preflight answered 204 is no API call
// that worked, and one answered 401 is no token refused (preflights never
// carry one).
//
// Only preflights depend on where the record comes from. In a browser's
// record (see fromBrowser) every one is noise, whatever it was answered:
// a refused one is remembered (notePreflight) and reported on the request
// the browser then blocked, which the record holds. A server's log never
// holds that request, so there a refused preflight (see refusedPreflight)
// is the only trace of the failure and is read, and reported as
// cors-preflight-refused; one answered 2xx, or not at all, is noise
// there too. Beacons, icons and the browser's own error names are noise
// in any input: no integration's auth depends on them, and a server's
// access log holds them only as a browser's requests.
func browserNoise(ev *parser.Event) bool {
	if ev.Kind != parser.KindHTTP {
		return false
	}
	if preflight(ev) {
		return fromBrowser(ev) || ev.Status < 300
	}
	if beacon(ev) {
		return true
	}
	if ev.Status <= 0 {
		for _, n := range [...]string{"ERR_ABORTED", "ERR_BLOCKED_BY_CLIENT", "NS_BINDING_ABORTED"} {
			if strings.Contains(ev.NetError, n) {
				return true
			}
		}
		return false
	}
	if ev.Status != 404 || ev.Method != "GET" {
		return false
	}
	p := strings.ToLower(ev.Path)
	base := p[strings.LastIndexByte(p, '/')+1:]
	return base == "favicon.ico" || strings.HasPrefix(base, "apple-touch-icon") || p == "/robots.txt" || strings.HasSuffix(base, ".map")
}

// preflight tells a CORS preflight: an OPTIONS request without
// credentials (a browser never sends any on one). An OPTIONS that carries
// a token is some API's own and is read as any request.
// Chrome's HAR says so itself (_resourceType "preflight"). Outside a
// browser's record, an OPTIONS whose recorded request headers lack
// Access-Control-Request-Method, which every preflight sends, is some
// client's own too.
func preflight(ev *parser.Event) bool {
	if ev.Request.Browser == "preflight" {
		return true
	}
	if ev.Method != "OPTIONS" || ev.Auth.Scheme != "" || ev.Auth.TokenFP != "" {
		return false
	}
	return fromBrowser(ev) || !ev.Request.Recorded || ev.CORS != nil && ev.CORS.RequestMethod != ""
}

// fromBrowser tells a record a browser's developer tools, or a proxy
// between a browser and the server, wrote: a HAR's (the format both
// write) or one whose browser named its resource type. Every other input
// (request logs, Zapier logs, spans) is a server's or a client library's
// account, which holds no request a browser blocked.
func fromBrowser(ev *parser.Event) bool {
	return ev.Format == parser.FormatHAR || ev.Format == parser.FormatHARLines || ev.Request.Browser != ""
}

// refusedPreflight tells a preflight in a server's log (not fromBrowser)
// that the server refused with a redirect or a 4xx: Fetch's
// CORS-preflight fetch needs a 2xx and follows no redirect, so the
// browser did not send the request it was for. A 5xx or a "try again"
// status is read as any such failure.
func refusedPreflight(ev *parser.Event) bool {
	return ev.Kind == parser.KindHTTP && ev.Status >= 300 && ev.Status < 500 && !retryableStatus(ev.Status) &&
		!fromBrowser(ev) && preflight(ev)
}

// beaconSites are registrable sites (see site) that serve analytics,
// advertising and telemetry collection from browsers, mapped to the host
// suffixes under them that do (none: the whole site). An integration
// calls none of them: a site with APIs of its own (mixpanel.com,
// datadoghq.com, segment.io) names its browser hosts only. Looked up by
// site, since every record of the input passes here.
var beaconSites = map[string][]string{
	"google-analytics.com": nil, "googletagmanager.com": nil, "doubleclick.net": nil,
	"googleadservices.com": nil, "hotjar.com": nil, "hotjar.io": nil, "nr-data.net": nil,
	"clarity.ms": nil, "heapanalytics.com": nil,
	"google.com":    {"analytics.google.com"},
	"sentry.io":     {"ingest.sentry.io", "ingest.us.sentry.io", "ingest.de.sentry.io"},
	"datadoghq.com": {"browser-intake-datadoghq.com"},
	"datadoghq.eu":  {"browser-intake-datadoghq.eu"},
	"bing.com":      {"bat.bing.com"},
	"linkedin.com":  {"px.ads.linkedin.com"},
	"mixpanel.com":  {"api-js.mixpanel.com"},
	"fullstory.com": {"rs.fullstory.com"},
	"segment.com":   {"cdn.segment.com"},
}

// beacon tells an analytics or telemetry beacon: a request to a
// collection host, Segment's browser endpoints (analytics.js posts to
// /v1/t, /v1/p, …; the server libraries' /v1/track and /v1/batch are an
// integration's and stay), a Sentry envelope or store endpoint on any
// host (self-hosted Sentry), Google's own page beacons, or, from a browser HAR, an unanswered
// request to a …/collect or …/beacon path (navigator.sendBeacon on
// unload). Google Analytics' Measurement Protocol (/mp/collect, called
// by servers with an api_secret) is an integration's and stays.
func beacon(ev *parser.Event) bool {
	if ev.Request.Browser == "ping" {
		return true // Chrome's HAR names navigator.sendBeacon and <a ping> requests
	}
	p := ev.Path
	if strings.HasSuffix(p, "/mp/collect") {
		return false
	}
	if hosts, ok := beaconSites[site(ev.Host)]; ok {
		if hosts == nil {
			return true
		}
		for _, h := range hosts {
			if hostHasSuffix(ev.Host, h) {
				return true
			}
		}
	}
	if ev.Host == "api.segment.io" && len(p) == len("/v1/t") && strings.HasPrefix(p, "/v1/") && strings.IndexByte("tpigabm", p[4]) >= 0 {
		return true
	}
	if sentryIngest(p) || googleBeacon(ev.Host, p) {
		return true
	}
	if ev.Status > 0 || ev.Format != parser.FormatHAR && ev.Format != parser.FormatHARLines {
		return false
	}
	base := strings.ToLower(strings.TrimSuffix(p, "/"))
	base = base[strings.LastIndexByte(base, '/')+1:]
	return base == "collect" || base == "beacon" || base == "beacons"
}

// googleBeacon tells the beacons Google's own pages send: the client
// log of play.google.com/log (and its log?format=json batches) and
// /gen_204 pings on any Google host. Seen in a real Chrome HAR of a
// google.com session; no Google API an integration calls has either path.
func googleBeacon(host, p string) bool {
	if host == "play.google.com" && p == "/log" {
		return true
	}
	return strings.HasSuffix(p, "/gen_204") && site(host) == "google.com"
}

// sentryIngest tells Sentry's ingestion paths: /api/<project id>/envelope/,
// /store/, /security/ or /minidump/.
func sentryIngest(p string) bool {
	rest, ok := strings.CutPrefix(p, "/api/")
	if !ok {
		return false
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	if i == 0 || i == len(rest) || rest[i] != '/' {
		return false
	}
	switch strings.TrimSuffix(rest[i+1:], "/") {
	case "envelope", "store", "security", "minidump":
		return true
	}
	return false
}

// preflightRec is a CORS preflight kept to explain the request the
// browser then blocked: one answered with an error, or one answered 2xx
// whose CORS headers may not allow the request (see blocks).
type preflightRec struct {
	host, path string
	status     int
	src        parser.Source
	t          time.Time
	seq        uint64
	// cors holds the preflight's CORS headers, interned; nil when the
	// input does not record them (a 2xx preflight is then not kept).
	cors *parser.CORS
}

// notePreflight remembers ev, a preflight, when it was refused (answered
// with anything but 2xx: Fetch's CORS-preflight fetch needs an ok status
// and follows no redirect) or its CORS headers may block the request it
// precedes.
func (e *Engine) notePreflight(ev *parser.Event) {
	if !preflight(ev) || ev.Status < 200 {
		return
	}
	var cors *parser.CORS
	if ev.Status < 300 {
		c := ev.CORS
		if c == nil || !c.Answered {
			return // the input does not record them
		}
		cors = &parser.CORS{Origin: e.strs.get(c.Origin), RequestMethod: e.strs.get(c.RequestMethod), RequestHeaders: e.strs.get(c.RequestHeaders),
			AllowOrigin: e.strs.get(c.AllowOrigin), AllowMethods: e.strs.get(c.AllowMethods), AllowHeaders: e.strs.get(c.AllowHeaders),
			AllowCredentials: e.strs.get(c.AllowCredentials)}
	}
	if len(e.preflights) == maxPreflights {
		copy(e.preflights, e.preflights[1:])
		e.preflights = e.preflights[:maxPreflights-1]
	}
	e.preflights = append(e.preflights, preflightRec{host: e.strs.get(ev.Host), path: e.strs.get(ev.Path),
		status: ev.Status, src: ev.Source, t: ev.Time, seq: e.seq, cors: cors})
}

// preflightFor returns the preflight of the same URL that came just
// before ev and blocked it, and why: refused, or its CORS headers did not
// allow what ev sends.
func (e *Engine) preflightFor(ev *parser.Event) (*preflightRec, string) {
	for i := len(e.preflights) - 1; i >= 0; i-- {
		p := &e.preflights[i]
		if p.host != ev.Host || p.path != ev.Path || p.src.File != ev.Source.File {
			continue
		}
		if !p.t.IsZero() && !ev.Time.IsZero() {
			if d := ev.Time.Sub(p.t); d < 0 || d > corsWindow {
				continue
			}
		} else if e.seq-p.seq > corsEvents {
			continue
		}
		// The browser sends the request right after its own preflight:
		// the latest one of the URL is the one that decided.
		if p.cors == nil {
			if p.status < 400 {
				return p, "was answered " + itoa(p.status) + ", a redirect, which fails a preflight: it must be answered 2xx, and a browser follows no redirect on one"
			}
			return p, "was answered " + itoa(p.status)
		}
		if !corsFailure(ev.NetError) {
			return nil, "" // the request failed on its own (offline, timed out), not by CORS
		}
		if why := blocks(p.cors, ev); why != "" {
			return p, "was answered " + itoa(p.status) + " " + why
		}
		return nil, ""
	}
	return nil, ""
}

// blocks says how a preflight answered 2xx with the CORS headers c does
// not allow the request ev (Fetch's CORS check and CORS-preflight fetch),
// or "" when it allows it as far as the record shows: no
// Access-Control-Allow-Origin, or one naming another origin than the
// page's (the preflight's Origin, compared byte for byte as browsers do);
// a method outside Access-Control-Allow-Methods (GET, HEAD and POST need
// none); a header the preflight asked for (Access-Control-Request-Headers)
// or, when it does not say, an Authorization the request sends, outside
// Access-Control-Allow-Headers. A wildcard allows any origin, method and
// header but Authorization, and only to a request without credentials
// (see credentials): with them, * is the literal name "*", and the answer
// must name the page's origin and say Access-Control-Allow-Credentials:
// true.
func blocks(c *parser.CORS, ev *parser.Event) string {
	cred := credentials(c, ev)
	allow, origin := strings.TrimSpace(c.AllowOrigin), strings.TrimSpace(c.Origin)
	switch {
	case allow == "" || allow == "null" && origin == "":
		return "without Access-Control-Allow-Origin"
	case allow == "*" && cred != "":
		return "allowing origin * (Access-Control-Allow-Origin), which allows no request with credentials (" + cred +
			"): it must name the page's origin"
	case allow != "*" && origin != "" && allow != origin:
		return "allowing origin " + allow + " (Access-Control-Allow-Origin), not the page's origin " + origin +
			" (the preflight's Origin): a browser compares the two exactly"
	}
	if ev.Auth.Cookie && strings.TrimSpace(c.AllowCredentials) != "true" {
		return "without Access-Control-Allow-Credentials: true, which a request with credentials (" + cred + ") needs"
	}
	wild := cred == "" // * is a wildcard only without credentials
	m := c.RequestMethod
	if m == "" {
		m = ev.Method
	}
	if m != "" && !safelistedMethod(m) && !listed(c.AllowMethods, m, false) && !(wild && listed(c.AllowMethods, "*", false)) {
		why := "allowing methods " + quoteList(c.AllowMethods) + " (Access-Control-Allow-Methods), not " + m
		if listed(c.AllowMethods, "*", false) {
			why += ": for a request with credentials (" + cred + ") * is no wildcard but a method named \"*\""
		}
		return why
	}
	asked := c.RequestHeaders
	if asked == "" && authorizationSent(ev) {
		asked = "authorization"
	}
	for rest := asked; rest != ""; {
		var h string
		h, rest = nextItem(rest)
		if h == "" || listed(c.AllowHeaders, h, true) || wild && listed(c.AllowHeaders, "*", false) && !strings.EqualFold(h, "authorization") {
			continue
		}
		why := "allowing headers " + quoteList(c.AllowHeaders) + " (Access-Control-Allow-Headers), not " + h
		switch {
		case strings.EqualFold(h, "authorization"):
			why += ", which carries the request's token (a wildcard never allows it)"
		case listed(c.AllowHeaders, "*", false):
			why += ": for a request with credentials (" + cred + ") * is no wildcard but a header named \"*\""
		}
		return why
	}
	return ""
}

// credentials says why the request ev, which the browser blocked after
// the preflight c, was sent with credentials (Fetch's credentials mode
// "include"), or "" when nothing says so: it sent a cookie (a browser
// sends none cross-origin otherwise), or the preflight answered
// Access-Control-Allow-Credentials: true, the answer to a page that sends
// them. The second is an inference, not a record of the mode; it is drawn
// only for a request the browser did block, which a wildcard it would
// honour without credentials does not explain.
func credentials(c *parser.CORS, ev *parser.Event) string {
	switch {
	case ev.Auth.Cookie:
		return "the request sends cookies"
	case strings.TrimSpace(c.AllowCredentials) == "true":
		return "the preflight answered Access-Control-Allow-Credentials: true"
	}
	return ""
}

// corsFailure reports whether a request's network error can be a CORS
// block: Chrome reports one as net::ERR_FAILED; Firefox and other
// exporters give none.
func corsFailure(netErr string) bool {
	return netErr == "" || strings.Contains(netErr, "ERR_FAILED") || strings.Contains(strings.ToLower(netErr), "cors")
}

// safelistedMethod reports the methods a preflight need not allow.
func safelistedMethod(m string) bool { return m == "GET" || m == "HEAD" || m == "POST" }

// authorizationSent reports whether ev sent an Authorization header (the
// schemes readAuth names from it, not a cookie, query or API-key header).
func authorizationSent(ev *parser.Event) bool {
	switch ev.Auth.Scheme {
	case "", "cookie", "query", "api-key":
		return false
	}
	return true
}

// listed reports whether the comma-separated list holds item: methods
// compare exactly, as browsers do, header names without case (fold).
func listed(list, item string, fold bool) bool {
	for rest := list; rest != ""; {
		var v string
		v, rest = nextItem(rest)
		if v == item || fold && strings.EqualFold(v, item) {
			return true
		}
	}
	return false
}

// nextItem splits the first item off a comma-separated list, trimmed.
func nextItem(list string) (item, rest string) {
	item, rest, _ = strings.Cut(list, ",")
	return strings.TrimSpace(item), rest
}

// quoteList renders an allow list for evidence; an absent one is "none".
func quoteList(list string) string {
	if strings.TrimSpace(list) == "" {
		return "none"
	}
	return strings.TrimSpace(list)
}
