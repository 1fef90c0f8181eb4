package parser

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// maxTaskCSVRecordBytes caps one CSV record of a redacted copy. A quote
// that is never closed makes the rest of the file one field; the cap stops
// it from being held whole. It is the record cap of every other format;
// reading takes Options.MaxRecordBytes.
const maxTaskCSVRecordBytes = DefaultMaxRecordBytes

// errTaskCSVTooLarge is returned by the capped reader under csv.Reader.
type errTaskCSVTooLarge struct{ max int64 }

func (e errTaskCSVTooLarge) Error() string {
	return fmt.Sprintf("record exceeds the %d-byte limit (a quote never closed?); the rest of the file is not read", e.max)
}

// taskCSVSkipChunk is how much of a record over the limit is read at a
// time while looking for its end; none of it is kept.
const taskCSVSkipChunk = 64 << 10

// readTaskCSV reads a task-history CSV, exported from Zapier or made by
// hand: a header row whose columns are matched case-insensitively by
// synonym, then one run (or task) per record.
//
//	Task ID,Zap ID,Zap Title,Step,Status,Start Time,End Time,Error,Connection
//	01J...,1234,New lead to CRM,HubSpot: Create Contact,Errored,2026-03-02 10:12:44,,"Got 401 calling
//	GET https://api.hubapi.com/..., triggering auth refresh.",55501
//
// Quoted fields may hold newlines and JSON. Each record becomes one Event
// (KindRun) whose Source.Line is the line the record starts on. A record
// with the wrong number of fields, no run in it or an unreadable time is
// reported and skipped; the rest is still read.
// A record over maxRecord bytes (0 means DefaultMaxRecordBytes) is
// reported and skipped to its end, as a line over the cap is in the other
// formats; only a quote left open to the end of the input fails it.
func readTaskCSV(r io.Reader, maxRecord int, k *sink) error {
	if maxRecord <= 0 {
		maxRecord = DefaultMaxRecordBytes
	}
	return readTaskCSVLimited(r, &taskCSVLimit{max: int64(maxRecord)}, k)
}

// readTaskCSVLimited is readTaskCSV reading through lim.
func readTaskCSVLimited(r io.Reader, lim *taskCSVLimit, k *sink) error {
	lim.r = r
	rd := newCSVRecords(lim)
	header, _, err := rd.read()
	if err == io.EOF {
		return errors.New("empty task-history CSV: no header row")
	}
	if err != nil {
		return fmt.Errorf("task-history CSV header: %w", err)
	}
	cols, ok := taskCSVColumns(header)
	if !ok {
		if h, d := otherDelimiter(header); d != 0 {
			header = h
			cols, ok = taskCSVColumns(h)
			rd.setComma(d)
		}
	}
	if !ok {
		return fmt.Errorf("not a task-history CSV: %s", missingColumns(header))
	}
	width := len(header)
	header = append([]string(nil), header...) // read records reuse its array
	rd.setHeader(cols)
	var short *shortRecord
	var dates csvDates
	defer dates.end(k)
	for {
		rec, line, err := rd.read()
		if short != nil {
			if err == io.EOF && lim.last != '\n' && lim.last != '\r' {
				// The last record is short and no line end follows it: the
				// file was cut (an export or a copy that did not finish),
				// as a truncated HAR or gzip stream is.
				return fmt.Errorf("line %d: the file ends inside a record (%d of %d fields): %w", short.src.Line, short.fields, width, io.ErrUnexpectedEOF)
			}
			k.skip(short.src, short.err)
			short = nil
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var bad *csvBadRecord
			switch {
			case errors.As(err, &bad):
				k.skip(k.line(line), bad.err)
				continue
			case errors.As(err, new(errTaskCSVTooLarge)):
				// A quote left open runs to the end of the file: nothing
				// after it can be told apart, so the input as a whole fails.
				return fmt.Errorf("line %d: unterminated quoted field: the record runs past the %d-byte limit to the end of the input, which is not read", line, lim.max)
			}
			return err
		}
		src := k.line(line)
		if isHeaderAgain(rec, header) {
			// Two exports joined with cat: the second one's header.
			k.warn(src, errors.New("the header row again (exports joined?); passed over"))
			continue
		}
		if len(rec) != width {
			err := fmt.Errorf("record has %d fields, the header has %d", len(rec), width)
			if len(rec) < width {
				short = &shortRecord{src: src, err: err, fields: len(rec)} // told once the next read says whether the file ends here
				continue
			}
			k.skip(src, err)
			continue
		}
		var rr runRecord
		for i, f := range cols {
			if f == runFieldDataOut {
				rr.set(f, taskCSVDataOut(rec[i]))
				continue
			}
			rr.set(f, rec[i])
		}
		if rr.empty() {
			k.skip(src, errors.New("record names no run: no id, Zap or status"))
			continue
		}
		dates.add(&rr, src, k)
	}
}

