package heuristics

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"os"
	"slices"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Findings are the one thing that grows with the input. The engine holds a
// finding in memory while a rule may still change it: while it is open
// (awaiting recovery) on a connection not yet idle (see detach.go), while
// connection state refers to it (a refresh, a run, a failed page) and
// while its connection is explained. Past
// Config.SpillAbove held findings, those no rule can change any more are
// sorted into report order and written to a temporary file as one run;
// Findings.All merges the runs back. Memory then grows with the live
// connections, not with the failures found.
const (
	// DefaultSpillAbove is Config.SpillAbove's default: 8192 findings are
	// about 5 MB held.
	DefaultSpillAbove = 8192
	// spillReadBuffer is the read buffer of each run while they are
	// merged: small, as there is one per run.
	spillReadBuffer = 4 << 10
)

// findingIndex numbers the findings in the order they are recorded; -1 is
// none. It is 64 bits because nothing bounds the findings of a streamed
// input: an int32 wrapped past 2^31 findings (a few hundred GB of failing
// records) to negative indexes, which read as "no finding" and collided
// with the first ones. Every struct that holds one had 4 bytes of padding
// beside it, so the wider index costs no memory.
type findingIndex int64

// held is a recorded finding the engine still holds, with what it needs to
// finish it.
type held struct {
	Finding
	idx    findingIndex
	seq    uint64        // its event's sequence number << 1; |1 for a record's second finding
	input  *parser.Input // its input, when a missing-token finding may need a second judgement
	alt    *verdict      // that second judgement (judgeAsSanitized)
	runEnd time.Time     // run findings: when the run ended, for joins
	// recoverIn is the input of the success that recovered the finding
	// only if that input strips credentials everywhere (see succeeded);
	// sanitize undoes the recovery when it does not.
	recoverIn *parser.Input
}

// add records f and returns its index.
func (e *Engine) add(f Finding, seq uint64, input *parser.Input) findingIndex {
	idx := e.count
	e.count++
	if e.held == nil {
		e.held = make(map[findingIndex]*held)
	}
	e.held[idx] = &held{Finding: f, idx: idx, seq: seq, input: input}
	return idx
}

// finding returns the finding at idx. A rule only reaches findings its
// connection pins, so a finding written out is never asked for; were one
// asked for, the change is made on a scratch copy and counted in lost,
// which the tests check stays zero.
func (e *Engine) finding(idx findingIndex) *Finding {
	if h := e.mutable(idx); h != nil {
		return &h.Finding
	}
	e.lost++
	return &Finding{}
}

// heldAt returns the held record at idx (or its patch), or nil.
func (e *Engine) heldAt(idx findingIndex) *held { return e.mutable(idx) }

// compareOut orders findings as reports list them: by time with undated
// ones last, then source, connection, label (in Labels order), cause and
// the input order.
func compareOut(a, b *held) int {
	if az, bz := a.Time.IsZero(), b.Time.IsZero(); az != bz {
		if az {
			return 1
		}
		return -1
	}
	return cmp.Or(
		a.Time.Compare(b.Time),
		cmp.Compare(a.Source.File, b.Source.File),
		cmp.Compare(a.Source.Line, b.Source.Line),
		cmp.Compare(a.Source.Index, b.Source.Index),
		cmp.Compare(a.Connection, b.Connection),
		cmp.Compare(rankOf(a.Label), rankOf(b.Label)),
		cmp.Compare(causeOrUnknown(a.Cause), causeOrUnknown(b.Cause)),
		cmp.Compare(a.seq, b.seq),
	)
}

// causeOrUnknown is c, or unknown when empty, as reports write it.
func causeOrUnknown(c Cause) Cause {
	if c == "" {
		return CauseUnknown
	}
	return c
}

// rankOf is a label's position in Labels; an empty label counts as other,
// an unknown one comes last.
func rankOf(l Label) int {
	if l == "" {
		l = LabelOther
	}
	if i := slices.Index(Labels, l); i >= 0 {
		return i
	}
	return len(Labels)
}

// pinned returns the indexes of the held findings a rule may still change,
// sorted.
func (e *Engine) pinned() []findingIndex {
	var out []findingIndex
	for _, c := range e.conns {
		for _, o := range c.open {
			if o.det == nil {
				out = append(out, o.idx)
			}
		}
		for _, r := range c.refreshes {
			if r.finding >= 0 {
				out = append(out, r.finding)
			}
		}
		if c.err200 != nil && c.err200.finding >= 0 {
			out = append(out, c.err200.finding)
		}
		for _, r := range c.runs {
			if r.idx >= 0 {
				out = append(out, r.idx)
			}
		}
		for _, w := range c.walks {
			if w.failed {
				out = append(out, w.failIdx)
			}
		}
	}
	slices.Sort(out)
	return out
}

