package parser

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
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
