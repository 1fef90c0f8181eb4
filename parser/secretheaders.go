package parser

import (
	"strings"
)

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
