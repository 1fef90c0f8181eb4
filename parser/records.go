package parser

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// recordKind tells which line or array-element format a JSON object is in.
func recordKind(root gjson.Result, opts *Options) Format {
	if root.Get("request").IsObject() && (root.Get("response").Exists() || root.Get("startedDateTime").Exists()) {
		return FormatHARLines
	}
	if d := root.Get("data"); d.IsObject() && (d.Get("log_type").Exists() || d.Get("request_url").Exists()) {
		return FormatZapierLog
	}
	if root.Get("request_url").Exists() || root.Get("log_type").Exists() {
		return FormatZapierLog
	}
	if root.Get("URL").Exists() && root.Get("Status").Exists() {
		return FormatZapierCLI
	}
	if root.Get("resourceSpans").Exists() {
		return FormatOTel
	}
	if root.Get("attributes").Exists() && (root.Get("startTimeUnixNano").Exists() || root.Get("traceId").Exists() ||
		root.Get("trace_id").Exists() || root.Get("context").Exists() || root.Get("start_time").Exists()) {
		return FormatOTel
	}
	if len(opts.Fields) > 0 {
		// A JSON log of no other known shape, read through --field; native
		// records too, the mapping naming what differs from their keys.
		return FormatMapped
	}
	if root.Get("method").Exists() && root.Get("url").Exists() && root.Get("status").Exists() {
		return FormatNative
	}
	return FormatUnknown
}

// errNoShape marks a JSON record of no supported shape.
var errNoShape = errors.New("JSON record of no supported shape")

// decodeRecord turns one JSON record (a line or an array element) of the
// given kind into Events.
func decodeRecord(root gjson.Result, kind Format, src Source, opts *Options, k *sink) error {
	switch kind {
	case FormatHARLines:
		x, err := harEntryFast(root.Raw, src)
		if err != nil {
			return err
		}
		emitExchange(k, x, FormatHARLines)
	case FormatZapierLog:
		x, err := zapierLog(root, src)
		if err != nil {
			return err
		}
		emitExchange(k, x, FormatZapierLog)
	case FormatZapierCLI:
		x, err := zapierCLI(root, src)
		if err != nil {
			return err
		}
		emitExchange(k, x, FormatZapierCLI)
	case FormatNative:
		x, err := native(root, src)
		if err != nil {
			return err
		}
		emitExchange(k, x, FormatNative)
	case FormatMapped:
		x, err := mapped(root, src, opts.Fields)
		if err != nil {
			return err
		}
		emitExchange(k, x, FormatMapped)
	case FormatOTel:
		return otelRecord(root, src, k)
	default:
		return errNoShape
	}
	return nil
}

func emitExchange(k *sink, x *exchange, f Format) {
	e := build(x, k)
	e.Format = f
	k.event(e)
}

// zapierLog reads a zapier-platform-core log record: {"message": ...,
// "data": {"log_type": "http", "request_url": ...}}, or the same keys at
// the top level (zapier logs --format raw).
func zapierLog(root gjson.Result, src Source) (*exchange, error) {
	d := root
	if v := root.Get("data"); v.IsObject() {
		d = v
	}
	x := &exchange{src: src}
	var err error
	if x.time, err = readTime(d.Get("timestamp"), "timestamp"); err != nil {
		return nil, err
	}
	if x.time.IsZero() {
		if x.time, err = readTime(root.Get("timestamp"), "timestamp"); err != nil {
			return nil, err
		}
	}
	if ms := d.Get("request_duration_ms"); ms.Exists() {
		x.dur = time.Duration(ms.Float() * float64(time.Millisecond))
	}
	x.method = d.Get("request_method").String()
	x.url = d.Get("request_url").String()
	if p := d.Get("request_params"); p.Exists() && !strings.Contains(x.url, "?") {
		if q := paramsString(p); q != "" {
			x.url += "?" + q
		}
	}
	x.reqHdr = headerBlock(d.Get("request_headers"), x.method)
	x.reqBody = []byte(d.Get("request_data").String())
	x.reqRecorded = d.Get("request_headers").Exists() || d.Get("request_data").Exists()
	if x.status, err = readStatus(d.Get("response_status_code"), "response_status_code"); err != nil {
		return nil, err
	}
	x.respHdr, x.respListed = headerBlock(d.Get("response_headers"), x.method), listsHeaders(d.Get("response_headers"))
	x.respBody = []byte(d.Get("response_content").String())
	for _, key := range []string{"authentication_id", "account_id", "customuser_id"} {
		if v := d.Get(key); v.Exists() && v.String() != "" {
			x.conn = v.String()
			break
		}
		if v := root.Get(key); v.Exists() && v.String() != "" {
			x.conn = v.String()
			break
		}
	}
	x.step = firstNonEmpty(d.Get("step").String(), d.Get("step_id").String(), root.Get("step").String())
	if x.status == 0 && x.method == "" {
		// A record without a request: keep the message as the error.
		x.netErr = root.Get("message").String()
	}
	return x, nil
}

