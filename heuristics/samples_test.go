package heuristics

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/authtriage/authtriage/parser"
)

// samplesRoot returns the samples folder, skipping the test only when the
// folder itself is absent (a trimmed checkout). Anything short of that —
// a sample the parser reads nothing from — is a failure, not a skip.
func samplesRoot(t *testing.T) string {
	t.Helper()
	root := filepath.Join("..", "samples")
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		t.Skip("no samples folder")
	} else if err != nil {
		t.Fatal(err)
	}
	return root
}

// sampleFiles lists the input files under ../samples, sorted; it skips
// when the folder is absent.
func sampleFiles(t *testing.T) []string {
	t.Helper()
	root := samplesRoot(t)
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatalf("no sample files under %s", root)
	}
	sort.Strings(files)
	return files
}

// sampleOptions are the parser options a sample file needs: the mapped
// gateway log's --field mapping (samples/README.md).
func sampleOptions(name string) parser.Options {
	var opts parser.Options
	if strings.Contains(name, "gateway-mapped") {
		opts.Fields = gatewayFields
	}
	return opts
}

// readSample reads one sample file into fn.
func readSample(t *testing.T, name string, fn func(*parser.Event)) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := parser.Read(f, name, sampleOptions(name), fn, func(*parser.RecordError) {}); err != nil {
		t.Logf("%s: %v", name, err)
	}
}

// TestSamples reads every file under ../samples through the parser and the
// engine and checks the engine's promises on real inputs: every failed
// record gets a finding that points at it, with evidence and a fix, and
// the run is deterministic. It skips when the folder is absent.
func TestSamples(t *testing.T) {
	files := sampleFiles(t)
	read := func() ([]*parser.Event, []*Finding) {
		var evs []*parser.Event
		e := New(Config{})
		for _, name := range files {
			readSample(t, name, func(ev *parser.Event) {
				evs = append(evs, ev)
				e.Add(ev)
			})
		}
		return evs, all(e.Finish())
	}
	evs, findings := read()
	if len(evs) == 0 {
		t.Fatalf("the parser read no events from the %d sample files", len(files))
	}
	bySource := map[parser.Source]int{}
	causes := map[Cause]int{}
	for _, f := range findings {
		bySource[f.Source]++
		causes[f.Cause]++
		if len(f.Evidence) == 0 || f.Remediation == "" || f.Label == "" || f.Cause == "" {
			t.Errorf("%s: incomplete finding %+v", f.Source, f)
		}
		if cap(f.Evidence) != len(f.Evidence) {
			t.Errorf("%s: evidence slice holds %d spare entries", f.Source, cap(f.Evidence)-len(f.Evidence))
		}
		if f.Confidence <= 0 || f.Confidence > 1 {
			t.Errorf("%s: confidence %v", f.Source, f.Confidence)
		}
	}
	for _, ev := range evs {
		if failedEvent(ev) && bySource[ev.Source] == 0 {
			t.Errorf("%s: failed record (status %d) has no finding", ev.Source, ev.Status)
		}
	}
	var list []string
	for c, n := range causes {
		list = append(list, string(c)+"="+itoa(n))
	}
	sort.Strings(list)
	t.Logf("%d events, %d findings, %d causes: %s", len(evs), len(findings), len(causes), strings.Join(list, " "))
	_, again := read()
	if len(again) != len(findings) {
		t.Fatalf("second read gave %d findings, first %d", len(again), len(findings))
	}
	for i := range again {
		if again[i].Source != findings[i].Source || again[i].Cause != findings[i].Cause {
			t.Fatalf("finding %d differs between runs", i)
		}
	}
}
