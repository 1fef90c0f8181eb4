package parser

import (
	"bytes"
	"encoding/base64"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Limits of what an Event keeps from a body.
const (
	// maxErrorText caps the redacted body excerpt kept for phrase matching:
	// provider error messages fit in 1 KiB; more would only carry payload.
	maxErrorText = 1024
	// maxBodyParse caps how much of a body is parsed for facts: a token
	// response or error body is far smaller, and a list page's cursor and
	// flags sit at its top or bottom, so both ends are kept.
	maxBodyParse = 256 << 10
)

// header is one HTTP header as written.
type header struct{ name, value string }

// exchange is one HTTP request and response in raw form, as a reader found
// it. It holds secrets and never leaves the parser: build turns it into a
// redacted Event.
type exchange struct {
	src      Source
	time     time.Time
	dur      time.Duration
	method   string
	url      string
	reqHdr   []header
	reqBody  []byte
	reqMime  string
	status   int
	netErr   string
	respHdr  []header
	respBody []byte
	respMime string
	base64   bool // respBody is base64 (HAR content.encoding)
	conn     string
	step     string
	browser  string // HAR _resourceType
	// reqRecorded: the input format records request headers and body.
	reqRecorded bool
	// respListed: the record lists one or more response headers, kept in
	// respHdr or not: without any, what the response sent is unknown.
	respListed bool
	// respText is a HAR body not yet read into respBody while respPending;
	// respRaw is the body as written (still JSON-escaped), for
	// mayMatter's hints.
	respText    jval
	respPending bool
	respRaw     string
	cookies     []header // HAR request.cookies, while harEntryFast reads
	// hdrs holds the first headers harEntryFast keeps, saving an
	// allocation per list; hdrsUsed of them are taken.
	hdrs       [6]header
	hdrsUsed   int
	query      []header  // the URL's query parameters, split on first use
	qbuf       [4]header // holds the first of them
	qSplit     bool
	paging     [pagingKinds]string // pagingParams' answer, once pagingRead
	pagingRead bool
}

// maxScopesHeader bounds GitHub's scope headers kept on an Event: a token
// has a few dozen scopes at most, each a short name.
const maxScopesHeader = 512

// build turns an exchange into a redacted Event.
func build(x *exchange, k *sink) *Event {
	in := k.input
	e := &Event{
		Source:     x.src,
		Kind:       KindHTTP,
		Time:       x.time,
		Duration:   x.dur,
		Method:     methodOf(x.method),
		Status:     x.status,
		NetError:   redactText(x.netErr),
		Connection: redactID(x.conn),
		Step:       redactStep(x.step),
	}
	e.URL, e.Host, e.Path = redactURL(x.url)
	var lb [64]byte
	for _, h := range x.respHdr {
		switch string(lowerASCII(lb[:0], h.name)) { // no copy: compared, not kept
		case "www-authenticate":
			e.Response.WWWAuthenticate = redactText(h.value)
		case "retry-after":
			e.Response.RetryAfter = h.value
		case "link":
			e.Response.Link = redactText(h.value)
		case "date":
			e.Response.Date = h.value
		case "content-type":
			e.Response.ContentType = h.value
		case "x-oauth-scopes":
			e.Response.OAuthScopes = scopesValue(h.value)
		case "x-accepted-oauth-scopes":
			e.Response.AcceptedOAuthScopes = scopesValue(h.value)
		}
	}
	if e.Response.ContentType == "" {
		e.Response.ContentType = x.respMime
	}
	if e.Method == "OPTIONS" {
		readCORS(e, x)
	}
	readAuth(e, x, in, k.tokens)
	e.Hook = isHook(e)
	readRequestInfo(e, x)
	tokenEP := isTokenCall(e, x)
	var body []byte
	if e.Status >= 400 || tokenEP || e.Response.WWWAuthenticate != "" || x.mayMatter() {
		body = x.body()
	}
	if tokenEP {
		e.Token = tokenCall(e, x, body)
		e.TokenEndpoint = true
	}
	if e.Status >= 400 || (e.Token != nil && e.Token.ErrorIn200) || looksLikeError(body) || e.Response.WWWAuthenticate != "" {
		e.Error = k.tokens.errorFacts(e.Status, e.Response.ContentType, body, e.Response.WWWAuthenticate)
	}
	if e.Token == nil {
		e.Page = pageFacts(e, x, body)
	}
	if e.Error != nil || e.Response.WWWAuthenticate != "" || e.NetError != "" || e.Response.Link != "" ||
		ownSecretIn(x, e.URL, e.Step, e.Connection, e.Response.OAuthScopes, e.Response.AcceptedOAuthScopes) {
		// Only free text, and a URL path that carries the API key the
		// headers do, can quote a secret that does not look like one.
		secretsOf(x, e.URL, body, e.Token != nil).scrubEvent(e)
	}
	return e
}

// scopesValue returns a GitHub scope header's value as kept: scope names,
// redacted like any free text all the same (a hostile or broken export
// may put anything in a header, the request's own token included), then
// clipped to maxScopesHeader, cut first only past the word at
// maxScopesHeader+cutSlack (see corsValue).
func scopesValue(s string) string {
	return capString(redactText(cutWord(s, maxScopesHeader+cutSlack)), maxScopesHeader)
}

// redactStep redacts a step's name or id: a UUID (a Zapier step id) is how
// a support engineer finds the step and is kept as written; anything else
// is free text (a HAR comment, a span name).
func redactStep(s string) string {
	if isUUID(s) {
		return s
	}
	return redactText(s)
}

// maxMethod is the longest request method kept as a method.
const maxMethod = 20

// methodOf upper-cases a request method; anything that is not one (a
// mapped log field pointing elsewhere) is redacted like text.
func methodOf(m string) string {
	m = strings.TrimSpace(m)
	if len(m) > maxMethod {
		return capString(redactText(m), 64)
	}
	for i := 0; i < len(m); i++ {
		if c := m[i]; !isLetter(c) && c != '-' && c != '_' {
			return redactText(m)
		}
	}
	return strings.ToUpper(m)
}

// readAuth records which credentials the request carried, by fingerprint.
func readAuth(e *Event, x *exchange, in *Input, tc *tokenCache) {
	var lb [64]byte
	for _, h := range x.reqHdr {
		name := lowerASCII(lb[:0], h.name) // compared as string(name), which does not copy
		switch {
		case string(name) == "authorization" || string(name) == "proxy-authorization":
			v := strings.TrimSpace(h.value)
			if v == "" {
				continue
			}
			scheme, cred, ok := strings.Cut(v, " ")
			if !ok {
				scheme, cred = "", v
			}
			cred = strings.TrimSpace(cred)
			if _, isCensored := censoredFP(v); isCensored {
				scheme, cred = "", v
			}
			e.Auth.Scheme = normScheme(scheme)
			e.Auth.TokenFP, e.Auth.JWT = tc.lookup(cred, strings.EqualFold(scheme, "bearer"))
		case string(name) == "cookie":
			if strings.TrimSpace(h.value) == "" {
				continue
			}
			e.Auth.Cookie = true
			if e.Auth.Scheme == "" {
				e.Auth.Scheme = "cookie"
				e.Auth.TokenFP = cookieFP(h.value)
			}
		case string(name) != "set-cookie" && IsSecretName(h.name): // X-API-Key, X-Auth-Token, Private-Token, ...
			if e.Auth.Scheme == "" && strings.TrimSpace(h.value) != "" {
				e.Auth.Scheme = "api-key"
				e.Auth.TokenFP = Fingerprint(strings.TrimSpace(h.value))
			}
		}
	}
	if e.Auth.Scheme == "" {
		if v := queryCredential(x); v != "" {
			e.Auth.Scheme = "query"
			e.Auth.TokenFP = Fingerprint(v)
		}
	}
	if e.Auth.Scheme != "" && in != nil {
		in.CredentialsSeen.Store(true)
	}
	if in != nil && !in.CredentialsSeen.Load() && e.Auth.Scheme == "" {
		e.Auth.Sanitized = true // provisional: Input.CredentialsSeen is final
	}
}

func normScheme(s string) string {
	switch {
	case strings.EqualFold(s, "bearer"):
		return "Bearer"
	case strings.EqualFold(s, "basic"):
		return "Basic"
	case s == "":
		return "token"
	}
	return s
}

// queryParam returns the first value of the first name present in the URL's
// query. The query is split once per exchange.
func queryParam(x *exchange, names ...string) string {
	if !x.qSplit {
		x.qSplit = true
		i := strings.IndexByte(x.url, '?')
		if i < 0 {
			return ""
		}
		q := x.url[i+1:]
		if j := strings.IndexByte(q, '#'); j >= 0 {
			q = q[:j]
		}
		x.query = x.qbuf[:0]
		for len(q) > 0 {
			p := q
			if j := strings.IndexByte(q, '&'); j >= 0 {
				p, q = q[:j], q[j+1:]
			} else {
				q = ""
			}
			if k, v, ok := strings.Cut(p, "="); ok && v != "" {
				x.query = append(x.query, header{unescape(k), v})
			}
		}
	}
	for _, n := range names {
		for _, kv := range x.query {
			if strings.EqualFold(kv.name, n) {
				return unescape(kv.value)
			}
		}
	}
	return ""
}

func readRequestInfo(e *Event, x *exchange) {
	ct := x.reqMime
	for _, h := range x.reqHdr {
		if strings.EqualFold(h.name, "content-type") {
			ct = h.value
		}
	}
	e.Request.ContentType = ct
	e.Request.Recorded = x.reqRecorded
	b := trimSpace(x.reqBody)
	e.Request.HasBody = len(b) > 0
	// Whether the body is JSON matters only to the webhook rules.
	e.Request.BodyIsJSON = e.Hook && len(b) > 0 && (b[0] == '{' || b[0] == '[') && gjson.ValidBytes(b)
	// Only a refused login matters (401, 403), and only those bodies are
	// searched: the successes and token calls of the hot path are not.
	e.Request.Browser = browserKind(x.browser)
	e.Request.Login = (e.Status == 401 || e.Status == 403) && e.Method == "POST" && len(b) > 0 && len(b) <= maxLoginBody && submitsPassword(string(b))
}

// browserKinds are the resource types Chrome writes into a HAR's
// _resourceType (lower-cased names of DevTools' types).
var browserKinds = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{"document", "stylesheet", "image", "media", "font", "script", "texttrack", "xhr",
		"fetch", "prefetch", "eventsource", "websocket", "manifest", "signedexchange", "ping",
		"cspviolationreport", "preflight", "fedcm", "other"} {
		m[k] = k
	}
	return m
}()

