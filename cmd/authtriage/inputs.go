package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"
	"time"

	"github.com/authtriage/authtriage/parser"
	"github.com/authtriage/authtriage/reports"
)

// peekBytes is how much of an input is read to find its first record's
// time.
const peekBytes = 256 << 10

// distinct drops an input that is a file listed before it (a directory
// and a file inside it, the same path twice, a link to it), saying so.
func distinct(ins []input, stderr io.Writer) []input {
	seen := map[string]string{} // resolved path -> the input's path as given
	out := ins[:0]
	for _, in := range ins {
		if in.path == "-" {
			out = append(out, in)
			continue
		}
		key, err := filepath.EvalSymlinks(in.path)
		if err == nil {
			key, err = filepath.Abs(key)
		}
		if err != nil {
			out = append(out, in) // opening it will say what is wrong
			continue
		}
		if first, ok := seen[key]; ok {
			fmt.Fprintf(stderr, "authtriage: %s: skipped: the same file as %s, read once\n", in.path, first)
			continue
		}
		seen[key] = in.path
		out = append(out, in)
	}
	return out
}

// inTimeOrder finds each input's first record's time and orders the
// inputs by it, so that files split at any point, and rotated logs
// (app.log.1 before app.log), are read as one trace in time order, and
// inputs that overlap in time are merged (see merge.go). An export written
// newest first (task history, most recent task on top) is ordered by its
// oldest record, its last, and read backwards (see newestFirst). Inputs
// whose first record has no time, standard input and pipes keep their
// order after them; inputs with the same first time keep the order given.
func inTimeOrder(ins []input, opts parser.Options) {
	for i, in := range ins {
		// Only a regular file can be read twice: a pipe's bytes (a FIFO,
		// <(zcat …)) would be gone.
		if fi, err := os.Stat(in.path); in.path != "-" && err == nil && fi.Mode().IsRegular() {
			ins[i].first, ins[i].newestFirst = peek(in.path, opts)
			if ins[i].newestFirst {
				ins[i].first, ins[i].newestFirst = oldestTime(in.path, opts, ins[i].first)
			}
		}
	}
	sort.SliceStable(ins, func(i, j int) bool {
		a, b := ins[i].first, ins[j].first
		if a.IsZero() || b.IsZero() {
			return !a.IsZero() && b.IsZero()
		}
		return a.Before(b)
	})
}

// peek returns the time of the first dated record in the first peekBytes
// of a file, or zero, and whether its dated records there go mostly
// backwards in time: an export written newest first.
func peek(path string, opts parser.Options) (first time.Time, newestFirst bool) {
	f, err := os.Open(path)
	if err != nil {
		return time.Time{}, false
	}
	defer f.Close()
	var prev time.Time
	back, fwd := 0, 0
	parser.Read(io.LimitReader(f, peekBytes), path, opts, func(e *parser.Event) {
		if e.Time.IsZero() {
			return
		}
		switch {
		case first.IsZero():
			first = e.Time
		case e.Time.Before(prev):
			back++
		case e.Time.After(prev):
			fwd++
		}
		prev = e.Time
	}, func(*parser.RecordError) {})
	return first, back > fwd
}

// oldestTime returns the oldest record's time of a file written newest
// first, reading it whole, and whether it is to be read backwards: not
// when its records cost more than maxReversedBytes to hold (heldCost).
// Such a file is read as written, and the engine says which of its
// records came out of order.
func oldestTime(path string, opts parser.Options, first time.Time) (time.Time, bool) {
	f, err := os.Open(path)
	if err != nil {
		return first, false
	}
	defer f.Close()
	// Reading stops once the records cost too much, so a large gzip'd
	// file is not decompressed whole to learn it.
	r := &stopReader{r: f}
	oldest, size := first, 0
	parser.Read(r, path, opts, func(e *parser.Event) {
		if size += heldCost(e); size > maxReversedBytes {
			r.stop.Store(true)
		}
		if !e.Time.IsZero() && e.Time.Before(oldest) {
			oldest = e.Time
		}
	}, func(*parser.RecordError) {})
	if r.stop.Load() {
		return first, false
	}
	return oldest, true
}

// stopReader reads r until stop is set, then ends as if at its end.
type stopReader struct {
	r    io.Reader
	stop atomic.Bool
}

func (s *stopReader) Read(p []byte) (int, error) {
	if s.stop.Load() {
		return 0, io.EOF
	}
	return s.r.Read(p)
}

// ownOutput drops the inputs that are authtriage's own output, saying so
// on stderr (it is no error): the file -o names, and any file that holds a
// report of any format (see reports.Recognize), gzip-compressed or not. A
// cron job that writes its report next to the exports it reads would
// otherwise read last week's report as an input, and its findings would
// grow on every run. Standard input and pipes are not looked at: their
// bytes would be gone.
func ownOutput(ins []input, output string, stderr io.Writer) []input {
	var target os.FileInfo
	if output != "" {
		target, _ = os.Stat(output)
	}
	out := ins[:0]
	for _, in := range ins {
		if in.path == "-" {
			out = append(out, in)
			continue
		}
		fi, err := os.Stat(in.path)
		if err != nil || !fi.Mode().IsRegular() {
			out = append(out, in) // opening it will say what is wrong
			continue
		}
		if target != nil && os.SameFile(fi, target) {
			fmt.Fprintf(stderr, "authtriage: %s: skipped: the report this run writes (-o)\n", in.path)
			continue
		}
		if f, ok := isReport(in.path); ok {
			fmt.Fprintf(stderr, "authtriage: %s: skipped: an authtriage report (%s), not an input\n", in.path, f)
			continue
		}
		out = append(out, in)
	}
	return out
}

// isReport reads the start of a file, through gzip when it is compressed,
// and asks reports.Recognize whether it is a report.
func isReport(path string) (reports.Format, bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return "", false
		}
		r = zr
	}
	head := make([]byte, reports.RecognizeBytes)
	n, _ := io.ReadFull(r, head)
	return reports.Recognize(head[:n])
}