// spillSettled writes out the held findings no rule can change any more
// once more than the spill threshold are held.
func (e *Engine) spillSettled() {
	if e.spillOff {
		return
	}
	pins := e.pinned()
	var out []*held
	for idx, h := range e.held {
		if _, ok := slices.BinarySearch(pins, idx); ok || e.explains[h.Connection] != nil {
			continue
		}
		out = append(out, h)
	}
	// Look again once the threshold is passed again, or twice as many
	// findings are held as stay pinned: the scan of every connection is
	// then paid for by as many new findings.
	e.spillNext = max(e.spillAbove, 2*(len(e.held)-len(out)))
	if len(out) < max(1, e.spillAbove/2) {
		return
	}
	if err := e.spill.write(out, e.cfg.SpillDir); err != nil {
		e.spillErr = err
		e.spillOff = true // keep the rest in memory
		return
	}
	for _, h := range out {
		delete(e.held, h.idx)
	}
}

// spillFile is the temporary file of written-out runs.
type spillFile struct {
	f      *os.File
	name   string // to remove at close, where an open file cannot be removed (Windows)
	runs   []spillRun
	size   int64
	maxRec int             // the longest record written: a longer length read back means damage
	inputs []*parser.Input // inputs named by held records, by number
	inNum  map[*parser.Input]uint64
	buf    []byte
}

// spillRun is one sorted run in the file.
type spillRun struct {
	off, size int64
	n         int
}

// write sorts hs into report order and appends them as one run.
func (s *spillFile) write(hs []*held, dir string) error {
	if s.f == nil {
		f, err := os.CreateTemp(dir, "authtriage-findings-*")
		if err != nil {
			return err
		}
		// Nothing else needs its name: removed now, the file goes away
		// with the process however that ends.
		if os.Remove(f.Name()) != nil {
			s.name = f.Name()
		}
		s.f = f
	}
	slices.SortFunc(hs, compareOut)
	w := bufio.NewWriterSize(s.f, 64<<10)
	run := spillRun{off: s.size, n: len(hs)}
	for _, h := range hs {
		s.buf = s.encode(s.buf[:0], h)
		s.maxRec = max(s.maxRec, len(s.buf))
		var n [binary.MaxVarintLen64]byte
		k := binary.PutUvarint(n[:], uint64(len(s.buf)))
		w.Write(n[:k])
		w.Write(s.buf)
		run.size += int64(k + len(s.buf))
	}
	if cap(s.buf) > 1<<20 {
		s.buf = nil // a huge finding's buffer is not kept for the next run
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing findings to a temporary file: %w", err)
	}
	s.size += run.size
	s.runs = append(s.runs, run)
	return nil
}

// close removes the file.
func (s *spillFile) close() error {
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
	}
	return err
}

// encode appends h's binary form to b.
func (s *spillFile) encode(b []byte, h *held) []byte {
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	strs := func(vs []string) {
		b = binary.AppendUvarint(b, uint64(len(vs)))
		for _, v := range vs {
			str(v)
		}
	}
	src := func(v parser.Source) {
		str(v.File)
		b = binary.AppendVarint(b, int64(v.Line))
		b = binary.AppendVarint(b, int64(v.Index))
	}
	when := func(t time.Time) {
		if t.IsZero() {
			b = append(b, 0)
			return
		}
		b = append(b, 1)
		b = binary.AppendVarint(b, t.Unix())
		b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	}
	f := &h.Finding
	b = binary.AppendUvarint(b, uint64(h.idx))
	b = binary.AppendUvarint(b, h.seq)
	b = binary.AppendUvarint(b, s.inputNum(h.input))
	b = binary.AppendUvarint(b, s.inputNum(h.recoverIn))
	when(h.runEnd)
	if v := h.alt; v != nil {
		b = append(b, 1)
		str(string(v.label))
		str(string(v.cause))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v.conf))
		strs(v.evidence)
	} else {
		b = append(b, 0)
	}
	src(f.Source)
	when(f.Time)
	for _, v := range [...]string{f.Connection, f.Step, f.Method, f.URL, f.Host, f.Path, string(f.Label), string(f.Cause), f.Remediation, f.RunID, f.ZapID, f.ZapTitle} {
		str(v)
	}
	b = binary.AppendVarint(b, int64(f.Status))
	if f.NoStatus {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	if f.Recovered {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f.Confidence))
	strs(f.Evidence)
	b = binary.AppendUvarint(b, uint64(len(f.Related)))
	for _, r := range f.Related {
		src(r)
	}
	return b
}