// browserKind returns a HAR _resourceType as one of browserKinds, or ""
// for a value that is none of them.
func browserKind(t string) string {
	if len(t) == 0 || len(t) > 32 {
		return ""
	}
	var lb [32]byte
	return browserKinds[string(lowerASCII(lb[:0], t))]
}

// maxLoginBody bounds the request bodies searched for a password field:
// login forms are small.
const maxLoginBody = 4 << 10

// submitsPassword tells a form or JSON body with a password field (a
// login's; a path alone says too little: Stripe's /v1/checkout/sessions).
func submitsPassword(b string) bool {
	for _, k := range [...]string{"password", "passwd"} {
		for i := 0; ; {
			j := indexFold(b[i:], k)
			if j < 0 {
				break
			}
			i += j + len(k)
			rest := b[i:min(i+fieldSepSlack, len(b))]
			for _, q := range [...]string{"%5d", "%5D", "%22"} { // user%5Bpassword%5D=
				rest = strings.TrimPrefix(rest, q)
			}
			rest = strings.TrimLeft(rest, `"' ]`)
			if rest != "" && (rest[0] == '=' || rest[0] == ':') {
				return true
			}
		}
	}
	return false
}

// fieldSepSlack: a field name's closing quote or bracket (%-encoded in a
// form) and a blank may stand between it and its '=' or ':'.
const fieldSepSlack = 6

