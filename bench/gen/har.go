package main

import (
	"strconv"
	"time"
)

// exchange is one HTTP request and its response, before it is written as a
// HAR entry.
type exchange struct {
	time     time.Time
	duration float64 // milliseconds
	method   string
	url      string
	query    [][2]string
	reqHdr   [][2]string
	reqBody  string
	reqMime  string
	status   int // 0: no response (netErr says why)
	netErr   string
	respHdr  [][2]string
	respBody string
	respMime string
}

// appendEntry appends x as one HAR 1.2 entry object, in the key order
// Firefox writes.
func appendEntry(b []byte, x *exchange) []byte {
	b = append(b, `{"startedDateTime":"`...)
	b = x.time.AppendFormat(b, "2006-01-02T15:04:05.000Z")
	b = append(b, `","time":`...)
	b = strconv.AppendFloat(b, x.duration, 'f', 3, 64)
	b = append(b, `,"request":{"method":"`...)
	b = append(b, x.method...)
	b = append(b, `","url":`...)
	b = appendString(b, x.url)
	b = append(b, `,"httpVersion":"HTTP/1.1","headers":`...)
	b = appendPairs(b, x.reqHdr)
	b = append(b, `,"queryString":`...)
	b = appendPairs(b, x.query)
	b = append(b, `,"cookies":[],"headersSize":-1,"bodySize":`...)
	b = strconv.AppendInt(b, int64(len(x.reqBody)), 10)
	if x.reqBody != "" {
		b = append(b, `,"postData":{"mimeType":`...)
		b = appendString(b, x.reqMime)
		b = append(b, `,"text":`...)
		b = appendString(b, x.reqBody)
		b = append(b, '}')
	}
	b = append(b, `},"response":{"status":`...)
	b = strconv.AppendInt(b, int64(x.status), 10)
	b = append(b, `,"statusText":`...)
	b = appendString(b, statusText(x.status))
	if x.status == 0 {
		b = append(b, `,"httpVersion":"","headers":[],"cookies":[],"content":{"size":0,"mimeType":"x-unknown"},"redirectURL":"","headersSize":-1,"bodySize":-1,"_error":`...)
		b = appendString(b, x.netErr)
		b = append(b, '}')
	} else {
		b = append(b, `,"httpVersion":"HTTP/1.1","headers":`...)
		b = appendPairs(b, x.respHdr)
		b = append(b, `,"cookies":[],"content":{"size":`...)
		b = strconv.AppendInt(b, int64(len(x.respBody)), 10)
		b = append(b, `,"mimeType":`...)
		b = appendString(b, x.respMime)
		b = append(b, `,"text":`...)
		b = appendString(b, x.respBody)
		b = append(b, `},"redirectURL":"","headersSize":-1,"bodySize":`...)
		b = strconv.AppendInt(b, int64(len(x.respBody)), 10)
		b = append(b, '}')
	}
	wait := x.duration * 0.9
	b = append(b, `,"cache":{},"timings":{"blocked":0,"dns":-1,"connect":-1,"ssl":-1,"send":0.1,"wait":`...)
	b = strconv.AppendFloat(b, wait, 'f', 3, 64)
	b = append(b, `,"receive":`...)
	b = strconv.AppendFloat(b, x.duration-wait-0.1, 'f', 3, 64)
	b = append(b, `}}`...)
	return b
}

func appendPairs(b []byte, kv [][2]string) []byte {
	b = append(b, '[')
	for i, p := range kv {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendString(b, p[0])
		b = append(b, `,"value":`...)
		b = appendString(b, p[1])
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func statusText(code int) string {
	switch code {
	case 0:
		return ""
	case 200:
		return "OK"
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 429:
		return "Too Many Requests"
	case 500:
		return "Internal Server Error"
	case 502:
		return "Bad Gateway"
	case 503:
		return "Service Unavailable"
	}
	return ""
}
