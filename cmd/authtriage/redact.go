package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/authtriage/authtriage/parser"
)

const redactUsage = `Usage: authtriage redact [-o OUT] [FILE|-]

Writes FILE (or standard input) back with every secret replaced by its
fingerprint (redacted:<fp>), cookie values emptied and JWT signatures
replaced, and nothing else changed, so the copy parses and gives the same
findings. Use it before attaching a customer's file to a ticket.

Flags:
`

// runRedact is the redact subcommand.
func runRedact(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := pflag.NewFlagSet("authtriage redact", pflag.ContinueOnError)
	fset.SetOutput(io.Discard)
	out := fset.StringP("output", "o", "", "write to `OUT` atomically instead of stdout")
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
	bad := func(e *parser.RecordError) { fmt.Fprintf(stderr, "authtriage redact: %s\n", e) }
	if *out == "" {
		_, err := parser.Redact(r, name, stdout, opts, bad)
		if err != nil {
			fmt.Fprintf(stderr, "authtriage redact: %s: %v\n", name, err)
			return exitUsage
		}
		return exitOK
	}
	// Written whole, then renamed: a failed run leaves no half-redacted file.
	var buf bytes.Buffer
	if _, err := parser.Redact(r, name, &buf, opts, bad); err != nil {
		fmt.Fprintf(stderr, "authtriage redact: %s: %v; %s not written\n", name, err, *out)
		return exitUsage
	}
	if err := writeAtomic(*out, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "authtriage redact: %v\n", err)
		return exitUsage
	}
	return exitOK
}
