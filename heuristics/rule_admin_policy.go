package heuristics

import "strings"

// ruleAdminPolicy: an admin's policy refused the refresh (or the call):
// Microsoft Entra Conditional Access or MFA, a Continuous Access
// Evaluation claims challenge, Google Workspace session control (RAPT)
// or API controls. The grant was not withdrawn by the user; only an
// interactive sign-in renews it, and only an admin stops it recurring.
var ruleAdminPolicy = rule{
	Name:  "admin-policy",
	Doc:   "a refresh or call refused with AADSTS50076/50079/50158/53000/53001/53003, interaction_required or a CAE insufficient_claims challenge (MFA, Conditional Access), Google invalid_rapt (\"reauth related error\"), admin_policy_enforced or, from Google's hosts or in its error shape, policy_enforced, or GitHub's \"protected by organization SAML enforcement\"",
	Check: checkAdminPolicy,
}

func checkAdminPolicy(x *ctx) (verdict, bool) {
	if !x.sig.has(CauseAdminPolicy) || x.status >= 500 || retryableStatus(x.status) {
		return verdict{}, false
	}
	if x.sig.quote(CauseAdminPolicy) == "insufficient_claims" && x.sig.has(CauseGrantRevoked) {
		return verdict{}, false // a CAE challenge for a revoked session: ruleGrantRevoked
	}
	evidence := []string{x.rejected()}
	why, blocks := adminPolicyWhy(x.sig.quote(CauseAdminPolicy))
	if why != "" {
		evidence = append(evidence, why)
	}
	switch {
	case blocks:
		evidence = append(evidence, "no sign-in gets past this policy until an admin lets the app through")
	case x.refresh:
		evidence = append(evidence, "the grant itself stands: a refresh cannot satisfy the policy, an interactive sign-in can")
	}
	return verdict{label: LabelRevoked, cause: CauseAdminPolicy, conf: 0.9, evidence: evidence}, true
}

// adminPolicyWhy says in words which policy the matched code or phrase
// names, and whether it blocks the app outright (no interactive sign-in
// helps) rather than asking for a new sign-in.
func adminPolicyWhy(q string) (why string, blocks bool) {
	q = strings.TrimPrefix(strings.ToLower(q), "aadsts")
	switch q {
	case "50076":
		return "Microsoft Entra requires multi-factor authentication for this sign-in (a Conditional Access policy, or a sign-in from a new location), which a refresh cannot perform", false
	case "50079":
		return "Microsoft Entra requires the user to register for multi-factor authentication (a Conditional Access or security-defaults policy)", false
	case "53003":
		return "a Conditional Access policy of the tenant blocks token issuance to this app", true
	case "53000", "53001":
		return "a Conditional Access policy of the tenant requires a compliant, managed or domain-joined device, which the integration's server is not", true
	case "50158":
		return "an external security challenge (third-party MFA required by Conditional Access) was not satisfied", false
	case "interaction_required":
		return "the authorization server requires the user to sign in interactively; Microsoft Entra says so when a Conditional Access or MFA policy is not met", false
	case "insufficient_claims":
		return "the API sent a Continuous Access Evaluation claims challenge: a Conditional Access policy (location, a revoked session) must be met by a new sign-in", false
	case "invalid_rapt", "reauth related error":
		return "the Google Workspace admin's session control requires reauthentication (RAPT) and its period ended: the grant is refused until the user signs in again", false
	case "admin_policy_enforced":
		return "the Google Workspace admin restricted this app or the scopes it asks for (API controls)", true
	case "protected by organization saml enforcement":
		return "the GitHub organization enforces SAML single sign-on: the token must be authorized for the organization by its user, signed in through the organization's identity provider (the X-GitHub-SSO header names where)", false
	case "policy_enforced":
		return "the Google account is under a policy (Advanced Protection) that blocks apps that are not Google's", true
	}
	return "", false
}
