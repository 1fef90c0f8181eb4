package heuristics

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// storyText writes a story's marks as "entry kind @minute", one per mark.
func storyText(s Story) string {
	var b strings.Builder
	for _, m := range s.Marks {
		fmt.Fprintf(&b, "%d %s @%g\n", m.Source.Index, m.Kind, m.Time.Sub(t0).Minutes())
	}
	return b.String()
}

func TestStories(t *testing.T) {
	const files = "https://www.googleapis.com/drive/v3/files"
	for _, tc := range []struct {
		name  string
		build func(b *tl)
		want  string // the marks; "" for no story
	}{
		{
			name: "issue, uses, 401, refresh, use",
			build: func(b *tl) {
				b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
				b.add(1, api("GET", files, 200, "at1"))
				b.add(30, api("GET", files, 200, "at1"))
				b.add(59, api("GET", files, 200, "at1")) // moves the end of the run
				b.add(61, api("GET", files, 401, "at1"))
				b.add(61.5, grant(googleToken, "refresh_token", "rt1", "at2", "", "3600"))
				b.add(62, api("GET", files, 200, "at2"))
			},
			want: "0 issued @0\n1 used @1\n3 used @59\n4 rejected @61\n5 refreshed @61.5\n6 used @62\n",
		},
		{
			name: "failed refresh",
			build: func(b *tl) {
				b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
				b.add(2, api("GET", files, 200, "at1"))
				b.add(61, api("GET", files, 401, "at1"))
				b.add(61.5, refreshFail(googleToken, "rt1", 400, "invalid_grant", "Token has been expired or revoked."))
				b.add(62, api("GET", files, 401, "at1"))
			},
			want: "0 issued @0\n1 used @2\n2 rejected @61\n3 refresh-failed @61.5\n4 rejected @62\n",
		},
		{
			name: "a connection without findings has no story",
			build: func(b *tl) {
				b.add(0, grant(googleToken, "authorization_code", "", "at1", "rt1", "3600"))
				b.add(1, api("GET", files, 200, "at1"))
				b.add(50, grant(googleToken, "refresh_token", "rt1", "at2", "", "3600"))
				b.add(51, api("GET", files, 200, "at2"))
			},
		},
		{
			name: "events without a time are not marked",
			build: func(b *tl) {
				b.add(-1, api("GET", files, 200, "at1"))
				b.add(-1, api("GET", files, 401, "at1"))
				b.add(5, api("GET", files, 401, "at1"))
			},
			want: "2 rejected @5\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTL("s.har")
			tc.build(b)
			fs, e := analyze(Config{}, b.evs)
			stories := e.Stories()
			if tc.want == "" {
				if len(stories) != 0 {
					t.Fatalf("got %d stories, want none:\n%s", len(stories), storyText(stories[0]))
				}
				return
			}
			if len(stories) != 1 {
				t.Fatalf("got %d stories, want 1", len(stories))
			}
			s := stories[0]
			if len(fs) == 0 || s.Connection != fs[0].Connection {
				t.Errorf("story of %q, findings on %s", s.Connection, dump(fs))
			}
			if got := storyText(s); got != tc.want || s.Dropped != 0 {
				t.Errorf("marks (%d dropped):\n%s\nwant:\n%s", s.Dropped, got, tc.want)
			}
			for _, m := range s.Marks {
				if m.Source.File != "s.har" || m.Time.Location() != time.UTC {
					t.Errorf("mark %+v: want file s.har, time in UTC", m)
				}
			}
		})
	}
}

