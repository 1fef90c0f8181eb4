package parser

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tidwall/gjson"
)

// jwtSigPrefix starts the signature of a JWT whose signature authtriage
// replaced: header and claims stay readable (they diagnose expiry), the
// signature becomes "redacted-<fp>" and Fingerprint gives back the same fp.
const jwtSigPrefix = "redacted-"

// maxEmbeddedDepth caps the nesting of JSON held in a string (a body)
// that redact parses as JSON: real bodies nest a dozen levels, and each
// level of a deeper one costs a walk of the whole (a 1 MB body nested
// 100,000 deep took minutes). A deeper body is redacted as text.
const maxEmbeddedDepth = 64

// streamDepth is how deep Redact streams into a document before it takes
// a whole value (a HAR entry, an OTLP resource) as one record.
const streamDepth = 3

// Redact copies an input — a HAR document, JSON lines, a JSON array or a
// task-history CSV, plain or gzip (written back plain) — to w with every
// secret replaced by "redacted:<fp>" and JWT signatures replaced, and
// nothing else changed: the copy is still valid, still parses, and gives
// the same findings, fingerprints included (see basicStandIn and
// cookieStandIns for the credentials written so that they read back).
// A record too large or too broken to redact is left out and reported.
func Redact(r io.Reader, name string, w io.Writer, opts Options, bad func(*RecordError)) (Stats, error) {
	st := Stats{File: name}
	in := &Input{Name: name}
	k := &sink{name: name, input: in, emit: func(*Event) {}, bad: bad, stats: &st}
	br, f, err := openInput(r, &opts)
	if errors.Is(err, errNoShapeInput) {
		// Any JSON log: its secrets are found by key and by shape, with no
		// field mapping needed.
		f, err = FormatMapped, nil
	}
	if err != nil {
		return st, err
	}
	st.Format = f
	bw := bufio.NewWriterSize(w, 1<<20)
	defer bw.Flush()
	switch {
	case f == FormatTaskCSV:
		err = redactCSV(br, bw, k)
	case f == FormatHAR || f == FormatZapRuns:
		err = redactDoc(newJSONScannerFull(br, opts.MaxRecordBytes), bw, k)
	default:
		c, ferr := firstByte(br)
		if ferr != nil {
			return st, ferr
		}
		if c == '[' || (c == '{' && mustMulti(br)) {
			// A JSON document, pretty-printed or not: redacted as JSON,
			// never line by line as text.
			err = redactDoc(newJSONScannerFull(br, opts.MaxRecordBytes), bw, k)
		} else {
			err = redactLines(br, bw, opts, k)
		}
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return st, err
}

func mustMulti(br *bufio.Reader) bool { m, _ := isMultiLineDoc(br); return m }

// newJSONScannerFull is a scanner that never cuts strings: a redacted
// copy must keep every byte that is not a secret.
func newJSONScannerFull(r io.Reader, maxRecord int) *jsonScanner {
	sc := newJSONScanner(r, maxRecord)
	sc.maxStr = 1<<62 - 1
	return sc
}

// redactLines redacts JSON lines one by one; other lines are copied
// through redactText.
func redactLines(br *bufio.Reader, w *bufio.Writer, opts Options, k *sink) error {
	lr := newLineReader(br, opts.MaxRecordBytes)
	for {
		line, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if isTooLarge(err) {
			k.skip(k.line(lr.line), fmt.Errorf("%w; left out of the redacted copy", err))
			continue
		}
		if err != nil {
			return err
		}
		t := trimSpace(line)
		switch {
		case len(t) == 0:
			w.WriteByte('\n')
			continue
		case t[0] != '{' && t[0] != '[' || !gjson.ValidBytes(t):
			// Text in a JSON-lines file could hold a secret in any
			// shape: it is left out rather than guessed at.
			k.skip(k.line(lr.line), errors.New("not a JSON record; left out of the redacted copy"))
			continue
		case depthOf(string(t)) > maxDepth:
			k.skip(k.line(lr.line), fmt.Errorf("%w; left out of the redacted copy", errTooDeep))
			continue
		}
		w.Write(redactJSON(t, ""))
		w.WriteByte('\n')
		k.stats.Records++
	}
}

// redactDoc streams a JSON document, taking each value below streamDepth
// as one record.
func redactDoc(sc *jsonScanner, w *bufio.Writer, k *sink) error {
	n := 0
	if err := redactValue2(sc, w, k, 0, "", &n); err != nil {
		if errors.Is(err, errTruncEOF) {
			return fmt.Errorf("document ends early (truncated): %w", err)
		}
		return err
	}
	w.WriteByte('\n')
	return sc.atEnd()
}

func redactValue2(sc *jsonScanner, w *bufio.Writer, k *sink, depth int, key string, n *int) error {
	c, ok := sc.peek()
	if !ok {
		return sc.err()
	}
	switch {
	case !streams(c, depth, key):
		raw, err := takeWhole(sc, k, n)
		if err != nil {
			return err
		}
		w.Write(redactJSON(raw, key))
		return nil
	case c == '{':
		return redactObject(sc, w, k, depth, key, n)
	}
	sc.pos++
	w.WriteByte('[')
	for i := 0; ; i++ {
		more, err := sc.elem(i == 0)
		if err != nil {
			return err
		}
		if !more {
			w.WriteByte(']')
			return nil
		}
		if i > 0 {
			w.WriteByte(',')
		}
		if err := redactValue2(sc, w, k, depth+1, key, n); err != nil {
			return err
		}
	}
}

// streams tells whether redactValue2 streams into a value that starts
// with c, found under key at depth, rather than take it whole: the
// document, and the containers of records (a HAR's log and entries,
// OTLP's resourceSpans, a page's data, the elements of an array).
func streams(c byte, depth int, key string) bool {
	return depth < streamDepth && (c == '{' || c == '[') &&
		(depth == 0 || key == "log" || key == "entries" || key == "resourceSpans" || key == "data" || key == "")
}

// takeWhole reads the next value whole and counts it as a record: null in
// place of one too large or invalid (reported).
func takeWhole(sc *jsonScanner, k *sink, n *int) ([]byte, error) {
	raw, _, err := sc.value(nil, false)
	switch {
	case isTooLarge(err):
		k.skip(k.entry(*n), fmt.Errorf("%w; replaced by null in the redacted copy", err))
		raw = []byte("null")
	case err != nil:
		return nil, err
	case !gjson.ValidBytes(raw):
		k.skip(k.entry(*n), errors.New("invalid JSON; replaced by null in the redacted copy"))
		raw = []byte("null")
	default:
		k.stats.Records++
	}
	*n++
	return raw, nil
}

// heldMember is a member of a streamed object read whole: its quoted key
// and its value.
type heldMember struct{ key, raw []byte }

// redactObject streams an object member by member. The members it takes
// whole are held and, when the object turns out to be a record (no
// member is streamed in turn, and all of it fits in the record limit),
// redacted together, so that the record's own secrets — the bearer token
// of its request headers — are scrubbed from its other members (a
// response body quoting it). In a container (a HAR's log, a page of runs)
// each member is redacted on its own, as it comes.
func redactObject(sc *jsonScanner, w *bufio.Writer, k *sink, depth int, key string, n *int) error {
	sc.pos++
	var held []heldMember
	heldBytes, holding, opened := 0, true, false
	// next starts the next member written: after '{' or ','.
	next := func() {
		if opened {
			w.WriteByte(',')
		} else {
			w.WriteByte('{')
			opened = true
		}
	}
	flush := func() {
		for _, m := range held {
			next()
			w.Write(m.key)
			w.WriteByte(':')
			w.Write(redactJSON(m.raw, unquoteKey(m.key)))
		}
		held, heldBytes = held[:0], 0
	}
	// fail writes what was read before a broken document ends the copy.
	fail := func(err error) error {
		flush()
		if !opened {
			w.WriteByte('{')
		}
		return err
	}
	for first := true; ; first = false {
		kb, more, err := sc.key(nil, first)
		if err != nil {
			return fail(err)
		}
		if !more {
			break
		}
		// The key as written, escapes and all: the copy changes nothing
		// but secrets.
		kq := append(append(append(make([]byte, 0, len(kb)+2), '"'), kb...), '"')
		name := unquoteKey(kq)
		c, ok := sc.peek()
		if !ok {
			return fail(sc.err())
		}
		if streams(c, depth+1, name) {
			holding = false
			flush()
			next()
			w.Write(kq)
			w.WriteByte(':')
			if err := redactValue2(sc, w, k, depth+1, name, n); err != nil {
				return err
			}
			continue
		}
		raw, err := takeWhole(sc, k, n)
		if err != nil {
			return fail(err)
		}
		held = append(held, heldMember{kq, raw})
		heldBytes += len(kq) + len(raw) + 2
		if !holding || heldBytes > sc.maxRec {
			holding = false
			flush()
		}
	}
	if !holding || len(held) == 0 {
		flush()
		if !opened {
			w.WriteByte('{')
		}
		w.WriteByte('}')
		return nil
	}
	// A record: redacted as one object.
	obj := make([]byte, 0, heldBytes+1)
	obj = append(obj, '{')
	for i, m := range held {
		if i > 0 {
			obj = append(obj, ',')
		}
		obj = append(append(append(obj, m.key...), ':'), m.raw...)
	}
	obj = append(obj, '}')
	w.Write(redactJSON(obj, key))
	return nil
}

// unquoteKey returns the member name of a quoted key.
func unquoteKey(kq []byte) string {
	var s string
	json.Unmarshal(kq, &s)
	return s
}

// edit replaces raw[at:at+n] by with.
type edit struct {
	at, n int
	with  []byte
}

// redactJSON returns raw with every secret string replaced, everything else
// byte for byte. key is the member name raw was found under.
func redactJSON(raw []byte, key string) []byte {
	var ks knownSecrets
	gatherSecrets(gjson.ParseBytes(raw), key, gjson.Result{}, &ks)
	// The record's own secrets, wherever else they appear (an error
	// description quoting the token, a challenge header), are scrubbed from
	// the string values by walkRedact and from the bytes here (member
	// names, numbers, bodies held as strings).
	return ks.scrubBytes(redactJSONInner(raw, key, ks))
}

// gatherSecrets collects the secret values of a record: credentials,
// secret members and parameters, in URLs and in bodies held as strings.
func gatherSecrets(v gjson.Result, key string, parent gjson.Result, ks *knownSecrets) {
	switch {
	case v.IsObject():
		val := v.Get("value")
		if n := v.Get("name"); n.Type == gjson.String && val.Type == gjson.String {
			ks.addNamed(n.Str, val.Str, key == "cookies")
		}
		if p, ok := secretPair(v); ok {
			ks.addNamed(p.name, p.val.Str, false)
		} else if kk := v.Get("key"); kk.Type == gjson.String && val.IsObject() {
			// An OTLP attribute: {"key":…,"value":{"stringValue":…}}.
			name := kk.Str
			if h, ok := headerOf(name); ok {
				name = h
			}
			if pairSecret(name) {
				ks.addAttr(val, name)
			}
		}
		if u, _, ok := authUserMember(v, key); ok {
			ks.add(u.Str)
		}
		if enc := v.Get("encoding"); enc.Type == gjson.String && strings.EqualFold(enc.Str, "base64") {
			if txt := v.Get("text"); txt.Type == gjson.String {
				if dec, err := base64.StdEncoding.DecodeString(txt.Str); err == nil {
					gatherSecrets(gjson.Result{Type: gjson.String, Str: string(dec)}, "text", v, ks)
				}
			}
		}
		v.ForEach(func(k, child gjson.Result) bool {
			gatherSecrets(child, k.Str, v, ks)
			return true
		})
	case v.IsArray():
		v.ForEach(func(_, child gjson.Result) bool {
			gatherSecrets(child, key, parent, ks)
			return true
		})
	case v.Type == gjson.String:
		s := v.Str
		lk := strings.ToLower(key)
		h, isHeader := headerOf(key)
		switch {
		case isHeader && pairSecret(h):
			ks.addNamed(h, s, false)
		case lk == "authorization":
			ks.addAuthorization(s)
		case IsSecretName(key) && !(lk == "code" && !(parent.Get("grant_type").Exists() || parent.Get("redirect_uri").Exists())) && !(lk == "key" && hasPairValue(parent)):
			ks.add(s)
		case headerKeys[key]:
			for _, l := range strings.Split(s, "\n") {
				n, val, ok := strings.Cut(l, ":")
				if !ok {
					continue
				}
				// By the header's name, as a HAR header: the cookies'
				// values, not a Set-Cookie's attributes.
				ks.addNamed(strings.TrimSpace(n), strings.TrimSpace(val), false)
			}
		case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
			ks.addURL(s)
		default:
			t := strings.TrimSpace(s)
			if len(t) > 1 && (t[0] == '{' || t[0] == '[') && depthOf(t) <= maxEmbeddedDepth && gjson.Valid(t) {
				gatherSecrets(gjson.Parse(t), key, gjson.Result{}, ks)
			} else if strings.Contains(t, "=") && !strings.ContainsAny(t, " \n<") {
				ks.addParams(t)
			} else if bodyKeys[key] && looksXML(t) {
				xmlSecrets(s, func(start, end int) { ks.add(s[start:end]) })
			}
			for _, u := range urlsIn(s) {
				ks.addURL(u)
			}
		}
	}
}

// redactJSONInner applies the edits of one JSON value; ks are the
// secrets of its record, scrubbed from string values that JSON escapes
// would hide them in.
func redactJSONInner(raw []byte, key string, ks knownSecrets) []byte {
	var edits []edit
	walkRedact(gjson.ParseBytes(raw), key, gjson.Result{}, ks, &edits)
	if len(edits) == 0 {
		return raw
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var out bytes.Buffer
	out.Grow(len(raw))
	last := 0
	for _, e := range edits {
		if e.at < last {
			continue // nested in an edit already made
		}
		out.Write(raw[last:e.at])
		out.Write(e.with)
		last = e.at + e.n
	}
	out.Write(raw[last:])
	return out.Bytes()
}

// walkRedact collects edits for v, found under key in parent.
func walkRedact(v gjson.Result, key string, parent gjson.Result, ks knownSecrets, edits *[]edit) {
	switch {
	case v.IsObject():
		// Name/value pairs: HAR headers, query strings, params and cookies;
		// OTel attributes are key/value.
		// {"name":…,"value":…}, and the pairs secretPair reads
		// ({"key":"password","value":…}, {"Name":"password","Value":…}).
		val, valKey := v.Get("value"), "value"
		name, pair, cookie := "", false, false
		if n := v.Get("name"); n.Type == gjson.String && val.Exists() {
			name, pair, cookie = n.Str, true, key == "cookies"
		} else if p, ok := secretPair(v); ok {
			name, val, valKey, pair = p.name, p.val, p.valKey, true
		}
		if pair {
			if val.Type == gjson.String {
				s, changed := redactNamed(name, val.Str, cookie)
				addEdit(val, s, changed, ks, edits)
			}
			// The pair's other members (a cookie's domain, or a whole
			// record that has a name and a value) are judged by their own.
			v.ForEach(func(k, child gjson.Result) bool {
				if k.Str != valKey {
					walkRedact(child, k.Str, v, ks, edits)
				}
				return true
			})
			return
		}
		if u, uk, ok := authUserMember(v, key); ok {
			// {"auth":{"username":"sk_…","password":""}}: the user is the key.
			addEdit(u, redactValue(u.Str), true, ks, edits)
			v.ForEach(func(k, child gjson.Result) bool {
				if k.Str != uk {
					walkRedact(child, k.Str, v, ks, edits)
				}
				return true
			})
			return
		}
		if kk := v.Get("key"); kk.Type == gjson.String && v.Get("value").IsObject() {
			name := strings.TrimPrefix(strings.TrimPrefix(kk.Str, "http.request.header."), "http.response.header.")
			if name != kk.Str || IsSecretName(name) {
				v.Get("value").ForEach(func(_, inner gjson.Result) bool {
					redactAttr(inner, name, ks, edits)
					return true
				})
				return
			}
		}
		if enc := v.Get("encoding"); enc.Type == gjson.String && strings.EqualFold(enc.Str, "base64") {
			// A HAR body stored as base64: decode, redact, encode again.
			if txt := v.Get("text"); txt.Type == gjson.String && txt.Str != "" {
				if dec, err := base64.StdEncoding.DecodeString(txt.Str); err == nil {
					red, changed := redactString("text", string(dec), v, ks)
					if ks.in(red) {
						red, changed = ks.scrub(red), true
					}
					if changed {
						*edits = append(*edits, edit{txt.Index, len(txt.Raw), quote(base64.StdEncoding.EncodeToString([]byte(red)))})
					}
				}
			}
			v.ForEach(func(k, child gjson.Result) bool {
				if k.Str != "text" {
					walkRedact(child, k.Str, v, ks, edits)
				}
				return true
			})
			return
		}
		v.ForEach(func(k, child gjson.Result) bool {
			walkRedact(child, k.Str, v, ks, edits)
			return true
		})
	case v.IsArray():
		v.ForEach(func(_, child gjson.Result) bool {
			walkRedact(child, key, parent, ks, edits)
			return true
		})
	case v.Type == gjson.String:
		s, changed := redactString(key, v.Str, parent, ks)
		addEdit(v, s, changed, ks, edits)
	}
}

// authUserMember reads an object found under an auth option's key (see
// isAuthKey) whose user member ("username" or "user", in any case) is a
// string and whose password member ("password" or "pass") is absent,
// null or a stand-in, and returns the user member and its key: the user
// is then the API key ({"auth":{"username":"sk_…","password":""}}, as
// axios's config is logged as JSON).
func authUserMember(v gjson.Result, key string) (gjson.Result, string, bool) {
	if !isAuthKey(key) {
		return gjson.Result{}, "", false
	}
	var user gjson.Result
	var userKey string
	standIn := true
	v.ForEach(func(k, c gjson.Result) bool {
		switch {
		case strings.EqualFold(k.Str, "username") || strings.EqualFold(k.Str, "user"):
			user, userKey = c, k.Str
		case strings.EqualFold(k.Str, "password") || strings.EqualFold(k.Str, "pass"):
			standIn = c.Type == gjson.Null || c.Type == gjson.String && (standInPassword(c.Str) || isPlaceholder(c.Str))
		}
		return standIn
	})
	return user, userKey, standIn && user.Type == gjson.String && len(user.Str) >= minSecretAround
}

// pair is a name/value pair object's name and its value member.
type pair struct {
	name   string
	val    gjson.Result
	valKey string // the value member's key, as written
}

// pairNameKeys and pairValueKeys are the member names, lower case, of
// the name and the value of a name/value pair: GitLab's key/value,
// Keycloak's type/value, AWS's Key/Value and Name/Value, CloudFormation's
// ParameterKey/ParameterValue, form builders' label, field and fieldName,
// settings' id/val.
var (
	pairNameKeys  = map[string]bool{"name": true, "key": true, "type": true, "label": true, "field": true, "fieldname": true, "parameterkey": true, "id": true}
	pairValueKeys = map[string]bool{"value": true, "val": true, "fieldvalue": true, "parametervalue": true}
)

// secretPair reads an object holding a name member and a string value
// member (pairNameKeys, pairValueKeys, in any case) whose name is a
// secret's. A "type" of "code" names a code block more often than an
// authorization code, so it is not one.
func secretPair(v gjson.Result) (pair, bool) {
	var p pair
	var first string // the first name member, kept for the pair when none names a secret
	secret := false
	v.ForEach(func(k, c gjson.Result) bool {
		lk := strings.ToLower(k.Str)
		switch {
		case c.Type == gjson.String && pairNameKeys[lk]:
			// Every name member counts, in any order: {"id":…,"type":"password",…}
			// (Keycloak), {"label":"Email","key":"api_key",…}.
			if first == "" {
				first = c.Str
			}
			if !secret && pairSecret(c.Str) && !(lk == "type" && strings.EqualFold(c.Str, "code")) {
				p.name, secret = c.Str, true
			}
		case p.valKey == "" && c.Type == gjson.String && pairValueKeys[lk]:
			p.val, p.valKey = c, k.Str
		}
		return true
	})
	if !secret {
		p.name = first
	}
	return p, secret && p.valKey != ""
}

// hasPairValue tells an object with a pair's value member: its "key"
// member is a pair's name, not a key.
func hasPairValue(v gjson.Result) bool {
	found := false
	v.ForEach(func(k, _ gjson.Result) bool {
		found = pairValueKeys[strings.ToLower(k.Str)]
		return !found
	})
	return found
}

// pairSecret tells a header, parameter or cookie name whose value
// redactNamed replaces whole (or empties, for cookies).
func pairSecret(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return n == "cookie" || n == "set-cookie" || n == "authorization" || n == "proxy-authorization" ||
		IsSecretName(name) || strings.HasSuffix(n, "-token") || strings.HasSuffix(n, "-api-key") || strings.HasSuffix(n, "_token")
}

// headerOf returns the name of the HTTP header a log field holds: OTel's
// http.request.header.<name> and http.response.header.<name> attributes,
// and Traefik's request_<Name>, origin_<Name> and downstream_<Name>
// access-log fields when <Name> is a credential header (request_body and
// request_headers of other logs are no header).
func headerOf(key string) (string, bool) {
	if len(key) > 5 && strings.EqualFold(key[:5], "http.") {
		lk := strings.ToLower(key)
		if h, ok := strings.CutPrefix(lk, "http.request.header."); ok {
			return h, true
		}
		if h, ok := strings.CutPrefix(lk, "http.response.header."); ok {
			return h, true
		}
	}
	for _, p := range traefikPrefixes {
		if h, ok := strings.CutPrefix(key, p); ok && pairSecret(h) {
			return h, true
		}
	}
	return "", false
}

// traefikPrefixes start the header fields of a Traefik access log
// (accessLog.fields.headers): request_Cookie, downstream_Set-Cookie.
var traefikPrefixes = []string{"request_", "origin_", "downstream_"}

// addEdit replaces string value v by s when redaction changed it, and
// scrubs the record's own secrets, ks, from it when its JSON escapes
// would hide one from the scrub of the output bytes
// ("LEAKME\/7Zp" for the token "LEAKME/7Zp").
func addEdit(v gjson.Result, s string, changed bool, ks knownSecrets, edits *[]edit) {
	if ks.in(s) && (changed || ks.in(gjson.Parse(ks.scrub(v.Raw)).Str)) {
		s, changed = ks.scrub(s), true
	}
	if changed {
		*edits = append(*edits, edit{v.Index, len(v.Raw), quote(s)})
	}
}

// redactAttr redacts an OTel attribute value (stringValue or array).
func redactAttr(v gjson.Result, name string, ks knownSecrets, edits *[]edit) {
	if v.Type == gjson.String {
		s, changed := redactNamed(name, v.Str, false)
		addEdit(v, s, changed, ks, edits)
		return
	}
	v.ForEach(func(_, c gjson.Result) bool {
		redactAttr(c, name, ks, edits)
		return true
	})
}

// redactNamed redacts a header, parameter or cookie value by its name.
func redactNamed(name, value string, cookie bool) (string, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	switch {
	case value == "":
		return value, false
	case cookie:
		// One entry of a HAR cookie list, which the parser reads as a
		// Cookie header "name=value" when the request has no other.
		if isFingerprint(value) {
			return value, false
		}
		return redactedPrefix + Fingerprint(name+"="+value), true
	case n == "cookie":
		r := cookieStandIns(value)
		return r, r != value
	case n == "set-cookie":
		return emptySetCookies(value), true
	case n == "authorization" || n == "proxy-authorization":
		r := redactCredential(value)
		return r, r != value
	case IsSecretName(name) || strings.HasSuffix(n, "-token") || strings.HasSuffix(n, "-api-key") || strings.HasSuffix(n, "_token"):
		if _, ok := censoredFP(value); ok {
			return value, false
		}
		// Fingerprinted as the parser reads an API-key header: trimmed.
		r := redactedValue(strings.TrimSpace(value))
		return r, r != value
	}
	r := redactText(value)
	return r, r != value
}

// redactedValue is redactValue, keeping a redacted JWT's readable parts.
func redactedValue(v string) string {
	if c := jwtRedacted(v); c != "" {
		return c
	}
	return redactValue(v)
}

// redactCredential keeps an Authorization scheme and replaces the
// credential; a JWT keeps its header and claims.
func redactCredential(v string) string {
	if _, ok := censoredFP(strings.TrimSpace(v)); ok {
		return v
	}
	scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok {
		return redactedValue(strings.TrimSpace(v)) // fingerprinted as readAuth reads it
	}
	cred = strings.TrimSpace(cred)
	if _, ok := censoredFP(cred); ok || strings.HasPrefix(cred, redactedPrefix) || isPlaceholder(cred) {
		return v // "Bearer undefined" is shown as written
	}
	if strings.EqualFold(scheme, "basic") {
		if s, ok := basicStandIn(cred); ok {
			if s == cred {
				return v
			}
			return scheme + " " + s
		}
	}
	return scheme + " " + redactedValue(cred)
}

// basicStandIn returns the stand-in of a Basic credential whose user is a
// client id (its password at least minBasicPassword long and no
// placeholder, its user not key-shaped, see keyShapedUser): the same user
// and, for the password, "redacted:<fp>", fp the fingerprint of the whole
// credential —
//
//	Basic WEVST0NMSUVOVElEMTIzNDpzM2NyM3Q=   (XEROCLIENTID1234:s3cr3t)
//	Basic WEVST0NMSUVOVElEMTIzNDpyZWRhY3RlZDo3ZjNhMDQ1YjEy   (XEROCLIENTID1234:redacted:7f3a045b12)
//
// so that a token call's client id (and the connection named after it)
// and the credential's fingerprint read back as from the original
// (tokenCall, basicStandInFP). A user tokenCall would fingerprint
// (looksSecretID) is fingerprinted here too, %-escaped
// ("redacted%3A<fp>"), as tokenCall unescapes it. A stand-in is returned
// as it is. ok is false for a credential that is not user:password (an
// API key as the user, with a password that stands in for none, see
// basicUserIsKey): it is fingerprinted whole.
func basicStandIn(cred string) (string, bool) {
	if _, ok := basicStandInFP(cred); ok {
		return cred, true
	}
	dec, err := base64.StdEncoding.DecodeString(cred)
	if err != nil {
		return "", false
	}
	user, pass, ok := strings.Cut(string(dec), ":")
	if !ok || basicUserIsKey(pass) || placeholderPasswords[strings.ToLower(pass)] {
		return "", false
	}
	if id := unescape(user); keyShapedUser(id) {
		return "", false // an API key, whatever the password
	} else if looksSecretID(id) {
		user = "redacted%3A" + Fingerprint(id)
	}
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + redactedPrefix + Fingerprint(cred))), true
}

