package heuristics

import "strings"

// ruleNonstandardExpiryStatus: the API said the token expired, but with
// 403, 400 or a 2xx error body instead of 401, so clients that refresh
// only on 401 (Zapier among them) never refresh.
var ruleNonstandardExpiryStatus = rule{
	Name:   "nonstandard-expiry-status",
	Doc:    "expiry signalled with 403, 400 or 200 + error body instead of 401",
	Check:  checkNonstandardExpiryStatus,
	Settle: settleNonstandardExpiryStatus,
}

func checkNonstandardExpiryStatus(x *ctx) (verdict, bool) {
	if x.tokenEP || x.status == 401 || x.status >= 500 || x.status == 0 {
		return verdict{}, false
	}
	said := x.sig.has(CauseTTLElapsed) || says401(x.sig.text)
	if !said {
		return forbiddenPastLifetime(x)
	}
	evidence := []string{
		x.rejected(),
		"expiry was signalled with status " + itoa(x.status) + " instead of 401; clients that refresh only on 401 (such as Zapier) never refresh",
	}
	return verdict{label: LabelExpired, cause: CauseNonstandardExpiryStatus, conf: 0.85, evidence: evidence}, true
}

// forbiddenPastLifetime reads a 403 that names no reason, for a token used
// past its known lifetime that never worked past it, as the API's way of
// saying expired. The finding waits for a refresh: one followed by the
// connection working again confirms it (see settleNonstandardExpiryStatus).
// A 403 for a token within its lifetime is left to the scope rules.
func forbiddenPastLifetime(x *ctx) (verdict, bool) {
	tk := x.tok
	if x.status != 403 || x.sig.set != 0 || namesReason(x.ev.Error) || tk == nil || !tk.seen || tk.issued.IsZero() || x.assumedTok || x.ev.Time.IsZero() {
		return verdict{}, false
	}
	deadline, from, known := x.deadline()
	if !known || x.ev.Time.Before(deadline) || !tk.lastOK.IsZero() && !tk.lastOK.Before(deadline) {
		return verdict{}, false
	}
	life := deadline.Sub(tk.issued)
	evidence := []string{
		x.rejected(),
		"access token " + fp(tk.fp) + " issued at " + posFrom(x.ev.Time, tk.src, tk.issued) + " was used " + dur(x.ev.Time.Sub(tk.issued)) +
			" after issue, past its " + dur(life) + " lifetime (" + from + "), and refused with 403 naming no reason: read as expiry signalled with 403 instead of 401",
	}
	return verdict{label: LabelExpired, cause: CauseNonstandardExpiryStatus, conf: forbiddenExpiryConf, evidence: evidence, awaitRefresh: true}, true
}

// Confidence of a 403 read as expiry from the token's lifetime alone, and
// once a refresh and retry fixed it (the discounts for partial evidence kept).
const (
	forbiddenExpiryConf = 0.6
	confirmedExpiryConf = 0.85
)

// settleNonstandardExpiryStatus confirms a 403 read as expiry from the
// token's lifetime when a refresh followed it and the connection then
// worked again.
func settleNonstandardExpiryStatus(f *Finding, o *openFinding, c *conn) {
	if f.Cause != CauseNonstandardExpiryStatus || !o.awaitRefresh || !o.refreshed || !f.Recovered {
		return
	}
	f.Confidence = round2(min(1, f.Confidence*confirmedExpiryConf/forbiddenExpiryConf))
	f.Evidence = append(f.Evidence, "a refresh and retry fixed it: the 403 meant the token had expired")
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
