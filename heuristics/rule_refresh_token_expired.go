package heuristics

import (
	"strconv"
	"strings"
	"time"
)

// ruleRefreshTokenExpired: the provider says the refresh token itself aged
// out (inactivity or absolute lifetime), or Google refuses it as "expired
// or revoked" 7 days after the consent that issued it: its app is in
// Testing (in run history, where no consent is seen, the steady interval
// between refusals tells it: ruleRunRefreshTokenLifetime).
var ruleRefreshTokenExpired = rule{
	Name:  "refresh-token-expired",
	Doc:   "a refresh answered AADSTS700082/70008, Keycloak \"Token is not active\", \"Refresh token has expired\", the current refresh token refused (invalid_grant) past the life its token response stated (x_refresh_token_expires_in: Intuit), a Google refresh token refused as revoked 7 days after the consent that issued it, or runs' refreshes refused as revoked at a steady interval after each reconnect (7 days: a Google app in Testing)",
	Check: checkRefreshTokenExpired,
}

func checkRefreshTokenExpired(x *ctx) (verdict, bool) {
	if !x.sig.has(CauseRefreshTokenExpired) || !(x.tokenEP || x.ev.Run != nil) {
		if v, ok := checkStatedExpiry(x); ok {
			return v, true
		}
		return checkTestingExpiry(x)
	}
	evidence := []string{x.rejected()}
	if t := x.ev.Token; t != nil && t.RefreshSentFP != "" {
		if r := x.c.lastOKRefresh(t.RefreshSentFP); r != nil {
			evidence = append(evidence, "refresh token "+fp(t.RefreshSentFP)+" was last used successfully at "+posFrom(x.ev.Time, r.src, r.t)+", "+dur(x.ev.Time.Sub(r.t))+" earlier")
		} else {
			evidence = append(evidence, "refresh token "+fp(t.RefreshSentFP)+" was not used earlier in this trace")
		}
	}
	return verdict{label: LabelRevoked, cause: CauseRefreshTokenExpired, conf: 0.9, evidence: evidence}, true
}

// checkTestingExpiry: a Google refresh refused as revoked, with the
// refresh token a consent in this trace issued 7 days (give or take
// lifetimeSlack) before: the app is in Testing, nobody revoked it.
func checkTestingExpiry(x *ctx) (verdict, bool) {
	t, c := x.ev.Token, x.c
	if t == nil || !x.refresh || t.RefreshSentFP == "" || t.RefreshSentFP != c.curRT || c.rt == nil || c.rt.consent.IsZero() ||
		!x.sig.has(CauseGrantRevoked) || !refusedRefresh(x) || x.ev.Time.IsZero() {
		return verdict{}, false
	}
	age := x.ev.Time.Sub(c.rt.consent)
	if !testingLifetime(age) {
		return verdict{}, false
	}
	if p := providerFor(x.ev.Host); p == nil || p.Name != "google" {
		return verdict{}, false
	}
	s := "refresh token " + fp(t.RefreshSentFP) + " was issued by the consent (authorization_code grant) at " +
		posFrom(x.ev.Time, c.rt.consentSrc, c.rt.consent) + ", " + dur(age) + " earlier, and refused as revoked: " + googleTestingNote
	conf := 0.8
	if n := c.rt.testingExpiries; n > 0 {
		conf = 0.85
		s += "; " + itoa(int(n)) + " earlier refresh token(s) of this connection died the same way"
	}
	if strings.Contains(x.sig.text, "token has been expired or revoked") {
		s += " (Google says \"expired or revoked\" for both)"
	}
	return verdict{label: LabelRevoked, cause: CauseRefreshTokenExpired, conf: conf, evidence: []string{x.rejected(), s}}, true
}

// refreshLife reads a refresh_token_expires_in as written: whole seconds
// (a refresh token lives days or months, so no unit is guessed), quoted
// or not; 0 when absent or unreadable.
func refreshLife(raw string) time.Duration {
	if raw == "" {
		return 0 // most responses: no error value made
	}
	n, err := strconv.ParseInt(strings.Trim(raw, "\" "), 10, 64)
	if err != nil || n <= 0 || n > maxRefreshLife {
		return 0
	}
	return time.Duration(n) * time.Second
}

// maxRefreshLife bounds a stated refresh-token life: past ten years the
// number is not a lifetime in seconds.
const maxRefreshLife = 10 * 366 * 86400

// statedExpirySlack: a refresh this close before the stated end of its
// refresh token's life is counted as after it (clocks differ).
const statedExpirySlack = 5 * time.Minute

// checkStatedExpiry: the current refresh token refused with an
// invalid_grant-family answer after the end of the life its token
// response stated (Intuit's x_refresh_token_expires_in, GitHub apps'
// refresh_token_expires_in): it expired, nobody revoked it.
func checkStatedExpiry(x *ctx) (verdict, bool) {
	t, c := x.ev.Token, x.c
	if t == nil || !x.refresh || t.RefreshSentFP == "" || t.RefreshSentFP != c.curRT || c.rt == nil || c.rt.deadline.IsZero() ||
		x.ev.Time.IsZero() || !refusedRefresh(x) || x.ev.Time.Before(c.rt.deadline.Add(-statedExpirySlack)) {
		return verdict{}, false
	}
	if !x.sig.has(CauseGrantRevoked) && (x.ev.Error == nil || !strings.EqualFold(x.ev.Error.Code, "invalid_grant")) {
		return verdict{}, false
	}
	when := "at its end"
	if late := x.ev.Time.Sub(c.rt.deadline); late >= time.Second {
		when = dur(late) + " after it"
	}
	s := "the token response that gave refresh token " + fp(t.RefreshSentFP) + " said it lives until " + clockFrom(x.ev.Time, c.rt.deadline) +
		" (refresh_token_expires_in); this refresh came " + when + ": the refresh token expired, nobody revoked it"
	return verdict{label: LabelRevoked, cause: CauseRefreshTokenExpired, conf: 0.85, evidence: []string{x.rejected(), s}}, true
}