// placeholderPasswords are Basic passwords that clients send with an API
// key as the user, where the scheme wants no password: the user is then
// the secret.
var placeholderPasswords = map[string]bool{"api_token": true, "x": true, "password": true, "none": true, "-": true}

// minKeyShapedUser is the length from which a Basic user of letters and
// digits alone is taken for an API key (a 32-digit hex token, a
// lower-case key): client ids kept readable are shorter or carry dots,
// dashes of a UUID or an @.
const minKeyShapedUser = 24

// keyShapedUser tells a Basic user that looks like an API key and that
// looksSecretID does not fingerprint as a client id: long, only letters,
// digits and underscores, with both letters and digits. Such a credential
// is fingerprinted whole, so the key never reaches the copy; the price is
// that a token call with such a client id has none in the copy.
func keyShapedUser(id string) bool {
	if len(id) < minKeyShapedUser || looksSecretID(id) || !hasLetterAndDigit(id) {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// maxBasicStandIn bounds the Basic credentials basicStandInFP decodes: a
// client id and a fingerprint fit many times over; bearer tokens, often
// longer, are not decoded.
const maxBasicStandIn = 512

// basicStandInFP reads the fingerprint back from a Basic credential
// basicStandIn wrote: base64 of "user:redacted:<fp>".
func basicStandInFP(cred string) (string, bool) {
	if len(cred) < 28 || len(cred) > maxBasicStandIn || len(cred)%4 != 0 || strings.IndexByte(cred, '.') >= 0 {
		return "", false // (28: the base64 of ":redacted:" and ten digits, and more)
	}
	dec, err := base64.StdEncoding.DecodeString(cred)
	if err != nil {
		return "", false
	}
	_, pass, ok := strings.Cut(string(dec), ":")
	if !ok || !isFingerprint(pass) {
		return "", false
	}
	return pass[len(redactedPrefix):], true
}

// credentialFP is Fingerprint for an Authorization credential, reading a
// Basic stand-in back to the fingerprint of the credential it replaced.
func credentialFP(cred string) string {
	if fp, ok := basicStandInFP(cred); ok {
		return fp
	}
	return Fingerprint(cred)
}

// cookieStandIns replaces the value of each cookie of a Cookie header by
// "redacted:<fp>", fp the fingerprint of the whole header value, which is
// what the parser fingerprints as the session's credential; names are
// kept, empty values stay empty. cookieFP reads the copy back to the same
// fingerprint:
//
//	sid=s%3AkT9w…; theme=dark   →   sid=redacted:4f1c2d3e5a; theme=redacted:4f1c2d3e5a
func cookieStandIns(v string) string {
	if _, ok := cookieStandInFP(v); ok {
		return v
	}
	fp := redactedPrefix + Fingerprint(v)
	parts := strings.Split(v, ";")
	for i, p := range parts {
		name, val, _ := strings.Cut(p, "=")
		if strings.TrimSpace(val) == "" {
			parts[i] = name + "="
		} else {
			parts[i] = name + "=" + fp
		}
	}
	return strings.Join(parts, ";")
}

// cookieStandInFP reads the fingerprint back from a Cookie header
// cookieStandIns wrote: every value that is not empty is the same
// "redacted:<fp>".
func cookieStandInFP(v string) (string, bool) {
	if !strings.Contains(v, redactedPrefix) {
		return "", false
	}
	fp := ""
	for p := range strings.SplitSeq(v, ";") {
		_, val, _ := strings.Cut(p, "=")
		switch val = strings.TrimSpace(val); {
		case val == "":
		case !isFingerprint(val) || fp != "" && val != fp:
			return "", false
		default:
			fp = val
		}
	}
	if fp == "" {
		return "", false
	}
	return fp[len(redactedPrefix):], true
}

// cookieFP is Fingerprint for a Cookie header, reading a copy
// cookieStandIns wrote back to the fingerprint of the header it replaced.
func cookieFP(v string) string {
	if fp, ok := cookieStandInFP(v); ok {
		return fp
	}
	return Fingerprint(v)
}

// jwtRedacted returns a JWT with its signature replaced by its fingerprint,
// or "" when tok is not a JWT.
func jwtRedacted(tok string) string {
	if !strings.HasPrefix(tok, "eyJ") || strings.Count(tok, ".") != 2 {
		return ""
	}
	i := strings.LastIndexByte(tok, '.')
	if strings.HasPrefix(tok[i+1:], jwtSigPrefix) {
		return tok
	}
	return tok[:i+1] + jwtSigPrefix + Fingerprint(tok)
}

// emptySetCookies keeps the names of the cookies a Set-Cookie value sets
// and empties their values (the parser reads no Set-Cookie value). It
// may hold several cookies: one a line (browsers store repeated
// Set-Cookie headers so in a HAR) or joined by ", " (folded header
// blocks); each keeps its attributes, Expires dates included.
func emptySetCookies(v string) string {
	var b strings.Builder
	b.Grow(len(v))
	for i, c := range setCookies(v) {
		if i > 0 {
			b.WriteString(c.sep)
		}
		if strings.TrimSpace(c.text) == "" {
			b.WriteString(c.text) // a trailing line break
			continue
		}
		name, _, _ := strings.Cut(c.text, "=")
		if j := strings.IndexByte(name, ';'); j >= 0 {
			name = name[:j] // "flag; Path=/": no value to empty
		}
		b.WriteString(name)
		b.WriteByte('=')
		if j := strings.IndexByte(c.text, ';'); j >= 0 {
			b.WriteString(c.text[j:])
		} else if strings.HasSuffix(c.text, "\r") {
			b.WriteByte('\r') // a CRLF-separated list keeps its CRs
		}
	}
	return b.String()
}

// setCookie is one cookie of a Set-Cookie value and the separator that
// came before it ("\n", ", " or "" for the first).
type setCookie struct{ sep, text string }

// setCookies splits a Set-Cookie value into its cookies: at line breaks,
// and at ", " where a cookie name and '=' follow — not inside an Expires
// date ("Expires=Wed, 21 Oct 2026 07:28:00 GMT"), where a day follows.
// Each byte is looked at a bounded number of times: a name scan stops at
// the next ',' at the latest.
func setCookies(v string) []setCookie {
	var out []setCookie
	sep, start := "", 0
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '\n':
			out = append(out, setCookie{sep, v[start:i]})
			sep, start = "\n", i+1
		case v[i] == ',' && i+1 < len(v) && v[i+1] == ' ' && startsCookie(v[i+2:]):
			out = append(out, setCookie{sep, v[start:i]})
			sep, start = ", ", i+2
			i++
		}
	}
	return append(out, setCookie{sep, v[start:]})
}

