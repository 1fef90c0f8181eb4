package heuristics

// ruleUnknown: a failure no other rule explains. It always matches, so
// every failed record gets a finding.
var ruleUnknown = rule{
	Name:  "unknown",
	Doc:   "a failure no other rule explains",
	Check: checkUnknown,
}

func checkUnknown(x *ctx) (verdict, bool) {
	return verdict{label: LabelOther, cause: CauseUnknown, conf: 0.3, evidence: []string{x.rejected()}}, true
}
