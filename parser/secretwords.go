package parser

import (
	"strings"
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
	if len(w) >= 4 && (isTextSecretKey(prev) || tightPair(sep) && IsSecretName(prev) && (hasLetterAndDigit(w) || len(w) >= proseTokenMinLen)) && !authSchemes[strings.ToLower(w)] && !strings.HasPrefix(w, "//") && // (not a scheme://)
		!isStateCode(prev) {
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

// stateCodePrefixes begin an error code in capitals that states what is
// wrong with a secret rather than naming one: Salesforce's
// INVALID_SESSION_ID, MISSING_API_KEY. What follows it is its message
// ("INVALID_SESSION_ID: Session expired or invalid"), whose words are not
// the secret's value; an opaque one still is (see isOpaque).
var stateCodePrefixes = []string{"INVALID_", "EXPIRED_", "MISSING_", "BAD_", "UNKNOWN_", "REVOKED_", "WRONG_", "NO_"}

// isStateCode tells such an error code.
func isStateCode(w string) bool {
	if !isErrorCode(w) || isPascalWords(w) {
		return false
	}
	for _, p := range stateCodePrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}
