package parser

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// fingerprintHexDigits is the length of a fingerprint: 10 hex digits (40
// bits) tell apart every token of any trace while revealing nothing usable.
const fingerprintHexDigits = 10

// redactedPrefix marks a value that authtriage replaced.
const redactedPrefix = "redacted:"

// Fingerprint returns a short stable hash prefix of a secret: the same
// secret always gives the same fingerprint, so records can be correlated
// without the secret being shown. A Zapier censored value
// (":censored:LEN:HASH:") keeps Zapier's own length and hash, so one
// secret correlates across Zapier's records as "LEN:HASH".
func Fingerprint(secret string) string {
	if secret == "" {
		return ""
	}
	if fp, ok := censoredFP(secret); ok {
		return fp
	}
	// A value authtriage redact already replaced keeps its fingerprint, so
	// a redacted copy correlates exactly like the original.
	if fp, ok := strings.CutPrefix(secret, redactedPrefix); ok && len(fp) == fingerprintHexDigits {
		return fp
	}
	if i := strings.LastIndexByte(secret, '.'); i > 0 && strings.HasPrefix(secret, "eyJ") {
		if fp, ok := strings.CutPrefix(secret[i+1:], jwtSigPrefix); ok && len(fp) == fingerprintHexDigits {
			return fp
		}
	}
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])[:fingerprintHexDigits]
}

// censoredFP reads Zapier's ":censored:LEN:HASH:" form.
func censoredFP(s string) (string, bool) {
	s = strings.TrimSpace(s)
	const p = ":censored:"
	if !strings.HasPrefix(s, p) {
		return "", false
	}
	rest := strings.TrimSuffix(s[len(p):], ":")
	n, h, ok := strings.Cut(rest, ":")
	if !ok || n == "" || h == "" {
		return "", false
	}
	return n + ":" + h, true
}

// secretNames are the parameter, header and JSON key names whose values are
// secrets, normalised: lower case with '-', '_', '.' and spaces removed,
// so access_token, accessToken, Access-Token and X-Access-Token's tail all
// meet here.
var secretNames = map[string]bool{
	"token": true, "accesstoken": true, "idtoken": true, "refreshtoken": true, "code": true,
	"clientsecret": true, "password": true, "passwd": true, "pwd": true, "secret": true,
	"apikey": true, "xapikey": true, "key": true, "sig": true, "signature": true, "auth": true,
	"authorization": true, "proxyauthorization": true, "session": true, "sessionid": true,
	"assertion": true, "clientassertion": true, "hapikey": true, "jwt": true, "devicecode": true,
	"codeverifier": true, "oauthsignature": true, "xamzsignature": true, "cookie": true,
	"setcookie": true, "otp": true, "pin": true, "credentials": true, "credential": true,
	"bearer": true, "authcode": true, "authorizationcode": true, "passphrase": true,
	"pass": true, "authentication": true, "idtokenhint": true, "oauthverifier": true,
	"samlresponse": true, "samlart": true, "jsessionid": true, "phpsessid": true,
	"passcode": true, "appsecretproof": true, "xaccess": true, "xsig": true, "xjfrogartapi": true,
	"xauth": true, "xapiauth": true, "apiauth": true, "xauthentication": true,
}

// paramSecretNames name secrets only as URL parameters: ?sid= is most
// often a session (and a Twilio ?sid= id is fingerprinted too), while a
// "sid" member in a JSON body is an id, Twilio's, and is kept.
var paramSecretNames = map[string]bool{"sid": true}

// secretSuffixes end normalised names of secrets: apiToken, sessionToken,
// x-auth-token, client_secret, accessKey, private_key, db_password,
// Spring Security's tokenValue, ...
var secretSuffixes = []string{"token", "secret", "password", "apikey", "accesskey", "secretkey",
	"privatekey", "signingkey", "sessionkey", "authkey", "sessionid", "authcode",
	"authorization", "signature", "accountkey", "session", "authpass", "creds", "hmac", "passkey",
	"mfacode", "otpcode", "passphrase", "pwd", "tokenvalue"}

// shortSecretTails end names of secrets only after a separator or a
// camelCase boundary: DB_PASS, smtp-pass, proxyPass, bindPw — not bypass,
// compass or surpass.
var shortSecretTails = []string{"pass", "pw"}

// proseWords are secret names that are also ordinary words in error
// messages ("error code: 401", "key: email"): in free text they do not
// mark the next word as a secret.
var proseWords = map[string]bool{"key": true, "auth": true, "session": true, "pin": true, "otp": true,
	"sig": true, "signature": true, "credentials": true, "credential": true, "bearer": true,
	"pass": true, "authentication": true}

// IsSecretName reports whether a parameter, header or JSON key names a
// secret, whatever its case and separators. It does not allocate.
func IsSecretName(name string) bool {
	name = innerName(name)
	var buf [64]byte
	n := normName(name, buf[:0])
	if n == nil {
		return false
	}
	if t := bytes.TrimRight(n, "0123456789"); len(t) < len(n) {
		// x-hub-signature-256, x-signature-sha256: a digest's size after a
		// signature's name (but key1 is no key).
		if t = bytes.TrimSuffix(t, []byte("sha")); bytes.HasSuffix(t, []byte("signature")) || bytes.HasSuffix(t, []byte("hmac")) {
			n = t
		} else if bytes.HasSuffix(t, []byte("password")) {
			n = t // password1, password2, new_password1: a form's password fields
		}
	}
	if t := bytes.TrimSuffix(bytes.TrimSuffix(n, []byte("confirmation")), []byte("confirm")); len(t) < len(n) && bytes.HasSuffix(t, []byte("password")) {
		n = t // password_confirmation, passwordConfirm
	}
	// Map lookups on string(bytes) do not allocate.
	if secretNames[string(n)] {
		return true
	}
	for _, suf := range secretSuffixes {
		if len(n) >= len(suf) && string(n[len(n)-len(suf):]) == suf {
			return true
		}
	}
	return hasFoldSuffix(name, "_key") || hasFoldSuffix(name, "-key") || hasShortSecretTail(name)
}

// hasShortSecretTail tells a name ending in one of shortSecretTails after
// '_' or '-', or in camelCase (keystorePass, bindPw).
func hasShortSecretTail(name string) bool {
	for _, t := range shortSecretTails {
		if len(name) <= len(t) || !hasFoldSuffix(name, t) {
			continue
		}
		head, tail := name[:len(name)-len(t)], name[len(name)-len(t):]
		switch c := head[len(head)-1]; {
		case c == '_' || c == '-':
			return true // (not '.': minified JavaScript's "_.pw=function…")
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			// camelCase: proxyPass, keystorePass, bindPw (not ByPass's
			// English word written in camelCase)
			if tail[0] == strings.ToUpper(t)[0] && strings.ToLower(tail[1:]) == tail[1:] && !hasFoldSuffix(head, "by") {
				return true
			}
		}
	}
	return false
}

// innerName reads the name a bracketed form parameter ends in, as PHP,
// Rails and jQuery write them: user[password] is "password", api_key[]
// and tokens[0] are "api_key" and "tokens".
func innerName(name string) string {
	for strings.HasSuffix(name, "[]") {
		name = name[:len(name)-2]
	}
	if !strings.HasSuffix(name, "]") {
		return name
	}
	i := strings.LastIndexByte(name, '[')
	if i < 0 {
		return name
	}
	if in := name[i+1 : len(name)-1]; in != "" && !isDigits(in) {
		return in
	}
	return name[:i]
}

