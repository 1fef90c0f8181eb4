package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/authtriage/authtriage/parser"
)

const redactUsage = `Usage: authtriage redact [-o OUT] [FILE|-]

Writes FILE (or standard input) back with every secret replaced by its
fingerprint (redacted:<fp>) and JWT signatures replaced, and nothing else
changed, so the copy parses and gives the same findings with the same
fingerprints (a Basic credential keeps its user, cookies their names).
Use it before attaching a customer's file to a ticket.

Flags:
`

// runRedact is the redact subcommand.
func runRedact(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := pflag.NewFlagSet("authtriage redact", pflag.ContinueOnError)
	fset.SetOutput(io.Discard)
	outPath := fset.StringP("output", "o", "", "write to `OUT` atomically instead of stdout")
	inputFormat := fset.String("input-format", "", "force the input `FORMAT`")
	help := fset.BoolP("help", "h", false, "show this help")
	if err := fset.Parse(args); err != nil {
		fmt.Fprintf(stderr, "authtriage redact: %v\n", err)
		return exitUsage
	}
	if *help {
		fmt.Fprint(stdout, redactUsage+fset.FlagUsages())
		return exitOK
	}
	if fset.NArg() > 1 {
		fmt.Fprintln(stderr, "authtriage redact: one input at a time")
		return exitUsage
	}
	name, r := stdinName, stdin
	if fset.NArg() == 1 && fset.Arg(0) != "-" {
		f, err := os.Open(fset.Arg(0))
		if err != nil {
			fmt.Fprintf(stderr, "authtriage redact: %s\n", describe(err))
			return exitUsage
		}
		defer f.Close()
		name, r = fset.Arg(0), f
	} else if isTerminal(stdin) {
		fmt.Fprintln(stderr, "authtriage redact: no input: name a file or pipe one in")
		return exitUsage
	}
	opts := parser.Options{Format: parser.Format(*inputFormat)}
	left := 0
	bad := func(e *parser.RecordError) {
		left++
		fmt.Fprintf(stderr, "authtriage redact: %s\n", e)
	}
	var out io.Writer = stdout
	var a *atomicFile
	if *outPath != "" {
		// Streamed into a temporary file, renamed when whole: a failed run
		// leaves no half-redacted file and the copy is never held in memory.
		var err error
		if a, err = createAtomic(*outPath); err != nil {
			fmt.Fprintf(stderr, "authtriage redact: %v\n", err)
			return exitUsage
		}
		out = a
	}
	if _, err := parser.Redact(r, name, out, opts, bad); err != nil {
		if a != nil {
			a.abort()
			fmt.Fprintf(stderr, "authtriage redact: %s: %v; %s not written\n", name, err, *outPath)
		} else {
			fmt.Fprintf(stderr, "authtriage redact: %s: %v\n", name, err)
		}
		return exitUsage
	}
	if a != nil {
		if err := a.commit(); err != nil {
			fmt.Fprintf(stderr, "authtriage redact: %v\n", err)
			return exitUsage
		}
	}
	if left > 0 {
		fmt.Fprintf(stderr, "authtriage redact: %s: %d records left out of the copy\n", name, left)
		return exitUsage
	}
	return exitOK
}
