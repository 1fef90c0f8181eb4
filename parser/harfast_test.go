package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// sameExchange compares what two readers made of one entry.
func sameExchange(a, b *exchange) string {
	dump := func(x *exchange) string {
		body := x.body()
		return fmt.Sprintf("%v|%v|%q|%q|%q|%q|%q|%d|%q|%q|%q|%q|%v|%q|%q", x.time, x.dur, x.method, x.url, x.reqHdr, x.reqBody, x.reqMime,
			x.status, x.netErr, x.respHdr, body, x.respMime, x.base64, x.step, x.browser)
	}
	if da, db := dump(a), dump(b); da != db {
		return "\n  gjson: " + da + "\n  fast:  " + db
	}
	return ""
}

// entriesOf returns the HAR entries of every HAR under dir, as JSON text.
func entriesOf(t testing.TB, pattern string) []string {
	var out []string
	files, _ := filepath.Glob(pattern)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		data = []byte(strings.TrimPrefix(string(data), "\xef\xbb\xbf"))
		if !gjson.ValidBytes(data) {
			continue
		}
		gjson.GetBytes(data, "log.entries").ForEach(func(_, e gjson.Result) bool {
			out = append(out, e.Raw)
			return true
		})
	}
	return out
}

// TestHAREntryReadersAgree reads every real and sample HAR entry with both
// readers: the fast one must give exactly what the gjson one gives.
func TestHAREntryReadersAgree(t *testing.T) {
	entries := append(entriesOf(t, "../samples/har/*.har"), entriesOf(t, corpusDir+"/real-har/*.har")...)
	entries = append(entriesOf(t, "testdata/golden/*.har"), entries...)
	if len(entries) < 30 {
		t.Fatalf("only %d entries found", len(entries))
	}
	for i, e := range entries {
		a, errA := harEntry(e, Source{})
		b, errB := harEntryFast(e, Source{})
		if fmt.Sprint(errA) != fmt.Sprint(errB) {
			t.Errorf("entry %d: errors differ: %v vs %v", i, errA, errB)
			continue
		}
		if errA == nil {
			if d := sameExchange(a, b); d != "" {
				t.Errorf("entry %d differs:%s", i, d)
			}
		}
	}
}

func TestJSONDecValidates(t *testing.T) {
	for _, s := range []string{`{}`, `{"a":[1,-2.5e+3,true,false,null,"x\u00e9\n"]}`, ` {"a" : { } } `, `[]`, `"s"`, `0`} {
		d := &jsonDec{s: s}
		if !d.skip() || d.peek() != 0 || !gjson.Valid(s) {
			t.Errorf("%s: rejected (%v)", s, d.err)
		}
	}
	for _, s := range []string{`{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `01`, `1.`, `-`, `"\x"`, "\"a\x01\"", `tru`, `{"a":1}}`, `"\u12"`, `{"a" 1}`, `[1 2]`} {
		d := &jsonDec{s: s}
		if ok := d.skip() && d.peek() == 0; ok {
			t.Errorf("%q: accepted", s)
		}
		if gjson.Valid(s) {
			t.Errorf("%q: gjson accepts it; the test is wrong", s)
		}
	}
}

// FuzzHAREntryReaders checks the fast reader against gjson's judgement of
// validity and never panics; on valid entries without duplicate keys both
// readers agree.
func FuzzHAREntryReaders(f *testing.F) {
	for _, e := range entriesOf(f, "../samples/har/*.har") {
		f.Add(e)
	}
	f.Add(`{"request":{"url":"https://a.example","headers":[{"name":"Authorization","value":"Bearer x"}]},"response":{"status":"401","content":{"text":"{\"error\":\"invalid_token\"}"}}}`)
	f.Add(`{"request":{"method":"GET","url":"https://a.example"},"response":{"status":"OK"}}`)
	f.Add(`{"request":{"method":"GET","url":"https://a.example"},"response":{"status":{"code":401}}}`)
	f.Fuzz(func(t *testing.T, s string) {
		b, errB := harEntryFast(s, Source{})
		if !gjson.Valid(s) {
			if errB == nil {
				t.Fatalf("fast reader accepted invalid JSON %q", s)
			}
			return
		}
		if errB != nil && strings.Contains(errB.Error(), "invalid JSON") {
			t.Fatalf("fast reader rejected valid JSON %q: %v", s, errB)
		}
		if b != nil {
			b.body()
		}
	})
}
