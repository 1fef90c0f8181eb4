package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// recordEnds returns, for a line-based input, the 1-based line number of
// each record and the byte offset just past it; for a HAR document, each
// entry's index and the offset just past it.
func recordEnds(t *testing.T, data []byte, f Format) (pos []int, ends []int) {
	t.Helper()
	switch f {
	case FormatHAR:
		sc := newJSONScanner(bytes.NewReader(data), 0)
		err := readHARDoc(sc, func(i int, raw []byte, err error) {
			pos = append(pos, i)
			ends = append(ends, int(sc.offset)+sc.pos)
		}, func(string) {})
		if err != nil {
			t.Fatal(err)
		}
	default:
		off := 0
		for i, line := range bytes.SplitAfter(data, []byte("\n")) {
			off += len(line)
			if strings.HasSuffix(string(line), "\n") {
				pos = append(pos, i+1)
				ends = append(ends, off)
			}
		}
	}
	return pos, ends
}

// TestCutSamples cuts every line-based sample and every HAR sample at many
// points: reading never panics, and every record wholly before the cut is
// still reported, as an event or as a record error.
func TestCutSamples(t *testing.T) {
	files, _ := filepath.Glob("../samples/*/*")
	n := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, _, st, err := readAll(t, path, data, Options{})
		if err != nil || st.Records == 0 {
			continue // not an input (README) or needs --field
		}
		first, _, _ := bytes.Cut(data, []byte("\n"))
		lineBased := len(first) > 0 && first[0] == '{' && st.Format != FormatHAR && gjsonValid(first)
		if st.Format == FormatTaskCSV {
			continue // quoted records span lines; covered by the CSV reader's own tests
		}
		if !lineBased && st.Format != FormatHAR {
			// Arrays and OTLP documents: no panic and no more records than whole.
			for cut := 1; cut < len(data); cut += max(1, len(data)/97) {
				_, _, cst, _ := readAll(t, path, data[:cut], Options{})
				if cst.Records > st.Records {
					t.Errorf("%s cut at %d: %d records, more than the %d of the whole file", path, cut, cst.Records, st.Records)
				}
			}
			n++
			continue
		}
		f := st.Format
		if lineBased {
			f = FormatNative
		}
		pos, ends := recordEnds(t, data, f)
		step := max(1, len(data)/151)
		for cut := 1; cut < len(data); cut += step {
			evs, errs, _, _ := readAll(t, path, data[:cut], Options{})
			got := map[int]bool{}
			for _, e := range evs {
				if lineBased {
					got[e.Source.Line] = true
				} else {
					got[e.Source.Index] = true
				}
			}
			for i, end := range ends {
				if end <= cut && !got[pos[i]] && !hasErrorFor(errs, path, pos[i], lineBased) && !blankLine(data, pos[i], lineBased) {
					t.Fatalf("%s cut at %d: record %d (ends at %d) was lost", path, cut, pos[i], end)
				}
			}
		}
		n++
	}
	if n < 8 {
		t.Fatalf("only %d samples cut; samples/ missing?", n)
	}
}

func hasErrorFor(errs []string, path string, p int, lineBased bool) bool {
	want := path + ": entry " + strconv.Itoa(p) + ":"
	if lineBased {
		want = path + ":" + strconv.Itoa(p) + ":"
	}
	for _, e := range errs {
		if strings.HasPrefix(e, want) {
			return true
		}
	}
	return false
}

// blankLine reports a line that holds no record: blank lines give neither
// an event nor an error.
func blankLine(data []byte, p int, lineBased bool) bool {
	if !lineBased {
		return false
	}
	lines := bytes.Split(data, []byte("\n"))
	return p-1 < len(lines) && len(bytes.TrimSpace(lines[p-1])) == 0
}

func gjsonValid(b []byte) bool { return gjson.ValidBytes(b) }
