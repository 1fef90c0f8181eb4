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
	said := x.sig.has(CauseTTLElapsed) || says401(x.sig.text)
	if !said {
		return verdict{}, false
	}
	evidence := []string{
		x.rejected(),
		"expiry was signalled with status " + itoa(x.status) + " instead of 401; clients that refresh only on 401 (such as Zapier) never refresh",
	}
	return verdict{label: LabelExpired, cause: CauseNonstandardExpiryStatus, conf: 0.85, evidence: evidence}, true
}

// codeSepSlack: quotes, ':' or '=' and a blank may stand between a field
// name and its value.
const codeSepSlack = 6

// says401 tells a body that carries a 401 in a status or error code
// field of its own (QuickBooks' "errorCode=003200; statusCode=401" in a
// 400), not a 401 anywhere (a field named Plan_401k__c).
func says401(text string) bool {
	for _, k := range [...]string{"statuscode", "errorcode", `"status"`, "status_code"} {
		for i := 0; ; {
			j := strings.Index(text[i:], k)
			if j < 0 {
				break
			}
			i += j + len(k)
			v := strings.TrimLeft(text[i:min(i+codeSepSlack, len(text))], `"':= `)
			if strings.HasPrefix(v, "401") && (len(v) == 3 || v[3] < '0' || v[3] > '9') {
				return true
			}
		}
	}
	return false
}
