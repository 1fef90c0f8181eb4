package heuristics

import (
	"strings"

	"github.com/authtriage/authtriage/parser"
)

// ruleInsufficientScope: a valid token lacks a permission: the provider
// says so, or the same token succeeds on other endpoints and gets 403 here.
var ruleInsufficientScope = rule{
	Name:  "insufficient-scope",
	Doc:   "insufficient_scope, missing_scope, MISSING_SCOPES, ACCESS_TOKEN_SCOPE_INSUFFICIENT, Authorization_RequestDenied, Zoom's \"does not contain scopes\", Shopify's \"requires merchant approval for … scope\", a GitHub 403/404 whose X-OAuth-Scopes lack every X-Accepted-OAuth-Scopes, or a 403 naming no reason here while the same token works elsewhere",
	Check: checkInsufficientScope,
}

func checkInsufficientScope(x *ctx) (verdict, bool) {
	if x.tokenEP || x.hook && x.status == 400 {
		return verdict{}, false
	}
	if r := x.ev.Response; (x.status == 404 || x.status == 403) && r.AcceptedOAuthScopes != "" && !scopesCover(r.OAuthScopes, r.AcceptedOAuthScopes) {
		granted := r.OAuthScopes
		if strings.TrimSpace(granted) == "" {
			granted = "none"
		}
		ev := []string{x.rejected(), "the endpoint accepts the scopes " + r.AcceptedOAuthScopes + " (X-Accepted-OAuth-Scopes) and the token was granted " +
			granted + " (X-OAuth-Scopes)"}
		if x.status == 404 {
			ev = append(ev, "GitHub answers 404, not 403, for a private resource the token may not see")
		}
		return verdict{label: LabelScope, cause: CauseInsufficientScope, conf: 0.85, evidence: ev, pathScoped: true}, true
	}
	if x.sig.has(CauseInsufficientScope) || wwwAuthError(x.ev.Response.WWWAuthenticate) == "insufficient_scope" {
		ev := []string{x.rejected()}
		if x.said() == "" {
			if q := x.sig.quote(CauseInsufficientScope); q != "" {
				ev = append(ev, "the answer names a missing scope ("+q+")")
			}
		}
		if t := x.tok; t != nil && t.okCount > 0 {
			ev = append(ev, "the same token succeeded at "+posFrom(x.ev.Time, t.lastOKSrc, t.lastOK)+" on "+t.okHost)
		}
		return verdict{label: LabelScope, cause: CauseInsufficientScope, conf: 0.9, evidence: ev, pathScoped: true}, true
	}
	if namesReason(x.ev.Error) {
		// The provider named its reason, and it is not a scope's: a quota,
		// a file's sharing, a plan. Guessing scope would send the customer
		// to reconnect for nothing.
		return verdict{}, false
	}
	t := x.tok
	if x.status == 403 && (t == nil || x.assumedTok) && x.sig.set == 0 && x.c.okCount > 0 && x.c.okPath != x.path {
		ev := []string{x.rejected(), "other requests of this connection succeed (the last at " + posFrom(x.ev.Time, x.c.okSrc, x.c.okT) +
			"), so its credentials are valid but not allowed here"}
		return verdict{label: LabelScope, cause: CauseInsufficientScope, conf: 0.5, evidence: ev, pathScoped: true}, true
	}
	if x.status != 403 || t == nil || t.okCount == 0 || t.okPath == x.path || x.sig.set != 0 {
		return verdict{}, false
	}
	ev := []string{x.rejected(), "the same token succeeded at " + posFrom(x.ev.Time, t.lastOKSrc, t.lastOK) + " on another endpoint, so it is valid but not allowed here"}
	return verdict{label: LabelScope, cause: CauseInsufficientScope, conf: 0.6, evidence: ev, pathScoped: true}, true
}

// genericDenials are error codes that say only "forbidden" (Spring Boot's
// default body, Graph's ErrorAccessDenied, Google's PERMISSION_DENIED
// status): no reason that rules a missing scope out.
var genericDenials = map[string]bool{"forbidden": true, "access_denied": true, "accessdenied": true,
	"erroraccessdenied": true, "permission_denied": true, "permissiondenied": true, "unauthorized": true,
	"not_authorized": true, "notauthorized": true, "403": true, "error": true}

// namesReason tells an error body whose codes name a reason of their own.
func namesReason(e *parser.ErrorBody) bool {
	if e == nil {
		return false
	}
	for _, c := range append([]string{e.Code}, e.Codes...) {
		if c != "" && !genericDenials[strings.ToLower(c)] {
			return true
		}
	}
	return false
}

// scopesCover reports whether a token granted the scopes in granted
// (GitHub's X-OAuth-Scopes, comma-separated) holds one of those in
// accepted (X-Accepted-OAuth-Scopes): the same scope or one that includes
// it (repo includes repo:status and public_repo; admin:org includes
// write:org and read:org; user includes read:user and user:email).
func scopesCover(granted, accepted string) bool {
	for a := range strings.SplitSeq(accepted, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		for g := range strings.SplitSeq(granted, ",") {
			if g = strings.TrimSpace(g); g != "" && scopeIncludes(g, a) {
				return true
			}
		}
	}
	return false
}

// scopeIncludes reports whether GitHub scope g grants scope a.
func scopeIncludes(g, a string) bool {
	if g == a || strings.HasPrefix(a, g+":") || strings.HasSuffix(a, ":"+g) || g == "repo" && a == "public_repo" {
		return true
	}
	// admin:X includes write:X and read:X; write:X includes read:X.
	if rest, ok := strings.CutPrefix(g, "admin:"); ok {
		return a == "write:"+rest || a == "read:"+rest
	}
	if rest, ok := strings.CutPrefix(g, "write:"); ok {
		return a == "read:"+rest
	}
	return false
}
