package heuristics

// ruleRefreshNotAttempted: the connection holds a refresh token, its
// access token expired, and no refresh request ever followed (auto-refresh
// off, refresh URL not configured). It settles ttl-elapsed findings once
// no later event can show a refresh.
var ruleRefreshNotAttempted = rule{
	Name:   "refresh-not-attempted",
	Doc:    "an expiry with a refresh token on hand that no refresh request followed",
	Check:  func(*ctx) (verdict, bool) { return verdict{}, false },
	Settle: settleRefreshNotAttempted,
}

// traceEndsFactor discounts a missing refresh when the trace stops right
// at the rejection.
const traceEndsFactor = 0.7

func settleRefreshNotAttempted(f *Finding, o *openFinding, c *conn) {
	if f.Cause != CauseTTLElapsed || !o.awaitRefresh || o.refreshed {
		return
	}
	f.Cause = CauseRefreshNotAttempted
	s := "a refresh token was on hand"
	if c.curRT != "" {
		s = "refresh token " + fp(c.curRT) + " was on hand"
	}
	f.Evidence = append(f.Evidence, s+", yet no refresh request followed this rejection")
	if c.lastSeq == o.seq {
		// The trace ends with this rejection: a refresh may have come later.
		f.Confidence = round2(f.Confidence * traceEndsFactor)
		f.Evidence = append(f.Evidence, "nothing else of this connection follows in the trace, so a later refresh cannot be ruled out")
	}
}
