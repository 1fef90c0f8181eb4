package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir holds real exports from other projects (see its SOURCES.md);
// some carry old, already-public cookies and tokens.
const corpusDir = "../../../shared/corpus"

// corpusSecrets collects the credentials the real HAR files carry:
// Authorization credentials, cookie values and secret query values.
func corpusSecrets(t *testing.T) []string {
	var out []string
	files, _ := filepath.Glob(filepath.Join(corpusDir, "real-har", "*.har"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = []byte(strings.TrimPrefix(string(data), "\xef\xbb\xbf"))
		var doc struct {
			Log struct {
				Entries []struct {
					Request struct {
						URL     string `json:"url"`
						Headers []struct{ Name, Value string }
					} `json:"request"`
				} `json:"entries"`
			} `json:"log"`
		}
		if json.Unmarshal(data, &doc) != nil {
			continue // the deliberately broken files
		}
		for _, e := range doc.Log.Entries {
			for _, h := range e.Request.Headers {
				switch strings.ToLower(h.Name) {
				case "authorization":
					if _, cred, ok := strings.Cut(h.Value, " "); ok && len(cred) >= 12 {
						out = append(out, cred)
					}
				case "cookie":
					for _, c := range strings.Split(h.Value, ";") {
						if _, v, ok := strings.Cut(c, "="); ok && len(v) >= 16 {
							out = append(out, v)
						}
					}
				}
			}
			if u, err := url.Parse(e.Request.URL); err == nil {
				for k, vs := range u.Query() {
					if (k == "key" || k == "api_key" || k == "apikey" || k == "access_token") && len(vs[0]) >= 12 {
						out = append(out, vs[0])
					}
				}
			}
		}
	}
	return out
}

// TestCorpusNoSecret runs the real files through every format and checks
// that no credential they carry is printed.
func TestCorpusNoSecret(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("no corpus at " + corpusDir)
	}
	secrets := corpusSecrets(t)
	if len(secrets) < 3 {
		t.Fatalf("found only %d credentials in the corpus; the test would prove nothing", len(secrets))
	}
	for _, format := range []string{"table", "markdown", "json", "jsonl", "csv", "html"} {
		code, out, stderr := runCLI(t, "", "--format", format, corpusDir)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2 (the corpus holds two broken files)", format, code)
		}
		for _, s := range secrets {
			if strings.Contains(out+stderr, s) {
				t.Errorf("%s output holds a corpus credential %.12s…", format, s)
			}
		}
	}
	for _, f := range []string{"mitmproxy-chrome-timed_out.har", "mitmproxy-export-websocket.har", "mitmproxy-export-event_stream.har"} {
		_, out, _ := runCLI(t, "", "redact", filepath.Join(corpusDir, "real-har", f))
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("redact %s keeps a credential %.12s…", f, s)
			}
		}
		if !json.Valid([]byte(out)) {
			t.Errorf("redact %s: not valid JSON", f)
		}
	}
}
