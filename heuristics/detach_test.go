package heuristics

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/authtriage/authtriage/parser"
)

// idleStream makes the traffic of conns connections that each work for
// about 17 minutes, a new one every 2 minutes, then stop for good, as a
// user disconnects: each is refused once on an endpoint its scopes do not
// cover and ends on an expiry its client never refreshes, so both
// findings stay open (nothing recovers them).
func idleStream(conns int) []*parser.Event {
	type ev struct {
		m  float64
		ev *parser.Event
	}
	var all []ev
	const tokenURL = "https://login.example.com/oauth/token"
	for c := range conns {
		start := float64(c * 2)
		at, rt := fmt.Sprintf("at-%d", c), fmt.Sprintf("rt-%d", c)
		items := fmt.Sprintf("https://api.example.com/v1/accounts/%d/items", c)
		g := grant(tokenURL, "authorization_code", "", at, rt, "900")
		g.Token.ClientID = fmt.Sprintf("client-%d", c)
		all = append(all, ev{start, g})
		for i := 1; i <= 100; i++ {
			m := start + float64(i)/6
			switch {
			case i == 50:
				all = append(all, ev{m, withErr(api("GET", fmt.Sprintf("https://api.example.com/v1/accounts/%d/admin/users", c), 403, at),
					"insufficient_scope", "The token does not have the admin.read scope")})
			case i == 100:
				all = append(all, ev{m, withWWW(api("GET", items, 401, at), `Bearer error="invalid_token", error_description="The access token expired"`)})
			default:
				all = append(all, ev{m, api("GET", items, 200, at)})
			}
		}
	}
	slices.SortStableFunc(all, func(a, b ev) int {
		switch {
		case a.m < b.m:
			return -1
		case a.m > b.m:
			return 1
		}
		return 0
	})
	b := newTL("idle.har")
	for _, e := range all {
		b.add(e.m, e.ev)
	}
	return b.evs
}

// pinnedByIdleness counts the findings pinned only because an idle
// (compacted) connection holds them open: no refresh, run or walk of it
// refers to them.
func pinnedByIdleness(e *Engine) (pinned, open int) {
	pins := e.pinned()
	for _, c := range e.conns {
		if !c.compacted {
			continue
		}
		for _, o := range c.open {
			open++
			other := c.err200 != nil && c.err200.finding == o.idx
			for _, r := range c.refreshes {
				other = other || r.finding == o.idx
			}
			for _, r := range c.runs {
				other = other || r.idx == o.idx
			}
			for _, w := range c.walks {
				other = other || w.failed && w.failIdx == o.idx
			}
			if _, ok := slices.BinarySearch(pins, o.idx); ok && !other {
				pinned++
			}
		}
	}
	return pinned, open
}

// TestIdleReleasesOpenFindings: the open findings of a connection idle past
// compactAfter can only change if it comes back, so they are settled and
// may be written out, instead of staying in memory for the 7-day idle
// window; the findings are those of an engine that keeps them all.
func TestIdleReleasesOpenFindings(t *testing.T) {
	evs := idleStream(300) // ~10 hours, 30,000 events
	e := New(Config{SpillAbove: 64, SpillDir: t.TempDir()})
	for _, ev := range evs {
		e.Add(ev)
	}
	e.drain()
	e.pruneIdle()
	pinned, open := pinnedByIdleness(e)
	if open < 500 {
		t.Fatalf("want the idle connections to hold their open findings, got %d", open)
	}
	if pinned != 0 {
		t.Errorf("%d of the %d open findings of idle connections are pinned in memory", pinned, open)
	}
	// What is not pinned can be written out: then only the findings of
	// the connections active in the last hour stay in memory.
	e.spillSettled()
	active := 0
	for _, c := range e.conns {
		if !c.compacted {
			active += len(c.open)
		}
	}
	if n := len(e.held); n > active {
		t.Errorf("%d findings held in memory, want at most the %d open on active connections", n, active)
	}
	got := all(e.Finish())
	defer e.out.Close()
	if e.lost != 0 {
		t.Fatalf("%d changes were asked of findings already written out", e.lost)
	}
	_, want := runEngine(Config{SpillAbove: -1}, evs)
	if g, w := fullDump(got), fullDump(want); g != w {
		t.Fatalf("findings differ from an engine that keeps them all:\n%s", firstDiff(g, w))
	}
	ended := 0
	for _, f := range got {
		if f.Status == 401 {
			ev := strings.Join(f.Evidence, "|")
			if f.Cause != CauseRefreshNotAttempted || f.Recovered || !strings.Contains(ev, "nothing else of this connection follows") {
				t.Fatalf("the last 401 of a connection should be an unrecovered refresh-not-attempted at the trace's end, got %s", dump([]*Finding{f}))
			}
			ended++
		}
	}
	if ended != 300 {
		t.Fatalf("want 300 expiries, got %d", ended)
	}
}

