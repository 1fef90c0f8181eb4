package reports

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/authtriage/authtriage/heuristics"
)

// bigInput repeats the fixture's findings n times over conns connections
// and 60 days; 20000 findings on 200 connections is a busy month of
// Zapier logs.
func bigInput(n, conns int) Input {
	base := fixtureFindings()
	fs := make([]*heuristics.Finding, 0, n)
	for i := 0; len(fs) < n; i++ {
		f := *base[i%len(base)]
		f.Connection = fmt.Sprintf("%s-%d", f.Connection, i%conns)
		if !f.Time.IsZero() {
			f.Time = f.Time.Add(time.Duration(i%60) * 24 * time.Hour).Add(time.Duration(i) * time.Second)
		}
		f.Source.Line += i
		fs = append(fs, &f)
	}
	return fixtureInputOf(fs)
}

// countWriter counts the bytes written to it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// findingBytes is the size of in's findings as JSON lines: the bytes a
// Build benchmark turns into a report, for b.SetBytes.
func findingBytes(b *testing.B, in Input) int64 {
	var n countWriter
	if err := Write(&n, Build(in), FormatJSONL, WriteOptions{}); err != nil {
		b.Fatal(err)
	}
	return int64(n)
}

func BenchmarkBuild(b *testing.B) {
	for _, bc := range []struct {
		name          string
		findings, con int
	}{
		{"20k-findings-200-connections", 20000, 200},
		// Every finding on its own connection: the shape that made
		// grouping by connection quadratic.
		{"100k-findings-100k-connections", 100000, 100000},
	} {
		b.Run(bc.name, func(b *testing.B) {
			in := bigInput(bc.findings, bc.con)
			b.SetBytes(findingBytes(b, in))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				Build(in)
			}
		})
	}
}

func BenchmarkWrite(b *testing.B) {
	r := Build(bigInput(20000, 200))
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			var n countWriter
			if err := Write(&n, r, f, WriteOptions{}); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(n))
			for b.Loop() {
				if err := Write(io.Discard, r, f, WriteOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
