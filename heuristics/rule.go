package heuristics

import (
	"fmt"
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// A rule names one cause and decides, for a failed record, whether that
// cause explains it. Check sees the record and what its connection did
// before it; Settle, when set, runs once more when later events can no
// longer change the finding (a refresh that never came, a retry that
// never succeeded) and may revise the cause.
type rule struct {
	Name   string
	Doc    string
	Check  func(x *ctx) (verdict, bool)
	Settle func(f *Finding, o *openFinding, c *conn)
}

// verdict is what a rule concluded about one record.
type verdict struct {
	label    Label
	cause    Cause
	conf     float64 // before the partial-evidence discounts
	evidence []string
	// awaitRefresh keeps the finding open until a refresh request or the
	// end of the connection decides between ttl-elapsed and
	// refresh-not-attempted.
	awaitRefresh bool
	// pathScoped: only a later success on the same endpoint recovers it
	// (a scope or payload problem is not fixed by other calls working).
	pathScoped bool
	// rule names the rule that gave it, where it is kept for later
	// (judgeAsSanitized), for --explain.
	rule string
}

// rules lists the per-record rules in priority order: the first whose
// Check matches labels the record. Transport and token-endpoint rules come
// first because they are exact; the timeline inferences about API calls
// come after the provider's own words; fallbacks last.
var rules = []rule{
	ruleCORSPreflightRefused,
	ruleNetworkError,
	ruleTooManyRequests,
	ruleServerError,
	ruleTokenEndpointError200,
	ruleWrongTokenEndpoint,
	ruleClockSkew,
	ruleInvalidClient,
	ruleRedirectURIMismatch,
	ruleRefreshTokenExpired,
	ruleAdminPolicy,
	ruleRefreshCollision,
	ruleRotationNotPersisted,
	ruleBadRefreshRequest,
	ruleMalformedJSON,
	ruleWrongContentType,
	ruleMissingField,
	ruleRejectedPayload,
	ruleEnvironmentMismatch,
	ruleAudienceMismatch,
	ruleTenantNotAuthorized,
	ruleMissingToken,
	ruleMalformedToken,
	ruleNonstandardExpiryStatus,
	ruleInsufficientScope,
	ruleBadExpiresIn,
	ruleNoRefreshToken,
	ruleTTLElapsed,
	ruleRefreshNotAttempted,
	ruleGrantRevoked,
	ruleNotFound,
	ruleClientError,
	ruleUnknown,
}

// ctx is what a rule sees of the current record. One ctx is reused for
// every event, so rules must not keep it.
type ctx struct {
	e  *Engine
	ev *parser.Event
	c  *conn

	failed  bool
	status  int  // HTTP status, from the record or, for runs, from the error text
	tokenEP bool // a token-endpoint call, a run whose text names one, or a run whose auth refresh failed
	refresh bool // a refresh_token grant
	// refreshFailedRun: a Zap run whose auth refresh was refused (4xx
	// other than the retryable ones, or a RefreshAuthError without status).
	refreshFailedRun bool
	path             uint64
	tok              *tokenInfo // the access token the request carried, when known
	// assumedTok: the export stripped the request's credentials, so tok is
	// the connection's latest issued token, assumed to be the one sent.
	assumedTok bool
	hook       bool // a webhook delivery: the parser's Event.Hook, for HTTP records and runs alike
	// forceSanitized judges the record as if its input strips
	// credentials (the second judgement of a provisional record).
	forceSanitized bool
	sig            signals
}

// reset points x at a new event.
func (x *ctx) reset(e *Engine, ev *parser.Event, c *conn) {
	x.e, x.ev, x.c = e, ev, c
	x.status = ev.Status
	if x.status == 0 && ev.Run != nil {
		x.status = ev.Run.HTTPStatus
	}
	// A run carries no token facts, but its error text can name the
	// token endpoint it called (TokenEndpoint without Token).
	x.tokenEP = ev.Token != nil || ev.TokenEndpoint
	x.refresh = ev.Token != nil && (strings.EqualFold(ev.Token.GrantType, "refresh_token") || ev.Token.RefreshSentFP != "")
	x.refreshFailedRun = refreshFailedRun(ev, x.status)
	if x.refreshFailedRun {
		// The run's auth refresh itself was refused: read it as a refresh.
		x.tokenEP, x.refresh = true, true
	}
	x.failed = failedEvent(ev)
	x.path = pathHash(ev)
	x.tok, x.assumedTok = nil, false
	if !x.tokenEP {
		x.tok = c.token(ev.Auth.TokenFP)
		if ev.Auth.TokenFP == "" && ev.Auth.Sanitized {
			x.tok = c.latestIssued()
			x.assumedTok = x.tok != nil
		}
	}
	x.hook = ev.Hook
	x.sig = signals{}
	x.forceSanitized = false
}

// sanitized reports whether the record's export strips credentials, as
// far as is known when it is judged.
func (x *ctx) sanitized() bool { return x.forceSanitized || sanitizedNow(x.ev) }

// refreshFailedRun reports whether a run's error says its auth refresh
// failed, as opposed to a 401 that merely triggered one.
func refreshFailedRun(ev *parser.Event, status int) bool {
	r := ev.Run
	if ev.Kind != parser.KindRun || r == nil || !r.Refresh {
		return false
	}
	if status != 0 && (status < 400 || status >= 500 || retryableStatus(status)) {
		return false
	}
	m := strings.ToLower(r.Message)
	if strings.Contains(m, "triggering auth refresh") {
		return false
	}
	return m == "" || strings.Contains(m, "refreshautherror") || strings.Contains(m, "refresh failed") ||
		strings.Contains(m, "refresh") && status != 401
}

// retryableStatus reports the 4xx statuses that mean "try again", not "the
// credentials are bad" (Zapier does not mark a connection stale on them).
func retryableStatus(s int) bool {
	return s == 408 || s == 409 || s == 423 || s == 425 || s == 429
}

// failedEvent is parser.Event.Failed plus token-endpoint answers that
// carry no token (an HTML login page, a redirect).
func failedEvent(ev *parser.Event) bool {
	if pollingPending(ev) || turnedOff(ev) {
		return false
	}
	if ev.Failed() {
		return !browserNoise(ev)
	}
	if refusedPreflight(ev) {
		return true // a redirect: see rule_cors_preflight_refused.go
	}
	t := ev.Token
	return ev.Kind == parser.KindHTTP && t != nil && !t.Returned && ev.Status >= 200 && ev.Status < 400
}

// pollingPending tells a device-flow poll answered "not yet" (RFC 8628
// 3.5: authorization_pending, slow_down): the normal wait for the user,
// not a failure.
func pollingPending(ev *parser.Event) bool {
	if ev.Token == nil && !ev.TokenEndpoint || ev.Error == nil {
		return false
	}
	c := strings.ToLower(ev.Error.Code)
	return c == "authorization_pending" || c == "slow_down"
}

// turnedOff tells a run stopped because someone turned its Zap off: a
// choice, not a failure.
func turnedOff(ev *parser.Event) bool {
	r := ev.Run
	return r != nil && r.Status == parser.RunStopped && strings.Contains(strings.ToLower(r.Message), "turned off")
}

// isAuthStatus reports statuses that reject credentials.
func isAuthStatus(s int) bool { return s == 401 || s == 403 }

// authRejected reports whether the record is an API call whose
// credentials were refused: 401, 403, or a 2xx/400 body with an auth error.
func (x *ctx) authRejected() bool {
	if x.tokenEP {
		return false
	}
	if isAuthStatus(x.status) {
		return true
	}
	if e := x.ev.Error; e != nil && (e.OKFalse || e.Code != "") && x.status < 500 && x.status != 429 {
		return x.sig.set&authCauses != 0
	}
	return false
}

// authCauses are the causes whose signals mean the credentials were refused.
var authCauses = causeBit(CauseTTLElapsed) | causeBit(CauseGrantRevoked) | causeBit(CauseMalformedToken) |
	causeBit(CauseMissingToken) | causeBit(CauseAudienceMismatch) | causeBit(CauseClockSkew) |
	causeBit(CauseInsufficientScope) | causeBit(CauseRefreshTokenExpired) | causeBit(CauseAdminPolicy) |
	causeBit(CauseTenantNotAuthorized)

// authLabel reports labels whose confidence depends on seeing tokens.
func authLabel(l Label) bool {
	return l == LabelExpired || l == LabelRevoked || l == LabelInvalid || l == LabelScope
}

// Discounts applied to confidence when the evidence is partial.
const (
	// sanitizedFactor: the export strips credentials, so token identity
	// and presence are unknown.
	sanitizedFactor = 0.8
	// noTokenResponseFactor: no token response on the connection, so
	// lifetimes and lineage are guessed.
	noTokenResponseFactor = 0.85
)

// confidence discounts base for partial evidence.
func (x *ctx) confidence(base float64, l Label) float64 {
	if authLabel(l) {
		if x.sanitized() {
			base *= sanitizedFactor
		}
		if x.c.tokenResponses == 0 && !x.tokenEP {
			base *= noTokenResponseFactor
		}
	}
	if base > 1 {
		base = 1
	}
	return round2(base)
}

// deadline returns when the access token in use expires and how that is
// known; ok is false when no lifetime is known.
func (x *ctx) deadline() (time.Time, string, bool) {
	t := x.tok
	if t == nil {
		if j := x.ev.Auth.JWT; j != nil && !j.Expires.IsZero() {
			return j.Expires, "its JWT exp", true
		}
		return time.Time{}, "", false
	}
	if t.seen && !t.issued.IsZero() && t.life.d > 0 {
		return t.issued.Add(t.life.d), t.life.from, true
	}
	if !t.jwtExp.IsZero() {
		return t.jwtExp, "its JWT exp", true
	}
	if j := x.ev.Auth.JWT; j != nil && !j.Expires.IsZero() {
		return j.Expires, "its JWT exp", true
	}
	if t.seen && !t.issued.IsZero() {
		if p := x.providerOf(t.host); p != nil && p.DefaultLifetime > 0 {
			return t.issued.Add(p.DefaultLifetime), p.Name + "'s default lifetime", true
		}
	}
	return time.Time{}, "", false
}

// providerOf returns the provider of host, else of the connection.
func (x *ctx) providerOf(host string) *Provider {
	if p := providerFor(host); p != nil {
		return p
	}
	if p := providerFor(x.ev.Host); p != nil {
		return p
	}
	return x.c.provider
}

// lifetimeOf reads the lifetime a token response gave its access token:
// expires_in (unit detected), else expires_at, else the JWT exp.
func (x *ctx) lifetimeOf(t *parser.TokenCall, ev *parser.Event) lifetime {
	d, u := parseExpiresIn(t.ExpiresIn, ev.Time)
	if d > 0 {
		return lifetime{d: d, unit: u, from: "expires_in=" + t.ExpiresIn}
	}
	if at := parseExpiresAt(t.ExpiresAt, ev.Time); at > 0 {
		return lifetime{d: at, unit: u, from: "expires_at=" + t.ExpiresAt}
	}
	if j := t.AccessJWT; j != nil && !j.Expires.IsZero() {
		start := j.IssuedAt
		if start.IsZero() {
			start = ev.Time
		}
		if !start.IsZero() && j.Expires.After(start) {
			return lifetime{d: j.Expires.Sub(start), unit: u, from: "its JWT exp"}
		}
	}
	return lifetime{unit: u}
}

// what names the record for evidence: "401 GET api.example.com/v1/me".
func (x *ctx) what() string {
	ev := x.ev
	var b strings.Builder
	if x.status != 0 {
		fmt.Fprintf(&b, "%d ", x.status)
	} else if ev.Kind == parser.KindHTTP {
		b.WriteString("no response to ")
	}
	if ev.Method != "" {
		b.WriteString(ev.Method)
		b.WriteByte(' ')
	}
	b.WriteString(ev.Host)
	b.WriteString(ev.Path)
	if ev.Kind == parser.KindRun && ev.Run != nil && ev.Host == "" {
		b.Reset()
		fmt.Fprintf(&b, "run %s (%s)", ev.Run.ID, ev.Run.RawStatus)
	}
	return strings.TrimSpace(b.String())
}

// said quotes what the provider said: its error code and description.
func (x *ctx) said() string {
	e := x.ev.Error
	if e == nil {
		if h := x.ev.Response.WWWAuthenticate; h != "" {
			return "WWW-Authenticate: " + h
		}
		if x.ev.Run != nil && x.ev.Run.Message != "" {
			return fmt.Sprintf("%q", clip(x.ev.Run.Message, 120))
		}
		return ""
	}
	switch {
	case e.Code != "" && e.Description != "":
		return fmt.Sprintf("%s (%q)", e.Code, clip(e.Description, 120))
	case e.Code != "":
		return e.Code
	case e.Description != "":
		return fmt.Sprintf("%q", clip(e.Description, 120))
	case x.ev.Response.WWWAuthenticate != "":
		return "WWW-Authenticate: " + x.ev.Response.WWWAuthenticate
	case len(e.Codes) > 0:
		return strings.Join(e.Codes, ", ")
	}
	return ""
}

// rejected is the standard first evidence sentence: what was answered, where.
func (x *ctx) rejected() string {
	s := x.what() + " at " + pos(x.ev.Source, x.ev.Time)
	if said := x.said(); said != "" {
		s += " answered " + said
	}
	return s
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// clock renders t as a UTC time of day, e.g. 10:02:11.
func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("15:04:05")
}

// clockFrom renders t as clock does, with its date when it falls on
// another UTC day than ref, the time of the record a sentence is about
// (a refresh 8 days before the failure is not "10:30:00").
func clockFrom(ref, t time.Time) string {
	if t.IsZero() || ref.IsZero() || sameDay(ref, t) {
		return clock(t)
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	return ay == by && am == bm && ad == bd
}

// posFrom renders a record position as pos does, its time as clockFrom.
func posFrom(ref time.Time, src parser.Source, t time.Time) string {
	if t.IsZero() {
		return src.String()
	}
	return src.String() + " (" + clockFrom(ref, t) + ")"
}

// pos renders a record position with its time: "s.har: entry 40 (10:02:11)".
func pos(src parser.Source, t time.Time) string {
	if t.IsZero() {
		return src.String()
	}
	return src.String() + " (" + clock(t) + ")"
}

// dur renders a duration the way people read lifetimes: 60m43s, 2h5m, 3d4h.
func dur(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	d = d.Round(time.Second)
	var s string
	switch {
	case d >= 48*time.Hour:
		s = fmt.Sprintf("%dd%dh", d/(24*time.Hour), (d%(24*time.Hour))/time.Hour)
	case d > 2*time.Hour:
		s = fmt.Sprintf("%dh%dm", d/time.Hour, (d%time.Hour)/time.Minute)
	case d >= time.Minute:
		s = fmt.Sprintf("%dm%02ds", d/time.Minute, (d%time.Minute)/time.Second)
	default:
		s = fmt.Sprintf("%ds", d/time.Second)
	}
	if neg {
		return "-" + s
	}
	return s
}

// fp shortens a fingerprint for evidence.
func fp(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
