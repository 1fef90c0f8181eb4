package heuristics

import (
	"strings"

	"github.com/authtriage/authtriage/parser"
)

// webhookRejected reports whether the record is a webhook delivery that
// the receiver refused for its shape: 400 (and 415/422, the statuses some
// receivers use for the same thing). A token endpoint is never a webhook.
func webhookRejected(x *ctx) bool {
	if !x.hook || x.tokenEP {
		return false
	}
	return x.status == 400 || x.status == 415 || x.status == 422
}

// isJSONType reports whether a content type is JSON.
func isJSONType(ct string) bool {
	return strings.Contains(strings.ToLower(ct), "json")
}

// deliveryEvidence is the evidence of a refused webhook delivery: what was
// answered, then what the request sent, as far as the record says. An
// HTTP record carries its request; a run's text rarely does, so for a run
// only the request facts it names are stated, and none are when it names
// none.
func deliveryEvidence(x *ctx) []string {
	if f := deliveryFacts(x); f != "" {
		return []string{x.rejected(), f}
	}
	return []string{x.rejected()}
}

// deliveryFacts describes the request for evidence, or returns "" when the
// record holds no request facts.
func deliveryFacts(x *ctx) string {
	r := x.ev.Request
	body := "no body"
	if r.HasBody {
		body = "a body that is not JSON"
		if r.BodyIsJSON {
			body = "a JSON body"
		}
	}
	if x.ev.Kind == parser.KindRun || !r.Recorded {
		// A run's (or a span's) request facts are the ones the record
		// named: an empty RequestInfo means unknown, not "no body".
		switch {
		case r.ContentType != "" && r.HasBody:
			return "the delivery sent Content-Type " + r.ContentType + " and " + body
		case r.ContentType != "":
			return "the delivery sent Content-Type " + r.ContentType
		case r.HasBody:
			return "the delivery sent " + body
		}
		return ""
	}
	ct := r.ContentType
	if ct == "" {
		ct = "no Content-Type"
	} else {
		ct = "Content-Type " + ct
	}
	return "the delivery sent " + ct + " and " + body
}
