package heuristics

import (
	"fmt"
	"testing"
	"time"
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
