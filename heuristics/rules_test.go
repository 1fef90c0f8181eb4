package heuristics

import (
	"strings"
	"testing"
	"time"

	"github.com/authtriage/authtriage/parser"
)

const (
	googleToken = "https://oauth2.googleapis.com/token"
	msToken     = "https://login.microsoftonline.com/common/oauth2/v2.0/token"
	sfToken     = "https://login.salesforce.com/services/oauth2/token"
	sfTestToken = "https://test.salesforce.com/services/oauth2/token"
	xeroToken   = "https://identity.xero.com/connect/token"
	auth0Token  = "https://acme.us.auth0.com/oauth/token"
	ghToken     = "https://github.com/login/oauth/access_token"
	boxToken    = "https://api.box.com/oauth2/token"
)

// ruleCase is one timeline and what the rules must say about one record
// of it. A positive case names label and cause; a near miss names the
// cause that must not be picked (and, when known, what is picked instead).
type ruleCase struct {
	name     string
	build    func(b *tl) *parser.Event // returns the record to check
	label    Label
	cause    Cause  // "" with label "": the record must get no finding
	not      Cause  // near miss: the record's finding must not have this cause
	evidence string // a substring of the evidence, when set
}

func TestRules(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.name, func(t *testing.T) {
			b := newTL("t.har")
			target := tc.build(b)
			fs, _ := analyze(Config{}, b.evs)
			got := findingsAt(fs, target.Source)
			var primary *Finding
			for i := range got {
				if got[i].Label != LabelPaginationGap || tc.label == LabelPaginationGap {
					primary = got[i]
					break
				}
			}
			if tc.label == "" && tc.cause == "" && tc.not == "" {
				if len(got) != 0 {
					t.Fatalf("want no finding at %s, got %s/%s %q", target.Source, got[0].Label, got[0].Cause, got[0].Evidence)
				}
				return
			}
			if primary == nil {
				if tc.not != "" && tc.cause == "" {
					return
				}
				t.Fatalf("no finding at %s; all findings: %s", target.Source, dump(fs))
			}
			if tc.not != "" && primary.Cause == tc.not {
				t.Fatalf("near miss picked %s/%s; evidence %q", primary.Label, primary.Cause, primary.Evidence)
			}
			if tc.cause != "" && (primary.Label != tc.label || primary.Cause != tc.cause) {
				t.Fatalf("got %s/%s, want %s/%s; evidence %q", primary.Label, primary.Cause, tc.label, tc.cause, primary.Evidence)
			}
			if tc.evidence != "" && !strings.Contains(strings.Join(primary.Evidence, "\n"), tc.evidence) {
				t.Fatalf("evidence %q lacks %q", primary.Evidence, tc.evidence)
			}
			if !strings.Contains(strings.Join(primary.Evidence, "\n"), target.Source.String()) {
				t.Fatalf("evidence %q does not point at its record %s", primary.Evidence, target.Source)
			}
			if primary.Remediation == "" {
				t.Fatalf("no remediation for %s", primary.Cause)
			}
			if primary.Confidence <= 0 || primary.Confidence > 1 {
				t.Fatalf("confidence %v out of range", primary.Confidence)
			}
		})
	}
}

func dump(fs []*Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + f.Source.String() + " " + f.Label.String() + "/" + f.Cause.String() + " " + strings.Join(f.Evidence, " | "))
	}
	return b.String()
}

