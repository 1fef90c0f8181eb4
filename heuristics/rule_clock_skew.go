package heuristics

import (
	"strings"
	"time"
)

// clockSkewTolerance is how far in the future an iat/nbf may be before it
// counts as skew: servers commonly allow a minute of leeway.
const clockSkewTolerance = time.Minute

// ruleClockSkew: a token is not yet valid by the server's clock.
var ruleClockSkew = rule{
	Name:  "clock-skew",
	Doc:   "\"not yet valid\" (Graph's \"has expired or is not yet valid\" only for a token refused within a minute of its issue), ASP.NET Core's \"is not valid before\", Google \"Check your iat and exp values\", AADSTS700024, or a JWT iat/nbf later than the record's time",
	Check: checkClockSkew,
}

func checkClockSkew(x *ctx) (verdict, bool) {
	if x.sig.has(CauseClockSkew) {
		if !expiredOrNotYet(x.sig.text) {
			return verdict{label: LabelInvalid, cause: CauseClockSkew, conf: 0.9, evidence: []string{x.rejected()}}, true
		}
		// Graph's "has expired or is not yet valid" is its standard
		// expiry text: skew only when the lineage says not yet valid.
		if tk := x.tok; tk != nil && tk.seen && !tk.issued.IsZero() && !x.ev.Time.IsZero() {
			if age := x.ev.Time.Sub(tk.issued); age >= 0 && age <= clockSkewTolerance {
				return verdict{label: LabelInvalid, cause: CauseClockSkew, conf: 0.7, evidence: []string{
					x.rejected(),
					"access token " + fp(tk.fp) + " issued at " + posFrom(x.ev.Time, tk.src, tk.issued) + " was refused " + dur(age) +
						" after issue, too soon to have expired: the server's clock is behind the issuer's",
				}}, true
			}
		}
	}
	j := x.ev.Auth.JWT
	if j == nil || x.ev.Time.IsZero() || !(isAuthStatus(x.status) || x.authRejected()) {
		return verdict{}, false
	}
	for _, c := range []struct {
		name string
		t    time.Time
	}{{"nbf", j.NotBefore}, {"iat", j.IssuedAt}} {
		if c.t.IsZero() {
			continue
		}
		if ahead := c.t.Sub(x.ev.Time); ahead > clockSkewTolerance {
			ev := []string{
				x.rejected(),
				"the token's " + c.name + " is " + c.t.UTC().Format("15:04:05") + ", " + dur(ahead) + " after the request was sent: the issuer's and the server's clocks disagree",
			}
			return verdict{label: LabelInvalid, cause: CauseClockSkew, conf: 0.8, evidence: ev}, true
		}
	}
	return verdict{}, false
}

// expiredOrNotYet tells error text (lower case) that names both an expiry
// and a token not yet valid: Microsoft Graph's "Access token has expired
// or is not yet valid.", which it sends for every expired token.
func expiredOrNotYet(text string) bool {
	return strings.Contains(text, "expired or is not yet valid")
}
