package heuristics

import (
	"strings"
	"time"
)

// ProvidersVersion dates the provider knowledge below. Bump it whenever an
// entry of Providers or Signals changes, so reports can say which knowledge
// they were made with.
const ProvidersVersion = "2026-11-26"

// Provider is what authtriage knows about one OAuth provider.
type Provider struct {
	Name string
	// Hosts are host suffixes (API and authorization servers) that belong
	// to the provider, lower case.
	Hosts []string
	// TokenPaths are path suffixes of the provider's token endpoints.
	TokenPaths []string
	// DefaultLifetime is the access token lifetime the provider issues
	// when the token response does not say; 0 when unknown.
	DefaultLifetime time.Duration
	// RotatesRefresh is true when every refresh returns a new refresh
	// token and invalidates the one sent (or may, depending on app setup).
	RotatesRefresh bool
	// SandboxHosts are host substrings that mark the provider's sandbox
	// or test environment; every other host of the provider is production.
	SandboxHosts []string
	// SharedAuthHosts serve both environments, so a token's origin there
	// says nothing about its environment.
	SharedAuthHosts []string
	// Lasting is true when the provider's access tokens do not expire
	// unless their token response says so (expires_in): refused after it
	// worked, such a token was revoked.
	Lasting bool
}

// Providers is the provider table, one entry per provider. Order matters
// only for hosts that match two entries: the first wins.
var Providers = []Provider{
	{Name: "google", Hosts: []string{"googleapis.com", "google.com"}, TokenPaths: []string{"/token", "/o/oauth2/token"},
		DefaultLifetime: time.Hour},
	{Name: "microsoft", Hosts: []string{"microsoftonline.com", "microsoft.com", "graph.microsoft.com", "office.com", "outlook.com", "windows.net", "dynamics.com"},
		TokenPaths: []string{"/oauth2/v2.0/token", "/oauth2/token"}, DefaultLifetime: time.Hour, RotatesRefresh: true},
	{Name: "salesforce", Hosts: []string{"salesforce.com", "force.com"}, TokenPaths: []string{"/services/oauth2/token"},
		DefaultLifetime: 2 * time.Hour, SandboxHosts: []string{"test.salesforce.com", ".sandbox.", "--"}},
	{Name: "hubspot", Hosts: []string{"hubapi.com", "hubspot.com"}, TokenPaths: []string{"/oauth/v1/token", "/oauth/v3/token"},
		DefaultLifetime: 30 * time.Minute},
	// Slack and GitHub tokens expire only when the app opted in (token
	// rotation; GitHub App user tokens), and then the response says so
	// (expires_in): a response without it issued a token that does not
	// expire.
	{Name: "slack", Hosts: []string{"slack.com"}, TokenPaths: []string{"/api/oauth.v2.access", "/api/oauth.access", "/api/oauth.v2.exchange"},
		RotatesRefresh: true},
	{Name: "dropbox", Hosts: []string{"dropboxapi.com", "dropbox.com"}, TokenPaths: []string{"/oauth2/token"},
		DefaultLifetime: 4 * time.Hour},
	{Name: "xero", Hosts: []string{"xero.com"}, TokenPaths: []string{"/connect/token"},
		DefaultLifetime: 30 * time.Minute, RotatesRefresh: true},
	{Name: "zoom", Hosts: []string{"zoom.us"}, TokenPaths: []string{"/oauth/token"},
		DefaultLifetime: time.Hour, RotatesRefresh: true},
	{Name: "atlassian", Hosts: []string{"atlassian.com", "atlassian.net"}, TokenPaths: []string{"/oauth/token"},
		DefaultLifetime: time.Hour, RotatesRefresh: true},
	{Name: "auth0", Hosts: []string{"auth0.com"}, TokenPaths: []string{"/oauth/token"},
		DefaultLifetime: 24 * time.Hour, RotatesRefresh: true},
	{Name: "github", Hosts: []string{"github.com"}, TokenPaths: []string{"/login/oauth/access_token"},
		RotatesRefresh: true},
	{Name: "okta", Hosts: []string{"okta.com", "oktapreview.com"}, TokenPaths: []string{"/oauth2/v1/token", "/v1/token"},
		DefaultLifetime: time.Hour, SandboxHosts: []string{"oktapreview.com"}},
	{Name: "box", Hosts: []string{"box.com"}, TokenPaths: []string{"/oauth2/token"},
		DefaultLifetime: time.Hour, RotatesRefresh: true},
	{Name: "quickbooks", Hosts: []string{"intuit.com"}, TokenPaths: []string{"/oauth2/v1/tokens/bearer"},
		DefaultLifetime: time.Hour, RotatesRefresh: true, SandboxHosts: []string{"sandbox-quickbooks", "sandbox"},
		SharedAuthHosts: []string{"oauth.platform.intuit.com", "appcenter.intuit.com"}},
	// Shopify's offline access tokens do not expire (its optional
	// expiring offline tokens say expires_in); uninstalling the app
	// revokes them.
	{Name: "shopify", Hosts: []string{"myshopify.com"}, TokenPaths: []string{"/admin/oauth/access_token"}, Lasting: true},
	{Name: "keycloak", Hosts: nil, TokenPaths: []string{"/protocol/openid-connect/token"},
		DefaultLifetime: 5 * time.Minute, RotatesRefresh: true},
}

