package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/authtriage/authtriage/parser"
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
// inputs that overlap in time are merged (see merge.go). Inputs whose
// first record has no time, standard input and pipes keep their order
// after them.
func inTimeOrder(ins []input, opts parser.Options) {
	if len(ins) < 2 {
		return
	}
	for i, in := range ins {
		// Only a regular file can be read twice: a pipe's bytes (a FIFO,
		// <(zcat …)) would be gone.
		if fi, err := os.Stat(in.path); in.path != "-" && err == nil && fi.Mode().IsRegular() {
			ins[i].first = firstTime(in.path, opts)
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

// firstTime returns the time of the first dated record in the first
// peekBytes of a file, or zero.
func firstTime(path string, opts parser.Options) time.Time {
	f, err := os.Open(path)
	if err != nil {
		return time.Time{}
	}
	defer f.Close()
	var t time.Time
	parser.Read(io.LimitReader(f, peekBytes), path, opts, func(e *parser.Event) {
		if t.IsZero() {
			t = e.Time
		}
	}, func(*parser.RecordError) {})
	return t
}
