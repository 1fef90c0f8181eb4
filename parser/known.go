package parser

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/tidwall/gjson"
)

// minKnownSecret is the shortest secret value scrubbed from free text by
// exact match: shorter values ("abc", "1") would also wipe ordinary words.
const minKnownSecret = 6

// maxKnownSecrets caps the secrets one record's scrub looks for: every
// one is searched for in every text of the record, so the cap keeps that
// linear in the record. Real records carry a handful; a secret past the
// cap is still redacted wherever its name or shape marks it.
const maxKnownSecrets = 64

// knownSecrets gathers the secret values one record carries (its
// credentials, secret parameters, token values) so that free text of the
// same record — an error description quoting the token, a challenge
// header — can be scrubbed of them even when they look like plain words.
type knownSecrets []knownSecret

// knownSecret is a form a secret appears in (as is, query-escaped, or
// %-decoded) and the secret, whose fingerprint replaces that form.
type knownSecret struct{ text, secret string }

func (ks *knownSecrets) add(v string) {
	v = strings.TrimSpace(v)
	if len(v) < minKnownSecret || strings.HasPrefix(v, redactedPrefix) || isDigits(v) || isPlaceholder(v) {
		// Digits alone are error codes, counts and ids far more often than
		// secrets (error_uri=…?code=7000215), and scrubbing them would
		// break numbers in JSON text.
		return
	}
	if _, ok := censoredFP(v); ok {
		return
	}
	if i := strings.LastIndexByte(v, '.'); i > 0 && strings.HasPrefix(v[i+1:], jwtSigPrefix) {
		return // a JWT redact already cut the signature of: claims, no secret
	}
	if len(*ks) >= maxKnownSecrets {
		return // a hostile record must not make scrubbing quadratic
	}
	for _, x := range *ks {
		if x.text == v {
			return
		}
	}
	*ks = append(*ks, knownSecret{v, v})
	if esc := url.QueryEscape(v); esc != v {
		*ks = append(*ks, knownSecret{esc, v})
	}
	if dec := unescape(v); dec != v && len(dec) >= minKnownSecret {
		// A cookie or header sent %-encoded (express-session's
		// s%3A…) that an error quotes decoded.
		*ks = append(*ks, knownSecret{dec, v})
	}
}

// addAuthorization adds an Authorization header's credential and, for
// Basic, the decoded user:password and password an error may quote.
func (ks *knownSecrets) addAuthorization(v string) {
	scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok {
		cred = v
	}
	if _, ok := basicStandInFP(strings.TrimSpace(cred)); ok && strings.EqualFold(scheme, "basic") {
		return // a redacted copy's user:redacted:<fp> holds no secret
	}
	ks.add(cred)
	if strings.EqualFold(scheme, "token") || !ok && hasFoldPrefix(cred, "token=") {
		// Rails' Token token="abc123", email="…": the token alone is what
		// an echo of it quotes.
		for p := range strings.SplitSeq(cred, ",") {
			if k, val, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(k, "token") {
				ks.add(strings.Trim(val, `"'`))
			}
		}
	}
	if strings.EqualFold(scheme, "basic") {
		if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred)); err == nil {
			ks.add(string(dec))
			if user, pass, ok := strings.Cut(string(dec), ":"); ok {
				if basicUserIsKey(pass) {
					ks.add(user) // the username is the API key (key:X, key:api_token)
				} else {
					ks.add(pass)
				}
			}
		}
	}
}

// addNamed adds the secrets of a header, parameter or cookie value by its
// name; inCookies says it is an entry of a HAR cookie list.
func (ks *knownSecrets) addNamed(name, v string, inCookies bool) {
	secret := IsSecretName(name) // before lower-casing: proxyPass, bindPw
	switch name = strings.ToLower(name); {
	case name == "authorization" || name == "proxy-authorization":
		ks.addAuthorization(v)
	case name == "set-cookie" && !inCookies:
		// The cookies' values, not their attributes: an Expires date is
		// no secret.
		ks.addSetCookie(v)
	case name == "cookie" || inCookies:
		for _, c := range strings.Split(v, ";") {
			if _, cv, ok := strings.Cut(c, "="); ok {
				ks.add(cv)
			} else if inCookies {
				ks.add(c)
			}
		}
	case secret:
		ks.add(v)
	}
}

// addAttr adds the secrets of an OTLP attribute value (stringValue, or
// an arrayValue of them) by the attribute's name.
func (ks *knownSecrets) addAttr(v gjson.Result, name string) {
	if v.Type == gjson.String {
		ks.addNamed(name, v.Str, false)
		return
	}
	v.ForEach(func(_, c gjson.Result) bool {
		ks.addAttr(c, name)
		return true
	})
}

// addSetCookie adds the value of each cookie a Set-Cookie value sets.
func (ks *knownSecrets) addSetCookie(v string) {
	for _, c := range setCookies(v) {
		pair, _, _ := strings.Cut(c.text, ";")
		if _, cv, ok := strings.Cut(pair, "="); ok {
			ks.add(cv)
		}
	}
}

