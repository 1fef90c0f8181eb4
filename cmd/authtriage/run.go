package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/authtriage/authtriage/parser"
	"github.com/authtriage/authtriage/reports"
)

// Exit statuses.
const (
	exitOK     = 0 // report written, --fail-on not met
	exitFailOn = 1 // report written, --fail-on met
	exitUsage  = 2 // bad flags, or an input missing, unreadable, in no supported format or with no usable record
)

// Limits of what is kept of errors.
const (
	// maxErrorsPerInput caps the record errors printed for one input: past
	// it the rest are counted, so a file of garbage cannot flood stderr.
	maxErrorsPerInput = 50
	// maxReportErrors caps the error messages carried into the report.
	maxReportErrors = 200
)

// options are the command-line flags.
type options struct {
	format      string
	formatSet   bool // -f was given
	output      string
	inputFormat string
	fields      []string
	since       string
	until       string
	now         string
	failOn      string
	failOnSet   bool // --fail-on was given, perhaps empty ("$SPEC" unset)
	explain     string
	noColor     bool
	quiet       bool
	maxRecord   int
	help        bool
	cpuProfile  string
	memProfile  string
	version     bool
}

const version = "0.1.0"

const usageHead = `authtriage reads HAR files, JSON-lines request traces, Zapier platform logs and
Zap run history, and explains why OAuth-backed integrations fail.

Usage:
  authtriage [flags] [PATH ...]      read files, directories (recursively) or - for stdin
  authtriage redact [-o OUT] [FILE]  write a copy with every secret replaced by its fingerprint

Flags:
`

const usageTail = `
Exit status: 0 report written; 1 report written and --fail-on met;
2 bad usage, or an input missing, unreadable, in no supported format or
with every record skipped as malformed (-o is then not replaced).
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stderr = messageWriter{stderr}
	if len(args) > 0 && args[0] == "redact" {
		return runRedact(args[1:], stdin, stdout, stderr)
	}
	var o options
	fset := pflag.NewFlagSet("authtriage", pflag.ContinueOnError)
	fset.SetOutput(io.Discard)
	fset.StringVarP(&o.format, "format", "f", "table", "output format: table, markdown, json, jsonl, csv, html (default: from -o's extension, else table)")
	fset.Lookup("format").DefValue = "" // the usage says the default; pflag's own `(default "table")` would contradict it
	fset.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` atomically instead of stdout; its extension (.html, .htm, .md, .markdown, .json, .jsonl, .ndjson, .csv, .txt) gives the format when -f does not, and must agree with -f when both do")
	fset.StringVar(&o.inputFormat, "input-format", "", "force the input `FORMAT` (har, har-jsonl, zapier-log, zapier-cli, otel, native, mapped, zap-runs, task-csv)")
	fset.StringArrayVar(&o.fields, "field", nil, "map a JSON log field: `NAME=PATH` (gjson path), e.g. status=res.code")
	fset.StringVar(&o.since, "since", "", "only failures at or after `WHEN`: RFC 3339 (no zone: UTC), a date, or a duration back from now (7d, 24h)")
	fset.StringVar(&o.until, "until", "", "only failures before `WHEN` (same forms as --since; a date means the end of that day)")
	fset.StringVar(&o.now, "now", "", "fix \"now\" for --since/--until (`RFC3339`); default $SOURCE_DATE_EPOCH, else the clock")
	fset.StringVar(&o.failOn, "fail-on", "", "exit 1 after writing the report when `SPEC` is met (revoked, expired:unrecovered>=5, any>=1)")
	fset.StringVar(&o.explain, "explain", "", "show `CONNECTION`'s full timeline, token lineage and reasoning")
	fset.BoolVar(&o.noColor, "no-color", false, "no colour in table output (also when NO_COLOR is set, or TERM=dumb)")
	fset.BoolVarP(&o.quiet, "quiet", "q", false, "do not print record errors (they are still counted in the report) or notes on skipped reports of authtriage's own")
	fset.IntVar(&o.maxRecord, "max-record-bytes", parser.DefaultMaxRecordBytes, "skip records larger than `N` bytes")
	fset.BoolVarP(&o.help, "help", "h", false, "show this help")
	fset.BoolVar(&o.version, "version", false, "print the version")
	fset.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile to `FILE` (for benchmarking)")
	fset.StringVar(&o.memProfile, "memprofile", "", "write a heap profile to `FILE` once the report is built (for benchmarking)")
	_ = fset.MarkHidden("cpuprofile")
	_ = fset.MarkHidden("memprofile")
	if err := fset.Parse(args); err != nil {
		fmt.Fprintf(stderr, "authtriage: %v\n", err)
		fmt.Fprintln(stderr, "(see authtriage --help)")
		return exitUsage
	}
	if o.help {
		fmt.Fprint(stdout, usageHead+fset.FlagUsages()+usageTail)
		return exitOK
	}
	if o.version {
		fmt.Fprintln(stdout, "authtriage "+version)
		return exitOK
	}
	o.failOnSet = fset.Changed("fail-on")
	o.formatSet = fset.Changed("format")
	cfg, err := configure(&o, fset.Args(), stdin)
	if err != nil {
		fmt.Fprintf(stderr, "authtriage: %v\n", err)
		return exitUsage
	}
	if o.cpuProfile != "" {
		stop, err := startProfile(o.cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "authtriage: %v\n", err)
			return exitUsage
		}
		defer stop()
	}
	return triage(cfg, stdin, stdout, stderr)
}

