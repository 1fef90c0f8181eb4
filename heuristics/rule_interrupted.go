package heuristics

// ruleInterrupted: a list walk ended with a failed page request that was
// never retried successfully.
var ruleInterrupted = walkRule{
	Name:  "interrupted",
	Doc:   "a walk ended, after at least one page, at a failed page request that no later request retried",
	Close: closeInterrupted,
}

func closeInterrupted(w *walk, restarted bool) (verdict, *pageRec, bool) {
	if !w.failed || !w.hasOK {
		// A walk whose first page failed fetched nothing and lost nothing
		// partway: the failure's own finding says all there is.
		return verdict{}, nil, false
	}
	p := &w.last
	s := "the walk of " + p.host + p.path + " ended at the failed request for " + pageName(p) + " at " + pos(p.src, p.t)
	s += " after " + i64(int64(w.pages-1)) + " page(s)"
	s += "; it was not retried, so the rest of the list was never fetched"
	return verdict{label: LabelPaginationGap, cause: CauseInterrupted, conf: 0.8, evidence: []string{s}}, p, true
}