// csvDelimiters are the separators a task-history CSV may use after the
// comma: Excel in a European locale saves with ';', and tab-separated
// exports are common.
var csvDelimiters = [...]rune{';', '\t'}

// otherDelimiter reads a header that comma-splitting left as one field
// with the other delimiters, and returns its fields and the delimiter
// whose fields make a task-history header; d is 0 when none does.
func otherDelimiter(header []string) (fields []string, d rune) {
	if len(header) != 1 {
		return nil, 0
	}
	for _, d := range csvDelimiters {
		cr := csv.NewReader(strings.NewReader(header[0]))
		cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = d, -1, true
		f, err := cr.Read()
		if err != nil || len(f) < 3 {
			continue
		}
		if _, ok := taskCSVColumns(f); ok {
			return f, d
		}
	}
	return nil, 0
}

// missingColumns says which of the columns a task-history CSV needs its
// header lacks: a status column, a column only run history has (a Zap or
// task id, a Zap title) and three run columns in all.
func missingColumns(header []string) string {
	if h, _ := otherDelimiter(header); h != nil {
		header = h
	}
	_, status, distinct, n := readHeader(header)
	var miss []string
	if !status {
		miss = append(miss, "a status column (Status, Result, ...)")
	}
	if !distinct {
		miss = append(miss, "a Zap or task column (Zap ID, Zap Title, Task ID, ...)")
	}
	if len(miss) == 0 && n < 3 {
		miss = append(miss, fmt.Sprintf("a third run column (it has %d: a time, an error, a connection, ...)", n))
	}
	if len(header) == 1 {
		return "its header is one column (a separator other than ',', ';' or tab?) and lacks " + strings.Join(miss, " and ")
	}
	return "the header lacks " + strings.Join(miss, " and ")
}

// csvHeaderHint says what a first line that reads as a CSV header of
// three columns or more (comma, ';' or tab) lacks to be a task-history
// one; "" when it reads as no header.
func csvHeaderHint(line []byte) string {
	line = bytes.TrimRight(bytes.TrimPrefix(line, []byte("\ufeff")), "\r\n")
	if len(line) == 0 || line[0] == '{' || line[0] == '[' {
		return ""
	}
	for _, d := range [...]rune{',', ';', '\t'} {
		cr := csv.NewReader(bytes.NewReader(line))
		cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = d, -1, true
		f, err := cr.Read()
		if err != nil || len(f) < 3 {
			continue
		}
		for _, h := range f {
			if h = strings.TrimSpace(h); h == "" || len(h) > maxCSVColumnName || strings.ContainsAny(h, "{}\"") {
				return ""
			}
		}
		return missingColumns(f)
	}
	return ""
}

// maxCSVColumnName is the longest column name csvHeaderHint takes for one:
// a line of longer fields is text, not a header.
const maxCSVColumnName = 64

