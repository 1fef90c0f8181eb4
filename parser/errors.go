package parser

import (
	"bytes"
	pathpkg "path"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// errorPaths are where providers put error codes, most specific first.
// The first that holds a string or number becomes ErrorBody.Code when the
// body has no OAuth "error" string; all are collected into Codes.
var errorCodePaths = paths(
	"error.status",             // Google APIs: "UNAUTHENTICATED", "PERMISSION_DENIED"
	"error.code",               // Microsoft Graph: "InvalidAuthenticationToken"; Google numeric
	"error.innerError.code",    // Microsoft Graph inner
	"error.errors.#.reason",    // Google v1 reasons: "authError"
	"error.details.#.reason",   // Google v2: "ACCESS_TOKEN_EXPIRED", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
	"error.\\.tag",             // Dropbox: "expired_access_token"
	"error_summary",            // Dropbox: "expired_access_token/"
	"#.errorCode",              // Salesforce: [{"errorCode":"INVALID_SESSION_ID"}]
	"errorCode",                // Salesforce single, Okta "E0000011"
	"ErrorCode",                // some SOAP-ish JSON APIs
	"category",                 // HubSpot: "EXPIRED_AUTHENTICATION"
	"subCategory",              // HubSpot
	"Fault.Error.#.code",       // QuickBooks: "3200"
	"Fault.type",               // QuickBooks: "AUTHENTICATION"
	"Title",                    // Xero: "Unauthorized"
	"Type",                     // Xero
	"code",                     // Zoom 124, Shopify, generic
	"errors.#.code",            // generic JSON:API
	"errors.#.extensions.code", // GraphQL: "UNAUTHENTICATED"
	"fault.detail.errorcode",   // Apigee: "keymanagement.service.access_token_expired"
	"error.type",               // Stripe-like
	"status",                   // HubSpot "error"; kept only when not a number
)

// errorMessagePaths are where providers put the human message.
var errorMessagePaths = paths(
	"error_description",
	"error.message",
	"#.message",
	"message",
	"Detail",
	"detail",
	"Fault.Error.#.Detail",
	"Fault.Error.#.Message",
	"errors.#.message",
	"errors.#.detail",
	"errors", // Shopify: {"errors":"[API] Invalid API key or access token …"}; ["…"]
	"fault.faultstring",
	"error_message",
	"msg",
	"Message",
)

// Lengths of error facts: codes are cut at maxCodeText, text at
// maxErrorText, each after redaction of cutSlack bytes more, so that a
// secret across the cut is recognised whole (tokens are shorter).
const (
	maxCodeText = 256
	cutSlack    = 512
)

// errorFacts reads what a response said about its failure: the OAuth error
// shape, the provider shapes listed in errorCodePaths, AADSTS codes, and
// WWW-Authenticate's error parameters (Okta and Box put the reason only
// there). It returns nil when nothing was found. Everything is redacted.
func errorFacts(status int, contentType string, body []byte, wwwAuthenticate string) *ErrorBody {
	eb := &ErrorBody{}
	b := trimSpace(body)
	if len(b) > maxBodyParse {
		b = b[:maxBodyParse]
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') && gjson.ValidBytes(b) {
		readJSONError(eb, b, status)
	} else if len(b) > 0 && !strings.Contains(strings.ToLower(contentType), "html") && b[0] != '<' && strings.Contains(string(b[:min(len(b), 2048)]), "error=") {
		// Form-encoded OAuth errors (GitHub's token endpoint).
		eb.Code = bodyParam(b, "error")
		eb.Description = redactText(bodyParam(b, "error_description"))
	}
	if wwwAuthenticate != "" {
		code, desc := authParams(wwwAuthenticate)
		if eb.Code == "" {
			eb.Code = code
		} else if code != "" && code != eb.Code {
			eb.Codes = appendUnique(eb.Codes, code)
		}
		if eb.Description == "" {
			eb.Description = desc
		}
	}
	// Codes are free text too: many APIs put a sentence in "error" or
	// "code", and it can quote a credential ("invalid token ya29.…").
	eb.Code = capString(redactText(eb.Code), maxCodeText)
	for i, c := range eb.Codes {
		eb.Codes[i] = capString(redactText(c), maxCodeText)
	}
	if len(b) > 0 {
		// Redacted before it is cut, so a secret across the cut is
		// recognised whole and not shown in part.
		eb.Text = capString(redactText(string(b[:wordCut(b, maxErrorText+cutSlack)])), maxErrorText)
	}
	// AADSTS codes appear inside descriptions and messages.
	for _, s := range []string{eb.Description, eb.Text} {
		for i := 0; ; {
			j := strings.Index(s[i:], "AADSTS")
			if j < 0 {
				break
			}
			k := i + j + len("AADSTS")
			n := k
			for n < len(s) && s[n] >= '0' && s[n] <= '9' {
				n++
			}
			if n > k {
				eb.Codes = appendUnique(eb.Codes, s[i+j:n])
			}
			i = n
		}
	}
	if eb.Code == "" && eb.Description == "" && len(eb.Codes) == 0 && !eb.OKFalse && eb.Text == "" {
		return nil
	}
	return eb
}

// readJSONError reads an error body's codes and message; httpStatus is
// the response's status, which a top-level "code" that repeats it
// (Atlassian's {"code":401,"message":…}) does not name a reason.
func readJSONError(eb *ErrorBody, b []byte, httpStatus int) {
	root := gjson.ParseBytes(b)
	var mb [16]member
	m := membersOf(root, mb[:0])
	if root.IsObject() {
		if ok := m.get(root, pOK); ok.Exists() && ok.Type == gjson.False {
			eb.OKFalse = true
		}
		if e := m.get(root, pError); e.Type == gjson.String {
			eb.Code = e.Str
		}
		for _, c := range m.get(root, pErrorCodes).Array() {
			eb.Codes = appendUnique(eb.Codes, "AADSTS"+c.Raw)
		}
	}
	status := strconv.Itoa(int(m.get(root, pStatus).Int()))
	for _, p := range errorCodePaths {
		v := m.get(root, p)
		for _, s := range flatten(v) {
			if p.full == "status" && isDigits(s) {
				continue
			}
			if p.full == "code" && (s == status || httpStatus > 0 && s == strconv.Itoa(httpStatus)) && s != "" {
				continue
			}
			if eb.Code == "" {
				eb.Code = s
			} else if s != eb.Code {
				eb.Codes = appendUnique(eb.Codes, s)
			}
		}
	}
	for _, p := range errorMessagePaths {
		for _, s := range flatten(m.get(root, p)) {
			if eb.Description == "" {
				eb.Description = capString(redactText(cutWord(s, maxErrorText+cutSlack)), maxErrorText)
			}
		}
	}
	if eb.Description == "" {
		if v := m.get(root, pErrors); v.IsObject() {
			// Shopify's validation errors: {"errors":{"title":["can't be blank"]}}.
			if s := fieldErrors(v); s != "" {
				eb.Description = capString(redactText(cutWord(s, maxErrorText+cutSlack)), maxErrorText)
			}
		}
	}
}

// maxFieldErrors bounds the fields fieldErrors names: the first few say
// what was refused, and the description is cut at maxErrorText anyway.
const maxFieldErrors = 4

// fieldErrors renders an object of messages per field, as Shopify's REST
// API and Rails apps answer validation errors ({"title":["can't be
// blank"],"variants":{"price":["must be a number"]}}), as "title: can't be
// blank; variants.price: must be a number", in the body's order.
func fieldErrors(v gjson.Result) string {
	var b strings.Builder
	n := 0
	var walk func(prefix string, v gjson.Result, depth int)
	walk = func(prefix string, v gjson.Result, depth int) {
		v.ForEach(func(k, val gjson.Result) bool {
			if n >= maxFieldErrors {
				return false
			}
			name := k.String()
			if prefix != "" {
				name = prefix + "." + name
			}
			if val.IsObject() {
				if depth < 2 {
					walk(name, val, depth+1)
				}
				return true
			}
			msgs := flatten(val)
			if len(msgs) == 0 {
				return true
			}
			if b.Len() > 0 {
				b.WriteString("; ")
			}
			b.WriteString(name + ": " + strings.Join(msgs, ", "))
			n++
			return true
		})
	}
	walk("", v, 0)
	return b.String()
}

// flatten turns a gjson result (scalar or array of scalars) into strings,
// leaving out empty values, objects and booleans.
func flatten(v gjson.Result) []string {
	switch v.Type {
	case gjson.String:
		if v.Str != "" {
			return []string{cutWord(v.Str, maxCodeText+cutSlack)} // cut to maxCodeText once redacted
		}
	case gjson.Number:
		return []string{v.Raw}
	case gjson.JSON:
		if v.IsArray() {
			var out []string
			for _, e := range v.Array() {
				out = append(out, flatten(e)...)
			}
			return out
		}
	}
	return nil
}

// cutWord cuts s at n bytes, or past n to the end of a token it would cut
// (at most maxWordPast more): a token is redacted whole, so its
// fingerprint is the same as where it is shown whole.
func cutWord(s string, n int) string { return s[:wordCut(s, n)] }

// wordCut is the length cutWord keeps.
func wordCut[T string | []byte](s T, n int) int {
	if len(s) <= n {
		return len(s)
	}
	e := n
	for e < len(s) && e < n+maxWordPast && isTokChar(s[e]) {
		e++
	}
	return e
}

// maxWordPast bounds how far cutWord goes past its cut.
const maxWordPast = 16 << 10

func capString(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// authParams reads error and error_description from a WWW-Authenticate
// challenge (RFC 6750 section 3).
func authParams(h string) (code, desc string) {
	lower := strings.ToLower(h)
	get := func(name string) string {
		i := strings.Index(lower, name+"=")
		for i > 0 && lower[i-1] != ' ' && lower[i-1] != ',' {
			j := strings.Index(lower[i+1:], name+"=")
			if j < 0 {
				return ""
			}
			i = i + 1 + j
		}
		if i < 0 {
			return ""
		}
		v := h[i+len(name)+1:]
		if strings.HasPrefix(v, `"`) {
			if end := strings.IndexByte(v[1:], '"'); end >= 0 {
				return v[1 : end+1]
			}
			return v[1:]
		}
		if end := strings.IndexAny(v, ", "); end >= 0 {
			return v[:end]
		}
		return v
	}
	return get("error"), redactText(get("error_description"))
}

// pagingParams are the request parameters that walk a list.
var (
	cursorParams = []string{"cursor", "after", "page_token", "pageToken", "starting_after", "next_page_token", "continuation", "nextPageToken", "pagingState", "since_id", "$skiptoken", "page_info"}
	offsetParams = []string{"offset", "startAt", "start", "skip", "$skip", "startIndex"}
	pageParams   = []string{"page", "page_number", "pageNumber", "p"}
	limitParams  = []string{"limit", "per_page", "maxResults", "page_size", "pageSize", "$top", "count", "size"}
	// Response paths of the next cursor, has-more flag, total and records.
	nextPaths    = paths("nextRecordsUrl", "next_cursor", "nextCursor", "response_metadata.next_cursor", "paging.next.after", "nextPageToken", "next_page_token", "@odata\\.nextLink", "links.next", "_links.next.href", "next", "meta.next_cursor", "pagination.next_cursor", "nextLink", "cursor.next", "cursor")
	hasMorePaths = paths("has_more", "hasMore", "more", "has_next", "hasNext", "meta.has_more", "pagination.has_more")
	totalPaths   = paths("total", "total_count", "totalSize", "totalResults", "meta.total", "meta.count", "pagination.total", "@odata\\.count", "total_results")
	listPaths    = paths("data", "results", "items", "values", "records", "value", "issues", "entries", "objects", "contacts", "members", "channels", "messages", "users")
)

// pageFacts reads pagination facts from a list request and its response.
// It returns nil when neither the request nor the response pages.
func pageFacts(e *Event, x *exchange, body []byte) *Page {
	pv := Page{Offset: -1, PageNum: -1, Limit: -1, Total: -1, Count: -1}
	p := &pv // on the stack: most requests do not page, and nothing is allocated for them
	found := false
	qp := x.pagingParams()
	if v := qp[pagingCursor]; v != "" {
		p.Cursor, found = shortValue(v), true
		if p.Cursor == v && strings.Contains(e.URL, redactedPrefix) && strings.Contains(e.URL, redactedPrefix+Fingerprint(v)) {
			// A short cursor the URL's redaction took for a secret
			// (?pageToken=…) is not shown either; a redacted copy,
			// which holds its fingerprint, reads the same.
			p.Cursor = "fp:" + Fingerprint(v)
		}
	}
	if v := qp[pagingOffset]; v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			p.Offset, found = n, true
		}
	}
	if v := qp[pagingPage]; v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			p.PageNum, found = n, true
		}
	}
	if v := qp[pagingLimit]; v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			p.Limit = n
		}
	}
	if strings.Contains(strings.ToLower(e.Response.Link), `rel="next"`) || strings.Contains(strings.ToLower(e.Response.Link), "rel=next") {
		p.LinkNext, found = true, true
		p.NextList = linkNextList(e)
	}
	if p.Cursor == "" && e.Method == "POST" {
		if v := bodyCursor(x); v != "" {
			p.Cursor, found = shortValue(v), true
		}
	}
	b := trimSpace(body)
	if len(b) > 0 && b[0] == '{' && e.Status >= 200 && e.Status < 300 && len(b) <= maxBodyParse && (found || pagingHint(b)) && gjson.ValidBytes(b) {
		root := gjson.ParseBytes(b)
		var mb [16]member
		m := membersOf(root, mb[:0])
		bareCursor := false // the next cursor is a bare "cursor" member (Dropbox)
		for i, path := range nextPaths {
			if v := m.get(root, path); v.Type == gjson.String && v.Str != "" {
				p.NextCursor, found, bareCursor = shortValue(v.Str), true, i == len(nextPaths)-1
				if p.NextCursor == v.Str && secretKey(lastKey(path)) {
					p.NextCursor = "fp:" + Fingerprint(v.Str) // as redact replaces it (nextPageToken)
				}
				break
			}
		}
		for _, path := range hasMorePaths {
			if v := m.get(root, path); v.Type == gjson.True || v.Type == gjson.False {
				p.HasMore, p.Last, found = v.Type == gjson.True, v.Type == gjson.False, true
				break
			}
		}
		if v := m.get(root, pIsLast); v.Type == gjson.True || v.Type == gjson.False {
			p.HasMore, p.Last, found = v.Type == gjson.False, v.Type == gjson.True, true
		}
		if v := m.get(root, pDone); v.Type == gjson.True || v.Type == gjson.False {
			p.HasMore, p.Last, found = v.Type == gjson.False, v.Type == gjson.True, true // Salesforce's "done"
		}
		if p.Last && bareCursor {
			p.NextCursor = "" // Dropbox's cursor on the last page is for polling changes later, not a next page
		}
		for _, path := range totalPaths {
			if v := m.get(root, path); v.Type == gjson.Number {
				p.Total, found = v.Int(), true
				break
			}
		}
		for _, path := range listPaths {
			if v := m.get(root, path); v.IsArray() {
				p.Count = int64(countElements(v))
				break
			}
		}
		if p.Count < 0 && p.Total >= 0 {
			if v := m.get(root, pMaxResults); v.Type == gjson.Number && p.Limit < 0 {
				p.Limit = v.Int()
			}
		}
	}
	path := e.Path
	if dir, last := pathpkg.Split(path); isQueryLocator(pathpkg.Base(dir), last) {
		// Salesforce's next page: its request path is the cursor the
		// previous page offered (nextRecordsUrl), and the list is the query.
		p.Cursor, found = shortValue(path), true
		path = strings.TrimSuffix(dir, "/")
	}
	if !found {
		return nil
	}
	p.ListKey = e.Method + " " + e.Host + path
	out := new(Page)
	*out = pv
	return out
}

