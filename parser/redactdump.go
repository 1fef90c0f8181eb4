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
// quote may be inside ("ab"cd").
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
