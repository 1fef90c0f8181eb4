// Package heuristics reads parser Events, groups them into connections, reads
// each connection as a timeline and labels every failure with a Label, a
// Cause, the evidence that proves it and the fix. Findings go next to package
// reports.
package heuristics

import (
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Label is the coarse class of a failure. The strings are a contract.
type Label string

// The labels, exactly as the jsonl contract spells them.
const (
	LabelExpired       Label = "expired"
	LabelRevoked       Label = "revoked"
	LabelInvalid       Label = "invalid"
	LabelScope         Label = "scope"
	LabelWebhook400    Label = "webhook-400"
	LabelPaginationGap Label = "pagination-gap"
	LabelRateLimited   Label = "rate-limited"
	LabelServerError   Label = "server-error"
	LabelOther         Label = "other"
)

// Labels lists every label in report order.
var Labels = []Label{
	LabelExpired, LabelRevoked, LabelInvalid, LabelScope, LabelWebhook400,
	LabelPaginationGap, LabelRateLimited, LabelServerError, LabelOther,
}

// String returns the label as written in reports.
func (l Label) String() string { return string(l) }

// Cause is the specific reason behind a Label. The strings are a contract.
type Cause string

// The causes, grouped by the label they belong to.
const (
	CauseTTLElapsed              Cause = "ttl-elapsed"
	CauseNonstandardExpiryStatus Cause = "nonstandard-expiry-status"
	CauseNoRefreshToken          Cause = "no-refresh-token"
	CauseRefreshNotAttempted     Cause = "refresh-not-attempted"

	CauseGrantRevoked        Cause = "grant-revoked"
	CauseRefreshTokenExpired Cause = "refresh-token-expired"
	CauseAdminPolicy         Cause = "admin-policy"
	CauseTenantNotAuthorized Cause = "tenant-not-authorized"

	CauseInvalidClient         Cause = "invalid-client"
	CauseRedirectURIMismatch   Cause = "redirect-uri-mismatch"
	CauseEnvironmentMismatch   Cause = "environment-mismatch"
	CauseAudienceMismatch      Cause = "audience-mismatch"
	CauseRotationNotPersisted  Cause = "rotation-not-persisted"
	CauseRefreshCollision      Cause = "refresh-collision"
	CauseBadExpiresIn          Cause = "bad-expires-in"
	CauseTokenEndpointError200 Cause = "token-endpoint-error-200"
	CauseClockSkew             Cause = "clock-skew"
	CauseMalformedToken        Cause = "malformed-token"
	CauseMissingToken          Cause = "missing-token"
	CauseWrongTokenEndpoint    Cause = "wrong-token-endpoint"
	CauseBadRefreshRequest     Cause = "bad-refresh-request"

	CauseInsufficientScope Cause = "insufficient-scope"

	CauseMalformedJSON    Cause = "malformed-json"
	CauseMissingField     Cause = "missing-field"
	CauseWrongContentType Cause = "wrong-content-type"
	CauseRejectedPayload  Cause = "rejected-payload"

	CauseCursorNotFollowed Cause = "cursor-not-followed"
	CausePageSkipped       Cause = "page-skipped"
	CauseInterrupted       Cause = "interrupted"

	CauseTooManyRequests Cause = "too-many-requests"

	CauseServerError  Cause = "server-error"
	CauseNetworkError Cause = "network-error"

	CauseNotFound             Cause = "not-found"
	CauseClientError          Cause = "client-error"
	CauseCORSPreflightRefused Cause = "cors-preflight-refused"
	CauseUnknown              Cause = "unknown"
)

// String returns the cause as written in reports.
func (c Cause) String() string { return string(c) }

// Finding is one labelled failure with the evidence that proves its cause.
type Finding struct {
	Source     parser.Source
	Time       time.Time // UTC; zero when the record had no time
	Connection string    // connection id or a derived "lineage:<fp>" / "client:<host>/<id>" / "host:<host>" / "zap:<id>" / "run:<id>" / "input:<file>" key
	Step       string
	Method     string
	URL        string // redacted
	Host       string
	Path       string
	// Status is the HTTP status: for an HTTP record, 0 means no response
	// was received; for a Zap run, the status its error text names.
	Status int
	// NoStatus is true when the record names no HTTP status at all (a Zap
	// run whose history gives none): its Status 0 is unknown, not "no
	// response".
	NoStatus bool

	Label       Label
	Cause       Cause
	Recovered   bool    // the same connection succeeded again afterwards without user action
	Confidence  float64 // 0..1, lower when the evidence is partial
	Evidence    []string
	Remediation string

	// Run facts, for findings on Zap run history.
	RunID    string
	ZapID    string
	ZapTitle string
	// Related points at the HTTP records that explain a run failure.
	Related []parser.Source
}

// Explanation is one connection's full timeline, its token lineage and the
// reasoning behind each finding, for --explain.
type Explanation struct {
	Connection string
	Tokens     []TokenLink // every token response seen, in time order
	Timeline   []Step      // every event of the connection, in time order
	Findings   []Finding
	Reasoning  []string // how the labels were picked, in words

	// Past the caps, Tokens and Timeline keep their first entries and
	// these count the rest, which Reasoning then mentions.
	moreTokens, moreSteps int
}

// TokenLink is one token response in a connection's lineage.
type TokenLink struct {
	Source        parser.Source
	Time          time.Time
	GrantType     string
	RefreshSentFP string        // the refresh token that asked for it
	AccessFP      string        // the access token it issued
	RefreshFP     string        // the refresh token it issued ("" when none)
	ExpiresIn     string        // as written
	Lifetime      time.Duration // as understood (unit detected); 0 when unknown
}

// Step is one event on a connection's timeline, described in words.
type Step struct {
	Source parser.Source
	Time   time.Time
	Method string
	URL    string
	Status int
	// NoStatus: the record names no HTTP status at all (a Zap run whose
	// history gives none); Status 0 without it means no response came.
	NoStatus bool
	What     string // "token issued", "used", "rejected", "refresh", "refresh failed", "run error" ...
}
