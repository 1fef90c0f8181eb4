package heuristics

// ruleMalformedJSON: a webhook delivery was refused because its body is
// not valid JSON.
var ruleMalformedJSON = rule{
	Name:  "malformed-json",
	Doc:   "a webhook 400 whose body was declared JSON but did not parse, or whose answer says invalid JSON",
	Check: checkMalformedJSON,
}

func checkMalformedJSON(x *ctx) (verdict, bool) {
	if !webhookRejected(x) {
		return verdict{}, false
	}
	r := x.ev.Request
	badBody := r.HasBody && !r.BodyIsJSON && isJSONType(r.ContentType)
	if !badBody && !x.sig.has(CauseMalformedJSON) {
		return verdict{}, false
	}
	return verdict{label: LabelWebhook400, cause: CauseMalformedJSON, conf: 0.9,
		evidence: deliveryEvidence(x), pathScoped: true}, true
}
