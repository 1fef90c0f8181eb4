package heuristics

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// page makes a list request with pagination facts.
func page(rawURL string, status int, tok string, p parser.Page) *parser.Event {
	ev := api("GET", rawURL, status, tok)
	if p.ListKey == "" {
		p.ListKey = "GET " + ev.Host + ev.Path
	}
	ev.Page = &p
	return ev
}

// pg returns a Page with every number absent.
func pg() parser.Page { return parser.Page{Offset: -1, PageNum: -1, Limit: -1, Total: -1, Count: -1} }

func cursor(sent, next string, count int64) parser.Page {
	p := pg()
	p.Cursor, p.NextCursor, p.Count = sent, next, count
	return p
}

func offset(off, limit, count int64) parser.Page {
	p := pg()
	p.Offset, p.Limit, p.Count = off, limit, count
	return p
}

type pageCase struct {
	name     string
	build    func(b *tl) *parser.Event // returns the record that must carry the pagination finding, or nil for none
	cause    Cause
	primary  Cause // the record's other finding, when it failed
	evidence string
	conf     float64 // the finding's confidence, when set
}

var pageCases = []pageCase{
	{name: "cursor-not-followed", cause: CauseCursorNotFollowed, evidence: "offered next cursor c3 and no request followed it",
		build: func(b *tl) *parser.Event {
			b.add(0, page("https://api.hubapi.com/crm/v3/objects/contacts", 200, "t1", cursor("", "c2", 100)))
			return b.add(0.1, page("https://api.hubapi.com/crm/v3/objects/contacts", 200, "t1", cursor("c2", "c3", 100)))
		}},
	{name: "cursor-not-followed/single page with has_more", cause: CauseCursorNotFollowed, evidence: "offered has_more",
		build: func(b *tl) *parser.Event {
			p := pg()
			p.HasMore, p.Count = true, 100
			return b.add(0, page("https://api.stripe.com/v1/customers", 200, "t1", p))
		}},
	// A page that ends the trace offered more: the capture may have
	// stopped before the next request; said, and less sure than a walk
	// the client left for other requests.
	{name: "cursor-not-followed/the trace ends at the page", cause: CauseCursorNotFollowed, conf: 0.56,
		evidence: "nothing else of this connection follows in the trace",
		build: func(b *tl) *parser.Event {
			return b.add(0, page("https://api.hubapi.com/crm/v3/objects/contacts", 200, "t1", cursor("", "101", 100)))
		}},
	{name: "cursor-not-followed/the client moved on", cause: CauseCursorNotFollowed, conf: 0.8, evidence: "no request followed it",
		build: func(b *tl) *parser.Event {
			x := b.add(0, page("https://api.hubapi.com/crm/v3/objects/contacts", 200, "t1", cursor("", "101", 100)))
			b.add(1, api("GET", "https://api.hubapi.com/crm/v3/owners", 200, "t1"))
			return x
		}},
	{name: "cursor-not-followed/near miss: walked to the end",
		build: func(b *tl) *parser.Event {
			b.add(0, page("https://api.hubapi.com/crm/v3/objects/contacts", 200, "t1", cursor("", "c2", 100)))
			b.add(0.1, page("https://api.hubapi.com/crm/v3/objects/contacts", 200, "t1", cursor("c2", "", 40)))
			return nil
		}},
	{name: "cursor-not-followed/near miss: polling loop fetching page one",
		build: func(b *tl) *parser.Event {
			for i := 0; i < 3; i++ {
				b.add(float64(i*5), page("https://api.hubapi.com/crm/v3/objects/contacts", 200, "t1", cursor("", "c2", 100)))
			}
			b.add(20, page("https://api.hubapi.com/crm/v3/objects/contacts", 200, "t1", cursor("", "", 3)))
			return nil
		}},
	{name: "page-skipped", cause: CausePageSkipped, evidence: "asked for offset 300 after offset 100",
		build: func(b *tl) *parser.Event {
			b.add(0, page("https://api.example.com/v1/items", 200, "t1", offset(0, 100, 100)))
			b.add(0.1, page("https://api.example.com/v1/items", 200, "t1", offset(100, 100, 100)))
			x := b.add(0.2, page("https://api.example.com/v1/items", 200, "t1", offset(300, 100, 100)))
			b.add(0.3, page("https://api.example.com/v1/items", 200, "t1", offset(400, 100, 7)))
			return x
		}},
	{name: "page-skipped/near miss: contiguous offsets",
		build: func(b *tl) *parser.Event {
			b.add(0, page("https://api.example.com/v1/items", 200, "t1", offset(0, 100, 100)))
			b.add(0.1, page("https://api.example.com/v1/items", 200, "t1", offset(100, 100, 100)))
			b.add(0.2, page("https://api.example.com/v1/items", 200, "t1", offset(200, 100, 12)))
			return nil
		}},
	{name: "interrupted by an expired token", cause: CauseInterrupted, primary: CauseNoRefreshToken, evidence: "it was not retried",
		build: func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "", "3600"))
			b.add(59, page("https://www.googleapis.com/drive/v3/files", 200, "at1", cursor("", "p2", 100)))
			return b.add(61, page("https://www.googleapis.com/drive/v3/files", 401, "at1", cursor("p2", "", -1)))
		}},
	{name: "interrupted/near miss: the failed page is retried",
		build: func(b *tl) *parser.Event {
			b.add(0, page("https://api.example.com/v1/items", 200, "t1", cursor("", "p2", 100)))
			b.add(0.1, page("https://api.example.com/v1/items", 503, "t1", cursor("p2", "", -1)))
			b.add(0.2, page("https://api.example.com/v1/items", 200, "t1", cursor("p2", "", 5)))
			return nil
		}},
}