// TestIdleComeBack: a client that comes back after its connection's open
// findings were detached (and written out, or not yet) gets the findings
// of an engine that never detached them: its refresh and the success that
// follow recover and re-settle what the detach settled.
func TestIdleComeBack(t *testing.T) {
	const tokenURL = "https://login.example.com/oauth/token"
	const items = "https://api.example.com/v1/items"
	b := newTL("back.har")
	b.add(0, grant(tokenURL, "authorization_code", "", "at-0", "rt-0", "900"))
	b.add(1, api("GET", items, 200, "at-0"))
	scope := b.add(2, withErr(api("GET", "https://api.example.com/v1/admin/users", 403, "at-0"), "insufficient_scope", "The token does not have the admin.read scope"))
	limited := b.add(3, withWWW(api("GET", items, 429, "at-0"), ""))
	expired := b.add(16, withWWW(api("GET", items, 401, "at-0"), `Bearer error="invalid_token", error_description="The access token expired"`))
	// Two hours of other clients, failing now and then, move the clock on
	// and give the engine findings to write out.
	m := 16.0
	for i := 0; m < 136; i++ {
		m += 120.0 / (3 * pruneEvery)
		status := 200
		if i%50 == 0 {
			status = 503
		}
		b.add(m, api("GET", fmt.Sprintf("https://api.other.example/v2/things/%d", i%7), status, fmt.Sprintf("other-%d", i/400)))
	}
	// The client comes back: refreshes, and the endpoint works again.
	b.add(m+1, grant(tokenURL, "refresh_token", "rt-0", "at-1", "rt-1", "900"))
	b.add(m+2, api("GET", items, 200, "at-1"))

	_, want := runEngine(Config{SpillAbove: -1}, b.evs)
	for name, above := range map[string]int{"in memory": -1, "written out": 16} {
		t.Run(name, func(t *testing.T) {
			e, got := runEngine(Config{SpillAbove: above, SpillDir: t.TempDir()}, b.evs)
			defer e.out.Close()
			if e.lost != 0 {
				t.Fatalf("%d changes were asked of findings already written out", e.lost)
			}
			if above > 0 && len(e.patches) == 0 {
				t.Fatal("the returning client changed no written-out finding: the test no longer tests that")
			}
			if g, w := fullDump(got), fullDump(want); g != w {
				t.Fatalf("findings differ from an engine that keeps them all:\n%s", firstDiff(g, w))
			}
			for _, c := range []struct {
				ev        *parser.Event
				cause     Cause
				recovered bool
			}{{scope, CauseInsufficientScope, false}, {limited, CauseTooManyRequests, true}, {expired, CauseTTLElapsed, true}} {
				at := findingsAt(got, c.ev.Source)
				if len(at) != 1 || at[0].Cause != c.cause || at[0].Recovered != c.recovered {
					t.Errorf("%s: want %s recovered=%v, got %s", c.ev.Source, c.cause, c.recovered, dump(at))
				}
			}
			if at := findingsAt(got, expired.Source); len(at) == 1 && strings.Contains(strings.Join(at[0].Evidence, "|"), "no refresh request followed") {
				t.Errorf("the refresh that followed should undo the detach's settling, got %s", dump(at))
			}
		})
	}
}
