package main

import (
	"io"
	"runtime"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Inputs that overlap in time (two pods' logs of one day, a HAR and the
// JSONL trace of the same hours) are merged by record time into one stream
// for the engine. Each input is parsed on a goroutine of its own and hands
// its events over a bounded channel; the merge, on the caller's goroutine,
// hands on the earliest of the inputs' next records, ties going to the
// input read first, then to the input's own order (an input written
// newest first is handed on backwards, see read). Inputs are opened in
// the order of their first record's time (inTimeOrder), each only when the
// merge reaches that time, so rotated logs and inputs that do not overlap
// are still read one at a time, with one file open.

// Limits of the merge.
const (
	// maxReading bounds the inputs read at once. Each holds a file open
	// until it is read, a parser pipeline (a 1 MiB read buffer and up to
	// two 256 KiB batches per core) and up to 256 KiB of records waiting
	// for the merge, ~4 MB in all on 2 cores: two overlapping 200 MB logs
	// peak at 85-88 MB RSS against 81-84 MB for one, eight overlapping
	// 50 MB logs at 92 MB. 8 covers the replicas of a deployment or
	// the workers that share tokens. Past it, an input waits for one to
	// end and its records come late: the engine's reorder buffer puts
	// right those within ReorderDepth records and reports the rest as
	// read out of time order, as for one unsorted file.
	maxReading = 8
	// handBytes and handItems bound a batch of records an input hands the
	// merge at once: a channel operation per record would cost more than
	// reading it, and a batch keeps its records alive until the engine has
	// them (256 KiB batches cost eight overlapping logs 6 MB more RSS than
	// these, and one 200 MB log no time).
	handBytes = 64 << 10
	handItems = 128
	// queuedBatches is how many batches an input may have waiting for the
	// merge: one keeps the reading going while the merge empties the other.
	queuedBatches = 2
	// maxReversedBytes bounds the records of an input written newest
	// first (inTimeOrder) that are held to be handed on backwards, oldest
	// first, counted by heldCost: the 16 MiB the engine's reorder buffer
	// may hold too, some 15,000 rows of task history. A larger one is
	// read as written.
	maxReversedBytes = 16 << 20
	// heldOverhead is what a held record costs beyond its own bytes: its
	// Event, run and error facts and their strings. Measured on task
	// history rows, 40-300 bytes each: 0.7-0.9 KiB.
	heldOverhead = 1 << 10
)

// heldCost is what holding e costs, counted against maxReversedBytes: a
// short task-history row costs far more as an Event than as bytes.
func heldCost(e *parser.Event) int { return e.Bytes + heldOverhead }

// item is what an input hands the merge, in the input's order: an event
// or a malformed record.
type item struct {
	ev  *parser.Event
	bad *parser.RecordError
}

// source is one input being read on its own goroutine.
type source struct {
	in      input
	name    string // as messages name it: stdinName for "-"
	order   int    // place in reading order: breaks ties of time
	items   chan []item
	batch   []item    // what is left of the batch being merged; batch[0] is the head
	at      time.Time // the head's time for ordering: an undated record takes the previous one's
	printed int       // record errors printed; the merge's goroutine only

	// Set by the reading goroutine before it closes items.
	stats parser.Stats
	err   error
}

// merger reads inputs, merging those that overlap in time.
type merger struct {
	ins   []input // in reading order (inTimeOrder)
	parse parser.Options
	// open opens an input, returning what to read and what to call once
	// it is read, or says why it cannot (and returns an error).
	open func(in input) (io.Reader, func(), error)
	// add takes each event, bad each malformed record, in merged order;
	// done is called when an input is read to its end, with its stats
	// and error set. All three run on the goroutine that called run.
	add  func(*parser.Event)
	bad  func(*source, *parser.RecordError)
	done func(*source)

	reading []*source // the inputs being read, in reading order
	next    int       // the next input of ins to open
	// late names the inputs opened after their first record's time had
	// passed because maxReading inputs were being read.
	late map[string]bool
}

// run reads every input and returns when all are read.
func (m *merger) run() {
	for {
		h := m.earliest()
		if m.next < len(m.ins) && m.due(m.ins[m.next], h) {
			m.start(m.next)
			m.next++
			continue
		}
		if m.next < len(m.ins) && h != nil && len(m.reading) >= maxReading {
			if in := m.ins[m.next]; !in.first.IsZero() && in.first.Before(h.at) {
				if m.late == nil {
					m.late = map[string]bool{}
				}
				m.late[in.path] = true
			}
		}
		if h == nil {
			return
		}
		it := h.batch[0]
		h.batch[0] = item{}
		h.batch = h.batch[1:]
		if it.ev != nil {
			m.add(it.ev)
		} else {
			m.bad(h, it.bad)
		}
		m.advance(h)
	}
}

// earliest returns the input whose next record comes first, or nil when
// none is being read.
func (m *merger) earliest() *source {
	var h *source
	for _, s := range m.reading {
		if h == nil || s.at.Before(h.at) {
			h = s
		}
	}
	return h
}

// due tells whether in is to be opened before the head h is handed on:
// when nothing is being read, or when the merge has passed in's first
// record's time and fewer than maxReading inputs are read. An input
// whose first time is unknown waits for all before it to end.
func (m *merger) due(in input, h *source) bool {
	return h == nil || len(m.reading) < maxReading && !in.first.IsZero() && in.first.Before(h.at)
}

// start opens the i-th input and reads it on a goroutine of its own.
func (m *merger) start(i int) {
	in := m.ins[i]
	r, closed, err := m.open(in)
	if err != nil {
		return
	}
	s := &source{in: in, name: in.path, order: i, items: make(chan []item, queuedBatches), at: in.first}
	if in.path == "-" {
		s.name = stdinName
	}
	opts := m.parse
	if len(m.reading) > 0 && opts.Workers == 0 {
		// The input read alone has a decoding worker per core; each read
		// beside it gets its share of maxReading, so that memory grows
		// with the cores once, not with cores times inputs (16 cores,
		// eight inputs: 30 workers in all, not 128).
		opts.Workers = max(1, runtime.GOMAXPROCS(0)/maxReading)
	}
	go s.read(r, closed, opts, in.newestFirst)
	m.reading = append(m.reading, s)
	m.advance(s)
}

// advance moves s's head on to its next record, waiting for the next
// batch when needed; when s is read to its end, it is done.
func (m *merger) advance(s *source) {
	if len(s.batch) == 0 {
		s.batch = nil
		b, ok := <-s.items
		if !ok {
			m.finish(s)
			return
		}
		s.batch = b
	}
	if ev := s.batch[0].ev; ev != nil && !ev.Time.IsZero() {
		s.at = ev.Time
	}
}

// finish takes s off the inputs being read.
func (m *merger) finish(s *source) {
	for i, r := range m.reading {
		if r == s {
			m.reading = append(m.reading[:i], m.reading[i+1:]...)
			break
		}
	}
	m.done(s)
}

// read parses r, handing its records on in batches; closed is called
// once r is read, before the merge learns the input has ended. An input
// written newest first (backwards) is read whole, then handed on from its
// last record to its first, its malformed records first, in their order.
func (s *source) read(r io.Reader, closed func(), opts parser.Options, backwards bool) {
	batch := make([]item, 0, handItems)
	size := 0
	add := func(it item, n int) {
		batch = append(batch, it)
		size += n
		if len(batch) == handItems || size >= handBytes {
			s.items <- batch
			batch, size = make([]item, 0, handItems), 0
		}
	}
	var held []*parser.Event
	heldBytes := 0
	// handHeld hands on the held records backwards, a dated record
	// together with the undated ones written after it, which stay after
	// it; undated ones before the first dated record go first.
	handHeld := func() {
		lead := 0
		for lead < len(held) && held[lead].Time.IsZero() {
			lead++
		}
		hand := func(from, to int) {
			for i := from; i < to; i++ {
				add(item{ev: held[i]}, held[i].Bytes)
				held[i] = nil
			}
		}
		hand(0, lead)
		for end := len(held); end > lead; {
			start := end - 1
			for start > lead && held[start].Time.IsZero() {
				start--
			}
			hand(start, end)
			end = start
		}
		held = nil
	}
	ev := func(e *parser.Event) {
		if !backwards {
			add(item{ev: e}, e.Bytes)
			return
		}
		held = append(held, e)
		// A file that grew past the bound since inTimeOrder measured it
		// is handed on as far as it is held, then as written: the engine
		// says which records came out of order.
		if heldBytes += heldCost(e); heldBytes > maxReversedBytes {
			handHeld()
			backwards = false
		}
	}
	st, err := parser.Read(r, s.name, opts, ev, func(e *parser.RecordError) { add(item{bad: e}, 0) })
	closed()
	handHeld()
	if len(batch) > 0 {
		s.items <- batch
	}
	s.stats, s.err = st, err
	close(s.items)
}
