package heuristics

import "strings"

// playbook is the fix for each cause, in the words a report shows.
var playbook = map[Cause]string{
	CauseTTLElapsed:              "Refresh the access token before it expires (or on the first 401) and retry the request once with the new token.",
	CauseNonstandardExpiryStatus: "Map this 403/400/200 expiry error to a refresh in the integration's auth config (in a Zapier integration, throw RefreshAuthError on it) so the token is refreshed automatically; if you own the API, return 401 for expired tokens.",
	CauseNoRefreshToken:          "Request offline access (offline_access scope, access_type=offline, or the provider's equivalent) so the grant returns a refresh token, then reconnect the account.",
	CauseRefreshNotAttempted:     "Turn on automatic refresh and configure the refresh URL so expired tokens are refreshed; until then the account must be reconnected at every expiry.",
	CauseGrantRevoked:            "Reconnect the account: the user or an admin revoked the grant (consent removed, password changed, app uninstalled). Tell the user how to reconnect.",
	CauseRefreshTokenExpired:     "Reconnect the account; keep connections alive by refreshing regularly, before the provider's refresh-token inactivity or absolute limit.",
	CauseAdminPolicy:             "Where the policy asks for a new sign-in (MFA, reauthentication), have the user reconnect the account interactively; where it blocks the app (a Conditional Access block or device requirement, Google API controls), or to stop it recurring, an admin must let the integration through: in Microsoft Entra, exclude the app's service principal from the Conditional Access policy or use one it can meet (trusted location, sign-in frequency); in Google Workspace, mark the app Trusted under API controls and exempt trusted apps from session-control reauthentication (RAPT).",
	CauseTenantNotAuthorized:     "Check the organisation the request names: Xero's xero-tenant-id must be one that GET api.xero.com/connections lists for this token; a QuickBooks realmId must be the company the token was issued for, on its environment's base URL (sandbox-quickbooks for sandbox companies). If it is no longer connected (the app was disconnected in the organisation, the connecting user lost admin rights, the organisation was deleted or its subscription ended), a user with admin rights on it must reconnect the app.",
	CauseInvalidClient:           "Correct the client id and secret (and the environment they belong to) in the integration's configuration; rotate the secret if it expired.",
	CauseRedirectURIMismatch:     "Register the exact redirect URI the app sends (scheme, host, path and trailing slash) with the provider, or send the registered one.",
	CauseEnvironmentMismatch:     "Use tokens from the same environment as the API: sandbox authorization server with sandbox hosts, production with production; fix the base URL or reconnect against the right environment.",
	CauseAudienceMismatch:        "Request the token for the API's audience/resource and the right tenant (scope or resource parameter), then reconnect.",
	CauseRotationNotPersisted:    "Save what every refresh returns (the new access token, and the new refresh token when the provider rotates it) atomically in the token cache or shared store as soon as the refresh succeeds, and have every request and worker send the latest token from it, not a copy it kept.",
	CauseRefreshCollision:        "Single-flight the refresh per connection (a lock or queue) so concurrent workers wait for one refresh and reuse its result.",
	CauseBadExpiresIn:            "Return expires_in as a JSON number of seconds until expiry, or fix the client to detect milliseconds, epochs and strings.",
	CauseTokenEndpointError200:   "Check the token response body for an error even on 200 (GitHub style) and fail the connection loudly; fix the underlying error it names.",
	CauseClockSkew:               "Synchronise the clocks (NTP) of the machine that signs or checks tokens; allow a small leeway for iat/nbf.",
	CauseMalformedToken:          "Send the token exactly as issued (no truncation, quoting or extra prefix) with the right scheme, signed with the right key.",
	CauseMissingToken:            "Send the credentials with every request (Authorization: Bearer …); check the auth config maps the token into the request.",
	CauseWrongTokenEndpoint:      "Point the refresh/token request at the provider's token endpoint URL (POST, form-encoded) as documented.",
	CauseBadRefreshRequest:       "Send a complete refresh request: grant_type=refresh_token, the refresh_token, and client credentials, form-encoded.",
	CauseInsufficientScope:       "Add the missing scope to the app's requested scopes and reconnect the account; refreshing does not add scopes.",
	CauseMalformedJSON:           "Send a valid JSON body with the webhook delivery (check escaping and templating of mapped fields).",
	CauseMissingField:            "Map every field the receiver requires into the webhook payload.",
	CauseWrongContentType:        "Send the Content-Type the receiver expects (usually application/json) matching the body's encoding.",
	CauseRejectedPayload:         "Read the receiver's error and fix the payload values it refuses.",
	CauseCursorNotFollowed:       "Follow the next cursor / Link rel=\"next\" / has_more until the last page before stopping.",
	CausePageSkipped:             "Advance the offset/page by exactly the page size the server returned; do not skip pages.",
	CauseInterrupted:             "Retry the failed page (with backoff) and resume the walk from its cursor instead of stopping.",
	CauseTooManyRequests:         "Back off and retry after Retry-After; spread requests or lower concurrency to stay under the provider's rate limit.",
	CauseServerError:             "Retry with backoff; if it persists, the provider's service is failing: check its status page.",
	CauseNetworkError:            "Check connectivity, DNS, TLS and timeouts between the client and the host; retry with backoff.",
	CauseNotFound:                "Check the URL and the ids in it; the resource may have been deleted or belong to another account.",
	CauseClientError:             "Read the provider's error message and correct the request.",
	CauseCORSPreflightRefused:    "Allow the web page's origin in the API's CORS configuration: answer the OPTIONS preflight with 2xx without requiring credentials (browsers never send them on a preflight) and with Access-Control-Allow-Origin, -Methods and -Headers (Authorization included); for a page that sends cookies, name its origin, methods and headers (no *) and add Access-Control-Allow-Credentials: true. Or make the call from a server.",
	CauseUnknown:                 "Inspect the request and response; no rule recognised this failure.",
}

