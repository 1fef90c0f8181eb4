package heuristics

// ruleWrongContentType: a webhook delivery was refused for its
// Content-Type (415, an answer naming the content type, or JSON sent
// without a JSON content type).
var ruleWrongContentType = rule{
	Name:  "wrong-content-type",
	Doc:   "a webhook 400/415 naming the content type, or a JSON body sent without a JSON Content-Type",
	Check: checkWrongContentType,
}

func checkWrongContentType(x *ctx) (verdict, bool) {
	if !webhookRejected(x) {
		return verdict{}, false
	}
	r := x.ev.Request
	mislabelled := r.HasBody && r.BodyIsJSON && !isJSONType(r.ContentType)
	if x.status != 415 && !x.sig.has(CauseWrongContentType) && !mislabelled {
		return verdict{}, false
	}
	return verdict{label: LabelWebhook400, cause: CauseWrongContentType, conf: 0.85,
		evidence: deliveryEvidence(x), pathScoped: true}, true
}
