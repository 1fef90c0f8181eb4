package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
	"github.com/authtriage/authtriage/reports"
)

// stdinName is how standard input is named in sources and messages.
const stdinName = "<stdin>"

// triage reads every input into the engine, builds the report and writes it.
func triage(c *config, stdin io.Reader, stdout, stderr io.Writer) int {
	ins, failed := expand(c.paths, stderr)
	ins = distinct(ins, stderr)
	notes := stderr
	if c.opts.quiet {
		notes = io.Discard // a cron job's own reports, skipped on every run
	}
	given := len(ins)
	if ins = ownOutput(ins, c.opts.output, notes); given > 0 && len(ins) == 0 {
		// Nothing is left to read: an empty "No failures" report would
		// replace -o as if the week had gone well.
		fmt.Fprintln(stderr, "authtriage: no input left to read: every input is a report of authtriage's own")
		failed = true
	}
	inTimeOrder(ins, c.parse)
	eng := heuristics.New(heuristics.Config{Explain: c.opts.explain})
	var (
		stats    []parser.Stats
		errs     []string
		errCount int
	)
	note := func(msg string) {
		errCount++
		if len(errs) < maxReportErrors {
			errs = append(errs, msg)
		}
	}
	prog := newProgress(stderr, c.opts.quiet)
	defer prog.stop()
	read := make([]*parser.Stats, len(ins)) // by place in reading order
	m := &merger{ins: ins, parse: c.parse, add: eng.Add}
	m.open = func(in input) (io.Reader, func(), error) {
		if in.path == "-" {
			r, done := prog.start(stdinName, 0, stdin)
			return r, done, nil
		}
		f, err := os.Open(in.path)
		if err != nil {
			fmt.Fprintf(stderr, "authtriage: %s\n", describe(err))
			note(describe(err))
			failed = true
			return nil, nil, err
		}
		var size int64
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		r, done := prog.start(in.path, size, f)
		// Closed as soon as it is read: rotated logs are read with one
		// file open, however many a directory holds.
		return r, func() { f.Close(); done() }, nil
	}
	m.bad = func(s *source, e *parser.RecordError) {
		msg := e.Error()
		note(msg)
		if !c.opts.quiet && s.printed < maxErrorsPerInput {
			fmt.Fprintf(stderr, "authtriage: %s\n", msg)
		}
		s.printed++
	}
	m.done = func(s *source) {
		if !c.opts.quiet && s.printed > maxErrorsPerInput {
			fmt.Fprintf(stderr, "authtriage: %s: %d more malformed records not shown\n", s.name, s.printed-maxErrorsPerInput)
		}
		if st, err := s.stats, s.err; err != nil {
			if s.in.walked && st.Records == 0 && st.Skipped == 0 && st.Format == parser.FormatUnknown {
				// A directory may hold READMEs and other files: list them, go on.
				fmt.Fprintf(stderr, "authtriage: %s: skipped: %v\n", s.name, err)
				return
			}
			msg := fmt.Sprintf("%s: %v", s.name, err)
			fmt.Fprintf(stderr, "authtriage: %s\n", msg)
			note(msg)
			failed = true
		}
		st := s.stats // not &s.stats: that would keep every source and its last batch
		read[s.order] = &st
		if s.err == nil && st.Records == 0 && st.Ignored == 0 && st.Skipped > 0 {
			// Every record malformed (a date column in a format not read,
			// a log of another shape): the input is as lost as an
			// unreadable one, and an empty report over it would read as
			// "no failures" to a cron job and its --fail-on.
			msg := fmt.Sprintf("%s: no usable record: all %d were skipped as malformed", s.name, st.Skipped)
			if st.Skipped == 1 {
				msg = fmt.Sprintf("%s: no usable record: its one record was skipped as malformed", s.name)
			}
			fmt.Fprintf(stderr, "authtriage: %s\n", msg)
			note(msg)
			failed = true
		}
		if s.err == nil && st.Records == 0 && st.Skipped == 0 && st.Ignored == 0 {
			msg := fmt.Sprintf("%s: no records in it", s.name)
			if st.Format == parser.FormatHAR {
				msg = fmt.Sprintf("%s: a HAR with no entries: was the browser's network log recording while the problem happened?", s.name)
			}
			fmt.Fprintf(stderr, "authtriage: %s\n", msg)
			note(msg)
		}
	}
	m.run()
	for _, st := range read {
		if st != nil {
			stats = append(stats, *st)
		}
	}
	prog.stop()
	findings := eng.Finish()
	for _, d := range eng.Disorders() {
		msg := fmt.Sprintf("%s: %d records came too long after later ones (more than %d records, or fewer large ones) and were read out of time order; sort the input by time", d.File, d.Records, heuristics.ReorderDepth)
		if m.late[d.File] {
			msg = fmt.Sprintf("%s: read out of time order (%d of its records): more than %d inputs overlap in time, and the ones past %d are read after the others; give fewer inputs at once, or merge them by time first", d.File, d.Records, maxReading, maxReading)
		}
		fmt.Fprintf(stderr, "authtriage: %s\n", msg)
		note(msg)
	}
	if n := eng.Duplicates(); n > 0 && !c.opts.quiet {
		fmt.Fprintf(stderr, "authtriage: %d runs were read twice (overlapping exports) and counted once\n", n)
	}
	defer func() {
		if err := findings.Close(); err != nil {
			fmt.Fprintf(stderr, "authtriage: removing the temporary file of findings: %v\n", err)
		}
	}()
	if err := eng.SpillError(); err != nil {
		fmt.Fprintf(stderr, "authtriage: keeping every finding in memory: %v\n", err)
	}
	in := reports.Input{
		Findings:   findings,
		Inputs:     stats,
		Errors:     errs,
		ErrorCount: errCount,
		Since:      c.since,
		Until:      c.until,
		Generated:  c.generated(),
		Stories:    eng.Stories(),
	}
	if c.opts.explain != "" {
		ex, ok := eng.Explain()
		if m := eng.ExplainMatches(); !ok && len(m) > 1 {
			fmt.Fprintf(stderr, "authtriage: --explain %q names %d connections, give more of one: %s\n", c.opts.explain, len(m), strings.Join(m, ", "))
			return exitUsage
		}
		if !ok {
			fmt.Fprintf(stderr, "authtriage: --explain %q: no such connection (known: %s)\n", c.opts.explain, knownConns(eng))
			return exitUsage
		}
		in.Explain = ex
	}
	rep := reports.Build(in)
	if c.opts.memProfile != "" {
		if err := writeHeapProfile(c.opts.memProfile); err != nil {
			fmt.Fprintf(stderr, "authtriage: %v\n", err)
		}
	}
	wo := reports.WriteOptions{Color: c.colorFor(stdout), Width: termWidth(stdout)}
	if c.opts.output == "" {
		if err := reports.Write(stdout, rep, c.format, wo); err != nil {
			fmt.Fprintf(stderr, "authtriage: writing the report: %v\n", err)
			return exitUsage
		}
	} else {
		if failed {
			fmt.Fprintf(stderr, "authtriage: %s: not replaced, because inputs failed\n", c.opts.output)
			return exitUsage
		}
		wo.Color = false
		a, err := createAtomic(c.opts.output)
		if err != nil {
			fmt.Fprintf(stderr, "authtriage: %v\n", err)
			return exitUsage
		}
		if err := reports.Write(a, rep, c.format, wo); err != nil {
			a.abort()
			fmt.Fprintf(stderr, "authtriage: writing the report: %v\n", err)
			return exitUsage
		}
		if err := a.commit(); err != nil {
			fmt.Fprintf(stderr, "authtriage: %v\n", err)
			return exitUsage
		}
	}
	if failed {
		return exitUsage
	}
	if c.failOn != nil && c.failOn.Met(rep) {
		fmt.Fprintf(stderr, "authtriage: --fail-on %s: met\n", c.opts.failOn)
		return exitFailOn
	}
	return exitOK
}