// inputNum returns the number that names in in the file, 0 for nil.
func (s *spillFile) inputNum(in *parser.Input) uint64 {
	if in == nil {
		return 0
	}
	if s.inNum == nil {
		s.inNum = make(map[*parser.Input]uint64)
	}
	n := s.inNum[in]
	if n == 0 {
		s.inputs = append(s.inputs, in)
		n = uint64(len(s.inputs))
		s.inNum[in] = n
	}
	return n
}

// inputAt returns the input numbered n by inputNum, nil for 0 or a
// number it never gave.
func (s *spillFile) inputAt(n uint64) *parser.Input {
	if n == 0 || n > uint64(len(s.inputs)) {
		return nil
	}
	return s.inputs[n-1]
}

var errSpillDamaged = errors.New("the temporary file of findings is damaged")

// decode reads one held record from b.
func (s *spillFile) decode(b []byte) (*held, error) {
	bad := false
	uv := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			bad = true
			return 0
		}
		b = b[n:]
		return v
	}
	sv := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad = true
			return 0
		}
		b = b[n:]
		return v
	}
	byt := func() byte {
		if len(b) == 0 {
			bad = true
			return 0
		}
		c := b[0]
		b = b[1:]
		return c
	}
	f64 := func() float64 {
		if len(b) < 8 {
			bad = true
			return 0
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(b))
		b = b[8:]
		return v
	}
	str := func() string {
		n := uv()
		if bad || n > uint64(len(b)) {
			bad = true
			return ""
		}
		v := string(b[:n])
		b = b[n:]
		return v
	}
	strs := func() []string {
		n := uv()
		if bad || n > uint64(len(b)) {
			bad = true
			return nil
		}
		vs := make([]string, n)
		for i := range vs {
			vs[i] = str()
		}
		return vs
	}
	src := func() parser.Source {
		return parser.Source{File: str(), Line: int(sv()), Index: int(sv())}
	}
	when := func() time.Time {
		if byt() == 0 {
			return time.Time{}
		}
		sec := sv()
		return time.Unix(sec, int64(uv())).UTC()
	}
	h := &held{idx: findingIndex(uv()), seq: uv()}
	h.input = s.inputAt(uv())
	h.recoverIn = s.inputAt(uv())
	h.runEnd = when()
	if byt() == 1 {
		h.alt = &verdict{label: Label(str()), cause: Cause(str()), conf: f64(), evidence: strs()}
	}
	f := &h.Finding
	f.Source = src()
	f.Time = when()
	for _, p := range [...]*string{&f.Connection, &f.Step, &f.Method, &f.URL, &f.Host, &f.Path} {
		*p = str()
	}
	f.Label, f.Cause = Label(str()), Cause(str())
	f.Remediation, f.RunID, f.ZapID, f.ZapTitle = str(), str(), str(), str()
	f.Status = int(sv())
	f.NoStatus = byt() == 1
	f.Recovered = byt() == 1
	f.Confidence = f64()
	f.Evidence = strs()
	if n := uv(); n > uint64(len(b)) {
		bad = true
	} else if n > 0 {
		f.Related = make([]parser.Source, n)
		for i := range f.Related {
			f.Related[i] = src()
		}
	}
	if bad || len(b) != 0 {
		return nil, errSpillDamaged
	}
	if len(f.Evidence) == 0 {
		f.Evidence = nil
	}
	return h, nil
}

// Findings are an engine's findings in report order: by time with undated
// ones last, then source, connection, label, cause and input order. Some
// may live in a temporary file (see DefaultSpillAbove): read them with All,
// any number of times, and Close them when done.
type Findings struct {
	mem    []*held // held in memory, in order
	spill  *spillFile
	finish func(h *held) // the end-of-input revisions for a finding read back
	n      int
	err    error
}

// NewFindings returns fs as Findings, in report order; fs keeps its order.
func NewFindings(fs []*Finding) *Findings {
	out := &Findings{mem: make([]*held, len(fs)), n: len(fs)}
	for i, f := range fs {
		out.mem[i] = &held{Finding: *f, seq: uint64(i)}
	}
	slices.SortStableFunc(out.mem, compareOut)
	return out
}

// Len returns the number of findings.
func (s *Findings) Len() int {
	if s == nil {
		return 0
	}
	return s.n
}

// Err returns the first error met reading findings back, if any; All stops
// at it.
func (s *Findings) Err() error {
	if s == nil {
		return nil
	}
	return s.err
}

