package parser

import (
	"strconv"
	"strings"
)

// maxAuthRecord bounds the record authRecordUser reads around a user
// member, each way: a credentials object prints a user, a password and a
// field or two (aiohttp's encoding, a realm).
const maxAuthRecord = 512

// authRecordUser tells a user member, named by the word s[i:j], of an
// object printed the way a language prints its records, whose password
// member is empty, a stand-in or a placeholder, and returns the bounds of
// the user's value: the user is then the API key, as authKeyArg reads it
// in a tuple. The shapes are those of Java's records and toString()
// (BasicAuth[username=KEY, password=], UsernamePasswordCredentials
// [userName=KEY, password=]), Kotlin's and Lombok's data classes
// (Credentials(user=KEY, password=)), IntelliJ's toString, which quotes
// each value (BasicAuthenticator{username='KEY', password=…}), C#'s
// records (NetworkCredential { UserName = KEY, Password =  }), Python's keyword
// arguments and dataclasses (httpx.BasicAuth(username="KEY",
// password="")), Ruby's inspect (#<struct Credentials user="KEY",
// password="">, @user="KEY", @password="") and Go's %+v ({Username:KEY
// Password:}).
//
// A record named for credentials — its class holds "auth" or
// "credential", or it is the value of an auth key — gives up a user of
// minSecretAround characters or more; any other, a user shaped like a key
// (minKeyUser characters or more, letters and digits), so a login form
// dumped with its password left empty keeps its user name.
func authRecordUser(s string, i, j int) (vs, ve int, ok bool) {
	for j > i && s[j-1] == '=' {
		j-- // (username="…": redactWords took the '=' for base64's padding)
	}
	if !isUserMember(s[i:j]) {
		return 0, 0, false
	}
	vs, ve, quoted := memberValue(s, i, j)
	if ve < 0 || ve-vs < minSecretAround {
		return 0, 0, false
	}
	end := ve
	if quoted {
		end++ // (past the closing quote)
	}
	ob, cb, ok := enclosingRecord(s, i, end)
	if !ok {
		return 0, 0, false
	}
	named := recordNamesAuth(s, ob)
	if !named && (ve-vs < minKeyUser || !hasLetterAndDigit(s[vs:ve])) {
		return 0, 0, false
	}
	// Its password member: there must be one, and it must hold nothing
	// (an auth object with no password member is authObjectUser's).
	pw := false
	for k := ob + 1; k < cb; {
		ws, we := nextWord(s, k)
		if we > cb {
			break
		}
		k = we
		if !isPasswordMember(s[ws:we]) || !isRecordMemberKey(s, ob, ws) {
			continue
		}
		ps, pe, q := memberValue(s, ws, we)
		if pe < 0 {
			continue // "password" as a word inside a value
		}
		if !emptyPassword(s[ps:pe], q) {
			return 0, 0, false
		}
		pw = true
		k = pe
	}
	return vs, ve, pw
}

// isUserMember tells the name of a user member: user, username, userName,
// UserName, login.
func isUserMember(w string) bool {
	switch len(w) {
	case len("user"):
		return strings.EqualFold(w, "user")
	case len("login"):
		return strings.EqualFold(w, "login")
	case len("username"):
		return strings.EqualFold(w, "username")
	}
	return false
}

// isPasswordMember tells the name of a password member.
func isPasswordMember(w string) bool {
	return strings.EqualFold(w, "password") || strings.EqualFold(w, "pass") || strings.EqualFold(w, "passwd") || strings.EqualFold(w, "pwd")
}

// emptyPassword tells a password member's value that holds no password:
// nothing, a stand-in ("X"), a placeholder (null, None, nil) or, unquoted,
// an empty array (Lombok's char[] password=[]).
func emptyPassword(v string, quoted bool) bool {
	return standInPassword(v) || !quoted && (isPlaceholder(v) || v == "[]" || v == "[")
}