// isHeaderAgain reports whether rec is the file's header row again.
func isHeaderAgain(rec, header []string) bool {
	if len(rec) != len(header) {
		return false
	}
	for i := range rec {
		if strings.TrimSpace(strings.TrimPrefix(rec[i], "\ufeff")) != strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff")) {
			return false
		}
	}
	return true
}

// maxDateHeld bounds the records held while a file's numeric dates do not
// yet show their order: 1024 records, as many as the engine holds back to
// put records in time order, or 4 MiB of them, whichever comes first. A
// daily export shows a day past the 12th within 13 days of runs.
const (
	maxDateHeld      = 1024
	maxDateHeldBytes = 4 << 20
)

// csvDates reads a task-history CSV's times, deciding per file whether
// numeric dates are month-first (03/09/2026 is March 9) or day-first:
// the first date whose first field is above 12 makes the file day-first,
// one whose second field is, month-first. Records whose dates could be
// either are held (in order, with those after them) until a date shows
// the order, or, when none does within maxDateHeld records or by the end
// of the file, read month-first with a warning naming the first of them.
// A date that contradicts the order shown is a bad record; one that
// contradicts the order taken by default switches the file to its order,
// with one warning naming the lines read before under the default.
type csvDates struct {
	order   dateOrder
	shown   Source // the record that showed the order; zero until one does
	decided bool   // the order is shown, or taken by default
	held    []heldRun
	bytes   int
	// defaulted is set while the order is taken by default; first and
	// last are the lines read under it.
	defaulted   bool
	first, last int
}

// heldRun is a record waiting for its file's date order.
type heldRun struct {
	rr  runRecord
	src Source
}

// add reads one record, or holds it until the order is known.
func (d *csvDates) add(rr *runRecord, src Source, k *sink) {
	var shows []dateOrder
	ambiguous := false
	for _, v := range [2]string{rr.start, rr.end} {
		o, known, amb := dateProof(v)
		if known {
			shows = append(shows, o)
		}
		ambiguous = ambiguous || amb
	}
	for _, o := range shows {
		switch {
		case !d.decided:
			d.order, d.decided, d.shown = o, true, src
			d.flush(k)
		case o != d.order && d.defaulted:
			k.warn(src, fmt.Errorf("this %s date shows the file's dates are %s, not %s as taken by default: lines %d-%d were read %s and their dates may be wrong; the rest are read %s",
				o, o, d.order, d.first, d.last, d.order, o))
			d.order, d.shown, d.defaulted = o, src, false
		case o != d.order:
			how := "as line " + strconv.Itoa(d.shown.Line) + " shows"
			if d.shown.Line == 0 {
				how = "taken by default"
			}
			k.skip(src, fmt.Errorf("a %s date in a file whose dates are %s (%s)", o, d.order, how))
			return
		}
	}
	if len(d.held) > 0 || ambiguous && !d.decided {
		d.held = append(d.held, heldRun{*rr, src})
		d.bytes += rr.size()
		if len(d.held) >= maxDateHeld || d.bytes >= maxDateHeldBytes {
			d.byDefault(k, fmt.Sprintf("no date in the %d records from there on shows a day past 12", len(d.held)))
		}
		return
	}
	d.read(rr, src, k)
}

// end reads the records still held, month-first.
func (d *csvDates) end(k *sink) {
	if len(d.held) > 0 {
		d.byDefault(k, "no date in the file shows a day past 12")
	}
}

// byDefault takes month-first for the file and says so, where the first
// record that could be read either way is.
func (d *csvDates) byDefault(k *sink, why string) {
	first := d.held[0]
	date := first.rr.start
	if _, _, ambiguous := dateProof(date); !ambiguous {
		date = first.rr.end
	}
	date = strings.TrimSpace(date)
	if i := strings.IndexAny(date, " ,T"); i >= 0 {
		date = date[:i] // the date alone: digits and separators, nothing else from the record
	}
	k.warn(first.src, fmt.Errorf("dates such as %s are read month-first (03/09 is March 9): %s", date, why))
	d.order, d.decided, d.defaulted = monthFirst, true, true
	d.first = first.src.Line
	d.flush(k)
}

