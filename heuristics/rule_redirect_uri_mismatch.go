package heuristics

// ruleRedirectURIMismatch: the code exchange (or authorization) failed on
// the redirect URI not matching the registered one.
var ruleRedirectURIMismatch = rule{
	Name:  "redirect-uri-mismatch",
	Doc:   "redirect_uri_mismatch, \"does not match the redirection URI\", AADSTS50011",
	Check: checkRedirectURIMismatch,
}

func checkRedirectURIMismatch(x *ctx) (verdict, bool) {
	if !x.sig.has(CauseRedirectURIMismatch) {
		return verdict{}, false
	}
	evidence := []string{x.rejected()}
	if t := x.ev.Token; t != nil && t.RedirectURI != "" {
		evidence = append(evidence, "the request sent redirect_uri="+t.RedirectURI+", which is not registered for the client")
	}
	return verdict{label: LabelInvalid, cause: CauseRedirectURIMismatch, conf: 0.95, evidence: evidence}, true
}