// body returns the response body, unescaping a HAR content text and
// decoding base64 on first use.
func (x *exchange) body() []byte {
	if x.respPending {
		x.respBody = []byte(x.respText.String())
		x.respPending = false
	}
	if x.base64 && len(x.respBody) > 0 {
		x.base64 = false
		if dec, err := base64.StdEncoding.DecodeString(string(x.respBody)); err == nil {
			x.respBody = dec
		}
	}
	return x.respBody
}

// bodyHints are words a response body holds when triage needs it on a
// success: an error in a 2xx (Slack's "ok":false, error members, SOAP
// faults) or paging facts. They are matched on the body as written, still
// JSON-escaped inside a HAR, so they carry no quotes (`ok\"` matches both).
var bodyHints = [...]string{"rror", "ault", `ok"`, `ok\"`, "next", "more", "total", "isLast", "paging",
	"cursor", "NextPage", "links", "count", "Count"}

// hasBodyHint keeps a bit per hint in a uint16: this fails to compile past
// sixteen hints.
var _ [16 - len(bodyHints)]struct{}

// hintFirst and hintSecond have bit k set for the first and the second
// byte of bodyHints[k], so one pass over a body finds the places where a
// hint may start.
var hintFirst, hintSecond = func() (f, s [256]uint16) {
	for k, h := range bodyHints {
		f[h[0]] |= 1 << k
		s[h[1]] |= 1 << k
	}
	return f, s
}()

