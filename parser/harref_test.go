package parser

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// The gjson HAR entry reader, kept as the reference that harEntryFast is
// checked against (TestHAREntryReadersAgree): slower, but plainly written.

// harEntry reads one HAR entry object into an exchange. It is also the
// reader of JSONL files holding one entry per line.
//
// raw must not change while the exchange and its Event live: strings of
// the Event point into it.
func harEntry(raw string, src Source) (*exchange, error) {
	if !gjson.Valid(raw) {
		return nil, errors.New("invalid JSON in HAR entry")
	}
	e := gjson.Parse(raw)
	if !e.IsObject() {
		return nil, fmt.Errorf("HAR entry is %s, not an object", kindOf(e))
	}
	var req, resp, started, ms, comment, entryErr gjson.Result
	browser := ""
	e.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "request":
			req = v
		case "response":
			resp = v
		case "startedDateTime":
			started = v
		case "time":
			ms = v
		case "comment":
			comment = v
		case "_error":
			entryErr = v
		case "_resourceType":
			browser = v.String()
		}
		return true
	})
	if !req.IsObject() {
		return nil, errors.New("HAR entry has no request object")
	}
	x := &exchange{src: src, reqRecorded: true, browser: browser}
	x.time = parseTime(started)
	if f := ms.Float(); f > 0 {
		x.dur = time.Duration(f * float64(time.Millisecond))
	}
	var headers, cookies, pd gjson.Result
	hdrMethod := "" // the method as read when the headers come, as harEntryFast reads it
	req.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "method":
			x.method = v.String()
		case "url":
			x.url = v.String()
		case "headers":
			headers, hdrMethod = v, x.method
		case "cookies":
			cookies = v
		case "postData":
			pd = v
		}
		return true
	})
	if x.url == "" {
		return nil, errors.New("HAR entry request has no url")
	}
	x.reqHdr = harHeaders(headers, hdrMethod)
	cookies.ForEach(func(_, c gjson.Result) bool {
		if v := c.Get("value").String(); v != "" {
			x.reqHdr = append(x.reqHdr, header{"Cookie", c.Get("name").String() + "=" + v})
		}
		return true
	})
	if pd.IsObject() {
		x.reqMime = pd.Get("mimeType").String()
		if t := pd.Get("text"); t.Exists() {
			x.reqBody = []byte(t.String())
		} else if ps := pd.Get("params"); ps.IsArray() {
			var b strings.Builder
			for i, p := range ps.Array() {
				if i > 0 {
					b.WriteByte('&')
				}
				b.WriteString(p.Get("name").String())
				b.WriteByte('=')
				b.WriteString(p.Get("value").String())
			}
			x.reqBody = []byte(b.String())
		}
	}
	x.step = comment.String()
	if !resp.IsObject() {
		return nil, errors.New("HAR entry has no response object (a request-only HAR)")
	}
	var status, statusText, respErr, content gjson.Result
	resp.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "status":
			status = v
		case "statusText":
			statusText = v
		case "headers":
			x.respHdr = harHeaders(v, x.method)
		case "content":
			content = v
		case "_error":
			respErr = v
		}
		return true
	})
	var err error
	if x.status, err = readStatus(status, "response.status"); err != nil {
		return nil, err
	}
	if content.IsObject() {
		// The body is unescaped only if build needs it (see exchange.body):
		// most responses are successes whose body says nothing to triage.
		x.respMime = content.Get("mimeType").String()
		x.base64 = strings.EqualFold(content.Get("encoding").String(), "base64")
		x.respRaw = content.Raw
		if text := content.Get("text"); text.Exists() {
			x.respBody = []byte(text.String())
		}
	}
	if x.status <= 0 {
		x.status = 0
		x.netErr = firstString(respErr, entryErr, statusText)
		if x.netErr == "" {
			x.netErr = "no response received"
		}
	}
	return x, nil
}
