package heuristics

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// consentTrace is a trace of one integration connected consents times:
// each consent issues a refresh token that is used every hour (it does not
// rotate, as Google's do) and refused as "expired or revoked" refuseAfter
// later; the user reconnects a few hours after each refusal.
func consentTrace(tokenURL, apiURL string, consents int, refuseAfter time.Duration) *tl {
	b := newTL("weekly.har")
	n := 0
	h := 0.0
	for i := range consents {
		if i > 0 {
			h += refuseAfter.Hours() + float64(2+4*i)
		}
		rt := fmt.Sprintf("rt%d", i)
		n++
		b.add(h*60, grant(tokenURL, "authorization_code", "", fmt.Sprintf("at%d", n), rt, "3599"))
		dead := h*60 + refuseAfter.Minutes()
		for m := h*60 + 30; m < dead; m += 60 {
			b.add(m, api("GET", apiURL, 200, fmt.Sprintf("at%d", n)))
			n++
			b.add(m+1, grant(tokenURL, "refresh_token", rt, fmt.Sprintf("at%d", n), "", "3599"))
		}
		b.add(dead+20, refreshFail(tokenURL, rt, 400, "invalid_grant", "Token has been expired or revoked."))
	}
	return b
}

// TestTestingExpiry: Google refresh tokens refused as revoked 7 days
// (±12h) after the consent that issued them are a Testing app's, not
// revocations; other ages and other providers stay grant-revoked.
func TestTestingExpiry(t *testing.T) {
	week := 7 * 24 * time.Hour
	sheets := "https://sheets.googleapis.com/v4/spreadsheets/1Bx/values/A1:D50"
	tests := []struct {
		name        string
		token, api  string
		refuseAfter time.Duration
		want        Cause
		evidence    string
	}{
		{"google 7 days", googleToken, sheets, week + 30*time.Minute, CauseRefreshTokenExpired, "OAuth consent screen is in Testing"},
		{"google 7 days less 11h", googleToken, sheets, week - 11*time.Hour, CauseRefreshTokenExpired, "6d13h"},
		{"google 3 days", googleToken, sheets, 3 * 24 * time.Hour, CauseGrantRevoked, "was the current one"},
		{"google 8 days", googleToken, sheets, week + 24*time.Hour, CauseGrantRevoked, "was the current one"},
		{"xero 7 days", "https://identity.xero.com/connect/token", "https://api.xero.com/api.xro/2.0/Invoices", week + 30*time.Minute, CauseGrantRevoked, "was the current one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := consentTrace(tt.token, tt.api, 3, tt.refuseAfter)
			fs, _ := analyze(Config{}, b.evs)
			if len(fs) != 3 {
				t.Fatalf("%d findings, want 3:%s", len(fs), dump(fs))
			}
			for i, f := range fs {
				ev := strings.Join(f.Evidence, "\n")
				if f.Label != LabelRevoked || f.Cause != tt.want || !strings.Contains(ev, tt.evidence) || f.Recovered {
					t.Errorf("refusal %d: %s/%s recovered=%v, want revoked/%s unrecovered with %q; evidence %q", i, f.Label, f.Cause, f.Recovered, tt.want, tt.evidence, f.Evidence)
				}
				if f.Connection != fs[0].Connection {
					t.Errorf("refusal %d on %s, the first on %s", i, f.Connection, fs[0].Connection)
				}
			}
			if tt.want == CauseRefreshTokenExpired {
				if !strings.Contains(strings.Join(fs[2].Evidence, "\n"), "2 earlier refresh token(s) of this connection died the same way") || fs[2].Confidence <= fs[0].Confidence {
					t.Errorf("third refusal: confidence %v (first %v), evidence %q", fs[2].Confidence, fs[0].Confidence, fs[2].Evidence)
				}
			}
		})
	}
}

// TestLongLivedRefreshToken: a refresh token that does not rotate, sent
// for more than maxFPsPerConn refreshes, still finds its connection.
func TestLongLivedRefreshToken(t *testing.T) {
	b := consentTrace(googleToken, "https://www.googleapis.com/drive/v3/files", 1, 3*24*time.Hour)
	fs, e := analyze(Config{}, b.evs)
	if len(fs) != 1 || fs[0].Connection != "client:oauth2.googleapis.com/client-1" {
		t.Fatalf("findings:%s", dump(fs))
	}
	if n := len(e.Connections()); n != 1 {
		t.Errorf("%d connections, want 1: %v", n, e.Connections())
	}
}

