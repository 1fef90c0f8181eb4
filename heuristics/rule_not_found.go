package heuristics

// ruleNotFound: the resource does not exist (404/410) on an API call.
var ruleNotFound = rule{
	Name:  "not-found",
	Doc:   "an API call answered 404 or 410",
	Check: checkNotFound,
}

func checkNotFound(x *ctx) (verdict, bool) {
	if x.tokenEP || (x.status != 404 && x.status != 410) {
		return verdict{}, false
	}
	return verdict{label: LabelOther, cause: CauseNotFound, conf: 0.8, evidence: []string{x.rejected()}, pathScoped: true}, true
}
