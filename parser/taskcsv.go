package parser

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tidwall/gjson"
)

// maxTaskCSVRecordBytes caps one CSV record. A quote that is never closed
// makes the rest of the file one field; the cap stops it from being held
// whole. It is the record cap of every other format.
const maxTaskCSVRecordBytes = DefaultMaxRecordBytes

// errTaskCSVTooLarge is returned by the capped reader under csv.Reader.
type errTaskCSVTooLarge struct{ max int64 }

func (e errTaskCSVTooLarge) Error() string {
	return fmt.Sprintf("record exceeds the %d-byte limit (a quote never closed?); the rest of the file is not read", e.max)
}

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
func readTaskCSV(r io.Reader, k *sink) error {
	return readTaskCSVLimited(r, &taskCSVLimit{max: maxTaskCSVRecordBytes}, k)
}

// readTaskCSVLimited is readTaskCSV reading through lim.
func readTaskCSVLimited(r io.Reader, lim *taskCSVLimit, k *sink) error {
	lim.r = r
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return errors.New("empty task-history CSV: no header row")
	}
	if err != nil {
		return fmt.Errorf("task-history CSV header: %w", err)
	}
	cols, ok := taskCSVColumns(header)
	if !ok {
		return errors.New("not a task-history CSV: the header names no status and no Zap or run column")
	}
	width := len(header)
	next := 2 // the line after the last record read
	var short *shortRecord
	for {
		lim.start = cr.InputOffset()
		rec, err := cr.Read()
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
			var pe *csv.ParseError
			switch {
			case errors.As(err, &pe):
				k.skip(k.line(pe.StartLine), pe.Err)
				next = pe.Line + 1
				continue
			case errors.As(err, new(errTaskCSVTooLarge)):
				k.skip(k.line(next), err)
				// A quote left open runs to the end of the file: nothing
				// after it can be told apart, so the input as a whole fails.
				return fmt.Errorf("line %d: a record runs past the limit to the end of the input (an unclosed quote?)", next)
			}
			return err
		}
		line, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(rec) - 1)
		next = last + strings.Count(rec[len(rec)-1], "\n") + 1
		src := k.line(line)
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
		ev, err := rr.event(src, FormatTaskCSV)
		if err != nil {
			k.skip(src, err)
			continue
		}
		k.event(ev)
	}
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
	cols = make([]runField, len(header))
	status, distinct, n := false, false, 0
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
	return cols, status && distinct && n >= 3
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
	if err != nil || len(header) < 3 {
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
	r        io.Reader
	n, start int64
	max      int64
	last     byte // the last byte read: a file cut short does not end in a newline
}

func (l *taskCSVLimit) Read(p []byte) (int, error) {
	if l.n-l.start > l.max {
		return 0, errTaskCSVTooLarge{l.max}
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if n > 0 {
		l.last = p[n-1]
	}
	return n, err
}
