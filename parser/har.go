package parser

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// readHAR streams a HAR document's log.entries one entry at a time, in any
// key order, keeping only one entry (with long bodies cut) in memory.
//
//	{"log": {"version": "1.2", "creator": {...}, "entries": [{...}, ...]}}
func readHAR(sc *jsonScanner, k *sink) error {
	p := newPipeline(k, func(b *batch, r *rawRecord, bk *sink) {
		x, err := harEntryFast(r.text(), r.src)
		if err != nil {
			bk.skip(r.src, err)
			return
		}
		bk.event(build(x, bk))
	})
	entries := 0
	err := p.run(func() error {
		return readHARDoc(sc, func(i int, raw []byte, err error) {
			entries++
			p.add(raw, k.entry(i), err)
		}, func(name string) {
			p.flush()
			if p.cur == nil {
				p.cur = &batch{done: make(chan struct{})}
			}
			p.cur.creator = name
		})
	}, nil)
	if err != nil {
		if errors.Is(err, errTruncEOF) {
			return fmt.Errorf("HAR document ends early (truncated after %d entries)", entries)
		}
		return fmt.Errorf("invalid HAR JSON: %w", err)
	}
	return nil
}

// readHARDoc walks the document and hands each entry's raw bytes to entry
// and the creator's name to creator, on the splitter's goroutine.
func readHARDoc(sc *jsonScanner, entry func(i int, raw []byte, err error), creator func(string)) error {
	if err := sc.expect('{'); err != nil {
		return fmt.Errorf("not a HAR document: %w", err)
	}
	var kbuf []byte
	sawLog := false
	for first := true; ; first = false {
		key, ok, err := sc.key(kbuf, first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if string(key) != "log" {
			if _, _, err := sc.value(nil, true); err != nil {
				return err
			}
			continue
		}
		sawLog = true
		if c, _ := sc.peek(); c != '{' {
			return fmt.Errorf("not a HAR document: \"log\" is not an object")
		}
		if err := readHARLog(sc, entry, creator); err != nil {
			return err
		}
	}
	if !sawLog {
		return errors.New("no \"log\" object: not a HAR document")
	}
	return sc.atEnd()
}

func readHARLog(sc *jsonScanner, entry func(i int, raw []byte, err error), creator func(string)) error {
	if err := sc.expect('{'); err != nil {
		return err
	}
	var kbuf, vbuf []byte
	sawEntries := false
	for first := true; ; first = false {
		key, ok, err := sc.key(kbuf, first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch string(key) {
		case "entries":
			sawEntries = true
			if c, _ := sc.peek(); c == 'n' { // "entries": null
				if _, _, err := sc.value(nil, true); err != nil {
					return err
				}
				continue
			}
			err := sc.array(func(i int, raw []byte, cut bool, err error) error {
				entry(i, raw, err)
				return nil
			})
			if err != nil {
				return err
			}
		case "creator", "browser":
			v, _, err := sc.value(vbuf, false)
			if err != nil {
				return err
			}
			if name := gjson.GetBytes(v, "name").String(); name != "" {
				creator(name)
			}
		default:
			if _, _, err := sc.value(nil, true); err != nil {
				return err
			}
		}
	}
	if !sawEntries {
		return errors.New("HAR log has no \"entries\"")
	}
	return nil
}

// harHeaders reads a HAR headers array of a request or response whose
// method is method; exporters that wrote an object instead are read too.
func harHeaders(v gjson.Result, method string) []header {
	var hs []header
	if v.IsArray() {
		v.ForEach(func(_, h gjson.Result) bool {
			var n, val string
			h.ForEach(func(k, x gjson.Result) bool {
				switch k.Str {
				case "name":
					n = x.String()
				case "value":
					val = x.String()
				}
				return true
			})
			if n != "" && (keptHeader(n) || corsHeader(method, n)) {
				hs = append(hs, header{n, val})
			}
			return true
		})
	} else if v.IsObject() {
		v.ForEach(func(k, val gjson.Result) bool {
			hs = append(hs, header{k.String(), val.String()})
			return true
		})
	}
	return hs
}

// keptHeader tells the headers an exchange needs: credentials, the
// response headers that carry meaning, content types, and any header whose
// name says it holds a secret. A browser sends a dozen others per request;
// not keeping them is most of what reading headers costs.
func keptHeader(name string) bool {
	if name == "" || name[0] == ':' { // HTTP/2 pseudo-headers
		return false
	}
	var lb [32]byte
	n := lowerASCII(lb[:0], name) // compared as string(n), which does not copy
	switch string(n) {
	case "date", "link", "retry-after", "content-type", "www-authenticate", "cookie", "set-cookie",
		"x-oauth-scopes", "x-accepted-oauth-scopes", // GitHub's granted and accepted scopes
		"authorization", "proxy-authorization",
		"access-control-request-method", "access-control-request-headers", // a preflight's (see readCORS)
		"access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers":
		return true
	}
	if commonHeaders[string(n)] {
		return false // the most frequent headers, none a secret: spared the name test below
	}
	// X-Auth-Token, Api-Key, X-Shopify-Access-Token, Private-Token, ...
	return IsSecretName(name)
}

// corsHeader tells the headers only a preflight's record needs (see
// readCORS): the request's Origin and the answer's
// Access-Control-Allow-Credentials. They are kept on OPTIONS exchanges
// only: a browser sends Origin with most of its requests, and no other
// record reads either.
func corsHeader(method, name string) bool {
	return len(method) == len("OPTIONS") && strings.EqualFold(method, "OPTIONS") &&
		(strings.EqualFold(name, "origin") || strings.EqualFold(name, "access-control-allow-credentials"))
}

// commonHeaders are header names nearly every exchange carries; none is
// a secret's name (TestCommonHeadersNotSecret).
var commonHeaders = map[string]bool{"user-agent": true, "accept": true, "accept-encoding": true,
	"accept-language": true, "cache-control": true, "connection": true, "content-length": true, "host": true,
	"server": true, "vary": true, "etag": true, "pragma": true, "expires": true, "last-modified": true,
	"referer": true, "origin": true, "content-encoding": true, "x-request-id": true,
	"strict-transport-security": true, "transfer-encoding": true}

func hasFoldSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// readStatus reads a record's HTTP status written as a number, a numeric
// string or a status line ("401 Unauthorized"), and tells a value that is
// no status from one that is absent: null, a missing key and "" are no
// status (0, no error, read as no response); a string that is not a
// number ("ok", "error"), a boolean, an object or an array is a
// *statusError naming key, so a log whose "status" means something else
// is not read as a run of network errors.
func readStatus(v gjson.Result, key string) (int, error) {
	switch v.Type {
	case gjson.Null:
		return 0, nil
	case gjson.Number:
		return int(v.Int()), nil
	case gjson.String:
		return statusString(v.Str, key)
	}
	return 0, &statusError{field: key, kind: kindOf(v)}
}

// statusString reads a status written as a string; see readStatus.
func statusString(s, key string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	if f, _, ok := strings.Cut(s, " "); ok {
		if n, err := strconv.Atoi(f); err == nil {
			return n, nil
		}
	}
	return 0, &statusError{field: key, size: len(s)}
}

// statusError is a record status that is there but could not be read.
// Like timeError it does not quote the value; it names the field and
// says what was expected.
type statusError struct {
	field string // "status", "response.status", ...
	size  int
	kind  string // what the JSON value is, when it is no string
}

func (e *statusError) Error() string {
	if e.kind != "" {
		return fmt.Sprintf("unreadable %s: %s, not an HTTP status", e.field, e.kind)
	}
	return fmt.Sprintf("unreadable %s (%d bytes; want an HTTP status code such as 401)", e.field, e.size)
}

func firstString(vs ...gjson.Result) string {
	for _, v := range vs {
		if s := v.String(); s != "" && v.Type == gjson.String {
			return s
		}
	}
	return ""
}

func kindOf(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return "a string"
	case gjson.Number:
		return "a number"
	case gjson.True, gjson.False:
		return "a boolean"
	case gjson.Null:
		return "null"
	}
	if v.IsArray() {
		return "an array"
	}
	return "an object"
}

// timeLayouts are the written forms of record times, tried in order after
// RFC 3339 (which takes 0–9 fraction digits and any zone).
var timeLayouts = []string{
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"02/Jan/2006:15:04:05 -0700",
	time.RFC1123Z,
	"2006-01-02",
	"Jan 2, 2006 3:04:05 PM",
	"January 2, 2006 3:04 PM",
	// As browsers write en-US dates (Intl medium style), and so exports
	// copied from a web UI: "Mar 15, 2026, 3:03 PM".
	"Jan 2, 2006, 3:04 PM",
	"Jan 2, 2006, 3:04:05 PM",
	"January 2, 2006, 3:04 PM",
	"January 2, 2006 at 3:04 PM",
	"2006-01-02T15:04:05.999999999-07",
	// Go's time.Time String() and %v (the monotonic " m=+0.001" cut
	// first, see parseTimeOrder), which Go services write into logs.
	"2006-01-02 15:04:05.999999999 -0700 MST",
	// RFC 3339 without seconds.
	"2006-01-02T15:04Z07:00",
	// JavaScript's Date.prototype.toString(), its "(zone name)" cut
	// first: "Mon Mar 09 2026 08:14:11 GMT+0000".
	"Mon Jan 02 2006 15:04:05 GMT-0700",
}

// maxEpoch bounds an epoch number: past it a nanosecond epoch no longer
// fits an int64 (year 2262), so a larger number ("1e300") is no time.
const maxEpoch = float64(math.MaxInt64)

// epochOK reports whether f is a number epochAny reads: finite and under
// maxEpoch ("NaN" and "Infinity" parse as floats and used to be dated
// 1677).
func epochOK(f float64) bool {
	return !math.IsNaN(f) && !math.IsInf(f, 0) && f < maxEpoch
}

// trimTimeSuffix cuts what other languages write after a time that Go's
// layouts cannot read: Go's monotonic clock reading (" m=+0.001"), Java
// ZonedDateTime's zone id ("-08:00[America/Los_Angeles]", the offset
// before it says the instant) and JavaScript's zone name in parentheses
// (" (Coordinated Universal Time)").
func trimTimeSuffix(s string) string {
	if i := strings.Index(s, " m="); i > 0 {
		s = s[:i]
	}
	if strings.HasSuffix(s, "]") {
		if i := strings.LastIndexByte(s, '['); i > 0 {
			s = s[:i]
		}
	}
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			s = s[:i]
		}
	}
	return s
}