// flush reads the held records in the order decided.
func (d *csvDates) flush(k *sink) {
	held := d.held
	d.held, d.bytes = nil, 0
	for i := range held {
		d.add(&held[i].rr, held[i].src, k)
	}
}

// read turns the record into its Event.
func (d *csvDates) read(rr *runRecord, src Source, k *sink) {
	if d.defaulted {
		d.last = src.Line
	}
	ev, err := rr.event(src, FormatTaskCSV, d.order)
	if err != nil {
		k.skip(src, err)
		return
	}
	k.event(ev)
}

// taskCSVDataOut reads a data_out cell: JSON is searched for its error
// report, anything else is taken as written.
func taskCSVDataOut(s string) string {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		if gjson.Valid(t) {
			return runErrorText(gjson.Parse(t), 1)
		}
	}
	return s
}

// taskCSVColumns maps header columns to fields. ok is false unless the
// header has a status column, a column only run history has (zap_id,
// zap_title, task_id, ...) and at least three run columns in all.
func taskCSVColumns(header []string) (cols []runField, ok bool) {
	cols, status, distinct, n := readHeader(header)
	return cols, status && distinct && n >= 3
}

// readHeader maps header columns to fields (a steps column to none) and
// says whether one is the status, whether one is only run history's, and
// how many are run columns.
func readHeader(header []string) (cols []runField, status, distinct bool, n int) {
	cols = make([]runField, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		w := runWord(h)
		f := runFieldOf(w)
		if f == runFieldSteps {
			f = runFieldNone
		}
		cols[i] = f
		if f == runFieldNone {
			continue
		}
		n++
		status = status || f == runFieldStatus
		distinct = distinct || runDistinctive[w]
	}
	return cols, status, distinct, n
}

// isTaskCSVHeader reports whether line, the first line of an input, is a
// task-history CSV header (see taskCSVColumns).
func isTaskCSVHeader(line []byte) bool {
	line = bytes.TrimPrefix(line, []byte("\ufeff"))
	line = bytes.TrimRight(line, "\r\n")
	if len(line) == 0 || line[0] == '{' || line[0] == '[' {
		return false
	}
	cr := csv.NewReader(bytes.NewReader(line))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return false
	}
	if _, d := otherDelimiter(header); d != 0 {
		return true
	}
	if len(header) < 3 {
		return false
	}
	_, ok := taskCSVColumns(header)
	return ok
}

// taskCSVLimit fails the read once the record being read (which starts at
// input offset start) has grown past max, so csv.Reader never holds more.
// shortRecord is a record with fewer fields than the header, held until
// the next read: the last one of a file that does not end in a line end
// is a cut file, not a bad record.
type shortRecord struct {
	src    Source
	err    error
	fields int
}

type taskCSVLimit struct {
	r     io.Reader
	start int64 // input offset where the record being read starts
	pos   int64 // input offset of the next byte handed on
	max   int64
	// buf is the input from offset bufOff on: the record being read and
	// what csv.Reader read ahead, kept so that reading can resume inside
	// it after a quote never closed.
	buf    []byte
	bufOff int64
	last   byte // the last byte read: a file cut short does not end in a newline
	// stop, when above 0, is an input offset read as the end of the
	// input: a record line found ahead, where the record before it ends.
	stop int64
	// parsed counts the bytes handed to csv.Reader and looked at for
	// record lines; tests hold it to a multiple of the input size.
	parsed int64
}