// zapierCLI reads one object of `zapier logs --type=http --detailed
// --format json`, whose keys are Title Case and whose values are strings.
func zapierCLI(root gjson.Result, src Source) (*exchange, error) {
	x := &exchange{src: src}
	var err error
	if x.time, err = readTime(root.Get("Timestamp"), "Timestamp"); err != nil {
		return nil, err
	}
	x.method = root.Get("Method").String()
	x.url = root.Get("URL").String()
	if q := root.Get("Querystring").String(); q != "" && !strings.Contains(x.url, "?") {
		x.url += "?" + strings.TrimPrefix(q, "?")
	}
	x.reqHdr = headerBlock(root.Get("Request Headers"), x.method)
	x.reqBody = []byte(root.Get("Request Body").String())
	x.reqRecorded = root.Get("Request Headers").Exists() || root.Get("Request Body").Exists()
	if x.status, err = readStatus(root.Get("Status"), "Status"); err != nil {
		return nil, err
	}
	x.respHdr, x.respListed = headerBlock(root.Get("Response Headers"), x.method), listsHeaders(root.Get("Response Headers"))
	x.respBody = []byte(root.Get("Response Body").String())
	x.step = root.Get("Step ID").String()
	if d := root.Get("Duration"); d.Exists() {
		x.dur = time.Duration(d.Float() * float64(time.Millisecond))
	}
	return x, nil
}

// headerBlock reads headers written as "Name: value\nName: value", as an
// object of strings or arrays, or as a HAR-style array (of a request or
// response whose method is method).
func headerBlock(v gjson.Result, method string) []header {
	switch {
	case v.Type == gjson.String:
		var hs []header
		for _, line := range strings.Split(v.Str, "\n") {
			n, val, ok := strings.Cut(strings.TrimRight(line, "\r"), ":")
			if ok && strings.TrimSpace(n) != "" {
				hs = append(hs, header{strings.TrimSpace(n), strings.TrimSpace(val)})
			}
		}
		return hs
	case v.IsArray():
		return harHeaders(v, method)
	case v.IsObject():
		var hs []header
		v.ForEach(func(k, val gjson.Result) bool {
			if val.IsArray() {
				for _, e := range val.Array() {
					hs = append(hs, header{k.String(), e.String()})
				}
			} else {
				hs = append(hs, header{k.String(), val.String()})
			}
			return true
		})
		return hs
	}
	return nil
}

// listsHeaders tells a header block (see headerBlock) that lists one
// header or more, whether headerBlock keeps them or not.
func listsHeaders(v gjson.Result) bool {
	switch {
	case v.Type == gjson.String:
		return strings.Contains(v.Str, ":")
	case v.IsArray() || v.IsObject():
		listed := false
		v.ForEach(func(_, _ gjson.Result) bool {
			listed = true
			return false
		})
		return listed
	}
	return false
}

