package parser

import (
	"net/url"
	"strings"
)

// redactURL replaces the values of secret query and fragment parameters
// and any user:password part by fingerprints, and returns the lower-case
// host (no port) and the path.
func redactURL(raw string) (redacted, host, path string) { return redactURLAt(raw, 0) }

// maxURLNesting bounds how deep redaction follows a URL or JSON inside a
// parameter of a URL inside a parameter…: real ones nest two or three
// deep (login?next=/oauth/authorize?redirect_uri=https://app/cb?state=…).
// Each level is redacted apart, so hostile nesting made the work
// quadratic (64 KB of ?next=https://… took 0.4 s, 80 KB of JSON in JSON
// 20 s); a value nested deeper is fingerprinted whole.
const maxURLNesting = 4

// redactURLAt is redactURL for a URL found depth parameters deep.
func redactURLAt(raw string, depth int) (redacted, host, path string) {
	rest := raw
	scheme := ""
	if i := strings.Index(rest, "://"); i >= 0 && i < 16 {
		scheme, rest = rest[:i+3], rest[i+3:]
	}
	user := ""
	if scheme != "" {
		if at := looseUserinfo(rest); at >= 0 {
			user, rest = rest[:at+1], rest[at+1:]
		}
	}
	frag, hasFrag := "", false
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest, frag, hasFrag = rest[:i], rest[i+1:], true
	}
	query := ""
	hasQuery := false
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, query, hasQuery = rest[:i], rest[i+1:], true
	}
	authority := ""
	if scheme != "" {
		authority = rest
		path = ""
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			authority, path = rest[:i], rest[i:]
		}
		authority = user + authority
		if at := strings.LastIndexByte(authority, '@'); at >= 0 {
			if !holdsOnlyFingerprints(authority[:at]) {
				// (A userinfo that free-text redaction already cut from a
				// broken URL, "a://&redacted:…@h", stays as it is.)
				authority = redactValue(authority[:at]) + "@" + authority[at+1:]
			}
			host = authority[strings.LastIndexByte(authority, '@')+1:]
		} else {
			host = authority
		}
		if strings.HasPrefix(host, "[") {
			if j := strings.IndexByte(host, ']'); j >= 0 {
				host = host[1:j]
			}
		} else if j := strings.LastIndexByte(host, ':'); j >= 0 {
			host = host[:j]
		}
		host = strings.ToLower(host)
	} else {
		path = rest
	}
	if path == "" {
		path = "/"
	}
	pathChanged := false
	if rp, changed := redactPath(path, depth); changed {
		path, pathChanged = rp, true
	}
	if rp, changed := redactHookPath(host, path); changed {
		path, pathChanged = rp, true
	}
	rq, rf := query, frag
	if hasQuery {
		rq = redactParamsAt(query, depth)
	}
	if hasFrag {
		rf = redactParamsAt(frag, depth)
	}
	if rq == query && rf == frag && !strings.Contains(authority, "@") && !pathChanged {
		return raw, host, path // nothing to redact: the common case, without building
	}
	var b strings.Builder
	b.Grow(len(raw) + 16)
	b.WriteString(scheme)
	b.WriteString(authority)
	if scheme == "" || strings.IndexByte(rest, '/') >= 0 {
		b.WriteString(path)
	}
	if hasQuery {
		b.WriteByte('?')
		b.WriteString(rq)
	}
	if hasFrag {
		b.WriteByte('#')
		b.WriteString(rf)
	}
	return b.String(), host, path
}