func TestPagination(t *testing.T) {
	for _, tc := range pageCases {
		t.Run(tc.name, func(t *testing.T) {
			b := newTL("p.har")
			target := tc.build(b)
			fs, _ := analyze(Config{}, b.evs)
			var gaps []*Finding
			for _, f := range fs {
				if f.Label == LabelPaginationGap {
					gaps = append(gaps, f)
				}
			}
			if target == nil {
				if len(gaps) != 0 {
					t.Fatalf("want no pagination finding, got %s", dump(gaps))
				}
				return
			}
			if len(gaps) != 1 || gaps[0].Source != target.Source || gaps[0].Cause != tc.cause {
				t.Fatalf("want one %s at %s, got %s", tc.cause, target.Source, dump(fs))
			}
			if !strings.Contains(strings.Join(gaps[0].Evidence, "\n"), tc.evidence) {
				t.Fatalf("evidence %q lacks %q", gaps[0].Evidence, tc.evidence)
			}
			if tc.conf != 0 && gaps[0].Confidence != tc.conf {
				t.Fatalf("confidence %v, want %v; evidence %q", gaps[0].Confidence, tc.conf, gaps[0].Evidence)
			}
			at := findingsAt(fs, target.Source)
			if tc.primary != "" && (len(at) != 2 || at[0].Cause != tc.primary) {
				t.Fatalf("want %s and %s on the failed page, got %s", tc.primary, tc.cause, dump(at))
			}
		})
	}
}

func TestRecovered(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(b *tl) *parser.Event
		want  bool
	}{
		{"refresh then retry succeeds", func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
			x := b.add(61, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
			b.add(61.1, grant(googleToken, "refresh_token", "rt1", "at2", "", "3600"))
			b.add(61.2, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "at2"))
			return x
		}, true},
		{"stays broken", func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
			x := b.add(61, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
			b.add(61.1, refreshFail(googleToken, "rt1", 400, "invalid_grant", "Token has been expired or revoked."))
			b.add(62, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
			return x
		}, false},
		{"user reconnected: not a recovery", func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
			x := b.add(61, refreshFail(googleToken, "rt1", 400, "invalid_grant", "Token has been expired or revoked."))
			b.add(90, grant(googleToken, "authorization_code", "", "at2", "rt2", "3600"))
			b.add(91, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "at2"))
			return x
		}, false},
		{"retry after 429", func(b *tl) *parser.Event {
			x := b.add(0, api("GET", "https://api.hubapi.com/crm/v3/objects/contacts", 429, "h1"))
			b.add(0.5, api("GET", "https://api.hubapi.com/crm/v3/objects/contacts", 200, "h1"))
			return x
		}, true},
		{"scope: other endpoints working is not a recovery", func(b *tl) *parser.Event {
			x := b.add(0, withErr(api("GET", "https://graph.microsoft.com/v1.0/users", 403, "m1"), "Authorization_RequestDenied", ""))
			b.add(1, api("GET", "https://graph.microsoft.com/v1.0/me", 200, "m1"))
			return x
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTL("r.har")
			x := tc.build(b)
			fs, _ := analyze(Config{}, b.evs)
			at := findingsAt(fs, x.Source)
			if len(at) != 1 {
				t.Fatalf("want one finding at %s, got %s", x.Source, dump(fs))
			}
			if at[0].Recovered != tc.want {
				t.Fatalf("recovered = %v, want %v (%s/%s)", at[0].Recovered, tc.want, at[0].Label, at[0].Cause)
			}
		})
	}
}