var ruleCases = []ruleCase{
	// expired / ttl-elapsed
	{name: "ttl/past expires_in then refresh", label: LabelExpired, cause: CauseTTLElapsed, evidence: "with expires_in=3600 (60m00s); rejected 61m00s later",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
			b.add(10, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "at1"))
			x := b.add(61, withWWW(api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"), `Bearer error="invalid_token"`))
			b.add(61.1, grant(googleToken, "refresh_token", "rt1", "at2", "", "3599"))
			b.add(61.2, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "at2"))
			return x
		}},
	{name: "ttl/hubspot EXPIRED_AUTHENTICATION without token response", label: LabelExpired, cause: CauseTTLElapsed, evidence: "EXPIRED_AUTHENTICATION",
		build: func(b *tl) *parser.Event {
			return b.add(5, withErr(api("GET", "https://api.hubapi.com/crm/v3/objects/contacts", 401, "hs1"),
				"", "The OAuth token used to make this call expired 2 minute(s) ago.", "EXPIRED_AUTHENTICATION"))
		}},
	{name: "ttl/hubspot expiry said in text only", label: LabelExpired, cause: CauseTTLElapsed, evidence: "used to make this call expired",
		build: func(b *tl) *parser.Event {
			// A gateway or a run's error that kept HubSpot's message, not its category.
			return b.add(5, withErr(api("GET", "https://api.hubapi.com/crm/v3/objects/contacts", 401, "hs1"),
				"", "The OAuth token used to make this call expired 12 hour(s) ago.", ""))
		}},
	{name: "ttl/xero TokenExpired", label: LabelExpired, cause: CauseTTLElapsed, evidence: "TokenExpired",
		build: func(b *tl) *parser.Event {
			return b.add(5, withErr(api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 401, "x1"), "", "TokenExpired: token expired at 03/02/2026 09:04:00", "TokenExpired"))
		}},
	{name: "ttl/zoom code 124", label: LabelExpired, cause: CauseTTLElapsed, evidence: "124",
		build: func(b *tl) *parser.Event {
			return b.add(5, withErr(api("GET", "https://api.zoom.us/v2/users/me", 401, "z1"), "124", "Access token is expired."))
		}},
	{name: "ttl/dropbox expired_access_token tag", label: LabelExpired, cause: CauseTTLElapsed,
		build: func(b *tl) *parser.Event {
			return b.add(5, withErr(api("POST", "https://api.dropboxapi.com/2/files/list_folder", 401, "d1"), "", "expired_access_token/", "expired_access_token"))
		}},
	{name: "ttl/near miss: 401 well before lifetime after working is revocation", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseTTLElapsed,
		evidence: "well before its 60m00s lifetime",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
			b.add(5, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "at1"))
			return b.add(20, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
		}},
	{name: "ttl/early 401 followed by a working refresh is a short lifetime, not revocation", label: LabelExpired, cause: CauseTTLElapsed, not: CauseGrantRevoked,
		evidence: "the token lived shorter than its stated lifetime",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(sfToken, "authorization_code", "", "at1", "rt1", ""))
			b.add(5, api("GET", "https://acme.my.salesforce.com/services/data/v60.0/limits", 200, "at1"))
			x := b.add(16, api("GET", "https://acme.my.salesforce.com/services/data/v60.0/limits", 401, "at1"))
			b.add(16.1, grant(sfToken, "refresh_token", "rt1", "at2", "", ""))
			b.add(16.2, api("GET", "https://acme.my.salesforce.com/services/data/v60.0/limits", 200, "at2"))
			return x
		}},
	{name: "refresh-not-attempted/trace ends at the rejection: lower confidence", label: LabelExpired, cause: CauseRefreshNotAttempted, evidence: "cannot be ruled out",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(msToken, "authorization_code", "", "at1", "rt1", "3599"))
			return b.add(62, api("GET", "https://graph.microsoft.com/v1.0/me", 401, "at1"))
		}},
	{name: "ttl/near miss: a login form refused after the app's pages loaded is a refused login", label: LabelOther, cause: CauseClientError, not: CauseTTLElapsed,
		evidence: "the login was refused, no token was involved",
		build: func(b *tl) *parser.Event {
			b.add(0, req("GET", "https://app.acmecrm.example/login", 200))
			ev := withErr(req("POST", "https://app.acmecrm.example/api/auth/login", 401), "", "Invalid username or password")
			ev.Request.Login = true
			return b.add(2, ev)
		}},
	{name: "ttl/near miss: Basic credentials that worked for hours do not expire", label: LabelOther, cause: CauseUnknown, not: CauseTTLElapsed,
		build: func(b *tl) *parser.Event {
			basic := func(m float64, status int) *parser.Event {
				ev := req("GET", "https://acme.atlassian.net/rest/api/3/search", status)
				ev.Auth = parser.Auth{Scheme: "Basic", TokenFP: "b1"}
				return b.add(m, ev)
			}
			basic(0, 200)
			basic(60, 200)
			return withErr(basic(210, 401), "", "Basic authentication with passwords is deprecated.")
		}},
	{name: "ttl/near miss: an API key refused hours after it worked (Shopify uninstall)", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseTTLElapsed,
		evidence: "do not expire",
		build: func(b *tl) *parser.Event {
			key := func(m float64, status int) *parser.Event {
				ev := req("GET", "https://acme-store.myshopify.com/admin/api/2024-01/orders.json", status)
				ev.Auth = parser.Auth{Scheme: "api-key", TokenFP: "k1"}
				return b.add(m, ev)
			}
			key(0, 200)
			return key(360, 401)
		}},
	{name: "ttl/near miss: a bearer token refused a minute after it was issued, lifetime unknown", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseTTLElapsed,
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://api.hubapi.com/oauth/v1/token", "authorization_code", "", "h1", "hr1", ""))
			b.add(0.5, api("GET", "https://api.hubapi.com/crm/v3/objects/contacts", 200, "h1"))
			return b.add(1, api("GET", "https://api.hubapi.com/crm/v3/objects/contacts", 401, "h1"))
		}},
	{name: "rtexpired/AADSTS700084: a single-page app's refresh token lived its fixed 24 h", label: LabelRevoked, cause: CauseRefreshTokenExpired, not: CauseGrantRevoked,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(msToken, "authorization_code", "", "at1", "rt1", "3599"))
			return b.add(1500, refreshFail(msToken, "rt1", 400, "invalid_grant", "AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended."))
		}},
	{name: "client/google deleted_client", label: LabelInvalid, cause: CauseInvalidClient, not: CauseGrantRevoked,
		build: func(b *tl) *parser.Event {
			return b.add(0, refreshFail(googleToken, "rt1", 401, "deleted_client", "The OAuth client was deleted."))
		}},
	{name: "client/a service account's JWT assertion with a bad signature (its key deleted or wrong)", label: LabelInvalid, cause: CauseInvalidClient,
		build: func(b *tl) *parser.Event {
			ev := req("POST", googleToken, 400)
			ev.Token = &parser.TokenCall{GrantType: "urn:ietf:params:oauth:grant-type:jwt-bearer"}
			return b.add(0, withErr(ev, "invalid_grant", "Invalid JWT Signature."))
		}},
	{name: "nonstandard/quickbooks 400 whose fault says statusCode=401", label: LabelExpired, cause: CauseNonstandardExpiryStatus,
		build: func(b *tl) *parser.Event {
			ev := api("POST", "https://quickbooks.api.intuit.com/v3/company/9130357924831234/invoice", 400, "q1")
			return b.add(0, withErr(ev, "", "message=AuthenticationFailed; errorCode=003200; statusCode=401"))
		}},
	{name: "nonstandard/near miss: a 401 elsewhere in a Salesforce validation error", label: LabelOther, cause: CauseClientError, not: CauseNonstandardExpiryStatus,
		build: func(b *tl) *parser.Event {
			ev := api("GET", "https://acme.my.salesforce.com/services/data/v60.0/query", 400, "s1")
			return b.add(0, withErr(ev, "INVALID_FIELD", "SELECT Id, Plan_401k__c FROM Contact: No such column 'Plan_401k__c' on entity 'Contact'; errorCode INVALID_FIELD"))
		}},
	{name: "revoked/a token issued without a lifetime or refresh token (GitHub OAuth App) refused after hours of work", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseNoRefreshToken,
		evidence: "a token that does not expire",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://github.com/login/oauth/access_token", "authorization_code", "", "gho1", "", ""))
			b.add(1, api("GET", "https://api.github.com/user/repos", 200, "gho1"))
			b.add(240, api("GET", "https://api.github.com/user/repos", 200, "gho1"))
			return b.add(570, withErr(api("GET", "https://api.github.com/user/repos", 401, "gho1"), "", "Bad credentials"))
		}},
	{name: "ttl/near miss: Graph's CompactToken parse failure for a token 5 minutes into its hour is malformed", label: LabelInvalid, cause: CauseMalformedToken, not: CauseRefreshNotAttempted,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(msToken, "authorization_code", "", "at1", "rt1", "3599"))
			ev := api("GET", "https://graph.microsoft.com/v1.0/me/messages", 401, "at1")
			return b.add(5, withErr(ev, "InvalidAuthenticationToken", "CompactToken parsing failed with error code: 80049217"))
		}},
	{name: "ttl/near miss: Zoom's generic 124 for a token 5 minutes into its hour", label: LabelOther, cause: CauseUnknown, not: CauseRefreshNotAttempted,
		evidence: "refuses the token without saying why",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://zoom.us/oauth/token", "authorization_code", "", "at1", "rt1", "3600"))
			ev := api("GET", "https://api.zoom.us/v2/users/me", 401, "at1")
			return b.add(5, withErr(ev, "124", "Invalid access token."))
		}},
	{name: "ttl/near miss: Zoom's generic 124 with no lineage is not the provider saying expired", label: LabelOther, cause: CauseUnknown, not: CauseTTLElapsed,
		build: func(b *tl) *parser.Event {
			return b.add(5, withErr(api("GET", "https://api.zoom.us/v2/users/me", 401, "z1"), "124", "Invalid access token."))
		}},
	{name: "nonstandard/a 403 naming no reason past the token's lifetime, fixed by a refresh", label: LabelExpired, cause: CauseNonstandardExpiryStatus,
		evidence: "a refresh and retry fixed it",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://auth.acmecrm.example/oauth/token", "refresh_token", "rt0", "at1", "rt1", "3600"))
			b.add(10, api("GET", "https://api.acmecrm.example/v2/deals", 200, "at1"))
			x := b.add(65, withErr(api("GET", "https://api.acmecrm.example/v2/deals", 403, "at1"), "Forbidden", "Access denied"))
			b.add(65.02, grant("https://auth.acmecrm.example/oauth/token", "refresh_token", "rt1", "at2", "rt2", "3600"))
			b.add(65.04, api("GET", "https://api.acmecrm.example/v2/deals", 200, "at2"))
			return x
		}},
	{name: "nonstandard/a 403 naming no reason past the token's lifetime, no refresh seen", label: LabelExpired, cause: CauseNonstandardExpiryStatus,
		evidence: "used 65m00s after issue, past its 60m00s lifetime",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://auth.acmecrm.example/oauth/token", "refresh_token", "rt0", "at1", "rt1", "3600"))
			return b.add(65, withErr(api("GET", "https://api.acmecrm.example/v2/deals", 403, "at1"), "Forbidden", "Access denied"))
		}},
	{name: "nonstandard/near miss: a scope 403 on a fresh token", label: LabelScope, cause: CauseInsufficientScope, not: CauseNonstandardExpiryStatus,
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://auth.acmecrm.example/oauth/token", "refresh_token", "rt0", "at1", "rt1", "3600"))
			b.add(1, api("GET", "https://api.acmecrm.example/v2/deals", 200, "at1"))
			return b.add(2, withErr(api("GET", "https://api.acmecrm.example/v2/admin/users", 403, "at1"), "Forbidden", "Access denied"))
		}},
	{name: "nonstandard/near miss: a 403 past the lifetime of a token that worked past it", not: CauseNonstandardExpiryStatus,
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://auth.acmecrm.example/oauth/token", "refresh_token", "rt0", "at1", "rt1", "3600"))
			b.add(62, api("GET", "https://api.acmecrm.example/v2/deals", 200, "at1"))
			return b.add(65, withErr(api("GET", "https://api.acmecrm.example/v2/admin/users", 403, "at1"), "Forbidden", "Access denied"))
		}},
	{name: "pagination/near miss: the last page says done though the total counts more", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			b.add(0, page("https://acme.my.salesforce.com/services/data/v60.0/query", 200, "s1", parser.Page{Offset: -1, PageNum: -1, Limit: -1, Total: 2500, Count: 2000, NextCursor: "q1", HasMore: true}))
			last := parser.Page{Offset: -1, PageNum: -1, Limit: -1, Total: 2500, Count: 1, Cursor: "q1", Last: true}
			return b.add(0.01, page("https://acme.my.salesforce.com/services/data/v60.0/query", 200, "s1", last))
		}},
	{name: "redirect/near miss: RFC 6749's catch-all invalid_grant text (GitLab, Hydra) on a revoked refresh token", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseRedirectURIMismatch,
		build: func(b *tl) *parser.Event {
			const gitlab = "https://gitlab.com/oauth/token"
			b.add(0, grant(gitlab, "refresh_token", "rt0", "at1", "rt1", "7200"))
			return b.add(50, refreshFail(gitlab, "rt1", 400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."))
		}},
	{name: "ttl/a client_credentials token expires: no refresh token is due", label: LabelExpired, cause: CauseTTLElapsed, not: CauseNoRefreshToken,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(auth0Token, "client_credentials", "", "m2m1", "", "86400"))
			return b.add(24*60+1, api("GET", "https://tasks.acme-cloud.io/v1/tasks", 401, "m2m1"))
		}},
	{name: "device flow: authorization_pending while the user approves is no failure", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			ev := req("POST", "https://github.com/login/oauth/access_token", 200)
			ev.Token = &parser.TokenCall{GrantType: "urn:ietf:params:oauth:grant-type:device_code", ErrorIn200: true}
			return b.add(0, withErr(ev, "authorization_pending", "The authorization request is still pending."))
		}},
	{name: "rotation/near miss: the provider says the grant was revoked (AADSTS50173)", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseRotationNotPersisted,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(msToken, "refresh_token", "rt1", "at1", "rt2", "3599"))
			return b.add(75, refreshFail(msToken, "rt1", 400, "invalid_grant", "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password."))
		}},
	{name: "rate/google 403 rateLimitExceeded is a rate limit, not a scope", label: LabelRateLimited, cause: CauseTooManyRequests, not: CauseInsufficientScope,
		build: func(b *tl) *parser.Event {
			b.add(0, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "g1"))
			ev := api("GET", "https://www.googleapis.com/drive/v3/files/1AbC/export", 403, "g1")
			return b.add(1, withErr(ev, "PERMISSION_DENIED", "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user'", "rateLimitExceeded"))
		}},
	{name: "scope/near miss: a 403 whose provider names another reason (a file's sharing)", label: LabelOther, cause: CauseUnknown, not: CauseInsufficientScope,
		build: func(b *tl) *parser.Event {
			b.add(0, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "g1"))
			ev := api("GET", "https://www.googleapis.com/drive/v3/files/1XyZ", 403, "g1")
			return b.add(1, withErr(ev, "PERMISSION_DENIED", "The user does not have sufficient permissions for file 1XyZ.", "insufficientFilePermissions"))
		}},
	{name: "scope: a generic 403 'Forbidden' body while the token works elsewhere is still a scope guess", label: LabelScope, cause: CauseInsufficientScope,
		build: func(b *tl) *parser.Event {
			b.add(0, api("GET", "https://api.acme.example/v1/contacts", 200, "s1"))
			return b.add(1, withErr(api("GET", "https://api.acme.example/v1/admin/users", 403, "s1"), "Forbidden", ""))
		}},
	{name: "noise: a browser's favicon 404 is no failure", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			b.add(0, req("GET", "https://app.acmecrm.example/", 200))
			return b.add(0.01, req("GET", "https://app.acmecrm.example/favicon.ico", 404))
		}},
	{name: "noise: a source map 404 is no failure", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			return b.add(0, req("GET", "https://app.acmecrm.example/static/js/main.3f9a1c.js.map", 404))
		}},
	{name: "noise: a request the browser cancelled (net::ERR_ABORTED) is no network error", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			ev := req("GET", "https://www.google.com/", 0)
			ev.NetError = "net::ERR_ABORTED"
			return b.add(0, ev)
		}},
	{name: "noise: a CORS preflight answered 401 (a gateway that wants a token on OPTIONS) is no refused token", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			b.add(0, api("GET", "https://api.fieldbook.example/v2/jobs", 200, "fb1"))
			return b.add(0.1, req("OPTIONS", "https://api.fieldbook.example/v2/jobs/8812/attachments", 401))
		}},
	{name: "noise: a preflight the browser cancelled (status 0) is no network error", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			return b.add(0, req("OPTIONS", "https://api.fieldbook.example/v2/jobs/search", 0))
		}},
	{name: "cors: a request with no response right after its preflight was answered 403 was blocked by the browser", label: LabelOther, cause: CauseCORSPreflightRefused,
		not: CauseNetworkError, evidence: "was answered 403; a browser does not send a request whose preflight fails",
		build: func(b *tl) *parser.Event {
			b.add(0, api("GET", "https://api.fieldbook.example/v2/jobs", 200, "fb1"))
			b.add(0.5, req("OPTIONS", "https://api.fieldbook.example/v2/reports/export", 403))
			ev := api("POST", "https://api.fieldbook.example/v2/reports/export", 0, "fb1")
			ev.NetError = "net::ERR_FAILED"
			return b.add(0.5+0.05/60, ev)
		}},
	{name: "cors/near miss: after a preflight answered 204 a request with no response is a network error", label: LabelServerError, cause: CauseNetworkError,
		not: CauseCORSPreflightRefused,
		build: func(b *tl) *parser.Event {
			b.add(0.5, req("OPTIONS", "https://api.fieldbook.example/v2/reports/export", 204))
			return b.add(0.51, api("POST", "https://api.fieldbook.example/v2/reports/export", 0, "fb1"))
		}},
	{name: "cors/near miss: a refused preflight of another URL explains nothing", label: LabelServerError, cause: CauseNetworkError,
		not: CauseCORSPreflightRefused,
		build: func(b *tl) *parser.Event {
			b.add(0.5, req("OPTIONS", "https://api.fieldbook.example/v2/reports/export", 403))
			return b.add(0.51, api("GET", "https://api.fieldbook.example/v2/jobs", 0, "fb1"))
		}},
	{name: "cors/near miss: a refused preflight minutes before explains nothing", label: LabelServerError, cause: CauseNetworkError,
		not: CauseCORSPreflightRefused,
		build: func(b *tl) *parser.Event {
			b.add(0.5, req("OPTIONS", "https://api.fieldbook.example/v2/reports/export", 403))
			return b.add(5, api("POST", "https://api.fieldbook.example/v2/reports/export", 0, "fb1"))
		}},
	{name: "noise: a GA4 beacon (sendBeacon on unload, no response) is no network error", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			return b.add(0, req("POST", "https://region1.google-analytics.com/g/collect?v=2&tid=G-7QK2M4T1ZB&en=page_view", 0))
		}},
	{name: "noise: Universal Analytics /collect and DoubleClick are no failures", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			b.add(0, req("POST", "https://www.google-analytics.com/collect", 0))
			return b.add(0.1, req("GET", "https://stats.g.doubleclick.net/g/collect?v=2&tid=G-7QK2M4T1ZB", 0))
		}},
	{name: "noise: segment's analytics.js track beacon is no failure", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			return b.add(0, req("POST", "https://api.segment.io/v1/t", 0))
		}},
	{name: "noise: Sentry rate-limiting its envelope endpoint is no rate limit of the integration", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			return b.add(0, req("POST", "https://o450123.ingest.sentry.io/api/4507788/envelope/?sentry_key=3f9a1c0b7e2d4c1a9b8e7f6a5d4c3b2a&sentry_version=7", 429))
		}},
	{name: "noise: a self-hosted Sentry's store endpoint is telemetry too", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			return b.add(0, req("POST", "https://sentry.acme-ops.example/api/12/store/", 403))
		}},
	{name: "noise: hotjar is no failure", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			return b.add(0, req("POST", "https://in.hotjar.com/api/v2/client/sites/3712234/visit-data?sv=7", 0))
		}},
	{name: "noise: a same-origin sendBeacon to /collect from a browser HAR is no network error", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			return b.add(0, req("POST", "https://app.acme-ops.example/collect", 0))
		}},
	{name: "noise/near miss: a server's own /collect call with no response (native log) is a network error", label: LabelServerError, cause: CauseNetworkError,
		build: func(b *tl) *parser.Event {
			ev := req("POST", "https://payments.acme-ops.example/v1/invoices/collect", 0)
			ev.Format = parser.FormatNative
			return b.add(0, ev)
		}},
	{name: "noise/near miss: segment's HTTP tracking API called by an integration is one", label: LabelInvalid, cause: CauseMissingToken,
		build: func(b *tl) *parser.Event {
			b.add(0, api("POST", "https://api.segment.io/v1/batch", 200, "wk1"))
			return b.add(1, withErr(req("POST", "https://api.segment.io/v1/track", 401), "", "Missing authorization header"))
		}},
	{name: "noise/near miss: GA4 Measurement Protocol called by a server is an integration's", label: LabelOther, cause: CauseClientError,
		build: func(b *tl) *parser.Event {
			return b.add(0, withErr(req("POST", "https://www.google-analytics.com/mp/collect?measurement_id=G-7QK2M4T1ZB&api_secret=redacted:3f9a1c0b7e", 400), "", "Invalid measurement_id"))
		}},
	{name: "noise/near miss: an OPTIONS that carries a token is an API's own call", label: LabelExpired, not: "",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(auth0Token, "refresh_token", "a0", "dav1", "a1", "60"))
			return b.add(5, api("OPTIONS", "https://dav.acme.example/remote.php/dav/files/ada/", 401, "dav1"))
		}},
	{name: "noise/near miss: an API 404 is still one", label: LabelOther, cause: CauseNotFound,
		build: func(b *tl) *parser.Event {
			return b.add(0, api("GET", "https://api.acmecrm.example/v2/contacts/28246", 404, "t1"))
		}},
	{name: "ttl/near miss: 404 after expiry is not expiry", label: LabelOther, cause: CauseNotFound, not: CauseTTLElapsed,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
			return b.add(70, api("GET", "https://www.googleapis.com/drive/v3/files/xyz", 404, "at1"))
		}},

	{name: "ttl/sanitized export: the connection's latest token is assumed", label: LabelExpired, cause: CauseTTLElapsed, evidence: "taken to carry the connection's latest token",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://api.dropboxapi.com/oauth2/token", "refresh_token", "dr1", "da1", "", "14400"))
			ev := withErr(req("POST", "https://api.dropboxapi.com/2/files/list_folder", 401), "", "expired_access_token/", "expired_access_token")
			ev.Auth.Sanitized = true
			b.add(241, ev)
			b.add(241.1, grant("https://api.dropboxapi.com/oauth2/token", "refresh_token", "dr1", "da2", "", "14400"))
			return ev
		}},
	{name: "ttl/RFC 6750 boilerplate proves nothing by itself, the timeline does", label: LabelExpired, cause: CauseTTLElapsed, not: CauseMalformedToken,
		evidence: "read as expiry",
		build: func(b *tl) *parser.Event {
			ok := req("GET", "https://acme.zendesk.com/api/v2/tickets.json", 200)
			ok.Auth.Sanitized = true
			b.add(0, ok)
			ev := withWWW(req("GET", "https://acme.zendesk.com/api/v2/users/me.json", 401),
				`Bearer realm="Zendesk API", error="invalid_token", error_description="The access token provided is expired, revoked, malformed or invalid for other reasons."`)
			ev.Auth.Sanitized = true
			return b.add(61, ev)
		}},
	{name: "scope/sanitized 403 while the connection works elsewhere", label: LabelScope, cause: CauseInsufficientScope, evidence: "other requests of this connection succeed",
		build: func(b *tl) *parser.Event {
			ok := req("GET", "https://api.github.com/repos/acme/infra/issues", 200)
			ok.Auth.Sanitized = true
			b.add(0, ok)
			ev := req("GET", "https://api.github.com/orgs/acme/members", 403)
			ev.Auth.Sanitized = true
			return b.add(1, ev)
		}},

	// expired / nonstandard-expiry-status
	{name: "nonstandard/slack ok:false token_expired", label: LabelExpired, cause: CauseNonstandardExpiryStatus, evidence: "instead of 401",
		build: func(b *tl) *parser.Event {
			ev := api("POST", "https://slack.com/api/chat.postMessage", 200, "s1")
			ev.Error = &parser.ErrorBody{Code: "token_expired", OKFalse: true}
			return b.add(5, ev)
		}},
	{name: "nonstandard/403 access token has expired", label: LabelExpired, cause: CauseNonstandardExpiryStatus, evidence: "status 403",
		build: func(b *tl) *parser.Event {
			return b.add(5, withErr(api("GET", "https://api.example.com/v1/orders", 403, "e1"), "", "The access token has expired"))
		}},
	{name: "nonstandard/near miss: the same words with 401", label: LabelExpired, cause: CauseTTLElapsed, not: CauseNonstandardExpiryStatus,
		build: func(b *tl) *parser.Event {
			return b.add(5, withErr(api("GET", "https://api.example.com/v1/orders", 401, "e1"), "", "The access token has expired"))
		}},
	{name: "nonstandard/near miss: slack ok:false channel_not_found", label: LabelOther, cause: CauseUnknown, not: CauseNonstandardExpiryStatus,
		build: func(b *tl) *parser.Event {
			ev := api("POST", "https://slack.com/api/chat.postMessage", 200, "s1")
			ev.Error = &parser.ErrorBody{Code: "channel_not_found", OKFalse: true}
			return b.add(5, ev)
		}},

	// expired / no-refresh-token
	{name: "no-refresh/grant without refresh_token", label: LabelExpired, cause: CauseNoRefreshToken, evidence: "returned no refresh_token; its scope",
		build: func(b *tl) *parser.Event {
			g := b.add(0, grant(googleToken, "authorization_code", "", "at1", "", "3600"))
			g.Token.Scope = "https://www.googleapis.com/auth/drive.readonly"
			b.add(30, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "at1"))
			return b.add(65, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
		}},
	{name: "no-refresh/near miss: refresh token issued and used", label: LabelExpired, cause: CauseTTLElapsed, not: CauseNoRefreshToken,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
			x := b.add(65, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
			b.add(65.1, grant(googleToken, "refresh_token", "rt1", "at2", "", "3600"))
			return x
		}},

	// expired / refresh-not-attempted
	{name: "refresh-not-attempted/401s and no refresh", label: LabelExpired, cause: CauseRefreshNotAttempted, evidence: "no refresh request followed",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(msToken, "authorization_code", "", "at1", "rt1", "3599"))
			b.add(10, api("GET", "https://graph.microsoft.com/v1.0/me", 200, "at1"))
			x := b.add(62, withErr(api("GET", "https://graph.microsoft.com/v1.0/me", 401, "at1"), "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."))
			b.add(70, api("GET", "https://graph.microsoft.com/v1.0/me", 401, "at1"))
			return x
		}},
	{name: "refresh-not-attempted/near miss: refresh follows", label: LabelExpired, cause: CauseTTLElapsed, not: CauseRefreshNotAttempted,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(msToken, "authorization_code", "", "at1", "rt1", "3599"))
			x := b.add(62, withErr(api("GET", "https://graph.microsoft.com/v1.0/me", 401, "at1"), "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."))
			b.add(62.1, grant(msToken, "refresh_token", "rt1", "at2", "rt2", "3599"))
			return x
		}},

	// revoked / grant-revoked
	{name: "revoked/google expired or revoked on the current refresh token", label: LabelRevoked, cause: CauseGrantRevoked, evidence: "was the current one",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
			b.add(61, grant(googleToken, "refresh_token", "rt1", "at2", "", "3599"))
			return b.add(125, refreshFail(googleToken, "rt1", 400, "invalid_grant", "Token has been expired or revoked."))
		}},
	{name: "revoked/salesforce expired access/refresh token", label: LabelRevoked, cause: CauseGrantRevoked, evidence: "expired access/refresh token",
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(sfToken, "sfr1", 400, "invalid_grant", "expired access/refresh token"))
		}},
	{name: "revoked/microsoft AADSTS50173", label: LabelRevoked, cause: CauseGrantRevoked,
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(msToken, "mr1", 400, "invalid_grant", "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed."))
		}},
	{name: "revoked/auth0 403 on refresh is not scope", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseInsufficientScope,
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(auth0Token, "a0r", 403, "invalid_grant", "Unknown or invalid refresh token."))
		}},
	{name: "revoked/near miss: replaced refresh token is rotation", label: LabelInvalid, cause: CauseRotationNotPersisted, not: CauseGrantRevoked,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(xeroToken, "refresh_token", "rt1", "at1", "rt2", "1800"))
			return b.add(31, refreshFail(xeroToken, "rt1", 400, "invalid_grant", ""))
		}},

	// revoked / refresh-token-expired
	{name: "refresh-token-expired/AADSTS700082", label: LabelRevoked, cause: CauseRefreshTokenExpired, evidence: "was not used earlier",
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(msToken, "mr9", 400, "invalid_grant",
				"AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2025-11-01T09:00:00Z and was inactive for 90.00:00:00."))
		}},
	{name: "refresh-token-expired/bare error_codes number", label: LabelRevoked, cause: CauseRefreshTokenExpired,
		build: func(b *tl) *parser.Event {
			ev := refreshFail(msToken, "mr9", 400, "invalid_grant", "The refresh token has been inactive for too long.")
			ev.Error.Codes = []string{"700082"}
			return b.add(3, ev)
		}},
	{name: "refresh-token-expired/box", label: LabelRevoked, cause: CauseRefreshTokenExpired,
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(boxToken, "bx1", 400, "invalid_grant", "Refresh token has expired"))
		}},
	{name: "refresh-token-expired/near miss: AADSTS50173 is revocation", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseRefreshTokenExpired,
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(msToken, "mr9", 400, "invalid_grant", "AADSTS50173: The provided grant has expired due to it being revoked."))
		}},

	// revoked / admin-policy
	{name: "admin-policy/AADSTS50076: MFA required by Conditional Access", label: LabelRevoked, cause: CauseAdminPolicy, not: CauseGrantRevoked,
		evidence: "requires multi-factor authentication",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(msToken, "refresh_token", "mr0", "ma1", "mr9", "3600"))
			return b.add(65, refreshFail(msToken, "mr9", 400, "invalid_grant",
				"AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'. Trace ID: 0b1d6f0e-4c3a-4b8e-9a43-5e2f3c6d7a00 Correlation ID: 7c2e9a31-58b4-4f0c-a6d2-13e8f5b0c944 Timestamp: 2026-03-02 10:05:00Z"))
		}},
	{name: "admin-policy/AADSTS50079: MFA enrollment required", label: LabelRevoked, cause: CauseAdminPolicy, evidence: "register for multi-factor",
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(msToken, "mr9", 400, "invalid_grant",
				"AADSTS50079: Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '00000003-0000-0000-c000-000000000000'."))
		}},
	{name: "admin-policy/AADSTS53003 with interaction_required: blocked by Conditional Access", label: LabelRevoked, cause: CauseAdminPolicy,
		evidence: "blocks token issuance",
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(msToken, "mr9", 400, "interaction_required",
				"AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance. Trace ID: e0ea6353-40e5-4496-8bd5-294facea2e00"))
		}},
	{name: "admin-policy/AADSTS50158: external security challenge", label: LabelRevoked, cause: CauseAdminPolicy, evidence: "external security challenge",
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(msToken, "mr9", 400, "interaction_required",
				"AADSTS50158: External security challenge not satisfied. User will be redirected to another page or authentication provider to satisfy additional authentication challenges."))
		}},
	{name: "admin-policy/bare interaction_required", label: LabelRevoked, cause: CauseAdminPolicy, evidence: "sign in interactively",
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(msToken, "mr9", 400, "interaction_required", ""))
		}},
	{name: "admin-policy/a CAE claims challenge on Graph", label: LabelRevoked, cause: CauseAdminPolicy, evidence: "Continuous Access Evaluation",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(msToken, "refresh_token", "mr0", "ma1", "mr9", "3600"))
			return b.add(10, withWWW(withErr(api("GET", "https://graph.microsoft.com/v1.0/me/messages", 401, "ma1"), "insufficient_claims", ""),
				`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTc3MjQ0NTYwMCJ9fX0="`))
		}},
	{name: "admin-policy/google reauth related error (invalid_rapt)", label: LabelRevoked, cause: CauseAdminPolicy, not: CauseGrantRevoked,
		evidence: "session control requires reauthentication (RAPT)",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "refresh_token", "g0", "ga1", "", "3599"))
			ev := refreshFail(googleToken, "g0", 400, "invalid_grant", "reauth related error (invalid_rapt)")
			ev.Error.Text = `{"error": "invalid_grant", "error_description": "reauth related error (invalid_rapt)", "error_uri": "https://support.google.com/a/answer/9368756", "error_subtype": "invalid_rapt"}`
			return b.add(61, ev)
		}},
	{name: "admin-policy/google admin_policy_enforced", label: LabelRevoked, cause: CauseAdminPolicy, evidence: "restricted this app",
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(googleToken, "g0", 400, "admin_policy_enforced", ""))
		}},
	{name: "admin-policy/google policy_enforced (Advanced Protection) on Google's token endpoint", label: LabelRevoked, cause: CauseAdminPolicy,
		evidence: "Advanced Protection",
		build: func(b *tl) *parser.Event {
			ev := refreshFail(googleToken, "g0", 400, "policy_enforced", "")
			ev.Error.Text = `{"error": "policy_enforced"}`
			return b.add(3, ev)
		}},
	{name: "admin-policy/google policy_enforced in Google's error shape, quoted by a Zap run", label: LabelRevoked, cause: CauseAdminPolicy,
		evidence: "Advanced Protection",
		build: func(b *tl) *parser.Event {
			ev := run("r1", "z1", parser.RunError, 403, `Got 403: {"error":{"code":403,"message":"Access blocked by your organisation's policy.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"policy_enforced","domain":"googleapis.com"}]}}`)
			ev.Error = &parser.ErrorBody{Code: "PERMISSION_DENIED", Description: "Access blocked by your organisation's policy.", Codes: []string{"policy_enforced"}}
			return b.add(3, ev)
		}},
	{name: "admin-policy/near miss: another API gateway's policy_enforced is no Google admin policy", label: LabelOther, cause: CauseUnknown, not: CauseAdminPolicy,
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://auth.fieldbook.example/oauth/token", "refresh_token", "f0", "fa1", "f1", "3600"))
			ev := withErr(api("POST", "https://api.fieldbook.example/v2/exports", 403, "fa1"), "policy_enforced",
				"Request blocked: exports are disabled by the workspace's data-loss-prevention policy")
			ev.Error.Text = `{"error":"policy_enforced","error_description":"Request blocked: exports are disabled by the workspace's data-loss-prevention policy"}`
			return b.add(60, ev)
		}},
	{name: "admin-policy/a Zap run whose refresh failed with AADSTS50076", label: LabelRevoked, cause: CauseAdminPolicy,
		build: func(b *tl) *parser.Event {
			return b.add(3, run("r1", "z1", parser.RunError, 400,
				`RefreshAuthError: {"error":"invalid_grant","error_description":"AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'https://graph.microsoft.com'."}`))
		}},
	{name: "admin-policy/near miss: AADSTS50173 is the user's revocation", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseAdminPolicy,
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(msToken, "mr9", 400, "invalid_grant", "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed."))
		}},
	{name: "admin-policy/near miss: google's plain expired or revoked", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseAdminPolicy,
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(googleToken, "g0", 400, "invalid_grant", "Token has been expired or revoked."))
		}},

	// revoked / tenant-not-authorized
	{name: "tenant/xero 403 AuthenticationUnsuccessful while the token works on /connections", label: LabelRevoked, cause: CauseTenantNotAuthorized,
		not: CauseInsufficientScope, evidence: "xero-tenant-id",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(xeroToken, "refresh_token", "x0", "xa1", "x1", "1800"))
			b.add(0.1, api("GET", "https://api.xero.com/connections", 200, "xa1"))
			ev := withErr(api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 403, "xa1"), "Forbidden", "AuthenticationUnsuccessful")
			ev.Error.Text = `{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful","Instance":"79f299a4-f3a6-4c0d-a4a0-d4c48d1f3be4","Extensions":{}}`
			return b.add(0.2, ev)
		}},
	{name: "tenant/xero near miss: 401 AuthenticationUnsuccessful refuses the token", not: CauseTenantNotAuthorized,
		build: func(b *tl) *parser.Event {
			return b.add(0, withErr(api("GET", "https://api.xero.com/api.xro/2.0/Accounts", 401, "xa1"), "Unauthorized", "AuthenticationUnsuccessful"))
		}},
	{name: "tenant/quickbooks 3100 ApplicationAuthorizationFailed", label: LabelRevoked, cause: CauseTenantNotAuthorized, not: CauseInsufficientScope,
		evidence: "realmId 9130357766210226",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer", "refresh_token", "q0", "qa1", "q1", "3600"))
			ev := withErr(api("GET", "https://quickbooks.api.intuit.com/v3/company/9130357766210226/query?query=select%20*%20from%20Invoice", 403, "qa1"),
				"3100", "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403", "SERVICE")
			return b.add(1, ev)
		}},
	{name: "tenant/quickbooks 3100 in a Zap run's error text", label: LabelRevoked, cause: CauseTenantNotAuthorized,
		build: func(b *tl) *parser.Event {
			return b.add(1, run("r7", "z7", parser.RunError, 403,
				`The app returned "{"fault":{"error":[{"message":"message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403","detail":null,"code":"3100","element":null}],"type":"SERVICE"}}".`))
		}},
	{name: "tenant/quickbooks -11014-: the connecting user lost access", label: LabelRevoked, cause: CauseTenantNotAuthorized, evidence: "no longer has access",
		build: func(b *tl) *parser.Event {
			return b.add(1, withErr(api("GET", "https://quickbooks.api.intuit.com/v3/company/9130357766210226/companyinfo/9130357766210226", 401, "qa1"),
				"120", "AuthorizationFailure: --11014-You do not have access to use QuickBooks Online., statusCode: 401"))
		}},
	{name: "tenant/near miss: a sandbox token that worked on sandbox is an environment mismatch", label: LabelInvalid, cause: CauseEnvironmentMismatch,
		not: CauseTenantNotAuthorized,
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer", "refresh_token", "q0", "qa1", "q1", "3600"))
			b.add(1, api("GET", "https://sandbox-quickbooks.api.intuit.com/v3/company/9341453052148310/query", 200, "qa1"))
			return b.add(2, withErr(api("GET", "https://quickbooks.api.intuit.com/v3/company/9341453052148310/query", 403, "qa1"),
				"3100", "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403"))
		}},

	// invalid / invalid-client
	{name: "invalid-client/AADSTS7000215", label: LabelInvalid, cause: CauseInvalidClient, evidence: "client_id client-1",
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(msToken, "mr1", 401, "invalid_client", "AADSTS7000215: Invalid client secret provided."))
		}},
	{name: "invalid-client/google client not found", label: LabelInvalid, cause: CauseInvalidClient,
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(googleToken, "g1", 401, "invalid_client", "The OAuth client was not found."))
		}},
	{name: "invalid-client/near miss: invalid_grant", label: LabelRevoked, cause: CauseGrantRevoked, not: CauseInvalidClient,
		build: func(b *tl) *parser.Event {
			return b.add(3, refreshFail(googleToken, "g1", 400, "invalid_grant", "Bad Request"))
		}},

	// invalid / redirect-uri-mismatch
	{name: "redirect/AADSTS50011 on code exchange", label: LabelInvalid, cause: CauseRedirectURIMismatch, evidence: "redirect_uri=https://app.example.com/cb",
		build: func(b *tl) *parser.Event {
			ev := req("POST", msToken, 400)
			ev.Token = &parser.TokenCall{GrantType: "authorization_code", ClientID: "c1", RedirectURI: "https://app.example.com/cb", CodeSentFP: "code1"}
			ev.Error = &parser.ErrorBody{Code: "invalid_request", Description: "AADSTS50011: The redirect URI 'https://app.example.com/cb' specified in the request does not match the redirect URIs configured for the application.", Codes: []string{"50011"}}
			return b.add(1, ev)
		}},
	{name: "redirect/google redirect_uri_mismatch", label: LabelInvalid, cause: CauseRedirectURIMismatch,
		build: func(b *tl) *parser.Event {
			ev := req("POST", googleToken, 400)
			ev.Token = &parser.TokenCall{GrantType: "authorization_code", ClientID: "c1"}
			ev.Error = &parser.ErrorBody{Code: "redirect_uri_mismatch", Description: "Bad Request"}
			return b.add(1, ev)
		}},
	{name: "redirect/near miss: code exchange invalid_grant", label: LabelOther, cause: CauseClientError, not: CauseRedirectURIMismatch,
		build: func(b *tl) *parser.Event {
			ev := req("POST", googleToken, 400)
			ev.Token = &parser.TokenCall{GrantType: "authorization_code", ClientID: "c1"}
			ev.Error = &parser.ErrorBody{Code: "invalid_grant", Description: "Malformed auth code."}
			return b.add(1, ev)
		}},

	// invalid / environment-mismatch
	{name: "environment/sandbox token on production host", label: LabelInvalid, cause: CauseEnvironmentMismatch, evidence: "(sandbox) but was sent to acme.my.salesforce.com (production)",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(sfTestToken, "authorization_code", "", "sf1", "sfr1", ""))
			return b.add(0.2, withErr(api("GET", "https://acme.my.salesforce.com/services/data/v60.0/query", 401, "sf1"), "INVALID_SESSION_ID", "Session expired or invalid"))
		}},
	{name: "environment/quickbooks token that worked on sandbox, sent to production", label: LabelInvalid, cause: CauseEnvironmentMismatch, evidence: "worked on sandbox-quickbooks.api.intuit.com",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer", "authorization_code", "", "qb1", "qbr1", "3600"))
			b.add(1, api("GET", "https://sandbox-quickbooks.api.intuit.com/v3/company/1/query", 200, "qb1"))
			return b.add(2, api("GET", "https://quickbooks.api.intuit.com/v3/company/1/query", 401, "qb1"))
		}},
	{name: "environment/near miss: production token on production host", not: CauseEnvironmentMismatch,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(sfToken, "authorization_code", "", "sf1", "sfr1", ""))
			return b.add(0.2, withErr(api("GET", "https://acme.my.salesforce.com/services/data/v60.0/query", 401, "sf1"), "INVALID_SESSION_ID", "Session expired or invalid"))
		}},

	// invalid / audience-mismatch
	{name: "audience/JWT aud for another resource", label: LabelInvalid, cause: CauseAudienceMismatch, evidence: "aud is https://graph.microsoft.com",
		build: func(b *tl) *parser.Event {
			ev := api("GET", "https://management.azure.com/subscriptions", 401, "j1")
			ev.Auth.JWT = &parser.Claims{Issuer: "https://sts.windows.net/t1/", Subject: "u1", Audience: []string{"https://graph.microsoft.com"}, Expires: mins(60)}
			return b.add(1, ev)
		}},
	{name: "audience/AADSTS500011", label: LabelInvalid, cause: CauseAudienceMismatch,
		build: func(b *tl) *parser.Event {
			ev := req("POST", msToken, 400)
			ev.Token = &parser.TokenCall{GrantType: "client_credentials", ClientID: "c1"}
			ev.Error = &parser.ErrorBody{Code: "invalid_resource", Description: "AADSTS500011: The resource principal named https://api.contoso.com was not found in the tenant."}
			return b.add(1, ev)
		}},
	{name: "audience/near miss: an Auth0 API identifier as aud, the token worked on this host and is past its exp", label: LabelExpired, cause: CauseTTLElapsed, not: CauseAudienceMismatch,
		build: func(b *tl) *parser.Event {
			claims := &parser.Claims{Issuer: "https://acme.us.auth0.com/", Subject: "u1", Audience: []string{"https://tasks-api", "https://acme.us.auth0.com/userinfo"}, IssuedAt: mins(0), Expires: mins(120)}
			ok := api("GET", "https://tasks.acme-cloud.io/v1/tasks", 200, "a1")
			ok.Auth.JWT = claims
			b.add(1, ok)
			ev := withErr(api("GET", "https://tasks.acme-cloud.io/v1/tasks", 401, "a1"), "invalid_token", `"exp" claim timestamp check failed`)
			ev.Auth.JWT = claims
			return b.add(120.1, ev)
		}},
	{name: "notattempted/near miss: another worker refreshed a second before this one's token was refused", label: LabelExpired, cause: CauseTTLElapsed, not: CauseRefreshNotAttempted,
		build: func(b *tl) *parser.Event {
			const zoom = "https://zoom.us/oauth/token"
			claims := &parser.Claims{Issuer: "https://zoom.us", IssuedAt: mins(-60), Expires: mins(0)}
			conn := func(ev *parser.Event) *parser.Event { ev.Connection = "acct-z"; return ev }
			old := conn(api("GET", "https://api.zoom.us/v2/users/me", 200, "z0"))
			old.Auth.JWT = claims
			b.add(0, old)
			b.add(59.0/60, conn(grant(zoom, "refresh_token", "zr0", "z1", "zr1", "3600")))
			ev := conn(withErr(api("GET", "https://api.zoom.us/v2/users/me/meetings", 401, "z0"), "124", "Access token is expired."))
			ev.Auth.JWT = claims
			x := b.add(1, ev)
			b.add(1.05, conn(api("GET", "https://api.zoom.us/v2/users/me/meetings", 200, "z1")))
			return x
		}},
	{name: "collision/GitHub answers the raced refresh with 200 + bad_refresh_token", label: LabelInvalid, cause: CauseRefreshCollision, not: CauseTokenEndpointError200,
		evidence: "the refusal came with status 200",
		build: func(b *tl) *parser.Event {
			const gh = "https://github.com/login/oauth/access_token"
			b.add(0, grant(gh, "refresh_token", "ghr0", "ghu1", "ghr1", "28800"))
			ev := req("POST", gh, 200)
			ev.Token = &parser.TokenCall{GrantType: "refresh_token", RefreshSentFP: "ghr0", ErrorIn200: true}
			return b.add(0.02, withErr(ev, "bad_refresh_token", "The refresh token passed is incorrect or expired."))
		}},
	{name: "audience/near miss: aud matches the host", not: CauseAudienceMismatch,
		build: func(b *tl) *parser.Event {
			ev := api("GET", "https://graph.microsoft.com/v1.0/me", 401, "j1")
			ev.Auth.JWT = &parser.Claims{Issuer: "https://sts.windows.net/t1/", Subject: "u1", Audience: []string{"https://graph.microsoft.com"}, Expires: mins(60)}
			return b.add(1, ev)
		}},

	// invalid / rotation-not-persisted
	{name: "rotation/rotated refresh token sent again", label: LabelInvalid, cause: CauseRotationNotPersisted,
		evidence: "refresh token rt1 was replaced by rt2 at t.har: entry 1 (09:30:00) and sent again at t.har: entry 3 (10:31:00)",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(xeroToken, "authorization_code", "", "at1", "rt1", "1800"))
			b.add(30, grant(xeroToken, "refresh_token", "rt1", "at2", "rt2", "1800"))
			b.add(45, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 200, "at2"))
			return b.add(91, refreshFail(xeroToken, "rt1", 400, "invalid_grant", ""))
		}},
	{name: "rotation/sent again days later: the earlier time has its date", label: LabelInvalid, cause: CauseRotationNotPersisted,
		evidence: "refresh token rt1 was replaced by rt2 at t.har: entry 1 (2026-03-02 09:30:00) and sent again at t.har: entry 3 (10:40:00)",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(xeroToken, "authorization_code", "", "at1", "rt1", "1800"))
			b.add(30, grant(xeroToken, "refresh_token", "rt1", "at2", "rt2", "1800"))
			b.add(45, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 200, "at2"))
			return b.add(8*24*60+100, refreshFail(xeroToken, "rt1", 400, "invalid_grant", ""))
		}},
	{name: "rotation/near miss: non-rotating provider reuses its refresh token", label: "", cause: "",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
			b.add(61, grant(googleToken, "refresh_token", "rt1", "at2", "", "3600"))
			return b.add(122, grant(googleToken, "refresh_token", "rt1", "at3", "", "3600"))
		}},

	// invalid / refresh-collision
	{name: "collision/second refresh seconds after the first", label: LabelInvalid, cause: CauseRefreshCollision, evidence: "was sent twice 2s apart",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(auth0Token, "refresh_token", "rt1", "at1", "rt2", "86400"))
			return b.add(2.0/60, refreshFail(auth0Token, "rt1", 403, "invalid_grant", "Unknown or invalid refresh token."))
		}},
	{name: "collision/loser recorded before the winner", label: LabelInvalid, cause: CauseRefreshCollision, evidence: "was sent twice 1s apart",
		build: func(b *tl) *parser.Event {
			x := b.add(0, refreshFail(auth0Token, "rt1", 403, "invalid_grant", "Unknown or invalid refresh token."))
			b.add(1.0/60, grant(auth0Token, "refresh_token", "rt1", "at1", "rt2", "86400"))
			return x
		}},
	{name: "collision/near miss: minutes apart is rotation", label: LabelInvalid, cause: CauseRotationNotPersisted, not: CauseRefreshCollision,
		build: func(b *tl) *parser.Event {
			b.add(0, grant(auth0Token, "refresh_token", "rt1", "at1", "rt2", "86400"))
			return b.add(5, refreshFail(auth0Token, "rt1", 403, "invalid_grant", "Unknown or invalid refresh token."))
		}},

	// invalid / bad-expires-in
	{name: "bad-expires-in/milliseconds", label: LabelInvalid, cause: CauseBadExpiresIn, evidence: "(milliseconds)",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://auth.example.com/oauth/token", "authorization_code", "", "at1", "rt1", "3600000"))
			b.add(5, api("GET", "https://api.example.com/v1/items", 200, "at1"))
			return b.add(60.5, api("GET", "https://api.example.com/v1/items", 401, "at1"))
		}},
	{name: "bad-expires-in/regular interval across tokens", label: LabelInvalid, cause: CauseBadExpiresIn, evidence: "refused 2 times, each 60m30s–60m40s after issue",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://auth.example.com/oauth/token", "authorization_code", "", "at1", "rt1", "3600000"))
			b.add(60.5, api("GET", "https://api.example.com/v1/items", 401, "at1"))
			b.add(61, grant("https://auth.example.com/oauth/token", "refresh_token", "rt1", "at2", "rt2", "3600000"))
			return b.add(121+2.0/3, api("GET", "https://api.example.com/v1/items", 401, "at2"))
		}},
	{name: "bad-expires-in/epoch", label: LabelInvalid, cause: CauseBadExpiresIn, evidence: "an epoch time",
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://auth.example.com/oauth/token", "authorization_code", "", "at1", "rt1", itoa(int(mins(30).Unix()))))
			return b.add(31, api("GET", "https://api.example.com/v1/items", 401, "at1"))
		}},
	{name: "bad-expires-in/near miss: seconds as a number", label: LabelExpired, cause: CauseTTLElapsed, not: CauseBadExpiresIn,
		build: func(b *tl) *parser.Event {
			b.add(0, grant("https://auth.example.com/oauth/token", "authorization_code", "", "at1", "rt1", "3600"))
			x := b.add(60.5, api("GET", "https://api.example.com/v1/items", 401, "at1"))
			b.add(60.6, grant("https://auth.example.com/oauth/token", "refresh_token", "rt1", "at2", "rt2", "3600"))
			return x
		}},

	// invalid / token-endpoint-error-200
	{name: "error-200/github error body with 200", label: LabelInvalid, cause: CauseTokenEndpointError200, evidence: "with status 200",
		build: func(b *tl) *parser.Event {
			ev := req("POST", ghToken, 200)
			ev.Token = &parser.TokenCall{GrantType: "authorization_code", ClientID: "Iv1.abc", ErrorIn200: true}
			ev.Error = &parser.ErrorBody{Code: "bad_verification_code", Description: "The code passed is incorrect or expired."}
			return b.add(0, ev)
		}},
	{name: "error-200/later call without a token takes the 200-with-error as its cause", label: LabelInvalid, cause: CauseTokenEndpointError200, evidence: "answered 200 with an error at t.har: entry 0",
		build: func(b *tl) *parser.Event {
			ev := req("POST", ghToken, 200)
			ev.Token = &parser.TokenCall{GrantType: "authorization_code", ClientID: "Iv1.abc", ErrorIn200: true}
			ev.Error = &parser.ErrorBody{Code: "incorrect_client_credentials"}
			b.add(0, ev)
			return b.add(0.1, withErr(req("GET", "https://api.github.com/user", 401), "", "Requires authentication"))
		}},
	{name: "error-200/near miss: the same error as a 400", label: LabelOther, cause: CauseClientError, not: CauseTokenEndpointError200,
		build: func(b *tl) *parser.Event {
			ev := req("POST", ghToken, 400)
			ev.Token = &parser.TokenCall{GrantType: "authorization_code", ClientID: "Iv1.abc"}
			ev.Error = &parser.ErrorBody{Code: "bad_verification_code"}
			return b.add(0, ev)
		}},

	// invalid / clock-skew
	{name: "clock-skew/iat in the future", label: LabelInvalid, cause: CauseClockSkew, evidence: "iat is 09:10:00, 10m00s after",
		build: func(b *tl) *parser.Event {
			ev := api("GET", "https://api.example.com/v1/me", 401, "j1")
			ev.Auth.JWT = &parser.Claims{Issuer: "https://auth.example.com/", IssuedAt: mins(10), Expires: mins(70), Audience: []string{"api.example.com"}}
			return b.add(0, ev)
		}},
	{name: "clock-skew/google Invalid JWT iat and exp", label: LabelInvalid, cause: CauseClockSkew,
		build: func(b *tl) *parser.Event {
			ev := req("POST", googleToken, 400)
			ev.Token = &parser.TokenCall{GrantType: "urn:ietf:params:oauth:grant-type:jwt-bearer"}
			ev.Error = &parser.ErrorBody{Code: "invalid_grant", Description: "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."}
			return b.add(0, ev)
		}},
	{name: "clock-skew/near miss: iat 30s ahead is within leeway", not: CauseClockSkew,
		build: func(b *tl) *parser.Event {
			ev := api("GET", "https://api.example.com/v1/me", 401, "j1")
			ev.Auth.JWT = &parser.Claims{Issuer: "https://auth.example.com/", IssuedAt: mins(0.5), Expires: mins(60)}
			return b.add(0, ev)
		}},

	// invalid / malformed-token
	{name: "malformed/okta signature in WWW-Authenticate", label: LabelInvalid, cause: CauseMalformedToken, evidence: "never succeeded",
		build: func(b *tl) *parser.Event {
			return b.add(0, withWWW(api("GET", "https://acme.okta.com/api/v1/users/me", 401, "ok1"),
				`Bearer authorization_uri="https://acme.okta.com/oauth2/v1/authorize", realm="OKTA", scope="okta.users.read", error="invalid_token", error_description="The token is malformed or signature verification failed."`))
		}},
	{name: "malformed/near miss: token that worked before", not: CauseMalformedToken,
		build: func(b *tl) *parser.Event {
			b.add(0, api("GET", "https://acme.okta.com/api/v1/users/me", 200, "ok1"))
			return b.add(1, withWWW(api("GET", "https://acme.okta.com/api/v1/users/me", 401, "ok1"), `Bearer error="invalid_token", error_description="Signature verification failed."`))
		}},

	// invalid / missing-token
	{name: "missing-token/no credentials", label: LabelInvalid, cause: CauseMissingToken, evidence: "no Authorization header",
		build: func(b *tl) *parser.Event {
			return b.add(0, withWWW(req("GET", "https://api.example.com/v1/me", 401), `Bearer realm="api"`))
		}},
	{name: "missing-token/near miss: sanitized export", not: CauseMissingToken, label: LabelOther, cause: CauseUnknown,
		build: func(b *tl) *parser.Event {
			ev := req("GET", "https://api.example.com/v1/me", 401)
			ev.Auth.Sanitized = true
			return b.add(0, ev)
		}},

	// invalid / wrong-token-endpoint
	{name: "wrong-endpoint/refresh to a 404", label: LabelInvalid, cause: CauseWrongTokenEndpoint, evidence: "not a known token endpoint path",
		build: func(b *tl) *parser.Event {
			return b.add(0, refreshFail("https://api.example.com/v2/session/renew", "rt1", 404, "", ""))
		}},
	{name: "wrong-endpoint/HTML login page", label: LabelInvalid, cause: CauseWrongTokenEndpoint, evidence: "text/html",
		build: func(b *tl) *parser.Event {
			ev := req("POST", "https://app.example.com/login", 200)
			ev.Token = &parser.TokenCall{GrantType: "refresh_token", RefreshSentFP: "rt1"}
			ev.Response.ContentType = "text/html; charset=utf-8"
			return b.add(0, ev)
		}},
	{name: "wrong-endpoint/near miss: a real token endpoint refusing", not: CauseWrongTokenEndpoint,
		build: func(b *tl) *parser.Event {
			return b.add(0, refreshFail(googleToken, "rt1", 400, "invalid_grant", ""))
		}},

	// invalid / bad-refresh-request
	{name: "bad-refresh/unsupported_grant_type", label: LabelInvalid, cause: CauseBadRefreshRequest,
		build: func(b *tl) *parser.Event {
			return b.add(0, refreshFail(auth0Token, "rt1", 400, "unsupported_grant_type", "Unsupported grant type: refresh-token"))
		}},
	{name: "bad-refresh/invalid_request without refresh token", label: LabelInvalid, cause: CauseBadRefreshRequest, evidence: "carried no refresh_token",
		build: func(b *tl) *parser.Event {
			return b.add(0, refreshFail(xeroToken, "", 400, "invalid_request", "Missing parameter: refresh_token"))
		}},
	{name: "bad-refresh/near miss: invalid_grant", not: CauseBadRefreshRequest, label: LabelRevoked, cause: CauseGrantRevoked,
		build: func(b *tl) *parser.Event {
			return b.add(0, refreshFail(auth0Token, "rt1", 400, "invalid_grant", ""))
		}},

	// scope / insufficient-scope
	{name: "scope/google ACCESS_TOKEN_SCOPE_INSUFFICIENT", label: LabelScope, cause: CauseInsufficientScope,
		build: func(b *tl) *parser.Event {
			return b.add(0, withErr(api("GET", "https://gmail.googleapis.com/gmail/v1/users/me/messages", 403, "g1"),
				"PERMISSION_DENIED", "Request had insufficient authentication scopes.", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"))
		}},
	{name: "scope/graph Authorization_RequestDenied", label: LabelScope, cause: CauseInsufficientScope,
		build: func(b *tl) *parser.Event {
			return b.add(0, withErr(api("GET", "https://graph.microsoft.com/v1.0/users", 403, "m1"), "Authorization_RequestDenied", "Insufficient privileges to complete the operation."))
		}},
	{name: "scope/bare 403 while the token works elsewhere", label: LabelScope, cause: CauseInsufficientScope, evidence: "on another endpoint",
		build: func(b *tl) *parser.Event {
			b.add(0, api("GET", "https://api.example.com/v1/me", 200, "t1"))
			return b.add(1, api("DELETE", "https://api.example.com/v1/users/7", 403, "t1"))
		}},
	{name: "scope/near miss: 403 from the token endpoint", not: CauseInsufficientScope, label: LabelRevoked, cause: CauseGrantRevoked,
		build: func(b *tl) *parser.Event {
			return b.add(0, refreshFail("https://auth.atlassian.com/oauth/token", "rt1", 403, "unauthorized_client", "refresh_token is invalid"))
		}},

	// webhook-400
	{name: "webhook/malformed json", label: LabelWebhook400, cause: CauseMalformedJSON, evidence: "a body that is not JSON",
		build: func(b *tl) *parser.Event {
			ev := req("POST", "https://hooks.zapier.com/hooks/catch/123/abc/", 400)
			ev.Hook = true
			ev.Request = parser.RequestInfo{ContentType: "application/json", HasBody: true}
			return b.add(0, ev)
		}},
	{name: "webhook/missing field", label: LabelWebhook400, cause: CauseMissingField,
		build: func(b *tl) *parser.Event {
			ev := withErr(req("POST", "https://example.com/webhook", 400), "", "email is required")
			ev.Hook = true
			ev.Request = parser.RequestInfo{ContentType: "application/json", HasBody: true, BodyIsJSON: true}
			return b.add(0, ev)
		}},
	{name: "webhook/wrong content type", label: LabelWebhook400, cause: CauseWrongContentType, evidence: "Content-Type text/plain",
		build: func(b *tl) *parser.Event {
			ev := req("POST", "https://example.com/hooks/orders", 400)
			ev.Hook = true
			ev.Request = parser.RequestInfo{ContentType: "text/plain", HasBody: true, BodyIsJSON: true}
			return b.add(0, ev)
		}},
	{name: "webhook/rejected payload", label: LabelWebhook400, cause: CauseRejectedPayload,
		build: func(b *tl) *parser.Event {
			ev := withErr(req("POST", "https://example.com/webhook", 400), "", "amount must be positive")
			ev.Hook = true
			ev.Request = parser.RequestInfo{ContentType: "application/json", HasBody: true, BodyIsJSON: true}
			return b.add(0, ev)
		}},
	{name: "webhook/near miss: a JSON body is not malformed json", label: LabelWebhook400, cause: CauseRejectedPayload, not: CauseMalformedJSON,
		build: func(b *tl) *parser.Event {
			ev := withErr(req("POST", "https://example.com/webhook", 400), "", "signature mismatch")
			ev.Hook = true
			ev.Request = parser.RequestInfo{ContentType: "application/json", HasBody: true, BodyIsJSON: true}
			return b.add(0, ev)
		}},
	{name: "webhook/near miss: JSON sent as JSON is not a content-type problem", label: LabelWebhook400, cause: CauseMissingField, not: CauseWrongContentType,
		build: func(b *tl) *parser.Event {
			ev := withErr(req("POST", "https://hooks.zapier.com/hooks/catch/1/a/", 400), "", "missing required field: order_id")
			ev.Hook = true
			ev.Request = parser.RequestInfo{ContentType: "application/json; charset=utf-8", HasBody: true, BodyIsJSON: true}
			return b.add(0, ev)
		}},
	{name: "webhook/near miss: \"required\" said about auth is not a missing field", not: CauseMissingField, label: LabelInvalid, cause: CauseMissingToken,
		build: func(b *tl) *parser.Event {
			ev := withErr(req("POST", "https://example.com/webhook", 401), "", "authentication is required")
			ev.Hook = true
			return b.add(0, ev)
		}},
	{name: "webhook/near miss: 401 on a hook is auth", not: CauseRejectedPayload, label: LabelInvalid, cause: CauseMissingToken,
		build: func(b *tl) *parser.Event {
			ev := req("POST", "https://example.com/webhook", 401)
			ev.Hook = true
			return b.add(0, ev)
		}},
	{name: "webhook/near miss: a 400 that is not a hook", not: CauseRejectedPayload, label: LabelOther, cause: CauseClientError,
		build: func(b *tl) *parser.Event {
			return b.add(0, withErr(api("POST", "https://api.example.com/v1/orders", 400, "t1"), "", "amount must be positive"))
		}},

	// rate-limited, server-error, other
	{name: "rate/429 with Retry-After", label: LabelRateLimited, cause: CauseTooManyRequests, evidence: "Retry-After: 30",
		build: func(b *tl) *parser.Event {
			ev := api("GET", "https://api.hubapi.com/crm/v3/objects/contacts", 429, "h1")
			ev.Response.RetryAfter = "30"
			return b.add(0, ev)
		}},
	{name: "rate/github 403 rate limit", label: LabelRateLimited, cause: CauseTooManyRequests,
		build: func(b *tl) *parser.Event {
			return b.add(0, withErr(api("GET", "https://api.github.com/repos/a/b/issues", 403, "gh1"), "", "API rate limit exceeded for user ID 1."))
		}},
	{name: "rate/near miss: 403 without throttling words", not: CauseTooManyRequests,
		build: func(b *tl) *parser.Event {
			return b.add(0, withErr(api("GET", "https://api.github.com/repos/a/b/issues", 403, "gh1"), "", "Resource not accessible by integration"))
		}},
	{name: "server/503", label: LabelServerError, cause: CauseServerError,
		build: func(b *tl) *parser.Event { return b.add(0, api("GET", "https://api.example.com/v1/me", 503, "t1")) }},
	{name: "server/network error", label: LabelServerError, cause: CauseNetworkError, evidence: "net::ERR_CONNECTION_RESET",
		build: func(b *tl) *parser.Event {
			ev := api("GET", "https://api.example.com/v1/me", 0, "t1")
			ev.NetError = "net::ERR_CONNECTION_RESET"
			return b.add(0, ev)
		}},
	{name: "network/near miss: a 504 is the server's, not the network's", not: CauseNetworkError, label: LabelServerError, cause: CauseServerError,
		build: func(b *tl) *parser.Event { return b.add(0, api("GET", "https://api.example.com/v1/me", 504, "t1")) }},
	{name: "not-found/near miss: 404 from a token endpoint is the wrong endpoint", not: CauseNotFound, label: LabelInvalid, cause: CauseWrongTokenEndpoint,
		build: func(b *tl) *parser.Event {
			return b.add(0, refreshFail("https://api.example.com/oauth/token", "rt1", 404, "", ""))
		}},
	{name: "client-error/near miss: an unexplained 401 is unknown, not a client error", not: CauseClientError, label: LabelOther, cause: CauseUnknown,
		build: func(b *tl) *parser.Event {
			return b.add(0, api("GET", "https://api.example.com/v1/me", 401, "never-seen"))
		}},
	{name: "server/near miss: token endpoint 400 is not server", not: CauseServerError, label: LabelRevoked, cause: CauseGrantRevoked,
		build: func(b *tl) *parser.Event { return b.add(0, refreshFail(googleToken, "r", 400, "invalid_grant", "")) }},
	{name: "other/404", label: LabelOther, cause: CauseNotFound,
		build: func(b *tl) *parser.Event {
			return b.add(0, api("GET", "https://api.example.com/v1/users/9", 404, "t1"))
		}},
	{name: "other/422", label: LabelOther, cause: CauseClientError,
		build: func(b *tl) *parser.Event {
			return b.add(0, api("POST", "https://api.example.com/v1/users", 422, "t1"))
		}},
	{name: "success/no finding", label: "", cause: "",
		build: func(b *tl) *parser.Event { return b.add(0, api("GET", "https://api.example.com/v1/users", 200, "t1")) }},
}

// TestRuleFilesDocumented checks every rule has a name and a one-line doc,
// and every cause has a rule and a remediation.
func TestRuleFilesDocumented(t *testing.T) {
	named := map[string]bool{}
	for _, r := range rules {
		if r.Name == "" || r.Doc == "" || strings.Contains(r.Doc, "\n") {
			t.Errorf("rule %q lacks a name or one-line doc", r.Name)
		}
		named[r.Name] = true
	}
	for _, r := range walkRules {
		named[r.Name] = true
	}
	for _, c := range allCauses {
		if !named[string(c)] {
			t.Errorf("cause %s has no rule", c)
		}
		if remediation(c) == "" {
			t.Errorf("cause %s has no remediation", c)
		}
	}
	for _, r := range runRules {
		if r.Name == "" || r.Doc == "" {
			t.Errorf("run rule %q lacks a name or doc", r.Name)
		}
	}
}

func TestParseExpiresIn(t *testing.T) {
	issued := time.Unix(1767225600-3600, 0)
	for _, tc := range []struct {
		raw  string
		d    time.Duration
		unit unit
	}{
		{"3600", time.Hour, unitSeconds},
		{`"3600"`, time.Hour, unitString},
		{"3600000", time.Hour, unitMillis},
		{"1767225600", time.Hour, unitEpoch},
		{"1767225600000", time.Hour, unitEpochMillis},
		{"0", 0, unitNonPositive},
		{"-1", 0, unitNonPositive},
		{"soon", 0, unitUnparsed},
		{"", 0, unitNone},
		{"5183944", 5183944 * time.Second, unitSeconds},
		{"5184000", 60 * 24 * time.Hour, unitSeconds}, // LinkedIn's 60 days
		{"2592000", 30 * 24 * time.Hour, unitSeconds}, // Pinterest's 30 days
		{"86400000", 24 * time.Hour, unitMillis},      // a day in milliseconds, not 1000 days
		{"7200000", 2 * time.Hour, unitMillis},
		{"3599.5", 3599 * time.Second, unitSeconds},
	} {
		d, u := parseExpiresIn(tc.raw, issued)
		if d != tc.d || u != tc.unit {
			t.Errorf("parseExpiresIn(%q) = %v, %v; want %v, %v", tc.raw, d, u, tc.d, tc.unit)
		}
	}
}

func TestDur(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{43 * time.Second, "43s"},
		{60*time.Minute + 43*time.Second, "60m43s"},
		{5*time.Hour + 3*time.Minute, "5h3m"},
		{50 * time.Hour, "2d2h"},
		{-90 * time.Second, "-1m30s"},
	} {
		if got := dur(tc.d); got != tc.want {
			t.Errorf("dur(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestScopesCover(t *testing.T) {
	for _, tc := range []struct {
		granted, accepted string
		want              bool
	}{
		{"read:user", "repo", false},
		{"", "repo", false},
		{"repo, user", "repo", true},
		{"repo", "public_repo", true},
		{"repo", "repo:status", true},
		{"user", "read:user", true},
		{"admin:org", "read:org", true},
		{"write:org", "read:org", true},
		{"read:org", "admin:org", false},
		{"gist, read:org", "admin:org, write:org", false},
		{"gist, write:org", "admin:org, write:org", true},
	} {
		if got := scopesCover(tc.granted, tc.accepted); got != tc.want {
			t.Errorf("scopesCover(%q, %q) = %v, want %v", tc.granted, tc.accepted, got, tc.want)
		}
	}
}
