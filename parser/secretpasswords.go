package parser

import (
	"bytes"
	"encoding/base64"
	"strings"
)

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