// config is what the flags resolve to.
type config struct {
	opts   options
	paths  []string
	format reports.Format
	parse  parser.Options
	since  time.Time
	until  time.Time
	now    time.Time
	failOn *reports.FailOn
	color  bool
	width  int
}

func configure(o *options, paths []string, stdin io.Reader) (*config, error) {
	c := &config{opts: *o, paths: paths}
	f, err := reports.ParseFormat(o.format)
	if err != nil {
		return nil, err
	}
	if ext, ok := formatOfPath(o.output); ok {
		switch {
		case !o.formatSet:
			f = ext
		case ext != f:
			// A cron line that names weekly.html but says -f markdown
			// would publish a page no browser lays out, with exit 0.
			return nil, fmt.Errorf("-o %s: its extension means --format %s, but --format %s was given; make them agree, or drop -f", o.output, ext, f)
		}
	}
	c.format = f
	if o.explain != "" && f == reports.FormatCSV {
		return nil, fmt.Errorf("--explain with --format csv: %w", reports.ErrCSVExplain)
	}
	if fi, err := os.Stat(o.output); o.output != "" && err == nil && fi.IsDir() {
		return nil, fmt.Errorf("-o %s: a directory; -o names the report's file", o.output)
	}
	if o.maxRecord < 1 {
		// (0 would read as the default in the parser, a negative number
		// as no cap at all: neither is what was asked.)
		return nil, fmt.Errorf("--max-record-bytes %d: give a size of at least 1 byte", o.maxRecord)
	}
	c.parse.MaxRecordBytes = o.maxRecord
	if o.inputFormat != "" {
		c.parse.Format = parser.Format(o.inputFormat)
		if !parser.KnownFormat(c.parse.Format) {
			return nil, fmt.Errorf("--input-format %q: not one of %s", o.inputFormat, strings.Join(formatNames(), ", "))
		}
	}
	if len(o.fields) > 0 {
		c.parse.Fields = map[string]string{}
		for _, fv := range o.fields {
			name, path, ok := strings.Cut(fv, "=")
			if !ok || name == "" || path == "" {
				return nil, fmt.Errorf("--field %q: want NAME=PATH", fv)
			}
			if !parser.ValidField(name) {
				return nil, fmt.Errorf("--field %q: NAME is one of %s", fv, strings.Join(parser.MappedFields(), ", "))
			}
			if err := parser.CheckFieldPath(path); err != nil {
				return nil, fmt.Errorf("--field %q: PATH %w", fv, err)
			}
			c.parse.Fields[name] = path
		}
	}
	c.now, err = resolveNow(o.now)
	if err != nil {
		return nil, err
	}
	if c.since, err = parseWhen(o.since, c.now, false); err != nil {
		return nil, fmt.Errorf("--since: %w", err)
	}
	if c.until, err = parseWhen(o.until, c.now, true); err != nil {
		return nil, fmt.Errorf("--until: %w", err)
	}
	if !c.since.IsZero() && !c.until.IsZero() && !c.until.After(c.since) {
		return nil, fmt.Errorf("--until %s (%s) is not after --since %s (%s)", o.until, c.until.Format(time.RFC3339), o.since, c.since.Format(time.RFC3339))
	}
	if o.failOnSet && strings.TrimSpace(o.failOn) == "" {
		// --fail-on "$SPEC" with SPEC unset: a job that never fails.
		return nil, errors.New("--fail-on: empty SPEC; give one such as revoked, expired:unrecovered>=5 or any>=1, or leave the flag out")
	}
	if o.failOn != "" {
		fo, err := reports.ParseFailOn(o.failOn)
		if err != nil {
			return nil, fmt.Errorf("--fail-on: %w", err)
		}
		c.failOn = &fo
	}
	if len(paths) == 0 {
		if isTerminal(stdin) {
			return nil, errors.New("no input: name a file or directory, or pipe one in (see authtriage --help)")
		}
		c.paths = []string{"-"}
	}
	return c, nil
}

func formatNames() []string {
	var out []string
	for _, f := range parser.Formats {
		out = append(out, string(f))
	}
	return out
}