// enclosingRecord finds the brackets of the record around s[i:end]: the
// '(', '[', '{' or Ruby's "#<" that opens it, unmatched within
// maxAuthRecord before i, and the bracket that closes it within
// maxAuthRecord after end.
func enclosingRecord(s string, i, end int) (ob, cb int, ok bool) {
	ob = -1
	depth := 0
back:
	for k := i - 1; k >= max(0, i-maxAuthRecord); k-- {
		switch s[k] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth == 0 {
				ob = k
				break back
			}
			depth--
		case '<':
			if depth == 0 && k > 0 && s[k-1] == '#' {
				ob = k
				break back
			}
		}
	}
	if ob < 0 {
		return 0, 0, false
	}
	closer := byte('>')
	switch s[ob] {
	case '(':
		closer = ')'
	case '[':
		closer = ']'
	case '{':
		closer = '}'
	}
	depth = 0
	for k := end; k < min(len(s), end+maxAuthRecord); k++ {
		switch c := s[k]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return ob, k, c == closer
			}
			depth--
		case '>':
			if depth == 0 && closer == '>' && s[k-1] != '=' && s[k-1] != '-' {
				return ob, k, true
			}
		}
	}
	return 0, 0, false
}

// recordNamesAuth tells a record, opened at s[ob], named for credentials:
// its class name (or the key before it) holds "auth" or "credential"
// (BasicAuth, UsernamePasswordCredentials, Faraday's BasicAuthentication,
// 'auth': (…)), not OAuth.
func recordNamesAuth(s string, ob int) bool {
	var name string
	if s[ob] == '<' {
		// #<struct Credentials …>, #<Faraday::Request::BasicAuthentication:0x… …>
		name = s[ob+1 : min(len(s), ob+1+maxAuthRecord)]
		name = strings.TrimPrefix(name, "struct ")
		if e := strings.IndexAny(name, " >"); e >= 0 {
			name = name[:e]
		}
	} else {
		before := s[max(0, ob-maxAuthRecord):ob]
		if authKeyBefore(before) {
			return true
		}
		before = before[:skipBlanksBack(before, len(before))]
		k := len(before)
		for k > 0 && (isAlnum(before[k-1]) || strings.IndexByte("_.$:", before[k-1]) >= 0) {
			k--
		}
		name = before[k:]
	}
	if hasFold(name, "credential") {
		return true
	}
	for k := indexFold(name, "auth"); k >= 0; {
		if k == 0 || lowerByte(name[k-1]) != 'o' {
			return true // (not OAuth: its objects hold a client's id)
		}
		n := indexFold(name[k+1:], "auth")
		if n < 0 {
			break
		}
		k += 1 + n
	}
	return false
}

// isRecordMemberKey tells a word at s[ws] that starts a member of the
// record opened at s[ob]: after the opener, a ',' or a blank (Go's %+v
// and Ruby's inspect), then a quote, Ruby's '@' or ':', and no bracket
// left open in between.
func isRecordMemberKey(s string, ob, ws int) bool {
	k := ws
	if k > ob && (s[k-1] == '"' || s[k-1] == '\'' || s[k-1] == ':' || s[k-1] == '@') {
		k--
	}
	if k > ob && s[k-1] == '\\' {
		k-- // JSON in JSON: {\"password\":…}
	}
	if k > ob+1 && s[k-1] != ',' && s[k-1] != ' ' && s[k-1] != '\t' && s[k-1] != '\n' {
		return false
	}
	depth := 0
	for _, c := range []byte(s[ob+1 : k]) {
		switch c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		}
	}
	return depth == 0
}

// maxPHPItem bounds the length of one item of a list phpListItem reads
// (its "[N] => " and its value): keys and passwords are far shorter.
const maxPHPItem = 512

// maxPHPItems bounds the items phpList reads.
const maxPHPItems = 16