// looseUserinfo finds the '@' that ends a user:password whose password
// holds '#', '/' or '?' unescaped (postgres://sync:Xk#92p@db:5432/app, as
// connection strings are written): when what the standard split takes
// for host:port has no '@' and a port that is not a number, the userinfo
// runs to the first '@' that a host name follows (and then a port, a
// path, a query or the end). It returns -1 when there is none.
func looseUserinfo(rest string) int {
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		return -1
	}
	c := strings.IndexByte(rest[:end], ':')
	if c < 0 || strings.IndexByte(rest[:end], '@') >= 0 || isDigits(rest[c+1:end]) || c+1 == end && rest[end] == '/' {
		return -1 // host, host:port, or a user:password@ the standard split finds
	}
	for at := end + strings.IndexByte(rest[end:], '@'); at > end; at = at + 1 + strings.IndexByte(rest[at+1:], '@') {
		h := rest[at+1:]
		he := strings.IndexAny(h, ":/?#@")
		if he < 0 {
			he = len(h)
		}
		if he > 0 && isHostChars(h[:he]) && (he == len(h) || h[he] == '/' || h[he] == '?' ||
			h[he] == ':' && isDigits(h[he+1:he+1+portLen(h[he+1:])])) {
			return at
		}
		if strings.IndexByte(rest[at+1:], '@') < 0 {
			break
		}
	}
	return -1
}

// portLen is the length of the digits s starts with.
func portLen(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}

