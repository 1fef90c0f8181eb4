package parser

import (
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonDec is a validating, single-pass reader of one JSON value held in a
// string. The HAR entry reader below uses it to check an entry and pick out
// what an exchange needs in the same pass, instead of validating the entry
// with gjson and then walking it again for each field. Strings it returns
// are views into the input until unescaped.
type jsonDec struct {
	s     string
	i     int
	depth int
	err   error
}

func (d *jsonDec) fail(msg string) bool {
	if d.err == nil {
		d.err = fmt.Errorf("invalid JSON at byte %d: %s", d.i, msg)
	}
	return false
}

func (d *jsonDec) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end.
func (d *jsonDec) peek() byte {
	d.ws()
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

// str reads a string and returns its content as written (escapes kept)
// and whether it holds escapes.
func (d *jsonDec) str() (raw string, esc, ok bool) {
	if d.peek() != '"' {
		return "", false, d.fail("expected a string")
	}
	d.i++
	start := d.i
	for d.i < len(d.s) {
		j := plainEnd(d.s, d.i)
		d.i = j
		if d.i >= len(d.s) {
			break
		}
		switch c := d.s[d.i]; {
		case c == '"':
			raw = d.s[start:d.i]
			d.i++
			return raw, esc, true
		case c == '\\':
			esc = true
			if d.i+1 >= len(d.s) {
				return "", false, d.fail("unfinished escape")
			}
			switch d.s[d.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				d.i += 2
			case 'u':
				if d.i+6 > len(d.s) || !ishex(d.s[d.i+2]) || !ishex(d.s[d.i+3]) || !ishex(d.s[d.i+4]) || !ishex(d.s[d.i+5]) {
					return "", false, d.fail("bad \\u escape")
				}
				d.i += 6
			default:
				return "", false, d.fail("bad escape")
			}
		default:
			return "", false, d.fail("control character in string")
		}
	}
	return "", false, d.fail("unterminated string")
}

// plainEnd returns the index of the first quote, backslash or control
// byte of s from j on, or len(s): eight bytes at a time while there are
// eight, then byte by byte. With x eight bytes as one word, a byte of x is
// zero exactly where (x-0x01..) &^ x first has its high bit set, and below
// 0x20 where (x-0x20..) &^ x does; a borrow can only mark bytes after the
// first one, so the lowest bit is exact.
func plainEnd(s string, j int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for j+8 <= len(s) {
		w := s[j : j+8]
		_ = w[7] // one bounds check, so the eight loads become one
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		q, bs := x^(ones*'"'), x^(ones*'\\')
		if m := ((q-ones)&^q | (bs-ones)&^bs | (x-ones*0x20)&^x) & highs; m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
		j += 8
	}
	for j < len(s) {
		if c := s[j]; c == '"' || c == '\\' || c < 0x20 {
			break
		}
		j++
	}
	return j
}

// num reads a number (RFC 8259 grammar) and returns it as written.
func (d *jsonDec) num() (string, bool) {
	d.ws()
	start := d.i
	if d.i < len(d.s) && d.s[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(d.s) && d.s[d.i] == '0':
		d.i++
	case d.i < len(d.s) && d.s[d.i] >= '1' && d.s[d.i] <= '9':
		for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
			d.i++
		}
	default:
		return "", d.fail("bad number")
	}
	if d.i < len(d.s) && d.s[d.i] == '.' {
		d.i++
		if d.i >= len(d.s) || d.s[d.i] < '0' || d.s[d.i] > '9' {
			return "", d.fail("bad fraction")
		}
		for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
			d.i++
		}
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		d.i++
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if d.i >= len(d.s) || d.s[d.i] < '0' || d.s[d.i] > '9' {
			return "", d.fail("bad exponent")
		}
		for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
			d.i++
		}
	}
	return d.s[start:d.i], true
}

func (d *jsonDec) lit(word string) bool {
	if strings.HasPrefix(d.s[d.i:], word) {
		d.i += len(word)
		return true
	}
	return d.fail("bad literal")
}

// skip reads and checks any value.
func (d *jsonDec) skip() bool {
	switch c := d.peek(); {
	case c == '"':
		_, _, ok := d.str()
		return ok
	case c == '{':
		return d.obj(func(string, bool) bool { return d.skip() })
	case c == '[':
		return d.arr(func() bool { return d.skip() })
	case c == 't':
		return d.lit("true")
	case c == 'f':
		return d.lit("false")
	case c == 'n':
		return d.lit("null")
	case c == '-' || c >= '0' && c <= '9':
		_, ok := d.num()
		return ok
	case c == 0:
		return d.fail("unexpected end")
	}
	return d.fail("unexpected character")
}