// genericSandboxParts are host labels (split on '.' and '-') that mark a
// sandbox or test environment on any provider.
var genericSandboxParts = []string{"sandbox", "test", "staging", "uat"}

// Where restricts a Signal to a kind of record.
type Where uint8

// The places a Signal may apply.
const (
	Anywhere      Where = iota
	TokenEndpoint       // only responses of token-endpoint calls
	APICall             // only responses of calls that are not token-endpoint calls
	RunText             // only Zap run error texts
)

// Signal maps a provider's error code or phrase to a Cause. Code matches an
// error code exactly (case-insensitive, OAuth "error" or any provider code);
// Phrase matches a lower-case substring of the error text, description and
// WWW-Authenticate header. Host, when set, limits the signal to hosts with
// that suffix, or, when Shape is set too, to error texts that hold Shape (a
// lower-case mark of the provider's error shape, for a record whose host is
// not the provider's: a Zap run's text, a proxy).
type Signal struct {
	Code     string
	Phrase   string
	Host     string
	Shape    string
	Where    Where
	Cause    Cause
	Provider string // documentation only
}

// Signals is the table of provider error shapes. The first signal matching
// a cause wins; rules decide between causes, so order within one cause
// does not matter, but a phrase that contains another cause's phrase must
// come first (Google's "expired or revoked" is revocation, not expiry).
var Signals = []Signal{
	// Revocation (checked before expiry phrases that they contain).
	{Phrase: "token has been expired or revoked", Cause: CauseGrantRevoked, Provider: "google"},
	{Phrase: "expired access/refresh token", Cause: CauseGrantRevoked, Provider: "salesforce"},
	{Code: "AADSTS50173", Cause: CauseGrantRevoked, Provider: "microsoft"},
	{Phrase: "aadsts50173", Cause: CauseGrantRevoked, Provider: "microsoft"},
	{Code: "token_revoked", Cause: CauseGrantRevoked, Provider: "slack"},
	{Code: "BAD_REFRESH_TOKEN", Cause: CauseGrantRevoked, Provider: "hubspot"},
	{Code: "invalid_grant", Where: TokenEndpoint, Cause: CauseGrantRevoked, Provider: "rfc6749"},
	{Phrase: "unknown or invalid refresh token", Where: TokenEndpoint, Cause: CauseGrantRevoked, Provider: "auth0/atlassian"},
	{Phrase: "refresh token is invalid", Where: TokenEndpoint, Cause: CauseGrantRevoked},
	{Phrase: "refresh_token is invalid", Where: TokenEndpoint, Cause: CauseGrantRevoked, Provider: "atlassian"},
	{Phrase: "revoked", Cause: CauseGrantRevoked},
	{Code: "app_uninstalled", Cause: CauseGrantRevoked, Provider: "slack"},
	// A refresh token that no longer works: Slack's invalid_refresh_token
	// (in a 200 ok:false body), Zoom's "Invalid Token!" (with
	// invalid_request) for a rotated refresh token already used, or one
	// revoked. A replaced refresh token sent again is told apart by the
	// lineage (ruleRotationNotPersisted).
	{Code: "invalid_refresh_token", Where: TokenEndpoint, Cause: CauseGrantRevoked, Provider: "slack"},
	{Phrase: "invalid token!", Host: "zoom.us", Where: TokenEndpoint, Cause: CauseGrantRevoked, Provider: "zoom"},
	// Entra Continuous Access Evaluation: the user's sessions were revoked
	// (password reset, admin revocation) after the token was issued.
	{Phrase: "tokenissuedbeforerevocationtimestamp", Where: APICall, Cause: CauseGrantRevoked, Provider: "microsoft"},
	{Code: "account_inactive", Cause: CauseGrantRevoked, Provider: "slack"},
	{Phrase: "disconnected app", Where: RunText, Cause: CauseGrantRevoked, Provider: "zapier"},
	{Code: "DisconnectedApp", Where: RunText, Cause: CauseGrantRevoked, Provider: "zapier"},

	// An admin's policy demands an interactive sign-in the refresh cannot
	// give (checked before revocation: these come as invalid_grant too).
	// Microsoft: MFA required (50076) or to be enrolled (50079), blocked
	// or not met Conditional Access (53003, 53000 managed device, 53001
	// domain-joined device), an external MFA challenge (50158);
	// interaction_required is the OAuth error Entra sends with them.
	{Code: "AADSTS50076", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Phrase: "aadsts50076", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "AADSTS50079", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Phrase: "aadsts50079", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "AADSTS53003", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Phrase: "aadsts53003", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "AADSTS53000", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Phrase: "aadsts53000", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "AADSTS53001", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Phrase: "aadsts53001", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "AADSTS50158", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Phrase: "aadsts50158", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "interaction_required", Where: TokenEndpoint, Cause: CauseAdminPolicy, Provider: "openid/microsoft"},
	// A Continuous Access Evaluation claims challenge on an API call: a
	// location policy or a revoked session (WWW-Authenticate error=).
	{Code: "insufficient_claims", Where: APICall, Cause: CauseAdminPolicy, Provider: "microsoft"},
	// Google: the Workspace session control's reauthentication expired
	// the grant (error_subtype invalid_rapt), the admin restricted the
	// app or its scopes in API controls, or Advanced Protection blocks
	// apps not Google's.
	{Phrase: "invalid_rapt", Cause: CauseAdminPolicy, Provider: "google"},
	{Phrase: "reauth related error", Cause: CauseAdminPolicy, Provider: "google"},
	{Code: "admin_policy_enforced", Cause: CauseAdminPolicy, Provider: "google"},
	{Phrase: "admin_policy_enforced", Cause: CauseAdminPolicy, Provider: "google"},
	// policy_enforced is a generic enough name for other providers and
	// gateways to use: only Google's (its hosts, or an error text in its
	// shape: type.googleapis.com/google.rpc details, a googleapis.com
	// domain or URL) is the Advanced Protection block.
	{Code: "policy_enforced", Host: "google.com", Shape: "googleapis.com", Cause: CauseAdminPolicy, Provider: "google"},
	{Code: "policy_enforced", Host: "googleapis.com", Cause: CauseAdminPolicy, Provider: "google"},
	// GitHub: an organization enforcing SAML single sign-on refuses an
	// OAuth token not authorized for it (403, with an X-GitHub-SSO header
	// naming the URL where the user authorizes it).
	{Phrase: "protected by organization saml enforcement", Cause: CauseAdminPolicy, Provider: "github"},

	// The token works, but not for the organisation the request names.
	// Xero answers 403 AuthenticationUnsuccessful when the xero-tenant-id
	// is missing, wrong, or no longer connected (access removed, the
	// user's role changed, the organisation deleted or its trial over);
	// QuickBooks answers 3100 ApplicationAuthorizationFailed (403) when
	// the app is not authorized for that realm on that base URL, and 120
	// -11014- when the connecting user lost access to the company.
	{Phrase: "authenticationunsuccessful", Host: "xero.com", Where: APICall, Cause: CauseTenantNotAuthorized, Provider: "xero"},
	{Code: "3100", Host: "intuit.com", Where: APICall, Cause: CauseTenantNotAuthorized, Provider: "quickbooks"},
	{Phrase: "errorcode=003100", Where: APICall, Cause: CauseTenantNotAuthorized, Provider: "quickbooks"},
	{Phrase: "applicationauthorizationfailed", Where: APICall, Cause: CauseTenantNotAuthorized, Provider: "quickbooks"},
	{Phrase: "you do not have access to use quickbooks online", Where: APICall, Cause: CauseTenantNotAuthorized, Provider: "quickbooks"},

	// The refresh token itself aged out.
	{Code: "AADSTS700082", Cause: CauseRefreshTokenExpired, Provider: "microsoft"},
	{Phrase: "aadsts700082", Cause: CauseRefreshTokenExpired, Provider: "microsoft"},
	{Code: "AADSTS70008", Cause: CauseRefreshTokenExpired, Provider: "microsoft"},
	{Phrase: "aadsts70008:", Cause: CauseRefreshTokenExpired, Provider: "microsoft"},
	{Phrase: "token is not active", Where: TokenEndpoint, Cause: CauseRefreshTokenExpired, Provider: "keycloak"},
	{Phrase: "refresh token has expired", Cause: CauseRefreshTokenExpired, Provider: "box"},
	{Phrase: "refresh token expired", Cause: CauseRefreshTokenExpired},
	{Phrase: "refresh token is expired", Cause: CauseRefreshTokenExpired},
	{Phrase: "refresh token older than", Cause: CauseRefreshTokenExpired, Provider: "zapier/quickbooks"},
	// Zapier's ExpiredAuthError: the connection's auth expired and the
	// user must reconnect it; refreshing is what already failed.
	{Phrase: "expiredautherror", Where: RunText, Cause: CauseRefreshTokenExpired, Provider: "zapier"},
	{Code: "ExpiredAuthError", Where: RunText, Cause: CauseRefreshTokenExpired, Provider: "zapier"},
	{Code: "AADSTS700084", Cause: CauseRefreshTokenExpired, Provider: "microsoft"}, // a SPA's refresh token, 24 h fixed
	{Phrase: "aadsts700084", Cause: CauseRefreshTokenExpired, Provider: "microsoft"},

	// The client is rejected.
	{Code: "invalid_client", Cause: CauseInvalidClient, Provider: "rfc6749"},
	{Code: "unauthorized_client", Cause: CauseInvalidClient, Provider: "rfc6749"},
	{Code: "incorrect_client_credentials", Cause: CauseInvalidClient, Provider: "github"},
	{Code: "AADSTS7000215", Cause: CauseInvalidClient, Provider: "microsoft"},
	{Phrase: "aadsts7000215", Cause: CauseInvalidClient, Provider: "microsoft"},
	{Code: "AADSTS700016", Cause: CauseInvalidClient, Provider: "microsoft"},
	{Phrase: "aadsts700016", Cause: CauseInvalidClient, Provider: "microsoft"},
	{Phrase: "the oauth client was not found", Cause: CauseInvalidClient, Provider: "google"},
	{Code: "deleted_client", Cause: CauseInvalidClient, Provider: "google"},
	{Phrase: "the oauth client was deleted", Cause: CauseInvalidClient, Provider: "google"},
	{Phrase: "invalid jwt signature", Where: TokenEndpoint, Cause: CauseInvalidClient, Provider: "google"}, // a service account's key deleted or wrong

	// Redirect URI.
	{Code: "redirect_uri_mismatch", Cause: CauseRedirectURIMismatch, Provider: "google/github"},
	{Phrase: "redirect_uri_mismatch", Cause: CauseRedirectURIMismatch},
	{Phrase: "does not match the redirection uri", Cause: CauseRedirectURIMismatch, Provider: "rfc6749"},
	{Code: "AADSTS50011", Cause: CauseRedirectURIMismatch, Provider: "microsoft"},
	{Phrase: "aadsts50011", Cause: CauseRedirectURIMismatch, Provider: "microsoft"},

	// Audience / tenant.
	{Phrase: "invalid audience", Cause: CauseAudienceMismatch},
	{Code: "AADSTS50020", Cause: CauseAudienceMismatch, Provider: "microsoft"},
	{Phrase: "aadsts50020", Cause: CauseAudienceMismatch, Provider: "microsoft"},
	{Code: "AADSTS500011", Cause: CauseAudienceMismatch, Provider: "microsoft"},
	{Phrase: "aadsts500011", Cause: CauseAudienceMismatch, Provider: "microsoft"},
	{Phrase: "audience validation failed", Cause: CauseAudienceMismatch, Provider: "microsoft"}, // IDX10214
	// ASP.NET Core's JwtBearer handler words its WWW-Authenticate
	// error_description by the validation that failed: "The audience
	// 'api://x' is invalid", "The issuer 'https://…' is invalid" (older
	// versions without the value). A token from an issuer the API does not
	// accept (another tenant, Entra's v1 sts.windows.net issuer for an API
	// expecting v2) was requested from the wrong authority, as a token for
	// another audience was requested for the wrong resource.
	{Phrase: "the audience '", Cause: CauseAudienceMismatch, Provider: "aspnetcore"},
	{Phrase: "the audience is invalid", Cause: CauseAudienceMismatch, Provider: "aspnetcore"},
	{Phrase: "the issuer '", Cause: CauseAudienceMismatch, Provider: "aspnetcore"},
	{Phrase: "the issuer is invalid", Cause: CauseAudienceMismatch, Provider: "aspnetcore"},
	{Phrase: "issuer validation failed", Cause: CauseAudienceMismatch, Provider: "microsoft"}, // IDX10205
	{Phrase: "idx10211", Cause: CauseAudienceMismatch, Provider: "microsoft"},                 // the token names no issuer

	// Clock skew.
	{Phrase: "not yet valid", Cause: CauseClockSkew},
	{Phrase: "check your iat and exp values", Cause: CauseClockSkew, Provider: "google"},
	{Phrase: "used before", Cause: CauseClockSkew, Provider: "nbf"},
	{Code: "AADSTS700024", Cause: CauseClockSkew, Provider: "microsoft"},
	{Phrase: "aadsts700024", Cause: CauseClockSkew, Provider: "microsoft"},
	{Phrase: "issued in the future", Cause: CauseClockSkew},
	{Phrase: "is not valid before", Cause: CauseClockSkew, Provider: "aspnetcore"}, // "The token is not valid before '…'"

	// Malformed token.
	{Phrase: "signature verification failed", Cause: CauseMalformedToken},
	{Phrase: "invalid signature", Cause: CauseMalformedToken},
	{Phrase: "signature validation failed", Cause: CauseMalformedToken, Provider: "microsoft"}, // IDX10500/10501/10503/10511
	{Phrase: "the signature is invalid", Cause: CauseMalformedToken, Provider: "aspnetcore"},
	{Phrase: "the signature key was not found", Cause: CauseMalformedToken, Provider: "aspnetcore"},
	// A token the API cannot judge the lifetime of: no exp claim (IDX10225,
	// the API requires one), or nbf after exp (IDX10224). Not an expiry:
	// the token was minted wrong (a custom issuer, a hand-made token).
	{Phrase: "the token has no expiration", Cause: CauseMalformedToken, Provider: "aspnetcore"},
	{Phrase: "the token lifetime is invalid", Cause: CauseMalformedToken, Provider: "aspnetcore"},
	{Phrase: "idx10225", Cause: CauseMalformedToken, Provider: "microsoft"},
	{Phrase: "idx10224", Cause: CauseMalformedToken, Provider: "microsoft"},
	{Phrase: "malformed", Cause: CauseMalformedToken},
	{Phrase: "jwt is not well formed", Cause: CauseMalformedToken, Provider: "microsoft"},
	// Graph could not parse the token at all (80049217: not a token Graph
	// reads, e.g. cut short, quoted, or an opaque token of another API).
	{Phrase: "compacttoken parsing failed", Cause: CauseMalformedToken, Provider: "microsoft"},
	{Code: "invalid_auth", Where: APICall, Cause: CauseMalformedToken, Provider: "slack"},

	// Missing credentials.
	{Code: "not_authed", Cause: CauseMissingToken, Provider: "slack"},
	{Phrase: "no authorization header", Cause: CauseMissingToken},
	{Phrase: "authorization header is missing", Cause: CauseMissingToken},
	{Phrase: "missing authorization", Cause: CauseMissingToken},
	{Phrase: "requires authentication", Cause: CauseMissingToken, Provider: "github"},
	{Phrase: "missing access token", Cause: CauseMissingToken},
	{Phrase: "credentials not found", Cause: CauseMissingToken, Provider: "hubspot"},
	{Phrase: "credentials were not provided", Cause: CauseMissingToken, Provider: "django-rest-framework"},
	{Phrase: "missing api key", Cause: CauseMissingToken},

	// Bad refresh request.
	{Code: "invalid_request", Where: TokenEndpoint, Cause: CauseBadRefreshRequest, Provider: "rfc6749"},
	{Code: "unsupported_grant_type", Where: TokenEndpoint, Cause: CauseBadRefreshRequest, Provider: "rfc6749"},

	// Scope.
	{Code: "insufficient_scope", Cause: CauseInsufficientScope, Provider: "rfc6750"},
	{Phrase: "insufficient_scope", Cause: CauseInsufficientScope, Provider: "rfc6750"},
	{Code: "missing_scope", Cause: CauseInsufficientScope, Provider: "slack"},
	{Code: "MISSING_SCOPES", Cause: CauseInsufficientScope, Provider: "hubspot"},
	{Code: "ACCESS_TOKEN_SCOPE_INSUFFICIENT", Cause: CauseInsufficientScope, Provider: "google"},
	{Phrase: "access_token_scope_insufficient", Cause: CauseInsufficientScope, Provider: "google"},
	{Code: "Authorization_RequestDenied", Cause: CauseInsufficientScope, Provider: "microsoft"},
	{Phrase: "insufficient authentication scopes", Cause: CauseInsufficientScope, Provider: "google"},
	{Phrase: "insufficient privileges", Cause: CauseInsufficientScope, Provider: "microsoft"},
	{Phrase: "scope does not match", Cause: CauseInsufficientScope, Provider: "atlassian"},
	{Phrase: "insufficient scope", Cause: CauseInsufficientScope},
	{Phrase: "missing_scopes", Cause: CauseInsufficientScope, Provider: "hubspot"},
	{Phrase: "required scope", Cause: CauseInsufficientScope},
	// Zoom: 4711 "Invalid access token, does not contain scopes:[…]" on an
	// API call (at the token endpoint 4711 is a refresh's scope mismatch).
	{Phrase: "does not contain scopes", Cause: CauseInsufficientScope, Provider: "zoom"},
	{Code: "4711", Host: "zoom.us", Where: APICall, Cause: CauseInsufficientScope, Provider: "zoom"},
	// Shopify: "[API] This action requires merchant approval for
	// read_customers scope." (the scope is not granted, or protected
	// customer data access is not approved for the app).
	{Phrase: "requires merchant approval for", Cause: CauseInsufficientScope, Provider: "shopify"},

	// Expiry said by the provider.
	{Code: "ACCESS_TOKEN_EXPIRED", Cause: CauseTTLElapsed},
	{Code: "EXPIRED_AUTHENTICATION", Cause: CauseTTLElapsed, Provider: "hubspot"},
	// HubSpot's message when its category is not kept (a gateway's log, a
	// run's error quoting the text alone).
	{Phrase: "oauth token used to make this call expired", Cause: CauseTTLElapsed, Provider: "hubspot"},
	{Code: "TokenExpired", Cause: CauseTTLElapsed, Provider: "xero"},
	{Code: "token_expired", Cause: CauseTTLElapsed, Provider: "slack"},
	{Code: "expired_access_token", Cause: CauseTTLElapsed, Provider: "dropbox"},
	// Graph's standard expiry text; "not yet valid" in it is no clock
	// skew unless the token's own times say so (see ruleClockSkew).
	{Phrase: "access token has expired or is not yet valid", Cause: CauseTTLElapsed, Provider: "microsoft"},
	{Phrase: "session expired or invalid", Cause: CauseTTLElapsed, Provider: "salesforce"},
	{Phrase: "token is expired", Cause: CauseTTLElapsed},
	{Phrase: "token has expired", Cause: CauseTTLElapsed},
	{Phrase: "token expired", Cause: CauseTTLElapsed},
	{Phrase: "expired token", Cause: CauseTTLElapsed},
	{Phrase: "token_expired", Cause: CauseTTLElapsed},
	{Phrase: "lifetime validation failed", Cause: CauseTTLElapsed, Provider: "microsoft"},
	// Codes that refuse the token for any reason: an expiry only when the
	// text says expired or the token's lifetime has run out (see
	// expiredBy). After the phrases, so evidence quotes the words.
	{Code: "124", Host: "zoom.us", Cause: CauseTTLElapsed, Provider: "zoom"},
	{Code: "InvalidAuthenticationToken", Cause: CauseTTLElapsed, Provider: "microsoft"},
	{Code: "INVALID_SESSION_ID", Cause: CauseTTLElapsed, Provider: "salesforce"},
	// Zapier's own reaction to a 401, not the API's words.
	{Phrase: "triggering auth refresh", Where: RunText, Cause: CauseTTLElapsed, Provider: "zapier"},

	// Rate limits.
	{Phrase: "throttled", Cause: CauseTooManyRequests},
	{Code: "ThrottledError", Cause: CauseTooManyRequests, Provider: "zapier"},
	{Phrase: "rate limit", Cause: CauseTooManyRequests},
	{Phrase: "ratelimitexceeded", Cause: CauseTooManyRequests, Provider: "google"}, // rateLimitExceeded, userRateLimitExceeded
	{Phrase: "quota exceeded for quota metric", Cause: CauseTooManyRequests, Provider: "google"},
	{Code: "ratelimited", Cause: CauseTooManyRequests, Provider: "slack"},
	{Code: "too_many_requests", Cause: CauseTooManyRequests},
	{Code: "REQUEST_LIMIT_EXCEEDED", Cause: CauseTooManyRequests, Provider: "salesforce"},

	// Microsoft's error_codes array carries the AADSTS numbers bare.
	{Code: "50173", Host: "microsoftonline.com", Cause: CauseGrantRevoked, Provider: "microsoft"},
	{Code: "700082", Host: "microsoftonline.com", Cause: CauseRefreshTokenExpired, Provider: "microsoft"},
	{Code: "700084", Host: "microsoftonline.com", Cause: CauseRefreshTokenExpired, Provider: "microsoft"},
	{Code: "70008", Host: "microsoftonline.com", Cause: CauseRefreshTokenExpired, Provider: "microsoft"},
	{Code: "7000215", Host: "microsoftonline.com", Cause: CauseInvalidClient, Provider: "microsoft"},
	{Code: "700016", Host: "microsoftonline.com", Cause: CauseInvalidClient, Provider: "microsoft"},
	{Code: "50011", Host: "microsoftonline.com", Cause: CauseRedirectURIMismatch, Provider: "microsoft"},
	{Code: "50020", Host: "microsoftonline.com", Cause: CauseAudienceMismatch, Provider: "microsoft"},
	{Code: "500011", Host: "microsoftonline.com", Cause: CauseAudienceMismatch, Provider: "microsoft"},
	{Code: "700024", Host: "microsoftonline.com", Cause: CauseClockSkew, Provider: "microsoft"},
	{Code: "50076", Host: "microsoftonline.com", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "50079", Host: "microsoftonline.com", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "53003", Host: "microsoftonline.com", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "53000", Host: "microsoftonline.com", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "53001", Host: "microsoftonline.com", Cause: CauseAdminPolicy, Provider: "microsoft"},
	{Code: "50158", Host: "microsoftonline.com", Cause: CauseAdminPolicy, Provider: "microsoft"},

	// Network errors named in run texts (Node error codes).
	{Phrase: "etimedout", Cause: CauseNetworkError},
	{Phrase: "econnreset", Cause: CauseNetworkError},
	{Phrase: "econnrefused", Cause: CauseNetworkError},
	{Phrase: "enotfound", Cause: CauseNetworkError},
	{Phrase: "eai_again", Cause: CauseNetworkError},
	{Phrase: "socket hang up", Cause: CauseNetworkError},

	// Webhook payloads.
	{Phrase: "invalid json", Cause: CauseMalformedJSON},
	{Phrase: "malformed json", Cause: CauseMalformedJSON},
	{Phrase: "json parse error", Cause: CauseMalformedJSON},
	{Phrase: "unexpected token", Cause: CauseMalformedJSON},
	{Phrase: "could not parse", Cause: CauseMalformedJSON},
	{Phrase: "content-type", Cause: CauseWrongContentType},
	{Phrase: "content type", Cause: CauseWrongContentType},
	{Phrase: "media type", Cause: CauseWrongContentType},
	{Phrase: "is required", Cause: CauseMissingField},
	{Phrase: "missing required", Cause: CauseMissingField},
	{Phrase: "missing field", Cause: CauseMissingField},
	{Phrase: "required field", Cause: CauseMissingField},
	{Phrase: "must be provided", Cause: CauseMissingField},
}

