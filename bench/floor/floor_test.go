package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRun checks floor prints what jq's filter prints, in input order,
// across batches, and that -valid skips a record that is not JSON.
func TestRun(t *testing.T) {
	rec := func(ts, url string, status int) string {
		return `{"startedDateTime":"` + ts + `","request":{"method":"GET","url":"` + url +
			`","headers":[]},"response":{"status":` + strconv.Itoa(status) + `,"content":{"text":"` + strings.Repeat("x", 900) + `"}}}` + "\n"
	}
	var in, want strings.Builder
	// Enough records to fill several 1 MiB batches, so order across
	// workers is checked.
	for i := range 4000 {
		status := 200
		if i%7 == 0 {
			status = 401
		}
		ts := "2026-03-02T00:00:" + strconv.Itoa(10+i%50) + ".000Z"
		url := "https://api.example.com/v1/items/" + strconv.Itoa(i)
		in.WriteString(rec(ts, url, status))
		if status >= 400 {
			want.WriteString(`["` + ts + `","` + url + `",401]` + "\n")
		}
	}
	in.WriteString(`{"startedDateTime":"x","request":{"url":"u"},"response":{"status":500}` + "\n") // unclosed
	name := filepath.Join(t.TempDir(), "t.jsonl")
	if err := os.WriteFile(name, []byte(in.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, valid := range []bool{true, false} {
		var out bytes.Buffer
		if err := run(name, valid, &out); err != nil {
			t.Fatal(err)
		}
		exp := want.String()
		if !valid {
			exp += `["x","u",500]` + "\n" // gjson reads the unclosed record as far as it goes
		}
		if out.String() != exp {
			t.Errorf("valid=%v: got %d bytes, want %d; first lines:\n%.300s", valid, out.Len(), len(exp), out.String())
		}
	}
}