// addParams adds the values of secret parameters in a query or form string.
func (ks *knownSecrets) addParams(q string) {
	for p := range strings.SplitSeq(q, "&") {
		k, v, ok := strings.Cut(p, "=")
		if ok && IsSecretName(unescape(k)) {
			ks.add(unescape(v))
		}
	}
}

// addURL adds the secret query and fragment values of a URL, and what
// its authority and path carry that redactURL fingerprints (see addPath).
func (ks *knownSecrets) addURL(u string) {
	r, _, _ := redactURL(u)
	ks.addURLAs(u, r)
}

// addURLAs is addURL for a URL u whose redacted form r is known.
func (ks *knownSecrets) addURLAs(u, r string) {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		ks.addParams(strings.ReplaceAll(u[i+1:], "#", "&"))
		u = u[:i]
	}
	if i := strings.IndexAny(r, "?#"); i >= 0 {
		r = r[:i]
	}
	if r != u && strings.Contains(r, redactedPrefix) {
		ks.addPath(u, r)
	}
}

// addPath adds the secrets of a URL without its query, u, that its
// redacted form r fingerprinted — a user:password@'s password, the key
// of a webhook URL that is its own credential (Zapier's
// /hooks/catch/<id>/<key>/), /tokens/<key>/, ;jsessionid=… — so that a
// response quoting one ("hook <key> disabled") is scrubbed too: each part
// of u that r replaced, found segment by segment, when its name or place
// makes it a secret (not pathSecret's guess by shape).
func (ks *knownSecrets) addPath(u, r string) {
	_, ra, ok1 := strings.Cut(r, "://")
	_, ua, ok2 := strings.Cut(u, "://")
	if !ok1 || !ok2 {
		ra, ua = r, u
	}
	if strings.Count(ra, "/") != strings.Count(ua, "/") {
		return
	}
	whole := ua // (scheme-less, for isHookURL)
	hook := -1  // whether it is a webhook URL whose key is in its path, once asked
	prev := ""
	for i := 0; ua != ""; i++ {
		seg, red := ua, ra
		if k := strings.IndexByte(ua, '/'); k >= 0 {
			seg, ua = ua[:k], ua[k+1:]
		} else {
			ua = ""
		}
		if k := strings.IndexByte(ra, '/'); k >= 0 {
			red, ra = ra[:k], ra[k+1:]
		} else {
			ra = ""
		}
		prevSeg := prev
		prev = seg
		if red == seg || !strings.Contains(red, redactedPrefix) {
			continue
		}
		if i > 0 && !strings.ContainsAny(seg, ";:(") && !namesKeys(prevSeg) {
			if hook < 0 {
				hook = 0
				if isHookURL(whole) {
					hook = 1
				}
			}
			if hook == 0 {
				// A segment taken for a key by its shape alone
				// (pathSecret's mix of cases and digits) may be a file
				// name (/thumb/Commons-logo-31px.png): its echoes
				// elsewhere are left to the free-text rules.
				continue
			}
		}
		p := 0
		for p < len(seg) && p < len(red) && seg[p] == red[p] {
			p++
		}
		q := 0
		for q < len(seg)-p && q < len(red)-p && seg[len(seg)-1-q] == red[len(red)-1-q] {
			q++
		}
		v := unescape(seg[p : len(seg)-q])
		ks.add(v)
		if _, pw, ok := strings.Cut(v, ":"); ok && i == 0 {
			ks.add(pw) // user:password@: the password quoted alone
		}
	}
}

// isHookURL tells a URL without its scheme, host/path, of a webhook host
// whose path holds its key (see redactHookPath).
func isHookURL(hp string) bool {
	host, _, _ := strings.Cut(hp, "/")
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	return hookKeyAt(host) != nil || hookKeyAt(strings.ToLower(host)) != nil
}

// addBody adds the secret members of a JSON body, or the secret
// parameters of a form body.
func (ks *knownSecrets) addBody(b []byte) {
	b = trimSpace(b)
	if len(b) == 0 {
		return
	}
	if b[0] == '{' {
		if len(b) > maxBodyParse || !gjson.ValidBytes(b) {
			return
		}
		ks.addJSON(gjson.ParseBytes(b), 0)
		return
	}
	if len(b) <= maxBodyParse && !strings.ContainsAny(string(b[:min(len(b), 256)]), " \n<") {
		ks.addParams(string(b))
	}
}

// maxSecretDepth bounds how deep addJSON looks for secret members: real
// bodies nest credentials a few levels down ({"user":{"password":…}}).
const maxSecretDepth = 8

