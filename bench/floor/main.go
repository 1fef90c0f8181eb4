// Command floor measures the least work a Go reader of JSONL can do for
// bench/run's jq filter, so the ratio authtriage reaches can be read
// against what is possible on the same machine at all.
//
//	floor [-valid] FILE.jsonl > out
//
// It reads lines into 1 MiB batches without a copy per line, hands them to
// GOMAXPROCS workers, and prints, in input order, what
// jq -c 'select(.response.status >= 400) | [.startedDateTime, .request.url, .response.status]'
// prints for each record: the three fields as written, taken with gjson.
// With -valid each record is first checked with gjson.ValidBytes, as any
// reader of untrusted input must; without it a malformed record may print
// garbage. There is no classification, redaction or report: authtriage
// does all of those on top of this.
//
// gjson is imported here only to measure that floor; authtriage itself
// reaches gjson through package parser alone.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/tidwall/gjson"
)

// batchBytes is how much input one batch holds before it is handed over.
const batchBytes = 1 << 20

// batch is a run of whole lines and the output they give, in order.
type batch struct {
	buf   []byte
	lines [][]byte
	out   []byte
	done  chan struct{}
}

func main() {
	valid := flag.Bool("valid", false, "check each record with gjson.ValidBytes first")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: floor [-valid] FILE.jsonl")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *valid, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(name string, valid bool, stdout io.Writer) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	work := make(chan *batch, 2*runtime.GOMAXPROCS(0))
	order := make(chan *batch, 2*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.out = filter(b.out[:0], b.lines, valid)
				close(b.done)
			}
		}()
	}
	pool := sync.Pool{New: func() any { return &batch{buf: make([]byte, 0, batchBytes+64<<10)} }}
	w := bufio.NewWriterSize(stdout, 1<<16)
	written := make(chan error, 1)
	go func() {
		var werr error
		for b := range order {
			<-b.done
			if werr == nil {
				_, werr = w.Write(b.out)
			}
			b.buf, b.lines = b.buf[:0], b.lines[:0]
			pool.Put(b)
		}
		if werr == nil {
			werr = w.Flush()
		}
		written <- werr
	}()
	r := bufio.NewReaderSize(f, batchBytes)
	b := pool.Get().(*batch)
	var rerr error
	for {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			rerr = fmt.Errorf("%s: a line is longer than %d bytes", name, batchBytes)
			break
		}
		if len(line) > 0 {
			if len(b.buf)+len(line) > cap(b.buf) {
				b = send(b, work, order, &pool)
			}
			start := len(b.buf)
			b.buf = append(b.buf, line...)
			b.lines = append(b.lines, b.buf[start:])
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			rerr = err
			break
		}
	}
	send(b, work, order, &pool)
	close(work)
	close(order)
	wg.Wait()
	if werr := <-written; rerr == nil {
		rerr = werr
	}
	return rerr
}

// send hands b to the workers and the writer and returns an empty batch.
func send(b *batch, work, order chan *batch, pool *sync.Pool) *batch {
	b.done = make(chan struct{})
	order <- b
	work <- b
	return pool.Get().(*batch)
}

// filter appends the jq filter's output for each of lines to out.
func filter(out []byte, lines [][]byte, valid bool) []byte {
	for _, line := range lines {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || valid && !gjson.ValidBytes(line) {
			continue
		}
		res := gjson.GetManyBytes(line, "startedDateTime", "request.url", "response.status")
		if res[2].Type != gjson.Number || res[2].Num < 400 {
			continue
		}
		out = append(out, '[')
		out = append(out, res[0].Raw...)
		out = append(out, ',')
		out = append(out, res[1].Raw...)
		out = append(out, ',')
		out = append(out, res[2].Raw...)
		out = append(out, "]\n"...)
	}
	return out
}
