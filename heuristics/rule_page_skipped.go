package heuristics

// rulePageSkipped: an offset, page-number or startAt sequence jumped over
// a page.
var rulePageSkipped = walkRule{
	Name:   "page-skipped",
	Doc:    "a page request's offset or page number jumps past the page after the previous one",
	OnPage: onPageSkipped,
}

func onPageSkipped(w *walk, p *pageRec, failed bool) (verdict, bool) {
	if failed || !w.hasOK {
		return verdict{}, false
	}
	prev := &w.lastOK
	var want, got int64
	var what string
	switch {
	case p.offset >= 0 && prev.offset >= 0:
		// The page size asked for is the step; a short page (trimmed
		// bodies, server caps) does not move the next offset back.
		step := prev.limit
		if step <= 0 {
			step = prev.count
		}
		if step <= 0 {
			return verdict{}, false
		}
		want, got, what = prev.offset+step, p.offset, "offset"
	case p.pageNum >= 0 && prev.pageNum >= 0:
		want, got, what = prev.pageNum+1, p.pageNum, "page"
	default:
		return verdict{}, false
	}
	if got <= want {
		return verdict{}, false
	}
	ev := []string{
		"the request at " + pos(p.src, p.t) + " asked for " + what + " " + i64(got) + " after " + pageName(prev) +
			" at " + posFrom(p.t, prev.src, prev.t) + "; the next " + what + " was " + i64(want) + ", so records in between were never fetched",
	}
	return verdict{label: LabelPaginationGap, cause: CausePageSkipped, conf: 0.85, evidence: ev}, true
}