// Close removes the temporary file, if any.
func (s *Findings) Close() error {
	if s == nil || s.spill == nil {
		return nil
	}
	return s.spill.close()
}

// All yields the findings in order. A finding read back from the file is
// a new value each time; one held in memory is the same each time. Either
// may be kept.
func (s *Findings) All() iter.Seq[*Finding] {
	return func(yield func(*Finding) bool) {
		if s == nil {
			return
		}
		s.each(func(h *held) bool { return yield(&h.Finding) })
	}
}

// each yields the held records in order, merging the runs.
func (s *Findings) each(yield func(h *held) bool) {
	if s.err != nil {
		return
	}
	if s.spill != nil && s.spill.f == nil {
		s.err = errors.New("findings read after Close")
		return
	}
	var m merge
	if len(s.mem) > 0 {
		m = append(m, &runCursor{mem: s.mem})
	}
	if s.spill != nil {
		for _, r := range s.spill.runs {
			m = append(m, &runCursor{
				r:    bufio.NewReaderSize(io.NewSectionReader(s.spill.f, r.off, r.size), spillReadBuffer),
				left: r.n, file: s.spill, finish: s.finish,
			})
		}
	}
	live := m[:0]
	for _, c := range m {
		if err := c.next(); err != nil {
			s.err = err
			return
		}
		if c.cur != nil {
			live = append(live, c)
		}
	}
	m = live
	heap.Init(&m)
	// A run was sorted before the end-of-input revisions, which may change
	// a finding's label and cause, and with them its place among the
	// findings of the same record (time, source and connection, which no
	// revision changes). The runs are merged a record at a time, and each
	// record's findings sorted again before they are yielded.
	var group []*held
	flush := func() bool {
		slices.SortFunc(group, compareOut)
		for _, h := range group {
			if !yield(h) {
				return false
			}
		}
		group = group[:0]
		return true
	}
	for len(m) > 0 {
		c := m[0]
		h := c.cur
		if err := c.next(); err != nil {
			s.err = err
			return
		}
		if c.cur == nil {
			heap.Pop(&m)
		} else {
			heap.Fix(&m, 0)
		}
		if len(group) > 0 && !sameRecord(group[0], h) && !flush() {
			return
		}
		group = append(group, h)
	}
	flush()
}

// sameRecord reports whether a and b are findings of one record of one
// connection: the part of report order no revision changes.
func sameRecord(a, b *held) bool {
	return a.Time.Equal(b.Time) && a.Time.IsZero() == b.Time.IsZero() && a.Source == b.Source && a.Connection == b.Connection
}

// runCursor walks one run: the held records in memory, or a run in the file.
type runCursor struct {
	cur    *held
	mem    []*held
	r      *bufio.Reader
	left   int
	file   *spillFile
	finish func(h *held)
	buf    []byte
}

// next moves to the run's next record; cur is nil past its end.
func (c *runCursor) next() error {
	c.cur = nil
	if c.r == nil {
		if len(c.mem) > 0 {
			c.cur, c.mem = c.mem[0], c.mem[1:]
		}
		return nil
	}
	if c.left == 0 {
		return nil
	}
	n, err := binary.ReadUvarint(c.r)
	if err == nil && n > uint64(c.file.maxRec) {
		err = errSpillDamaged
	}
	if err != nil {
		return fmt.Errorf("reading findings back: %w", err)
	}
	if uint64(cap(c.buf)) < n {
		c.buf = make([]byte, n)
	}
	c.buf = c.buf[:n]
	if _, err := io.ReadFull(c.r, c.buf); err != nil {
		return fmt.Errorf("reading findings back: %w", err)
	}
	h, err := c.file.decode(c.buf)
	if cap(c.buf) > 1<<20 {
		c.buf = nil // a huge finding's buffer is not kept for the next one
	}
	if err != nil {
		return err
	}
	if c.finish != nil {
		c.finish(h)
	}
	c.cur = h
	c.left--
	return nil
}

// merge is a min-heap of run cursors by their current record.
type merge []*runCursor

func (m merge) Len() int           { return len(m) }
func (m merge) Less(i, j int) bool { return compareOut(m[i].cur, m[j].cur) < 0 }
func (m merge) Swap(i, j int)      { m[i], m[j] = m[j], m[i] }
func (m *merge) Push(x any)        { *m = append(*m, x.(*runCursor)) }
func (m *merge) Pop() any {
	old := *m
	c := old[len(old)-1]
	*m = old[:len(old)-1]
	return c
}
