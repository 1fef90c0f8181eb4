package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// redactInputs are the files TestRedactKeepsFindings redacts: every
// sample, the parser's redaction inputs (the shapes a copy lost before:
// Basic client ids, cookie sessions, API-key headers, short page
// tokens), and the real corpus when it is there.
func redactInputs(t *testing.T) []string {
	var files []string
	for _, g := range []string{"../../samples/*/*", "../../parser/testdata/redact/*"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if _, err := os.Stat(corpusDir); err == nil {
		filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files = append(files, p)
			}
			return nil
		})
	} else {
		t.Log("no corpus at " + corpusDir + ": samples and testdata only")
	}
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".md") {
			out = append(out, f)
		}
	}
	return out
}

// gatewayFields read samples/jsonl/gateway-mapped.jsonl (samples/README.md).
var gatewayFields = []string{"--field", "time=ts", "--field", "method=req.method", "--field", "url=req.uri",
	"--field", "request_headers=req.headers", "--field", "status=res.code", "--field", "response_headers=res.headers",
	"--field", "response_body=res.body", "--field", "duration_ms=latency_ms", "--field", "connection=tenant"}

// TestRedactKeepsFindings redacts each input and checks what the README
// promises: the copy gives the same findings as the original, every field
// of every finding byte for byte — connections, fingerprints, cursors and
// evidence included — and redacting the copy again changes nothing.
// Both are read from standard input, so their findings name the same
// file; nothing differs by design.
func TestRedactKeepsFindings(t *testing.T) {
	files := redactInputs(t)
	if len(files) < 15 {
		t.Fatalf("only %d inputs found", len(files))
	}
	compared := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code, red, stderr := runCLI(t, string(data), "redact")
		if code != 0 {
			// A broken file's copy leaves records out: nothing promised.
			t.Logf("%s: redact exit %d: %.200s", f, code, stderr)
			continue
		}
		if _, again, _ := runCLI(t, red, "redact"); again != red {
			t.Errorf("%s: redacting the copy again changed it", f)
		}
		args := []string{"--format", "jsonl", "--quiet", "--now", "2026-04-01T00:00:00Z"}
		if strings.Contains(f, "gateway-mapped") {
			args = append(args, gatewayFields...)
		}
		_, a, _ := runCLI(t, string(data), args...)
		_, b, _ := runCLI(t, red, args...)
		compared++
		if a == b {
			continue
		}
		la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
		for i := range max(len(la), len(lb)) {
			x, y := nth(la, i), nth(lb, i)
			if x != y {
				t.Errorf("%s: finding %d differs after redaction:\n orig %s\n copy %s", f, i+1, x, y)
				break
			}
		}
	}
	if compared < 15 {
		t.Errorf("only %d inputs compared", compared)
	}
}

func nth(ls []string, i int) string {
	if i < len(ls) {
		return ls[i]
	}
	return "(none)"
}
