package heuristics

// ruleUnknown: a failure no other rule explains. It always matches, so
// every failed record gets a finding.
var ruleUnknown = rule{
	Name:  "unknown",
	Doc:   "a failure no other rule explains",
	Check: checkUnknown,
}

func checkUnknown(x *ctx) (verdict, bool) {
	ev := []string{x.rejected()}
	if x.sig.has(CauseTTLElapsed) && !saysExpired(x.sig.text) && !x.tokenEP {
		ev = append(ev, genericRefusal(x)+"; the trace does not show the token's lifetime running out, so it is not read as expiry")
	}
	return verdict{label: LabelOther, cause: CauseUnknown, conf: 0.3, evidence: ev}, true
}