// normName lower-cases name into buf without separators; nil when it does
// not fit (names that long are not parameter names).
func normName(name string, buf []byte) []byte {
	name = strings.TrimSpace(name)
	if len(name) > cap(buf) {
		return nil
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_' || c == '.' || c == ' ':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// placeholders are what a client sends where a secret it never had
// belongs: JavaScript's undefined, null and NaN and an object turned into
// a string, Python's None, Go's nil. Shown as written ("Bearer
// undefined"), they tell the support engineer the token was never set;
// none is a secret.
var placeholders = []string{"undefined", "null", "none", "nil", "nan", "[object Object]"}

// isPlaceholder tells a value that is one of placeholders, whole, in any
// case: "undefined1" or "null-token" is no placeholder.
func isPlaceholder(v string) bool {
	if len(v) > len("[object Object]") {
		return false
	}
	for _, p := range placeholders {
		if strings.EqualFold(v, p) {
			return true
		}
	}
	return false
}

// holdsOnlyFingerprints tells text that holds a fingerprint redaction
// wrote (the prefix and its hex digits): what free-text redaction leaves
// of a value it cut, which redacting again must keep as it is. Text that
// merely holds the prefix ("xredacted:Hunter2pass") is redacted.
func holdsOnlyFingerprints(s string) bool {
	for i := strings.Index(s, redactedPrefix); i >= 0; {
		r := s[i+len(redactedPrefix):]
		if len(r) >= fingerprintHexDigits && isHex(r[:fingerprintHexDigits]) && (len(r) == fingerprintHexDigits || !isAlnum(r[fingerprintHexDigits])) {
			return true
		}
		j := strings.Index(r, redactedPrefix)
		if j < 0 {
			break
		}
		i += len(redactedPrefix) + j
	}
	return false
}

// minSecretAround: a word of letters and digits this long after a
// fingerprint may be a secret of its own.
const minSecretAround = 4

// afterFingerprint tells the word after "redacted:" that is a fingerprint
// redaction wrote, perhaps with a path it kept running on ("0a1b2c3d4e",
// "0a1b2c3d4e/000123"); "redacted:Hunter2pass" is a secret.
func afterFingerprint(w string) bool {
	if len(w) < fingerprintHexDigits || !isHex(w[:fingerprintHexDigits]) {
		return false
	}
	tail := strings.TrimLeft(w[fingerprintHexDigits:], "/.-_~+")
	return tail == "" || !(isJWT(tail) || hasKeyPrefix(tail) || isOpaque(tail) || len(tail) >= minSecretAround && hasLetterAndDigit(tail))
}

// isFingerprint tells a value redaction wrote: the prefix and the hex
// digits, nothing more ("redacted:Hunter2pass" is a secret).
func isFingerprint(v string) bool {
	fp, ok := strings.CutPrefix(v, redactedPrefix)
	return ok && len(fp) == fingerprintHexDigits && isHex(fp)
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// redactValue replaces a secret value by its fingerprint; a placeholder
// is no secret and is kept.
func redactValue(v string) string {
	if v == "" || strings.HasPrefix(v, redactedPrefix) || isPlaceholder(v) {
		// (A value that starts with a fingerprint was redacted already:
		// the record's own secrets are scrubbed inside other values too,
		// "redacted:fd4f0695eared:0:", and must not be fingerprinted again.)
		return v
	}
	if _, ok := censoredFP(v); ok {
		return v // Zapier's censored form is a hash already
	}
	return redactedPrefix + Fingerprint(v)
}

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

// jwtPattern matches a JWT or JWS (header.claims.signature); used where a
// regular expression is not on the hot path.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*`)

// Thresholds of redactText.
const (
	// opaqueMinLen: a run of token characters this long, holding letters
	// and digits, is taken for a secret (API keys, opaque access tokens
	// and session ids are 32+; words and ids in error messages are not).
	opaqueMinLen = 32
	// schemeMinLen: a credential after "Bearer " and the like.
	schemeMinLen = 8
)

// authSchemes precede a credential in free text, lower case.
var authSchemes = map[string]bool{"bearer": true, "basic": true, "token": true, "oauth": true,
	"sapisidhash": true, "digest": true, "apikey": true, "negotiate": true}

func isTokChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '-'
}

// redactText scrubs secrets from free text (error messages, body excerpts)
// in one pass: JWTs, credentials after an auth scheme, the values of
// secret key=value and "key":"value" pairs, and long opaque tokens become
// "redacted:<fp>". Zapier's censored values are hashes already and stay.
func redactText(s string) string { return redactTextAt(s, 0) }

// redactTextAt is redactText for text found depth parameters deep.
//
// A cut changes what the rules see around it (a value with a '{' in it
// bounds an object one way, its fingerprint another), so the text is
// redacted again while that changes it, up to maxRedactPasses: a redacted
// copy redacted again must be the same copy. Text without a secret,
// nearly all of it, takes one pass.
func redactTextAt(s string, depth int) string {
	prev, r := s, redactTextOnce(s, depth)
	for n := 1; r != prev && n < maxRedactPasses; n++ {
		prev, r = r, redactTextOnce(r, depth)
	}
	return r
}

// teamsHookPath is in the path of a Teams incoming webhook URL,
// .../webhook/<group>@<tenant>/IncomingWebhook/<key>/<owner>: a path with
// an '@' in it, which the word rules took for an address and cut whole
// from there, while a URL alone is redacted by redactHookPath (only the
// key); a redacted copy then read differently from its original.
const teamsHookPath = "/IncomingWebhook/"

// redactTeamsHooks redacts the Teams webhook URLs in s as a URL alone is
// redacted, and the text around them as text; ok is false when s holds
// none.
func redactTeamsHooks(s string, depth int) (string, bool) {
	var b strings.Builder
	last := 0
	forEachURL(s, func(start, end int) {
		if !strings.Contains(s[start:end], teamsHookPath) {
			return
		}
		r, _, _ := redactURLAt(s[start:end], depth)
		b.WriteString(redactTextOnce(s[last:start], depth))
		b.WriteString(r)
		last = end
	})
	if last == 0 {
		return s, false
	}
	b.WriteString(redactTextOnce(s[last:], depth))
	return b.String(), true
}

// maxRedactPasses bounds redactTextAt's passes: a second pass sees every
// value already cut; a third has been needed only by fuzzed nonsense.
const maxRedactPasses = 3

// redactTextOnce is one pass of redactTextAt.
func redactTextOnce(s string, depth int) string {
	if strings.Contains(s, teamsHookPath) {
		if r, ok := redactTeamsHooks(s, depth); ok {
			return r
		}
	}
	r := redactWords(redactForms(s), nil, depth)
	// "Authorization=Bearer%20ya29…", "api_key\u003dsk_…": secrets that
	// %-encoding or \u escapes hide show once decoded. They are found in
	// the decoded text and replaced where they are written; the rest of the
	// text stays as written.
	d, from, ok := decodeEscapes(r)
	if !ok {
		return r
	}
	var spans [][2]int
	redactWords(d, &spans, depth)
	if len(spans) == 0 {
		return r
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(r[last:from[sp[0]]])
		b.WriteString(redactValue(d[sp[0]:sp[1]]))
		last = from[sp[1]]
	}
	b.WriteString(r[last:])
	return b.String()
}

// maxDecodeRounds bounds decodeEscapes on text encoded again and again.
const maxDecodeRounds = 4

// decodeEscapes decodes %XX, \u00XX and HTML character references until
// none is left, or for maxDecodeRounds rounds; ok is false when there were
// none. from[k]
// is where in s the k-th decoded byte was written (from[len(d)] is len(s)).
func decodeEscapes(s string) (d string, from []int, ok bool) {
	if !hasEscape(s) {
		return s, nil, false
	}
	d = s
	for range maxDecodeRounds {
		b := make([]byte, 0, len(d))
		at := make([]int, 0, len(d)+1)
		for i := 0; i < len(d); i++ {
			at = append(at, i)
			switch {
			case d[i] == '%' && i+2 < len(d) && ishex(d[i+1]) && ishex(d[i+2]):
				b = append(b, unhex(d[i+1])<<4|unhex(d[i+2]))
				i += 2
			case isUEscape(d, i):
				b = append(b, unhex(d[i+4])<<4|unhex(d[i+5]))
				i += 5
			case d[i] == '&':
				c, n := entityAt(d, i)
				if n == 0 {
					b = append(b, '&')
					break
				}
				b = append(b, c)
				i += n - 1
			default:
				b = append(b, d[i])
			}
		}
		at = append(at, len(d))
		if from != nil {
			for k, i := range at {
				at[k] = from[i] // through the earlier rounds, back to s
			}
		}
		d, from = string(b), at
		if !hasEscape(d) {
			return d, from, true
		}
	}
	return d, from, true // escapes nested deeper still: what was decoded is searched all the same
}

// htmlEntities are the named character references HTML error pages
// escape echoed requests with.
var htmlEntities = map[string]byte{"lt": '<', "gt": '>', "quot": '"', "apos": '\'', "amp": '&'}

// entityAt decodes an HTML character reference of an ASCII byte at s[i]
// ("&lt;", "&#61;", "&#x3D;"): the byte and the reference's length, or n 0.
func entityAt(s string, i int) (c byte, n int) {
	end := strings.IndexByte(s[i:min(len(s), i+8)], ';')
	if end < 2 {
		return 0, 0
	}
	ref := s[i+1 : i+end]
	if c, ok := htmlEntities[ref]; ok {
		return c, end + 1
	}
	if ref[0] != '#' || len(ref) < 2 {
		return 0, 0
	}
	v, base, digits := 0, 10, ref[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	if digits == "" {
		return 0, 0
	}
	for k := 0; k < len(digits); k++ {
		if !ishex(digits[k]) || base == 10 && !('0' <= digits[k] && digits[k] <= '9') {
			return 0, 0
		}
		v = v*base + int(unhex(digits[k]))
	}
	if v == 0 || v > 0x7f {
		return 0, 0
	}
	return byte(v), end + 1
}

func entityLen(s string, i int) int { _, n := entityAt(s, i); return n }

// isUEscape tells a \u00XX escape of an ASCII byte at s[i].
func isUEscape(s string, i int) bool {
	return s[i] == '\\' && i+5 < len(s) && s[i+1] == 'u' && s[i+2] == '0' && s[i+3] == '0' && ishex(s[i+4]) && ishex(s[i+5]) && s[i+4] < '8'
}

// hasEscape tells text holding a %XX or \u00XX escape.
func hasEscape(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '%' && ishex(s[i+1]) && ishex(s[i+2]) || isUEscape(s, i) || s[i] == '&' && entityLen(s, i) > 0 {
			return true
		}
	}
	return false
}

// redactID redacts the credentials an id taken from the input may hold —
// a connection label of "email:api-key", a JWT, a known key, a long
// mixed-case token, a URL's secrets — and keeps the rest as written: ids
// (UUIDs, account numbers, "HubSpot acme-eu (21774201)") are how a support
// engineer finds the record, so the opaque-word rule of free text does
// not apply.
func redactID(s string) string {
	if at := strings.IndexByte(s, '@'); at > 0 {
		// user@example.com:password — a host name between '@' and ':', and
		// after it a password, not a word ("bob@acme.com:Production").
		if c := strings.IndexByte(s[at:], ':'); c > 1 && isHostName(s[at+1:at+c]) && !strings.HasPrefix(s[at+1:], redactedPrefix) {
			pw := s[at+c+1:]
			if len(pw) >= 6 && !isLetters(pw) && !isDigits(pw) && !strings.ContainsAny(pw, " \t/()") && !strings.HasPrefix(pw, redactedPrefix) {
				// What comes before is read as any id is, as a second pass
				// (where this password is a fingerprint) would read it.
				return redactID(s[:at+c+1]) + redactValue(pw)
			}
		}
	}
	var b []byte
	last := 0
	for i, j := nextWord(s, 0); i < len(s); i, j = nextWord(s, j) {
		if w := s[i:j]; isJWT(w) || hasKeyPrefix(w) || pathSecret(w) && randomish(w) {
			b = append(b, s[last:i]...)
			b = append(b, redactValue(w)...)
			last = j
		}
	}
	if b != nil {
		s = string(append(b, s[last:]...))
	}
	return redactURLsIn(s, 0)
}

// redactURLsIn redacts the URLs in free text, in one pass; depth is how
// deep in parameters the text was found.
func redactURLsIn(s string, depth int) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	last := 0
	forEachURL(s, func(start, end int) {
		if r, _, _ := redactURLAt(s[start:end], depth); r != s[start:end] {
			b.Grow(len(s) + 16)
			b.WriteString(s[last:start])
			b.WriteString(r)
			last = end
		}
	})
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// isHostName tells a DNS name with a dot: letters, digits, '-' and '.'.
func isHostName(h string) bool {
	if !strings.Contains(h, ".") {
		return false
	}
	for i := 0; i < len(h); i++ {
		if c := h[i]; !isLetter(c) && !('0' <= c && c <= '9') && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// nextWord finds the next run of token characters at or after i: its
// start and end, or len(s) twice when there is none. A word written
// after an escaped line break or tab starts after the escape's letter:
// the raw request headers of Node's util.inspect and Python's http.client
// debug output ('…HTTP/1.1\r\nCookie: sid=…') name the header Cookie,
// not nCookie.
func nextWord(s string, i int) (start, end int) {
	for i < len(s) && !isTokChar(s[i]) {
		i++
	}
	if i+1 < len(s) && afterEscape(s, i+1) && isTokChar(s[i+1]) {
		i++
	}
	j := i
	for j < len(s) && isTokChar(s[j]) {
		j++
	}
	return i, j
}

// randomish tells a generated token from a CamelCase name with digits
// ("JohnSmithWorkAccount2024"): in a random mix of upper case, lower case
// and digits the kind changes at about six gaps in ten, in a name at far
// fewer.
func randomish(w string) bool {
	kind := func(c byte) byte {
		switch {
		case 'a' <= c && c <= 'z':
			return 1
		case 'A' <= c && c <= 'Z':
			return 2
		case '0' <= c && c <= '9':
			return 3
		}
		return 0
	}
	changes := 0
	for i := 1; i < len(w); i++ {
		if kind(w[i]) != kind(w[i-1]) {
			changes++
		}
	}
	return 2*changes >= len(w)
}

// spanRules find a secret at s[vs:ve] by the shape of the text at the
// word s[i:j], whatever the word before it; redactWords tries them in
// this order, after the rules that depend on that word.
var spanRules = [...]func(s string, i, j int) (vs, ve int, ok bool){
	// PDO->__construct('mysql:host=db;dbname=app', 'appuser', '…') in a
	// PHP stack trace: the password argument
	func(s string, _, j int) (int, int, bool) { return callPasswordArg(s, j) },
	// print_r's [password] => …, var_dump's ["password"]=> string(9) "…"
	phpDumpValue,
	// [auth] => Array ( [0] => KEY [1] => ), and var_dump's: the items of
	// a list printed under a secret's name
	phpListItem,
	// 'auth' => array ( 0 => 'KEY', 1 => '', ): var_export's
	exportListItem,
	// -----BEGIN RSA PRIVATE KEY-----\nMIIE…\n-----END …: the key between
	// the lines, the lines kept
	pemBody,
	// <td>DATABASE_PASSWORD</td><td class="code"><pre>&#39;…&#39;</pre></td>
	cellSecret,
	// <password>p@ss word</password>: the element's whole text
	xmlPasswordText,
	// auth: { username: 'sk_live_…', password: '' }: an API key sent as
	// the user of an auth object, with no password
	authObjectUser,
	// BasicAuth[username=KEY, password=], Credentials(user=KEY,
	// password=), #<struct Credentials user="KEY", password="">: the same
	// in a record as a language prints it
	authRecordUser,
	// {User:bob Pass:hunter2}: Go's %+v of a credentials struct
	goRecordPass,
	// map[auth:[KEY ]], and auth:\n  - KEY\n  - '': Go's %v of an auth
	// list, a YAML one
	goMapAuthList,
	yamlAuthList,
	// <HTTPBasicAuth object at 0x…> username='KEY': a key-shaped user
	pyAuthReprUser,
	// auth=('sk_live_…', ''), HTTPBasicAuth("KEY", "X"): an API key sent
	// as the user, with no password
	func(s string, i, _ int) (int, int, bool) { e, ok := authKeyArg(s, i); return i, e, ok },
	// auth=('api', '…'), HTTPBasicAuth('bob', '…'),
	// new UsernamePasswordCredentials("bob", "…")
	func(s string, i, _ int) (int, int, bool) { e, ok := authArgSecret(s, i); return i, e, ok },
}

// redactWords is redactText without decoding.
// spans, when not nil, gets the offsets of each value it redacts.
func redactWords(s string, spans *[][2]int, depth int) string {
	var b []byte
	last, prevStart, prevEnd := 0, -1, 0
	setPassword := false    // in SQL's SET PASSWORD, until ';' or a line break
	smtpLogin := 0          // base64 words of SMTP AUTH LOGIN still to cut
	cut := func(i, j int) { // s[i:j] is a secret
		v := s[i:j]
		if strings.IndexByte(v, '%') >= 0 && hasEscape(v) {
			v = unescape(v) // %-encoded, as in a URL: fingerprinted as the URL rules do
		}
		b = append(b, s[last:i]...)
		b = append(b, redactValue(v)...)
		last = j
		if spans != nil {
			*spans = append(*spans, [2]int{i, j})
		}
	}
words:
	for i, j := nextWord(s, 0); i < len(s); i, j = nextWord(s, j) {
		if j < len(s) && s[j] == '=' && j-i >= minPadded && !IsSecretName(s[i:j]) { // (password=[…], value="…": a key and its value)
			for j < len(s) && s[j] == '=' && (j+1 == len(s) || !isTokChar(s[j+1])) {
				j++ // base64 padding
			}
		}
		w := s[i:j]
		prev, sep := "", ""
		if prevStart >= 0 {
			prev, sep = s[prevStart:prevEnd], s[prevEnd:i]
		}
		if strings.ContainsAny(sep, ";\n") {
			setPassword = false
		}
		if eq := strings.LastIndexByte(sep, '='); setPassword && (eq >= 0 && introduces(sep[eq:], true) || strings.EqualFold(prev, "password") && strings.HasPrefix(sep, "(")) {
			// SET PASSWORD FOR 'bob'@'%' = '…', = PASSWORD('…')
			if strings.EqualFold(w, "password") {
				prevStart, prevEnd = i, j // the function, not the value
				continue
			}
			setPassword = false
			e := valueEnd(s, j)
			cut(i, e)
			prevStart, prevEnd = i, e
			j = e
			continue
		}
		if strings.EqualFold(prev, "set") && strings.EqualFold(w, "password") {
			rest := strings.TrimLeft(s[j:], " \t")
			setPassword = strings.HasPrefix(rest, "=") || len(rest) > 4 && strings.EqualFold(rest[:4], "for ")
		}
		if smtpLogin > 0 || (prev == "PLAIN" || prev == "LOGIN") && afterWord(s, prevStart, "AUTH") {
			// SMTP "AUTH PLAIN <base64 of \0user\0password>", "AUTH LOGIN
			// <base64 user> <base64 password>".
			e := valueEnd(s, j)
			if introduces(sep, false) && (smtpLogin > 0 && isBase64Chars(s[i:e]) || smtpAuthWord(s[i:e], prev == "PLAIN")) {
				cut(i, e)
				smtpLogin = 0
				if prev == "LOGIN" {
					smtpLogin = 1 // the password follows the user
				}
				prevStart, prevEnd = i, e
				j = e
				continue
			}
			smtpLogin = 0
		}
		if strings.EqualFold(prev, "cookie") && j < len(s) && s[j] == '=' && cookieHeaderSep(sep) {
			// "Cookie: a=1; sid=…": every cookie's value, its name kept.
			e := cookieValues(s, i, cut)
			prevStart, prevEnd = i, e
			j = e
			continue
		}
		if strings.EqualFold(prev, "set-cookie") && j < len(s) && s[j] == '=' && cookieHeaderSep(sep) {
			// "Set-Cookie: a=1; Path=/, sid=…; HttpOnly": every cookie's
			// value, names and attributes kept.
			e := setCookieValues(s, i, cut)
			prevStart, prevEnd = i, e
			j = e
			continue
		}
		if e, ok := cookieMapValues(s, i, j, cut); ok {
			// cookies={'session': '…', 'theme': 'dark'}, "cookies": {"sid": "…"}:
			// every cookie's value, its name kept
			prevStart, prevEnd = i, e
			j = e
			continue
		}
		if vs, e, ok := passwordAssigned(s, i, j, prev); ok {
			// password=correct horse battery, user=bob password=p@ss word&x,
			// &password=p%26ss+word, "password": "two words": the whole value
			cut(vs, e)
			prevStart, prevEnd = vs, e
			j = e
			continue
		}
		if len(w) > 2 && w[0] == '-' && w[1] == 'p' && onCommandLine(s, i, mysqlCommands...) {
			// mysql -u root -pSECRET: the password attached to -p
			e := valueEnd(s, j)
			cut(i+2, e)
			prevStart, prevEnd = i, e
			j = e
			continue
		}
		for _, rule := range spanRules {
			if vs, ve, ok := rule(s, i, j); ok {
				cut(vs, ve)
				prevStart, prevEnd = vs, ve
				j = ve
				continue words
			}
		}
		if e, ok := statedSecret(s, prevStart, prev, sep, i, j); ok {
			// curl -u user:pw, "the password is …", "token expired: …"
			cut(i, e)
			prevStart, prevEnd = i, e
			j = e
			continue
		}
		if introduces(sep, true) && strings.EqualFold(prev, "key") && len(w) >= schemeMinLen && hasLetterAndDigit(w) && keyQualifier(s[:max(prevStart, 0)]) {
			// "api key 3f9a…", "secret key sk_…", "Invalid API key: 3f9a…"
			cut(i, j)
			prevStart, prevEnd = i, j
			continue
		}
		if (pairValueKeys[strings.ToLower(prev)] || strings.EqualFold(prev, "content")) && assigns(sep) && pairNamesSecret(s[:prevStart]) {
			// {"name":"X-Api-Key","value":"…"}, <add key="ApiKey" value="…"/>,
			// {"ParameterKey":"DBPassword","ParameterValue":"…"}: the value
			// of a pair whose name, given apart, is a secret's; a quoted
			// value runs to its quote ("value":"p@ss word").
			e := valueEnd(s, j)
			if q := s[i-1 : i]; q == `"` || q == "'" {
				if i > 1 && s[i-2] == '\\' {
					q = `\"` // JSON in JSON
				}
				if c := closingQuote(s, i, q); c >= 0 {
					e = c
				}
			}
			cut(i, e)
			j = e
			prevStart, prevEnd = i, j
			continue
		}
		if introduces(sep, false) && (passwordWords[strings.ToLower(prev)] || identifiedBy(s, prevStart, prev)) {
			// "password p@ssw0rd!", "password 'p@ss'": the value runs to
			// the next delimiter.
			e := valueEnd(s, j)
			attr := e < len(s) && strings.HasSuffix(s[i:e], "=") && (s[e] == '"' || s[e] == '\'') // <Password Type="…">
			if v := s[i:e]; len(v) >= 4 && !isLetters(v) && !attr {
				cut(i, e)
				j = e
				prevStart, prevEnd = i, j
				continue
			}
		}
		if e, ok := headerCredential(s, prevStart, prev, sep, i, j); ok {
			// Authorization: Token abc1, 'Authorization': 'Bearer x9': after
			// a scheme in an Authorization header, a credential of any length
			cut(i, e)
			prevStart, prevEnd = i, e
			j = e
			continue
		}
		if vs, ve, ok := tokenParam(s, prevStart, prev, sep, i); ok {
			// Token token="abc1", email="…": Rails' token of any length
			cut(vs, ve)
			prevStart, prevEnd = vs, ve
			j = ve
			continue
		}
		if j+1 < len(s) && s[j] == '=' && isTokChar(s[j+1]) && authSchemes[strings.ToLower(prev)] && isKeyName(w) {
			// "token_type=Bearer expires_in=3600": a key and its value
			// after the scheme, not the credential (base64 has '=' only
			// at its end).
			prevStart, prevEnd = i, j
			continue
		}
		if firstKey(s, sep, j) && !isJWT(w) && !hasKeyPrefix(w) && !isOpaque(w) {
			// "accessToken":{"tokenValue":…: a key, not accessToken's value
			// (a key shaped like a credential is still one)
			prevStart, prevEnd = i, j
			continue
		}
		if secret, named := secretWord(prev, sep, w, s[j:]); secret {
			if named {
				// A value a key or scheme names runs to the next delimiter,
				// so "password=p@ssw0rd!" goes whole, not "p" alone.
				j = valueEnd(s, j)
			}
			cut(i, j)
		}
		prevStart, prevEnd = i, j
	}
	if b != nil {
		s = string(append(b, s[last:]...))
	}
	// URLs in free text: user:password@, secret parameters, path tokens.
	s = redactURLsIn(s, depth)
	if strings.IndexByte(s, '@') > 0 && strings.IndexByte(s, ':') >= 0 {
		s = redactUserinfo(s)
	}
	return s
}

// minPasswordValue: a password assigned in free text is cut from this
// length on; shorter values are states and flags ("password=no").
const minPasswordValue = 4

// passwordAssigned finds the value assigned to the password named by the
// word s[i:j] — password=…, password: …, "password": "…", DB_PASS = '…',
// password=[…] — and returns its bounds. A password is chosen by a
// person, so it may hold any character, spaces included: the value is
// read from right after the '=' or ':', not from the next word
// (password=p@ss leaked all but "p"), and runs to
//
//   - its closing quote, when quoted;
//   - '&' or a blank when the name follows '&' or '?', as in a form or a
//     query, where a space is encoded and a raw '&' ends the value;
//   - otherwise the end of the line, a quote, '&', ',', ';' or a bracket,
//     or a blank before the next name=value pair ("password=correct
//     horse battery" goes whole, "password=hunter2 ip=10.0.0.1" keeps ip).
//
// Prose after the ':' stays ("password: must be at least 8 characters").
// Over-redaction to the end of a line of prose ("password=hunter2 for
// user bob" loses "for user bob") is the price of not leaking a
// password's second word.
func passwordAssigned(s string, i, j int, prev string) (vs, e int, ok bool) {
	if j >= len(s) {
		return 0, 0, false
	}
	k := j
	if q := s[k]; (q == '"' || q == '\'') && i > 0 && s[i-1] == q {
		k++ // "password": …
	} else if strings.HasPrefix(s[k:], `\"`) && i > 1 && s[i-2:i] == `\"` {
		k += 2 // JSON quoted in JSON: {\"password\":\"…\"}
	}
	k = skipBlanks(s, k)
	if k >= len(s) {
		return 0, 0, false
	}
	colon := s[k] == ':'
	switch {
	case colon && phpVisibility(s[k:]) > 0:
		return 0, 0, false // print_r's [password:protected] => …: phpDumpValue's
	case colon && (k+1 == len(s) || s[k+1] != ':'): // (not Password::check)
	case s[k] == '=' && (k+1 == len(s) || s[k+1] != '='): // (not password == x)
		if k+1 < len(s) && s[k+1] == '>' {
			k++ // 'password' => '…'
		}
	default:
		return 0, 0, false
	}
	if !isPasswordName(s[i:j]) || strings.EqualFold(prev, "set") { // (SQL's SET PASSWORD = …)
		return 0, 0, false
	}
	form := i > 0 && (s[i-1] == '&' || s[i-1] == '?') && !colon
	vs = k + 1
	if !form {
		vs = skipBlanks(s, vs)
	}
	listed := vs < len(s) && (s[vs] == '[' || s[vs] == '(')
	if listed {
		vs++ // password=[…], password=(…)
	}
	e = -1
	q := openingQuote(s, vs)
	if q != "" {
		vs += len(q)
		e = closingQuote(s, vs, q)
	}
	if e < 0 {
		e = passwordEnd(s, vs, form)
	}
	v := s[vs:e]
	// A quoted value describes the field only in a list
	// ({"password":["This field is required."]}) or as one word: "password":
	// "the cat sat" is a password, whatever its first word.
	prose := q == "" || listed || wordLen(v) == len(v)
	if len(v) < minPasswordValue || colon && prose && describesField(":", v[:wordLen(v)], "") {
		return 0, 0, false
	}
	return vs, e, true
}

// closingQuote returns where the quote q ("\"", "'", "`", or `\"` in
// JSON quoted in JSON) closes a value that starts at s[from], or -1 when
// a line break or the end of s comes first. A quote escaped by a
// backslash is inside the value ({"password":"p4\"ss word"}): before a
// closing '"' the backslashes are even, before a closing `\"` they are
// one more than a multiple of four (`\\\"` is a '"' of the inner text).
func closingQuote(s string, from int, q string) int {
	for k := from; k < len(s); {
		c := strings.Index(s[k:], q)
		if c < 0 {
			return -1
		}
		c += k
		if strings.IndexAny(s[k:c], "\r\n") >= 0 {
			return -1
		}
		end := c + len(q) - 1 // the quote character
		n := 0
		for p := end - 1; p >= from && s[p] == '\\'; p-- {
			n++
		}
		if len(q) == 1 && n%2 == 0 || len(q) == 2 && n%4 == 1 {
			return c
		}
		k = end + 1
	}
	return -1
}

// passwordEnd returns where an unquoted password that starts at s[vs]
// ends (see passwordAssigned), trailing blanks left out.
func passwordEnd(s string, vs int, form bool) int {
	e := vs
	for e < len(s) {
		c := s[e]
		if c == ' ' || c == '\t' {
			if form || nextPair(s, e) {
				break
			}
			e++
			continue
		}
		if c == '&' && !form {
			// In free text a '&' ends the value only before the next
			// name=value pair, written or HTML-escaped (&amp;next=/home):
			// password=Tom&Jerry1 and an HTML page's password=abc&amp;def
			// hold theirs. An escaped quote or '<' ends it as the
			// character would.
			d, n := entityAt(s, e)
			if n == 0 {
				d, n = '&', 1
			}
			if d == '&' && pairAt(s, e+n) || d != '&' && isValueEnd(d) {
				break
			}
			e += n
			continue
		}
		if isValueEnd(c) {
			break
		}
		e++
	}
	for e > vs && (s[e-1] == ' ' || s[e-1] == '\t') {
		e--
	}
	return e
}

// pairAt tells a name and '=' at s[k], the next pair of a query or a
// form: next=, user[email]=.
func pairAt(s string, k int) bool {
	n := k
	for n < len(s) && (isAlnum(s[n]) || s[n] == '_' || s[n] == '-' || s[n] == '.' || s[n] == '[' || s[n] == ']') {
		n++
	}
	return n > k && n < len(s) && s[n] == '='
}

// nextPair tells whether the blanks at s[k] are followed by a name and
// '=' or ':', the next pair of a key=value line.
func nextPair(s string, k int) bool {
	k = skipBlanks(s, k)
	n := k
	for n < len(s) && (isAlnum(s[n]) || s[n] == '_' || s[n] == '-' || s[n] == '.') {
		n++
	}
	return n > k && n < len(s) && (s[n] == '=' || s[n] == ':')
}

// wordLen is the length of the word s starts with, up to a blank.
func wordLen(s string) int {
	n := 0
	for n < len(s) && s[n] != ' ' && s[n] != '\t' {
		n++
	}
	return n
}

// isPasswordName tells a name of a password — password, passwd, pwd,
// passphrase, new_password1, DB_PASS, bindPw — as opposed to a token's or
// a key's, whose values never hold spaces. A bare "pass" or "pw" is left
// to the other rules ("Pass: true").
func isPasswordName(name string) bool {
	if len(name) < 3 || !hasPa(name) || !IsSecretName(name) || strings.EqualFold(name, "pass") {
		return false
	}
	var buf [64]byte
	n := normName(innerName(name), buf[:0])
	n = bytes.TrimRight(n, "0123456789")
	n = bytes.TrimSuffix(bytes.TrimSuffix(n, []byte("confirmation")), []byte("confirm"))
	for _, suf := range []string{"password", "passwd", "passphrase", "pwd"} {
		if bytes.HasSuffix(n, []byte(suf)) {
			return true
		}
	}
	return hasShortSecretTail(name)
}

// hasPa tells a name holding "pa" or "pw" in any case, as every
// password's name does: one quick pass that rules out most names.
func hasPa(name string) bool {
	for k := 0; k+1 < len(name); k++ {
		if name[k]|0x20 == 'p' && (name[k+1]|0x20 == 'a' || name[k+1]|0x20 == 'w') {
			return true
		}
	}
	return false
}

// afterWord tells whether the word before s[k:] is w, in that case.
func afterWord(s string, k int, w string) bool {
	t := strings.TrimRight(s[:k], " \t")
	return strings.HasSuffix(t, w) && (len(t) == len(w) || !isTokChar(t[len(t)-len(w)-1]))
}

// smtpAuthWord tells the base64 argument of SMTP AUTH: for PLAIN it
// decodes to "authzid\0user\0password", for LOGIN to printable text
// ("AUTH LOGIN is disabled" has no such word).
func smtpAuthWord(w string, plain bool) bool {
	if len(w) < 4 || strings.HasPrefix(w, redactedPrefix) {
		return false
	}
	dec, err := base64.StdEncoding.DecodeString(w)
	if err != nil {
		return false
	}
	if plain {
		return bytes.IndexByte(dec, 0) >= 0
	}
	for _, c := range dec {
		if c < ' ' || c >= 0x7f {
			return false
		}
	}
	return len(dec) > 0
}

// isBase64Chars tells a word of base64's alphabet, padding at its end.
func isBase64Chars(w string) bool {
	t := strings.TrimRight(w, "=")
	for i := 0; i < len(t); i++ {
		if c := t[i]; !isLetter(c) && !('0' <= c && c <= '9') && c != '+' && c != '/' {
			return false
		}
	}
	return len(t) >= 4 && len(w)-len(t) <= 2
}

// cookieValues cuts the value of each cookie of a Cookie header quoted in
// free text, from s[i] ("_ga=GA1.2; sid=…; lang=en"), and returns where
// the list ends: at a space after a value, a line break or a quote.
func cookieValues(s string, i int, cut func(i, j int)) int {
	for k := i; ; {
		n := k
		for n < len(s) && s[n] != '=' && s[n] != ';' && s[n] != ' ' && !endsCookieList(s[n]) {
			n++
		}
		if n == len(s) || s[n] != '=' {
			return n
		}
		vs := n + 1
		ve := vs
		for ve < len(s) && s[ve] != ';' && s[ve] != ' ' && !endsCookieList(s[ve]) {
			ve++
		}
		if ve > vs && !strings.HasPrefix(s[vs:ve], redactedPrefix) {
			cut(vs, ve)
		}
		if ve == len(s) || s[ve] != ';' {
			return ve
		}
		for k = ve + 1; k < len(s) && s[k] == ' '; k++ {
		}
	}
}

// maxCookieMap bounds the map of cookies cookieMapValues reads.
const maxCookieMap = 4 << 10

// cookieMapValues reads a map of cookies written as code or JSON after the
// word s[i:j] "cookies" (requests' cookies={'sid': '…'}, a
// JSON "cookies": {"sid": "…"}, Ruby's cookies: {sid: "…"}), cuts every
// value, quoted or a bare word, its name kept, and returns where the map
// ends. A map it cannot read to its '}' is left to the other rules.
func cookieMapValues(s string, i, j int, cut func(i, j int)) (int, bool) {
	if !strings.EqualFold(s[i:j], "cookies") { // (a "cookie" object is one cookie's name and value)
		return 0, false
	}
	k := j
	if k < len(s) && (s[k] == '"' || s[k] == '\'') {
		k++
	}
	k = skipBlanks(s, k)
	switch {
	case strings.HasPrefix(s[k:], "=>"):
		k += 2
	case k < len(s) && (s[k] == ':' || s[k] == '='):
		k++
	default:
		return 0, false
	}
	k = skipSpace(s, k)
	if k >= len(s) || s[k] != '{' {
		return 0, false
	}
	end := strings.IndexByte(s[k:min(len(s), k+maxCookieMap)], '}')
	if end < 0 || strings.IndexByte(s[k+1:k+end], '{') >= 0 {
		return 0, false
	}
	end += k
	var spans [][2]int
	for m := k + 1; m < end; {
		m = skipSpace(s, m)
		// the name: quoted, or a bare word (a Ruby symbol's ':' first)
		if q := openingQuote(s, m); q != "" {
			c := closingQuote(s, m+len(q), q)
			if c < 0 || c > end {
				return 0, false
			}
			m = c + len(q)
		} else {
			n := m
			for n < end && (isTokChar(s[n]) || s[n] == ':' && n == m) {
				n++
			}
			if n == m {
				return 0, false
			}
			m = n
		}
		m = skipSpace(s, m)
		switch {
		case strings.HasPrefix(s[m:], "=>"):
			m += 2
		case m < end && (s[m] == ':' || s[m] == '='):
			m++
		default:
			return 0, false
		}
		m = skipSpace(s, m)
		vs, ve := m, m
		q := openingQuote(s, m)
		if q != "" {
			vs = m + len(q)
			c := closingQuote(s, vs, q)
			if c < 0 || c > end {
				return 0, false
			}
			ve, m = c, c+len(q)
		} else {
			for ve < end && s[ve] != ',' && s[ve] != ' ' && s[ve] != '\n' {
				ve++
			}
			m = ve
		}
		if v := s[vs:ve]; v != "" && !strings.HasPrefix(v, redactedPrefix) && !(q == "" && bareLiteral(v)) {
			spans = append(spans, [2]int{vs, ve})
		}
		m = skipSpace(s, m)
		if m < end && s[m] == ',' {
			m++
		} else if m < end {
			return 0, false
		}
	}
	for _, sp := range spans {
		cut(sp[0], sp[1])
	}
	return end, true
}

// bareLiteral tells an unquoted true, false, number or placeholder (null,
// nil, None, undefined): no cookie's secret.
func bareLiteral(v string) bool {
	return strings.EqualFold(v, "true") || strings.EqualFold(v, "false") || isDigits(v) || isPlaceholder(v)
}

// setCookieValues cuts the value of every cookie a Set-Cookie header
// value that starts at s[i] sets — cookies folded with ", " included, an
// Expires date not split — and returns where the value ends: at the end
// of the line or of the quoted text holding it.
func setCookieValues(s string, i int, cut func(i, j int)) int {
	end := i
	for end < len(s) && strings.IndexByte("\n\r\"'\\<>}]", s[end]) < 0 {
		end++
	}
	pos := i
	for _, c := range setCookies(s[i:end]) {
		pos += len(c.sep)
		pair, _, _ := strings.Cut(c.text, ";")
		if name, v, ok := strings.Cut(pair, "="); ok {
			vs := pos + len(name) + 1
			ve := vs + len(strings.TrimRight(v, " \t"))
			if ve > vs && !strings.HasPrefix(s[vs:ve], redactedPrefix) {
				cut(vs, ve)
			}
		}
		pos += len(c.text)
	}
	return end
}

// endsCookieList tells the bytes that end a quoted Cookie header's list.
func endsCookieList(c byte) bool {
	switch c {
	case '\n', '\r', '\t', '"', '\'', '\\', '<', '>', '}', ']', ',':
		return true
	}
	return false
}

// firstKey tells the word that ends at s[j] after sep as the first key
// of an object: sep ends in '{' and perhaps a quote, and the word is
// followed by its closing quote and ':' or '=>'.
func firstKey(s, sep string, j int) bool {
	t := strings.TrimRight(sep, " \t\r\n\"'\\")
	if t == "" || t[len(t)-1] != '{' {
		return false
	}
	for j < len(s) && (s[j] == '"' || s[j] == '\'' || s[j] == '\\') {
		j++
	}
	j = skipBlanks(s, j)
	return j < len(s) && (s[j] == ':' && !strings.HasPrefix(s[j:], "::") || strings.HasPrefix(s[j:], "=>"))
}

// cookieHeaderSep tells the separator between a Cookie or Set-Cookie
// header's name and its value as text quotes the header: "Cookie: ",
// Go's map[Cookie:[…]], a dict's 'Cookie': '…', JSON's "Cookie": "…",
// Ruby's "Cookie"=>"…", util.inspect's cookie: [ '…' ].
func cookieHeaderSep(sep string) bool {
	return strings.Contains(sep, ":") && introduces(sep, true) || assigns(sep)
}

// valueEnd returns where a value running on from s[j] ends: at the next
// delimiter.
func valueEnd(s string, j int) int {
	for j < len(s) && !isValueEnd(s[j]) {
		j++
	}
	return j
}

// stateWords, after a secret's name, state something of it before its
// value: "the password is …", "token expired: …".
var stateWords = map[string]bool{"is": true, "was": true, "expired": true, "invalid": true, "revoked": true,
	"rejected": true, "malformed": true, "unknown": true, "unrecognized": true, "incorrect": true, "wrong": true}

// minKeyUser is the shortest user of curl -u USER: (no password) taken
// for an API key whatever its letters: shorter ones are names (admin:).
const minKeyUser = 8

// statedSecret finds a value that a word other than its name introduces,
// the word s[i:j] starting it: the user:password of curl's -u and --user,
// and what follows a secret's name and a stateWord ("the password is
// hunter2!", "Token expired: 8f2c…"). It returns where the value ends.
func statedSecret(s string, prevStart int, prev, sep string, i, j int) (int, bool) {
	if prevStart < 0 {
		return 0, false
	}
	if len(prev) >= 2 && prev[0] == '-' {
		for _, f := range cliPasswordFlags {
			if prev != f.flag || !introduces(sep, true) || !onCommandLine(s, prevStart, f.cmd) {
				continue
			}
			e := valueEnd(s, j)
			c := strings.IndexByte(s[i:e], ':')
			if !f.userPass && e > i || c > 0 && i+c < e-1 {
				return e, true
			}
			if f.userPass && c > 0 && i+c == e-1 && (credentialShaped(s[i:e-1]) || c >= minKeyUser) {
				// curl -u sk_…: an API key as the user, no password: the
				// key goes, the ':' that says so stays. (A user name sent
				// with no password is rare; a key of letters alone is not.)
				return e - 1, true
			}
		}
		if prev == "-u" || prev == "--user" {
			return 0, false
		}
	}
	if !stateWords[strings.ToLower(prev)] {
		return 0, false
	}
	// The state word comes right after the name.
	k := prevStart
	for k > 0 && (s[k-1] == ' ' || s[k-1] == '\t') {
		k--
	}
	if k == prevStart {
		return 0, false
	}
	ns, ne := nameBefore(s, k)
	name := s[ns:ne]
	if name == "" || !IsSecretName(name) {
		return 0, false
	}
	is := strings.EqualFold(prev, "is") || strings.EqualFold(prev, "was")
	if is && !introduces(sep, false) || !is && !(introduces(sep, true) && strings.ContainsAny(sep, ":=")) {
		return 0, false
	}
	if passwordWords[strings.ToLower(name)] {
		e := valueEnd(s, j)
		v := s[i:e]
		return e, len(v) >= 4 && !isLetters(v)
	}
	w := s[i:j]
	return j, len(w) >= schemeMinLen && hasLetterAndDigit(w) && !isDateLike(w)
}

// maxHeaderName bounds the text authHeaderBefore reads for a header's
// name and its separator ("HTTP_PROXY_AUTHORIZATION\": \"" is 28 bytes).
const maxHeaderName = 64

// authHeaderBefore tells text s[:k] that ends in the name of an
// Authorization header and its separator, as logs and code quote headers
// — "Authorization: ", "'Authorization': '", map[Authorization:[,
// HTTP_AUTHORIZATION => ", \"authorization\":\"" — so that what
// starts at s[k] is the header's value.
func authHeaderBefore(s string, k int) bool {
	t, ok := cutKeySep(strings.TrimRight(s[max(0, k-maxHeaderName):k], " \t\"'`[(\\"))
	if !ok {
		return false
	}
	t = strings.TrimRight(t, " \t\"'\\")
	const name = "authorization"
	return hasFoldSuffix(t, name) && startsWord(t, len(t)-len(name))
}

// startsWord tells whether a word starting at s[k] starts there: at the
// start of s, after a byte that is no letter or digit, or after an
// escaped line break or tab ("\r\nAuthorization").
func startsWord(s string, k int) bool {
	return k == 0 || !isAlnum(s[k-1]) || afterEscape(s, k)
}

// afterEscape tells s[k] that follows an escaped line break or tab.
func afterEscape(s string, k int) bool {
	return k >= 2 && s[k-2] == '\\' && (s[k-1] == 'n' || s[k-1] == 'r' || s[k-1] == 't')
}

// headerCredential tells the word s[i:j] that follows an auth scheme,
// prev, at the start of an Authorization header's value, and returns
// where the credential ends (base64's padding included). There the
// credential may be of any length — "Authorization: Token abc1" — where
// in prose a scheme's name needs a longer word after it. A parameter
// (Digest's username="…", Rails' token=…) is no credential, nor a word
// describing the header ("Authorization: Bearer is missing").
func headerCredential(s string, prevStart int, prev, sep string, i, j int) (int, bool) {
	if prevStart < 0 || j-i > opaqueMinLen || !introduces(sep, false) || !isAuthScheme(prev) || !authHeaderBefore(s, prevStart) {
		return 0, false
	}
	w := s[i:j]
	if j < len(s) && s[j] == ':' && w == "redacted" {
		return 0, false // a fingerprint
	}
	if len(w) <= len("parameter") && descWords[strings.ToLower(w)] {
		return 0, false
	}
	e := j
	for e < len(s) && s[e] == '=' {
		e++
	}
	if !strings.EqualFold(prev, "basic") && !strings.EqualFold(prev, "bearer") {
		// Digest's and Rails' credentials are parameters (username="…",
		// token=…); Basic's and Bearer's is one word, base64's '=' at its
		// end whatever follows.
		if k := strings.TrimRight(w, "="); (len(k) < len(w) || e > j) && isKeyName(k) {
			return 0, false
		}
	}
	return e, true
}

// isAuthScheme tells one of authSchemes, in any case, without allocating.
func isAuthScheme(w string) bool {
	if len(w) < len("token") || len(w) > len("sapisidhash") {
		return false
	}
	switch lowerByte(w[0]) {
	case 'b', 't', 'o', 's', 'd', 'a', 'n':
	default:
		return false // (most words, at the cost of one comparison)
	}
	var buf [16]byte
	n := buf[:0]
	for k := 0; k < len(w); k++ {
		n = append(n, lowerByte(w[k]))
	}
	return authSchemes[string(n)]
}

// tokenSchemeBefore tells text s[:k] that ends in the Token scheme and
// blanks ("Token "), or in the scheme and parameters before the token's
// (Token nonce="…", ), on one line of at most maxHeaderName*4 bytes.
func tokenSchemeBefore(s string, k int) bool {
	line := s[max(0, k-4*maxHeaderName):k]
	if nl := strings.LastIndexAny(line, "\r\n"); nl >= 0 {
		line = line[nl+1:]
	}
	for from := len(line); ; {
		p := lastIndexFold(line[:from], "token")
		if p < 0 {
			return false
		}
		from = p
		rest := line[p+len("token"):]
		if p > 0 && isTokChar(line[p-1]) && !afterEscape(line, p) || rest == "" || rest[0] != ' ' && rest[0] != '\t' {
			continue
		}
		if r := rest[skipBlanks(rest, 0):]; r == "" || paramsBefore(r) {
			return true
		}
	}
}

// paramsBefore tells text that is a list of name=value parameters, each
// value quoted or a word, each parameter followed by ',' and blanks:
// what may come between the Token scheme and its token parameter.
func paramsBefore(t string) bool {
	for t != "" {
		n := 0
		for n < len(t) && (isAlnum(t[n]) || t[n] == '_' || t[n] == '-') {
			n++
		}
		if n == 0 || n == len(t) || t[n] != '=' {
			return false
		}
		t = t[n+1:]
		if t != "" && (t[0] == '"' || t[0] == '\'') {
			c := strings.IndexByte(t[1:], t[0])
			if c < 0 {
				return false
			}
			t = t[c+2:]
		} else {
			for t != "" && t[0] != ',' && t[0] != ' ' && t[0] != '\t' {
				t = t[1:]
			}
		}
		if t == "" || t[0] != ',' {
			return false
		}
		t = t[skipBlanks(t, 1):]
	}
	return true
}

// lastIndexFold is the index of the last sub in s, ASCII case ignored
// (sub in lower case), or -1.
func lastIndexFold(s, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if hasFoldPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}

// tokenParam tells the value of Rails' token parameter — Token
// token="abc1", email="…", Token token=abc1 — and of a token parameter
// that starts an Authorization header's value (Authorization:
// token="abc1"), and returns its bounds: its quoted text or the word.
// A Token scheme or an Authorization header introduces the value
// explicitly, so it is a secret whatever its length, where a bare
// "token=3600" is not.
func tokenParam(s string, prevStart int, prev, sep string, i int) (vs, ve int, ok bool) {
	if prevStart < 0 || len(prev) != len("token") || !strings.EqualFold(prev, "token") || sep == "" || sep[0] != '=' {
		return 0, 0, false
	}
	q := sep[1:]
	if q != "" && q != `"` && q != "'" && q != `\"` {
		return 0, 0, false
	}
	if !tokenSchemeBefore(s, prevStart) && !authHeaderBefore(s, prevStart) {
		return 0, 0, false
	}
	if q == "" {
		return i, valueEnd(s, i), true
	}
	c := strings.Index(s[i:], q)
	if c < 0 || strings.IndexAny(s[i:i+c], "\r\n") >= 0 {
		return i, valueEnd(s, i), true
	}
	return i, i + c, true
}

// authCalls are the constructors and setters that take a user and a
// password, as code in a stack trace or an error quotes them: Python
// requests' and httpx's, aiohttp's, Go's SetBasicAuth, Java's and
// Apache HttpClient's.
var authCalls = []string{"HTTPBasicAuth", "HTTPDigestAuth", "HTTPProxyAuth", "BasicAuth", "DigestAuth",
	"SetBasicAuth", "UsernamePasswordCredentials", "PasswordAuthentication"}

// maxAuthUser bounds the user argument authArgSecret looks back over.
const maxAuthUser = 256

// authArgSecret tells the word at s[i] that starts the quoted second
// argument of a user and password pair — auth=('api', '…'),
// session.auth = ("bob", "…"), HTTPBasicAuth('bob', '…'),
// new PasswordAuthentication("bob", "….toCharArray()), Guzzle's 'auth'
// => ['bob', '…'] — and returns where the quoted password ends. A list
// must end after the password (or Guzzle's auth type): a longer one is
// no pair.
func authArgSecret(s string, i int) (int, bool) {
	if i < 6 || s[i-1] != '\'' && s[i-1] != '"' {
		return 0, false
	}
	q := s[i-1]
	k := skipBlanksBack(s, i-1)
	if k == 0 || s[k-1] != ',' {
		return 0, false
	}
	k = skipBlanksBack(s, k-1)
	if k == 0 || s[k-1] != '\'' && s[k-1] != '"' {
		return 0, false
	}
	q1 := s[k-1]
	from := max(0, k-1-maxAuthUser)
	u := strings.LastIndexByte(s[from:k-1], q1)
	if u < 0 {
		return 0, false
	}
	closer, ok := authPairOpen(s, skipBlanksBack(s, from+u))
	if !ok {
		return 0, false
	}
	e := strings.IndexByte(s[i:], q)
	if e <= 0 || standInPassword(s[i:i+e]) {
		return 0, false // ('KEY', 'X'): authKeyArg's, the user is the key
	}
	if closer == ']' && !pairEnds(s[i+e+1:], closer) {
		return 0, false
	}
	return i + e, true
}

// pairEnds tells text r, after a pair's password and its closing quote,
// that closes the pair: blanks, perhaps Guzzle's auth type, and closer.
func pairEnds(r string, closer byte) bool {
	r = r[skipBlanks(r, 0):]
	if r != "" && r[0] == ',' {
		// Guzzle's auth type after the pair: ['KEY', '', 'basic']
		t := r[skipBlanks(r, 1):]
		if t == "" || t[0] != '\'' && t[0] != '"' {
			return false
		}
		c := strings.IndexByte(t[1:], t[0])
		if c < 0 || !guzzleAuthTypes[strings.ToLower(t[1:1+c])] {
			return false
		}
		r = t[skipBlanks(t, c+2):]
	}
	return r != "" && r[0] == closer
}

// authKeyArg tells the word at s[i] that starts the quoted first argument
// of a user and password pair (see authPairOpen) whose password is empty
// or a stand-in, as services that take an API key as the user document
// it: Stripe's auth=("sk_…", ""), Freshdesk's and BambooHR's ('KEY',
// 'X'), Guzzle's 'auth' => ['KEY', 'X'], Toggl's ('TOKEN', 'api_token'). The user is then the credential; it returns
// where its quoted text ends.
func authKeyArg(s string, i int) (int, bool) {
	if i < 2 || s[i-1] != '\'' && s[i-1] != '"' {
		return 0, false
	}
	k := skipBlanksBack(s, i-1)
	closer, ok := authPairOpen(s, k)
	if !ok && k > 0 && s[k-1] == '[' && authKeyBefore(s[:k-1]) {
		// a list as an auth member, {"auth": ["KEY", ""]}: with a stand-in
		// password it is no list of scopes ("petstore_auth": ["write:pets",
		// "read:pets"])
		closer, ok = ']', true
	}
	if !ok {
		return 0, false
	}
	e := strings.IndexByte(s[i:], s[i-1])
	if e < minSecretAround {
		return 0, false
	}
	e += i
	r := s[skipBlanks(s, e+1):]
	if r == "" || r[0] != ',' {
		return 0, false
	}
	r = r[skipBlanks(r, 1):]
	if r == "" || r[0] != '\'' && r[0] != '"' {
		return 0, false
	}
	c := strings.IndexByte(r[1:], r[0])
	if c < 0 || !standInPassword(r[1:1+c]) {
		return 0, false
	}
	return e, pairEnds(r[c+2:], closer)
}

// guzzleAuthTypes may follow the user and password in Guzzle's auth option.
var guzzleAuthTypes = map[string]bool{"basic": true, "digest": true, "ntlm": true}

// authPairOpen tells the '(' or '[' at s[k-1] that opens a user and
// password pair — the arguments of one of authCalls or a tuple assigned
// to auth (auth=(…)), or a PHP list given to an auth option (Guzzle's
// 'auth' => ['KEY', 'X']) — and returns the byte that closes it.
func authPairOpen(s string, k int) (closer byte, ok bool) {
	if k == 0 {
		return 0, false
	}
	before := s[:skipBlanksBack(s, k-1)]
	switch s[k-1] {
	case '(':
		// (also a tuple as a dict's auth member: {'auth': ('KEY', '')})
		return ')', authCallBefore(before) || authKeyBefore(before)
	case '[':
		// PHP's =>: a list after ':' or '=' is more often of scopes
		// ("petstore_auth": ["write:pets", "read:pets"])
		return ']', strings.HasSuffix(before[:skipSpaceBack(before, len(before))], "=>") && authKeyBefore(before)
	}
	return 0, false
}

// maxAuthObject bounds the object authObjectUser reads around a user
// member, each way: an auth object holds a user, a password and a flag or
// two (request's sendImmediately), on one line or one member a line.
const maxAuthObject = 512

// authObjectUser tells a user member, named by the word s[i:j], of an
// object given to an auth option whose password is empty, a stand-in or
// absent, and returns the bounds of the user's quoted value: the user is
// then the API key, as authKeyArg reads it in a tuple. The object is
// written as JavaScript, util.inspect and JSON write it — axios's and
// got's auth: { username: 'sk_…', password: "" }, request's auth: { user:
// 'KEY', pass: 'X' }, "auth":{"username":"KEY","password":""} — or as Ruby
// does: basic_auth: {:username=>"KEY", :password=>""}.
func authObjectUser(s string, i, j int) (vs, ve int, ok bool) {
	for j > i && s[j-1] == '=' {
		j-- // (:username=>: redactWords took the '=' for base64's padding)
	}
	if n := j - i; n != 4 && n != 8 || !strings.EqualFold(s[i:j], "user") && !strings.EqualFold(s[i:j], "username") {
		return 0, 0, false
	}
	vs, ve, quoted := memberValue(s, i, j)
	if !quoted || ve-vs < minSecretAround {
		return 0, 0, false
	}
	// The object around the member: no other object opens or closes in it.
	from := max(0, i-maxAuthObject)
	ob := strings.LastIndexByte(s[from:i], '{')
	if ob < 0 || strings.LastIndexByte(s[from:i], '}') > ob {
		return 0, 0, false
	}
	ob += from
	cb := strings.IndexByte(s[ve:min(len(s), ve+maxAuthObject)], '}')
	if cb < 0 || strings.IndexByte(s[ve:ve+cb], '{') >= 0 {
		return 0, 0, false
	}
	cb += ve
	if !authKeyBefore(s[:ob]) {
		return 0, 0, false
	}
	// Its password member, if any: a stand-in, or a placeholder (password:
	// undefined); any other value, quoted or not, is a password.
	for k := ob + 1; k < cb; {
		ws, we := nextWord(s, k)
		if we > cb {
			break
		}
		k = we
		if (strings.EqualFold(s[ws:we], "password") || strings.EqualFold(s[ws:we], "pass")) && isMemberKey(s, ob, ws) {
			ps, pe, q := memberValue(s, ws, we)
			if pe < 0 {
				continue // "pass" as a word inside a value
			}
			if q && !standInPassword(s[ps:pe]) || !q && !isPlaceholder(s[ps:pe]) {
				return 0, 0, false
			}
			k = pe
		}
	}
	return vs, ve, true
}

// isMemberKey tells a word at s[ws] that starts a member of the object
// opened at s[ob]: after the '{' or a ',', blanks, line breaks, and a
// quote or Ruby's ':' of a symbol.
func isMemberKey(s string, ob, ws int) bool {
	k := ws
	if k > ob && (s[k-1] == '"' || s[k-1] == '\'' || s[k-1] == ':') {
		k--
	}
	if k > ob && s[k-1] == '\\' {
		k-- // JSON in JSON: {\"password\":…}
	}
	for k > ob && (s[k-1] == ' ' || s[k-1] == '\t' || s[k-1] == '\n' || s[k-1] == '\r') {
		k--
	}
	return k > ob && (s[k-1] == '{' || s[k-1] == ',')
}

// memberValue reads the value of the member whose key is the word s[i:j]
// — key: 'v', "key":"v", key => "v", :key=>"v", key = "v", {\"key\":\"v\"}
// — and returns its bounds, and whether it was quoted (its quotes left
// out); ve is -1 when no value follows. An unquoted value is a word.
func memberValue(s string, i, j int) (vs, ve int, quoted bool) {
	k := j
	switch {
	case i > 1 && s[i-2:i] == `\"` && strings.HasPrefix(s[k:], `\"`):
		k += 2
	case i > 0 && (s[i-1] == '"' || s[i-1] == '\'') && k < len(s) && s[k] == s[i-1]:
		k++
	}
	k = skipBlanks(s, k)
	switch {
	case strings.HasPrefix(s[k:], "=>"):
		k += 2
	case k < len(s) && (s[k] == ':' && !strings.HasPrefix(s[k:], "::") || s[k] == '=' && !strings.HasPrefix(s[k:], "==")):
		k++
	default:
		return 0, -1, false
	}
	vs = skipBlanks(s, k)
	q := openingQuote(s, vs)
	if q == "" {
		return vs, valueEnd(s, vs), false
	}
	vs += len(q)
	c := strings.Index(s[vs:min(len(s), vs+maxAuthUser)], q)
	if c < 0 || strings.IndexAny(s[vs:vs+c], "\r\n") >= 0 {
		return 0, -1, false
	}
	return vs, vs + c, true
}

// authKeyBefore tells text that ends in the key of an auth option and
// its separator, as an object literal, JSON, Ruby or an assignment write
// it: auth: , "auth":, basic_auth=>, :basicAuth =>, auth = , \"auth\":.
func authKeyBefore(before string) bool {
	t, ok := cutKeySep(before[:skipSpaceBack(before, len(before))])
	if !ok {
		return false
	}
	t = strings.TrimRight(t[:skipBlanksBack(t, len(t))], `"'\`)
	return isAuthKey(t)
}

// cutKeySep cuts the separator between a key and its value, "=>", ':' or
// '=', off the end of t, and reports whether t ended in one.
func cutKeySep(t string) (string, bool) {
	switch {
	case strings.HasSuffix(t, "=>"):
		return t[:len(t)-2], true
	case strings.HasSuffix(t, ":") || strings.HasSuffix(t, "="):
		return t[:len(t)-1], true
	}
	return t, false
}

// isAuthKey tells text that ends in the name of an auth option: auth,
// basic_auth, http-auth, basicAuth, proxyAuth — not oauth or OAuth.
func isAuthKey(t string) bool {
	if !hasFoldSuffix(t, "auth") {
		return false
	}
	if len(t) == 4 {
		return true
	}
	c := t[len(t)-5]
	if t[len(t)-4] == 'A' {
		return !('A' <= c && c <= 'Z') // camelCase basicAuth, not OAuth
	}
	return !isAlnum(c)
}

// skipSpaceBack returns k moved back over blanks and line breaks before s[k].
func skipSpaceBack(s string, k int) int {
	for k > 0 && (s[k-1] == ' ' || s[k-1] == '\t' || s[k-1] == '\n' || s[k-1] == '\r') {
		k--
	}
	return k
}

// passwordCalls are the functions and methods that take a password as a
// positional argument, with its index, as PHP stack traces print them
// (with their arguments unless zend.exception_ignore_args is on) and
// errors quote code: PDO's and mysqli's constructors, Laravel's
// connector, ldap_bind, Redis->auth, JDBC's DriverManager.
var passwordCalls = []struct {
	name string
	arg  int
}{
	{"PDO->__construct", 2}, {"PDO::__construct", 2}, {"new PDO", 2}, {"PDOConnection->__construct", 2},
	{"->createPdoConnection", 2}, {"->createConnection", 2}, {"->tryAgainIfCausedByLostConnection", 3},
	{"mysqli->__construct", 2}, {"new mysqli", 2}, {"mysqli->connect", 2}, {"mysqli->real_connect", 2},
	{"mysqli_connect", 2}, {"mysqli_real_connect", 3}, {"mysql_connect", 2}, {"mysql_pconnect", 2},
	{"ldap_bind", 2}, {"ftp_login", 2}, {"imap_open", 2}, {"ssh2_auth_password", 2},
	{"oci_connect", 1}, {"oci_pconnect", 1}, {"oci_new_connect", 1},
	{"Redis->auth", 0}, {"RedisCluster->auth", 0}, {"DriverManager.getConnection", 2}, {"MySQLdb.connect", 2},
}

// maxCallArgs bounds the text callPasswordArg reads for a call's
// arguments: PHP cuts each string argument to 15 characters, and a line
// of quoted code is shorter than this.
const maxCallArgs = 1024

// callPasswordArg tells a '(' at s[j] that opens the arguments of one of
// passwordCalls, and returns the bounds of its password argument when it
// is quoted (PHP cuts a long one to "'VeryLongPasswo...'": its text inside
// the quotes goes all the same).
func callPasswordArg(s string, j int) (vs, ve int, ok bool) {
	if j >= len(s) || s[j] != '(' {
		return 0, 0, false
	}
	before := s[:skipBlanksBack(s, j)]
	n := -1
	for _, c := range passwordCalls {
		if strings.HasSuffix(before, c.name) && (len(before) == len(c.name) || c.name[0] == '-' || !isAlnum(before[len(before)-len(c.name)-1])) {
			n = c.arg
			break
		}
	}
	if n < 0 {
		return 0, 0, false
	}
	end := min(len(s), j+1+maxCallArgs)
	if nl := strings.IndexByte(s[j+1:end], '\n'); nl >= 0 {
		end = j + 1 + nl
	}
	for k, arg := j+1, 0; k < end; arg++ {
		k = skipBlanks(s, k)
		if k >= end {
			break
		}
		var e int
		if q := s[k]; q == '\'' || q == '"' {
			c := strings.IndexByte(s[k+1:end], q)
			if c < 0 {
				break
			}
			if arg == n {
				return k + 1, k + 1 + c, c > 0
			}
			e = k + 2 + c
		} else {
			if arg == n {
				break // a variable or an object, not a password
			}
			depth := 0 // Object(PDOException), Array, NULL
			for e = k; e < end && (depth > 0 || s[e] != ',' && s[e] != ')'); e++ {
				switch s[e] {
				case '(':
					depth++
				case ')':
					depth--
				}
			}
		}
		e = skipBlanks(s, e)
		if e >= end || s[e] != ',' {
			break
		}
		k = e + 1
	}
	return 0, 0, false
}

// cellSecret tells a secret's name s[i:j] alone in an HTML table cell
// and returns the bounds of the value in the next cell, as debug pages
// list settings, variables and the environment: Django's
// <td>DATABASE_PASSWORD</td><td class="code"><pre>&#39;…&#39;</pre></td>,
// phpinfo()'s <td class="e">DB_PASSWORD </td><td class="v">…</td>,
// Whoops' <td>DB_PASSWORD</td><td><pre class=sf-dump><span …>…</span>.
// The value's quotes, written or as entities, stay; Django's mask of
// asterisks is kept as written.
func cellSecret(s string, i, j int) (vs, ve int, ok bool) {
	b := skipBlanksBack(s, i)
	if b == 0 || j >= len(s) || s[b-1] != '>' {
		return 0, 0, false
	}
	k := skipBlanks(s, j)
	if !hasFoldPrefix(s[k:], "</td>") && !hasFoldPrefix(s[k:], "</th>") || !IsSecretName(s[i:j]) {
		return 0, 0, false
	}
	open := s[max(0, b-maxCellTag):b]
	lt := strings.LastIndexByte(open, '<')
	if lt < 0 || !hasFoldPrefix(open[lt:], "<td") && !hasFoldPrefix(open[lt:], "<th") || len(open) > lt+3 && open[lt+3] != '>' && open[lt+3] != ' ' {
		return 0, 0, false
	}
	k = skipSpace(s, k+len("</td>"))
	if !hasFoldPrefix(s[k:], "<td") {
		return 0, 0, false
	}
	// Past the cell's tag and the tags opened in it (<pre>, <code>, <span …>).
	for n := 0; n < maxCellTags && k < len(s) && s[k] == '<' && k+1 < len(s) && s[k+1] != '/'; n++ {
		gt := strings.IndexByte(s[k:min(len(s), k+maxCellTag)], '>')
		if gt < 0 {
			return 0, 0, false
		}
		k = skipSpace(s, k+gt+1)
	}
	vs = k
	ve = vs + strings.IndexByte(s[vs:], '<')
	if ve < vs {
		ve = len(s)
	}
	for ve > vs && (s[ve-1] == ' ' || s[ve-1] == '\t' || s[ve-1] == '\n' || s[ve-1] == '\r') {
		ve--
	}
	// 'x', b'x', &#39;x&#39;, &#x27;x&#x27;, &quot;x&quot;: the text inside.
	if ve-vs >= 2 && s[vs] == 'b' && (s[vs+1] == '\'' || s[vs+1] == '"' || s[vs+1] == '&') {
		vs++
	}
	for _, q := range []string{"'", `"`, "&#39;", "&#x27;", "&quot;"} {
		if ve-vs >= 2*len(q) && strings.HasPrefix(s[vs:ve], q) && strings.HasSuffix(s[vs:ve], q) {
			vs, ve = vs+len(q), ve-len(q)
			break
		}
	}
	if ve == vs || strings.Trim(s[vs:ve], "*") == "" {
		return 0, 0, false
	}
	return vs, ve, true
}

// phpDumpValue tells a secret's name s[i:j] as PHP's print_r and
// var_dump print an array key — [password] => hunter2, ["password"]=>
// string(7) "hunter2" — and returns the bounds of its value: to the end
// of the line for print_r, the quoted string for var_dump. A nested
// Array or object is left to its own keys.
func phpDumpValue(s string, i, j int) (vs, ve int, ok bool) {
	k := j
	if i > 1 && s[i-1] == '"' && s[i-2] == '[' && k+1 < len(s) && s[k] == '"' {
		k++ // var_dump: ["password"]
	} else if i == 0 || s[i-1] != '[' {
		return 0, 0, false
	}
	k += phpVisibility(s[k:]) // an object's property: ["password":protected]
	if k+3 >= len(s) || s[k] != ']' || !IsSecretName(s[i:j]) {
		return 0, 0, false
	}
	k = skipBlanks(s, k+1)
	if !strings.HasPrefix(s[k:], "=>") {
		return 0, 0, false
	}
	k += 2
	if r := skipSpace(s, k); strings.HasPrefix(s[r:], "string(") {
		// var_dump: string(LEN) "…", read by its length
		n := r + len("string(")
		p := n + portLen(s[n:])
		if p == n || !strings.HasPrefix(s[p:], `) "`) {
			return 0, 0, false
		}
		vs = p + len(`) "`)
		if l, err := strconv.Atoi(s[n:p]); err == nil && l < len(s)-vs && s[vs+l] == '"' {
			// var_dump does not escape: a quote may be inside ("ab"cd")
			return vs, vs + l, l > 0
		}
		ve = vs + strings.IndexByte(s[vs:], '"')
		if ve < vs {
			return 0, 0, false
		}
		return vs, ve, ve > vs
	}
	vs = skipBlanks(s, k)
	ve = vs
	for ve < len(s) && s[ve] != '\n' && s[ve] != '\r' && !(s[ve] == ' ' && phpKeyAt(s, ve+1)) {
		ve++ // (on one line, as an HTML page shows print_r, to the next key)
	}
	for ve > vs && (s[ve-1] == ' ' || s[ve-1] == '\t') {
		ve--
	}
	v := s[vs:ve]
	if v == "" || v == "Array" || strings.HasPrefix(v, "Array (") || strings.HasPrefix(v, "array(") || strings.HasSuffix(v, " Object") {
		return 0, 0, false
	}
	return vs, ve, true
}

// phpKeyAt tells a key of print_r at s[k]: "[name] =>".
func phpKeyAt(s string, k int) bool {
	if k >= len(s) || s[k] != '[' {
		return false
	}
	e := strings.IndexByte(s[k:min(len(s), k+maxPHPKey)], ']')
	return e > 1 && strings.HasPrefix(s[k+e+1:], " =>") && strings.IndexByte(s[k+1:k+e], ' ') < 0
}

// pemKeyLine ends the line that opens a PEM private key after its kind
// ("-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----"),
// and pgpKeyLine an OpenPGP armored one ("-----BEGIN PGP PRIVATE KEY
// BLOCK-----"), whose armor headers and checksum go with the body.
const (
	pemKeyLine = " PRIVATE KEY-----"
	pgpKeyLine = " PRIVATE KEY BLOCK-----"
)

// maxPEMKind bounds the kind read between BEGIN and PRIVATE KEY.
const maxPEMKind = 16

// pemBody tells the word "-----BEGIN" at s[i:j] that opens a PEM private
// key and returns the bounds of its base64 body, line breaks (written or
// escaped) around it left out: up to the "-----END" line, or, when that
// was cut off, to the end of the base64 (see pemRunEnd). The body's lines
// are no words to judge one by one: a short last line, or one without a
// digit, leaked.
func pemBody(s string, i, j int) (vs, ve int, ok bool) {
	if j-i != len("-----BEGIN") || s[i:j] != "-----BEGIN" {
		return 0, 0, false
	}
	head := s[j:min(len(s), j+maxPEMKind+len(pgpKeyLine))]
	k, line := strings.Index(head, pemKeyLine), pemKeyLine
	if k < 0 {
		k, line = strings.Index(head, pgpKeyLine), pgpKeyLine
	}
	if k < 0 || k > maxPEMKind {
		return 0, 0, false
	}
	vs = j + k + len(line)
	ve = pemRunEnd(s, vs)
	if e := strings.Index(s[vs:], "-----END"); e >= 0 {
		ve = vs + e
	}
	for {
		switch {
		case vs < ve && (s[vs] == '\n' || s[vs] == '\r' || s[vs] == ' ' || s[vs] == '\t'):
			vs++
		case ve-vs >= 2 && s[vs] == '\\' && (s[vs+1] == 'n' || s[vs+1] == 'r'):
			vs += 2
		case ve > vs && (s[ve-1] == '\n' || s[ve-1] == '\r' || s[ve-1] == ' ' || s[ve-1] == '\t'):
			ve--
		case ve-vs >= 2 && s[ve-2] == '\\' && (s[ve-1] == 'n' || s[ve-1] == 'r'):
			ve -= 2
		default:
			return vs, ve, ve > vs
		}
	}
}

// minPEMRun: a line that starts with this many base64 characters and
// then holds others ("MIIEow…AAKC…[truncated]") ends a key's body with
// them; a shorter start is a word of the text after the key.
const minPEMRun = 16

// pemRunEnd returns where the body of a PEM or OpenPGP key that starts at
// s[vs] and has no END line ends: after its armor headers (Proc-Type:,
// DEK-Info:, Version:) and the blank line after them, the lines of base64
// (broken as written or escaped, "\n" in JSON), to the first blank line
// or line that is not base64 — with its first minPEMRun characters or
// more when they are, or its base64 before a quote that ends the string —
// or the text's end. A body written on the BEGIN
// line with blanks for line breaks, as an environment variable shows it,
// ends after its first chunk shorter than the first: the last. The text
// after a key whose END was cut off stays readable.
func pemRunEnd(s string, vs int) int {
	k := vs
	spaced := k < len(s) && (s[k] == ' ' || s[k] == '\t')
	if spaced {
		k = skipBlanks(s, k)
	} else {
		k += lineBreakLen(s, k, false)
	}
	body, header, width := false, !spaced, 0
	for k < len(s) {
		e := k // the line s[k:e]: base64 (\/ is JSON's escaped '/')
		for e < len(s) && (isAlnum(s[e]) || s[e] == '+' || s[e] == '/' || s[e] == '=' || s[e] == '\\' && e+1 < len(s) && s[e+1] == '/') {
			if s[e] == '\\' {
				e++
			}
			e++
		}
		n := lineBreakLen(s, e, spaced)
		switch {
		case e == k && n > 0: // a blank line
			if body || spaced {
				return k
			}
			header = false
		case n > 0 || e == len(s): // a line of base64
			if spaced && width > 0 && e-k < width {
				return e // the last chunk
			}
			if width == 0 {
				width = e - k
			}
			body, header = true, false
		case header && !body && (s[e] == ':' || s[e] == '-'): // an armor header: Proc-Type: 4,ENCRYPTED
			for e < len(s) && lineBreakLen(s, e, false) == 0 {
				e++
			}
			n = lineBreakLen(s, e, false)
		case e-k >= minPEMRun || s[e] == '"' || s[e] == '\'' || strings.HasPrefix(s[e:], `\"`):
			return e // (a quote ends the string the key was in)
		default:
			return k
		}
		k = e + n
	}
	return k
}

// lineBreakLen is the length of the line break, written or escaped
// ("\n", "\r\n"), at s[k], or with spaced of a blank; 0 when there is
// none.
func lineBreakLen(s string, k int, spaced bool) int {
	switch {
	case k >= len(s):
		return 0
	case spaced && s[k] == ' ':
		return 1
	case s[k] == '\n':
		return 1
	case s[k] == '\r':
		if k+1 < len(s) && s[k+1] == '\n' {
			return 2
		}
		return 1
	case s[k] == '\\' && k+1 < len(s) && s[k+1] == 'n':
		return 2
	case s[k] == '\\' && k+1 < len(s) && s[k+1] == 'r':
		if strings.HasPrefix(s[k+2:], `\n`) {
			return 4
		}
		return 2
	}
	return 0
}

// Bounds of cellSecret: the length of one tag, and how many tags may
// open a cell before its text.
const (
	maxCellTag  = 256
	maxCellTags = 4
)

// skipSpace skips blanks and line breaks from i.
func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// hasFoldPrefix tells s starting with prefix, ASCII case ignored;
// prefix is lower case.
func hasFoldPrefix(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lowerByte(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// standInPassword tells the password given with an API key sent as the
// user: none, one character ("X"), or the word "api_token" (Toggl).
func standInPassword(pw string) bool {
	return len(pw) <= 1 || pw == "api_token"
}

// authCallBefore tells text that ends in one of authCalls, or in an
// assignment to auth (auth=, session.auth =).
func authCallBefore(before string) bool {
	for _, c := range authCalls {
		if strings.HasSuffix(before, c) {
			return true
		}
	}
	t, ok := strings.CutSuffix(before, "=")
	if !ok {
		return false
	}
	t = t[:skipBlanksBack(t, len(t))]
	if !hasFoldSuffix(t, "auth") {
		return false
	}
	// auth=, session.auth =, basic_auth=, http_auth= (not oauth=)
	return len(t) == 4 || !isLetter(t[len(t)-5]) && !('0' <= t[len(t)-5] && t[len(t)-5] <= '9')
}

// skipBlanksBack returns k moved back over spaces and tabs before s[k].
func skipBlanksBack(s string, k int) int {
	for k > 0 && (s[k-1] == ' ' || s[k-1] == '\t') {
		k--
	}
	return k
}

// cliPasswordFlags are the command-line options whose argument is a
// password (or user:password, userPass), each with the command it belongs
// to: the command must be on the line, so "sort -u a:b" stays.
var cliPasswordFlags = []struct {
	flag, cmd string
	userPass  bool
}{
	{"-u", "curl", true}, {"--user", "curl", true},
	{"-a", "http", true}, {"-a", "https", true}, {"--auth", "http", true}, {"--auth", "https", true}, // httpie
	{"-p", "docker", false}, {"-p", "podman", false}, {"-p", "sshpass", false},
	{"-a", "redis-cli", false}, {"-P", "sqlcmd", false},
}

// mysqlCommands take a password attached to -p (mysql -pSECRET).
var mysqlCommands = []string{"mysql", "mysqldump", "mysqladmin", "mariadb"}

// commandWindow bounds how far back onCommandLine looks for the command.
const commandWindow = 256

// onCommandLine tells whether the line holding s[k] runs one of cmds, as
// a word, before k (curl as before: anywhere in the line). The line is
// cut at the last ';', '|' or '&' before k: the command that holds k.
func onCommandLine(s string, k int, cmds ...string) bool {
	line := s[max(0, k-commandWindow):k]
	if n := strings.LastIndexAny(line, "\n;|&"); n >= 0 {
		line = line[n+1:]
	}
	for _, cmd := range cmds {
		if cmd == "curl" {
			if indexFold(line, "curl") >= 0 {
				return true
			}
			continue
		}
		for from := 0; ; {
			m := indexFold(line[from:], cmd)
			if m < 0 {
				break
			}
			m += from
			if e := m + len(cmd); (m == 0 || strings.IndexByte(" \t;|&(`'\":", line[m-1]) >= 0) && e < len(line) && line[e] == ' ' {
				return true
			}
			from = m + 1
		}
	}
	return false
}

// nameBefore returns the bounds of the word that ends at s[:k].
func nameBefore(s string, k int) (int, int) {
	i := k
	for i > 0 && isTokChar(s[i-1]) {
		i--
	}
	return i, k
}

// isDateLike tells a word starting with a date (2026-03-04T10): evidence,
// not a credential.
func isDateLike(w string) bool {
	return len(w) >= 10 && isDigits(w[:4]) && w[4] == '-' && isDigits(w[5:7]) && w[7] == '-'
}

// listPair tells the separator between two quoted items of a list,
// ('x-api-key', '…') or [ 'x-api-key', '…' ]: how gRPC metadata and
// Node's rawHeaders give a header's name and value.
func listPair(sep string) bool {
	if len(sep) < 3 || sep[0] != '\'' && sep[0] != '"' || sep[len(sep)-1] != sep[0] {
		return false
	}
	return strings.Trim(sep[1:len(sep)-1], " \t") == ","
}

// principalKinds name what follows them in "kind:name@domain", as IAM
// members and URIs write it (serviceAccount:sync@acme.iam…,
// mailto:ops@…): no user:password.
var principalKinds = map[string]bool{"mailto": true, "acct": true, "user": true, "serviceaccount": true,
	"group": true, "domain": true, "principal": true, "deleted": true, "sip": true, "sips": true,
	"xmpp": true, "email": true, "member": true, "owner": true}

// redactUserinfo redacts "user:password@host" written without a scheme
// ("proxy auth bob:hunter2@proxy failed").
func redactUserinfo(s string) string {
	var b []byte
	last := 0
	for a := 0; a < len(s); a++ {
		if s[a] != '@' {
			continue
		}
		start := a
		for start > 0 && !isValueEnd(s[start-1]) && !strings.ContainsRune("@{([", rune(s[start-1])) {
			start--
		}
		w := s[start:a]
		c := strings.IndexByte(w, ':')
		if c <= 0 || c == len(w)-1 || strings.Contains(w, "//") || strings.HasPrefix(w, redactedPrefix) || strings.HasPrefix(w, ":censored:") ||
			principalKinds[strings.ToLower(w[:c])] {
			continue
		}
		b = append(b, s[last:start]...)
		b = append(b, redactValue(w)...)
		last = a
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

// secretWord decides whether w, after word prev and separator sep, is a
// secret; named says a key or an auth scheme introduced it.
func secretWord(prev, sep, w, after string) (secret, named bool) {
	if isJWT(w) {
		return true, false // a JWT, or a JWE (five parts)
	}
	if hasKeyPrefix(w) {
		return true, false
	}
	if w == "redacted" || prev == "censored" || (prev == "redacted" || strings.HasSuffix(prev, "/redacted")) && sep == ":" && afterFingerprint(w) {
		return false, false
	}
	if isLineBreakAfter(sep) && credentialShaped(w) && (authSchemes[strings.ToLower(prev)] || isTextSecretKey(prev)) {
		// "Bearer\n<token>", "access_token=\n<token>": a value logged on
		// the next line, taken only when it looks like a credential (the
		// next line is as often a header or an error code).
		return true, false
	}
	if len(w) >= schemeMinLen && introduces(sep, false) {
		switch strings.ToLower(prev) {
		case "bearer", "basic", "digest", "negotiate", "sapisidhash", "apikey":
			return true, true
		case "token", "oauth":
			// "token ghp_16C7e4…", but not "the access token provided is".
			if hasLetterAndDigit(w) || len(w) >= 20 {
				return true, true
			}
		}
	}
	if len(w) >= 4 && (isTextSecretKey(prev) || tightPair(sep) && IsSecretName(prev) && (hasLetterAndDigit(w) || len(w) >= proseTokenMinLen)) && !authSchemes[strings.ToLower(w)] && !strings.HasPrefix(w, "//") { // (not a scheme://)
		if assigns(sep) { // key=v, "key": "v", <key>v</key>, map[Key:[v]], key => v
			if describesField(sep, w, after) {
				return false, false // "Cookie: header is missing", "api_key: missing"
			}
			if w == "array" && strings.HasPrefix(after, " (") && strings.HasSuffix(strings.TrimRight(sep, " \t\r\n"), "=>") {
				return false, false // var_export's 'api_key' => array (…): its items are exportListItem's
			}
			key := strings.ToLower(prev)
			if key == "code" && (strings.Contains(sep, `"`) || sep == ">") {
				// "code": in JSON and <Code> in XML are error codes (Graph,
				// Zoom, S3), secret only when they look opaque, like any
				// other word.
				return isOpaque(w), false
			}
			if key == "code" && (isDigits(w) || len(w) < 12 || isErrorCode(w)) ||
				key == "token" && (isDigits(w) || len(w) < 12 && !(len(w) >= mixedTokenMinLen && hasMixedCaseDigit(w))) {
				return false, false
			}
			return true, true
		}
		if introduces(sep, false) && len(w) >= schemeMinLen && hasLetterAndDigit(w) && isIdentifier(prev) {
			// "invalid refresh_token 1//0gLr…", but not after an English
			// word: "error code AADSTS70008", "assertion 2026-03-04T…"
			return true, true
		}
	}
	if len(w) >= mixedMinLen && introduces(sep, false) && IsSecretName(prev) && !strings.EqualFold(prev, "code") && hasMixedCaseDigit(w) && (randomish(w) || len(w) >= proseTokenMinLen) {
		// "the client secret Xk9…", "Session LEAKs3ss01abcdEF is expired":
		// after a secret's name, even an English one, a word that mixes
		// upper case, lower case and digits.
		return true, false
	}
	if listPair(sep) && len(w) >= 4 && IsSecretName(prev) && hasLetterAndDigit(w) && !IsSecretName(w) {
		return true, true // ('x-api-key', '…')
	}
	return isOpaque(w), false
}

// descWords begin a description of a field, not its value, after the
// field's name and a ':' ("Cookie: header is missing", "api_key: missing",
// "password: must be at least 8 characters", {"password":["This field is
// required."]}). A secret that is one of these words is no secret worth
// the name; after a '=' (logfmt's password=missing) they are still cut.
var descWords = map[string]bool{"header": true, "headers": true, "field": true, "parameter": true,
	"param": true, "value": true, "missing": true, "required": true, "empty": true, "absent": true,
	"invalid": true, "incorrect": true, "wrong": true, "expired": true, "revoked": true, "rejected": true,
	"malformed": true, "must": true, "should": true, "cannot": true, "not": true, "is": true, "was": true,
	"are": true, "too": true, "this": true, "the": true, "your": true, "please": true, "ensure": true,
	"enter": true, "does": true, "did": true, "has": true, "have": true, "no": true, "provided": true}

// describesField tells a word w that, after a secret's name and sep,
// starts a description: sep holds a ':' and no '=', and w is one of
// descWords in any case. When sep opens a quoted value outside a list,
// w must be all of it (after, the text after w, closes the quote):
// {"client_secret": "invalid horse"} and ?q={"client_secret":"must"} are
// values, {"api_key":"missing"} is not.
func describesField(sep, w, after string) bool {
	if len(w) > len("parameter") || strings.IndexByte(sep, ':') < 0 || strings.IndexByte(sep, '=') >= 0 {
		return false
	}
	if q := sep[len(sep)-1:]; (q == `"` || q == "'") && strings.IndexByte(sep, '[') < 0 {
		if strings.HasSuffix(sep, `\`+q) {
			q = `\` + q
		}
		if !strings.HasPrefix(after, q) {
			return false
		}
	}
	var buf [16]byte
	n := buf[:0]
	for i := 0; i < len(w); i++ {
		n = append(n, lowerByte(w[i]))
	}
	return descWords[string(n)]
}

// mixedTokenMinLen: after "token:" or "token=", a word this long that
// mixes upper case, lower case and digits is the token even when short
// ("token: abcZx9Qk2"); other short words are states ("token: expired").
const mixedTokenMinLen = 8

// proseTokenMinLen: after a secret's name in prose, a mixed word this long
// is taken even when its case changes seldom; shorter ones must look
// random ("signature SHA256withRSA" is an algorithm).
const proseTokenMinLen = 16

// mixedMinLen: after a secret's name in prose, a word this long mixing
// upper case, lower case and digits is the secret (ids that follow such
// names — "session 12345", "key id" — are digits or one case).
const mixedMinLen = 12

// hasMixedCaseDigit tells a word holding upper case, lower case and digits.
func hasMixedCaseDigit(w string) bool {
	var u, l, d bool
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case 'a' <= c && c <= 'z':
			l = true
		case 'A' <= c && c <= 'Z':
			u = true
		case '0' <= c && c <= '9':
			d = true
		}
	}
	return u && l && d
}

// assigns tells the text between a key and its value: '=' or ':' (or '=>'
// '->'), in quotes, brackets or parentheses as logs print them
// ("key": "v", key='v', map[Key:[v]], key=[v], key=(v), key => v), or the
// '>' of an XML element.
func assigns(sep string) bool {
	if sep == ">" {
		return true
	}
	switch strings.Trim(sep, "\"' \t[({") {
	case "=", ":", "=>", "->":
		return true
	}
	return false
}

// minPadded: a word this long followed by '=' and no more word may be
// base64 with its padding; a shorter one is a key (value="…").
const minPadded = 8

// pairNameWindow bounds how far back pairNamesSecret looks for the name.
const pairNameWindow = 256

// pairNamesSecret tells whether the object or tag that before ends inside
// ({"name":"…", <add key="…") names a secret in its name, key, field,
// type, label or id member (fieldName and ParameterKey end in name and
// key), read from at most pairNameWindow bytes back.
func pairNamesSecret(before string) bool {
	w := before[max(0, len(before)-pairNameWindow):]
	k := strings.LastIndexAny(w, "{<")
	if k < 0 {
		return false
	}
	w = w[k:]
	for _, member := range []string{"name", "key", "field", "type", "label", "id"} {
		for i := 0; ; {
			m := indexFold(w[i:], member)
			if m < 0 {
				break
			}
			i += m + len(member)
			rest := strings.TrimLeft(w[i:], `"' `)
			if rest == "" || rest[0] != ':' && rest[0] != '=' {
				continue
			}
			rest = strings.TrimLeft(rest[1:], " ")
			if rest == "" || rest[0] != '"' && rest[0] != '\'' {
				continue
			}
			if e := strings.IndexByte(rest[1:], rest[0]); e > 0 && IsSecretName(rest[1:1+e]) {
				return true
			}
		}
	}
	return false
}

// identifiedBy tells the BY of SQL's "IDENTIFIED BY '<password>'".
func identifiedBy(s string, prevStart int, prev string) bool {
	return strings.EqualFold(prev, "by") && prevStart > 0 && hasFoldSuffix(strings.TrimRight(s[:prevStart], " \t"), "identified")
}

// tightPair tells a separator that can only join a key to its value —
// '=' with nothing around it (session=…&user=…) or a quoted JSON key's
// '":"' — so even a name that is also an English word (key, auth,
// session) names a secret there.
func tightPair(sep string) bool {
	return sep == "=" || strings.HasPrefix(sep, `"`) && strings.Trim(sep, `" `) == ":" || jsPair(sep)
}

// jsPair tells the separator of an unquoted key and its quoted value, as
// JavaScript and Ruby object literals write them ({ pass: 'x' }, {password:
// "x"}): ':' right after the key, then blanks and a quote ("Pass: true"
// has no quote).
func jsPair(sep string) bool {
	if len(sep) < 2 || sep[0] != ':' {
		return false
	}
	i := skipBlanks(sep, 1)
	return i == len(sep)-1 && (sep[i] == '\'' || sep[i] == '"')
}

// isLineBreakAfter tells a separator that ends a line, after blanks and at
// most one ':' or '=': the value is on the next line.
func isLineBreakAfter(sep string) bool {
	i := skipBlanks(sep, 0)
	if i < len(sep) && (sep[i] == ':' || sep[i] == '=') {
		i = skipBlanks(sep, i+1)
	}
	if i == len(sep) || sep[i] != '\r' && sep[i] != '\n' {
		return false
	}
	for ; i < len(sep); i++ {
		if c := sep[i]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// credentialShaped tells a word shaped like a credential whatever names
// it: a JWT, a known key, a long opaque token, or a mix of upper case,
// lower case and digits.
func credentialShaped(w string) bool {
	return isJWT(w) || hasKeyPrefix(w) || isOpaque(w) || len(w) >= mixedMinLen && hasMixedCaseDigit(w)
}

// isOpaque tells a word long and mixed enough to be a credential whatever
// names it.
func isOpaque(w string) bool {
	if len(w) < opaqueMinLen || !hasLetterAndDigit(w) || strings.Count(w, ".") > 3 {
		return false
	}
	// A path has slashes too; base64 has them anywhere, with '+' or '='
	// padding or a random mix of cases and digits.
	return strings.Count(w, "/") <= 2 || !strings.HasPrefix(w, "/") && !strings.Contains(w, "//") &&
		(strings.ContainsRune(w, '+') || strings.HasSuffix(w, "=") || hasMixedCaseDigit(w) && randomish(w))
}

// keyQualifier tells whether the text before "key" ends with a word that
// makes it a credential: api, access, secret, private, license.
func keyQualifier(before string) bool {
	t := strings.ToLower(strings.TrimRight(before, " \t-_"))
	for _, q := range []string{"api", "access", "secret", "private", "license", "signing", "session"} {
		if strings.HasSuffix(t, q) {
			return true
		}
	}
	return false
}

// isIdentifier tells a name written as code, not as a word: snake_case,
// kebab-case or camelCase (refresh_token, client-secret, apiKey).
func isIdentifier(w string) bool {
	for i := 1; i < len(w); i++ {
		if c := w[i]; c == '_' || c == '-' || 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

// passwordWords introduce a password in prose without '=' or ':'.
var passwordWords = map[string]bool{"password": true, "passwd": true, "passphrase": true, "pwd": true}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// isValueEnd tells the bytes that end a value in free text.
func isValueEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '&', ',', ';', '}', ')', ']', '<', '>', '\\':
		return true
	}
	return false
}

// isTextSecretKey tells a word of free text that names a secret when a
// '=' or ':' follows it: a secret name that is not also a common word.
func isTextSecretKey(k string) bool {
	return IsSecretName(k) && !proseWords[strings.ToLower(k)]
}

// introduces tells the text between a word that names a secret and the
// secret: spaces, then at most one opening quote ("token 'abc…'"); with
// assign also a ':' or '=' before the quote ("API key: 3f9a…", "api
// key=3f9a…").
func introduces(sep string, assign bool) bool {
	i := skipBlanks(sep, 0)
	if assign && i < len(sep) && (sep[i] == ':' || sep[i] == '=') {
		i = skipBlanks(sep, i+1)
	}
	if i > 0 && i < len(sep) && (sep[i] == '\'' || sep[i] == '"' || sep[i] == '`') {
		i++
	}
	return i > 0 && i == len(sep)
}

// skipBlanks skips spaces, tabs and no-break spaces (U+00A0) from i.
func skipBlanks(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t':
			i++
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0xa0:
			i += 2
		default:
			return i
		}
	}
	return i
}

// keyPrefixes begin credentials whose issuers mark them so (and secret
// scanners know them): Stripe, Slack, GitHub, GitLab, Google, Shopify,
// Square, npm, PyPI, Hugging Face, OpenAI-style sk- keys.
var keyPrefixes = []string{"sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "xoxb-", "xoxp-", "xoxa-",
	"xoxr-", "xoxs-", "xapp-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "ya29.",
	"1//0", "AIza", "shpat_", "shpss_", "shpca_", "shppa_", "sq0atp-", "sq0csp-", "EAAG", "npm_", "pypi-",
	"hf_", "sk-proj-", "sk-ant-"}

// hasKeyPrefix tells a word that is one of those credentials: a known
// prefix and at least ten more characters, letters and digits among them.
func hasKeyPrefix(w string) bool {
	if len(w) < 14 {
		return false
	}
	for _, p := range keyPrefixes {
		if len(w) >= len(p)+10 && w[0] == p[0] && strings.HasPrefix(w, p) && hasLetterAndDigit(w[len(p):]) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func hasLetterAndDigit(s string) bool {
	l, d := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			d = true
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			l = true
		}
	}
	return l && d
}

// jwtClaims decodes the claims of a JWT without verifying it and without
// keeping its signature. It returns nil when tok is not a JWT.
func jwtClaims(tok string) *Claims {
	if !strings.HasPrefix(tok, "eyJ") || strings.Count(tok, ".") != 2 {
		return nil
	}
	parts := strings.SplitN(tok, ".", 3)
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil || !gjson.ValidBytes(raw) {
		return nil
	}
	r := gjson.ParseBytes(raw)
	if !r.IsObject() {
		return nil
	}
	c := &Claims{
		Issuer:    r.Get("iss").String(),
		Subject:   r.Get("sub").String(),
		IssuedAt:  epoch(r.Get("iat")),
		NotBefore: epoch(r.Get("nbf")),
		Expires:   epoch(r.Get("exp")),
		TenantID:  r.Get("tid").String(),
	}
	aud := r.Get("aud")
	if aud.IsArray() {
		for _, a := range aud.Array() {
			c.Audience = append(c.Audience, a.String())
		}
	} else if aud.Exists() {
		c.Audience = []string{aud.String()}
	}
	return c
}

// epoch reads a NumericDate claim.
func epoch(v gjson.Result) time.Time {
	if !v.Exists() {
		return time.Time{}
	}
	f := v.Float()
	if f <= 0 {
		return time.Time{}
	}
	return time.Unix(int64(f), 0).UTC()
}
