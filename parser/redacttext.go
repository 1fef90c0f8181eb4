package parser

import (
	"regexp"
	"strings"
)

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