// phpListItem tells the index word s[i:j] of an item of a list that PHP's
// print_r or var_dump printed under a key, and returns the bounds of the
// item's value when it is a secret (its quotes left out):
//
//	[auth] => Array                 ["auth"]=>
//	    (                             array(2) {
//	        [0] => KEY                  [0]=>
//	        [1] =>                      string(3) "KEY"
//	    )                               [1]=>
//	                                    string(0) ""
//	                                  }
//
// (or on one line, as an HTML page shows them). Under an auth key
// (Guzzle's auth option: a user, a password and perhaps the auth type)
// the password is a secret when it is not empty, and the user when the
// password is empty or a stand-in: an API key sent as the user. Under
// any other secret's name ([api_key] => Array ( [0] => … )) every string
// is.
func phpListItem(s string, i, j int) (vs, ve int, ok bool) {
	if j-i > 2 || i == 0 || s[i-1] != '[' || j >= len(s) || s[j] != ']' || !isDigits(s[i:j]) ||
		!strings.HasPrefix(s[j+1:], "=>") && !strings.HasPrefix(s[j+1:], " =>") {
		return 0, 0, false
	}
	n, _ := strconv.Atoi(s[i:j])
	h, ok := phpListHeader(s, i-1, n)
	if !ok {
		return 0, 0, false
	}
	key, items, ok := phpList(s, h)
	if !ok || n >= len(items) || items[n].at != i-1 || items[n].ve < 0 {
		return 0, 0, false // not an item of this list, or no string
	}
	it := items[n]
	switch {
	case isAuthKey(key):
		if !basicUser(s, items[0]) {
			return 0, 0, false // a list of scopes: [petstore_auth] => Array ( [0] => write:pets … )
		}
		if len(items) < 2 || len(items) > 3 || len(items) == 3 && (items[2].ve < 0 || !guzzleAuthTypes[strings.ToLower(s[items[2].vs:items[2].ve])]) {
			return 0, 0, false
		}
		pw := items[1]
		switch n {
		case 0:
			empty := pw.ve < 0 || standInPassword(s[pw.vs:pw.ve])
			return it.vs, it.ve, empty && it.ve-it.vs >= minSecretAround
		case 1:
			return it.vs, it.ve, it.ve > it.vs
		}
		return 0, 0, false
	case IsSecretName(key):
		return it.vs, it.ve, it.ve > it.vs
	}
	return 0, 0, false
}

// phpListHeader finds the header of the list whose item n starts at
// s[at] ("[n]"), going back item by item to the first and the "Array ("
// or "array(N) {" before it; each item is looked for within maxPHPItem.
func phpListHeader(s string, at, n int) (h int, ok bool) {
	for ; n > 0; n-- {
		w := s[max(0, at-maxPHPItem):at]
		p := strings.LastIndex(w, "["+strconv.Itoa(n-1)+"]")
		if p < 0 {
			return 0, false
		}
		at -= len(w) - p
	}
	b := skipSpaceBack(s, at)
	if b == 0 {
		return 0, false
	}
	switch s[b-1] {
	case '(': // print_r
		b = skipSpaceBack(s, b-1)
		return b - len("Array"), strings.HasSuffix(s[:b], "Array")
	case '{': // var_dump
		b = skipBlanksBack(s, b-1)
		if b == 0 || s[b-1] != ')' {
			return 0, false
		}
		d := b - 1
		for d > 0 && '0' <= s[d-1] && s[d-1] <= '9' {
			d--
		}
		return d - len("array("), d < b-1 && strings.HasSuffix(s[:d], "array(")
	}
	return 0, false
}

// phpItem is an item of a list phpList read: where its "[N]" starts, and
// the bounds of its string value (ve is -1 when it is NULL or no string).
type phpItem struct{ at, vs, ve int }