// obj reads an object, calling member for each key; member must read the
// value.
func (d *jsonDec) obj(member func(key string, esc bool) bool) bool {
	if d.peek() != '{' {
		return d.fail("expected an object")
	}
	if d.depth++; d.depth > maxDepth {
		return d.fail("nested too deep")
	}
	d.i++
	if d.peek() == '}' {
		d.i++
		d.depth--
		return true
	}
	for {
		k, esc, ok := d.str()
		if !ok {
			return false
		}
		if d.peek() != ':' {
			return d.fail("expected ':'")
		}
		d.i++
		if !member(k, esc) {
			return false
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			d.depth--
			return true
		default:
			return d.fail("expected ',' or '}'")
		}
	}
}

// arr reads an array, calling elem for each element; elem must read it.
func (d *jsonDec) arr(elem func() bool) bool {
	if d.peek() != '[' {
		return d.fail("expected an array")
	}
	if d.depth++; d.depth > maxDepth {
		return d.fail("nested too deep")
	}
	d.i++
	if d.peek() == ']' {
		d.i++
		d.depth--
		return true
	}
	for {
		if !elem() {
			return false
		}
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			d.depth--
			return true
		default:
			return d.fail("expected ',' or ']'")
		}
	}
}

// jval is a scalar read where a string is expected: its text as gjson's
// String would give it, and for numbers the raw form.
type jval struct {
	kind byte   // '"' string, '0' number, 't'/'f' bool, 'n' null, '{' or '[' raw JSON, 0 absent
	raw  string // string content as written, number text, or raw JSON
	esc  bool
}

// value reads any value into a jval (objects and arrays as raw JSON).
func (d *jsonDec) value() (jval, bool) {
	switch c := d.peek(); {
	case c == '"':
		raw, esc, ok := d.str()
		return jval{kind: '"', raw: raw, esc: esc}, ok
	case c == '-' || c >= '0' && c <= '9':
		n, ok := d.num()
		return jval{kind: '0', raw: n}, ok
	case c == '{' || c == '[':
		start := d.i
		ok := d.skip()
		return jval{kind: c, raw: d.s[start:d.i]}, ok
	case c == 't':
		return jval{kind: 't', raw: "true"}, d.lit("true")
	case c == 'f':
		return jval{kind: 'f', raw: "false"}, d.lit("false")
	case c == 'n':
		return jval{kind: 'n'}, d.lit("null")
	}
	return jval{}, d.skip()
}

// String is the value as gjson's Result.String gives it.
func (v jval) String() string {
	switch v.kind {
	case '"':
		return unquoteJSON(v.raw, v.esc)
	case 'n', 0:
		return ""
	}
	return v.raw
}

// Float is the value as gjson's Result.Float gives it.
func (v jval) Float() float64 {
	switch v.kind {
	case '0':
		f, _ := strconv.ParseFloat(v.raw, 64)
		return f
	case '"':
		f, _ := strconv.ParseFloat(strings.TrimSpace(unquoteJSON(v.raw, v.esc)), 64)
		return f
	case 't':
		return 1
	}
	return 0
}

// unquoteJSON decodes the escapes of a JSON string's content, exactly as
// gjson does (a high surrogate pairs with a following low one; a lone
// surrogate becomes U+FFFD), so both readers give the same strings.
func unquoteJSON(raw string, esc bool) string {
	if !esc {
		return raw
	}
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		i++
		if i >= len(raw) {
			break
		}
		switch raw[i] {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			if i+5 > len(raw) {
				return string(b)
			}
			r := rune(hex4(raw[i+1 : i+5]))
			i += 5
			if r >= 0xD800 && r < 0xDC00 && len(raw[i:]) >= 6 && raw[i] == '\\' && raw[i+1] == 'u' {
				if r2 := rune(hex4(raw[i+2 : i+6])); r2 >= 0xDC00 && r2 < 0xE000 {
					r = utf16.DecodeRune(r, r2)
					i += 6
				}
			}
			b = utf8.AppendRune(b, r)
			i--
		default:
			b = append(b, raw[i])
		}
	}
	return string(b)
}

func hex4(s string) int {
	n := 0
	for i := 0; i < 4 && i < len(s); i++ {
		n = n<<4 | int(unhex(s[i]))
	}
	return n
}

