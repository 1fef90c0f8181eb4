package heuristics

import (
	"fmt"
	"slices"
	"testing"

	"github.com/authtriage/authtriage/parser"
)

// expiryThenRefresh is a token issued, used, rejected an hour later, then
// refreshed and the call retried with the new token: an expiry the
// refresh recovered.
func expiryThenRefresh() []*parser.Event {
	b := newTL("s.jsonl")
	b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
	b.add(1, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "at1"))
	b.add(65, api("GET", "https://www.googleapis.com/drive/v3/files", 401, "at1"))
	b.add(65.01, grant(googleToken, "refresh_token", "rt1", "at2", "", "3600"))
	b.add(65.02, api("GET", "https://www.googleapis.com/drive/v3/files", 200, "at2"))
	return b.evs
}

// TestReorder: records a logger wrote out of order, or files given in
// the wrong order, are analysed in time order: the findings are those of
// the sorted trace, sources unchanged.
func TestReorder(t *testing.T) {
	sorted := expiryThenRefresh()
	want, _ := analyze(Config{}, sorted)
	if len(want) != 1 || want[0].Cause != CauseTTLElapsed || !want[0].Recovered {
		t.Fatalf("sorted: want one recovered ttl-elapsed:%s", dump(want))
	}
	for name, evs := range map[string][]*parser.Event{
		"the 401 logged after the refresh and retry": {sorted[0], sorted[1], sorted[3], sorted[4], sorted[2]},
		"the second half first":                      {sorted[3], sorted[4], sorted[0], sorted[1], sorted[2]},
		"newest first":                               {sorted[4], sorted[3], sorted[2], sorted[1], sorted[0]},
	} {
		got, e := analyze(Config{}, evs)
		if dump(got) != dump(want) {
			t.Errorf("%s:%s\nwant:%s", name, dump(got), dump(want))
		}
		if d := e.Disorders(); len(d) != 0 {
			t.Errorf("%s: disorders %v, within the reorder depth", name, d)
		}
	}
}

// TestDisorderBeyondDepth: a record more than ReorderDepth records after
// later ones cannot be put back in order; it is counted for its input.
func TestDisorderBeyondDepth(t *testing.T) {
	e := New(Config{})
	b := newTL("late.jsonl")
	for i := 0; i <= ReorderDepth; i++ {
		e.Add(b.add(float64(10+i), api("GET", "https://api.example.com/v1/items", 200, "at1")))
	}
	e.Add(b.add(1, api("GET", "https://api.example.com/v1/items", 200, "at1")))
	e.Finish()
	if d := e.Disorders(); !slices.Equal(d, []Disorder{{File: "late.jsonl", Records: 1}}) {
		t.Fatalf("disorders %v, want the one late record", d)
	}
}

// TestDuplicateRuns: the same runs read twice (two overlapping exports)
// give the findings of one reading and are counted as duplicates; runs
// that differ only in their time are not duplicates.
func TestDuplicateRuns(t *testing.T) {
	export := func(file string) []*parser.Event {
		b := newTL(file)
		for i := 0; i < 3; i++ {
			b.add(float64(i*30), runOn("acct-1", fmt.Sprintf("r%d", i), parser.RunError, 500, "Received 500 code"))
		}
		return b.evs
	}
	once, _ := analyze(Config{}, export("a.csv"))
	twice, e := analyze(Config{}, export("a.csv"), export("b.csv"))
	if len(once) != 3 || len(twice) != 3 || e.Duplicates() != 3 {
		t.Fatalf("once %d findings, twice %d with %d duplicates; want 3, 3 and 3", len(once), len(twice), e.Duplicates())
	}
	later := export("c.csv")
	for _, ev := range later {
		ev.Time = ev.Time.Add(24 * 60 * 60e9)
	}
	both, e := analyze(Config{}, export("a.csv"), later)
	if len(both) != 6 || e.Duplicates() != 0 {
		t.Fatalf("runs a day apart: %d findings, %d duplicates; want 6 and 0", len(both), e.Duplicates())
	}
}

