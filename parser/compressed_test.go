package parser

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCompressed: an input in a compression Read does not undo is named
// by its magic bytes with the command that decompresses it, by Read and
// by Redact; gzip is read, once.
func TestCompressed(t *testing.T) {
	const jsonl = `{"time":"2026-03-02T10:00:00Z","method":"GET","url":"https://api.example.com/x","status":401}` + "\n"
	junk := []byte("\x00\x01\x02 compressed bytes follow")
	with := func(magic string) []byte { return append([]byte(magic), junk...) }
	tests := []struct {
		name    string
		in      []byte
		records int
		err     string
	}{
		{"zstd", with("\x28\xb5\x2f\xfd"), 0, "zstd-compressed input is not supported; decompress it first (zstd -d)"},
		{"xz", with("\xfd7zXZ\x00"), 0, "xz-compressed input is not supported; decompress it first (xz -d)"},
		{"bzip2", with("BZh91AY&SY"), 0, "bzip2-compressed input is not supported; decompress it first (bzip2 -d)"},
		{"zip", with("PK\x03\x04"), 0, "a zip archive is not supported; extract it first (unzip) and give its files or their directory"},
		{"empty zip", with("PK\x05\x06"), 0, "a zip archive is not supported; extract it first (unzip) and give its files or their directory"},
		{"gzip inside gzip", gzipped(t, gzipped(t, []byte(jsonl))), 0, "gzip inside gzip (compressed twice) is not supported; decompress the outer layer first (gzip -d)"},
		{"zstd inside gzip", gzipped(t, with("\x28\xb5\x2f\xfd")), 0, "zstd-compressed data inside gzip is not supported; decompress it first (gzip -d, then zstd -d)"},
		{"gzip", gzipped(t, []byte(jsonl)), 1, ""},
		{"plain", []byte(jsonl), 1, ""},
		{"BZh without a block size", []byte("BZhello\n"), 0, "not a supported format: not JSON, a HAR document, JSON lines or a task-history CSV"},
	}
	for _, tt := range tests {
		st, err := Read(bytes.NewReader(tt.in), "x", Options{}, func(*Event) {}, func(*RecordError) {})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err || st.Records != tt.records {
			t.Errorf("%s: Read: %d records, error %q\nwant %d, %q", tt.name, st.Records, got, tt.records, tt.err)
		}
		_, err = Redact(bytes.NewReader(tt.in), "x", io.Discard, Options{}, func(*RecordError) {})
		got = ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err {
			t.Errorf("%s: Redact: error %q, want %q", tt.name, got, tt.err)
		}
	}
}
