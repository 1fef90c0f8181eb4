package heuristics

import (
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// expirySlack is how early before its known lifetime a rejection still
// counts as expiry: clock differences and providers that cut lifetimes a
// little short.
const expirySlack = 2 * time.Minute

// ruleTTLElapsed: the access token was used past its lifetime, or the
// provider says it expired with a 401.
var ruleTTLElapsed = rule{
	Name:  "ttl-elapsed",
	Doc:   "401 for an access token used past its lifetime (expires_in, JWT exp, provider default), or the provider says expired",
	Check: checkTTLElapsed,
}

func checkTTLElapsed(x *ctx) (verdict, bool) {
	exp, ok := expiredBy(x)
	if !ok {
		return verdict{}, false
	}
	c := x.c
	await := c.curRT != "" || c.refreshIssued || len(c.refreshes) > 0
	if r := c.lastRefreshAt; !r.IsZero() {
		if t := x.tok; t != nil && !t.issued.IsZero() && r.After(t.issued) {
			await = false // a refresh was already tried since this token was issued (its response or JWT iat)
		} else if (t == nil || t.issued.IsZero()) && !x.ev.Time.IsZero() && x.ev.Time.Sub(r) <= recentRefresh {
			await = false // another worker refreshed just before: this one sent a token it had not yet swapped
		}
	}
	return verdict{label: LabelExpired, cause: CauseTTLElapsed, conf: exp.conf, evidence: exp.evidence, awaitRefresh: await}, true
}

// expiry says why a record looks like an access token's expiry.
type expiry struct {
	evidence []string
	conf     float64
	age      time.Duration // since issue, when known
}

// expiredBy decides whether an API call was refused because its access
// token expired: by its known lifetime, by the provider's own words with
// a 401, or (weakly) because a token that worked is refused later.
func expiredBy(x *ctx) (expiry, bool) {
	if x.tokenEP {
		return expiry{}, false
	}
	said := x.sig.has(CauseTTLElapsed)
	run := x.ev.Kind == parser.KindRun
	if x.status != 401 && !(run && x.status == 0 && said) {
		return expiry{}, false
	}
	// words: the text names the expiry ("token expired", TokenExpired);
	// a code alone (Graph's InvalidAuthenticationToken, Zoom's 124) refuses
	// the token for any reason, and Zapier's "triggering auth refresh" is
	// Zapier's reaction to a 401, not the provider's words.
	words := said && saysExpired(x.sig.text)
	zapier := said && !words && x.sig.quote(CauseTTLElapsed) == zapierRefreshPhrase
	t := x.ev.Time
	deadline, from, known := x.deadline()
	var out expiry
	ageKnown := false
	if tk := x.tok; tk != nil && tk.seen && !tk.issued.IsZero() && !t.IsZero() {
		out.age, ageKnown = t.Sub(tk.issued), true
	}
	// The weak readings below need a refusal that names no other reason;
	// a code that refuses the token for any reason names none.
	others := x.sig.set & authCauses
	if said && !words {
		others &^= causeBit(CauseTTLElapsed)
	}
	switch {
	case known && !t.IsZero() && !t.Before(deadline.Add(-expirySlack)):
		out.conf = 0.9
		if x.tok == nil || !x.tok.seen || x.assumedTok {
			out.conf = 0.8
		}
		out.evidence = []string{x.rejected(), lifeSentence(x, deadline, from)}
		if x.assumedTok {
			out.evidence = append(out.evidence, "the export strips credentials, so the request is taken to carry the connection's latest token")
		}
		if words {
			out.evidence = append(out.evidence, "the provider says the token expired ("+x.sig.quote(CauseTTLElapsed)+")")
		}
	case said && known && !t.IsZero() && t.Before(deadline.Add(-wellBeforeMargin)) && !words:
		// A generic code (Graph's InvalidAuthenticationToken, Zoom's 124,
		// Salesforce's INVALID_SESSION_ID) that says nothing of expiry,
		// for a token its lifetime says is alive: some other invalidity.
		return expiry{}, false
	case words:
		out.conf = 0.85
		out.evidence = []string{x.rejected(), "the provider says the access token expired (" + x.sig.quote(CauseTTLElapsed) + ")"}
		if known && !t.IsZero() {
			out.evidence = append(out.evidence, "by "+from+" it should have lived until "+clockFrom(x.ev.Time, deadline))
		}
	case zapier:
		out.conf = 0.7
		out.evidence = []string{x.rejected(), "the API answered 401 and Zapier triggered an auth refresh, as it does for an expired token; " +
			"the text is Zapier's, so the API's own reason is not known"}
	case !known && x.tok != nil && x.tok.okCount > 0 && others == 0 && expiring(x.ev.Auth.Scheme) &&
		!(ageKnown && out.age < minGuessedLifetime) && !x.ev.Request.Login && !x.nonExpiring() && !x.lasting():
		out.conf = 0.5
		out.evidence = []string{x.rejected(), "the same token worked at " + posFrom(x.ev.Time, x.tok.lastOKSrc, x.tok.lastOK) + " and its lifetime is unknown: read as expiry"}
		if said {
			out.evidence = append(out.evidence, genericRefusal(x))
		}
	case !known && (x.tok == nil || x.assumedTok) && x.c.okCount > 0 && others == 0 && !x.hook && !x.ev.Request.Login:
		out.conf = 0.45
		out.evidence = []string{x.rejected(), "requests of this connection succeeded until " + posFrom(x.ev.Time, x.c.okSrc, x.c.okT) +
			"; which token this one carried is not in the trace: read as expiry"}
		if said {
			out.evidence = append(out.evidence, genericRefusal(x))
		}
	default:
		return expiry{}, false
	}
	return out, true
}

// zapierRefreshPhrase is Zapier's own text for a 401 it answered with an
// auth refresh ("Got 401 calling GET …, triggering auth refresh.").
const zapierRefreshPhrase = "triggering auth refresh"

// saysExpired tells error text (lower case) that names an expiry in
// words: "expired", "expires", TokenExpired, token_expired.
func saysExpired(text string) bool { return strings.Contains(text, "expire") }

// genericRefusal says what a code that refuses a token for any reason
// does and does not prove.
func genericRefusal(x *ctx) string {
	return "the provider's code " + x.sig.quote(CauseTTLElapsed) + " refuses the token without saying why (expired, revoked or malformed)"
}

// recentRefresh: a rejection of a token of unknown issue this soon after a
// refresh of its connection came from a worker still holding the old one.
const recentRefresh = 5 * time.Minute

// minGuessedLifetime: a token refused sooner than this after it was
// issued, with no lifetime known, is not taken for expired (providers'
// shortest lifetimes are minutes). A token issued before the trace began
// may be at the end of its life at any time.
const minGuessedLifetime = 5 * time.Minute

// expiring tells the credentials that expire and are refreshed: bearer
// tokens and session cookies, not Basic credentials or API keys, which are
// refused for other reasons (revoked, deprecated, uninstalled).
func expiring(scheme string) bool {
	return scheme != "Basic" && scheme != "api-key" && scheme != "query"
}

// lifeSentence states a token's lifetime and how far past it the request
// went: "access token a1b2 issued at f:3 (09:12:01) with expires_in=3600
// (60m00s); rejected 60m43s later".
func lifeSentence(x *ctx, deadline time.Time, from string) string {
	t := x.ev.Time
	if tk := x.tok; tk != nil && tk.seen && !tk.issued.IsZero() {
		s := "access token " + fp(tk.fp) + " issued at " + posFrom(x.ev.Time, tk.src, tk.issued)
		if tk.life.d > 0 {
			s += " with " + tk.life.from + " (" + dur(tk.life.d) + ")"
		} else {
			s += " with a lifetime of " + dur(deadline.Sub(tk.issued)) + " by " + from
		}
		return s + "; rejected " + dur(t.Sub(tk.issued)) + " later"
	}
	return "the token expired at " + clockFrom(x.ev.Time, deadline) + " by " + from + "; rejected " + dur(t.Sub(deadline)) + " after that"
}