// Single paths looked up through members.
var (
	pOK, pError, pErrorCodes, pStatus = splitPath("ok"), splitPath("error"), splitPath("error_codes"), splitPath("status")
	pErrors                           = splitPath("errors")
	pIsLast, pMaxResults              = splitPath("isLast"), splitPath("maxResults")
	pDone                             = splitPath("done")
)

// pagingHints are words a list response that pages holds; a body with
// none of them is not parsed for paging facts.
var pagingHints = [][]byte{[]byte(`"next`), []byte(`more"`), []byte(`"total`), []byte(`"isLast"`),
	[]byte(`nextLink"`), []byte(`"paging"`), []byte(`"cursor"`), []byte(`_cursor"`), []byte(`NextPage`), []byte(`"links"`), []byte(`"_links"`), []byte(`has_next"`), []byte(`hasNext"`), []byte(`"count"`)}

func pagingHint(b []byte) bool {
	for _, h := range pagingHints {
		if bytes.Contains(b, h) {
			return true
		}
	}
	return false
}

// shortValue keeps a cursor comparable without keeping a long opaque value:
// cursors can embed tokens, so long ones become fingerprints.
// A value redact replaced ("redacted:<fp>", a JWT's "redacted-<fp>"
// signature) gives the fingerprint of the value it replaced, and a URL is
// fingerprinted as redacted, so that a redacted copy's cursors are the
// original's.
func shortValue(v string) string {
	if isFingerprint(v) {
		return "fp:" + v[len(redactedPrefix):]
	}
	if len(v) <= 24 && !strings.ContainsAny(v, " \"") {
		return v
	}
	if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		r, _, _ := redactURL(v)
		return "url:" + Fingerprint(r)
	}
	return "fp:" + Fingerprint(v)
}

