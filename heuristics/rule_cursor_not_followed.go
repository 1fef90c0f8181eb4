package heuristics

// ruleCursorNotFollowed: a list walk stopped while its last page still
// offered more (a next cursor, has_more, Link rel="next", fewer records
// than the total). A lone first page fetched again and again is a polling
// loop, not a walk, and is not flagged.
var ruleCursorNotFollowed = walkRule{
	Name:  "cursor-not-followed",
	Doc:   "the last page of a walk offered a continuation that no request followed",
	Close: closeCursorNotFollowed,
}

func closeCursorNotFollowed(w *walk, restarted bool) (verdict, *pageRec, bool) {
	if w.failed || w.skipped || !w.hasOK || !w.lastOK.more(w.seen) {
		return verdict{}, nil, false
	}
	if restarted && w.pages < 2 {
		return verdict{}, nil, false
	}
	p := &w.lastOK
	offer := "a next cursor"
	switch {
	case p.next != "":
		offer = "next cursor " + fp(p.next)
	case p.link:
		offer = "Link rel=\"next\""
	case p.hasMore:
		offer = "has_more"
	case p.total >= 0 && p.offset >= 0 && p.limit > 0:
		offer = "total " + i64(p.total) + " with only " + i64(p.offset+p.limit) + " reached"
	case p.total >= 0:
		offer = "total " + i64(p.total) + " with " + i64(w.seen) + " fetched"
	}
	end := "no request followed it"
	if restarted {
		end = "the list was fetched again from the start instead"
	}
	ev := []string{
		"the walk of " + p.host + p.path + " fetched " + i64(int64(w.pages)) + " page(s); its last page at " + pos(p.src, p.t) + " offered " + offer + " and " + end,
	}
	conf := 0.8
	if w.tail {
		// The trace ends with this page: the capture may have stopped
		// before the next request, as for a refresh (traceEndsFactor).
		conf *= traceEndsFactor
		ev = append(ev, "nothing else of this connection follows in the trace, so the capture may have ended before the next page was requested")
	}
	return verdict{label: LabelPaginationGap, cause: CauseCursorNotFollowed, conf: conf, evidence: ev}, p, true
}
