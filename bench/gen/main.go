// Command gen writes N MB of realistic OAuth API traffic for the authtriage
// benchmark: many connections interleaved, each active for a while and then
// idle forever, with failures of every label mixed in (expired, revoked,
// invalid, scope, webhook-400, pagination-gap, rate-limited, server-error,
// other). The output is deterministic for a seed and streamed: a HAR document
// is written entry by entry, never built in memory.
//
//	go run ./bench/gen -format jsonl -mb 200 -o bench/out/traffic.jsonl
//	go run ./bench/gen -format har -mb 200 -o bench/out/traffic.har -seed 7
//
// JSONL output is one HAR entry object per line, so
//
//	jq -c 'select(.response.status >= 400) | [.startedDateTime, .request.url, .response.status]'
//
// works on it as it would on the entries of the HAR output.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// mebibyte is the unit of -mb: sizes are counted in bytes written.
const mebibyte = 1 << 20

// writeBufferSize is the bufio buffer in front of the output: large enough
// that writes are a few syscalls per MB, small enough to be irrelevant to RSS.
const writeBufferSize = 1 << 20

// Config is what one generator run produces. The zero value is not useful;
// run fills it from flags.
type Config struct {
	Format string  // "jsonl" or "har"
	MB     float64 // output size in MiB; generation stops at the first record past it
	Seed   uint64  // same seed, same bytes
	Live   int     // connections active at any time
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	var out string
	fs.StringVar(&cfg.Format, "format", "jsonl", "output `format`: jsonl (one HAR entry per line) or har (one HAR 1.2 document)")
	fs.Float64Var(&cfg.MB, "mb", 10, "output size in `MiB`")
	fs.StringVar(&out, "o", "-", "output `file` (- for standard output)")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random `seed`; the same seed gives the same output")
	fs.IntVar(&cfg.Live, "live", 300, "connections active at a time")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if cfg.Format != "jsonl" && cfg.Format != "har" {
		fmt.Fprintf(stderr, "gen: -format must be jsonl or har, not %q\n", cfg.Format)
		return 2
	}
	if cfg.MB <= 0 || cfg.Live <= 0 {
		fmt.Fprintln(stderr, "gen: -mb and -live must be positive")
		return 2
	}

	w := stdout
	var f *os.File
	if out != "-" {
		var err error
		if f, err = os.Create(out); err != nil {
			fmt.Fprintf(stderr, "gen: %v\n", err)
			return 1
		}
		w = f
	}
	bw := bufio.NewWriterSize(w, writeBufferSize)
	_, err := Generate(bw, cfg)
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "gen: %s: %v\n", out, err)
		return 1
	}
	return 0
}

// Generate writes cfg.MB MiB of traffic to w and returns the number of
// records written.
func Generate(w io.Writer, cfg Config) (int, error) {
	g := newGenerator(cfg.Seed, cfg.Live)
	limit := int64(cfg.MB * mebibyte)
	var written int64
	put := func(b []byte) error {
		n, err := w.Write(b)
		written += int64(n)
		return err
	}
	har := cfg.Format == "har"
	if har {
		if err := put([]byte(harHead)); err != nil {
			return 0, err
		}
	}
	var buf []byte
	records := 0
	for written < limit {
		x := g.next()
		buf = buf[:0]
		if har && records > 0 {
			buf = append(buf, ",\n"...)
		}
		buf = appendEntry(buf, x)
		if !har {
			buf = append(buf, '\n')
		}
		if err := put(buf); err != nil {
			return records, err
		}
		records++
	}
	if har {
		if err := put([]byte(harTail)); err != nil {
			return records, err
		}
	}
	return records, nil
}

const (
	harHead = `{"log":{"version":"1.2","creator":{"name":"authtriage-bench-gen","version":"1"},"pages":[],"entries":[` + "\n"
	harTail = "\n]}}\n"
)
