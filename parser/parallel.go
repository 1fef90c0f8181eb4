package parser

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/tidwall/gjson"
)

// Sizes of the decode pipeline.
const (
	// batchBytes is how many record bytes go to a worker at once: large
	// enough that handing batches around costs nothing next to decoding
	// them, small enough that the batches in flight stay a few MB.
	batchBytes = 256 << 10
	// batchesPerWorker bounds the batches in flight per worker, and with
	// it the memory the pipeline holds. One is enough to keep both cores
	// busy (200 MB JSONL: 1.07 s with 1 or 4) and holds ~6 MB less than 4
	// at the peak, which under the soft memory limit means fewer
	// collections on a gigabyte.
	batchesPerWorker = 1
	// maxBatchRecords ends a batch of many small records early, so that
	// a batch's list of records stays small too.
	maxBatchRecords = 4096
)

// buffers recycles batch buffers: a batch's records are copied into
// strings of their own, so its buffer is free once the worker is done.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, batchBytes+batchBytes/4); return &b }}

func getBuffer() []byte { return (*buffers.Get().(*[]byte))[:0] }

func putBuffer(b []byte) {
	if cap(b) <= 2*batchBytes { // a batch grown by a huge record is left to the GC
		buffers.Put(&b)
	}
}

// recLists recycles the record lists of batches, as buffers does their
// bytes: a batch holds ~160 benchmark records, and growing a list to that
// for each was 5 % of the bytes a run allocates.
var recLists = sync.Pool{New: func() any { r := make([]rawRecord, 0, 256); return &r }}

func getRecList() []rawRecord { return (*recLists.Get().(*[]rawRecord))[:0] }

func putRecList(r []rawRecord) {
	if cap(r) <= maxBatchRecords {
		clear(r[:cap(r)]) // drop the references to the batch's bytes
		r = r[:0]
		recLists.Put(&r)
	}
}

// rawRecord is one record cut from the input, not yet decoded.
type rawRecord struct {
	data []byte // a slice of its batch's buffer
	src  Source
	err  error // a record the splitter already found bad (too large, broken)
}

// text copies the record into a string of its own. A view into the
// batch buffer would save the copy, but any string an Event keeps — and
// findings keep URLs and hosts — would then pin the whole batch: memory
// would grow with the input instead of with what is retained.
func (r *rawRecord) text() string { return string(r.data) }

// result is what decoding one record gave, in input order.
type result struct {
	ev  *Event
	bad *RecordError
}

// batch is a run of records decoded by one worker.
type batch struct {
	buf     []byte
	recs    []rawRecord
	out     []result
	ignored int
	kind    Format // the first record format recognised in the batch
	noShape int    // records of no supported shape
	firstNS []byte // the first of them, for the error message
	creator string // a HAR creator name met while splitting
	done    chan struct{}
}

// pipeline splits records on one goroutine, decodes batches of them on
// the others and hands the results on in input order, so Events reach the
// caller exactly as a sequential read would give them.
type pipeline struct {
	k       *sink
	decode  func(b *batch, r *rawRecord, k *sink)
	work    chan *batch
	order   chan *batch
	cur     *batch
	workers int
}

func newPipeline(k *sink, decode func(b *batch, r *rawRecord, k *sink)) *pipeline {
	w := k.workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	p := &pipeline{k: k, decode: decode, workers: w,
		work:  make(chan *batch, w*batchesPerWorker),
		order: make(chan *batch, w*batchesPerWorker)}
	for i := 0; i < w; i++ {
		go p.worker()
	}
	return p
}

// add queues one record (copied); called by the splitter only.
func (p *pipeline) add(data []byte, src Source, err error) {
	if p.cur == nil {
		p.cur = &batch{buf: getBuffer(), recs: getRecList(), done: make(chan struct{})}
	}
	b := p.cur
	start := len(b.buf)
	b.buf = append(b.buf, data...)
	b.recs = append(b.recs, rawRecord{data: b.buf[start:len(b.buf):len(b.buf)], src: src, err: err})
	if len(b.buf) >= batchBytes || len(b.recs) >= maxBatchRecords {
		p.flush()
	}
}

// flush sends the current batch on.
func (p *pipeline) flush() {
	if p.cur == nil {
		return
	}
	p.order <- p.cur
	p.work <- p.cur
	p.cur = nil
}

// close ends the input.
func (p *pipeline) close() {
	p.flush()
	close(p.work)
	close(p.order)
}

