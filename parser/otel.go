package parser

import (
	"fmt"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// otelRecord reads an OTLP JSON document ({"resourceSpans": [...]}) or a
// flat span line ({"name", "startTimeUnixNano", "attributes": {...}}).
// Spans without HTTP attributes carry no exchange and are counted as
// ignored.
func otelRecord(root gjson.Result, src Source, k *sink) error {
	if rs := root.Get("resourceSpans"); rs.Exists() {
		if !rs.IsArray() {
			return fmt.Errorf("resourceSpans is %s, not an array", kindOf(rs))
		}
		span := 0
		rs.ForEach(func(_, r gjson.Result) bool {
			otelResource(r, src, &span, k)
			return true
		})
		return nil
	}
	otelSpan(root, nil, src, k)
	return nil
}

// otelResource reads one element of resourceSpans. In a document (no
// line), each span's Index is its 0-based position in the document, counted
// by span.
func otelResource(r gjson.Result, src Source, span *int, k *sink) {
	res := attrs(r.Get("resource.attributes"))
	for _, ss := range []string{"scopeSpans", "instrumentationLibrarySpans"} {
		r.Get(ss).ForEach(func(_, s gjson.Result) bool {
			s.Get("spans").ForEach(func(_, sp gjson.Result) bool {
				at := src
				if at.Line == 0 {
					at.Index = *span
				}
				*span++
				otelSpan(sp, res, at, k)
				return true
			})
			return true
		})
	}
}

// attrs reads OTLP attributes (an array of {key, value:{stringValue|intValue|...}})
// or flat ones (an object) into a lookup.
func attrs(v gjson.Result) map[string]gjson.Result {
	m := map[string]gjson.Result{}
	if v.IsArray() {
		v.ForEach(func(_, a gjson.Result) bool {
			val := a.Get("value")
			for _, t := range []string{"stringValue", "intValue", "doubleValue", "boolValue", "arrayValue.values.0.stringValue"} {
				if x := val.Get(t); x.Exists() {
					m[a.Get("key").String()] = x
					break
				}
			}
			return true
		})
	} else if v.IsObject() {
		v.ForEach(func(k, val gjson.Result) bool {
			if val.IsArray() && len(val.Array()) > 0 {
				val = val.Array()[0]
			}
			m[k.String()] = val
			return true
		})
	}
	return m
}

func attr(m map[string]gjson.Result, names ...string) gjson.Result {
	for _, n := range names {
		if v, ok := m[n]; ok {
			return v
		}
	}
	return gjson.Result{}
}

// otelSpan reads one span; stable attribute names first, then the old ones.
func otelSpan(sp gjson.Result, res map[string]gjson.Result, src Source, k *sink) {
	a := attrs(sp.Get("attributes"))
	method := attr(a, "http.request.method", "http.method").String()
	status := attr(a, "http.response.status_code", "http.status_code")
	url := attr(a, "url.full", "http.url").String()
	if url == "" {
		host := attr(a, "server.address", "net.peer.name", "http.host").String()
		path := attr(a, "url.path", "http.target").String()
		if host != "" || path != "" {
			url = "https://" + host + path
			if q := attr(a, "url.query").String(); q != "" {
				url += "?" + q
			}
		}
	}
	if method == "" && !status.Exists() && url == "" {
		k.stats.Ignored++
		return
	}
	x := &exchange{src: src, method: method, url: url}
	var err error
	if x.status, err = readStatus(status, "status code"); err != nil {
		k.skip(src, err)
		return
	}
	start, err := readTime(firstExisting(sp, "startTimeUnixNano", "start_time", "startTime", "timestamp"), "start time")
	if err != nil {
		k.skip(src, err)
		return
	}
	end, err := readTime(firstExisting(sp, "endTimeUnixNano", "end_time", "endTime"), "end time")
	if err != nil {
		k.skip(src, err)
		return
	}
	x.time = start
	if !end.IsZero() && end.After(start) {
		x.dur = end.Sub(start)
	}
	for key, v := range a {
		if n, ok := strings.CutPrefix(key, "http.request.header."); ok {
			x.reqHdr = append(x.reqHdr, header{n, v.String()})
		} else if n, ok := strings.CutPrefix(key, "http.response.header."); ok {
			x.respHdr = append(x.respHdr, header{n, v.String()})
		}
	}
	sortHeaders(x.reqHdr)
	sortHeaders(x.respHdr)
	if x.status == 0 {
		x.netErr = firstNonEmpty(attr(a, "error.type", "exception.message").String(), sp.Get("status.message").String())
		if x.netErr == "" {
			x.netErr = "span has no response status"
		}
	}
	x.conn = firstNonEmpty(attr(a, "connection", "authentication_id", "enduser.id").String(), attr(res, "connection").String())
	x.step = spanStep(sp.Get("name").String())
	if ms := sp.Get("duration_ms"); ms.Exists() && x.dur == 0 {
		x.dur = time.Duration(ms.Float() * float64(time.Millisecond))
	}
	emitExchange(k, x, FormatOTel)
}

func firstExisting(v gjson.Result, paths ...string) gjson.Result {
	for _, p := range paths {
		if r := v.Get(p); r.Exists() {
			return r
		}
	}
	return gjson.Result{}
}

// sortHeaders orders headers read from a map, for deterministic output.
func sortHeaders(hs []header) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].name < hs[j-1].name; j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

// spanStep returns a span's name as its request's step, or "" when the
// name only repeats the request: an HTTP method ("GET", semantic
// conventions' "_OTHER"), an older instrumentation's "HTTP GET", or a
// method and its route or path ("GET /users/{id}", the conventions'
// "{method} {target}"). Such a name is no step: as one, every GET of
// every file would be a step of its own.
func spanStep(name string) string {
	first, rest, _ := strings.Cut(strings.TrimSpace(name), " ")
	if strings.EqualFold(first, "HTTP") && rest != "" {
		first, rest, _ = strings.Cut(rest, " ")
	}
	if !spanMethod(first) {
		return name
	}
	if rest = strings.TrimSpace(rest); rest == "" || strings.HasPrefix(rest, "/") && !strings.ContainsAny(rest, " \t") {
		return ""
	}
	return name
}

// spanMethod reports whether s is an HTTP method as span names write it.
func spanMethod(s string) bool {
	switch strings.ToUpper(s) {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE", "_OTHER":
		return true
	}
	return false
}
