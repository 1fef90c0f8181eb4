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

// softMemoryLimit asks the garbage collector to keep the heap under 80 MiB
// unless GOMEMLIMIT says otherwise: the live data of a run (connection state
// and findings) is a few tens of MB even on gigabytes of input, and without
// a limit the heap would grow to twice the live data between collections.
const softMemoryLimit = 80 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