func TestConfidenceLowerWhenPartial(t *testing.T) {
	full := newTL("c.har")
	full.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
	x := full.add(61, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
	full.add(61.1, grant(googleToken, "refresh_token", "rt1", "at2", "", "3600"))
	fs, _ := analyze(Config{}, full.evs)
	withToken := findingsAt(fs, x.Source)[0].Confidence

	part := newTL("c.har")
	y := part.add(61, withErr(api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"), "", "Request had invalid authentication credentials. Expected OAuth 2 access token: token expired"))
	fs, _ = analyze(Config{}, part.evs)
	noTokenResponse := findingsAt(fs, y.Source)[0].Confidence

	san := newTL("c.har")
	z := san.add(61, withErr(req("GET", "https://www.googleapis.com/drive/v3/files", 401), "", "token expired"))
	z.Auth.Sanitized = true
	fs, _ = analyze(Config{}, san.evs)
	sanitized := findingsAt(fs, z.Source)[0]
	if sanitized.Cause != CauseTTLElapsed {
		t.Fatalf("sanitized: got %s", sanitized.Cause)
	}
	if !(withToken > noTokenResponse && noTokenResponse > sanitized.Confidence) {
		t.Fatalf("confidence not decreasing with partial evidence: %v, %v, %v", withToken, noTokenResponse, sanitized.Confidence)
	}
}

func TestLineage(t *testing.T) {
	b := newTL("l.har")
	b.add(0, grant(xeroToken, "authorization_code", "", "at1", "rt1", "1800"))
	b.add(1, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 200, "at1"))
	b.add(31, grant(xeroToken, "refresh_token", "rt1", "at2", "rt2", "1800"))
	b.add(32, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 200, "at2"))
	// Another user of the same app, interleaved, explicit connection id.
	o := b.add(33, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 401, "zz9"))
	o.Connection = "acct-77"
	x := b.add(62, grant(xeroToken, "refresh_token", "rt2", "at3", "rt3", "1800"))
	y := b.add(63, api("GET", "https://api.xero.com/api.xro/2.0/Contacts", 404, "at3"))
	fs, e := analyze(Config{}, b.evs)
	conns := e.Connections()
	want := []string{"acct-77", "client:identity.xero.com/client-1"}
	if !reflect.DeepEqual(conns, want) {
		t.Fatalf("connections %q, want %q", conns, want)
	}
	f := findingsAt(fs, y.Source)
	if len(f) != 1 || f[0].Connection != want[1] {
		t.Fatalf("access token at3 (issued by refresh at %s) not tied to the lineage: %s", x.Source, dump(fs))
	}
	if g := findingsAt(fs, o.Source); len(g) != 1 || g[0].Connection != "acct-77" {
		t.Fatalf("explicit connection not kept: %s", dump(fs))
	}

	// A refresh whose refresh token was never issued in the trace starts a lineage of its own.
	b2 := newTL("l2.har")
	b2.add(0, grant(xeroToken, "refresh_token", "old", "a1", "r1", "1800"))
	b2.add(1, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 401, "a1"))
	_, e2 := analyze(Config{}, b2.evs)
	if got := e2.Connections(); !reflect.DeepEqual(got, []string{"lineage:old"}) {
		t.Fatalf("connections %q", got)
	}

	// JWT subject groups tokens whose responses were not seen.
	b3 := newTL("l3.har")
	for i, tok := range []string{"j1", "j2"} {
		ev := api("GET", "https://api.example.com/v1/me", 200, tok)
		ev.Auth.JWT = &parser.Claims{Issuer: "https://auth.example.com/", Subject: "user-5", Expires: mins(float64(60 * (i + 1)))}
		b3.add(float64(i*60), ev)
	}
	_, e3 := analyze(Config{}, b3.evs)
	if got := e3.Connections(); !reflect.DeepEqual(got, []string{"jwt:https://auth.example.com/|user-5"}) {
		t.Fatalf("connections %q", got)
	}
}

