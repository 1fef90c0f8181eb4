package heuristics

import (
	"hash/fnv"
	"sort"
	"strconv"

	"github.com/authtriage/authtriage/parser"
)

// ReorderDepth is how many events the engine holds back to hand them to
// the rules in time order: records a logger wrote a little out of order,
// files split at any point and given in any order, and exports up to this
// many records long written newest first.
const ReorderDepth = 1024

// maxHeldBytes bounds the memory the held events keep alive: each keeps
// its whole record (a few KB as a rule, up to --max-record-bytes), so
// large records are held fewer at a time. heldFloor is what an event of
// unknown size counts for.
const (
	maxHeldBytes = 16 << 20
	heldFloor    = 2 << 10
)

// maxRunKeys bounds the runs remembered to drop duplicates (overlapping
// exports, one file given twice): ~11 bytes each. Past it, duplicates are
// no longer recognised.
const maxRunKeys = 1 << 20

// reorder holds the last events, sorted by time: at most ReorderDepth of
// them and maxHeldBytes of records; the earliest goes on when one more
// would pass either.
type reorder struct {
	buf   []held1 // sorted by at, stable: equal times keep arrival order
	head  int     // buf[head:] are held
	bytes int     // the records the held events keep alive (see maxHeldBytes)
	out   int64   // the time of the last event handed on (UnixNano)
	last  int64   // the time an undated event is ordered by: the last dated one's
	late  map[string]int
	runs  map[uint64]struct{}
	dups  int
}

type held1 struct {
	at int64
	ev *parser.Event
}

// Disorder says how many records of one input arrived too late to be put
// in time order: after an event later than them had already gone on.
type Disorder struct {
	File    string
	Records int
}

// weight is what an event counts for against maxHeldBytes.
func weight(ev *parser.Event) int { return max(ev.Bytes, heldFloor) }

// full tells whether the earliest held event must go on: more than
// ReorderDepth are held, or they keep more than maxHeldBytes alive.
func (o *reorder) full() bool {
	n := len(o.buf) - o.head
	return n > ReorderDepth || n > 1 && o.bytes > maxHeldBytes
}

// push adds ev; the caller then pops while the buffer is full.
func (o *reorder) push(ev *parser.Event) {
	at := o.last
	if !ev.Time.IsZero() {
		at = ev.Time.UnixNano()
		o.last = at
	}
	if at < o.out {
		if o.late == nil {
			o.late = map[string]int{}
		}
		o.late[ev.Source.File]++
	}
	o.bytes += weight(ev)
	h := o.buf[o.head:]
	if n := len(h); n == 0 || h[n-1].at <= at {
		o.buf = append(o.buf, held1{at, ev})
	} else {
		i := o.head + sort.Search(n, func(i int) bool { return h[i].at > at })
		o.buf = append(o.buf, held1{})
		copy(o.buf[i+1:], o.buf[i:])
		o.buf[i] = held1{at, ev}
	}
}

// pop returns the earliest held event, or nil when none is held.
func (o *reorder) pop() *parser.Event {
	if o.head == len(o.buf) {
		o.buf, o.head = o.buf[:0], 0
		return nil
	}
	e := o.buf[o.head]
	o.buf[o.head] = held1{}
	o.head++
	o.bytes -= weight(e.ev)
	if e.at > o.out {
		o.out = e.at
	}
	if o.head >= ReorderDepth && o.head*2 >= len(o.buf) {
		n := copy(o.buf, o.buf[o.head:])
		clear(o.buf[n:])
		o.buf, o.head = o.buf[:n], 0
	}
	return e.ev
}

// duplicate tells a run read before: the same run, step, times, status
// and message (an export given twice, or two that overlap).
func (o *reorder) duplicate(ev *parser.Event) bool {
	r := ev.Run
	if ev.Kind != parser.KindRun || r == nil || r.ID == "" {
		return false
	}
	h := fnv.New64a()
	for _, s := range []string{r.ID, r.ZapID, r.StepName, string(r.Status), r.Message,
		strconv.FormatInt(ev.Time.UnixNano(), 36), strconv.FormatInt(r.End.UnixNano(), 36), ev.Step, ev.Connection} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	k := h.Sum64()
	if _, ok := o.runs[k]; ok {
		o.dups++
		return true
	}
	if o.runs == nil {
		o.runs = map[uint64]struct{}{}
	}
	if len(o.runs) < maxRunKeys {
		o.runs[k] = struct{}{}
	}
	return false
}
