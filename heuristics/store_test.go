package heuristics

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// sampleEvents reads every file under samples/ into events, in file order.
func sampleEvents(t *testing.T) []*parser.Event {
	t.Helper()
	var evs []*parser.Event
	for _, name := range sampleFiles(t) {
		readSample(t, name, func(ev *parser.Event) { evs = append(evs, ev) })
	}
	if len(evs) == 0 {
		t.Fatal("no events under samples/")
	}
	return evs
}

// fullDump renders every field of every finding, in order.
func fullDump(fs []*Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s|%s|%q|%q|%q|%q|%q|%q|%d|%v|%s|%s|%v|%v|%q|%q|%q|%q|%q|%v\n",
			f.Source, f.Time.Format(time.RFC3339Nano), f.Connection, f.Step, f.Method, f.URL, f.Host, f.Path, f.Status, f.NoStatus,
			f.Label, f.Cause, f.Recovered, f.Confidence, f.Evidence, f.Remediation, f.RunID, f.ZapID, f.ZapTitle, f.Related)
	}
	return b.String()
}

// run feeds evs to an engine configured by cfg and returns it finished.
func runEngine(cfg Config, evs []*parser.Event) (*Engine, []*Finding) {
	e := New(cfg)
	for _, ev := range evs {
		e.Add(ev)
	}
	return e, all(e.Finish())
}

// TestSpillSameFindings writes findings out as early as the engine allows
// and wants exactly the findings of an engine that keeps them all: every
// sample (runs joined to HTTP records, sanitized exports, Zaps at risk of
// pause, pagination walks, refresh collisions) and a long generated
// stream.
func TestSpillSameFindings(t *testing.T) {
	inputs := map[string][]*parser.Event{"samples": sampleEvents(t), "stream": streamEvents(20_000)}
	for name, evs := range inputs {
		_, want := runEngine(Config{SpillAbove: -1}, evs)
		if len(want) == 0 {
			t.Fatalf("%s: no findings", name)
		}
		for _, above := range []int{1, 2, 16, 256} {
			if above >= len(want) {
				continue // nothing to write out
			}
			t.Run(fmt.Sprintf("%s/above=%d", name, above), func(t *testing.T) {
				e, got := runEngine(Config{SpillAbove: above, SpillDir: t.TempDir()}, evs)
				defer e.out.Close()
				if e.spillErr != nil {
					t.Fatal(e.spillErr)
				}
				if len(e.spill.runs) == 0 {
					t.Fatal("nothing was written out")
				}
				if e.lost != 0 {
					t.Fatalf("%d changes were asked of findings already written out", e.lost)
				}
				if g, w := fullDump(got), fullDump(want); g != w {
					t.Fatalf("findings differ from an engine that keeps them all:\n%s", firstDiff(g, w))
				}
				// A second read gives the same findings.
				if g, w := fullDump(all(e.out)), fullDump(want); g != w {
					t.Fatalf("second read differs:\n%s", firstDiff(g, w))
				}
				if e.out.Len() != len(want) {
					t.Errorf("Len() = %d, want %d", e.out.Len(), len(want))
				}
			})
		}
	}
}

// streamEvents makes n events of many connections that come and go:
// tokens expire, refreshes fail for good, requests are rate limited.
func streamEvents(n int) []*parser.Event {
	b := newTL("stream.har")
	const tokenURL = "https://login.example.com/oauth/token"
	m := 0.0
	for conn := 0; len(b.evs) < n; conn++ {
		api1 := fmt.Sprintf("https://api.example.com/v1/accounts/%d/items", conn)
		at, rt := fmt.Sprintf("at-%d-0", conn), fmt.Sprintf("rt-%d-0", conn)
		client := fmt.Sprintf("client-%d", conn)
		g := b.add(m, grant(tokenURL, "authorization_code", "", at, rt, "3600"))
		g.Token.ClientID = client
		for i := 1; i <= 40; i++ {
			m += 0.5
			switch {
			case i%13 == 0:
				b.add(m, api("GET", api1, 429, at))
			case i%17 == 0:
				b.add(m, withWWW(api("GET", api1, 401, at), `Bearer error="invalid_token"`))
				if conn%3 == 0 {
					b.add(m+0.01, refreshFail(tokenURL, rt, 400, "invalid_grant", "Token has been expired or revoked.")).Token.ClientID = client
				} else {
					nat, nrt := fmt.Sprintf("at-%d-%d", conn, i), fmt.Sprintf("rt-%d-%d", conn, i)
					b.add(m+0.01, grant(tokenURL, "refresh_token", rt, nat, nrt, "3600")).Token.ClientID = client
					at, rt = nat, nrt
				}
			default:
				b.add(m, api("GET", api1, 200, at))
			}
		}
	}
	return b.evs
}