// phpList reads the list whose header, "Array" (print_r) or "array(N)"
// (var_dump), starts at s[h]: the key it is printed under and its items,
// which must be numbered 0, 1, 2… and hold no list or object.
func phpList(s string, h int) (key string, items []phpItem, ok bool) {
	// The key: [auth] => Array, ["auth"]=>\n  array(2) {
	b := skipSpaceBack(s, h)
	if b < 2 || s[b-2:b] != "=>" {
		return "", nil, false
	}
	b = skipBlanksBack(s, b-2)
	if b == 0 || s[b-1] != ']' {
		return "", nil, false
	}
	open := strings.LastIndexByte(s[max(0, b-1-maxPHPKey):b-1], '[')
	if open < 0 {
		return "", nil, false
	}
	key = s[max(0, b-1-maxPHPKey)+open+1 : b-1]
	if c := strings.IndexByte(key, ':'); c > 0 {
		key = key[:c] // [auth:protected], ["auth":"Client":private]
	}
	key = strings.Trim(key, `"`)
	dump := s[h] == 'a' // var_dump
	k := h + len("Array")
	if dump {
		k = h + len("array(")
		k += portLen(s[k:])
		if !strings.HasPrefix(s[k:], ")") {
			return "", nil, false
		}
		k = skipBlanks(s, k+1)
		if k >= len(s) || s[k] != '{' {
			return "", nil, false
		}
	} else {
		k = skipSpace(s, k)
		if k >= len(s) || s[k] != '(' {
			return "", nil, false
		}
	}
	k++
	oneLine := strings.IndexByte(s[k:skipSpace(s, k)], '\n') < 0 // Array ( [0] => … )
	for n := 0; n < maxPHPItems; n++ {
		k = skipSpace(s, k)
		if k < len(s) && (s[k] == ')' || s[k] == '}') {
			return key, items, len(items) > 0
		}
		idx := strconv.Itoa(n)
		if !strings.HasPrefix(s[k:], "["+idx+"]") {
			return "", nil, false
		}
		it := phpItem{at: k, ve: -1}
		k = skipBlanks(s, k+len(idx)+2)
		if !strings.HasPrefix(s[k:], "=>") {
			return "", nil, false
		}
		k += 2
		if dump {
			r := skipSpace(s, k)
			switch {
			case strings.HasPrefix(s[r:], "string("):
				vs, ve, ok := dumpString(s, r)
				if !ok {
					return "", nil, false
				}
				it.vs, it.ve, k = vs, ve, ve+1
			case strings.HasPrefix(s[r:], "NULL"):
				k = r + len("NULL")
			default:
				return "", nil, false // a number, a list, an object
			}
		} else {
			vs := skipBlanks(s, k)
			if vs > k+1 {
				vs = k + 1 // (print_r writes one blank; the rest is the value's)
			}
			ve := vs
			if !oneLine || !phpItemEnd(s, vs-1, n+1) { // (empty on one line: "[1] => )")
				for ve < len(s) && s[ve] != '\n' && s[ve] != '\r' && !(oneLine && phpItemEnd(s, ve, n+1)) {
					ve++
				}
			}
			k = ve
			for ve > vs && (s[ve-1] == ' ' || s[ve-1] == '\t') {
				ve--
			}
			if v := s[vs:ve]; v == "Array" || strings.HasSuffix(v, " Object") {
				return "", nil, false
			}
			it.vs, it.ve = vs, ve
		}
		items = append(items, it)
	}
	return "", nil, false
}

// maxPHPKey bounds the key phpList reads before a list's header.
const maxPHPKey = 128

// phpItemEnd tells the blank at s[k] that ends a value of a list print_r
// printed on one line: " [next] => " or " )" follows.
func phpItemEnd(s string, k, next int) bool {
	if s[k] != ' ' {
		return false
	}
	r := s[k+1:]
	return strings.HasPrefix(r, ")") || strings.HasPrefix(r, "["+strconv.Itoa(next)+"] =>")
}

