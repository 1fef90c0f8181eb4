package heuristics

import (
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// ruleGrantRevoked: the grant behind the connection was revoked (consent
// withdrawn, password changed, admin action, app uninstalled): a refresh
// with the current refresh token is refused with an invalid_grant-family
// error, the provider says revoked, or a token that worked is refused
// well before its lifetime.
var ruleGrantRevoked = rule{
	Name:   "grant-revoked",
	Doc:    "refresh refused with invalid_grant / \"expired or revoked\" / Slack invalid_refresh_token / Zoom \"Invalid Token!\" for the current refresh token, a revoked token (Entra CAE TokenIssuedBeforeRevocationTimestamp), or a working token refused well before its lifetime or by a provider whose tokens do not expire (Shopify)",
	Check:  checkGrantRevoked,
	Settle: settleGrantRevoked,
}

// settleGrantRevoked undoes a revocation read from timing alone when a
// refresh then worked: a revoked grant cannot be refreshed, so the token
// simply lived shorter than its assumed lifetime.
func settleGrantRevoked(f *Finding, o *openFinding, c *conn) {
	if f.Cause != CauseGrantRevoked || !o.awaitRefresh || !o.refreshed || !f.Recovered {
		return
	}
	f.Label, f.Cause = LabelExpired, CauseTTLElapsed
	f.Confidence = round2(f.Confidence * 0.8)
	f.Evidence = append(f.Evidence, "a refresh followed and the connection worked again, which a revoked grant cannot do: the token lived shorter than its stated lifetime")
}

func checkGrantRevoked(x *ctx) (verdict, bool) {
	said := x.sig.has(CauseGrantRevoked)
	ev := x.ev
	if x.refresh {
		if x.refreshFailedRun && x.status == 0 {
			why := "the run's auth refresh failed without saying why (RefreshAuthError)"
			conf := 0.5
			if said {
				why, conf = "the run's auth refresh was refused: the provider's answer ("+x.sig.quote(CauseGrantRevoked)+") says the grant no longer works", 0.7
			} else if x.ev.Error != nil && (x.ev.Error.Code != "" || x.ev.Error.Description != "") {
				why = "the run's auth refresh was refused (RefreshAuthError) for the reason quoted, which names no revocation"
			}
			return verdict{label: LabelRevoked, cause: CauseGrantRevoked, conf: conf, evidence: []string{x.rejected(), why}}, true
		}
		if x.status < 400 || x.status >= 500 || retryableStatus(x.status) {
			return verdict{}, false
		}
		evidence := []string{x.rejected()}
		if t := ev.Token; t != nil && t.RefreshSentFP != "" {
			switch {
			case x.c.curRT == t.RefreshSentFP:
				evidence = append(evidence, "refresh token "+fp(t.RefreshSentFP)+" was the current one of this connection")
			case x.c.curRT == "":
				evidence = append(evidence, "refresh token "+fp(t.RefreshSentFP)+" was not issued earlier in this trace, so its history is unknown")
			}
		}
		conf := 0.9
		if !said {
			conf = 0.6
			evidence = append(evidence, "the token endpoint refused the refresh with "+itoa(x.status)+" and no recognised reason")
		} else if why := revokedWhy(x.sig.quote(CauseGrantRevoked)); why != "" {
			evidence = append(evidence, why)
		}
		return verdict{label: LabelRevoked, cause: CauseGrantRevoked, conf: conf, evidence: evidence}, true
	}
	if x.tokenEP {
		return x.unknownGrantRevoked(said)
	}
	if ev.Kind == parser.KindRun && ev.Run != nil && (said || ev.Run.Status == parser.RunHeld && strings.Contains(x.sig.text, "reconnect")) {
		return verdict{label: LabelRevoked, cause: CauseGrantRevoked, conf: 0.6, evidence: []string{x.rejected()}}, true
	}
	if said && (x.authRejected() || isAuthStatus(x.status)) {
		evidence := []string{x.rejected()}
		if why := revokedWhy(x.sig.quote(CauseGrantRevoked)); why != "" {
			evidence = append(evidence, why)
		}
		return verdict{label: LabelRevoked, cause: CauseGrantRevoked, conf: 0.85, evidence: evidence}, true
	}
	if t := x.tok; x.status == 401 && t != nil && t.okCount > 0 && x.lasting() {
		p := x.providerOf(x.ev.Host)
		return verdict{label: LabelRevoked, cause: CauseGrantRevoked, conf: 0.7, evidence: []string{
			x.rejected(),
			"access token " + fp(t.fp) + " worked until " + posFrom(x.ev.Time, t.lastOKSrc, t.lastOK) + " and was then refused; " + strings.ToUpper(p.Name[:1]) + p.Name[1:] +
				"'s access tokens do not expire unless their token response says so, so it was revoked (the app uninstalled or its access removed)",
		}}, true
	}
	if xeroTokenRefused(x) {
		evidence := []string{x.rejected(), "Xero answers 401 AuthenticationUnsuccessful when it does not accept the access token at all " +
			"(an expired one gets TokenExpired, an organisation the token may not use 403): the grant was revoked " +
			"(the app disconnected in Xero, the user who connected it removed from the organisation or their role changed) " +
			"or the token is not one Xero issued to this app"}
		conf := 0.6
		switch t := x.tok; {
		case t != nil && t.okCount > 0:
			conf = 0.7
			evidence = append(evidence, "access token "+fp(t.fp)+" worked until "+posFrom(x.ev.Time, t.lastOKSrc, t.lastOK)+" and was then refused")
		case t != nil && t.seen:
			conf = 0.45 // refused from its first use: as likely sent wrong as revoked
			evidence = append(evidence, "access token "+fp(t.fp)+" issued at "+posFrom(x.ev.Time, t.src, t.issued)+" never worked in this trace")
		}
		return verdict{label: LabelRevoked, cause: CauseGrantRevoked, conf: conf, evidence: evidence}, true
	}
	t := x.tok
	if x.status != 401 || t == nil || t.okCount == 0 || ev.Time.IsZero() || !t.seen || t.issued.IsZero() {
		return verdict{}, false
	}
	deadline, from, known := x.deadline()
	if !known {
		if !x.nonExpiring() {
			return verdict{}, false
		}
		// Issued without a lifetime or a refresh token, by a provider with
		// no default lifetime: a token that does not expire (a GitHub OAuth
		// App's, Slack's without rotation). Refused after it worked, it was
		// revoked.
		return verdict{label: LabelRevoked, cause: CauseGrantRevoked, conf: 0.6, awaitRefresh: true, evidence: []string{
			x.rejected(),
			"access token " + fp(t.fp) + " issued at " + posFrom(x.ev.Time, t.src, t.issued) + " without expires_in or a refresh token, a token that does not expire, worked until " +
				posFrom(x.ev.Time, t.lastOKSrc, t.lastOK) + " and was then refused",
		}}, true
	}
	life := deadline.Sub(t.issued)
	margin := life / 10
	if margin < wellBeforeMargin {
		margin = wellBeforeMargin
	}
	if !ev.Time.Before(deadline.Add(-margin)) {
		return verdict{}, false
	}
	evidence := []string{
		x.rejected(),
		"access token " + fp(t.fp) + " issued at " + posFrom(x.ev.Time, t.src, t.issued) + " worked until " + posFrom(x.ev.Time, t.lastOKSrc, t.lastOK) +
			" and was refused " + dur(ev.Time.Sub(t.issued)) + " after issue, well before its " + dur(life) + " lifetime (" + from + ")",
	}
	conf := 0.7
	if strings.Contains(from, "default") {
		conf = 0.5 // the lifetime is the provider's usual one, not this token's
	}
	return verdict{label: LabelRevoked, cause: CauseGrantRevoked, conf: conf, evidence: evidence, awaitRefresh: true}, true
}

// lasting tells an access token of a provider whose tokens do not expire
// unless their response says so (Shopify's offline tokens), with no
// lifetime known: expiry cannot explain its refusal.
func (x *ctx) lasting() bool {
	p := x.providerOf(x.ev.Host)
	if p == nil || !p.Lasting {
		return false
	}
	if t := x.tok; t != nil && (t.expiresIn != "" || !t.jwtExp.IsZero()) {
		return false
	}
	_, _, known := x.deadline()
	return !known
}

// revokedWhy says in words what the matched revocation code or phrase
// means, where the words alone do not.
func revokedWhy(q string) string {
	switch q {
	case "tokenissuedbeforerevocationtimestamp":
		return "Continuous Access Evaluation refused a token issued before the user's sessions were revoked (a password change or reset, " +
			"an admin's session revocation, the account disabled): the grant is gone, not a policy to meet"
	case "invalid token!":
		return "Zoom answers \"Invalid Token!\" for a refresh token that was already used (Zoom replaces it at every refresh) or revoked; " +
			"no earlier refresh in this trace replaced this one"
	case "invalid_refresh_token":
		return "the refresh token itself was refused: revoked, expired or already used"
	}
	return ""
}

// xeroTokenRefused tells Xero's 401 AuthenticationUnsuccessful, its
// answer to an access token it does not accept (Bearer
// error="invalid_token"); the 403 of the same name is about the
// organisation (see ruleTenantNotAuthorized).
func xeroTokenRefused(x *ctx) bool {
	return x.status == 401 && !x.tokenEP && x.sig.has(CauseTenantNotAuthorized) &&
		(hostHasSuffix(x.ev.Host, "xero.com") || strings.Contains(x.sig.text, "authenticationunsuccessful"))
}

// wellBeforeMargin is the least a rejection must precede the token's end
// of life to count as revocation rather than expiry.
const wellBeforeMargin = 5 * time.Minute

// nonExpiring tells an access token issued without a lifetime (no
// expires_in, JWT exp or provider default) or a refresh token: one that
// does not expire, as GitHub OAuth Apps and Slack without rotation issue.
func (x *ctx) nonExpiring() bool {
	t := x.tok
	if t == nil || !t.seen || t.expiresIn != "" || t.refreshFP != "" || !t.jwtExp.IsZero() || x.c.refreshIssued || x.c.curRT != "" {
		return false
	}
	_, _, known := x.deadline()
	return !known
}

// unknownGrantRevoked reads a token-endpoint call refused with
// invalid_grant whose grant type the input does not record (a log line
// without the request body, a task-history row that quotes only the
// response) as a refused refresh when the answer says so: the error text
// names the refresh token, or the provider's own revocation phrase
// ("Token has been expired or revoked.") is one no code exchange gets.
// A refresh is by far the commonest call to a token endpoint; a call the
// input shows to be another grant (a code exchange), or whose answer
// names an authorization code (see namesCode), is left to the rules after
// this one.
func (x *ctx) unknownGrantRevoked(said bool) (verdict, bool) {
	if !said || !grantUnknown(x.ev) || x.status < 400 || x.status >= 500 || retryableStatus(x.status) || !invalidGrant(x.ev.Error) || namesCode(x.sig.text) {
		return verdict{}, false
	}
	why := ""
	switch q := x.sig.quote(CauseGrantRevoked); {
	case q != "" && !strings.EqualFold(q, "invalid_grant"):
		why = "the provider's revocation text (" + q + ") answers a refresh, not a code exchange"
	case strings.Contains(x.sig.text, "refresh"):
		why = "the answer names the refresh"
	default:
		return verdict{}, false
	}
	return verdict{label: LabelRevoked, cause: CauseGrantRevoked, conf: 0.75, evidence: []string{
		x.rejected(),
		"the input does not record the request's grant type; " + why + ", so this is read as a refused refresh",
	}}, true
}

// codeWords name an authorization code or what only its exchange sends.
var codeWords = []string{"authorization code", "authorization_code", "auth code", "code_verifier", "code verifier", "redirect_uri", "redirect uri", "pkce"}

// namesCode reports whether lower-cased error text names an authorization
// code: an answer to a code exchange, even where it also names a refresh
// token (Microsoft's AADSTS54005 "Authorization code was already
// redeemed, … use an existing refresh token", AADSTS70008 "The provided
// authorization code or refresh token has expired").
func namesCode(text string) bool {
	for _, w := range codeWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// grantUnknown reports whether a token-endpoint call's grant type is not
// in the input: no grant_type, refresh token, code or redirect_uri was
// read from the request (a run naming the endpoint carries none).
func grantUnknown(ev *parser.Event) bool {
	t := ev.Token
	return t == nil || t.GrantType == "" && t.RefreshSentFP == "" && t.CodeSentFP == "" && t.RedirectURI == ""
}

// invalidGrant reports whether the error is OAuth's invalid_grant.
func invalidGrant(e *parser.ErrorBody) bool {
	if e == nil {
		return false
	}
	if strings.EqualFold(e.Code, "invalid_grant") {
		return true
	}
	for _, c := range e.Codes {
		if strings.EqualFold(c, "invalid_grant") {
			return true
		}
	}
	return false
}
