package heuristics

// causeLabels gives the label each cause belongs to.
var causeLabels = map[Cause]Label{
	CauseTTLElapsed: LabelExpired, CauseNonstandardExpiryStatus: LabelExpired,
	CauseNoRefreshToken: LabelExpired, CauseRefreshNotAttempted: LabelExpired,
	CauseGrantRevoked: LabelRevoked, CauseRefreshTokenExpired: LabelRevoked,
	CauseAdminPolicy: LabelRevoked, CauseTenantNotAuthorized: LabelRevoked,
	CauseInvalidClient: LabelInvalid, CauseRedirectURIMismatch: LabelInvalid, CauseEnvironmentMismatch: LabelInvalid,
	CauseAudienceMismatch: LabelInvalid, CauseRotationNotPersisted: LabelInvalid, CauseRefreshCollision: LabelInvalid,
	CauseBadExpiresIn: LabelInvalid, CauseTokenEndpointError200: LabelInvalid, CauseClockSkew: LabelInvalid,
	CauseMalformedToken: LabelInvalid, CauseMissingToken: LabelInvalid, CauseWrongTokenEndpoint: LabelInvalid,
	CauseBadRefreshRequest: LabelInvalid,
	CauseInsufficientScope: LabelScope,
	CauseMalformedJSON:     LabelWebhook400, CauseMissingField: LabelWebhook400, CauseWrongContentType: LabelWebhook400,
	CauseRejectedPayload:   LabelWebhook400,
	CauseCursorNotFollowed: LabelPaginationGap, CausePageSkipped: LabelPaginationGap, CauseInterrupted: LabelPaginationGap,
	CauseTooManyRequests: LabelRateLimited,
	CauseServerError:     LabelServerError, CauseNetworkError: LabelServerError,
	CauseNotFound: LabelOther, CauseClientError: LabelOther, CauseCORSPreflightRefused: LabelOther,
	CauseUnknown: LabelOther,
}

// LabelOf returns the label a cause belongs to. Every finding pairs its
// cause with this label, run-level relabelling included.
func LabelOf(c Cause) Label { return causeLabels[c] }

// TaxonomyEntry documents one cause: its label, the signals its rule
// reads and the fix.
type TaxonomyEntry struct {
	Label       Label
	Cause       Cause
	Signals     string // the rule's one-line doc
	Remediation string
}

// Taxonomy lists every cause in label order, for the README and --help.
func Taxonomy() []TaxonomyEntry {
	docs := map[Cause]string{}
	for _, r := range rules {
		docs[Cause(r.Name)] = r.Doc
	}
	for _, r := range walkRules {
		docs[Cause(r.Name)] = r.Doc
	}
	var out []TaxonomyEntry
	for _, l := range Labels {
		for _, c := range allCauses {
			if causeLabels[c] == l {
				out = append(out, TaxonomyEntry{Label: l, Cause: c, Signals: docs[c], Remediation: causeFix(c)})
			}
		}
	}
	return out
}

// RunRule documents one run-level timeline rule.
type RunRule struct{ Name, Doc string }

// RunRules lists the run-level timeline rules in the order they apply.
func RunRules() []RunRule {
	out := make([]RunRule, len(runRules))
	for i, r := range runRules {
		out[i] = RunRule{r.Name, r.Doc}
	}
	return out
}
