package reports

import "github.com/authtriage/authtriage/heuristics"

// causeText says what each cause means, as the end of the sentence
// "N of M unrecovered failures …: TEXT". The causes are heuristics'; the
// words are the report's.
var causeText = map[heuristics.Cause]string{
	heuristics.CauseTTLElapsed:              "access tokens were used after their lifetime had elapsed",
	heuristics.CauseNonstandardExpiryStatus: "the API signals an expired token with a status other than 401, so no refresh was triggered",
	heuristics.CauseNoRefreshToken:          "the token expired and no refresh token was ever issued",
	heuristics.CauseRefreshNotAttempted:     "the token expired and the client never tried to refresh it",
	heuristics.CauseGrantRevoked:            "the user or the provider revoked the grant",
	heuristics.CauseRefreshTokenExpired:     "the refresh token itself expired",
	heuristics.CauseAdminPolicy:             "an admin policy (Conditional Access, MFA, Workspace session control or app access control) demands a new interactive sign-in",
	heuristics.CauseTenantNotAuthorized:     "the token is not (or no longer) authorized for the organisation or company the request names",
	heuristics.CauseInvalidClient:           "the token endpoint rejected the client credentials",
	heuristics.CauseRedirectURIMismatch:     "the redirect URI does not match the one registered",
	heuristics.CauseEnvironmentMismatch:     "tokens from one environment were sent to another",
	heuristics.CauseAudienceMismatch:        "the token was issued for another audience",
	heuristics.CauseRotationNotPersisted:    "what a refresh returned (a rotated refresh token, a new access token) was not saved and the old token was reused",
	heuristics.CauseRefreshCollision:        "concurrent refreshes invalidated each other's tokens",
	heuristics.CauseBadExpiresIn:            "expires_in was misread, so tokens were kept past their lifetime",
	heuristics.CauseTokenEndpointError200:   "the token endpoint answered an error with status 200",
	heuristics.CauseClockSkew:               "the clocks disagree, so tokens look not yet valid or already expired",
	heuristics.CauseMalformedToken:          "the token sent was malformed",
	heuristics.CauseMissingToken:            "requests were sent without credentials",
	heuristics.CauseWrongTokenEndpoint:      "the client called the wrong token endpoint",
	heuristics.CauseBadRefreshRequest:       "the refresh request was malformed",
	heuristics.CauseInsufficientScope:       "the token lacks a scope the call needs",
	heuristics.CauseMalformedJSON:           "the webhook payload was not valid JSON",
	heuristics.CauseMissingField:            "the webhook payload lacks a required field",
	heuristics.CauseWrongContentType:        "the webhook was sent with the wrong content type",
	heuristics.CauseRejectedPayload:         "the webhook receiver rejected the payload",
	heuristics.CauseCursorNotFollowed:       "the next-page cursor was not followed",
	heuristics.CausePageSkipped:             "pages were skipped while paginating",
	heuristics.CauseInterrupted:             "pagination stopped before the last page",
	heuristics.CauseTooManyRequests:         "the API rate limit was exceeded",
	heuristics.CauseServerError:             "the API failed on its side",
	heuristics.CauseNetworkError:            "no response was received",
	heuristics.CauseNotFound:                "the resource was not found",
	heuristics.CauseClientError:             "the API rejected the request",
	heuristics.CauseCORSPreflightRefused:    "the browser blocked the request because the API refused its CORS preflight",
	heuristics.CauseUnknown:                 "the cause could not be determined",
}

// causes lists every known cause, for FailOn to check its targets.
var causes = func() []heuristics.Cause {
	out := make([]heuristics.Cause, 0, len(causeText))
	for c := range causeText {
		out = append(out, c)
	}
	return out
}()

func describeCause(c string) string {
	if t, ok := causeText[heuristics.Cause(c)]; ok {
		return t
	}
	return "the cause is " + c
}