// dumpString reads var_dump's string(LEN) "…" at s[r] and returns the
// bounds of its text, read by its length: var_dump does not escape, so a
// quote may be inside ("ab"cd"). An empty string is a string (ok): a
// list's empty password says its user is the key (authListSecret); a
// named value (phpDumpValue) takes it as no secret. It is the one reader
// of var_dump strings.
func dumpString(s string, r int) (vs, ve int, ok bool) {
	n := r + len("string(")
	p := n + portLen(s[n:])
	if p == n || !strings.HasPrefix(s[p:], `) "`) {
		return 0, 0, false
	}
	vs = p + len(`) "`)
	if l, err := strconv.Atoi(s[n:p]); err == nil && l < len(s)-vs && s[vs+l] == '"' {
		return vs, vs + l, true
	}
	ve = vs + strings.IndexByte(s[vs:], '"')
	return vs, ve, ve >= vs
}

// maxPHPClass bounds the class name of a property's visibility.
const maxPHPClass = 128

// phpVisibility returns the length of the visibility print_r and
// var_dump write after an object's property name, up to its ']' —
// ":protected", ":private" with its class (print_r's
// [password:App\Models\User:private], var_dump's
// ["password":"App\Models\User":private]) — at r, the text after the
// name and its closing quote; 0 when there is none.
func phpVisibility(r string) int {
	if r == "" || r[0] != ':' {
		return 0
	}
	for _, v := range []string{":protected]", ":private]"} {
		if strings.HasPrefix(r, v) {
			return len(v) - 1
		}
	}
	c := strings.Index(r[:min(len(r), maxPHPClass)], ":private]")
	if c < 2 || strings.ContainsAny(r[1:c], " \t\n[]") {
		return 0
	}
	return c + len(":private")
}

// authListSecret tells which item of a user and password list printed
// under an auth key is a secret, as phpListItem reads Guzzle's auth
// option: the password (item 1) when it holds one, and the user (item 0)
// when the password is empty or a stand-in, an API key sent as the user.
// A third item must be Guzzle's auth type. items hold the bounds of each
// item's string (ve is -1 for NULL or no string).
func authListSecret(s string, items []phpItem, n int) bool {
	if len(items) < 2 || len(items) > 3 || n > 1 || items[n].ve < 0 ||
		len(items) == 3 && (items[2].ve < 0 || !guzzleAuthTypes[strings.ToLower(s[items[2].vs:items[2].ve])]) {
		return false
	}
	it, pw := items[n], items[1]
	if n == 1 {
		return !standInPassword(s[it.vs:it.ve]) && !isPlaceholder(s[it.vs:it.ve])
	}
	empty := pw.ve < 0 || standInPassword(s[pw.vs:pw.ve]) || isPlaceholder(s[pw.vs:pw.ve])
	return empty && it.ve-it.vs >= minSecretAround
}

// authListBounds returns the bounds of the secret of a whole user and
// password list (see authListSecret) whose first item may be a Basic
// user: the password, or the user sent with none.
func authListBounds(s string, items []phpItem) (vs, ve int, ok bool) {
	if len(items) < 2 || !basicUser(s, items[0]) {
		return 0, 0, false
	}
	for n := range 2 {
		if authListSecret(s, items, n) {
			return items[n].vs, items[n].ve, true
		}
	}
	return 0, 0, false
}

// isBasicAuthKey tells the key of a list that can only be a user and a
// password: auth, basic_auth, basicAuth, http_auth, proxy_auth — not an
// OpenAPI security requirement such as petstore_auth, whose list is one
// of scopes (petstore_auth: [write:pets, read:pets]).
func isBasicAuthKey(k string) bool {
	if !isAuthKey(k) {
		return false
	}
	k = strings.ToLower(strings.TrimRight(k[:len(k)-len("auth")], "_-"))
	switch k {
	case "", "basic", "http", "proxy", "digest", "http_basic", "httpbasic":
		return true
	}
	return false
}