// Boilerplate is text that names every failure at once (RFC 6750's
// description of invalid_token): it is cut from the error text before
// phrases are matched, so "expired, revoked, malformed" proves none of them.
var Boilerplate = []string{
	// RFC 6749 5.2's description of invalid_grant, which Doorkeeper
	// (GitLab) and Ory Fosite (Hydra) send for every refused grant.
	"is invalid, expired, revoked, does not match the redirection uri used in the authorization request, or was issued to another client",
	"is expired, revoked, malformed, or invalid for other reasons",
	"is expired, revoked, malformed or invalid for other reasons",
	"expired, revoked, malformed, or invalid",
	"expired, revoked, malformed or invalid",
}

// providerFor returns the provider whose host suffix matches host, or nil.
func providerFor(host string) *Provider {
	if host == "" {
		return nil
	}
	for i := range Providers {
		for _, h := range Providers[i].Hosts {
			if hostHasSuffix(host, h) {
				return &Providers[i]
			}
		}
	}
	return nil
}

// providerForPath returns the provider whose token path suffix matches
// path when the host alone did not tell (self-hosted Keycloak).
func providerForPath(path string) *Provider {
	for i := range Providers {
		if len(Providers[i].Hosts) != 0 {
			continue
		}
		for _, p := range Providers[i].TokenPaths {
			if strings.HasSuffix(path, p) {
				return &Providers[i]
			}
		}
	}
	return nil
}

