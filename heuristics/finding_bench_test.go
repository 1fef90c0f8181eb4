package heuristics

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/authtriage/authtriage/parser"
)

// benchTrafficMB is the size of generated traffic the memory benchmark
// reads: enough connections come and go for the findings to dominate.
const benchTrafficMB = "50"

// benchTraffic returns realistic generated JSONL traffic: the file named by
// AUTHTRIAGE_BENCH_JSONL, else benchTrafficMB MiB from bench/gen.
func benchTraffic(b *testing.B) []byte {
	b.Helper()
	name := os.Getenv("AUTHTRIAGE_BENCH_JSONL")
	if name == "" {
		name = filepath.Join(b.TempDir(), "traffic.jsonl")
		cmd := exec.Command("go", "run", "../bench/gen", "-format", "jsonl", "-mb", benchTrafficMB, "-o", name)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Skipf("cannot generate traffic with bench/gen: %v\n%s", err, out)
		}
	}
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkFindingMemory reads realistic traffic through the parser into
// the engine, every finding held in memory (no spill), and reports what
// each finding costs on the heap while held (bytes/finding: the heap the
// findings alone keep alive, over their number): what a finding pinned by
// its connection costs, and what all of them would without the spill.
func BenchmarkFindingMemory(b *testing.B) {
	data := benchTraffic(b)
	b.SetBytes(int64(len(data)))
	var perFinding float64
	var n int
	for b.Loop() {
		e := New(Config{SpillAbove: -1})
		if _, err := parser.Read(bytes.NewReader(data), "traffic.jsonl", parser.Options{}, e.Add, func(*parser.RecordError) {}); err != nil {
			b.Fatal(err)
		}
		fs := all(e.Finish())
		e = nil
		// The findings' cost is the heap they alone keep alive: measured
		// with them, then without them, after everything else is freed
		// (two collections: sync.Pool buffers survive the first).
		var with, without runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&with)
		n = len(fs)
		if n == 0 {
			b.Fatal("no findings")
		}
		runtime.KeepAlive(fs)
		fs = nil
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&without)
		perFinding = float64(int64(with.HeapAlloc)-int64(without.HeapAlloc)) / float64(n)
	}
	b.ReportMetric(perFinding, "bytes/finding")
	b.ReportMetric(float64(n), "findings")
}
