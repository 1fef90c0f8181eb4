package parser

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/tidwall/gjson"
)

// TestScannerCutsStrings checks that strings past the cap are cut without
// breaking an escape, that the copy stays valid JSON, and that the same
// holds when the input arrives one byte at a time (every buffer boundary).
func TestScannerCutsStrings(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"short"`, `"short"`},
		{`"abcdefghijklmnop"`, `"abcdefgh"`},
		{`"abcdefg\u00e9xyz"`, `"abcdefg\u00e9"`},
		{`"abcdef\"ghijkl"`, `"abcdef\""`},
		{`"abcdefg\\\\\\"`, `"abcdefg\\"`},
		{`"abcdefgh\\\\\\"`, `"abcdefgh"`},
		{`{"a":"0123456789abc","b":[1,"x"]}`, `{"a":"01234567","b":[1,"x"]}`},
		{`[true, null, "\\"]`, `[true, null, "\\"]`},
	}
	for _, tt := range tests {
		for _, slow := range []bool{false, true} {
			var r = strings.NewReader(tt.in + " ")
			sc := newJSONScanner(r, 0)
			if slow {
				sc = newJSONScanner(iotest.OneByteReader(strings.NewReader(tt.in+" ")), 0)
			}
			sc.maxStr = 8
			got, _, err := sc.value(nil, false)
			if err != nil || string(got) != tt.want || !gjson.ValidBytes(got) {
				t.Errorf("value(%s) slow=%v = %s, %v; want %s", tt.in, slow, got, err, tt.want)
			}
		}
	}
}

// TestScannerArray checks element boundaries and errors of the streaming
// array walk, including an element over the record cap.
func TestScannerArray(t *testing.T) {
	in := `[{"a":1}, "x", {"big":"` + strings.Repeat("y", 300) + `"}, [1,[2]], 3]`
	sc := newJSONScanner(bytes.NewReader([]byte(in)), 64)
	var got []string
	err := sc.array(func(i int, raw []byte, cut bool, err error) error {
		if err != nil {
			got = append(got, "error: "+err.Error())
		} else {
			got = append(got, string(raw))
		}
		return nil
	})
	want := []string{`{"a":1}`, `"x"`, "error: record of 310 bytes exceeds the 64-byte limit; skipped", `[1,[2]]`, `3`}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("array = %q, %v\nwant %q", got, err, want)
	}
}