// generated is the report's "now": fixed by --now or SOURCE_DATE_EPOCH,
// left out otherwise so that two runs give the same bytes.
func (c *config) generated() time.Time {
	if c.opts.now != "" || os.Getenv("SOURCE_DATE_EPOCH") != "" {
		return c.now
	}
	return time.Time{}
}

func knownConns(eng *heuristics.Engine) string {
	cs := eng.Connections()
	if len(cs) > 10 {
		return fmt.Sprintf("%s, … %d in all", joinComma(cs[:10]), len(cs))
	}
	if len(cs) == 0 {
		return "none"
	}
	return joinComma(cs)
}

func joinComma(ss []string) string {
	var b bytes.Buffer
	for i, s := range ss {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	return b.String()
}

// atomicFile is a file written under a temporary name in the target's
// directory and renamed over it on commit, so a reader never sees half of
// it and a failed run leaves the old file in place.
type atomicFile struct {
	*os.File
	path string
}

func createAtomic(path string) (*atomicFile, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s: a directory, not a file", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &atomicFile{File: tmp, path: path}, nil
}

// commit syncs the temporary file and renames it over the target, keeping
// the target's permissions.
func (a *atomicFile) commit() error {
	err := a.Sync()
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		mode := os.FileMode(0o644)
		if fi, serr := os.Stat(a.path); serr == nil {
			mode = fi.Mode().Perm()
		}
		_ = os.Chmod(a.Name(), mode)
		err = os.Rename(a.Name(), a.path)
	}
	if err != nil {
		os.Remove(a.Name())
		return fmt.Errorf("%s: %w", a.path, err)
	}
	return nil
}

// abort removes the temporary file.
func (a *atomicFile) abort() {
	a.Close()
	os.Remove(a.Name())
}

// writeAtomic writes data to path through an atomicFile.
func writeAtomic(path string, data []byte) error {
	a, err := createAtomic(path)
	if err != nil {
		return err
	}
	if _, err := a.Write(data); err != nil {
		a.abort()
		return fmt.Errorf("%s: %w", path, err)
	}
	return a.commit()
}
