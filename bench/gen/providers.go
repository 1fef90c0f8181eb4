package main

import "strconv"

// pagingStyle is how a provider's list endpoint pages.
type pagingStyle uint8

const (
	pagingCursor pagingStyle = iota // a next cursor in the body, sent back as a query parameter
	pagingOffset                    // a record offset in the query
	pagingPage                      // a page number in the query
)

// walkPageSize is the page size every list endpoint asks for and gets
// (short of the last page a walk is cut at), so page, offset and total agree.
const walkPageSize = 10

// provider is one OAuth API the traffic talks to, with its real token
// endpoint and error shapes. Lifetimes are the provider's defaults.
type provider struct {
	name     string
	tokenURL string
	api      string   // API base URL
	paths    []string // ordinary endpoints, relative to api
	form     bool     // refresh body is form-encoded (else JSON)

	list       string // paginated endpoint, relative to api
	paging     pagingStyle
	cursorName string // query parameter carrying the cursor, offset or page number

	jwtIssuer string // "" for opaque access tokens
	audience  string
	tokenLen  int // opaque access token length
	lifetime  int // access token lifetime, seconds
	// expiresIn renders the lifetime as the token response writes it.
	expiresIn func(seconds int) string
	rotates   bool // refresh responses carry a new refresh token

	expiredStatus int
	expiredBody   string
	expiredAuth   string // WWW-Authenticate on expiry, if any
	revokedStatus int
	revokedBody   string
	clientStatus  int
	clientBody    string
	scopePath     string
	scopeBody     string
}

func seconds(n int) string      { return strconv.Itoa(n) }
func milliseconds(n int) string { return strconv.Itoa(n * 1000) }
func quoted(n int) string       { return `"` + strconv.Itoa(n) + `"` }

