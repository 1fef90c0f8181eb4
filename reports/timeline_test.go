package reports

import (
	"reflect"
	"testing"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

// TestTimelines: the stories of reported connections, in the connections'
// order, with the marks inside the window; stories of connections without
// a reported finding, and stories left empty by the window, are left out.
func TestTimelines(t *testing.T) {
	src := func(l int) parser.Source { return parser.Source{File: "z.jsonl", Line: l} }
	mk := func(s string, k heuristics.MarkKind, l int) heuristics.Mark {
		return heuristics.Mark{Time: ts(s), Kind: k, Source: src(l)}
	}
	stories := []heuristics.Story{
		{Connection: "b", Marks: []heuristics.Mark{mk("2026-03-02T10:00:00Z", heuristics.MarkRejected, 9)}},
		{Connection: "gone", Marks: []heuristics.Mark{mk("2026-03-02T10:00:00Z", heuristics.MarkIssued, 1)}},
		{Connection: "early", Marks: []heuristics.Mark{mk("2026-02-01T10:00:00Z", heuristics.MarkIssued, 1)}},
		{Connection: "a", Dropped: 3, Marks: []heuristics.Mark{
			mk("2026-02-28T23:00:00Z", heuristics.MarkIssued, 1), // before the window
			mk("2026-03-01T08:00:00Z", heuristics.MarkRefreshed, 2),
			mk("2026-03-01T08:00:01Z", heuristics.MarkUsed, 3),
			mk("2026-03-03T00:00:00Z", heuristics.MarkRefreshFailed, 4), // the window ends here
		}},
	}
	conns := []Connection{{Connection: "a"}, {Connection: "b"}, {Connection: "early"}}
	got := timelines(stories, conns, ts("2026-03-01T00:00:00Z"), ts("2026-03-03T00:00:00Z"))
	want := []Timeline{
		{Connection: "a", Dropped: 3, Marks: []Mark{
			{Time: at(ts("2026-03-01T08:00:00Z")), Kind: "refreshed", Source: Source{File: "z.jsonl", Line: 2}},
			{Time: at(ts("2026-03-01T08:00:01Z")), Kind: "used", Source: Source{File: "z.jsonl", Line: 3}},
		}},
		{Connection: "b", Marks: []Mark{{Time: at(ts("2026-03-02T10:00:00Z")), Kind: "rejected", Source: Source{File: "z.jsonl", Line: 9}}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("timelines\n got %+v\nwant %+v", got, want)
	}
	if got := timelines(nil, conns, ts("2026-03-01T00:00:00Z"), ts("2026-03-03T00:00:00Z")); got == nil || len(got) != 0 {
		t.Fatalf("no stories: got %#v, want an empty list (JSON [])", got)
	}
}
