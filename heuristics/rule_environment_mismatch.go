package heuristics

import (
	"net/url"
	"strings"
)

// ruleEnvironmentMismatch: a token from a sandbox authorization server was
// used on a production host, or the reverse, and was refused at once.
var ruleEnvironmentMismatch = rule{
	Name:  "environment-mismatch",
	Doc:   "a token issued by (or working on) a sandbox host was refused on a production host of the same provider, or the reverse",
	Check: checkEnvironmentMismatch,
}

func checkEnvironmentMismatch(x *ctx) (verdict, bool) {
	if x.tokenEP || !isAuthStatus(x.status) || x.ev.Host == "" {
		return verdict{}, false
	}
	origin, how := tokenOrigin(x)
	if origin == "" {
		return verdict{}, false
	}
	po, pr := providerFor(origin), providerFor(x.ev.Host)
	if po != pr || (po == nil && site(origin) != site(x.ev.Host)) {
		return verdict{}, false
	}
	se, sr := sandboxHost(origin, po), sandboxHost(x.ev.Host, pr)
	if se == sr {
		return verdict{}, false
	}
	if t := x.tok; t != nil && t.okHost != "" && sandboxHost(t.okHost, providerFor(t.okHost)) == sr {
		return verdict{}, false // it worked in this environment before
	}
	env := func(sandbox bool) string {
		if sandbox {
			return "sandbox"
		}
		return "production"
	}
	evidence := []string{
		x.rejected(),
		"the token " + how + " " + origin + " (" + env(se) + ") but was sent to " + x.ev.Host + " (" + env(sr) + ")",
	}
	return verdict{label: LabelInvalid, cause: CauseEnvironmentMismatch, conf: 0.85, evidence: evidence, pathScoped: true}, true
}

// tokenOrigin returns the host the token in use came from (its token
// endpoint, its JWT issuer, or where it last worked) and how that is known.
func tokenOrigin(x *ctx) (string, string) {
	if t := x.tok; t != nil {
		if t.seen && t.host != "" && !sharedAuthHost(t.host) {
			return t.host, "was issued by"
		}
	}
	if j := x.ev.Auth.JWT; j != nil && j.Issuer != "" {
		if u, err := url.Parse(j.Issuer); err == nil && u.Host != "" && !sharedAuthHost(strings.ToLower(u.Hostname())) {
			return strings.ToLower(u.Hostname()), "was issued by"
		}
	}
	if t := x.tok; t != nil && t.okHost != "" && t.okHost != x.ev.Host {
		return t.okHost, "worked on"
	}
	return "", ""
}

func sharedAuthHost(h string) bool {
	p := providerFor(h)
	if p == nil {
		return false
	}
	for _, s := range p.SharedAuthHosts {
		if h == s {
			return true
		}
	}
	return false
}
