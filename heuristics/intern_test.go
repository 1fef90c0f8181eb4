package heuristics

import (
	"fmt"
	"slices"
	"testing"
	"unsafe"
)

func TestPackEvidence(t *testing.T) {
	for _, in := range [][]string{
		nil,
		{"one"},
		append(make([]string, 0, 8), "401 GET api.example.com/v1/me at a.har: entry 3 (10:02:11)", "", "token t1 issued at a.har: entry 1"),
	} {
		got := packEvidence(in)
		if !slices.Equal(got, in) {
			t.Errorf("packEvidence(%q) = %q", in, got)
		}
		if cap(got) != len(got) {
			t.Errorf("packEvidence(%q): cap %d, len %d", in, cap(got), len(got))
		}
	}
}

func TestInterner(t *testing.T) {
	var in interner
	a := in.get(string([]byte("api.example.com")))
	b := in.get(string([]byte("api.example.com")))
	if a != b || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Fatal("a repeated string is not shared")
	}
	u := in.get("https://api.example.com/v1/me?x=1")
	if h := in.within(u, "api.example.com"); h != "api.example.com" || unsafe.StringData(h) != unsafe.StringData(u[8:]) {
		t.Fatalf("within(%q) = %q does not share the URL's bytes", u, h)
	}
	if p := in.within(u, "/v2/other"); p != "/v2/other" {
		t.Fatalf("within a URL without it = %q", p)
	}
	for i := 0; i < 3*maxInterned; i++ {
		in.get(fmt.Sprintf("host-%d.example.com", i))
		if len(in.m) > maxInterned {
			t.Fatalf("the table holds %d strings, past maxInterned %d", len(in.m), maxInterned)
		}
	}
}