func (l *taskCSVLimit) Read(p []byte) (int, error) {
	if l.pos-l.start > l.max {
		return 0, errTaskCSVTooLarge{l.max}
	}
	if l.stop > 0 {
		if l.pos >= l.stop {
			return 0, io.EOF
		}
		if int64(len(p)) > l.stop-l.pos {
			p = p[:l.stop-l.pos]
		}
	}
	if kept := l.bufOff + int64(len(l.buf)); l.pos < kept {
		n := copy(p, l.buf[l.pos-l.bufOff:])
		l.pos += int64(n)
		l.parsed += int64(n)
		return n, nil
	}
	n, err := l.r.Read(p)
	if n > 0 {
		l.buf = append(l.buf, p[:n]...)
		l.pos += int64(n)
		l.parsed += int64(n)
		l.last = p[n-1]
	}
	return n, err
}

// skipRecord finds the end of the record that starts at input offset
// start, once it has grown past the limit: the first line end outside a
// quoted field. What is read past the buffer is looked at a chunk at a
// time and not kept. It returns the offset after that line end (or the
// end of the input), where the record starts past the empty lines before
// it and how many of those there are, and the lines the record spans; end
// is -1 when a quoted field is still open at the end of the input.
func (l *taskCSVLimit) skipRecord(start int64) (end, from int64, lead, lines int, err error) {
	var q csvQuotes
	from = start
	at := func(b []byte, off int64) int64 {
		for i, c := range b {
			if !q.started && (c == '\n' || c == '\r') {
				from++
			}
			if c == '\n' {
				if q.started {
					lines++
				} else {
					lead++
				}
			}
			if q.step(c) {
				return off + int64(i) + 1
			}
		}
		return -1
	}
	kept := l.bufOff + int64(len(l.buf))
	if end = at(l.buf[start-l.bufOff:], start); end >= 0 {
		l.begin(end)
		return end, from, lead, lines, nil
	}
	off := kept
	chunk := make([]byte, taskCSVSkipChunk)
	for {
		n, rerr := l.r.Read(chunk)
		if n > 0 {
			l.last = chunk[n-1]
			if end = at(chunk[:n], off); end >= 0 {
				// The rest of the chunk is the next records' start.
				l.buf = append(l.buf[:0], chunk[end-off:n]...)
				l.bufOff, l.pos, l.start = end, end, end
				return end, from, lead, lines, nil
			}
			off += int64(n)
		}
		if rerr == io.EOF {
			l.buf, l.bufOff, l.pos, l.start = l.buf[:0], off, off, off
			if q.quoted {
				return -1, from, lead, lines, nil
			}
			return off, from, lead, lines, nil // the last record, with no line end
		}
		if rerr != nil {
			return 0, from, lead, lines, rerr
		}
	}
}

// quoteOpen reports whether a quoted field is still open at the end of
// the record read from input offset start to end.
func (l *taskCSVLimit) quoteOpen(start, end int64) bool {
	var q csvQuotes
	for _, c := range l.buf[start-l.bufOff : end-l.bufOff] {
		if q.step(c) {
			return false
		}
	}
	return q.quoted
}

// csvQuotes follows a CSV record byte by byte to tell where it ends: a
// field that starts with a quote runs to the quote that closes it ("" is a
// quote inside), and the first line end outside one ends the record.
// Empty lines before the record are passed over.
type csvQuotes struct {
	started bool // a byte of the record was seen
	quoted  bool // inside a quoted field
	closed  bool // the last byte closed a quoted field ("" reopens it)
	field   bool // at the start of a field
}

// step takes the next byte and reports whether it ends the record.
func (q *csvQuotes) step(c byte) bool {
	if !q.started {
		if c == '\n' || c == '\r' {
			return false
		}
		q.started, q.field = true, true
	}
	if q.quoted {
		if c == '"' {
			q.quoted, q.closed = false, true
		}
		return false
	}
	reopen := c == '"' && (q.field || q.closed)
	q.closed = false
	switch {
	case reopen:
		q.quoted, q.field = true, false
	case c == ',':
		q.field = true
	case c == '\n':
		return true
	default:
		q.field = false
	}
	return false
}