// isHostChars tells a host name's letters, digits, '-' and '.'.
func isHostChars(h string) bool {
	for i := 0; i < len(h); i++ {
		if c := h[i]; !isLetter(c) && !('0' <= c && c <= '9') && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// Thresholds of redactPath.
const (
	// pathTokenMinLen: a path segment this long, of mixed-case letters and
	// digits, is a credential (Slack and Discord webhook tokens, API keys
	// in paths); ids are shorter, or one case, or UUIDs.
	pathTokenMinLen = 20
)

// redactPath replaces credentials that services put in URL paths — a
// Telegram "bot<id>:<token>" segment, the token segment of Slack or
// Discord webhook URLs, keys in paths, the id after /tokens/ or /keys/,
// ";jsessionid=" matrix parameters and ASP.NET's cookieless "(S(id))"
// session — by fingerprints.
func redactPath(p string, depth int) (string, bool) {
	if len(p) < 8 {
		return p, false
	}
	var b strings.Builder
	done, prev := 0, ""
	for start := 0; start <= len(p); {
		end := strings.IndexByte(p[start:], '/')
		if end < 0 {
			end = len(p)
		} else {
			end += start
		}
		seg := p[start:end]
		if r, ok := redactSeg(prev, seg, depth); ok {
			if done == 0 {
				b.Grow(len(p) + 16)
			}
			b.WriteString(p[done:start])
			b.WriteString(r)
			done = end
		}
		prev, start = seg, end+1
	}
	if done == 0 {
		return p, false
	}
	b.WriteString(p[done:])
	return b.String(), true
}

// redactSeg redacts one path segment, given the one before it.
func redactSeg(prev, seg string, depth int) (string, bool) {
	if seg == "" || strings.HasPrefix(seg, redactedPrefix) {
		return seg, false
	}
	if i := strings.IndexByte(seg, ';'); i >= 0 {
		// Matrix parameters: /portal;jsessionid=…
		head, params := seg[:i], seg[i+1:]
		rh, hc := redactSeg(prev, head, depth)
		rp := redactParamsAt(params, depth)
		if !hc && rp == params {
			return seg, false
		}
		return rh + ";" + rp, true
	}
	if seg[0] == '(' && seg[len(seg)-1] == ')' && strings.Contains(seg, "S(") {
		return redactValue(seg), true // ASP.NET cookieless session: /(S(pvnzao45…))/
	}
	if holdsOnlyFingerprints(seg) {
		return seg, false // a segment free-text redaction cut already (idempotence)
	}
	if isQueryLocator(prev, seg) {
		return seg, false // Salesforce's next page, no credential: /query/01gD…-2000
	}
	if pathSecret(seg) || len(seg) >= keyInPathMinLen && namesKeys(prev) && isTokenWord(seg) && hasLetterAndDigit(seg) && !isUUID(seg) {
		return redactValue(unescape(seg)), true
	}
	return seg, false
}

// hookKeyMinLen: a webhook key Make or Slack puts in the path is at
// least this long (Make's are 32 characters, Slack's trigger secrets 32
// hex digits); a shorter segment there is a page, not a key.
const hookKeyMinLen = 16

// redactHookPath replaces the key of a webhook URL whose path is its
// only credential, keeping host and ids readable:
// hooks.zapier.com/hooks/catch|standard/<id>/<key>/,
// hooks.slack.com/triggers|workflows/<team>/<id>/…/<hex secret>,
// hook.<region>.make.com/<key>, <tenant>.webhook.office.com/webhookb2/
// <ids>/IncomingWebhook/<key>/<id>, events.pagerduty.com/integration/
// <key>/enqueue.
func redactHookPath(host, p string) (string, bool) {
	keyAt := hookKeyAt(host)
	if keyAt == nil {
		return p, false
	}
	segs := strings.Split(p, "/")
	changed := false
	for i, seg := range segs {
		if i == 0 || seg == "" || strings.HasPrefix(seg, redactedPrefix) || !keyAt(i, segs) {
			continue
		}
		segs[i], changed = redactValue(unescape(seg)), true
	}
	if !changed {
		return p, false
	}
	return strings.Join(segs, "/"), true
}

// hookKeyAt returns, for a webhook host whose URL path holds its key (see
// redactHookPath), the test of the segment segs[i] that is the key; nil
// for any other host.
func hookKeyAt(host string) func(i int, segs []string) bool {
	var keyAt func(i int, segs []string) bool
	switch {
	case host == "hooks.zapier.com":
		// /hooks/catch/<id>/<key>/: segs[0] is "" before the first '/'.
		keyAt = func(i int, segs []string) bool {
			return i == 4 && segs[1] == "hooks" && (segs[2] == "catch" || segs[2] == "standard")
		}
	case host == "hooks.slack.com":
		keyAt = func(i int, segs []string) bool {
			// /services/<team>/<bot>/<key>: an incoming webhook's key is its
			// third segment, whatever its shape.
			return i == 4 && segs[1] == "services" ||
				i >= 4 && (segs[1] == "triggers" || segs[1] == "workflows") && len(segs[i]) >= hookKeyMinLen && isHex(segs[i])
		}
	case host == "discord.com" || host == "discordapp.com" || strings.HasSuffix(host, ".discord.com"):
		// /api[/v10]/webhooks/<id>/<token>
		keyAt = func(i int, segs []string) bool {
			return i >= 4 && segs[i-2] == "webhooks" && segs[1] == "api" && isDigits(segs[i-1])
		}
	case strings.HasPrefix(host, "hook.") && (strings.HasSuffix(host, ".make.com") || host == "hook.integromat.com"):
		keyAt = func(i int, segs []string) bool { return i == 1 && len(segs[i]) >= hookKeyMinLen }
	case strings.HasSuffix(host, ".webhook.office.com") || host == "outlook.office.com" || host == "outlook.office365.com":
		keyAt = func(i int, segs []string) bool { return i >= 2 && strings.EqualFold(segs[i-1], "IncomingWebhook") }
	case host == "events.pagerduty.com" || host == "events.eu.pagerduty.com":
		keyAt = func(i int, segs []string) bool { return i == 2 && segs[1] == "integration" }
	}
	return keyAt
}

// isQueryLocator tells a Salesforce query locator, the segment after
// /query/ or /queryAll/ that names the next page of a result: a 15 or 18
// character record id, '-' and the offset ("01gD0000002HU6KIAW-2000").
func isQueryLocator(prev, seg string) bool {
	if prev != "query" && prev != "queryAll" {
		return false
	}
	id, off, ok := strings.Cut(seg, "-")
	if !ok || len(id) != 15 && len(id) != 18 || !isDigits(off) || off == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// keyInPathMinLen: after /tokens/ or /keys/, a segment this long of
// letters and digits is the credential itself (Trello's /1/tokens/<64
// hex>), whatever its case.
const keyInPathMinLen = 16

// namesKeys tells a path segment under which the next one is a credential:
// tokens, keys, api_keys, secrets, sessions, credentials, passwords.
func namesKeys(seg string) bool {
	var buf [32]byte
	n := normName(seg, buf[:0])
	if n == nil {
		return false
	}
	switch strings.TrimSuffix(string(n), "s") {
	case "token", "accesstoken", "key", "apikey", "secret", "session", "credential", "password":
		return true
	}
	return false
}

// isUUID tells the 8-4-4-4-12 hex form: a key's id (AWS KMS), not a key.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !ishex(s[i]) {
			return false
		}
	}
	return true
}

func isTokenWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isTokChar(s[i]) {
			return false
		}
	}
	return true
}

func pathSecret(seg string) bool {
	if strings.HasPrefix(seg, redactedPrefix) {
		return false
	}
	if len(seg) < pathTokenMinLen {
		id, tok, ok := strings.Cut(seg, ":")
		return ok && strings.HasPrefix(id, "bot") && len(id) > 3 && isDigits(id[3:]) && tok != ""
	}
	if id, tok, ok := strings.Cut(seg, ":"); ok && (len(tok) >= pathTokenMinLen || strings.HasPrefix(id, "bot") && isDigits(id[3:]) && tok != "") {
		return true // Telegram: bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw
	}
	var lower, upper, digit bool
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case 'a' <= c && c <= 'z':
			lower = true
		case 'A' <= c && c <= 'Z':
			upper = true
		case '0' <= c && c <= '9':
			digit = true
		case c == '-' || c == '_' || c == '.' || c == '~':
		default:
			return false
		}
	}
	return lower && upper && digit
}

// redactParams redacts secret values in an a=b&c=d string (';' separates
// too, as in old CGI query strings and matrix parameters), keeping order
// and encoding of everything else.
func redactParams(q string) string { return redactParamsAt(q, 0) }

// redactParamsAt is redactParams for parameters found depth parameters
// deep.
func redactParamsAt(q string, depth int) string {
	if !strings.ContainsRune(q, '=') || !anyParam(q, paramMayChange) {
		return q // the common case, without building
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	for rest := q; ; {
		i := strings.IndexAny(rest, "&;")
		p := rest
		if i >= 0 {
			p = rest[:i]
		}
		if r, ok := redactParam(p, depth); ok {
			p = r
		}
		b.WriteString(p)
		if i < 0 {
			break
		}
		b.WriteByte(rest[i])
		rest = rest[i+1:]
	}
	return b.String()
}

// anyParam reports whether some parameter of q satisfies f.
func anyParam(q string, f func(string) bool) bool {
	for {
		i := strings.IndexAny(q, "&;")
		if i < 0 {
			return f(q)
		}
		if f(q[:i]) {
			return true
		}
		q = q[i+1:]
	}
}

// redactParam redacts one a=b parameter: the value of a secret's name, a
// JWT whatever its name (id_token_hint, assertion), and the secrets of a
// URL in the value (redirect_uri, next), absolute or relative, and of JSON
// in the value; depth is how deep in parameters p was found.
func redactParam(p string, depth int) (string, bool) {
	k, v, ok := strings.Cut(p, "=")
	if !ok || v == "" {
		return p, false
	}
	u := unescape(v)
	if isParamSecret(unescape(k)) && !(strings.EqualFold(k, "code") && (isDigits(v) || isErrorCode(v))) || isJWT(u) {
		// (code=7000215 in an error_uri is an error code, not an
		// authorization code.)
		return k + "=" + redactValue(u), true
	}
	if (urlInValue(u) || jsonInValue(u)) && depth >= maxURLNesting {
		return k + "=" + redactValue(u), true // see maxURLNesting
	}
	if urlInValue(u) {
		if r, _, _ := redactURLAt(u, depth+1); r != u {
			return k + "=" + url.QueryEscape(r), true
		}
	}
	if jsonInValue(u) {
		// ?filter=%7B%22api_key%22%3A%22…%22%7D, ?q={"access_token":"…"}:
		// the secrets of JSON in the value, found as free text finds them
		// (through its escapes) and replaced where they are written.
		if r := redactTextAt(v, depth+1); r != v {
			return k + "=" + r, true
		}
	}
	return p, false
}

// jsonInValue tells a parameter value, decoded, that is JSON with a
// member: an object or an array, and a quoted name.
func jsonInValue(u string) bool {
	return len(u) > 2 && (u[0] == '{' || u[0] == '[') && strings.IndexByte(u, '"') > 0
}

// isKeyName tells a word written as a key: a letter, then letters,
// digits and '_'.
func isKeyName(w string) bool {
	if w == "" || !isLetter(w[0]) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !isLetter(c) && !('0' <= c && c <= '9') && c != '_' {
			return false
		}
	}
	return true
}