// basicUser tells a list's first item that may be a Basic user: RFC 7617
// forbids ':' in it, and a scope is often a URL or has one
// (read:user, https://www.googleapis.com/auth/drive).
func basicUser(s string, it phpItem) bool {
	return it.ve >= 0 && strings.IndexAny(s[it.vs:it.ve], ":/") < 0
}

// exportListItem tells the index word s[i:j] of an item of a list that
// PHP's var_export printed under a key, and returns the bounds of the
// item's value when it is a secret (its quotes left out), as phpListItem
// does for print_r and var_dump:
//
//	'auth' =>
//	array (
//	  0 => 'KEY',
//	  1 => '',
//	),
//
// (or all on one line). var_export quotes
// every string with "'" and escapes "'" and '\' in it.
func exportListItem(s string, i, j int) (vs, ve int, ok bool) {
	if j-i > 1 || s[i] < '0' || s[i] > '2' || !strings.HasPrefix(s[j:], " => ") {
		return 0, 0, false
	}
	b := skipSpaceBack(s, i)
	if b == 0 || s[b-1] != '(' && s[b-1] != ',' {
		return 0, 0, false
	}
	n := int(s[i] - '0')
	from := max(0, i-(n+1)*maxPHPItem)
	h := strings.LastIndex(s[from:i], "array (")
	if h < 0 {
		return 0, 0, false
	}
	key, items, ok := exportList(s, from+h)
	if !ok || n >= len(items) || items[n].at != i {
		return 0, 0, false
	}
	switch {
	case isAuthKey(key):
		if !basicUser(s, items[0]) || !authListSecret(s, items, n) {
			return 0, 0, false
		}
	case !IsSecretName(key) || items[n].ve <= items[n].vs:
		return 0, 0, false
	}
	return items[n].vs, items[n].ve, true
}

// exportList reads the list whose header "array (" var_export wrote at
// s[h]: the quoted key it is printed under and its items, numbered 0, 1,
// 2…, each a quoted string or NULL.
func exportList(s string, h int) (key string, items []phpItem, ok bool) {
	b := skipSpaceBack(s, h)
	if b < 2 || s[b-2:b] != "=>" {
		return "", nil, false
	}
	b = skipBlanksBack(s, b-2)
	if b < 2 || s[b-1] != '\'' {
		return "", nil, false
	}
	open := strings.LastIndexByte(s[max(0, b-1-maxPHPKey):b-1], '\'')
	if open < 0 {
		return "", nil, false
	}
	key = s[max(0, b-1-maxPHPKey)+open+1 : b-1]
	k := h + len("array (")
	for n := 0; n < maxPHPItems; n++ {
		k = skipSpace(s, k)
		if k < len(s) && s[k] == ')' {
			return key, items, len(items) > 0
		}
		idx := strconv.Itoa(n)
		if !strings.HasPrefix(s[k:], idx+" => ") {
			return "", nil, false
		}
		it := phpItem{at: k, ve: -1}
		k += len(idx) + len(" => ")
		switch {
		case strings.HasPrefix(s[k:], "NULL"):
			k += len("NULL")
		case k < len(s) && s[k] == '\'':
			it.vs = k + 1
			it.ve = exportStringEnd(s, it.vs)
			if it.ve < 0 {
				return "", nil, false
			}
			k = it.ve + 1
		default:
			return "", nil, false // a number, a list, an object
		}
		if k >= len(s) || s[k] != ',' {
			return "", nil, false
		}
		k++
		items = append(items, it)
	}
	return "", nil, false
}

// exportStringEnd returns where the string var_export opened before
// s[vs] ends (its closing quote), within maxPHPItem; -1 when it does not.
func exportStringEnd(s string, vs int) int {
	for k := vs; k < min(len(s), vs+maxPHPItem); k++ {
		switch s[k] {
		case '\\':
			k++ // \' and \\
		case '\'':
			return k
		}
	}
	return -1
}

