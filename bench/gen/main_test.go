package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"strings"
	"testing"
)

// update is accepted so that `go test ./... -update` works across the
// module; this package has no golden files.
var update = flag.Bool("update", false, "regenerate golden files (none in this package)")

// entry is the part of a HAR entry the tests look at.
type entry struct {
	StartedDateTime string `json:"startedDateTime"`
	Request         struct {
		Method   string `json:"method"`
		URL      string `json:"url"`
		PostData *struct {
			Text string `json:"text"`
		} `json:"postData"`
	} `json:"request"`
	Response struct {
		Status  int `json:"status"`
		Headers []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"headers"`
		Content struct {
			Text string `json:"text"`
		} `json:"content"`
	} `json:"response"`
}

func generate(t testing.TB, format string, mb float64, seed uint64) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	n, err := Generate(&buf, Config{Format: format, MB: mb, Seed: seed, Live: 300})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return buf.Bytes(), n
}

func readLines(t *testing.T, data []byte) []entry {
	t.Helper()
	var out []entry
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if !json.Valid(sc.Bytes()) {
			t.Fatalf("line %d is not valid JSON: %.200s", line, sc.Bytes())
		}
		var e entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJSONLIsOneHAREntryPerLine(t *testing.T) {
	data, n := generate(t, "jsonl", 2, 1)
	if len(data) < 2<<20 {
		t.Errorf("wrote %d bytes, want at least 2 MiB", len(data))
	}
	entries := readLines(t, data)
	if len(entries) != n {
		t.Errorf("%d lines, Generate reported %d records", len(entries), n)
	}
	prev := ""
	for i, e := range entries {
		if e.StartedDateTime == "" || e.Request.URL == "" || e.Request.Method == "" {
			t.Fatalf("line %d lacks startedDateTime, method or url", i+1)
		}
		if !strings.HasPrefix(e.StartedDateTime, "2026-") || !strings.HasSuffix(e.StartedDateTime, "Z") {
			t.Fatalf("line %d: startedDateTime %q is not a 2026 UTC time", i+1, e.StartedDateTime)
		}
		if e.StartedDateTime < prev {
			t.Fatalf("line %d: time goes back from %s to %s", i+1, prev, e.StartedDateTime)
		}
		prev = e.StartedDateTime
	}
	if avg := len(data) / n; avg < 1200 || avg > 2000 {
		t.Errorf("average record is %d bytes, want about 1.5 KB", avg)
	}
}

func TestHARIsOneValidDocument(t *testing.T) {
	data, n := generate(t, "har", 2, 1)
	var doc struct {
		Log struct {
			Version string  `json:"version"`
			Entries []entry `json:"entries"`
		} `json:"log"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("HAR does not decode: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Errorf("data after the HAR document (err %v)", err)
	}
	if doc.Log.Version != "1.2" {
		t.Errorf("log.version = %q, want 1.2", doc.Log.Version)
	}
	if len(doc.Log.Entries) != n {
		t.Errorf("%d entries, Generate reported %d", len(doc.Log.Entries), n)
	}
	// The HAR's entries are the JSONL's lines, record for record.
	lines, _ := generate(t, "jsonl", 2, 1)
	first := readLines(t, lines)[:50]
	for i := range first {
		a, _ := json.Marshal(first[i])
		b, _ := json.Marshal(doc.Log.Entries[i])
		if !bytes.Equal(a, b) {
			t.Fatalf("entry %d differs from line %d:\n%s\n%s", i, i+1, a, b)
		}
	}
}

func TestDeterministicBySeed(t *testing.T) {
	for _, format := range []string{"jsonl", "har"} {
		a, _ := generate(t, format, 1, 42)
		b, _ := generate(t, format, 1, 42)
		c, _ := generate(t, format, 1, 43)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: same seed, different output", format)
		}
		if bytes.Equal(a, c) {
			t.Errorf("%s: different seeds, same output", format)
		}
	}
}

