package heuristics

import "strings"

// webhookRejected reports whether the record is a webhook delivery that
// the receiver refused for its shape: 400 (and 415/422, the statuses some
// receivers use for the same thing). A token endpoint is never a webhook.
func webhookRejected(x *ctx) bool {
	if !x.ev.Hook || x.tokenEP {
		return false
	}
	return x.status == 400 || x.status == 415 || x.status == 422
}

// isJSONType reports whether a content type is JSON.
func isJSONType(ct string) bool {
	return strings.Contains(strings.ToLower(ct), "json")
}

// deliveryFacts describes the request for evidence.
func deliveryFacts(x *ctx) string {
	r := x.ev.Request
	ct := r.ContentType
	if ct == "" {
		ct = "no Content-Type"
	} else {
		ct = "Content-Type " + ct
	}
	body := "no body"
	if r.HasBody {
		body = "a body that is not JSON"
		if r.BodyIsJSON {
			body = "a JSON body"
		}
	}
	return "the delivery sent " + ct + " and " + body
}