// providers is the fixed cast of the benchmark, in a fixed order so that
// a seed always picks the same ones.
var providers = []*provider{
	{
		name: "google", tokenURL: "https://oauth2.googleapis.com/token", api: "https://www.googleapis.com",
		paths: []string{"/drive/v3/files/{id}?fields=id,name,modifiedTime,size", "/calendar/v3/calendars/primary/events?maxResults=25&singleEvents=true"},
		form:  true, list: "/drive/v3/files?pageSize=10&orderBy=modifiedTime", paging: pagingCursor, cursorName: "pageToken",
		tokenLen: 180, lifetime: 3599, expiresIn: seconds,
		expiredStatus: 401,
		expiredBody:   `{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.","status":"UNAUTHENTICATED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_EXPIRED","domain":"googleapis.com","metadata":{"service":"drive.googleapis.com"}}]}}`,
		expiredAuth:   `Bearer realm="https://accounts.google.com/", error="invalid_token"`,
		revokedStatus: 400, revokedBody: `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`,
		clientStatus: 401, clientBody: `{"error":"invalid_client","error_description":"The OAuth client was not found."}`,
		scopePath: "/gmail/v1/users/me/messages?maxResults=20",
		scopeBody: `{"error":{"code":403,"message":"Request had insufficient authentication scopes.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT","domain":"googleapis.com"}]}}`,
	},
	{
		name: "microsoft", tokenURL: "https://login.microsoftonline.com/8e3f1c2a-5b7d-4e9f-a1c3-6d5b7f9e0a2c/oauth2/v2.0/token", api: "https://graph.microsoft.com",
		paths: []string{"/v1.0/me", "/v1.0/me/messages/{id}?$select=subject,from,receivedDateTime"},
		form:  true, list: "/v1.0/users?$top=10", paging: pagingCursor, cursorName: "$skiptoken",
		jwtIssuer: "https://sts.windows.net/8e3f1c2a-5b7d-4e9f-a1c3-6d5b7f9e0a2c/", audience: "00000003-0000-0000-c000-000000000000",
		lifetime: 4233, expiresIn: seconds, rotates: true,
		expiredStatus: 401,
		expiredBody:   `{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired.","innerError":{"date":"2026-03-02T10:00:00","request-id":"5e9c1a77-3b1f-4a8e-9f6d-2c1b0a9e8d7c"}}}`,
		expiredAuth:   `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
		revokedStatus: 400, revokedBody: `{"error":"invalid_grant","error_description":"AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.","error_codes":[50173]}`,
		clientStatus: 401, clientBody: `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.","error_codes":[7000215]}`,
		scopePath: "/v1.0/groups?$top=50",
		scopeBody: `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-03-02T10:00:00","request-id":"0d1f4e3a-9b5c-4d6e-8f0a-1b2c3d4e5f60"}}}`,
	},
	{
		name: "hubspot", tokenURL: "https://api.hubapi.com/oauth/v1/token", api: "https://api.hubapi.com",
		paths: []string{"/crm/v3/objects/deals/{id}?properties=amount,dealstage", "/crm/v3/owners?limit=100"},
		form:  true, list: "/crm/v3/objects/contacts?limit=10&archived=false", paging: pagingCursor, cursorName: "after",
		tokenLen: 220, lifetime: 1800, expiresIn: seconds,
		expiredStatus: 401,
		expiredBody:   `{"status":"error","message":"The OAuth token used to make this call expired 1 minute(s) ago.","correlationId":"d3b07384-d113-4ec6-a3b9-1f6e2c9d8b71","category":"EXPIRED_AUTHENTICATION"}`,
		revokedStatus: 400, revokedBody: `{"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token","correlationId":"7b1e2f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b"}`,
		clientStatus: 400, clientBody: `{"status":"BAD_CLIENT_ID","message":"missing or unknown client id","correlationId":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"}`,
		scopePath: "/crm/v3/objects/tickets?limit=100",
		scopeBody: `{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["tickets"]}}],"category":"MISSING_SCOPES"}`,
	},
	{
		name: "xero", tokenURL: "https://identity.xero.com/connect/token", api: "https://api.xero.com",
		paths: []string{"/api.xro/2.0/Contacts/{id}", "/api.xro/2.0/Organisation"},
		form:  true, list: "/api.xro/2.0/Invoices?where=Status%3D%3D%22AUTHORISED%22&pageSize=10", paging: pagingPage, cursorName: "page",
		jwtIssuer: "https://identity.xero.com", audience: "https://identity.xero.com/resources",
		lifetime: 1800, expiresIn: seconds, rotates: true,
		expiredStatus: 401,
		expiredBody:   `{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 03/02/2026 10:00:00","Instance":"6c1f0a2b-3d4e-4f5a-8b6c-7d8e9f0a1b2c","Extensions":{}}`,
		revokedStatus: 400, revokedBody: `{"error":"invalid_grant"}`,
		clientStatus: 400, clientBody: `{"error":"invalid_client"}`,
		scopePath: "/api.xro/2.0/Reports/ProfitAndLoss",
		scopeBody: `{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthorizationUnsuccessful: insufficient_scope (accounting.reports.read)","Instance":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","Extensions":{}}`,
	},
	{
		name: "slack", tokenURL: "https://slack.com/api/oauth.v2.access", api: "https://slack.com/api",
		paths: []string{"/conversations.info?channel=C04QF7K2B9M", "/users.info?user=U0{id}"},
		form:  true, list: "/conversations.history?channel=C04QF7K2B9M&limit=10", paging: pagingCursor, cursorName: "cursor",
		tokenLen: 150, lifetime: 43200, expiresIn: seconds, rotates: true,
		expiredStatus: 200, expiredBody: `{"ok":false,"error":"token_expired"}`,
		revokedStatus: 200, revokedBody: `{"ok":false,"error":"invalid_refresh_token"}`,
		clientStatus: 200, clientBody: `{"ok":false,"error":"invalid_client_id"}`,
		scopePath: "/channels.history?channel=C04QF7K2B9M",
		scopeBody: `{"ok":false,"error":"missing_scope","needed":"channels:history","provided":"chat:write,channels:read"}`,
	},
	{
		name: "acmecrm", tokenURL: "https://auth.acmecrm.example/oauth/token", api: "https://api.acmecrm.example",
		paths: []string{"/v2/contacts/{id}", "/v2/accounts/{id}/activities?limit=20"},
		form:  false, list: "/v2/contacts?limit=10", paging: pagingOffset, cursorName: "offset",
		tokenLen: 40, lifetime: 3600, expiresIn: milliseconds,
		expiredStatus: 401, expiredBody: `{"error":"invalid_token","error_description":"Access token expired"}`,
		expiredAuth:   `Bearer realm="acmecrm", error="invalid_token", error_description="Access token expired"`,
		revokedStatus: 400, revokedBody: `{"error":"invalid_grant","error_description":"refresh token revoked"}`,
		clientStatus: 401, clientBody: `{"error":"invalid_client","error_description":"client authentication failed"}`,
		scopePath: "/v2/admin/users",
		scopeBody: `{"error":"insufficient_scope","error_description":"requires admin:read"}`,
	},
	{
		name: "tasklane", tokenURL: "https://api.tasklane.example/oauth/token", api: "https://api.tasklane.example",
		paths: []string{"/v1/tasks/{id}", "/v1/projects?status=active"},
		form:  true, list: "/v1/tasks?status=open&per_page=10", paging: pagingPage, cursorName: "page",
		tokenLen: 32, lifetime: 3600, expiresIn: quoted,
		expiredStatus: 403, expiredBody: `{"message":"access token has expired","code":"TOKEN_EXPIRED"}`,
		revokedStatus: 400, revokedBody: `{"error":"invalid_grant","error_description":"The refresh token is invalid or expired."}`,
		clientStatus: 400, clientBody: `{"error":"unauthorized_client"}`,
		scopePath: "/v1/billing/invoices",
		scopeBody: `{"error":"insufficient_scope","scope":"billing:read"}`,
	},
}
