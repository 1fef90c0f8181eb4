// Package parser turns request traces — HAR files, JSONL request logs, Zapier
// platform logs, OpenTelemetry spans and Zapier run history — into a stream of
// normalized Events. Secrets never leave this package: every token, code,
// cookie, password and key is replaced by a short fingerprint before an Event
// exists. Events go next to package heuristics.
package parser

import (
	"fmt"
	"sync/atomic"
	"time"
)

// Format names an input format. Detection is by content, never by file name.
type Format string

// The supported input formats.
const (
	FormatUnknown   Format = ""
	FormatHAR       Format = "har"        // HAR 1.1/1.2 document, entries streamed
	FormatHARLines  Format = "har-jsonl"  // one HAR entry object per line
	FormatZapierLog Format = "zapier-log" // zapier-platform-core log records, one per line
	FormatZapierCLI Format = "zapier-cli" // `zapier logs --format json` (Title Case keys) or `--format raw` array
	FormatOTel      Format = "otel"       // OTLP JSON documents or flat span lines
	FormatNative    Format = "native"     // authtriage's documented native line format
	FormatMapped    Format = "mapped"     // any JSON log read through --field mappings
	FormatZapRuns   Format = "zap-runs"   // Partner API /v2/zap-runs pages or exported run arrays
	FormatTaskCSV   Format = "task-csv"   // task-history CSV export
)

// Source locates a record in its input: Index for array-based inputs (HAR
// entries, JSON arrays; 0-based), Line for line-based inputs (JSONL, CSV;
// 1-based). Exactly one of them is meaningful; Line is 0 for array inputs.
type Source struct {
	File  string
	Index int
	Line  int
}

// String renders the source as "file:line" or "file: entry N".
func (s Source) String() string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	return fmt.Sprintf("%s: entry %d", s.File, s.Index)
}

// Kind says whether an Event is an HTTP exchange or a Zap run.
type Kind uint8

// The kinds of Event.
const (
	KindHTTP Kind = iota
	KindRun
)

// Event is one normalized record. Every string field is already redacted.
type Event struct {
	Source Source
	Format Format
	Kind   Kind

	Time     time.Time     // UTC; zero when the record has no time
	Duration time.Duration // zero when unknown

	Method string
	URL    string // redacted: secret query parameters replaced by fingerprints
	Host   string // lower case, no port
	Path   string

	// Status is the HTTP status; 0 means no response was received
	// (network error, aborted, timed out) and NetError may say why.
	Status   int
	NetError string

	Response ResponseHeaders
	Auth     Auth
	Token    *TokenCall // non-nil for calls to an OAuth token endpoint
	Error    *ErrorBody // non-nil when the response body or headers carry an error
	Page     *Page      // non-nil when the request or response carries pagination facts
	Run      *Run       // non-nil for KindRun
	Hook     bool       // the request is a webhook delivery (hooks.zapier.com, /webhook, /hooks/, a Webhooks step)
	// TokenEndpoint is true when the URL is an OAuth token endpoint, also
	// for runs whose error text names one (Token is nil there: a run
	// carries no token facts).
	TokenEndpoint bool
	Request       RequestInfo // request facts used by the webhook rules
	// CORS holds the CORS headers of a preflight (an OPTIONS request
	// whose record lists its response's headers or sent a CORS request
	// header); nil on every other request.
	CORS *CORS `json:",omitempty"`

	Connection string // explicit connection id from the input, when it names one
	Step       string // Zap step or request name, when the input names one

	// Input is shared by every Event of one input file and is updated while
	// the file is read; read it when judging, not when the Event arrives.
	Input *Input

	// Bytes is the size of the record the Event was read from, which its
	// strings keep alive while it is held; 0 when not known.
	Bytes int `json:"-"`
}

// Input describes one input file as a whole.
type Input struct {
	Name    string
	Format  Format
	Creator string // HAR creator name, when given
	// CredentialsSeen becomes true once any request of the input carried
	// an Authorization header, a cookie or a credential parameter. A file
	// where it stays false is a sanitized export: a missing token proves
	// nothing there.
	CredentialsSeen atomic.Bool
}