// startsCookie tells whether s starts with a cookie name and '='.
func startsCookie(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '=':
			return i > 0
		case c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?{}", c) >= 0:
			return false // not an RFC 6265 token character
		}
	}
	return false
}

// urlKeys hold URLs; bodyKeys hold request or response bodies; headerKeys
// hold "Name: value" header blocks.
var (
	bodyKeys   = map[string]bool{"text": true, "request_data": true, "response_content": true, "Request Body": true, "Response Body": true, "request_body": true, "response_body": true, "content": true, "body": true, "data_in": true, "data_out": true}
	headerKeys = map[string]bool{"request_headers": true, "response_headers": true, "Request Headers": true, "Response Headers": true}
)

// redactString redacts one string value found under key.
func redactString(key, s string, parent gjson.Result, ks knownSecrets) (string, bool) {
	if s == "" {
		return s, false
	}
	if _, ok := censoredFP(s); ok {
		return s, false
	}
	if h, ok := headerOf(key); ok {
		// Captured headers: judged by the header's own name.
		return redactNamed(h, s, false)
	}
	lk := strings.ToLower(key)
	switch {
	case lk == "code" && !(parent.Get("grant_type").Exists() || parent.Get("redirect_uri").Exists()):
		return s, false // an error code, not an authorization code
	case lk == "key" && hasPairValue(parent):
		return s, false // a pair's name, an OTel attribute's
	case (lk == "step" || lk == "step_id") && isUUID(s):
		return s, false // a step id, kept in reports too (redactStep)
	case secretKey(key):
		if strings.HasPrefix(s, redactedPrefix) {
			return s, false
		}
		r := redactedValue(s)
		if lk == "authorization" {
			r = redactCredential(s)
		}
		return r, r != s
	case headerKeys[key]:
		return redactHeaderBlock(s)
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		r, _, _ := redactURL(s)
		return r, r != s
	}
	if strings.HasPrefix(s, "//") && strings.IndexByte(s, '@') > 0 && !strings.ContainsAny(s, " \n") {
		// A scheme-relative URL (//bob:pw@host/path): its user:password
		// part, judged as under https.
		r, _, _ := redactURL("https:" + s)
		r = strings.TrimPrefix(r, "https:")
		return r, r != s
	}
	t := strings.TrimSpace(s)
	if len(t) > 1 && (t[0] == '{' || t[0] == '[') && depthOf(t) <= maxEmbeddedDepth && gjson.Valid(t) {
		r := string(redactJSONInner([]byte(s), key, ks))
		return r, r != s
	}
	if bodyKeys[key] && strings.Contains(s, "=") && !strings.ContainsAny(t, " \n<") {
		r := redactParams(s)
		return r, r != s
	}
	r := s
	if bodyKeys[key] && looksXML(t) {
		r = redactXML(r)
	}
	r = redactTextKeepJWT(r)
	return r, r != s
}

