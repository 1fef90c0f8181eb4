package heuristics

import "strings"

// ruleNonstandardExpiryStatus: the API said the token expired, but with
// 403, 400 or a 2xx error body instead of 401, so clients that refresh
// only on 401 (Zapier among them) never refresh.
var ruleNonstandardExpiryStatus = rule{
	Name:  "nonstandard-expiry-status",
	Doc:   "expiry signalled with 403, 400 or 200 + error body instead of 401",
	Check: checkNonstandardExpiryStatus,
}

func checkNonstandardExpiryStatus(x *ctx) (verdict, bool) {
	if x.tokenEP || x.status == 401 || x.status >= 500 || x.status == 0 {
		return verdict{}, false
	}
	said := x.sig.has(CauseTTLElapsed) ||
		(strings.Contains(x.sig.text, "errorcode") && strings.Contains(x.sig.text, "401"))
	if !said {
		return verdict{}, false
	}
	evidence := []string{
		x.rejected(),
		"expiry was signalled with status " + itoa(x.status) + " instead of 401; clients that refresh only on 401 (such as Zapier) never refresh",
	}
	return verdict{label: LabelExpired, cause: CauseNonstandardExpiryStatus, conf: 0.85, evidence: evidence}, true
}
