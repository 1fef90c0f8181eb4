package heuristics

import (
	"slices"
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Limits on the token stories. A story is drawn as one row of a timeline,
// so it needs the marks a reader can tell apart, not every event.
const (
	// maxStoryMarks caps the marks kept per connection; past it the oldest
	// are dropped and counted in Story.Dropped. A run of successes takes
	// two marks, so 64 hold about twenty token lifetimes (issue, first
	// and last use), more than one timeline row can show apart.
	maxStoryMarks = 64
	// leadStoryMarks caps the marks kept by a connection before its first
	// finding: what led to a failure is the last token or two (issue, first
	// and last use, a refresh), and most connections never fail, so their
	// state stays small until one does.
	leadStoryMarks = 8
	// maxStoredMarks caps the marks kept for all finished stories together
	// (32 bytes each: 32 MiB). Past it a connection's story keeps no marks,
	// only their count in Dropped, so its cost is that of a name.
	maxStoredMarks = 1 << 20
)

// MarkKind is what happened to a connection's token at a Mark.
type MarkKind uint8

// The kinds of Mark, in the order of a token's life.
const (
	// MarkIssued: a token response issued an access token (any grant but
	// a refresh).
	MarkIssued MarkKind = iota + 1
	// MarkRefreshed: a refresh returned a new access token, or a Zap run
	// succeeded after refreshing its auth.
	MarkRefreshed
	// MarkRefreshFailed: a token request failed, usually a refresh (any
	// grant counts), or a Zap run's auth refresh was refused.
	MarkRefreshFailed
	// MarkUsed: a successful call or run; a run of successes is marked at
	// its first and its last.
	MarkUsed
	// MarkRejected: a call or run that failed; its finding has the same
	// Source.
	MarkRejected
)

var markNames = [...]string{MarkIssued: "issued", MarkRefreshed: "refreshed", MarkRefreshFailed: "refresh-failed", MarkUsed: "used", MarkRejected: "rejected"}

// String returns the kind's name: issued, refreshed, refresh-failed, used
// or rejected.
func (k MarkKind) String() string {
	if int(k) < len(markNames) && markNames[k] != "" {
		return markNames[k]
	}
	return "unknown"
}

// Mark is one point of a connection's token story.
type Mark struct {
	Time   time.Time
	Kind   MarkKind
	Source parser.Source
}

// Story is the token story of a connection with findings: its token
// issues, refreshes, uses and rejections in time order. It keeps the most
// recent maxStoryMarks marks; Dropped counts the ones left out before them.
type Story struct {
	Connection string
	Marks      []Mark
	Dropped    int
}

// mark is a Mark as a connection keeps it: 32 bytes instead of 64, the
// file named by the input's clock.
type mark struct {
	at          int64 // Unix nanoseconds; events without a time are not marked
	in          *inputClock
	line, index int32
	kind        MarkKind
}

// story is a finished connection's story, kept until Stories.
type story struct {
	conn    string
	marks   []mark
	dropped int
}

// markEvent adds the current event to its connection's story.
func (e *Engine) markEvent(x *ctx) {
	ev, c := x.ev, x.c
	if ev.Time.IsZero() {
		return
	}
	var k MarkKind
	switch {
	case ev.Token != nil && x.failed, x.refreshFailedRun:
		k = MarkRefreshFailed
	case ev.Token != nil && ev.Token.Returned && x.refresh:
		k = MarkRefreshed
	case ev.Token != nil && ev.Token.Returned:
		k = MarkIssued
	case ev.Token != nil:
		return // a token call that returned no token and did not fail
	case x.failed:
		k = MarkRejected
	case ev.Kind == parser.KindRun && ev.Run != nil && ev.Run.Status == parser.RunSuccess && ev.Run.Refresh:
		k = MarkRefreshed
	case ev.Kind == parser.KindRun && ev.Run != nil && ev.Run.Status == parser.RunSuccess,
		ev.Kind == parser.KindHTTP && ev.Status >= 200 && ev.Status < 400:
		k = MarkUsed
	default:
		return
	}
	m := mark{at: ev.Time.UnixNano(), in: c.clock, line: clamp32(ev.Source.Line), index: clamp32(ev.Source.Index), kind: k}
	if n := len(c.marks); k == MarkUsed && n >= 2 && c.marks[n-1].kind == MarkUsed && c.marks[n-2].kind == MarkUsed {
		c.marks[n-1] = m // the run of successes goes on: move its end
		return
	}
	limit := leadStoryMarks
	if c.found {
		limit = maxStoryMarks
	}
	if len(c.marks) >= limit {
		drop := len(c.marks) - limit + 1
		c.marks = c.marks[:copy(c.marks, c.marks[drop:])]
		c.markDrops += int32(drop)
	}
	c.marks = append(c.marks, m)
}

// clamp32 fits a line or entry number into an int32; no input has more.
func clamp32(n int) int32 {
	return int32(min(max(n, 0), 1<<31-1))
}

// keepStory keeps the story of a connection being finalized, if it has a
// finding, and frees its marks either way.
func (e *Engine) keepStory(c *conn) {
	marks, dropped := c.marks, int(c.markDrops)
	c.marks, c.markDrops = nil, 0
	if !c.found || len(marks)+dropped == 0 {
		return
	}
	s := story{conn: c.key, dropped: dropped}
	if e.storedMarks+len(marks) <= maxStoredMarks {
		s.marks = slices.Clone(marks) // exact size: the live slice has room to spare
		e.storedMarks += len(marks)
	} else {
		s.dropped += len(marks)
	}
	e.stories = append(e.stories, s)
}

// Stories returns the token story of every connection with a finding,
// sorted by connection. A connection finalized twice (idle, then seen
// again) has one story, its marks merged and capped again. Call it once,
// after Finish: it hands the stories over, freeing the engine's compact
// copy of each as it is converted, so the two are never held whole at once.
func (e *Engine) Stories() []Story {
	byConn := make(map[string]int, len(e.stories))
	var out []Story
	for k := range e.stories {
		s := &e.stories[k]
		i, ok := byConn[s.conn]
		if !ok {
			i = len(out)
			byConn[s.conn] = i
			out = append(out, Story{Connection: s.conn})
		}
		st := &out[i]
		st.Dropped += s.dropped
		st.Marks = slices.Grow(st.Marks, len(s.marks))
		for _, m := range s.marks {
			st.Marks = append(st.Marks, Mark{
				Time: time.Unix(0, m.at).UTC(), Kind: m.kind,
				Source: parser.Source{File: m.in.file, Line: int(m.line), Index: int(m.index)},
			})
		}
		s.marks = nil
	}
	e.stories, e.storedMarks = nil, 0
	for i := range out {
		st := &out[i]
		// Each part is in input order; merged parts are put in time order.
		slices.SortStableFunc(st.Marks, func(a, b Mark) int { return a.Time.Compare(b.Time) })
		if n := len(st.Marks) - maxStoryMarks; n > 0 {
			st.Marks = slices.Clone(st.Marks[n:])
			st.Dropped += n
		}
	}
	slices.SortFunc(out, func(a, b Story) int { return strings.Compare(a.Connection, b.Connection) })
	return out
}
