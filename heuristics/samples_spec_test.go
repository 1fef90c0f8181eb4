package heuristics

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/authtriage/authtriage/parser"
)

// specRow is one expected finding from the tables of samples/README.md.
type specRow struct {
	label, cause string
	recovered    string // "yes", "no" or "–" (not asserted)
}

// Patterns of samples/README.md: a "### `file`" heading per file, then
// rows "| pos | time | request | status | `label` | `cause` | rec | why |".
var (
	specFile = regexp.MustCompile("^### `([^`]+)`")
	specRowR = regexp.MustCompile("^\\| *(\\d+) *\\|[^|]*\\|[^|]*\\|[^|]*\\| `([^`]+)` \\| `([^`]+)` \\| *([^ |]*) *\\|")
)

// gatewayFields is the --field mapping samples/README.md gives for the
// custom gateway log.
var gatewayFields = map[string]string{
	"time": "ts", "method": "req.method", "url": "req.uri", "request_headers": "req.headers",
	"status": "res.code", "response_headers": "res.headers", "response_body": "res.body",
	"duration_ms": "latency_ms", "connection": "tenant",
}

// TestSamplesSpec reads each sample file alone and checks its findings
// against the expectations tabled in samples/README.md: the records that
// fail, with which label, cause and (where asserted) recovery; every other
// record gets no finding.
func TestSamplesSpec(t *testing.T) {
	readme := filepath.Join(samplesRoot(t), "README.md")
	f, err := os.Open(readme)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	spec := map[string]map[int][]specRow{}
	var files []string
	file := ""
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if m := specFile.FindStringSubmatch(sc.Text()); m != nil {
			file = m[1]
			spec[file] = map[int][]specRow{}
			files = append(files, file)
			continue
		}
		if m := specRowR.FindStringSubmatch(sc.Text()); m != nil && file != "" {
			n, _ := strconv.Atoi(m[1])
			spec[file][n] = append(spec[file][n], specRow{m[2], m[3], m[4]})
		}
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			in, err := os.Open(filepath.Join("..", "samples", name))
			if err != nil {
				t.Fatalf("a sample samples/README.md tables is missing: %v", err)
			}
			defer in.Close()
			opts := parser.Options{}
			if strings.Contains(name, "gateway-mapped") {
				opts.Fields = gatewayFields
			}
			e := New(Config{})
			sources := map[parser.Source]bool{}
			n := 0
			parser.Read(in, name, opts, func(ev *parser.Event) {
				sources[ev.Source] = true
				n++
				e.Add(ev)
			}, func(*parser.RecordError) {})
			if n == 0 {
				t.Fatal("the parser read no records")
			}
			if len(sources) < n {
				t.Fatalf("the parser gave %d records only %d distinct positions; findings cannot be matched to rows", n, len(sources))
			}
			got := map[int][]*Finding{}
			for _, f := range all(e.Finish()) {
				p := f.Source.Index
				if f.Source.Line > 0 {
					p = f.Source.Line
				}
				got[p] = append(got[p], f)
			}
			var pos []int
			for p := range got {
				pos = append(pos, p)
			}
			for p := range spec[name] {
				if _, ok := got[p]; !ok {
					pos = append(pos, p)
				}
			}
			sort.Ints(pos)
			for _, p := range pos {
				want, have := spec[name][p], got[p]
				// A record's findings come in report order (label, then
				// cause); the table lists the primary one first.
				want = slices.Clone(want)
				slices.SortStableFunc(want, func(a, b specRow) int {
					return cmp.Or(cmp.Compare(rankOf(Label(a.label)), rankOf(Label(b.label))), cmp.Compare(a.cause, b.cause))
				})
				if len(want) != len(have) {
					t.Errorf("%d: want %d finding(s) %v, got %s", p, len(want), want, dump(have))
					continue
				}
				for i, w := range want {
					h := have[i]
					if string(h.Label) != w.label || string(h.Cause) != w.cause {
						t.Errorf("%d: want %s/%s, got %s/%s (%s)", p, w.label, w.cause, h.Label, h.Cause, strings.Join(h.Evidence, " | "))
					}
					if (w.recovered == "yes") != h.Recovered && w.recovered != "–" {
						t.Errorf("%d: %s/%s recovered = %v, want %s", p, h.Label, h.Cause, h.Recovered, w.recovered)
					}
				}
			}
		})
	}
}

// TestSamplesTogether checks that reading the whole samples folder at once
// gives every file the findings it gets alone: no connection is made
// across files from host names, and inputs' clocks do not interfere.
func TestSamplesTogether(t *testing.T) {
	files := sampleFiles(t)
	summary := func(fs []*Finding) map[string][]string {
		m := map[string][]string{}
		for _, f := range fs {
			m[f.Source.String()] = append(m[f.Source.String()], fmt.Sprintf("%s/%s recovered=%v", f.Label, f.Cause, f.Recovered))
		}
		return m
	}
	read := func(e *Engine, name string) { readSample(t, name, e.Add) }
	alone := map[string][]string{}
	for _, name := range files {
		e := New(Config{})
		read(e, name)
		for k, v := range summary(all(e.Finish())) {
			alone[k] = v
		}
	}
	e := New(Config{})
	for _, name := range files {
		read(e, name)
	}
	together := summary(all(e.Finish()))
	var keys []string
	for k := range alone {
		keys = append(keys, k)
	}
	for k := range together {
		if _, ok := alone[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !reflect.DeepEqual(alone[k], together[k]) {
			t.Errorf("%s: alone %v, together %v", k, alone[k], together[k])
		}
	}
}