// firstDiff shows the first line where two dumps differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// TestSpillExplain: an explained connection's findings stay in memory and
// its explanation is the same with findings written out.
func TestSpillExplain(t *testing.T) {
	evs := streamEvents(5_000)
	probe, _ := runEngine(Config{SpillAbove: -1, Explain: "client:"}, evs)
	m := probe.ExplainMatches()
	if _, ok := probe.Explain(); ok || len(m) < 2 {
		t.Fatalf("a prefix of %d connections explained one: %v", len(m), ok)
	}
	e1, _ := runEngine(Config{SpillAbove: -1, Explain: m[0]}, evs)
	e2, _ := runEngine(Config{SpillAbove: 1, SpillDir: t.TempDir(), Explain: m[0]}, evs)
	defer e2.out.Close()
	ex1, ok1 := e1.Explain()
	ex2, ok2 := e2.Explain()
	if !ok1 || !ok2 || len(ex1.Findings) == 0 {
		t.Fatalf("no explanation (%v, %v) or no findings in it", ok1, ok2)
	}
	p := func(fs []Finding) []*Finding {
		out := make([]*Finding, len(fs))
		for i := range fs {
			out[i] = &fs[i]
		}
		return out
	}
	if g, w := fullDump(p(ex2.Findings)), fullDump(p(ex1.Findings)); g != w {
		t.Fatalf("explained findings differ:\n%s", firstDiff(g, w))
	}
	if e2.lost != 0 || len(e2.spill.runs) == 0 {
		t.Fatalf("lost %d, runs %d", e2.lost, len(e2.spill.runs))
	}
}

// TestSpillDirFails: when the temporary file cannot be made, findings stay
// in memory, the reason is told, and nothing is lost.
func TestSpillDirFails(t *testing.T) {
	evs := streamEvents(3_000)
	_, want := runEngine(Config{SpillAbove: -1}, evs)
	e, got := runEngine(Config{SpillAbove: 1, SpillDir: filepath.Join(t.TempDir(), "missing")}, evs)
	if e.SpillError() == nil {
		t.Fatal("no error for a missing spill directory")
	}
	if g, w := fullDump(got), fullDump(want); g != w {
		t.Fatalf("findings differ:\n%s", firstDiff(g, w))
	}
}

// TestSpillDamaged: a damaged temporary file stops the read with an error
// instead of giving a short list as if it were whole.
func TestSpillDamaged(t *testing.T) {
	e, _ := runEngine(Config{SpillAbove: 1, SpillDir: t.TempDir()}, streamEvents(3_000))
	defer e.out.Close()
	if len(e.spill.runs) == 0 {
		t.Fatal("nothing was written out")
	}
	garbage := []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}
	if _, err := e.spill.f.WriteAt(garbage, e.spill.runs[0].off); err != nil {
		t.Fatal(err)
	}
	n := 0
	for range e.out.All() {
		n++
	}
	if e.out.Err() == nil || n >= e.out.Len() {
		t.Fatalf("read %d of %d findings with error %v; want an error and fewer", n, e.out.Len(), e.out.Err())
	}
}

