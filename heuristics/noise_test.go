package heuristics

import (
	"testing"

	"github.com/authtriage/authtriage/parser"
)

// TestPreflightIsNoSuccess checks that a preflight answered 204 does not
// count as an API call that worked: in a sanitized HAR every request of a
// host shares one connection, and the preflight of the retry would
// otherwise mark the expiry before it recovered.
func TestPreflightIsNoSuccess(t *testing.T) {
	b := newTL("s.har")
	b.add(0, grant("https://api.dropboxapi.com/oauth2/token", "refresh_token", "dr1", "da1", "", "14400"))
	failed := withErr(req("POST", "https://api.dropboxapi.com/2/files/list_folder", 401), "", "expired_access_token/", "expired_access_token")
	failed.Auth.Sanitized = true
	b.add(241, failed)
	b.add(241.1, req("OPTIONS", "https://api.dropboxapi.com/2/files/list_folder", 204))
	b.add(241.2, grant("https://api.dropboxapi.com/oauth2/token", "refresh_token", "dr1", "da2", "", "14400"))
	fs, _ := analyze(Config{}, b.evs)
	got := findingsAt(fs, failed.Source)
	if len(got) != 1 || got[0].Cause != CauseTTLElapsed {
		t.Fatalf("want one ttl-elapsed finding, got %s", dump(fs))
	}
	if got[0].Recovered {
		t.Fatalf("a preflight answered 204 recovered the expiry: %q", got[0].Evidence)
	}
}

// TestBrowserNoise lists requests that are and are not a browser's own
// noise, by their shape alone.
func TestBrowserNoise(t *testing.T) {
	for _, tc := range []struct {
		method, url string
		status      int
		format      parser.Format
		token       string
		want        bool
		browser     string // Chrome's _resourceType
	}{
		{"OPTIONS", "https://api.fieldbook.example/v2/jobs", 204, parser.FormatHAR, "", true, ""},
		// A server's log never holds the request a refused preflight
		// blocked: the refusal is read there; an allowed one is noise.
		{"OPTIONS", "https://api.fieldbook.example/v2/jobs", 403, parser.FormatNative, "", false, ""},
		{"OPTIONS", "https://api.fieldbook.example/v2/jobs", 204, parser.FormatNative, "", true, ""},
		{"OPTIONS", "https://api.fieldbook.example/v2/jobs", 0, parser.FormatOTel, "", true, ""},
		{"OPTIONS", "https://dav.acme.example/remote.php/dav/", 401, parser.FormatHAR, "t1", false, ""},
		{"POST", "https://region1.google-analytics.com/g/collect?v=2", 0, parser.FormatNative, "", true, ""},
		{"POST", "https://www.google-analytics.com/mp/collect?measurement_id=G-1", 403, parser.FormatNative, "", false, ""},
		{"POST", "https://api.segment.io/v1/p", 0, parser.FormatHAR, "", true, ""},
		{"POST", "https://api.segment.io/v1/track", 0, parser.FormatHAR, "", false, ""},
		{"POST", "https://o1.ingest.us.sentry.io/api/42/envelope/", 429, parser.FormatHAR, "", true, ""},
		{"GET", "https://sentry.io/api/0/organizations/acme/issues/", 403, parser.FormatHAR, "t1", false, ""},
		{"POST", "https://app.acme-ops.example/beacon", 0, parser.FormatHARLines, "", true, ""},
		{"POST", "https://app.acme-ops.example/beacon", 204, parser.FormatHAR, "", false, ""},
		{"POST", "https://app.acme-ops.example/collect", 0, parser.FormatZapierLog, "", false, ""},
		{"POST", "https://play.google.com/log?format=json&hasfast=true&authuser=0", 0, parser.FormatHAR, "", true, ""},
		{"POST", "https://www.google.com/gen_204?atyp=i&r=1", 0, parser.FormatHAR, "", true, ""},
		{"GET", "https://play.google.com/store/apps/details?id=com.acme", 0, parser.FormatHAR, "", false, ""},
		{"POST", "https://api.acme.example/gen_204", 0, parser.FormatNative, "", false, ""},
		// Chrome names its own kinds: a ping (sendBeacon) to the app's own
		// host, a preflight whatever the HAR recorded with it, and an XHR
		// that is the app's call.
		{"POST", "https://app.acme-ops.example/api/metrics", 0, parser.FormatHAR, "", true, "ping"},
		{"POST", "https://app.acme-ops.example/api/metrics", 0, parser.FormatHAR, "", false, "fetch"},
		{"OPTIONS", "https://api.fieldbook.example/v2/jobs", 401, parser.FormatHAR, "c1", true, "preflight"},
		{"OPTIONS", "https://dav.acme.example/remote.php/dav/", 401, parser.FormatHAR, "t1", false, "xhr"},
	} {
		ev := req(tc.method, tc.url, tc.status)
		ev.Format = tc.format
		ev.Request.Browser = tc.browser
		if tc.token != "" {
			ev.Auth = parser.Auth{Scheme: "Bearer", TokenFP: tc.token}
		}
		if got := browserNoise(ev); got != tc.want {
			t.Errorf("browserNoise(%s %s %d, %s) = %v, want %v", tc.method, tc.url, tc.status, tc.format, got, tc.want)
		}
	}
}

// TestNoStatus tells a run that names no HTTP status from a request that
// got no response: both have Status 0, only the run has NoStatus.
func TestNoStatus(t *testing.T) {
	b := newTL("t.csv")
	blocked := b.add(0, run("r1", "z1", parser.RunError, 0, "RefreshAuthError"))
	lost := b.add(1, req("GET", "https://api.fieldbook.example/v2/jobs", 0))
	named := b.add(2, run("r2", "z1", parser.RunError, 401, "Got 401 calling GET https://api.fieldbook.example/v2/jobs, expected 2xx."))
	fs, _ := analyze(Config{}, b.evs)
	for _, tc := range []struct {
		ev       *parser.Event
		status   int
		noStatus bool
	}{{blocked, 0, true}, {lost, 0, false}, {named, 401, false}} {
		got := findingsAt(fs, tc.ev.Source)
		if len(got) == 0 {
			t.Fatalf("%s: no finding; all: %s", tc.ev.Source, dump(fs))
		}
		if got[0].Status != tc.status || got[0].NoStatus != tc.noStatus {
			t.Errorf("%s: status %d, NoStatus %v; want %d, %v", tc.ev.Source, got[0].Status, got[0].NoStatus, tc.status, tc.noStatus)
		}
	}
}
