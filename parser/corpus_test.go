package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// corpusDir holds real exports from other projects (see its SOURCES.md).
const corpusDir = "../../shared/corpus"

// corpusWant says what each real file must give: a number of events, or a
// rejection whose message contains the text.
var corpusWant = map[string]struct {
	minEvents int
	ignored   int
	skipped   int // records reported and skipped
	rejects   string
}{
	// Request-only HARs (k6 templates): every entry is reported as having
	// no response.
	"real-har/har-to-k6-minimal-binary-postdata.har": {skipped: 2},
	"real-har/har-to-k6-minimal-pseudo-headers.har":  {skipped: 1},
	"real-har/mitmproxy-corrupted-brokenfile.har":    {rejects: "not a HAR document"},
	"real-har/harviewer-not-json.har":                {rejects: "invalid HAR JSON: offset 110: expected ',' or '}' between object members"},
	"real-har/mitmproxy-chrome-timed_out.har":        {minEvents: 33},
	"real-har/mitmproxy-har_files-safari.har":        {minEvents: 19},
	"real-har/harviewer-ie11-network-inspector.har":  {minEvents: 25},
	"real-jsonl/otel-proto-example-trace.otlp.json":  {ignored: 1}, // one span, not an HTTP one
	"real-jsonl/crowdsec-aws-alb-NOT-JSON.log":       {rejects: "not a supported format"},
	// Access logs of web servers: JSON, but not request traces authtriage
	// knows without --field mappings; the message names their keys.
	"real-jsonl/crowdsec-caddy-access.jsonl":                  {rejects: "no supported shape (keys: level, ts, logger, msg, request"},
	"real-jsonl/crowdsec-caddy-access-401-basic-auth.jsonl":   {rejects: "no supported shape (keys: level, ts, logger, msg, request"},
	"real-jsonl/crowdsec-envoy-access-cri-prefixed.log":       {rejects: "not a supported format"},
	"real-jsonl/crowdsec-gitlab-production_json-signin.jsonl": {rejects: "no supported shape (keys: method, path, format"},
	"real-jsonl/crowdsec-traefik-access.jsonl":                {rejects: "no supported shape (keys: ClientAddr"},
}

// TestCorpus reads every real file: each is parsed or rejected with a clear
// message, without a panic or a hang.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*", "*"))
	if len(files) == 0 {
		t.Skip("no corpus at " + corpusDir)
	}
	for _, path := range files {
		rel, _ := filepath.Rel(corpusDir, path)
		t.Run(rel, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			start := time.Now()
			var events, bad int
			st, err := Read(f, rel, Options{}, func(e *Event) { events++ }, func(e *RecordError) {
				bad++
				if !strings.HasPrefix(e.Error(), rel) {
					t.Errorf("record error %q does not start with the file name", e)
				}
			})
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			w := corpusWant[rel]
			t.Logf("format=%s events=%d skipped=%d ignored=%d err=%v", st.Format, events, bad, st.Ignored, err)
			if w.rejects != "" {
				if err == nil || !strings.Contains(err.Error(), w.rejects) {
					t.Errorf("error = %v, want one containing %q", err, w.rejects)
				}
				return
			}
			if bad != w.skipped {
				t.Errorf("%d records skipped, want %d", bad, w.skipped)
			}
			if err != nil || events == 0 && w.ignored == 0 && w.skipped == 0 {
				t.Errorf("read nothing: %d events, err %v", events, err)
			}
			if st.Ignored != w.ignored {
				t.Errorf("%d records ignored, want %d", st.Ignored, w.ignored)
			}
			if events < w.minEvents {
				t.Errorf("%d events, want at least %d", events, w.minEvents)
			}
			if st.Records != events || st.Skipped != bad {
				t.Errorf("stats %+v disagree with %d events, %d skipped", st, events, bad)
			}
		})
	}
}
