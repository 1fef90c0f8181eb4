package heuristics

import "github.com/authtriage/authtriage/parser"

// ruleTooManyRequests: the provider throttled the caller: 429, a
// throttled run, or a 4xx that says rate limit (GitHub's 403).
var ruleTooManyRequests = rule{
	Name:  "too-many-requests",
	Doc:   "429, Retry-After on a 4xx, a throttled run, or a body saying throttled / rate limit",
	Check: checkTooManyRequests,
}

func checkTooManyRequests(x *ctx) (verdict, bool) {
	ev := x.ev
	hit := x.status == 429 ||
		(ev.Run != nil && ev.Run.Status == parser.RunThrottled) ||
		(x.status >= 400 && x.status < 500 && ev.Response.RetryAfter != "") ||
		(x.sig.has(CauseTooManyRequests) && (x.status == 403 || x.status == 400 || x.status == 0 || (x.status >= 200 && x.status < 300)))
	if !hit {
		return verdict{}, false
	}
	evidence := []string{x.rejected()}
	if ra := ev.Response.RetryAfter; ra != "" {
		evidence = append(evidence, "Retry-After: "+ra)
	}
	return verdict{label: LabelRateLimited, cause: CauseTooManyRequests, conf: 0.9, evidence: evidence, pathScoped: true}, true
}