// outputExts maps the extensions of -o that name a format to it.
var outputExts = map[string]reports.Format{
	".html": reports.FormatHTML, ".htm": reports.FormatHTML,
	".md": reports.FormatMarkdown, ".markdown": reports.FormatMarkdown,
	".json":  reports.FormatJSON,
	".jsonl": reports.FormatJSONL, ".ndjson": reports.FormatJSONL,
	".csv": reports.FormatCSV,
	".txt": reports.FormatTable,
}

// formatOfPath is the format path's extension names (case aside), and
// whether it names one.
func formatOfPath(path string) (reports.Format, bool) {
	if path == "" {
		return "", false
	}
	f, ok := outputExts[strings.ToLower(filepath.Ext(path))]
	return f, ok
}

// resolveNow fixes "now": --now, else SOURCE_DATE_EPOCH, else the clock.
func resolveNow(flag string) (time.Time, error) {
	if flag != "" {
		t, err := parseAbsolute(flag)
		if err != nil {
			return time.Time{}, fmt.Errorf("--now: %w", err)
		}
		return t, nil
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: not a number of seconds", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now().UTC(), nil
}

// parseWhen reads RFC 3339 (without a zone: UTC), a date, or a duration
// back from now (7d, 24h, 90m). A date is the start of that day, or with
// endOfDay (--until, whose bound is exclusive) the start of the next, so
// that --since 2026-03-09 --until 2026-03-09 is that one day.
func parseWhen(s string, now time.Time, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(dateLayout, s); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1)
		}
		return t.UTC(), nil
	}
	if t, err := parseAbsolute(s); err == nil {
		return t, nil
	}
	if d, err := parseAgo(s); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q: want RFC 3339 (2026-03-02T10:00:00Z; without a zone, UTC), a date (2026-03-02) or a duration (7d, 24h, 30m)", s)
}

// dateLayout is a bare date, as --since, --until and --now take it.
const dateLayout = "2006-01-02"

// absoluteLayouts are the times --since, --until and --now take besides
// RFC 3339: date-times without a zone, read as UTC as the parser reads an
// input's zone-less times, and a bare date.
var absoluteLayouts = []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04", dateLayout}

// parseAbsolute reads RFC 3339, a date-time without a zone (UTC) or a
// date (its start, UTC).
func parseAbsolute(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	for _, l := range absoluteLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: want RFC 3339 or a date", s)
}

// parseAgo reads a duration with a d (days) or w (weeks) unit besides Go's.
func parseAgo(s string) (time.Duration, error) {
	for _, u := range []struct {
		suffix string
		mult   time.Duration
	}{{"d", 24 * time.Hour}, {"w", 7 * 24 * time.Hour}} {
		unit, mult := u.suffix, u.mult
		if n, ok := strings.CutSuffix(s, unit); ok {
			v, err := strconv.ParseFloat(n, 64)
			if err != nil || v < 0 {
				return 0, fmt.Errorf("bad duration %q", s)
			}
			return time.Duration(v * float64(mult)), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("bad duration %q", s)
	}
	return d, nil
}

// input is one file to read, or stdin.
type input struct {
	path   string    // as given, or found under a directory
	walked bool      // found by walking a directory (unsupported formats are skipped, not errors)
	first  time.Time // its first record's time (see inTimeOrder); zero when unknown
	// newestFirst: its records go backwards in time, and first is its
	// oldest record's time (see inTimeOrder).
	newestFirst bool
}

// expand walks directories into the regular files below them, in lexical
// order. Symbolic links to files are followed; links to directories are
// not, so a link loop cannot trap the walk.
func expand(paths []string, stderr io.Writer) (ins []input, failed bool) {
	for _, p := range paths {
		if p == "-" {
			ins = append(ins, input{path: "-"})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			fmt.Fprintf(stderr, "authtriage: %s\n", describe(err))
			failed = true
			continue
		}
		if !fi.IsDir() {
			ins = append(ins, input{path: p})
			continue
		}
		var found []input
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fmt.Fprintf(stderr, "authtriage: %s\n", describe(err))
				failed = true
				return nil
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				fi, err := os.Stat(path)
				if err != nil || !fi.Mode().IsRegular() {
					fmt.Fprintf(stderr, "authtriage: %s: skipped: a link to something other than a regular file\n", path)
					return nil
				}
			} else if !mode.IsRegular() {
				fmt.Fprintf(stderr, "authtriage: %s: skipped: not a regular file\n", path)
				return nil
			}
			found = append(found, input{path: path, walked: true})
			return nil
		})
		if err != nil {
			fmt.Fprintf(stderr, "authtriage: %s: %v\n", p, err)
			failed = true
		}
		sort.Slice(found, func(i, j int) bool { return found[i].path < found[j].path })
		ins = append(ins, found...)
	}
	return ins, failed
}

// describe words a file error as "path: what".
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return pe.Path + ": no such file or directory"
		case errors.Is(err, fs.ErrPermission):
			return pe.Path + ": permission denied"
		}
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