// hasBodyHint reports whether s contains one of bodyHints, in one pass
// instead of one per hint (this runs on every successful response).
func hasBodyHint(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		cand := hintFirst[s[i]] & hintSecond[s[i+1]]
		for cand != 0 {
			k := bits.TrailingZeros16(cand)
			cand &^= 1 << k
			if strings.HasPrefix(s[i:], bodyHints[k]) {
				return true
			}
		}
	}
	return false
}

// mayMatter tells whether a success's body can hold an error or paging
// facts, without unescaping it, or whether the request pages.
func (x *exchange) mayMatter() bool {
	if x.base64 {
		return true // nothing to search until decoded
	}
	raw := string(x.respBody)
	if x.respPending {
		raw = x.respRaw
	}
	if hasBodyHint(raw) {
		return true
	}
	p := x.pagingParams()
	return p[pagingCursor] != "" || p[pagingOffset] != "" || p[pagingPage] != ""
}

// The kinds of paging parameter pagingParams reads.
const (
	pagingCursor = iota
	pagingOffset
	pagingPage
	pagingLimit
	pagingKinds
)

// pagingNames maps the lower-cased names of cursorParams, offsetParams,
// pageParams and limitParams to their kind and their place in their list.
var pagingNames = func() map[string][2]int {
	m := map[string][2]int{}
	for kind, names := range [pagingKinds][]string{cursorParams, offsetParams, pageParams, limitParams} {
		for i, n := range names {
			m[strings.ToLower(n)] = [2]int{kind, i}
		}
	}
	return m
}()

