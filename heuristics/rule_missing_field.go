package heuristics

// ruleMissingField: a webhook delivery was refused because a required
// field is missing.
var ruleMissingField = rule{
	Name:  "missing-field",
	Doc:   "a webhook 400 whose answer says a field is required or missing",
	Check: checkMissingField,
}

func checkMissingField(x *ctx) (verdict, bool) {
	if !webhookRejected(x) || !x.sig.has(CauseMissingField) {
		return verdict{}, false
	}
	return verdict{label: LabelWebhook400, cause: CauseMissingField, conf: 0.85,
		evidence: deliveryEvidence(x), pathScoped: true}, true
}