func TestPruneBoundsState(t *testing.T) {
	e := New(Config{IdleWindow: time.Hour})
	maxLive := 0
	for i := 0; i < 50_000; i++ {
		// Each connection lives for a few events, one every few seconds.
		tok := fmt.Sprintf("tok%05d", i/5)
		ev := api("GET", "https://api.example.com/v1/items", 200, tok)
		if i%5 == 4 {
			ev.Status = 401
		}
		ev.Source = parser.Source{File: "big.jsonl", Line: i + 1}
		ev.Time = t0.Add(time.Duration(i) * 3 * time.Second)
		e.Add(ev)
		if n := e.LiveConnections(); n > maxLive {
			maxLive = n
		}
	}
	fs := all(e.Finish())
	if len(fs) != 10_000 {
		t.Fatalf("got %d findings, want 10000", len(fs))
	}
	// An hour holds 1200 events = 240 connections, plus one sweep interval.
	if maxLive > 240+pruneEvery/5+10 {
		t.Fatalf("live connections peaked at %d: state is not pruned", maxLive)
	}
	if len(e.byFP) > maxLive {
		t.Fatalf("fingerprint index holds %d entries after Finish", len(e.byFP))
	}
}

func TestEvictWithoutTimes(t *testing.T) {
	e := New(Config{})
	for i := 0; i < maxLiveConnections+5000; i++ {
		ev := api("GET", "https://api.example.com/v1/items", 200, fmt.Sprintf("t%d", i))
		ev.Source = parser.Source{File: "notime.jsonl", Line: i + 1}
		e.Add(ev)
		if e.LiveConnections() > maxLiveConnections+1 {
			t.Fatalf("live connections %d over the cap", e.LiveConnections())
		}
	}
	e.Finish()
}

// mixed builds a timeline with several connections interleaved across two files.
func mixed() [][]*parser.Event {
	a := newTL("a.har")
	z := newTL("b.jsonl")
	a.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
	z.add(0, grant(xeroToken, "authorization_code", "", "x1", "xr1", "1800"))
	a.add(10, page("https://www.googleapis.com/drive/v3/files", 200, "at1", cursor("", "p2", 100)))
	z.add(31, grant(xeroToken, "refresh_token", "xr1", "x2", "xr2", "1800"))
	a.add(61, page("https://www.googleapis.com/drive/v3/files", 401, "at1", cursor("p2", "", -1)))
	z.add(62, refreshFail(xeroToken, "xr1", 400, "invalid_grant", ""))
	a.add(62, api("GET", "https://api.hubapi.com/crm/v3/objects/contacts", 429, "h1"))
	z.add(63, withErr(api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 401, "x2"), "", "TokenExpired", "TokenExpired"))
	for _, ev := range z.evs {
		ev.Source.Line, ev.Source.Index = ev.Source.Index+1, 0
	}
	return [][]*parser.Event{a.evs, z.evs}
}

func TestDeterministic(t *testing.T) {
	ev := mixed()
	var interleaved []*parser.Event
	for i := 0; i < len(ev[0]) || i < len(ev[1]); i++ {
		for _, l := range ev {
			if i < len(l) {
				interleaved = append(interleaved, l[i])
			}
		}
	}
	first, _ := analyze(Config{}, interleaved)
	for i := 0; i < 5; i++ {
		again, _ := analyze(Config{}, interleaved)
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("run %d differs", i)
		}
	}
	for i := 1; i < len(first); i++ {
		if first[i].Time.Before(first[i-1].Time) {
			t.Fatalf("findings not in time order at %d", i)
		}
	}
	if len(first) != 5 {
		t.Fatalf("got %d findings, want 5:%s", len(first), dump(first))
	}
}

func TestExplain(t *testing.T) {
	ev := mixed()
	_, e := analyze(Config{Explain: "identity.xero.com"}, ev...)
	ex, ok := e.Explain()
	if !ok {
		t.Fatal("no explanation")
	}
	if ex.Connection != "client:identity.xero.com/client-1" {
		t.Fatalf("explained %q", ex.Connection)
	}
	if len(ex.Tokens) != 2 || ex.Tokens[1].Lifetime != 30*time.Minute || ex.Tokens[1].RefreshSentFP != "xr1" {
		t.Fatalf("tokens %+v", ex.Tokens)
	}
	if len(ex.Timeline) != 4 || len(ex.Findings) != 2 || len(ex.Reasoning) != 2 {
		t.Fatalf("timeline %d, findings %d, reasoning %d", len(ex.Timeline), len(ex.Findings), len(ex.Reasoning))
	}
	if !strings.Contains(ex.Timeline[2].What, "rotation-not-persisted") {
		t.Fatalf("step %q", ex.Timeline[2].What)
	}
	if _, ok := New(Config{}).Explain(); ok {
		t.Fatal("explanation without asking")
	}
}

