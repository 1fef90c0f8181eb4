// Command authtriage reads HTTP traces and Zap run history offline and
// explains why OAuth-backed integrations fail: each failure gets a label, a
// cause, the evidence and the fix, then a report is written.
//
//	authtriage [flags] [PATH ...]
//	authtriage redact [-o OUT] [FILE|-]
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