// remediation returns the playbook's fix for c, the same for every
// provider.
func remediation(c Cause) string { return playbook[c] }

// googleTestingFix is what a Google refresh token refused after 7 days
// asks for: the app is in Testing. Only Google connections are told.
const googleTestingFix = "If this Google connection fails every 7 days, " + googleTesting

// googleTesting is the cause and fix of Google refresh tokens that live
// 7 days.
const googleTesting = "the app's OAuth consent screen is in Testing, whose refresh tokens expire after 7 days: " +
	"publish the app (In production) in the Google Cloud console, then reconnect."

// fixFor returns the fix for finding f: its cause's playbook entry, and
// for a refresh token that expired on a Google connection (googleFinding),
// googleTestingFix too, and for an organization's policy on a GitHub
// connection, githubSSOFix.
func fixFor(f *Finding) string {
	switch {
	case f.Cause == CauseRefreshTokenExpired && googleFinding(f):
		return refreshTokenExpiredGoogleFix
	case f.Cause == CauseAdminPolicy && githubFinding(f):
		return adminPolicyGitHubFix
	}
	return playbook[f.Cause]
}

// githubSSOFix is what a GitHub organization's SAML enforcement asks.
const githubSSOFix = "For a GitHub organization that enforces SAML single sign-on, the user authorizes the token for the organization " +
	"(the URL in the X-GitHub-SSO header, or reconnect while signed in through the organization's SSO), and an organization owner " +
	"must have approved the OAuth app if the organization restricts third-party access."

// refreshTokenExpiredGoogleFix and adminPolicyGitHubFix are fixFor's
// answers on Google and GitHub connections, made once.
var (
	refreshTokenExpiredGoogleFix = playbook[CauseRefreshTokenExpired] + " " + googleTestingFix
	adminPolicyGitHubFix         = playbook[CauseAdminPolicy] + " " + githubSSOFix
)

// causeFix returns the fix of cause c for the taxonomy, which names no
// connection: the playbook entry, and what only Google or GitHub
// connections are told, saying so.
func causeFix(c Cause) string {
	switch c {
	case CauseRefreshTokenExpired:
		return playbook[c] + " Only on Google connections: if one fails every 7 days, " + googleTesting
	case CauseAdminPolicy:
		return playbook[c] + " Only on GitHub connections: f" + githubSSOFix[1:]
	}
	return playbook[c]
}

// googleFinding reports whether f is on a Google connection: the host it
// called is Google's, or, naming none (a Zap run), its step or connection
// names a Google app (googleNamed).
func googleFinding(f *Finding) bool {
	return providerFinding(f, "google", googleNamed)
}

// githubFinding reports whether f is on a GitHub connection, as
// googleFinding does for Google.
func githubFinding(f *Finding) bool {
	return providerFinding(f, "github", func(s string) bool { return strings.Contains(strings.ToLower(s), "github") })
}

// providerFinding reports whether f is on a connection of the provider
// name: the host it called is the provider's, or, naming none (a Zap
// run), named says its step or connection names the provider's app.
func providerFinding(f *Finding, name string, named func(string) bool) bool {
	host := f.Host
	if host == "" {
		host = hostOf(f.URL)
	}
	if host != "" {
		p := providerFor(strings.ToLower(host))
		return p != nil && p.Name == name
	}
	return named(f.Step) || named(f.Connection)
}

// hostOf returns the host of a URL as runs write it ("https://host/path",
// or "host/path"); "" when there is none.
func hostOf(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	if i := strings.LastIndexByte(u, '@'); i >= 0 {
		u = u[i+1:]
	}
	if i := strings.LastIndexByte(u, ':'); i >= 0 && !strings.Contains(u[i:], "]") {
		u = u[:i]
	}
	return u
}

// googleNamed reports whether s, a step or connection name, names a
// Google app (Zapier's "Google Sheets", "Gmail").
func googleNamed(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "google") || strings.Contains(s, "gmail")
}