// TestExplainCapped: past its caps an explanation keeps the first token
// responses and events and says in Reasoning how many it left out.
func TestExplainCapped(t *testing.T) {
	if testing.Short() {
		t.Skip("reads over 100k events")
	}
	const extra = 3
	e := New(Config{Explain: "acct-cap"})
	for i := 0; i < maxExplainTokens+extra; i++ {
		g := grant(googleToken, "refresh_token", fmt.Sprintf("rt%d", i), fmt.Sprintf("at%d", i), fmt.Sprintf("rt%d", i+1), "3600")
		g.Connection = "acct-cap"
		g.Source = parser.Source{File: "cap.har", Index: i}
		g.Time = t0.Add(time.Duration(i) * time.Second)
		e.Add(g)
	}
	e.Finish()
	ex, ok := e.Explain()
	if !ok {
		t.Fatal("no explanation")
	}
	if len(ex.Tokens) != maxExplainTokens || len(ex.Timeline) != maxExplainSteps {
		t.Fatalf("kept %d tokens and %d steps, want %d and %d", len(ex.Tokens), len(ex.Timeline), maxExplainTokens, maxExplainSteps)
	}
	want := []string{
		fmt.Sprintf("… %d more token responses, not listed: the lineage keeps the first %d", extra, maxExplainTokens),
		fmt.Sprintf("… %d more events, not listed: the timeline keeps the first %d", extra, maxExplainSteps),
	}
	if got := ex.Reasoning; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("reasoning %q, want %q", got, want)
	}
}

// benchEvents is a realistic mix: token responses, API calls, refreshes
// and failures across many connections.
func benchEvents(n int) []*parser.Event {
	evs := make([]*parser.Event, 0, n)
	for i := 0; len(evs) < n; i++ {
		c := i % 500
		at := fmt.Sprintf("at%d-%d", c, i/500)
		rt := fmt.Sprintf("rt%d", c)
		base := t0.Add(time.Duration(i) * time.Second)
		g := grant(googleToken, "refresh_token", rt, at, "", "3600")
		g.Time = base
		evs = append(evs, g)
		for j := 0; j < 8 && len(evs) < n; j++ {
			status := 200
			switch j {
			case 5:
				status = 401
			case 7:
				status = 429
			}
			ev := api("GET", "https://www.googleapis.com/drive/v3/files", status, at)
			if status == 401 {
				ev.Error = &parser.ErrorBody{Code: "401", Description: "Request had invalid authentication credentials.", Text: `{"error":{"code":401,"status":"UNAUTHENTICATED"}}`}
			}
			ev.Time = base.Add(time.Duration(j) * time.Millisecond)
			evs = append(evs, ev)
		}
	}
	for i, ev := range evs {
		ev.Source = parser.Source{File: "bench.jsonl", Line: i + 1}
	}
	return evs
}

// bytesPerEvent approximates the input record size the pipeline reads per
// event, so b.SetBytes reports comparable MB/s.
const bytesPerEvent = 1500

func BenchmarkEngine(b *testing.B) {
	evs := benchEvents(10_000)
	b.SetBytes(int64(len(evs) * bytesPerEvent))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := New(Config{})
		for _, ev := range evs {
			e.Add(ev)
		}
		e.Finish()
	}
}

func TestSanitizedDecidedAtEndOfInput(t *testing.T) {
	for _, tc := range []struct {
		name      string
		credsSeen bool
		said      string // what the server answered
		cause     Cause
	}{
		{"credentials appear later in the file: missing token", true, "", CauseMissingToken},
		{"no request of the file carried credentials: sanitized", false, "", CauseUnknown},
		{"no request carried credentials, the server says none arrived: missing token", false, "No authorization header provided", CauseMissingToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := &parser.Input{Name: "s.har", Format: parser.FormatHAR}
			b := newTL("s.har")
			x := b.add(0, req("GET", "https://api.example.com/v1/me", 401))
			if tc.said != "" {
				withErr(x, "unauthorized", tc.said)
			}
			x.Auth.Sanitized = true // provisional, as the parser sets it
			x.Input = in
			e := New(Config{})
			e.Add(x)
			in.CredentialsSeen.Store(tc.credsSeen)
			fs := all(e.Finish())
			if len(fs) != 1 || fs[0].Cause != tc.cause {
				t.Fatalf("got %s", dump(fs))
			}
		})
	}
}