// secretKey tells a JSON member name whose string value redactString
// replaces whole: a secret's name, or one ending in "token" that is not
// token_type or an expiry.
func secretKey(key string) bool {
	if IsSecretName(key) {
		return true
	}
	lk := strings.ToLower(key)
	return strings.HasSuffix(lk, "_token") || strings.HasSuffix(lk, "token") && lk != "token_type" && !strings.Contains(lk, "expire")
}

// redactTextKeepJWT is redactText, but a JWT keeps its readable parts.
func redactTextKeepJWT(s string) string {
	s = jwtPattern.ReplaceAllStringFunc(s, func(m string) string {
		if c := jwtRedacted(m); c != "" {
			return c
		}
		return m
	})
	return redactText(s)
}

// redactHeaderBlock redacts a "Name: value\nName: value" block.
func redactHeaderBlock(s string) (string, bool) {
	lines := strings.Split(s, "\n")
	changed := false
	for i, l := range lines {
		name, val, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v := strings.TrimSpace(strings.TrimRight(val, "\r"))
		if r, c := redactNamed(name, v, false); c {
			lines[i] = name + ": " + r
			if strings.HasSuffix(val, "\r") {
				lines[i] += "\r"
			}
			changed = true
		}
	}
	return strings.Join(lines, "\n"), changed
}