// ResponseHeaders are the response headers that carry meaning for triage.
type ResponseHeaders struct {
	WWWAuthenticate string
	RetryAfter      string
	Link            string
	Date            string
	ContentType     string
	// OAuthScopes and AcceptedOAuthScopes are GitHub's X-OAuth-Scopes (what
	// the token was granted) and X-Accepted-OAuth-Scopes (what the endpoint
	// accepts): scope names, redacted all the same, as any header a hostile
	// export may fill with anything.
	OAuthScopes         string `json:",omitempty"`
	AcceptedOAuthScopes string `json:",omitempty"`
}

// CORS is what a CORS preflight asked and was allowed: the page's Origin
// and the Access-Control-Request-* headers the browser sent, and the
// Access-Control-Allow-* headers the server answered, as written but
// redacted and clipped (see corsValue): an origin is a scheme, a host and
// a port, no secret, but a hostile export may put anything there.
type CORS struct {
	Origin           string // Origin: the page's origin the browser asks for
	RequestMethod    string // Access-Control-Request-Method
	RequestHeaders   string // Access-Control-Request-Headers
	AllowOrigin      string // Access-Control-Allow-Origin
	AllowMethods     string // Access-Control-Allow-Methods
	AllowHeaders     string // Access-Control-Allow-Headers
	AllowCredentials string // Access-Control-Allow-Credentials
	// Answered is true when the record lists the response's headers, so
	// the Allow-* fields say what the server allowed; false when only the
	// request's are known.
	Answered bool
}

// RequestInfo holds request facts that matter to the webhook rules.
type RequestInfo struct {
	ContentType string
	BodyIsJSON  bool // true when the body parsed as JSON
	HasBody     bool
	// Recorded is true when the input records the request's headers and
	// body (HAR, native lines, Zapier logs); false when it does not (spans,
	// run history, mapped logs without those fields), where an empty
	// ContentType or HasBody false means unknown, not absent.
	Recorded bool
	// Login is true when a request answered 401 or 403 submitted a user's
	// password (a login form or API): a refused login, not a token's
	// failure. It is not looked for on other statuses.
	Login bool
	// Browser is the browser's own kind of the request in a HAR (Chrome's
	// _resourceType: "preflight", "ping", "xhr", "fetch", "document", …),
	// lower case; empty when the input does not say.
	Browser string `json:",omitempty"`
}

// Auth describes the credentials a request carried.
type Auth struct {
	// Scheme is the Authorization scheme ("Bearer", "Basic", ...), or
	// "query" / "cookie" / "api-key" when credentials came another way,
	// or "" when the request carried none.
	Scheme string
	// TokenFP fingerprints the credential (see Fingerprint).
	TokenFP string
	// Sanitized is true when the exporter is known to strip credentials
	// (a HAR without any Authorization or Cookie header in the whole
	// file, or Zapier's censored values), so a missing token proves nothing.
	Sanitized bool
	// Cookie is true when the request carried a cookie, whatever Scheme
	// names (a browser sends cookies cross-origin only when the page asks
	// for credentials, which changes what CORS allows).
	Cookie bool `json:",omitempty"`
	// JWT holds the claims of a bearer JWT; never its signature.
	JWT *Claims
}

// Claims are the registered JWT claims authtriage reads.
type Claims struct {
	Issuer    string
	Subject   string
	Audience  []string
	IssuedAt  time.Time
	NotBefore time.Time
	Expires   time.Time
	TenantID  string // Microsoft "tid", when present
}