// TestRecoveryNeedsWork: a failure is recovered when the connection
// works again, not sooner: a refused refresh is not recovered by the old
// access token still working, and an expiry is not recovered by a refresh
// whose new token is refused too. A raced refresh is recovered by the
// winner's token working.
func TestRecoveryNeedsWork(t *testing.T) {
	files := "https://www.googleapis.com/drive/v3/files"
	for _, tc := range []struct {
		name      string
		build     func(b *tl) *parser.Event
		recovered bool
	}{
		{"a refused refresh, then the old access token still works", func(b *tl) *parser.Event {
			b.add(0, grant(googleToken, "refresh_token", "rt1", "at1", "", "3599"))
			x := b.add(50, refreshFail(googleToken, "rt1", 400, "invalid_grant", "Token has been expired or revoked."))
			b.add(51, api("GET", files, 200, "at1"))
			return x
		}, false},
		{"an expiry refreshed, but the new token is refused as well", func(b *tl) *parser.Event {
			b.add(0, grant(xeroToken, "refresh_token", "rt0", "at1", "rt1", "1800"))
			x := b.add(31, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 401, "at1"))
			b.add(31.01, grant(xeroToken, "refresh_token", "rt1", "at2", "rt2", "1800"))
			b.add(31.02, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 403, "at2"))
			return x
		}, false},
		{"an expiry refreshed and the call retried", func(b *tl) *parser.Event {
			b.add(0, grant(xeroToken, "refresh_token", "rt0", "at1", "rt1", "1800"))
			x := b.add(31, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 401, "at1"))
			b.add(31.01, grant(xeroToken, "refresh_token", "rt1", "at2", "rt2", "1800"))
			b.add(31.02, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 200, "at2"))
			return x
		}, true},
		{"a raced refresh, then the winner's token works", func(b *tl) *parser.Event {
			b.add(0, grant(xeroToken, "refresh_token", "rt0", "at1", "rt1", "1800"))
			b.add(31, grant(xeroToken, "refresh_token", "rt1", "at2", "rt2", "1800"))
			x := b.add(31.01, refreshFail(xeroToken, "rt1", 400, "invalid_grant", ""))
			b.add(31.02, api("GET", "https://api.xero.com/api.xro/2.0/Invoices", 200, "at2"))
			return x
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTL("r.har")
			x := tc.build(b)
			fs, _ := analyze(Config{}, b.evs)
			at := findingsAt(fs, x.Source)
			if len(at) != 1 || at[0].Recovered != tc.recovered {
				t.Fatalf("want one finding, recovered=%v:%s", tc.recovered, dump(fs))
			}
		})
	}
}

// TestSalesforceSandboxHosts: a '--' in a Salesforce host marks a
// sandbox's My Domain, except the production content hosts (--c.).
func TestSalesforceSandboxHosts(t *testing.T) {
	sf := providerFor("acme.my.salesforce.com")
	for host, want := range map[string]bool{
		"acme--uat.sandbox.my.salesforce.com": true,
		"acme--uat.my.salesforce.com":         true,
		"test.salesforce.com":                 true,
		"acme.my.salesforce.com":              false,
		"acme--c.vf.force.com":                false,
		"acme--c.documentforce.com":           false,
	} {
		if got := sandboxHost(host, sf); got != want {
			t.Errorf("sandboxHost(%s) = %v, want %v", host, got, want)
		}
	}
}

// TestReorderBoundedBytes: held events keep their records alive, so large
// records are held fewer at a time: the bytes held stay under
// maxHeldBytes (plus the one just added), whatever the record size.
func TestReorderBoundedBytes(t *testing.T) {
	e := New(Config{})
	b := newTL("big.jsonl")
	for i := 0; i < 200; i++ {
		ev := b.add(float64(i), api("GET", "https://api.example.com/v1/items", 200, "at1"))
		ev.Bytes = 1 << 20
		e.Add(ev)
		if e.order.bytes > maxHeldBytes+ev.Bytes {
			t.Fatalf("after %d records of 1 MiB, %d bytes held", i+1, e.order.bytes)
		}
	}
	if n := len(e.order.buf) - e.order.head; n > maxHeldBytes>>20 {
		t.Fatalf("%d records of 1 MiB held", n)
	}
	e.Finish()
}