// quote encodes s as a JSON string without HTML escaping. U+FFFD is
// written escaped, as encoding/json writes an invalid UTF-8 byte, so a
// copy redacted again writes it the same way.
func quote(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	q := bytes.TrimRight(b.Bytes(), "\n")
	return bytes.ReplaceAll(q, []byte("\uFFFD"), []byte(`\ufffd`))
}

// redactCSV redacts every field of a task-history CSV.
func redactCSV(r io.Reader, w *bufio.Writer, k *sink) error {
	lim := &taskCSVLimit{r: r, max: maxTaskCSVRecordBytes}
	rd := newCSVRecords(lim)
	cw := csv.NewWriter(w)
	for first := true; ; first = false {
		rec, line, err := rd.read()
		if err == io.EOF {
			break
		}
		var bad *csvBadRecord
		switch {
		case err != nil && errors.As(err, new(errTaskCSVTooLarge)):
			cw.Flush()
			return fmt.Errorf("a record runs past the %d-byte limit (an unclosed quote?); the rest is left out of the redacted copy", maxTaskCSVRecordBytes)
		case err != nil && errors.As(err, &bad):
			k.skip(k.line(line), fmt.Errorf("%w; left out of the redacted copy", bad.err))
			continue
		case err != nil:
			cw.Flush()
			return err
		}
		if first {
			// The header: with its columns, a quote never closed is told
			// apart, as triage tells it.
			if cols, ok := taskCSVColumns(rec); ok {
				rd.setHeader(cols)
			} else if h, d := otherDelimiter(rec); d != 0 {
				// A ';' or tab file: read and written with its delimiter.
				rec, cw.Comma = h, d
				rd.setComma(d)
				cols, _ := taskCSVColumns(h)
				rd.setHeader(cols)
			}
		}
		var ks knownSecrets
		for _, f := range rec {
			gatherSecrets(gjson.Parse(quoteString(f)), "data_out", gjson.Result{}, &ks)
		}
		for i, f := range rec {
			if r, changed := redactString("data_out", f, gjson.Result{}, ks); changed {
				rec[i] = r
			}
			rec[i] = ks.scrub(rec[i])
		}
		if len(rec) == 1 && rec[0] == "" {
			// encoding/csv writes a record of one empty field as an empty
			// line, which a reader skips: the copy redacted again lost it.
			// Quoted, it reads back.
			cw.Flush()
			w.WriteString(`""` + "\n")
		} else {
			cw.Write(rec)
		}
		k.stats.Records++
	}
	cw.Flush()
	return cw.Error()
}

func quoteString(s string) string { return string(quote(s)) }
