package parser

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// within fails the test when fn takes longer than d: hostile input must
// cost bounded time.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

func TestHostileInputs(t *testing.T) {
	good := `{"time":"2026-03-02T10:00:00Z","method":"GET","url":"https://api.example.com/x","status":401}`
	tests := []struct {
		name   string
		data   func() []byte
		events int
		errHas string // in the input error or a record error
	}{
		{"empty", func() []byte { return nil }, 0, "empty input"},
		{"only whitespace", func() []byte { return []byte("\n\n  \n") }, 0, "empty input"},
		{"invalid UTF-8 in a record", func() []byte {
			return []byte(good + "\n" + `{"time":"2026-03-02T10:00:00Z","method":"GET","url":"https://api.example.com/` + "\xff\xfe" + `","status":500}` + "\n")
		}, 2, ""},
		{"deeply nested line", func() []byte {
			return []byte(good + "\n" + `{"a":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}\n" + good + "\n")
		}, 2, "nested deeper"},
		{"deeply nested HAR", func() []byte {
			return []byte(`{"log":{"entries":[` + strings.Repeat("[", 100000) + `]}}`)
		}, 0, "nested deeper"},
		{"100 MB string in a HAR entry", func() []byte {
			var b bytes.Buffer
			b.WriteString(`{"log":{"entries":[{"startedDateTime":"2026-03-02T10:00:00Z","request":{"method":"GET","url":"https://api.example.com/x","headers":[]},"response":{"status":401,"headers":[],"content":{"mimeType":"text/plain","text":"`)
			b.Write(bytes.Repeat([]byte("A"), 100<<20))
			b.WriteString(`"}}}]}}`)
			return b.Bytes()
		}, 1, ""},
		{"100 MB single line", func() []byte {
			return []byte(good + "\n" + `{"status":500,"x":"` + strings.Repeat("B", 100<<20) + `"}` + "\n" + good + "\n")
		}, 2, "exceeds the"},
		{"binary garbage", func() []byte { return bytes.Repeat([]byte{0, 1, 2, 0xff, '\n'}, 1000) }, 0, "not a supported format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data()
			within(t, 20*time.Second, func() {
				evs, errs, _, err := readAll(t, "h", data, Options{})
				all := fmt.Sprint(err, errs)
				if len(evs) != tt.events {
					t.Errorf("%d events, want %d (%s)", len(evs), tt.events, all)
				}
				if tt.errHas != "" && !strings.Contains(all, tt.errHas) {
					t.Errorf("errors %s lack %q", all, tt.errHas)
				}
			})
		})
	}
}

// TestGzipBomb checks that a stream expanding past the bomb ratio stops
// with a clear error in bounded time.
func TestGzipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 300 MB through gzip")
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	zw.Write([]byte(`{"time":"2026-03-02T10:00:00Z","method":"GET","url":"https://a.example/x","status":401}` + "\n"))
	zeros := make([]byte, 1<<20)
	for i := 0; i < 300; i++ {
		zw.Write(zeros)
	}
	zw.Close()
	within(t, 60*time.Second, func() {
		_, _, _, err := readAll(t, "bomb.gz", z.Bytes(), Options{})
		if err == nil || !strings.Contains(err.Error(), "gzip bomb") {
			t.Errorf("err = %v, want a gzip bomb error", err)
		}
	})
}

// TestTruncatedEverywhere cuts inputs at many points: never a panic, and
// every record wholly before the cut is still read.
func TestTruncatedEverywhere(t *testing.T) {
	var lines []string
	for i := 0; i < 20; i++ {
		lines = append(lines, fmt.Sprintf(`{"time":"2026-03-02T10:%02d:00Z","method":"GET","url":"https://api.example.com/items/%d","status":401}`, i, i))
	}
	jsonl := []byte(strings.Join(lines, "\n") + "\n")
	var entries []string
	for i := 0; i < 20; i++ {
		entries = append(entries, fmt.Sprintf(`{"startedDateTime":"2026-03-02T10:%02d:00Z","request":{"method":"GET","url":"https://api.example.com/items/%d","headers":[]},"response":{"status":401,"headers":[],"content":{}}}`, i, i))
	}
	har := harOf(entries...)
	for _, in := range []struct {
		name  string
		data  []byte
		whole func(cut []byte) int // records wholly before the cut
	}{
		{"jsonl", jsonl, func(cut []byte) int { return bytes.Count(cut, []byte("\n")) }},
		{"har", har, func(cut []byte) int {
			n := 0
			for _, e := range entries {
				if bytes.Contains(cut, []byte(e)) {
					n++
				}
			}
			return n
		}},
	} {
		for at := 1; at < len(in.data); at += 7 {
			cut := in.data[:at]
			evs, _, _, _ := readAll(t, "cut", cut, Options{})
			if want := in.whole(cut); len(evs) < want {
				t.Fatalf("%s cut at %d: %d events, want at least %d", in.name, at, len(evs), want)
			}
		}
	}
}

var _ = io.EOF