// TestSpillRecord round-trips records with every field set, and the odd
// values: no time, a time past 2262 (beyond Unix nanoseconds), NaN, a
// second judgement and a run end.
func TestSpillRecord(t *testing.T) {
	in, other := &parser.Input{Name: "export.har"}, &parser.Input{Name: "later.har"}
	hs := []*held{
		{idx: 7, seq: 14, Finding: Finding{Source: parser.Source{File: "a.har", Index: 3}, Time: time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.UTC),
			Connection: "lineage:ab12", Step: "Find", Method: "GET", URL: "https://x.example/a?b=c", Host: "x.example", Path: "/a", Status: 401,
			Label: LabelExpired, Cause: CauseTTLElapsed, Recovered: true, Confidence: 0.87, Evidence: []string{"one", "", "three ✓"},
			Remediation: "fix", RunID: "r1", ZapID: "z1", ZapTitle: "Zap ☃", Related: []parser.Source{{File: "b.csv", Line: 9}, {File: "c.har", Index: 2}}},
			input: in, alt: &verdict{label: LabelOther, cause: CauseUnknown, conf: 0.3, evidence: []string{"why"}}, runEnd: time.Date(2026, 3, 2, 9, 1, 0, 0, time.UTC)},
		{idx: 8, seq: 17, Finding: Finding{Source: parser.Source{File: "a.jsonl", Line: 1 << 40}, Confidence: math.NaN(), NoStatus: true}, recoverIn: other},
		{idx: 10, seq: 20, Finding: Finding{Recovered: true}, input: other, recoverIn: in},
		{idx: 9, seq: 19, Finding: Finding{Time: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), Status: -1}},
	}
	var s spillFile
	for _, h := range hs {
		got, err := s.decode(s.encode(nil, h))
		if err != nil {
			t.Fatalf("%d: %v", h.idx, err)
		}
		if g, w := fullDump([]*Finding{&got.Finding}), fullDump([]*Finding{&h.Finding}); g != w {
			t.Errorf("%d: finding\n got %s\nwant %s", h.idx, g, w)
		}
		if got.idx != h.idx || got.seq != h.seq || got.input != h.input || got.recoverIn != h.recoverIn || !got.runEnd.Equal(h.runEnd) || !got.Time.Equal(h.Time) {
			t.Errorf("%d: got idx %d seq %d input %p recoverIn %p runEnd %v time %v", h.idx, got.idx, got.seq, got.input, got.recoverIn, got.runEnd, got.Time)
		}
		if (got.alt == nil) != (h.alt == nil) || got.alt != nil && fmt.Sprint(*got.alt) != fmt.Sprint(*h.alt) {
			t.Errorf("%d: second judgement %+v, want %+v", h.idx, got.alt, h.alt)
		}
		// Every cut of the record is refused, none panics.
		b := s.encode(nil, h)
		for i := range len(b) {
			if _, err := s.decode(b[:i]); err == nil {
				t.Errorf("%d: a record cut at %d of %d bytes decoded", h.idx, i, len(b))
			}
		}
	}
}

// TestMemoryFollowsLiveConnections: over weeks of traffic where
// connections come and go, what the engine holds (connections, findings)
// levels off while the findings found keep growing.
func TestMemoryFollowsLiveConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 150,000 events")
	}
	evs := streamEvents(150_000) // ~3,600 connections, one after another, over ~52 days
	e := New(Config{SpillDir: t.TempDir()})
	type point struct{ conns, held, found int }
	var points []point
	for i, ev := range evs {
		e.Add(ev)
		if (i+1)%(len(evs)/3) == 0 {
			points = append(points, point{len(e.conns), len(e.held), int(e.count)})
		}
	}
	defer e.Finish().Close()
	t.Logf("after each third: %+v", points)
	first, last := points[0], points[len(points)-1]
	if last.found < 2*first.found {
		t.Fatalf("findings should keep growing with the input: %d then %d", first.found, last.found)
	}
	if last.conns > first.conns+first.conns/5 || last.held > max(first.held+first.held/5, DefaultSpillAbove) {
		t.Fatalf("held state grew with the input: connections %d -> %d, findings held %d -> %d",
			first.conns, last.conns, first.held, last.held)
	}
	if e.lost != 0 || len(e.spill.runs) == 0 {
		t.Fatalf("lost %d, runs written %d", e.lost, len(e.spill.runs))
	}
}

