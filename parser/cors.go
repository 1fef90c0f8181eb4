package parser

// maxCORSValue bounds a CORS header value kept: a preflight's lists name
// a few methods and headers, and an origin is a scheme and a host; a
// longer value is not one a browser acts on whole.
const maxCORSValue = 512

// readCORS reads the CORS headers of a preflight (an OPTIONS request)
// into e.CORS: the page's origin, what the browser asked to send and
// what the server allowed. Only OPTIONS requests get one, so no other
// record pays for it, and only those whose record lists response headers
// (Answered) or carries a CORS request header: a record without response
// headers does not say the preflight allowed nothing, but its
// Access-Control-Request-Method still says it was a preflight.
func readCORS(e *Event, x *exchange) {
	var c CORS
	var lb [64]byte
	for _, h := range x.reqHdr {
		switch string(lowerASCII(lb[:0], h.name)) {
		case "access-control-request-method":
			c.RequestMethod = corsValue(h.value)
		case "access-control-request-headers":
			c.RequestHeaders = corsValue(h.value)
		case "origin":
			c.Origin = corsValue(h.value)
		}
	}
	c.Answered = x.respListed || len(x.respHdr) > 0
	if !c.Answered {
		if c.RequestMethod == "" && c.RequestHeaders == "" && c.Origin == "" {
			return
		}
		e.CORS = &c
		return
	}
	for _, h := range x.respHdr {
		switch string(lowerASCII(lb[:0], h.name)) {
		case "access-control-allow-origin":
			c.AllowOrigin = corsValue(h.value)
		case "access-control-allow-methods":
			c.AllowMethods = corsValue(h.value)
		case "access-control-allow-headers":
			c.AllowHeaders = corsValue(h.value)
		case "access-control-allow-credentials":
			c.AllowCredentials = corsValue(h.value)
		}
	}
	e.CORS = &c
}

// corsValue returns a CORS header value as kept: redacted like any free
// text (a hostile export may put anything in a header), then clipped. It
// is cut before redaction only past the word at maxCORSValue+cutSlack, as
// an error text is: a token cut first could fall below the length that
// makes it one, and the part before the cut was shown.
func corsValue(s string) string {
	return capString(redactText(cutWord(s, maxCORSValue+cutSlack)), maxCORSValue)
}
