package parser

import "strings"

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
