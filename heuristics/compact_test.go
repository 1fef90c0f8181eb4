package heuristics

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authtriage/authtriage/parser"
)

// TestIdleCompaction: a connection idle past compactAfter keeps only its
// newest tokens and refreshes, and when its client comes back with the
// token in use the findings are those of an engine that kept everything.
func TestIdleCompaction(t *testing.T) {
	const tokenURL = "https://login.example.com/oauth/token"
	const apiURL = "https://api.example.com/v1/items"
	b := newTL("idle.har")
	b.add(0, grant(tokenURL, "authorization_code", "", "at-0", "rt-0", "3600"))
	b.add(1, api("GET", apiURL, 200, "at-0"))
	const rotations = 12
	for i := 1; i <= rotations; i++ {
		m := float64(i * 60)
		b.add(m, grant(tokenURL, "refresh_token", fmt.Sprintf("rt-%d", i-1), fmt.Sprintf("at-%d", i), fmt.Sprintf("rt-%d", i), "3600"))
		b.add(m+1, api("GET", apiURL, 200, fmt.Sprintf("at-%d", i)))
	}
	last := float64(rotations*60 + 1)
	// Another client's traffic moves the input's clock on.
	b.add(last+150, api("GET", "https://api.other.example/v2/things", 200, "other-token"))
	cut := len(b.evs)
	// The first client comes back with its last token, long expired.
	back := b.add(last+180, api("GET", apiURL, 401, fmt.Sprintf("at-%d", rotations)))

	want, _ := analyze(Config{}, b.evs)

	e := New(Config{})
	for _, ev := range b.evs[:cut] {
		e.analyze(ev)
	}
	var idle *conn
	for _, c := range e.conns {
		if c.token("at-0") != nil {
			idle = c
		}
	}
	if idle == nil || len(idle.tokens) != rotations+1 || len(idle.refreshes) != rotations {
		t.Fatalf("before compaction: want the connection with %d tokens and %d refreshes, got %+v", rotations+1, rotations, idle)
	}
	e.pruneIdle()
	if !idle.compacted || len(idle.tokens) != idleTokens || len(idle.refreshes) != idleRefreshes ||
		cap(idle.tokens) != idleTokens || cap(idle.refreshes) != idleRefreshes {
		t.Fatalf("after compaction: compacted=%v tokens %d (cap %d) refreshes %d (cap %d); want %d and %d, exactly",
			idle.compacted, len(idle.tokens), cap(idle.tokens), len(idle.refreshes), cap(idle.refreshes), idleTokens, idleRefreshes)
	}
	if got := idle.tokens[len(idle.tokens)-1].fp; got != fmt.Sprintf("at-%d", rotations) {
		t.Fatalf("the newest token should be kept, got %q last", got)
	}
	for _, c := range e.conns {
		if c != idle && c.compacted {
			t.Errorf("connection %s was active within the hour and should not be compacted", c.key)
		}
	}
	for _, ev := range b.evs[cut:] {
		e.analyze(ev)
	}
	if idle.compacted {
		t.Error("a new event should clear the compacted mark")
	}
	got := all(e.Finish())
	if dump(got) != dump(want) {
		t.Fatalf("compaction changed the findings:\n got %s\nwant %s", dump(got), dump(want))
	}
	// No refresh follows the 401: expired/refresh-not-attempted, told
	// from the kept token's issuance.
	at := findingsAt(got, back.Source)
	issued := fmt.Sprintf("access token at-%d issued at idle.har: entry %d", rotations, back.Source.Index-3)
	if len(at) != 1 || at[0].Cause != CauseRefreshNotAttempted || !strings.Contains(strings.Join(at[0].Evidence, "|"), issued) {
		t.Fatalf("the returning 401 should be refresh-not-attempted citing %q, got %s", issued, dump(at))
	}
}

// TestIdleCompactionKeepsRotation: a client that retries an already
// rotated refresh token every two hours is still told the rotation was not
// saved, however many retries compaction has seen.
func TestIdleCompactionKeepsRotation(t *testing.T) {
	if testing.Short() {
		t.Skip("reads ~100,000 events")
	}
	const tokenURL = "https://login.example.com/oauth/token"
	b := newTL("rot.har")
	b.add(0, grant(tokenURL, "authorization_code", "", "at-0", "rt-0", "3600"))
	b.add(1, grant(tokenURL, "refresh_token", "rt-0", "at-1", "rt-1", "3600"))
	var retries []*parser.Event
	m := 1.0
	for range 12 {
		// Enough other traffic for the engine to look for idle connections.
		for range pruneEvery {
			m += 120.0 / pruneEvery
			b.add(m, api("GET", "https://api.other.example/v2/things", 200, "other-token"))
		}
		retries = append(retries, b.add(m, refreshFail(tokenURL, "rt-0", 400, "invalid_grant", "Invalid refresh token")))
	}
	fs, e := analyze(Config{}, b.evs)
	defer e.out.Close()
	for i, r := range retries {
		at := findingsAt(fs, r.Source)
		if len(at) != 1 || at[0].Cause != CauseRotationNotPersisted {
			t.Fatalf("retry %d: want rotation-not-persisted, got %s", i+1, dump(at))
		}
	}
}
