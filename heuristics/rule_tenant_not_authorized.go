package heuristics

import "strings"

// ruleTenantNotAuthorized: the token is good, but not for the
// organisation the request names: Xero's 403 AuthenticationUnsuccessful
// (a missing or wrong xero-tenant-id, or an organisation whose
// connection was removed), QuickBooks' 3100 ApplicationAuthorizationFailed
// and 120 -11014- (the app, or the user who connected it, has no access to
// that company).
var ruleTenantNotAuthorized = rule{
	Name:  "tenant-not-authorized",
	Doc:   "Xero 403 AuthenticationUnsuccessful, QuickBooks 3100 ApplicationAuthorizationFailed or -11014- \"You do not have access to use QuickBooks Online\"",
	Check: checkTenantNotAuthorized,
}

func checkTenantNotAuthorized(x *ctx) (verdict, bool) {
	if x.tokenEP || !x.sig.has(CauseTenantNotAuthorized) || x.status >= 500 || retryableStatus(x.status) {
		return verdict{}, false
	}
	xero := hostHasSuffix(x.ev.Host, "xero.com") || strings.Contains(x.sig.text, "authenticationunsuccessful")
	if xero && x.status == 401 {
		// A 401 AuthenticationUnsuccessful refuses the token itself.
		return verdict{}, false
	}
	evidence := []string{x.rejected()}
	switch q := x.sig.quote(CauseTenantNotAuthorized); {
	case xero:
		evidence = append(evidence, "Xero answers 403 AuthenticationUnsuccessful when the xero-tenant-id header is missing, names an organisation this token was not granted, or one whose connection was removed (disconnected in Xero, the connecting user's role changed, the organisation deleted or its trial ended)")
	case strings.Contains(q, "quickbooks online"):
		evidence = append(evidence, "QuickBooks says the user who connected the company no longer has access to it"+realmOf(x.ev.Path))
	default:
		evidence = append(evidence, "QuickBooks answers 3100 ApplicationAuthorizationFailed when the app is not authorized for the company"+realmOf(x.ev.Path)+
			" on this base URL: a sandbox company called on the production host or the reverse, or a company whose connection or subscription ended")
	}
	if t := x.tok; t != nil && t.okCount > 0 {
		evidence = append(evidence, "the same token succeeded at "+posFrom(x.ev.Time, t.lastOKSrc, t.lastOK)+" on "+t.okHost+", so it is valid: the organisation is what it may not use")
	}
	return verdict{label: LabelRevoked, cause: CauseTenantNotAuthorized, conf: 0.85, evidence: evidence, pathScoped: true}, true
}

// realmOf names the QuickBooks company (realmId) of a /v3/company/{realm}/
// path, as " (realmId N)", or "".
func realmOf(path string) string {
	const p = "/company/"
	i := strings.Index(path, p)
	if i < 0 {
		return ""
	}
	r := path[i+len(p):]
	if j := strings.IndexByte(r, '/'); j >= 0 {
		r = r[:j]
	}
	if r == "" {
		return ""
	}
	return " (realmId " + r + ")"
}