// paramsString renders request params (an object or a query string),
// escaped, so a value holding '&' or '#' stays one parameter and is
// redacted whole.
func paramsString(p gjson.Result) string {
	if p.Type == gjson.String {
		return strings.TrimPrefix(p.Str, "?")
	}
	if !p.IsObject() {
		return ""
	}
	var parts []string
	p.ForEach(func(k, v gjson.Result) bool {
		parts = append(parts, url.QueryEscape(k.String())+"="+url.QueryEscape(v.String()))
		return true
	})
	sort.Strings(parts)
	return strings.Join(parts, "&")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// native reads authtriage's native line format:
//
//	{"time":"2026-03-02T10:12:44.123Z","method":"GET","url":"https://api.example.com/v1/me",
//	 "status":401,"duration_ms":87,"request_headers":{"Authorization":"Bearer ..."},
//	 "response_headers":{"WWW-Authenticate":"Bearer error=\"invalid_token\""},
//	 "request_body":"","response_body":"{\"error\":\"invalid_token\"}",
//	 "connection":"acct-42","step":"fetch profile","error":""}
func native(root gjson.Result, src Source) (*exchange, error) {
	x := &exchange{src: src}
	var err error
	if x.time, err = readTime(root.Get("time"), "time"); err != nil {
		return nil, err
	}
	x.method = root.Get("method").String()
	x.url = root.Get("url").String()
	if x.url == "" {
		return nil, errors.New("native record has no url")
	}
	if x.status, err = readStatus(root.Get("status"), "status"); err != nil {
		return nil, err
	}
	if d := root.Get("duration_ms"); d.Exists() {
		x.dur = time.Duration(d.Float() * float64(time.Millisecond))
	}
	x.reqHdr = headerBlock(root.Get("request_headers"), x.method)
	x.respHdr, x.respListed = headerBlock(root.Get("response_headers"), x.method), listsHeaders(root.Get("response_headers"))
	x.reqBody = []byte(bodyString(root.Get("request_body")))
	x.reqRecorded = root.Get("request_headers").Exists() || root.Get("request_body").Exists()
	x.respBody = []byte(bodyString(root.Get("response_body")))
	x.conn = root.Get("connection").String()
	x.step = root.Get("step").String()
	x.netErr = root.Get("error").String()
	return x, nil
}

// bodyString reads a body written as a string or as inline JSON.
func bodyString(v gjson.Result) string {
	if v.Type == gjson.String {
		return v.Str
	}
	if v.IsObject() || v.IsArray() {
		return v.Raw
	}
	return ""
}

// mappedFields are the names --field accepts.
var mappedFields = []string{"time", "method", "url", "status", "duration_ms", "request_headers",
	"response_headers", "request_body", "response_body", "connection", "step", "error", "host", "path"}

// ValidField reports whether --field may name this Event field.
func ValidField(name string) bool {
	for _, f := range mappedFields {
		if f == name {
			return true
		}
	}
	return false
}

// CheckFieldPath reports why a --field PATH is no gjson path that can
// name a member: empty, a '[', '{' or '(' left open or a closing one with
// none open, a '\\' with nothing after it, or an empty key between dots.
// gjson reads any string, so a broken path would silently match nothing.
func CheckFieldPath(path string) error {
	if path == "" {
		return errors.New("is empty")
	}
	var open []byte
	closing := map[byte]byte{']': '[', '}': '{', ')': '('}
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '\\':
			if i+1 == len(path) {
				return errors.New("ends in '\\' with nothing to escape")
			}
			i++
		case '"':
			if len(open) > 0 { // a string in a query, #(name=="[x]")
				for i++; i < len(path) && path[i] != '"'; i++ {
					if path[i] == '\\' {
						i++
					}
				}
				if i >= len(path) {
					return errors.New("leaves a '\"' open")
				}
			}
		case '[', '{', '(':
			open = append(open, c)
		case ']', '}', ')':
			if len(open) == 0 || open[len(open)-1] != closing[c] {
				return fmt.Errorf("has a '%c' that closes nothing", c)
			}
			open = open[:len(open)-1]
		case '.':
			if len(open) == 0 && (i == 0 || i+1 == len(path) || path[i+1] == '.') {
				return errors.New("has an empty key (a '.' at an end, or \"..\")")
			}
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("leaves a '%c' open", open[len(open)-1])
	}
	return nil
}

// MappedFields lists the names --field accepts.
func MappedFields() []string { return append([]string(nil), mappedFields...) }

// mapped reads any JSON log through --field NAME=PATH mappings.
func mapped(root gjson.Result, src Source, fields map[string]string) (*exchange, error) {
	get := func(name string) gjson.Result {
		if p, ok := fields[name]; ok {
			if r := root.Get(p); r.Exists() {
				return r
			}
		}
		// Unmapped, or mapped to nothing in this record: the key of that
		// name, as native records have (a mapping for one log in a
		// directory of several).
		return root.Get(name)
	}
	// Ids and URL parts are scalars; a mapping that points at an object
	// or array (an ECS "url" object) gives nothing rather than its JSON.
	scalar := func(name string) string {
		if r := get(name); r.Type != gjson.JSON {
			return r.String()
		}
		return ""
	}
	x := &exchange{src: src}
	var err error
	if x.time, err = readTime(get("time"), "time"); err != nil {
		return nil, err
	}
	x.method = scalar("method")
	x.url = scalar("url")
	if h, p := scalar("host"), scalar("path"); x.url == "" && p != "" {
		x.url = "https://" + h + p
	} else if x.url != "" && !strings.Contains(x.url, "://") && h != "" {
		x.url = "https://" + h + x.url
	}
	if x.status, err = readStatus(get("status"), "status"); err != nil {
		return nil, err
	}
	if x.url == "" && !get("status").Exists() {
		return nil, errors.New("record has neither the mapped url nor status")
	}
	if d := get("duration_ms"); d.Exists() {
		x.dur = time.Duration(d.Float() * float64(time.Millisecond))
	}
	x.reqHdr = headerBlock(get("request_headers"), x.method)
	x.respHdr, x.respListed = headerBlock(get("response_headers"), x.method), listsHeaders(get("response_headers"))
	x.reqBody = []byte(bodyString(get("request_body")))
	x.reqRecorded = get("request_headers").Exists() || get("request_body").Exists()
	x.respBody = []byte(bodyString(get("response_body")))
	x.conn = scalar("connection")
	x.step = scalar("step")
	x.netErr = get("error").String()
	return x, nil
}
