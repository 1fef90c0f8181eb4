package heuristics

// ruleInvalidClient: the authorization server does not accept the client
// id or secret.
var ruleInvalidClient = rule{
	Name:  "invalid-client",
	Doc:   "invalid_client, unauthorized_client, incorrect_client_credentials, AADSTS7000215/700016, \"The OAuth client was not found.\"",
	Check: checkInvalidClient,
}

func checkInvalidClient(x *ctx) (verdict, bool) {
	if !x.sig.has(CauseInvalidClient) {
		return verdict{}, false
	}
	if x.refresh && x.sig.has(CauseGrantRevoked) {
		// Atlassian answers unauthorized_client "refresh_token is invalid"
		// for a dead refresh token: the grant is refused, not the client.
		return verdict{}, false
	}
	evidence := []string{x.rejected()}
	if t := x.ev.Token; t != nil && t.ClientID != "" {
		evidence = append(evidence, "client_id "+t.ClientID+" was refused by "+x.ev.Host)
	}
	conf := 0.95
	if !x.tokenEP {
		conf = 0.7
	}
	return verdict{label: LabelInvalid, cause: CauseInvalidClient, conf: conf, evidence: evidence}, true
}