// TestEveryLabelOccurs checks that the traffic holds the raw signals of
// every label authtriage assigns.
func TestEveryLabelOccurs(t *testing.T) {
	data, _ := generate(t, "jsonl", 12, 1)
	entries := readLines(t, data)
	isToken := func(e *entry) bool {
		return e.Request.PostData != nil && strings.Contains(e.Request.PostData.Text, "grant_type=refresh_token") ||
			e.Request.PostData != nil && strings.Contains(e.Request.PostData.Text, `"grant_type":"refresh_token"`)
	}
	hasHeader := func(e *entry, name string) bool {
		for _, h := range e.Response.Headers {
			if strings.EqualFold(h.Name, name) {
				return true
			}
		}
		return false
	}
	checks := []struct {
		label string
		match func(e *entry) bool
	}{
		{"expired (401 past lifetime)", func(e *entry) bool {
			return e.Response.Status == 401 && !isToken(e) && strings.Contains(strings.ToLower(e.Response.Content.Text), "expired")
		}},
		{"expired (nonstandard 403/200)", func(e *entry) bool {
			return (e.Response.Status == 403 || e.Response.Status == 200) &&
				(strings.Contains(e.Response.Content.Text, "TOKEN_EXPIRED") || strings.Contains(e.Response.Content.Text, `"token_expired"`))
		}},
		{"revoked (refresh refused)", func(e *entry) bool {
			return isToken(e) && (strings.Contains(e.Response.Content.Text, "invalid_grant") || strings.Contains(e.Response.Content.Text, "BAD_REFRESH_TOKEN"))
		}},
		{"revoked (token rejected early)", func(e *entry) bool {
			return e.Response.Status == 401 && strings.Contains(e.Response.Content.Text, "The access token is invalid.")
		}},
		{"invalid (client refused)", func(e *entry) bool {
			return isToken(e) && (strings.Contains(e.Response.Content.Text, "invalid_client") || strings.Contains(e.Response.Content.Text, "BAD_CLIENT_ID"))
		}},
		{"scope", func(e *entry) bool {
			return e.Response.Status == 403 && hasHeader(e, "WWW-Authenticate") && !strings.Contains(e.Response.Content.Text, "TOKEN_EXPIRED")
		}},
		{"webhook-400", func(e *entry) bool {
			return e.Response.Status == 400 && (strings.Contains(e.Request.URL, "hooks.zapier.com/hooks/catch/") || strings.HasSuffix(e.Request.URL, "/webhook"))
		}},
		{"pagination-gap (has_more)", func(e *entry) bool {
			return e.Response.Status == 200 && strings.Contains(e.Response.Content.Text, `"has_more":true`)
		}},
		{"rate-limited", func(e *entry) bool { return e.Response.Status == 429 && hasHeader(e, "Retry-After") }},
		{"server-error (5xx)", func(e *entry) bool { return e.Response.Status >= 500 }},
		{"server-error (status 0)", func(e *entry) bool { return e.Response.Status == 0 }},
		{"other (404)", func(e *entry) bool { return e.Response.Status == 404 }},
	}
	for _, c := range checks {
		n := 0
		for i := range entries {
			if c.match(&entries[i]) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s: no record in %d", c.label, len(entries))
		}
	}
	failed := 0
	for i := range entries {
		if s := entries[i].Response.Status; s >= 400 || s == 0 {
			failed++
		}
	}
	if share := float64(failed) / float64(len(entries)); share < 0.03 || share > 0.2 {
		t.Errorf("%.1f%% of records failed, want a realistic 3-20%%", 100*share)
	}
}

func TestRunFlags(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"-format", "xml"}, 2, `gen: -format must be jsonl or har, not "xml"`},
		{[]string{"-mb", "0"}, 2, "gen: -mb and -live must be positive"},
		{[]string{"extra"}, 2, `gen: unexpected argument "extra"`},
		{[]string{"-mb", "0.01", "-format", "har"}, 0, ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != tt.code {
			t.Errorf("run(%q) = %d, want %d (stderr %q)", tt.args, code, tt.code, stderr.String())
		}
		if got := strings.TrimSpace(stderr.String()); got != tt.stderr {
			t.Errorf("run(%q) stderr = %q, want %q", tt.args, got, tt.stderr)
		}
		if tt.code == 0 && !json.Valid(stdout.Bytes()) {
			t.Errorf("run(%q) wrote invalid JSON to stdout", tt.args)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	const mb = 8
	b.SetBytes(mb << 20)
	for b.Loop() {
		if _, err := Generate(io.Discard, Config{Format: "jsonl", MB: mb, Seed: 1, Live: 300}); err != nil {
			b.Fatal(err)
		}
	}
}
