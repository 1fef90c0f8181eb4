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

// softMemoryLimit asks the garbage collector to keep the heap under 100 MiB
// unless GOMEMLIMIT says otherwise. The live data of a run is connection
// state plus findings (about 0.7 KB each): tens of MB on the benchmark's
// gigabyte. Without a limit the heap grows to twice the live data between
// collections (230 MB peak on 1 GiB); with it peak RSS is 121 MB for 10%
// more time. A lower limit (80 MiB) saved nothing and made the collector
// run constantly once the findings alone approached it (1.7x the time).
const softMemoryLimit = 100 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
