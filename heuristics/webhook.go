package heuristics

import (
	"strings"

	"github.com/authtriage/authtriage/parser"
)

// looksLikeHook tells a webhook delivery named only by a run's text: the
// URL's host or path, or a Webhooks step.
func looksLikeHook(ev *parser.Event) bool {
	p := strings.ToLower(ev.Path)
	if ev.Host == "hooks.zapier.com" || strings.Contains(p, "/webhook") || strings.Contains(p, "/hooks/") {
		return true
	}
	step := ev.Step
	if ev.Run != nil && ev.Run.StepName != "" {
		step += " " + ev.Run.StepName
	}
	return strings.Contains(strings.ToLower(step), "webhook")
}

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