// TestStoryCaps: before its first finding a connection keeps only its last
// leadStoryMarks marks, after it the last maxStoryMarks; the rest are
// counted in Dropped, and the last marks are the newest.
func TestStoryCaps(t *testing.T) {
	const files = "https://www.googleapis.com/drive/v3/files"
	b := newTL("cap.har")
	m := 0.0
	at := func(i int) string { return fmt.Sprintf("at%d", i) }
	b.add(m, grant(googleToken, "authorization_code", "", at(0), "rt1", "3600"))
	// 20 healthy token lifetimes: refresh, first use, last use.
	for i := 1; i <= 20; i++ {
		m += 50
		b.add(m, grant(googleToken, "refresh_token", "rt1", at(i), "", "3600"))
		b.add(m+1, api("GET", files, 200, at(i)))
		b.add(m+2, api("GET", files, 200, at(i)))
		b.add(m+3, api("GET", files, 200, at(i)))
	}
	e := New(Config{})
	for _, ev := range b.evs {
		e.analyze(ev)
	}
	c := e.conns[e.Connections()[0]]
	if len(c.marks) != leadStoryMarks || int(c.markDrops) != 1+3*20-leadStoryMarks {
		t.Fatalf("before a finding: %d marks, %d dropped; want %d, %d", len(c.marks), c.markDrops, leadStoryMarks, 1+3*20-leadStoryMarks)
	}
	// Then 40 failures, each followed by a refresh and a use.
	for i := 21; i <= 60; i++ {
		m += 70
		b.add(m, api("GET", files, 401, at(i-1)))
		b.add(m+1, grant(googleToken, "refresh_token", "rt1", at(i), "", "3600"))
		b.add(m+2, api("GET", files, 200, at(i)))
		for _, ev := range b.evs[len(b.evs)-3:] {
			e.analyze(ev)
		}
	}
	e.Finish()
	stories := e.Stories()
	if len(stories) != 1 {
		t.Fatalf("got %d stories, want 1", len(stories))
	}
	s := stories[0]
	total := 1 + 3*20 + 3*40
	if len(s.Marks) != maxStoryMarks || s.Dropped != total-maxStoryMarks {
		t.Fatalf("%d marks, %d dropped; want %d, %d", len(s.Marks), s.Dropped, maxStoryMarks, total-maxStoryMarks)
	}
	if got, want := s.Marks[len(s.Marks)-1].Source, b.evs[len(b.evs)-1].Source; got != want || s.Marks[len(s.Marks)-1].Kind != MarkUsed {
		t.Fatalf("last mark %+v, want the last use %s", s.Marks[len(s.Marks)-1], want)
	}
	for i := 1; i < len(s.Marks); i++ {
		if s.Marks[i].Time.Before(s.Marks[i-1].Time) {
			t.Fatalf("marks out of time order at %d", i)
		}
	}
}

// TestStoryMerged: a connection finalized as idle and seen again later has
// one story, in time order.
func TestStoryMerged(t *testing.T) {
	const files = "https://www.googleapis.com/drive/v3/files"
	b := newTL("m.jsonl")
	for _, m := range []float64{0, 1, 200, 201} {
		ev := api("GET", files, 200, "at1")
		if m == 1 || m == 201 {
			ev.Status = 401
		}
		ev.Connection = "acct-1"
		b.add(m, ev)
	}
	e := New(Config{IdleWindow: time.Hour})
	for i, ev := range b.evs {
		e.analyze(ev)
		if i == 1 {
			e.pruneIdle() // nothing idle yet
			e.clock.now = e.clock.now.Add(2 * time.Hour)
			e.pruneIdle()
			if e.LiveConnections() != 0 {
				t.Fatal("acct-1 was not finalized")
			}
		}
	}
	e.Finish()
	stories := e.Stories()
	if len(stories) != 1 || stories[0].Connection != "acct-1" {
		t.Fatalf("stories %+v", stories)
	}
	if got, want := storyText(stories[0]), "0 used @0\n1 rejected @1\n2 used @200\n3 rejected @201\n"; got != want {
		t.Fatalf("marks:\n%s\nwant:\n%s", got, want)
	}
}

func TestMarkKindString(t *testing.T) {
	for k, want := range map[MarkKind]string{MarkIssued: "issued", MarkRefreshed: "refreshed", MarkRefreshFailed: "refresh-failed",
		MarkUsed: "used", MarkRejected: "rejected", 0: "unknown", 99: "unknown"} {
		if got := k.String(); got != want {
			t.Errorf("MarkKind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

// BenchmarkStories measures the stories of many failing connections.
func BenchmarkStories(b *testing.B) {
	evs := benchEvents(10_000)
	b.SetBytes(int64(len(evs) * bytesPerEvent))
	b.ReportAllocs()
	for b.Loop() {
		e := New(Config{})
		for _, ev := range evs {
			e.analyze(ev)
		}
		e.Finish()
		if len(e.Stories()) == 0 {
			b.Fatal("no stories")
		}
	}
}
