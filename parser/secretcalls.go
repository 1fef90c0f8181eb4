package parser

import (
	"strings"
)

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
		// var_dump: string(LEN) "…"; an empty one holds no secret.
		vs, ve, ok = dumpString(s, r)
		return vs, ve, ok && ve > vs
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

// Bounds of cellSecret: the length of one tag, and how many tags may
// open a cell before its text.
const (
	maxCellTag  = 256
	maxCellTags = 4
)