// pagingParams returns what queryParam gives for cursorParams,
// offsetParams, pageParams and limitParams, indexed by kind, in one pass
// over the query instead of a case-folded comparison of every parameter
// with every name (this runs on every request).
func (x *exchange) pagingParams() *[pagingKinds]string {
	if x.pagingRead {
		return &x.paging
	}
	x.pagingRead = true
	queryParam(x) // split the query
	var best [pagingKinds]int
	var lb [32]byte
	for i, kv := range x.query {
		n := lowerASCII(lb[:0], kv.name)
		if !isASCII(n) {
			// Unicode case folding matches more than ASCII lower-casing
			// (a Kelvin sign): the list-by-list search decides.
			x.paging = [pagingKinds]string{queryParam(x, cursorParams...), queryParam(x, offsetParams...),
				queryParam(x, pageParams...), queryParam(x, limitParams...)}
			return &x.paging
		}
		if ki, ok := pagingNames[string(n)]; ok && (x.paging[ki[0]] == "" || ki[1] < best[ki[0]]) {
			best[ki[0]] = ki[1]
			x.paging[ki[0]] = x.query[i].value
		}
	}
	for k, v := range x.paging {
		x.paging[k] = unescape(v)
	}
	return &x.paging
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// tokenPathSuffixes are the token endpoints of the providers authtriage
// knows, and the generic forms; matched against the end of the path.
var tokenPathSuffixes = []string{
	"/token", "/oauth/token", "/oauth2/token", "/oauth2/v2.0/token", "/oauth2/v1/token",
	"/services/oauth2/token", "/oauth/access_token", "/login/oauth/access_token",
	"/oauth2/access_token", "/connect/token", "/protocol/openid-connect/token",
	"/oauth.v2.access", "/oauth.access", "/oauth2/v4/token", "/oauth/v1/token", "/tokens/oauth2",
	"/oauth2/token.json", "/oauth/token.json", "/api/oauth2/token",
}

// IsTokenPath reports whether a URL path is an OAuth token endpoint of a
// known provider or of a generic form (/token, /oauth/token, ...).
func IsTokenPath(path string) bool {
	p := strings.ToLower(strings.TrimSuffix(path, "/"))
	for _, s := range tokenPathSuffixes {
		if strings.HasSuffix(p, s) {
			return true
		}
	}
	return false
}

// isTokenCall recognises a call to an OAuth token endpoint by its body's
// grant_type or by its URL.
func isTokenCall(e *Event, x *exchange) bool {
	if e.Method != "" && e.Method != "POST" && e.Method != "GET" {
		return false
	}
	if bodyParam(x.reqBody, "grant_type") != "" {
		return true
	}
	p := asciiOrLower(strings.TrimSuffix(e.Path, "/"))
	for _, s := range tokenPathSuffixes {
		if hasFoldSuffix(p, s) {
			return e.Method == "POST" || e.Method == ""
		}
	}
	return false
}

// asciiOrLower returns s as it is when it is ASCII, for the ASCII
// case-insensitive tests (hasFoldSuffix, hasFold) that spare a
// lower-cased copy of each request's path; other text is lower-cased as
// strings.ToLower does, whose Unicode folding those tests do not know.
func asciiOrLower(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// bodyParam reads a parameter from a form-encoded or JSON request body.
func bodyParam(body []byte, name string) string {
	b := trimSpace(body)
	if len(b) == 0 {
		return ""
	}
	if b[0] == '{' {
		return gjson.GetBytes(b, name).String()
	}
	s := string(b)
	for p := range strings.SplitSeq(s, "&") {
		k, v, ok := strings.Cut(p, "=")
		if ok && unescape(k) == name {
			return unescape(v)
		}
	}
	return ""
}

// lowerASCII appends s to buf with ASCII letters lower-cased. With a
// stack buffer and the result compared as string(b), nothing is
// allocated; a name longer than the buffer grows it.
func lowerASCII(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// tokenCall reads the OAuth facts of a token-endpoint exchange.
func tokenCall(e *Event, x *exchange, body []byte) *TokenCall {
	t := &TokenCall{
		GrantType:   bodyParam(x.reqBody, "grant_type"),
		ClientID:    bodyParam(x.reqBody, "client_id"),
		RedirectURI: bodyParam(x.reqBody, "redirect_uri"),
	}
	if t.GrantType == "" {
		t.GrantType = queryParam(x, "grant_type")
	}
	if rt := bodyParam(x.reqBody, "refresh_token"); rt != "" {
		t.RefreshSentFP = Fingerprint(rt)
	} else if rt := queryParam(x, "refresh_token"); rt != "" {
		t.RefreshSentFP = Fingerprint(rt)
	}
	if c := bodyParam(x.reqBody, "code"); c != "" {
		t.CodeSentFP = Fingerprint(c)
	}
	if t.ClientID == "" {
		for _, h := range x.reqHdr {
			if strings.EqualFold(h.name, "authorization") {
				if s, cred, ok := strings.Cut(strings.TrimSpace(h.value), " "); ok && strings.EqualFold(s, "basic") {
					if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred)); err == nil {
						// A username with an empty or stand-in password is
						// itself the secret (Stripe's sk_live_…:,
						// Freshdesk's key:X), not a client id.
						if id, pass, ok := strings.Cut(string(dec), ":"); ok && !basicUserIsKey(pass) {
							t.ClientID = unescape(id)
						}
					}
				}
			}
		}
	}
	if t.ClientID == "" {
		t.ClientID = queryParam(x, "client_id")
	}
	t.RedirectURI = redactTextURL(t.RedirectURI)
	if looksSecretID(t.ClientID) {
		t.ClientID = redactValue(t.ClientID)
	}
	b := trimSpace(body)
	if len(b) == 0 {
		return t
	}
	get := func(name string) gjson.Result { return gjson.Result{} }
	var mb [16]member
	if b[0] == '{' && gjson.ValidBytes(b) {
		// The members are indexed once for the dozen looked up below.
		root := gjson.ParseBytes(b)
		m := membersOf(root, mb[:0])
		get = func(name string) gjson.Result { return m.get(root, path{first: name, full: name}) }
	} else if !strings.Contains(strings.ToLower(e.Response.ContentType), "html") && strings.Contains(string(b), "=") {
		// GitHub and Facebook's older endpoints answer form-encoded.
		get = func(name string) gjson.Result {
			v := bodyParam(b, name)
			if v == "" {
				return gjson.Result{}
			}
			if isDigits(v) {
				return gjson.Result{Type: gjson.Number, Raw: v, Str: v, Num: atof(v)}
			}
			return gjson.Result{Type: gjson.String, Raw: strconv.Quote(v), Str: v}
		}
	}
	if at := get("access_token"); at.Exists() && at.String() != "" {
		t.Returned = true
		t.AccessFP = Fingerprint(at.String())
		t.AccessJWT = jwtClaims(at.String())
	}
	if rt := get("refresh_token"); rt.Exists() && rt.String() != "" {
		t.RefreshFP = Fingerprint(rt.String())
	}
	if it := get("id_token"); it.Exists() && it.String() != "" {
		t.IDTokenFP = Fingerprint(it.String())
	}
	if ei := get("expires_in"); ei.Exists() {
		t.ExpiresIn = ei.Raw
	}
	for _, k := range []string{"refresh_token_expires_in", "x_refresh_token_expires_in"} {
		if v := get(k); v.Exists() {
			t.RefreshExpiresIn = v.Raw
			break
		}
	}
	for _, k := range []string{"expires_at", "expires_on", "expires"} {
		if v := get(k); v.Exists() {
			t.ExpiresAt = v.Raw
			break
		}
	}
	t.Scope = get("scope").String()
	t.TokenType = get("token_type").String()
	if !t.Returned && e.Status >= 200 && e.Status < 300 {
		if er := get("error"); er.Exists() && er.String() != "" {
			t.ErrorIn200 = true
		}
	}
	return t
}

func atof(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// redactTextURL redacts a URL found inside a parameter.
func redactTextURL(s string) string {
	if s == "" {
		return s
	}
	r, _, _ := redactURL(s)
	return r
}

// looksLikeError tells a 2xx body that reports an error: Slack's ok:false,
// an OAuth error member, ErrorCode fields.
func looksLikeError(body []byte) bool {
	b := trimSpace(body)
	if len(b) == 0 || b[0] != '{' || len(b) > maxBodyParse {
		return false
	}
	if !bytes.Contains(b, []byte(`"ok"`)) && !bytes.Contains(b, []byte(`rror`)) && !bytes.Contains(b, []byte(`ault"`)) {
		return false // none of the members below can be there
	}
	r := gjson.GetManyBytes(b, "ok", "error", "ErrorCode", "errorCode", "fault", "Fault", "errors")
	if r[0].Exists() && r[0].Type == gjson.False {
		return true
	}
	if r[1].Exists() && (r[1].Type == gjson.String && r[1].Str != "" || r[1].IsObject()) {
		return true
	}
	return r[2].Exists() || r[3].Exists() || r[4].Exists() || r[5].Exists() ||
		(r[6].IsArray() && len(r[6].Array()) > 0)
}

// tokenCacheSize bounds a worker's cache of credentials already
// fingerprinted: a trace reuses each token for many requests, and hashing
// and decoding it again for each is most of reading its Authorization.
const tokenCacheSize = 4096

// tokenCache remembers the fingerprint and JWT claims of credentials, and
// what error bodies said.
type tokenCache struct {
	m map[string]tokenInfo
	// errs maps an error response (status, content type, WWW-Authenticate
	// and body, written into key) to its facts: a failing integration gets
	// the same answer again and again (a 401 storm, a 429 burst), and
	// redacting its body is most of the cost of reading one.
	errs map[string]*ErrorBody
	key  []byte
}

type tokenInfo struct {
	fp     string
	claims *Claims
}

func newTokenCache() *tokenCache {
	return &tokenCache{m: make(map[string]tokenInfo, 256), errs: make(map[string]*ErrorBody, 64)}
}

// Bounds of the error cache: the answers of one provider's failures are
// few and short; a body past maxCachedError is read each time. At most
// ~1 MB a worker (keys and the facts' 1 KiB excerpts).
const (
	errCacheSize   = 256
	maxCachedError = 2 << 10
)

// errorFacts is the package's errorFacts, remembered per response: the
// result depends on nothing but its arguments. Each call returns an
// ErrorBody of its own, as callers change them (scrubEvent).
func (c *tokenCache) errorFacts(status int, contentType string, body []byte, wwwAuthenticate string) *ErrorBody {
	if c == nil || len(body) > maxCachedError {
		return errorFacts(status, contentType, body, wwwAuthenticate)
	}
	c.key = strconv.AppendInt(c.key[:0], int64(status), 10)
	for _, s := range [...]string{contentType, wwwAuthenticate} {
		c.key = strconv.AppendInt(append(c.key, 0), int64(len(s)), 10)
		c.key = append(append(c.key, 0), s...)
	}
	c.key = append(append(c.key, 0), body...)
	eb, ok := c.errs[string(c.key)]
	if !ok {
		eb = errorFacts(status, contentType, body, wwwAuthenticate)
		if len(c.errs) >= errCacheSize {
			clear(c.errs)
		}
		c.errs[string(c.key)] = eb
	}
	if eb == nil {
		return nil
	}
	cp := *eb
	cp.Codes = slices.Clone(eb.Codes)
	return &cp
}

// lookup returns a credential's fingerprint and, for a bearer JWT, its
// claims. Claims are shared between Events and must not be changed.
func (c *tokenCache) lookup(cred string, bearer bool) (string, *Claims) {
	if c == nil {
		return credentialFP(cred), bearerClaims(cred, bearer)
	}
	if ti, ok := c.m[cred]; ok {
		return ti.fp, ti.claims
	}
	if len(c.m) >= tokenCacheSize {
		clear(c.m)
	}
	ti := tokenInfo{credentialFP(cred), bearerClaims(cred, bearer)}
	c.m[strings.Clone(cred)] = ti
	return ti.fp, ti.claims
}

func bearerClaims(cred string, bearer bool) *Claims {
	if !bearer {
		return nil
	}
	return jwtClaims(cred)
}

// minBasicPassword: a Basic password shorter than this ("X", "x", "-")
// stands in for none, and the username is the API key.
const minBasicPassword = 4

// basicUserIsKey tells a Basic password that stands in for none, so that
// the username is the API key: one shorter than minBasicPassword, Toggl's
// literal api_token (KEY:api_token), or a placeholder a client sent where
// it had no password (KEY:undefined, KEY:null).
func basicUserIsKey(pass string) bool {
	return len(pass) < minBasicPassword || standInPassword(pass) || isPlaceholder(pass)
}

// looksSecretID tells a "client id" that is really a secret key (Stripe's
// sk_/rk_ keys, OpenAI's sk-) or a long opaque value.
func looksSecretID(id string) bool {
	if strings.HasPrefix(id, "sk_") || strings.HasPrefix(id, "rk_") || strings.HasPrefix(id, "sk-") {
		return true
	}
	// Client ids are UUIDs (Microsoft), numbers-and-domains (Google) or
	// lower-case slugs; a long value mixing upper and lower case and
	// digits is a key.
	return len(id) >= opaqueMinLen && !strings.Contains(id, ".") && strings.ToLower(id) != id && strings.ToUpper(id) != id && hasLetterAndDigit(id) ||
		len(id) >= 40 && isHex(id) // a 40- or 64-digit hex key; hex client ids (Spotify's) are 32
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !ishex(s[i]) {
			return false
		}
	}
	return s != ""
}

// queryCredential returns the value of the first secret query parameter
// that authenticates a request (an authorization code or a signature is
// not a credential of the caller).
func queryCredential(x *exchange) string {
	queryParam(x) // split the query
	var lb [64]byte
	for _, kv := range x.query {
		switch n := lowerASCII(lb[:0], kv.name); {
		case string(n) == "code" || string(n) == "sig" || string(n) == "signature" || string(n) == "state",
			bytes.Contains(n, []byte("page")) || bytes.Contains(n, []byte("cursor")) || bytes.Contains(n, []byte("next")):
			continue // pageToken and friends page a list; they do not authenticate
		}
		if IsSecretName(kv.name) {
			return unescape(kv.value)
		}
	}
	return ""
}

// linkNextList returns the ListKey (method, host and path) of the target of
// e's Link rel="next", or "" when it names none. GitHub's next page of
// /repos/OWNER/REPO/issues is /repositories/ID/issues: the walk goes on
// there. The target is read as the request's own URL is, redaction
// included, so the two compare.
func linkNextList(e *Event) string {
	h := e.Response.Link
	for h != "" {
		var part string
		part, h, _ = strings.Cut(h, ",")
		lt, gt := strings.IndexByte(part, '<'), strings.IndexByte(part, '>')
		if lt < 0 || gt < lt || !(hasFold(part[gt:], `rel="next"`) || hasFold(part[gt:], "rel=next")) {
			continue
		}
		l := part[lt+1 : gt]
		if strings.HasPrefix(l, "/") && e.Host != "" {
			l = "https://" + e.Host + l
		}
		_, host, path := redactURL(l)
		if host == "" || path == "" {
			return ""
		}
		return e.Method + " " + host + path
	}
	return ""
}

// maxCursorBody bounds the request body read for a cursor: a list
// request's body is a small JSON object ({"cursor":"…"}).
const maxCursorBody = 64 << 10

// bodyCursor returns the "cursor" member of a POST's JSON request body
// (Dropbox's list_folder/continue), or "".
func bodyCursor(x *exchange) string {
	b := trimSpace(x.reqBody)
	if len(b) == 0 || b[0] != '{' || len(b) > maxCursorBody || !bytes.Contains(b, []byte(`"cursor"`)) || !gjson.ValidBytes(b) {
		return ""
	}
	if v := gjson.GetBytes(b, "cursor"); v.Type == gjson.String {
		return v.Str
	}
	return ""
}