func (p *pipeline) worker() {
	cache := newTokenCache()
	for b := range p.work {
		var st Stats
		bk := &sink{name: p.k.name, input: p.k.input, stats: &st, tokens: cache,
			emit: func(e *Event) { b.out = append(b.out, result{ev: e}) },
			bad:  func(e *RecordError) { b.out = append(b.out, result{bad: e}) }}
		for i := range b.recs {
			r := &b.recs[i]
			if r.err != nil {
				bk.skip(r.src, r.err)
				continue
			}
			n := len(b.out)
			p.decode(b, r, bk)
			for _, res := range b.out[n:] {
				if res.ev != nil {
					res.ev.Bytes = len(r.data)
				}
			}
		}
		b.ignored = st.Ignored
		putBuffer(b.buf) // every record was copied out by text()
		putRecList(b.recs)
		b.buf, b.recs = nil, nil
		close(b.done)
	}
}

// collect hands every batch's results on in order; it returns when the
// splitter has closed the pipeline.
func (p *pipeline) collect(onBatch func(b *batch)) {
	for b := range p.order {
		<-b.done
		if b.creator != "" && p.k.input.Creator == "" {
			p.k.input.Creator = b.creator
		}
		for _, r := range b.out {
			if r.ev != nil {
				p.k.event(r.ev)
			} else {
				p.k.stats.Skipped++
				p.k.bad(r.bad)
			}
		}
		p.k.stats.Ignored += b.ignored
		if onBatch != nil {
			onBatch(b)
		}
	}
}

// run starts split on its own goroutine, collects in this one, and returns
// split's error.
func (p *pipeline) run(split func() error, onBatch func(b *batch)) error {
	errc := make(chan error, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				p.close()
				errc <- fmt.Errorf("internal error while splitting records: %v", v)
				return
			}
		}()
		err := split()
		p.close()
		errc <- err
	}()
	p.collect(onBatch)
	return <-errc
}

// readLinesParallel reads JSON lines through the pipeline.
func readLinesParallel(br *bufio.Reader, f Format, opts *Options, k *sink) error {
	p := newPipeline(k, func(b *batch, r *rawRecord, bk *sink) {
		kind := decodeLine(r.text(), r.src, f, opts, bk)
		switch {
		case kind == FormatUnknown:
			if b.noShape == 0 {
				b.firstNS = append([]byte(nil), r.data...)
			}
			b.noShape++
		case kind != formatNone && b.kind == FormatUnknown:
			b.kind = kind
		}
	})
	noShape := 0
	var firstNS []byte
	err := p.run(func() error {
		lr := newLineReader(br, opts.MaxRecordBytes)
		for {
			line, err := lr.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				if isTooLarge(err) {
					p.add(nil, k.line(lr.line), err)
					continue
				}
				return fmt.Errorf("line %d: %w", lr.line, err)
			}
			if lr.line == 1 {
				line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
			}
			if len(trimSpace(line)) == 0 {
				continue
			}
			p.add(line, k.line(lr.line), nil)
		}
	}, func(b *batch) {
		if k.stats.Format == formatLines && b.kind != FormatUnknown {
			k.stats.Format, k.input.Format = b.kind, b.kind
		}
		if noShape == 0 && b.noShape > 0 {
			firstNS = b.firstNS
		}
		noShape += b.noShape
	})
	if err != nil {
		return err
	}
	if noShape > 0 && k.stats.Records == 0 {
		return fmt.Errorf("%d JSON lines of no supported shape (keys: %s); map a JSON log's fields with --field NAME=PATH", noShape, keysOf(firstNS))
	}
	return nil
}

// formatNone marks a line that was reported (not JSON, invalid) rather
// than classified.
const formatNone Format = "-"

// decodeLine decodes one JSON line and returns the kind it was read as,
// FormatUnknown for JSON of no supported shape, or formatNone when the
// line was reported as malformed.
func decodeLine(line string, src Source, f Format, opts *Options, k *sink) Format {
	line = strings.TrimSpace(line)
	if line[0] != '{' {
		k.skip(src, errors.New("not a JSON object"))
		return formatNone
	}
	if f == FormatHARLines {
		// The common case, in one validating pass; any line it does not
		// take goes the general way below, which classifies and reports.
		if x, err := harEntryFast(line, src); err == nil {
			emitExchange(k, x, FormatHARLines)
			return FormatHARLines
		}
	}
	if d := depthOf(line); d > maxDepth {
		k.skip(src, errTooDeep)
		return formatNone
	}
	if !gjson.Valid(line) {
		k.skip(src, errors.New("invalid JSON"))
		return formatNone
	}
	root := gjson.Parse(line)
	kind := f
	if f != FormatMapped {
		if rk := recordKind(root, opts); rk != f {
			kind = rk
		}
	}
	if kind == FormatUnknown {
		k.skip(src, fmt.Errorf("JSON of no supported shape (keys: %s)", keysOf([]byte(line))))
		return FormatUnknown
	}
	if err := decodeRecord(root, kind, src, opts, k); err != nil {
		k.skip(src, err)
	}
	return kind
}