// harEntryFast reads one HAR entry in a single validating pass. It gives
// the same exchange as the gjson reference reader in harref_test.go
// (TestHAREntryReadersAgree on every sample and corpus entry) at a fraction
// of the cost. It also reads JSON-lines files of one entry per line.
func harEntryFast(raw string, src Source) (*exchange, error) {
	d := &jsonDec{s: raw}
	if c := d.peek(); c != '{' {
		if !d.skip() || d.peek() != 0 {
			return nil, errors.New("invalid JSON in HAR entry")
		}
		return nil, fmt.Errorf("HAR entry is %s, not an object", jsonKind(c))
	}
	x := &exchange{src: src, reqRecorded: true}
	var started, ms, entryErr, comment jval
	haveReq, reqObj, haveResp, respObj := false, false, false, false
	var respErr, statusText, status jval
	ok := d.obj(func(k string, esc bool) bool {
		if esc {
			k = unquoteJSON(k, true)
		}
		switch k {
		case "startedDateTime":
			v, ok := d.value()
			started = v
			return ok
		case "time":
			v, ok := d.value()
			ms = v
			return ok
		case "comment":
			v, ok := d.value()
			comment = v
			return ok
		case "_error":
			v, ok := d.value()
			entryErr = v
			return ok
		case "_resourceType":
			v, ok := d.value()
			x.browser = v.String()
			return ok
		case "request":
			haveReq = true
			if d.peek() != '{' {
				return d.skip()
			}
			reqObj = true
			return d.harRequest(x)
		case "response":
			haveResp = true
			if d.peek() != '{' {
				return d.skip()
			}
			respObj = true
			return d.harResponse(x, &status, &statusText, &respErr)
		}
		return d.skip()
	})
	if !ok || d.peek() != 0 {
		return nil, errors.New("invalid JSON in HAR entry")
	}
	if !haveReq || !reqObj {
		return nil, errors.New("HAR entry has no request object")
	}
	x.reqHdr = append(x.reqHdr, x.cookies...)
	x.cookies = nil
	t, err := readTimeVal(started, "startedDateTime")
	if err != nil {
		return nil, err
	}
	x.time = t
	if f := ms.Float(); f > 0 {
		x.dur = time.Duration(f * float64(time.Millisecond))
	}
	if x.url == "" {
		return nil, errors.New("HAR entry request has no url")
	}
	x.step = comment.String()
	if !haveResp || !respObj {
		return nil, errors.New("HAR entry has no response object (a request-only HAR)")
	}
	if x.status, err = readStatusVal(status, "response.status"); err != nil {
		return nil, err
	}
	if x.status <= 0 {
		x.status = 0
		x.netErr = firstStringVal(respErr, entryErr, statusText)
		if x.netErr == "" {
			x.netErr = "no response received"
		}
	}
	return x, nil
}

func jsonKind(c byte) string {
	switch c {
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '[':
		return "an array"
	}
	return "a number"
}

// harRequest reads a request object.
func (d *jsonDec) harRequest(x *exchange) bool {
	return d.obj(func(k string, esc bool) bool {
		if esc {
			k = unquoteJSON(k, true)
		}
		switch k {
		case "method":
			v, ok := d.value()
			x.method = v.String()
			return ok
		case "url":
			v, ok := d.value()
			x.url = v.String()
			return ok
		case "headers":
			hs, _, ok := d.harHeaders(x)
			x.reqHdr = hs // cookies are added after the walk
			return ok
		case "cookies":
			x.cookies = x.cookies[:0]
			if d.peek() != '[' {
				return d.skip()
			}
			return d.arr(func() bool {
				if d.peek() != '{' {
					return d.skip()
				}
				name, value, ok := d.nameValue()
				if v := value.String(); ok && v != "" {
					x.cookies = append(x.cookies, header{"Cookie", name.String() + "=" + v})
				}
				return ok
			})
		case "postData":
			if d.peek() != '{' {
				return d.skip()
			}
			var text, params jval
			haveText := false
			ok := d.obj(func(k string, esc bool) bool {
				switch unquoteJSON(k, esc) {
				case "mimeType":
					v, ok := d.value()
					x.reqMime = v.String()
					return ok
				case "text":
					v, ok := d.value()
					text, haveText = v, true
					return ok
				case "params":
					v, ok := d.value()
					params = v
					return ok
				}
				return d.skip()
			})
			if haveText {
				x.reqBody = []byte(text.String())
			} else if params.kind == '[' {
				x.reqBody = []byte(paramsBody(params.raw))
			}
			return ok
		}
		return d.skip()
	})
}

// nameValue reads a {"name": …, "value": …} object (HAR headers, cookies,
// params, query strings), other members checked and skipped.
func (d *jsonDec) nameValue() (name, value jval, ok bool) {
	ok = d.obj(func(k string, esc bool) bool {
		switch unquoteJSON(k, esc) {
		case "name":
			v, ok := d.value()
			name = v
			return ok
		case "value":
			v, ok := d.value()
			value = v
			return ok
		}
		return d.skip()
	})
	return name, value, ok
}

