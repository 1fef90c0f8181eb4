// Command authtriage reads HTTP traces and Zap run history offline and
// explains why OAuth-backed integrations fail: each failure gets a label, a
// cause, the evidence and the fix, then a report is written.
//
//	authtriage [flags] [PATH ...]
//	authtriage redact [-o OUT] [FILE|-]
package main

import (
	"os"
	"runtime/debug"
)

// softMemoryLimit asks the garbage collector to keep the memory of the Go
// runtime under 80 MiB unless GOMEMLIMIT says otherwise. The live data of a
// run is the state of the live connections plus the findings a rule may
// still change (the others go to a temporary file): under 45 MB on the
// benchmark's gigabyte. Without a limit the heap may grow to twice the live
// data between collections; measured on 1 GiB JSONL, 100 MiB gives 105-108
// MB peak RSS, 80 MiB 88 MB and 72 MiB 80 MB, all in the same time (5.5-6.2
// s): below the live data plus a margin the collector would run constantly.
const softMemoryLimit = 80 << 20

// gcPercent lets the heap grow to three times the live data between
// collections (GOGC=200) unless GOGC says otherwise: the soft limit above is
// what bounds memory, and while the live data is small collecting half as
// often is cheaper (200 MB JSONL: 29 collections and 3 % of the CPU in the
// collector instead of 63 and 7 %; 1 GiB stays limit-bound at 86 MiB).
const gcPercent = 200

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