// addJSON adds the string values of secret members, at any depth up to
// maxSecretDepth.
func (ks *knownSecrets) addJSON(v gjson.Result, depth int) {
	if depth > maxSecretDepth {
		return
	}
	// A name/value pair ({"Key":"Password","Value":…}): the value, not
	// the name, is the secret.
	pairs := v.IsObject() && hasPairValue(v)
	if pairs {
		if p, ok := secretPair(v); ok {
			ks.addNamed(p.name, p.val.Str, false)
		}
	}
	v.ForEach(func(k, c gjson.Result) bool {
		switch {
		case pairs && strings.EqualFold(k.Str, "key"):
		case c.Type == gjson.String && k.Type == gjson.String && IsSecretName(k.Str) && !(strings.EqualFold(k.Str, "code") && len(c.Str) < 12):
			ks.add(c.Str)
		case c.IsObject() || c.IsArray():
			ks.addJSON(c, depth+1)
		}
		return true
	})
}

// scrub replaces every known secret in s by its fingerprint.
func (ks knownSecrets) scrub(s string) string {
	for _, v := range ks {
		if strings.Contains(s, v.text) {
			s = strings.ReplaceAll(s, v.text, redactedPrefix+Fingerprint(v.secret))
		}
	}
	return s
}

// in reports whether s holds one of the known secrets.
func (ks knownSecrets) in(s string) bool {
	for _, v := range ks {
		if strings.Contains(s, v.text) {
			return true
		}
	}
	return false
}

// scrubBytes is scrub for bytes; b itself when it holds no secret.
func (ks knownSecrets) scrubBytes(b []byte) []byte {
	for _, v := range ks {
		if bytes.Contains(b, []byte(v.text)) {
			return []byte(ks.scrub(string(b)))
		}
	}
	return b
}

// scrubEvent applies scrub to every free-text field of an Event.
func (ks knownSecrets) scrubEvent(e *Event) {
	if len(ks) == 0 {
		return
	}
	e.URL = ks.scrub(e.URL)
	e.Path = ks.scrub(e.Path)
	e.Connection = ks.scrub(e.Connection)
	e.NetError = ks.scrub(e.NetError)
	e.Step = ks.scrub(e.Step)
	e.Response.WWWAuthenticate = ks.scrub(e.Response.WWWAuthenticate)
	e.Response.Link = ks.scrub(e.Response.Link)
	e.Response.OAuthScopes = ks.scrub(e.Response.OAuthScopes)
	e.Response.AcceptedOAuthScopes = ks.scrub(e.Response.AcceptedOAuthScopes)
	if e.Error != nil {
		e.Error.Code = ks.scrub(e.Error.Code)
		e.Error.Description = ks.scrub(e.Error.Description)
		e.Error.Text = ks.scrub(e.Error.Text)
		for i, c := range e.Error.Codes {
			e.Error.Codes[i] = ks.scrub(c)
		}
	}
	if e.Token != nil {
		e.Token.RedirectURI = ks.scrub(e.Token.RedirectURI)
		e.Token.Scope = ks.scrub(e.Token.Scope)
	}
	if e.Run != nil {
		e.Run.Message = ks.scrub(e.Run.Message)
		e.Run.HTTPURL = ks.scrub(e.Run.HTTPURL)
	}
}

// ownSecretIn tells whether a credential header of the request (its
// Authorization, or a header a secret's name names) appears in one of
// fields — an API key the client also put in the URL path. It is the cheap
// test, run on every record, before secretsOf and scrubEvent.
func ownSecretIn(x *exchange, fields ...string) bool {
	var lb [64]byte
	for _, h := range x.reqHdr {
		n := lowerASCII(lb[:0], h.name)
		v := strings.TrimSpace(h.value)
		switch {
		case string(n) == "authorization" || string(n) == "proxy-authorization":
			if _, cred, ok := strings.Cut(v, " "); ok {
				v = strings.TrimSpace(cred)
			}
		case string(n) == "cookie" || !IsSecretName(h.name) && !bytes.HasSuffix(n, []byte("-token")) && !bytes.HasSuffix(n, []byte("-key")):
			continue
		}
		if len(v) < minKnownSecret {
			continue
		}
		for _, f := range fields {
			if strings.Contains(f, v) {
				return true
			}
		}
	}
	return false
}

// secretsOf gathers the secrets of an exchange.
func secretsOf(x *exchange, redactedURL string, respBody []byte, tokenCall bool) knownSecrets {
	var ks knownSecrets
	for _, h := range x.reqHdr {
		n := strings.ToLower(h.name)
		switch {
		case n == "authorization" || n == "proxy-authorization":
			ks.addAuthorization(h.value)
		case n == "cookie":
			for _, c := range strings.Split(h.value, ";") {
				_, v, _ := strings.Cut(c, "=")
				ks.add(v)
			}
		case IsSecretName(h.name) || strings.HasSuffix(n, "-token") || strings.HasSuffix(n, "-key"):
			ks.add(h.value)
		}
	}
	for _, h := range x.respHdr {
		if strings.EqualFold(h.name, "set-cookie") {
			v, _, _ := strings.Cut(h.value, ";")
			_, v, _ = strings.Cut(v, "=")
			ks.add(v)
		}
	}
	ks.addURLAs(x.url, redactedURL)
	ks.addBody(x.reqBody)
	if tokenCall {
		ks.addBody(respBody) // token responses carry the secrets; other bodies are data
	}
	return ks
}