// knownTokenPath reports whether path ends like some provider's token
// endpoint or like the generic OAuth ones.
func knownTokenPath(path string) bool {
	p := strings.ToLower(path)
	for _, g := range genericTokenPaths {
		if strings.HasSuffix(p, g) {
			return true
		}
	}
	for i := range Providers {
		for _, t := range Providers[i].TokenPaths {
			if strings.HasSuffix(p, t) {
				return true
			}
		}
	}
	return false
}

// genericTokenPaths are token endpoint path suffixes used by many servers.
var genericTokenPaths = []string{"/token", "/oauth/token", "/oauth2/token", "/oauth/access_token", "/access_token", "/oauth2/v2.0/token", "/services/oauth2/token", "/tokens/bearer", "/connect/token"}

func hostHasSuffix(host, suffix string) bool {
	if !strings.HasSuffix(host, suffix) {
		return false
	}
	return len(host) == len(suffix) || host[len(host)-len(suffix)-1] == '.' || suffix[0] == '.'
}

// sandboxHost reports whether host belongs to a sandbox or test
// environment, by the provider's own markers, then by generic labels.
func sandboxHost(host string, p *Provider) bool {
	if p != nil {
		for _, m := range p.SandboxHosts {
			if strings.Contains(host, m) && !(m == "--" && strings.Contains(host, "--c.")) {
				// (Salesforce's MyDomain--sandbox hosts; MyDomain--c.vf.force.com
				// and other --c. content hosts are production.)
				return true
			}
		}
	}
	start := 0
	for i := 0; i <= len(host); i++ {
		if i == len(host) || host[i] == '.' || host[i] == '-' {
			part := host[start:i]
			for _, g := range genericSandboxParts {
				if part == g {
					return true
				}
			}
			start = i + 1
		}
	}
	return false
}

// site returns the registrable part of host: its last two labels.
func site(host string) string {
	dots := 0
	for i := len(host) - 1; i >= 0; i-- {
		if host[i] == '.' {
			dots++
			if dots == 2 {
				return host[i+1:]
			}
		}
	}
	return host
}