// parseTime reads a record time: RFC 3339 with 0–9 fraction digits, no zone
// (taken as UTC), a space for the T, or epoch seconds, milliseconds,
// microseconds or nanoseconds as a number or numeric string. The zero time
// means unknown.
func parseTime(v gjson.Result) time.Time {
	switch v.Type {
	case gjson.Number:
		if n, err := strconv.ParseInt(v.Raw, 10, 64); err == nil {
			return epochInt(n)
		}
		return epochAny(v.Float())
	case gjson.String:
		return parseTimeString(v.Str)
	}
	return time.Time{}
}

// parseTimeString reads a time written as a string (see parseTimeOrder);
// the zero time when it is empty or unreadable.
func parseTimeString(s string) time.Time {
	t, _ := parseTimeOrder(s, monthFirst)
	return t
}

// parseTimeOrder reads a time written as a string: RFC 3339, an epoch,
// one of timeLayouts, or a form parseLooseTime reads, whose numeric dates
// are read by order. An empty value, or "null", is the zero time and ok;
// ok is false for a value that is no time.
func parseTimeOrder(s string, order dateOrder) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return epochInt(n), true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if !epochOK(f) {
			return time.Time{}, false
		}
		return epochAny(f), true
	}
	if s2 := trimTimeSuffix(s); s2 != s {
		s = s2
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC(), true
		}
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return parseLooseTime(s, order)
}

// epochInt reads an integer epoch exactly (OTLP's nanosecond strings do
// not fit a float64).
func epochInt(n int64) time.Time {
	switch {
	case n <= 0:
		return time.Time{}
	case n < 1e11:
		return time.Unix(n, 0).UTC()
	case n < 1e14:
		return time.UnixMilli(n).UTC()
	case n < 1e17:
		return time.UnixMicro(n).UTC()
	default:
		return time.Unix(0, n).UTC()
	}
}

// epochAny reads an epoch number in seconds, ms, µs or ns by its size.
func epochAny(f float64) time.Time {
	switch {
	case f <= 0 || !epochOK(f):
		return time.Time{}
	case f < 1e11:
		sec := int64(f)
		micros := int64(math.Round((f - float64(sec)) * 1e6)) // a float64 epoch holds microseconds, no finer
		return time.Unix(sec, micros*1e3).UTC()
	case f < 1e14:
		return time.UnixMilli(int64(f)).UTC()
	case f < 1e17:
		return time.UnixMicro(int64(f)).UTC()
	default:
		return time.Unix(0, int64(f)).UTC()
	}
}
