package heuristics

import "strings"

// ruleWrongTokenEndpoint: the token request went to a URL that is not an
// OAuth token endpoint: 404/405, or an answer without a token that is a
// page or a redirect rather than an OAuth error.
var ruleWrongTokenEndpoint = rule{
	Name:  "wrong-token-endpoint",
	Doc:   "a token request answered 404/405, or 2xx/3xx without a token or OAuth error (a login page, a redirect)",
	Check: checkWrongTokenEndpoint,
}

func checkWrongTokenEndpoint(x *ctx) (verdict, bool) {
	ev := x.ev
	if ev.Token == nil {
		return verdict{}, false
	}
	notOAuth := ev.Status >= 200 && ev.Status < 400 && !ev.Token.Returned && !ev.Token.ErrorIn200 &&
		(ev.Error == nil || ev.Error.Code == "")
	if ev.Status != 404 && ev.Status != 405 && !notOAuth {
		return verdict{}, false
	}
	evidence := []string{x.rejected()}
	if notOAuth {
		what := "an answer without an access token"
		if ct := ev.Response.ContentType; ct != "" {
			what += " (" + ct + ")"
		}
		evidence[0] = x.what() + " at " + pos(ev.Source, ev.Time) + " returned " + what
	}
	if !knownTokenPath(ev.Path) {
		evidence = append(evidence, ev.Path+" is not a known token endpoint path (such as /oauth/token or /oauth2/v2.0/token)")
	} else if strings.Contains(strings.ToLower(ev.Path), "authorize") {
		evidence = append(evidence, "the request went to the authorization endpoint, not the token endpoint")
	}
	return verdict{label: LabelInvalid, cause: CauseWrongTokenEndpoint, conf: 0.85, evidence: evidence}, true
}
