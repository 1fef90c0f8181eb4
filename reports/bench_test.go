package reports

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/authtriage/authtriage/heuristics"
)

// bigInput repeats the fixture's findings n times over 200 connections and
// 60 days, the size of a busy month of Zapier logs.
func bigInput(n int) Input {
	in := fixtureInput()
	base := in.Findings
	in.Findings = make([]heuristics.Finding, 0, n)
	for i := 0; len(in.Findings) < n; i++ {
		f := base[i%len(base)]
		f.Connection = fmt.Sprintf("%s-%d", f.Connection, i%200)
		if !f.Time.IsZero() {
			f.Time = f.Time.Add(time.Duration(i%60) * 24 * time.Hour).Add(time.Duration(i) * time.Second)
		}
		f.Source.Line += i
		in.Findings = append(in.Findings, f)
	}
	return in
}

func BenchmarkBuild(b *testing.B) {
	in := bigInput(20000)
	b.ResetTimer()
	for b.Loop() {
		Build(in)
	}
}

func BenchmarkWrite(b *testing.B) {
	r := Build(bigInput(20000))
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				if err := Write(io.Discard, r, f, WriteOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