// begin marks the input offset where the next record starts and forgets
// the input before it.
func (l *taskCSVLimit) begin(off int64) {
	l.start = off
	if d := off - l.bufOff; d > 0 {
		if d >= int64(len(l.buf)) {
			l.buf = l.buf[:0]
		} else {
			l.buf = l.buf[:copy(l.buf, l.buf[d:])]
		}
		l.bufOff = off
	}
}

// errUnterminated is a record whose quoted field is never closed.
var errUnterminated = errors.New("unterminated quoted field")

// csvBadRecord is a record csvRecords could not read; the next one can be.
type csvBadRecord struct{ err error }

func (e *csvBadRecord) Error() string { return e.err.Error() }

// csvRecords reads the records of a task-history CSV through a
// taskCSVLimit, with the line each starts on. Once it knows the header,
// it tells a quote never closed from a quoted field that runs over lines
// (a stack trace, pretty-printed JSON): a line inside the field that is a
// record of the file on its own (see isRecordLine) means the quote was
// never closed. That record is returned as errUnterminated and reading
// resumes at the line, which is read as the record it is.
type csvRecords struct {
	lim      *taskCSVLimit
	cr       *csv.Reader
	base     int64 // input offset of cr's first byte
	lineBase int   // the line of cr's first byte, less one
	next     int   // the line after the last record read
	width    int
	comma    rune // the delimiter; 0 is ','
	status   int  // the status column
	start    int  // the start time column, or -1
	ids      []int

	// After a quote never closed, the input already read is looked
	// through once for the next record line (lookAhead): stop is its
	// offset (0: none found) and stopLine its line, and the record
	// before it is read only up to it. Line starts before checked,
	// but for stop, are known to be no record line. Without this every
	// line opening its own unclosed quote would read the rest of the
	// file again: quadratic time.
	stop, checked         int64
	stopLine, checkedLine int
	// reread counts the bytes read again after resuming; past
	// maxTaskCSVReread reading no longer resumes (see unclosed).
	reread int64

	line   bytes.Reader // isRecordLine's input
	lineCR *csv.Reader  // isRecordLine's reader, over line
}

// maxTaskCSVReread bounds the bytes of a task CSV read again after
// resuming at a record line inside a quote never closed. Each byte is
// read again at most about twice (see lookAhead), so the bound is met
// only by a bug; it keeps reading linear whatever happens: past it, a
// quoted field over lines is taken as it comes.
const maxTaskCSVReread = 4 * maxTaskCSVRecordBytes

func newCSVRecords(lim *taskCSVLimit) *csvRecords {
	c := &csvRecords{lim: lim, width: -1, next: 1}
	c.resume(0, 0)
	return c
}

// setHeader turns on the check for unclosed quotes, with the header's
// columns.
func (c *csvRecords) setHeader(cols []runField) {
	c.width, c.start = len(cols), -1
	for i, f := range cols {
		switch f {
		case runFieldStatus:
			c.status = i
		case runFieldStart:
			if c.start < 0 {
				c.start = i
			}
		case runFieldID, runFieldZapID, runFieldZapTitle, runFieldZap, runFieldTitle:
			c.ids = append(c.ids, i)
		}
	}
}

// setComma reads the records after the header with delimiter d.
func (c *csvRecords) setComma(d rune) {
	c.comma = d
	c.lineCR = nil
	c.resume(c.base+c.cr.InputOffset(), c.next-1)
}

// resume reads on from input offset off, which is on line lineBase+1.
func (c *csvRecords) resume(off int64, lineBase int) {
	if c.cr != nil {
		if read := c.base + c.cr.InputOffset(); off < read {
			c.reread += read - off
		}
	}
	if c.stop <= off {
		c.stop = 0
	}
	c.lim.stop = c.stop
	c.lim.pos = off
	c.base, c.lineBase = off, lineBase
	c.cr = csv.NewReader(c.lim)
	if c.comma != 0 {
		c.cr.Comma = c.comma
	}
	c.cr.FieldsPerRecord = -1
	c.cr.LazyQuotes = true
	c.cr.ReuseRecord = true
}