// TokenCall holds the OAuth facts of a token-endpoint request.
type TokenCall struct {
	GrantType string // "refresh_token", "authorization_code", "client_credentials", ...
	ClientID  string // client ids are not secret and are kept as written
	// RefreshSentFP fingerprints the refresh token the request sent.
	RefreshSentFP string
	// CodeSentFP fingerprints the authorization code the request sent.
	CodeSentFP  string
	RedirectURI string
	// Response facts (status 2xx with a token body):
	AccessFP  string // fingerprint of the access token returned
	RefreshFP string // fingerprint of the refresh token returned ("" when none)
	IDTokenFP string
	ExpiresIn string // as written: "3600", "3600000", "\"3600\"" keeps quotes when it was a JSON string
	ExpiresAt string // expires_at / expires_on, as written
	// RefreshExpiresIn is how long the returned (or kept) refresh token
	// lives, as written: refresh_token_expires_in (GitHub apps, Microsoft
	// SPAs) or x_refresh_token_expires_in (Intuit, counting down to its
	// 100 days).
	RefreshExpiresIn string
	Scope            string
	TokenType        string
	AccessJWT        *Claims // claims of the returned access token, when it is a JWT
	Returned         bool    // the response carried an access token
	ErrorIn200       bool    // 2xx response whose body is an OAuth error (GitHub style)
}

// ErrorBody holds what a response said about its failure, from the body and
// WWW-Authenticate, in the shapes providers use. Strings are redacted.
type ErrorBody struct {
	Code        string   // OAuth "error", or the provider's primary code
	Description string   // error_description or the provider's message
	Codes       []string // every other code-like value found (reasons, AADSTS codes, errorCode, category, .tag)
	OKFalse     bool     // Slack-style {"ok":false}
	Text        string   // a capped, redacted excerpt of the body for phrase matching
}

// Page holds pagination facts of a list request and its response.
type Page struct {
	// Sent by the request:
	Cursor  string // cursor / after / page_token / starting_after value (fingerprinted if long)
	Offset  int64  // offset / startAt / skip; -1 when absent
	PageNum int64  // page / page_number; -1 when absent
	Limit   int64  // limit / per_page / maxResults / page_size; -1 when absent
	// Returned by the response:
	NextCursor string // next cursor / next page token / next URL; "" when none
	HasMore    bool   // has_more / hasMore / more / !isLast / !done
	Last       bool   // the response says the list ends here (has_more false, isLast or done true)
	LinkNext   bool   // Link header has rel="next"
	NextList   string `json:",omitempty"` // the ListKey of the Link rel="next" target ("" when none): it may be another path (GitHub's /repositories/ID/…)
	Total      int64  // total / total_count / totalSize; -1 when absent
	Count      int64  // records in this page; -1 when unknown
	ListKey    string // the endpoint walked: method + host + path without the paging params
}

// Run is one Zap run (or task) from run history.
type Run struct {
	ID        string
	ZapID     string
	ZapTitle  string
	StepName  string
	Status    RunStatus
	RawStatus string
	End       time.Time
	// Message is the error text, redacted.
	Message string
	// From the error text, when it names them:
	HTTPStatus int
	HTTPURL    string
	Refresh    bool // the text says an auth refresh was triggered or failed
}

// RunStatus is a run status normalized across every era of Zapier's vocabulary.
type RunStatus string

// The normalized run statuses.
const (
	RunSuccess      RunStatus = "success"
	RunError        RunStatus = "error"
	RunErrorHandled RunStatus = "error_handled"
	RunHalted       RunStatus = "halted"
	RunHeld         RunStatus = "held"
	RunFiltered     RunStatus = "filtered"
	RunSkipped      RunStatus = "skipped"
	RunDelayed      RunStatus = "delayed"
	RunScheduled    RunStatus = "scheduled"
	RunPending      RunStatus = "pending"
	RunThrottled    RunStatus = "throttled"
	RunStopped      RunStatus = "stopped"
	RunWaiting      RunStatus = "waiting"
	RunNeedsReview  RunStatus = "needs_review"
	RunUnknown      RunStatus = "unknown"
)

// Failed reports whether the event is a failure that needs a finding:
// status >= 400, no response, an auth error in a 2xx body, or a failed run.
func (e *Event) Failed() bool {
	if e.Kind == KindRun {
		return e.Run != nil && (e.Run.Status == RunError || e.Run.Status == RunHeld ||
			e.Run.Status == RunThrottled || e.Run.Status == RunStopped)
	}
	if e.Status >= 400 || e.Status <= 0 {
		return true
	}
	if e.Token != nil && e.Token.ErrorIn200 {
		return true
	}
	return e.Error != nil && (e.Error.OKFalse || e.Error.Code != "")
}