// maxGoList bounds the list goMapAuthList reads: a user, a password and
// an auth type.
const maxGoList = 512

// goMapAuthList tells the key word s[i:j] of a map Go's fmt printed with
// %v — map[auth:[KEY X] timeout:30] — whose value is a user and password
// list under a Basic auth key (see isBasicAuthKey), and returns the
// bounds of its secret (see authListSecret). fmt writes the list's
// strings apart by one blank and quotes none, so an empty password is
// "[KEY ]" and a password with blanks in it runs to the ']' (or to the
// auth type before it).
func goMapAuthList(s string, i, j int) (vs, ve int, ok bool) {
	if !strings.HasPrefix(s[j:], ":[") || i == 0 || s[i-1] != '[' && s[i-1] != ' ' || !isBasicAuthKey(s[i:j]) {
		return 0, 0, false
	}
	if s[i-1] == '[' && !strings.HasSuffix(s[:i], "map[") {
		return 0, 0, false
	}
	if s[i-1] == ' ' {
		m := strings.LastIndex(s[max(0, i-maxAuthRecord):i], "map[")
		if m < 0 || strings.ContainsAny(s[max(0, i-maxAuthRecord)+m:i], "]\n") {
			return 0, 0, false // (a list before it in the map closed its ']')
		}
	}
	ls := j + 2
	le := strings.IndexAny(s[ls:min(len(s), ls+maxGoList)], "[]\n")
	if le < 0 || s[ls+le] != ']' {
		return 0, 0, false
	}
	le += ls
	sp := strings.IndexByte(s[ls:le], ' ')
	if sp < 0 {
		return 0, 0, false
	}
	sp += ls
	items := []phpItem{{vs: ls, ve: sp}, {vs: sp + 1, ve: le}}
	if t := strings.LastIndexByte(s[sp+1:le], ' '); t >= 0 && guzzleAuthTypes[strings.ToLower(s[sp+1+t+1:le])] {
		items[1].ve = sp + 1 + t
		items = append(items, phpItem{vs: sp + 1 + t + 1, ve: le})
	}
	return authListBounds(s, items)
}

// maxYAMLItems bounds the items yamlAuthList reads.
const maxYAMLItems = 4

// yamlAuthList tells the key word s[i:j] of a YAML mapping, alone on its
// line, whose value is a block sequence of a user and a password under a
// Basic auth key (see isBasicAuthKey), and returns the bounds of its
// secret (see authListSecret):
//
//	auth:
//	  - KEY
//	  - ''
//
// A value is plain, '…' or "…"; an empty one is two quotes, ~, null
// or nothing.
func yamlAuthList(s string, i, j int) (vs, ve int, ok bool) {
	if j >= len(s) || s[j] != ':' || !isBasicAuthKey(s[i:j]) {
		return 0, 0, false
	}
	b := skipBlanksBack(s, i)
	if b > 0 && s[b-1] != '\n' {
		return 0, 0, false
	}
	k := skipBlanks(s, j+1)
	var items []phpItem
	for len(items) < maxYAMLItems {
		n := lineBreakLen(s, k, false)
		if n == 0 || s[k] == '\\' {
			break // (an escaped line break is JSON's, and its quotes are too)
		}
		k = skipBlanks(s, k+n)
		if !strings.HasPrefix(s[k:], "- ") && !strings.HasPrefix(s[k:], "-\n") {
			break
		}
		k = skipBlanks(s, k+1)
		e := k
		for e < len(s) && s[e] != '\n' && s[e] != '\r' {
			e++
		}
		it := phpItem{vs: k, ve: e}
		for it.ve > it.vs && (s[it.ve-1] == ' ' || s[it.ve-1] == '\t') {
			it.ve--
		}
		if v := s[it.vs:it.ve]; len(v) >= 2 && (v[0] == '\'' || v[0] == '"') && v[len(v)-1] == v[0] {
			it.vs, it.ve = it.vs+1, it.ve-1
		} else if v == "~" || v == "null" {
			it.ve = -1
		}
		items = append(items, it)
		k = e
	}
	return authListBounds(s, items)
}