// read returns the next record and the line it starts on. The errors
// are io.EOF, errTaskCSVTooLarge (at the line where the record starts) and
// *csvBadRecord (at its line), after which read may be called again.
func (c *csvRecords) read() (rec []string, line int, err error) {
	start := c.base + c.cr.InputOffset()
	if c.stop > 0 && start >= c.stop {
		// The record before the record line found ahead ended where it
		// starts: read on from there.
		stop, stopLine := c.stop, c.stopLine
		c.stop = 0
		c.resume(stop, stopLine-1)
		start = stop
	}
	c.lim.begin(start)
	rec, err = c.cr.Read()
	var pe *csv.ParseError
	switch {
	case err == nil:
		rel, _ := c.cr.FieldPos(0)
		last, _ := c.cr.FieldPos(len(rec) - 1)
		line = c.lineBase + rel
		c.next = c.lineBase + last + strings.Count(rec[len(rec)-1], "\n") + 1
		end := c.base + c.cr.InputOffset()
		if c.stop > 0 && end >= c.stop && c.lim.quoteOpen(start, end) {
			// Its quote runs into the record line found ahead: every
			// line between was looked at (none is a record line).
			stop, stopLine := c.stop, c.stopLine
			c.stop = 0
			c.resume(stop, stopLine-1)
			c.lookAhead()
			return nil, line, &csvBadRecord{errUnterminated}
		}
		if c.width > 0 && multiLine(rec) && c.unclosed(start, end, line, true) {
			return nil, line, &csvBadRecord{errUnterminated}
		}
		if c.width > 0 && len(rec) < c.width && (c.lim.last == '\n' || c.lim.last == '\r') && c.lim.quoteOpen(start, end) {
			// The last record's quote, never closed, ran to the end of
			// the input and took the fields after it. (A file that ends
			// without a line end inside it was cut short: see
			// shortRecord.)
			return nil, line, &csvBadRecord{errUnterminated}
		}
		if end-start > c.lim.max {
			// Read whole before the reader saw it pass the limit (it
			// looks between reads of its buffer): over it all the same.
			return nil, line, &csvBadRecord{errTooLarge{size: end - start, max: c.lim.max}}
		}
		return rec, line, nil
	case errors.As(err, new(errTaskCSVTooLarge)):
		line = c.next
		if c.width > 0 && c.unclosed(start, c.lim.pos, line, false) {
			return nil, line, &csvBadRecord{errUnterminated}
		}
		end, from, lead, lines, rerr := c.lim.skipRecord(start)
		if rerr != nil {
			return nil, line, rerr
		}
		if end < 0 {
			return nil, line, err // a quote open to the end of the input
		}
		line += lead
		c.resume(end, line+lines-1)
		c.next = line + lines
		return nil, line, &csvBadRecord{errTooLarge{size: end - from, max: c.lim.max}}
	case errors.As(err, &pe):
		c.next = c.lineBase + pe.Line + 1
		return nil, c.lineBase + pe.StartLine, &csvBadRecord{pe.Err}
	}
	return nil, c.next, err
}

// multiLine reports whether a field of rec holds a line end.
func multiLine(rec []string) bool {
	for _, f := range rec {
		if strings.ContainsAny(f, "\n\r") {
			return true
		}
	}
	return false
}