// TestSpillRevisedOrder: a record with two findings whose primary is
// relabelled at the end (its input strips credentials) keeps report order
// when the findings were written out before the relabelling.
func TestSpillRevisedOrder(t *testing.T) {
	events := func() []*parser.Event {
		in := &parser.Input{Name: "s.har", Format: parser.FormatHAR}
		b := newTL("s.har")
		add := func(m float64, ev *parser.Event) {
			ev.Auth.Sanitized = true
			ev.Input = in
			b.add(m, ev)
		}
		add(0, page("https://api.example.com/v1/items", 200, "", cursor("", "c2", 10)))
		// A 401 on a request without credentials that the server does not
		// explain: missing-token until the input proves to strip them. (A
		// hook, so the earlier success does not make it an expiry.)
		denied := withErr(page("https://api.example.com/v1/items?cursor=c2", 401, "", cursor("c2", "", -1)), "unauthorized", "login required")
		denied.Hook = true
		add(1, denied)
		add(2, page("https://api.example.com/v1/items", 200, "", cursor("", "c2", 10))) // the walk restarts: it was interrupted
		add(3, page("https://api.example.com/v1/other", 200, "", pg()))
		return b.evs
	}
	evs := events()
	_, want := runEngine(Config{SpillAbove: -1}, evs)
	if pair := findingsAt(want, evs[1].Source); len(pair) != 2 || pair[0].Label != LabelPaginationGap || pair[1].Label != LabelOther {
		t.Fatalf("want the 401 to have a pagination-gap finding, then other/unknown once relabelled; got %s", dump(want))
	}
	e, got := runEngine(Config{SpillAbove: 1, SpillDir: t.TempDir()}, events())
	defer e.out.Close()
	if len(e.spill.runs) == 0 {
		t.Fatal("nothing was written out")
	}
	if g, w := fullDump(got), fullDump(want); g != w {
		t.Fatalf("order differs from an engine that keeps them all:\n got %s\nwant %s", g, w)
	}
}

// TestSpillBigRecord: a finding far larger than the others is written out
// and read back whole, even past 64 MiB encoded (a 24 MiB path, possible
// with --max-record-bytes raised, appears in the URL, the path and the
// evidence); the reader once refused such a record as damage.
func TestSpillBigRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes a 72 MiB finding")
	}
	big := strings.Repeat("x", 24<<20)
	hs := []*held{
		{idx: 0, seq: 0, Finding: Finding{Source: parser.Source{File: "a", Line: 1}, URL: "https://x.example/" + big, Path: "/" + big, Evidence: []string{big}}},
		{idx: 1, seq: 2, Finding: Finding{Source: parser.Source{File: "a", Line: 2}, URL: "https://x.example/small"}},
	}
	s := &spillFile{}
	if err := s.write(hs, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	fs := &Findings{spill: s, n: 2}
	defer fs.Close()
	if s.maxRec <= 64<<20 {
		t.Fatalf("the big record encoded to %d bytes: the test needs more than 64 MiB", s.maxRec)
	}
	got := all(fs)
	if fs.Err() != nil || len(got) != 2 || got[0].URL != hs[0].URL || got[0].Path != hs[0].Path || len(got[0].Evidence) != 1 || got[0].Evidence[0] != big {
		t.Fatalf("read back %d findings, error %v", len(got), fs.Err())
	}
}

// TestFindingIndexPast2To31: an input with more than 2^31 findings (a
// streamed input is not bounded) numbers them on: the samples, read by an
// engine that has recorded nearly 2^31 findings already, give the same
// findings as read by a fresh one. With 32-bit indexes they wrapped to
// negative ones, read as "no finding": a failed page that ended a walk lost
// its pagination finding, a run finding its relabelling.
func TestFindingIndexPast2To31(t *testing.T) {
	evs := sampleEvents(t)
	_, want := runEngine(Config{SpillAbove: -1}, evs)
	for _, above := range []int{-1, 16} {
		t.Run(fmt.Sprintf("above=%d", above), func(t *testing.T) {
			e := New(Config{SpillAbove: above, SpillDir: t.TempDir()})
			const before = 1<<31 - 16
			e.count = before
			for _, ev := range evs {
				e.Add(ev)
			}
			got := all(e.Finish())
			defer e.out.Close()
			if e.lost != 0 {
				t.Fatalf("%d changes were asked of findings already written out", e.lost)
			}
			if n := int64(e.count) - before; n != int64(len(want)) {
				t.Errorf("%d findings counted past the first %d, want %d", n, before, len(want))
			}
			if g, w := fullDump(got), fullDump(want); g != w {
				t.Fatalf("findings differ from a fresh engine's:\n%s", firstDiff(g, w))
			}
		})
	}
}