func TestPruneByEachInputsClock(t *testing.T) {
	e := New(Config{IdleWindow: time.Hour})
	old := newTL("january.har")
	g := old.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
	use := old.add(30, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "at1"))
	x := old.add(62, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
	for _, ev := range old.evs {
		ev.Time = ev.Time.AddDate(0, -2, 0)
	}
	// A newer input interleaved with it, busy enough to trigger sweeps.
	for i := 0; i < 3*pruneEvery; i++ {
		switch i {
		case 0:
			e.Add(g)
		case pruneEvery + 1:
			e.Add(use)
		case 2*pruneEvery + 1:
			e.Add(x)
		}
		ev := api("GET", "https://api.example.com/v1/items", 200, fmt.Sprintf("n%d", i))
		ev.Source = parser.Source{File: "march.jsonl", Line: i + 1}
		ev.Time = t0.Add(time.Duration(i) * time.Second)
		e.Add(ev)
	}
	fs := findingsAt(all(e.Finish()), x.Source)
	if len(fs) != 1 || fs[0].Cause != CauseRefreshNotAttempted || !strings.Contains(strings.Join(fs[0].Evidence, " "), "issued at january.har: entry 0") {
		t.Fatalf("the older input's connection lost its state: %s", dump(fs))
	}
}

// BenchmarkEngineSuccesses measures the common case: successful API
// calls on live connections, which should not allocate.
func BenchmarkEngineSuccesses(b *testing.B) {
	evs := make([]*parser.Event, 1000)
	for i := range evs {
		evs[i] = api("GET", "https://www.googleapis.com/drive/v3/files", 200, fmt.Sprintf("at%d", i%50))
		evs[i].Source = parser.Source{File: "ok.jsonl", Line: i + 1}
		evs[i].Time = t0.Add(time.Duration(i) * time.Millisecond)
	}
	e := New(Config{})
	for _, ev := range evs {
		e.Add(ev)
	}
	b.SetBytes(int64(len(evs) * bytesPerEvent))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, ev := range evs {
			e.Add(ev)
		}
	}
}

// TestExplainReasoning: each Reasoning line names the finding's final
// label and cause, the rule that gave them and what matched in this trace,
// not the rule's description: a ttl-elapsed finding that no refresh
// followed is explained by refresh-not-attempted with the token's age.
func TestExplainReasoning(t *testing.T) {
	name := filepath.Join(samplesRoot(t), "har", "chrome-multi-connection.har")
	e := New(Config{Explain: "lineage:0fd428d41a"})
	readSample(t, name, e.Add)
	e.Finish()
	ex, ok := e.Explain()
	if !ok {
		t.Fatal("no explanation")
	}
	if len(ex.Reasoning) != len(ex.Findings) {
		t.Fatalf("%d reasoning lines for %d findings: %q", len(ex.Reasoning), len(ex.Findings), ex.Reasoning)
	}
	want := map[string]string{
		"entry 9:":  "429 rate-limited/too-many-requests, by rule too-many-requests: Retry-After: 1",
		"entry 20:": "401 expired/refresh-not-attempted, by rule refresh-not-attempted: access token ff3183f3e1 issued at " + name + ": entry 6 (09:07:00) with expires_in=1800 (30m00s); rejected 31m40s later; the provider says the token expired (EXPIRED_AUTHENTICATION); refresh token 0fd428d41a was on hand, yet no refresh request followed this rejection",
	}
	for i, r := range ex.Reasoning {
		f := ex.Findings[i]
		if !strings.HasPrefix(r, f.Source.String()+": ") || !strings.Contains(r, f.Label.String()+"/"+f.Cause.String()+", by rule ") {
			t.Errorf("reasoning %q does not name finding %s's %s/%s", r, f.Source, f.Label, f.Cause)
		}
		for _, rl := range rules {
			if strings.Contains(r, rl.Doc) {
				t.Errorf("reasoning %q quotes the description of rule %s", r, rl.Name)
			}
		}
		for at, w := range want {
			if strings.Contains(f.Source.String(), at) && r != name+": "+at+" "+w {
				t.Errorf("reasoning\n%s\nwant\n%s", r, name+": "+at+" "+w)
			}
		}
	}
}