// isErrorCode tells an UPPER_SNAKE_CASE word (EXPIRED_AUTHENTICATION,
// INVALID_SESSION_ID) or a PascalCase one of whole words
// (LocationConditionEvaluationSatisfied, Microsoft's CAE codes): after
// code= an error code, not an authorization code, which is never written
// so.
func isErrorCode(w string) bool {
	if isPascalWords(w) {
		return true
	}
	if len(w) < 3 || !('A' <= w[0] && w[0] <= 'Z') || strings.IndexByte(w, '_') < 0 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('A' <= c && c <= 'Z') && !('0' <= c && c <= '9') && c != '_' {
			return false
		}
	}
	return true
}

// openingQuote returns the quote a value at s[vs] opens with (", ', `,
// or \" for JSON quoted inside JSON), or "".
func openingQuote(s string, vs int) string {
	switch {
	case strings.HasPrefix(s[vs:], `\"`):
		return `\"`
	case vs < len(s) && (s[vs] == '"' || s[vs] == '\'' || s[vs] == '`'):
		return s[vs : vs+1]
	}
	return ""
}

// isPascalWords tells a word of two or more capitalised words of three
// letters or more and nothing else (InteractionRequired): a name, written
// for people. Random letters are almost never so (each capital must be
// followed by two small letters or more: about one in four for each).
func isPascalWords(w string) bool {
	words, run := 0, 0 // run: letters of the current word
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case 'A' <= c && c <= 'Z':
			if i > 0 && run < 3 {
				return false
			}
			words, run = words+1, 1
		case 'a' <= c && c <= 'z' && i > 0:
			run++
		default:
			return false
		}
	}
	return words >= 2 && run >= 3
}

// paramMayChange tells the a=b parameters redactParam may rewrite, without
// building anything.
func paramMayChange(p string) bool {
	k, v, ok := strings.Cut(p, "=")
	if !ok || v == "" {
		return false
	}
	if isParamSecret(unescape(k)) {
		return true
	}
	u := unescape(v)
	return isJWT(u) || urlInValue(u) || jsonInValue(u)
}

// isParamSecret tells a URL parameter's name that makes its value secret.
func isParamSecret(k string) bool {
	if IsSecretName(k) {
		return true
	}
	if len(k) > 64 {
		return paramSecretNames[strings.ToLower(k)]
	}
	var lb [64]byte
	return paramSecretNames[string(lowerASCII(lb[:0], asciiOrLower(k)))] // (a map lookup on string(bytes) does not copy)
}

// urlInValue tells a parameter value that is a URL with secrets of its
// own possible: absolute, or a path with a query ("/oauth/cb?code=…").
func urlInValue(u string) bool {
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") ||
		strings.HasPrefix(u, "/") && strings.ContainsAny(u, "?#;")
}

// isJWT tells a JWT or JWE by shape: "eyJ" and two or four dots. One
// whose signature redact already replaced ("….redacted-<fp>") is no
// secret: its claims stay readable in a redacted copy redacted again.
func isJWT(s string) bool {
	if len(s) <= 16 || !strings.HasPrefix(s, "eyJ") {
		return false
	}
	n := strings.Count(s, ".")
	return (n == 2 || n == 4) && !strings.HasPrefix(s[strings.LastIndexByte(s, '.')+1:], jwtSigPrefix)
}

// unescape decodes %XX and '+' leniently; malformed escapes stay as written.
func unescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
