package heuristics

import (
	"net/url"
	"strings"
)

// ruleAudienceMismatch: the token was issued for another tenant, audience
// or resource than the API it was sent to, or by an issuer the API does
// not accept.
var ruleAudienceMismatch = rule{
	Name:  "audience-mismatch",
	Doc:   "\"Invalid audience\", ASP.NET Core's \"The audience '…' is invalid\" or \"The issuer '…' is invalid\", IDX10214/10205, AADSTS50020/500011, or a JWT aud naming hosts other than the API's",
	Check: checkAudienceMismatch,
}

func checkAudienceMismatch(x *ctx) (verdict, bool) {
	if x.sig.has(CauseAudienceMismatch) && !x.hook {
		return verdict{label: LabelInvalid, cause: CauseAudienceMismatch, conf: 0.9, evidence: []string{x.rejected()}}, true
	}
	j := x.ev.Auth.JWT
	if x.tokenEP || j == nil || len(j.Audience) == 0 || !isAuthStatus(x.status) || x.ev.Host == "" || x.sig.set&authCauses != 0 {
		return verdict{}, false
	}
	if t := x.tok; t != nil && t.okCount > 0 && t.okHost == x.ev.Host {
		// The same token worked on this host: its aud is a logical API
		// name (Auth0's identifiers), not the host, and something else
		// (its expiry) refused it now.
		return verdict{}, false
	}
	if !j.Expires.IsZero() && !x.ev.Time.IsZero() && !x.ev.Time.Before(j.Expires) {
		return verdict{}, false // past its exp: an expiry, whatever its aud
	}
	var hosts []string
	for _, a := range j.Audience {
		h := audienceHost(a)
		if h == "" {
			continue // an app id or URN: nothing to compare
		}
		if hostHasSuffix(x.ev.Host, h) || hostHasSuffix(h, x.ev.Host) || site(h) == site(x.ev.Host) {
			// Same site: providers name their API by an identity host
			// (Xero's identity.xero.com/resources for api.xero.com).
			return verdict{}, false
		}
		hosts = append(hosts, h)
	}
	if len(hosts) == 0 {
		return verdict{}, false
	}
	evidence := []string{x.rejected(), "the token's aud is " + strings.Join(j.Audience, ", ") + ", not " + x.ev.Host}
	return verdict{label: LabelInvalid, cause: CauseAudienceMismatch, conf: 0.75, evidence: evidence}, true
}

// audienceHost returns the host an aud value names, or "" when it is not
// a URL or host name.
func audienceHost(a string) string {
	a = strings.ToLower(strings.TrimSpace(a))
	if strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://") {
		if u, err := url.Parse(a); err == nil {
			return u.Hostname()
		}
		return ""
	}
	if strings.Contains(a, ".") && !strings.ContainsAny(a, ":/ ") {
		return a
	}
	return ""
}