// unclosed looks for a record line inside the record read from input
// offset start to end, which starts on line. Every line after the first
// begins inside a quoted field. When one is a record of its own, reading
// resumes there and unclosed reports true. whole is false when the record
// was cut at the size limit: its last line is then not whole.
func (c *csvRecords) unclosed(start, end int64, line int, whole bool) bool {
	if c.reread > maxTaskCSVReread {
		return false
	}
	raw := c.lim.buf[start-c.lim.bufOff : end-c.lim.bufOff]
	// Empty lines before the record are no part of it.
	skip := len(raw) - len(bytes.TrimLeft(raw, "\r\n"))
	raw, start = raw[skip:], start+int64(skip)
	for i, n := 0, 0; ; {
		j := bytes.IndexByte(raw[i:], '\n')
		if j < 0 {
			return false
		}
		i += j + 1
		n++
		if start+int64(i) < c.checked {
			continue // looked at ahead: no record line
		}
		l := raw[i:]
		if j := bytes.IndexByte(l, '\n'); j >= 0 {
			l = l[:j]
		} else if !whole || len(l) == 0 {
			return false
		}
		c.lim.parsed += int64(len(l))
		if c.isRecordLine(bytes.TrimSuffix(l, []byte("\r"))) {
			c.resume(start+int64(i), line+n-1)
			c.lookAhead()
			return true
		}
	}
}

// lookAhead looks through the input already read after the record line
// reading resumed at for the next record line, from where the last look
// ended, so that no line is looked at twice. Found, it is where the
// record read next ends at the latest (stop): that record is read up to
// it, not to the end of the input again.
func (c *csvRecords) lookAhead() {
	kept := c.lim.bufOff + int64(len(c.lim.buf))
	from, line := c.checked, c.checkedLine
	if from <= c.base {
		// Past the line reading resumes at, which is a record line.
		j := bytes.IndexByte(c.lim.buf[c.base-c.lim.bufOff:kept-c.lim.bufOff], '\n')
		if j < 0 {
			return
		}
		from, line = c.base+int64(j)+1, c.lineBase+2
	}
	for from < kept {
		l := c.lim.buf[from-c.lim.bufOff : kept-c.lim.bufOff]
		j := bytes.IndexByte(l, '\n')
		if j < 0 {
			break // not whole yet
		}
		c.lim.parsed += int64(j + 1)
		if c.isRecordLine(bytes.TrimSuffix(l[:j], []byte("\r"))) {
			c.stop, c.stopLine = from, line
			c.lim.stop = from
			c.checked, c.checkedLine = from, line
			return
		}
		from, line = from+int64(j)+1, line+1
	}
	c.checked, c.checkedLine = from, line
}

// isRecordLine reports whether line, read alone, is a record of the file:
// no more fields than the header (fewer only when a quoted field it opens
// goes on to the next lines), a status of the run vocabulary in the
// status column, a time in the start time column, or, with none, an id,
// Zap or title. A line of a stack trace or of JSON is none of these.
func (c *csvRecords) isRecordLine(line []byte) bool {
	c.line.Reset(line)
	if c.lineCR == nil {
		c.lineCR = csv.NewReader(&c.line)
		if c.comma != 0 {
			c.lineCR.Comma = c.comma
		}
		c.lineCR.FieldsPerRecord = -1
		c.lineCR.LazyQuotes = true
		c.lineCR.ReuseRecord = true
	}
	f, err := c.lineCR.Read()
	if err != nil && err != io.EOF {
		c.lineCR = nil // whatever it holds, the next line starts afresh
	}
	if err != nil || len(f) > c.width || len(f) < c.width && bytes.Count(line, []byte{'"'})%2 == 0 {
		return false
	}
	if c.status >= len(f) || parseRunStatus(f[c.status]) == RunUnknown {
		return false
	}
	if c.start >= 0 {
		if c.start >= len(f) || strings.TrimSpace(f[c.start]) == "" {
			return false
		}
		_, ok := parseTimeOrder(f[c.start], monthFirst)
		return ok
	}
	for _, i := range c.ids {
		if i < len(f) && strings.TrimSpace(f[i]) != "" {
			return true
		}
	}
	return false
}
