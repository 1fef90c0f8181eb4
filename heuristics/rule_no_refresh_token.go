package heuristics

import "strings"

// ruleNoRefreshToken: the access token expired and the grant never
// returned a refresh token, so nothing can renew it.
var ruleNoRefreshToken = rule{
	Name:  "no-refresh-token",
	Doc:   "an expiry on a connection whose token responses never returned a refresh_token",
	Check: checkNoRefreshToken,
}

func checkNoRefreshToken(x *ctx) (verdict, bool) {
	c := x.c
	if c.tokenResponses == 0 || c.refreshIssued || c.curRT != "" || len(c.refreshes) > 0 {
		return verdict{}, false
	}
	if t := c.latestIssued(); t != nil && noRefreshGrants[t.grant] {
		return verdict{}, false // no refresh token is due: a new token is fetched the same way
	}
	exp, ok := expiredBy(x)
	if !ok {
		return verdict{}, false
	}
	ev := exp.evidence
	if t := c.latestIssued(); t != nil {
		s := "the token response at " + posFrom(x.ev.Time, t.src, t.issued)
		if t.grant != "" {
			s += " (" + t.grant + ")"
		}
		s += " returned no refresh_token"
		if sc := strings.ToLower(t.scope); t.scope != "" && !strings.Contains(sc, "offline") {
			s += "; its scope \"" + t.scope + "\" lacks offline access"
		}
		ev = append(ev, s)
	}
	return verdict{label: LabelExpired, cause: CauseNoRefreshToken, conf: exp.conf, evidence: ev}, true
}

// noRefreshGrants issue no refresh token by design (RFC 6749 4.4.3, RFC
// 7523): the client fetches a new access token as it got the first.
var noRefreshGrants = map[string]bool{"client_credentials": true, "account_credentials": true,
	"urn:ietf:params:oauth:grant-type:jwt-bearer": true, "urn:ietf:params:oauth:grant-type:saml2-bearer": true}
