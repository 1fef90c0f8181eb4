package heuristics

// ruleMalformedToken: the token's signature or format was refused, and it
// never worked: it was built or copied wrong, not aged out.
var ruleMalformedToken = rule{
	Name:  "malformed-token",
	Doc:   "\"Signature verification failed\", IDX10511 \"Signature validation failed\", ASP.NET Core's \"The signature is invalid\", Graph's \"CompactToken parsing failed\", \"malformed\" for a token that never succeeded",
	Check: checkMalformedToken,
}

func checkMalformedToken(x *ctx) (verdict, bool) {
	if x.tokenEP || !x.sig.has(CauseMalformedToken) || !x.authRejected() {
		return verdict{}, false
	}
	if t := x.tok; t != nil && t.okCount > 0 {
		return verdict{}, false
	}
	what := "the token never succeeded in this trace"
	if fpv := x.ev.Auth.TokenFP; fpv != "" {
		what = "token " + fp(fpv) + " never succeeded in this trace"
	}
	return verdict{label: LabelInvalid, cause: CauseMalformedToken, conf: 0.85, evidence: []string{x.rejected(), what}}, true
}