// TestTestingFixOnlyOnGoogle: the fix of an expired refresh token tells
// of Google's Testing apps on a Google connection only: Microsoft's and
// Box's refresh tokens expire for their own reasons, and a Zap run says
// which app it ran by its step.
func TestTestingFixOnlyOnGoogle(t *testing.T) {
	week := 7 * 24 * time.Hour
	b := consentTrace(googleToken, "https://sheets.googleapis.com/v4/spreadsheets/1Bx/values/A1:D50", 1, week+30*time.Minute)
	fs, _ := analyze(Config{}, b.evs)
	if len(fs) != 1 || fs[0].Cause != CauseRefreshTokenExpired || !strings.Contains(fs[0].Remediation, "Google Cloud console") {
		t.Errorf("google: %s", dump(fs))
	}
	for name, ev := range map[string]func() *parser.Event{
		"microsoft": func() *parser.Event {
			return refreshFail(msToken, "mr9", 400, "invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity.")
		},
		"box": func() *parser.Event {
			return refreshFail(boxToken, "bx1", 400, "invalid_grant", "Refresh token has expired")
		},
	} {
		b := newTL(name + ".har")
		b.add(3, ev())
		fs, _ := analyze(Config{}, b.evs)
		if len(fs) != 1 || fs[0].Cause != CauseRefreshTokenExpired || fs[0].Remediation != remediation(CauseRefreshTokenExpired) ||
			strings.Contains(fs[0].Remediation, "Google") {
			t.Errorf("%s: %s", name, dump(fs))
		}
	}
	for _, tt := range []struct {
		f    Finding
		want bool
	}{
		{Finding{Host: "oauth2.googleapis.com"}, true},
		{Finding{URL: "https://sheets.googleapis.com/v4/spreadsheets/x"}, true},
		{Finding{Step: "Google Sheets: Create Row"}, true},
		{Finding{Connection: "Gmail ada@example.com"}, true},
		{Finding{Host: "login.microsoftonline.com", Step: "Google Sheets"}, false},
		{Finding{URL: "https://api.box.com/2.0/files", Connection: "google-sync"}, false},
		{Finding{Step: "QuickBooks Online: Create Invoice", ZapTitle: "Google Sheets → QuickBooks"}, false},
	} {
		tt.f.Cause = CauseRefreshTokenExpired
		if got := fixFor(&tt.f) != remediation(CauseRefreshTokenExpired); got != tt.want {
			t.Errorf("fixFor(%+v) tells of Google: %v, want %v", tt.f, got, tt.want)
		}
	}
}

// TestSSOFixOnlyOnGitHub: the admin-policy fix tells of a GitHub
// organization's SAML single sign-on only on GitHub connections
// (regression review: Entra and Google connections were told it too).
func TestSSOFixOnlyOnGitHub(t *testing.T) {
	for _, tt := range []struct {
		f    Finding
		want bool
	}{
		{Finding{Cause: CauseAdminPolicy, Host: "api.github.com"}, true},
		{Finding{Cause: CauseAdminPolicy, Step: "GitHub: New Issue"}, true},
		{Finding{Cause: CauseAdminPolicy, Host: "login.microsoftonline.com"}, false},
		{Finding{Cause: CauseAdminPolicy, Host: "oauth2.googleapis.com"}, false},
		{Finding{Cause: CauseAdminPolicy, Connection: "acct-330"}, false},
	} {
		fix := fixFor(&tt.f)
		if got := strings.Contains(fix, "SAML single sign-on"); got != tt.want || !strings.HasPrefix(fix, playbook[CauseAdminPolicy]) {
			t.Errorf("%+v: SSO told %v, want %v: %q", tt.f, got, tt.want, fix)
		}
	}
}

// TestTestingExpiryIdle: a Google connection consented, then idle until
// its refresh token is refused 7 days and 6 hours later, is still the
// same connection then: the idle window outlasts a Testing app's
// refresh token and its slack, so the refusal is refresh-token-expired.
func TestTestingExpiryIdle(t *testing.T) {
	b := newTL("idle.har")
	b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3599"))
	// Another integration's calls meanwhile, every 5 seconds, so the
	// engine sweeps idle connections as it would in a real trace: every
	// pruneEvery events, the 15th sweep at 7d2h40m.
	for m := 1.0 / 12; m < (7*24+6)*60; m += 1.0 / 12 {
		b.add(m, api("GET", "https://api.hubapi.com/crm/v3/objects/contacts", 200, "hs-other"))
	}
	b.add((7*24+6)*60, refreshFail(googleToken, "rt1", 400, "invalid_grant", "Token has been expired or revoked."))
	fs, _ := analyze(Config{}, b.evs)
	if len(fs) != 1 || fs[0].Cause != CauseRefreshTokenExpired {
		t.Errorf("got %s, want one refresh-token-expired", dump(fs))
	}
}