// lastKey is the member name a path ends in.
func lastKey(p path) string {
	if p.rest == "" {
		return p.first
	}
	k := p.rest
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		k = k[i+1:]
	}
	return k
}

// hookAdminPaths mark a provider's API for managing webhooks (creating a
// subscription, listing endpoints), not a delivery to one: Shopify's
// /admin/api/…/webhooks.json, HubSpot's /webhooks/v3/…/subscriptions,
// Stripe's /v1/webhook_endpoints, GitHub's /repos/…/hooks/….
var hookAdminPaths = []string{"/admin/api/", "/subscriptions", "/webhook_endpoints", "/repos/", "/webhooks/v1/", "/webhooks/v2/", "/webhooks/v3/", "/webhooks/v4/"}

func managesHooks(p string) bool {
	for _, s := range hookAdminPaths {
		if strings.Contains(p, s) {
			return true
		}
	}
	return strings.HasSuffix(p, "/webhooks.json")
}

// isHook tells a webhook delivery by its host, path or step.
func isHook(e *Event) bool {
	h, p := e.Host, asciiOrLower(e.Path)
	if h == "hooks.zapier.com" || strings.HasPrefix(h, "hooks.") {
		return true
	}
	if hasFold(p, "/webhook") || hasFold(p, "/hooks/") {
		return !managesHooks(strings.ToLower(p))
	}
	s := strings.ToLower(e.Step)
	if e.Run != nil && !strings.Contains(s, "webhook") {
		s = strings.ToLower(e.Run.StepName)
	}
	return strings.Contains(s, "webhook")
}

// countElements counts an array's elements without building a slice of
// them, as Result.Array would.
func countElements(v gjson.Result) int {
	n := 0
	v.ForEach(func(_, _ gjson.Result) bool { n++; return true })
	return n
}