// maxReprGap bounds the text between a Python object's repr and the user
// pyAuthReprUser reads after it.
const maxReprGap = 256

// pyAuthReprUser tells a user member, named by the word s[i:j], printed
// on the line of a Python auth object's default repr, which names no
// member — "<requests.auth.HTTPBasicAuth object at 0x7f…> username='KEY'"
// — and returns the bounds of its quoted value when it is shaped like a
// key (a known prefix, or a mix of upper case, lower case and digits of
// mixedMinLen or more, no e-mail address): the password is not shown, so
// an API key sent as the user cannot be told by an empty one. A person's
// user name stays, unless it mixes cases and digits as a key does
// (JohnSmith2024): a random key of 18 characters fails randomish often
// enough that the name is the price.
func pyAuthReprUser(s string, i, j int) (vs, ve int, ok bool) {
	for j > i && s[j-1] == '=' {
		j-- // (username=: redactWords took the '=' for base64's padding)
	}
	if !isUserMember(s[i:j]) {
		return 0, 0, false
	}
	vs, ve, quoted := memberValue(s, i, j)
	if !quoted || ve-vs < mixedMinLen {
		return 0, 0, false
	}
	line := s[max(0, i-maxReprGap):i]
	if n := strings.LastIndexByte(line, '\n'); n >= 0 {
		line = line[n+1:]
	}
	r := strings.LastIndex(line, " object at 0x")
	if r < 0 || strings.IndexByte(line[r:], '>') < 0 {
		return 0, 0, false
	}
	o := strings.LastIndexByte(line[:r], '<')
	if o < 0 || strings.IndexByte(line[o:r], ' ') >= 0 || !recordNamesAuth(line, o) {
		return 0, 0, false // (HTTPBasicAuth, HTTPProxyAuth, not OAuth1Session)
	}
	v := s[vs:ve]
	return vs, ve, hasKeyPrefix(v) || isOpaque(v) || hasMixedCaseDigit(v) && !strings.ContainsAny(v, "@. ")
}

// goRecordPass tells a password member, named by the word s[i:j], of a
// struct Go's fmt printed with %+v that also has a user member —
// {User:bob Pass:hunter2 pw Host:db} — and returns the bounds of its
// value. fmt quotes no string, so the value runs to the next member
// (a blank, an exported name and ':') or the struct's '}'.
func goRecordPass(s string, i, j int) (vs, ve int, ok bool) {
	if j >= len(s) || s[j] != ':' || i == 0 || s[i-1] != '{' && s[i-1] != ' ' || !isPasswordMember(s[i:j]) || s[i] < 'A' || s[i] > 'Z' {
		return 0, 0, false
	}
	ob, cb, ok := enclosingRecord(s, i, j+1)
	if !ok || s[ob] != '{' {
		return 0, 0, false
	}
	user := false
	for k := ob + 1; k < i && !user; {
		ws, we := nextWord(s, k)
		k = we
		user = we < i && s[we] == ':' && isUserMember(s[ws:we]) && isRecordMemberKey(s, ob, ws)
	}
	if !user {
		return 0, 0, false
	}
	vs, ve = j+1, j+1
	for ve < cb && !(s[ve] == ' ' && goMemberAt(s, ve+1, cb)) {
		ve++
	}
	v := s[vs:ve]
	return vs, ve, !standInPassword(v) && !isPlaceholder(v) && v != "[]"
}

// goMemberAt tells an exported member name and its ':' at s[k], before cb.
func goMemberAt(s string, k, cb int) bool {
	if k >= cb || s[k] < 'A' || s[k] > 'Z' {
		return false
	}
	for k++; k < cb && (isAlnum(s[k]) || s[k] == '_'); k++ {
	}
	return k < cb && s[k] == ':'
}