// paramsBody renders HAR postData.params ([{name, value}]) as a form body.
func paramsBody(raw string) string {
	var b strings.Builder
	d := &jsonDec{s: raw}
	n := 0
	d.arr(func() bool {
		if d.peek() != '{' {
			return d.skip()
		}
		name, value, ok := d.nameValue()
		if n > 0 {
			b.WriteByte('&')
		}
		n++
		b.WriteString(name.String())
		b.WriteByte('=')
		b.WriteString(value.String())
		return ok
	})
	return b.String()
}

// harHeaders reads a headers array ([{name, value}]), or the object some
// exporters write instead, keeping the headers keptHeader names.
func (d *jsonDec) harHeaders(x *exchange) (hs []header, listed int, ok bool) {
	// The headers kept are few (Authorization, Content-Type, Date): they
	// go into the exchange's own array while it has room.
	hs = x.hdrs[x.hdrsUsed:x.hdrsUsed:len(x.hdrs)]
	defer func() {
		if len(hs) <= len(x.hdrs)-x.hdrsUsed {
			x.hdrsUsed += len(hs)
		}
	}()
	switch d.peek() {
	case '[':
		ok := d.arr(func() bool {
			if d.peek() != '{' {
				return d.skip()
			}
			name, value, ok := d.nameValue()
			if n := name.String(); n != "" {
				listed++
				if keptHeader(n) || corsHeader(x.method, n) {
					hs = append(hs, header{n, value.String()})
				}
			}
			return ok
		})
		return hs[:len(hs):len(hs)], listed, ok // an append to the list (cookies) must not reach the next
	case '{':
		ok := d.obj(func(k string, esc bool) bool {
			v, ok := d.value()
			hs = append(hs, header{unquoteJSON(k, esc), v.String()})
			return ok
		})
		return hs[:len(hs):len(hs)], len(hs), ok
	}
	return nil, 0, d.skip()
}

// harResponse reads a response object.
func (d *jsonDec) harResponse(x *exchange, status, statusText, respErr *jval) bool {
	return d.obj(func(k string, esc bool) bool {
		if esc {
			k = unquoteJSON(k, true)
		}
		switch k {
		case "status":
			v, ok := d.value()
			*status = v
			return ok
		case "statusText":
			v, ok := d.value()
			*statusText = v
			return ok
		case "_error":
			v, ok := d.value()
			*respErr = v
			return ok
		case "headers":
			hs, n, ok := d.harHeaders(x)
			x.respHdr, x.respListed = hs, n > 0
			return ok
		case "content":
			if d.peek() != '{' {
				return d.skip()
			}
			var text jval
			ok := d.obj(func(k string, esc bool) bool {
				v, ok := d.value()
				switch unquoteJSON(k, esc) {
				case "mimeType":
					x.respMime = v.String()
				case "encoding":
					x.base64 = strings.EqualFold(v.String(), "base64")
				case "text":
					text = v
				}
				return ok
			})
			if text.kind != 0 {
				// Unescaped only if build needs the body (see exchange.body).
				x.respRaw = text.raw
				x.respText, x.respPending = text, true
			}
			return ok
		}
		return d.skip()
	})
}

// parseTimeVal is parseTime for a jval.
func parseTimeVal(v jval) time.Time {
	switch v.kind {
	case '0':
		if n, err := strconv.ParseInt(v.raw, 10, 64); err == nil {
			return epochInt(n)
		}
		f, _ := strconv.ParseFloat(v.raw, 64)
		return epochAny(f)
	case '"':
		return parseTimeString(unquoteJSON(v.raw, v.esc))
	}
	return time.Time{}
}

// readStatusVal is readStatus for a jval.
func readStatusVal(v jval, key string) (int, error) {
	switch v.kind {
	case 0, 'n':
		return 0, nil
	case '0':
		if n, err := strconv.ParseInt(v.raw, 10, 64); err == nil {
			return int(n), nil
		}
		f, _ := strconv.ParseFloat(v.raw, 64)
		return int(f), nil
	case '"':
		return statusString(unquoteJSON(v.raw, v.esc), key)
	case '{':
		return 0, &statusError{field: key, kind: "an object"}
	}
	return 0, &statusError{field: key, kind: jsonKind(v.kind)}
}

func firstStringVal(vs ...jval) string {
	for _, v := range vs {
		if v.kind == '"' {
			if s := v.String(); s != "" {
				return s
			}
		}
	}
	return ""
}
