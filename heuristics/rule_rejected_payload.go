package heuristics

// ruleRejectedPayload: a webhook delivery was refused for its content for
// a reason the answer does not make specific.
var ruleRejectedPayload = rule{
	Name:  "rejected-payload",
	Doc:   "any other webhook 400: well-formed JSON the receiver refused",
	Check: checkRejectedPayload,
}

func checkRejectedPayload(x *ctx) (verdict, bool) {
	if !webhookRejected(x) {
		return verdict{}, false
	}
	return verdict{label: LabelWebhook400, cause: CauseRejectedPayload, conf: 0.7,
		evidence: deliveryEvidence(x), pathScoped: true}, true
}
