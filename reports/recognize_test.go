package reports

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRecognize: every report Write writes, in every format, with and
// without an explanation, empty or not, is recognized as what it is.
func TestRecognize(t *testing.T) {
	explained := fixtureInput()
	explained.Explain = fixtureExplain()
	for _, in := range []struct {
		name string
		in   Input
	}{{"report", fixtureInput()}, {"explain", explained}, {"empty", Input{}}} {
		r := Build(in.in)
		for _, f := range Formats {
			if f == FormatCSV && r.Explain != nil {
				continue
			}
			for _, opt := range []WriteOptions{{}, {Color: true, Width: 80}} {
				out := render(t, r, f, opt)
				if f == FormatJSONL && len(out) == 0 {
					continue // no finding, no line: an empty file
				}
				// As written, and as saved again on Windows: with a
				// UTF-8 BOM (PowerShell, Notepad), with each "\n" made
				// "\r\n" (unix2dos; sed 's/$/\r/' on the CSV, already
				// CRLF, gives "\r\r\n"), and both.
				bom := append([]byte("\xef\xbb\xbf"), out...)
				crlf := bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
				for _, v := range []struct {
					name string
					b    []byte
				}{{"", out}, {" bom", bom}, {" crlf", crlf}, {" bom crlf", bytes.ReplaceAll(bom, []byte("\n"), []byte("\r\n"))}} {
					if got, ok := Recognize(v.b); !ok || got != f {
						t.Errorf("%s %s%s %+v: Recognize = %q, %v", in.name, f, v.name, opt, got, ok)
					}
				}
			}
		}
	}
}

// TestRecognizeInputs: no input authtriage reads is taken for a report:
// the samples, and near misses of each format.
func TestRecognizeInputs(t *testing.T) {
	n := 0
	err := filepath.WalkDir("../samples", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		if f, ok := Recognize(data); ok {
			t.Errorf("%s: taken for a %s report", path, f)
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("samples: %v (%d files)", err, n)
	}
	for _, s := range []string{
		"# authtriage report notes\n",
		"<!DOCTYPE html>\n<html><head><title>login</title></head>\n",
		"authtriage: reading exports\n",
		"file,index,line,time\n1,2,3,4\n",
		"Zap ID,Status,Date,Error\n1,error,2026-03-09T08:14:11Z,boom\n",
		`{"time":"2026-03-02T10:00:00Z","record":"event","method":"GET","url":"https://api.example.com/x","status":401}` + "\n",
		`{"record":"audit","time":"2026-03-02T10:00:00Z"}` + "\n",
		`{"source":"api","label":"x","time":"2026-03-02T10:00:00Z","status":401}` + "\n",
		`{"log":{"version":"1.2","entries":[]}}`,
		`{"schema":1,"schema_version":2}`,
		`{"source":{"file":"a"},"label":"expired","cause":"ttl-elapsed","recovered":true,"confidence":0.9,"evidence":[],"remediation":"` + string(make([]byte, 10)), // a first line not all there
	} {
		if f, ok := Recognize([]byte(s)); ok {
			t.Errorf("%q: taken for a %s report", s, f)
		}
	}
}

// FuzzRecognize: Recognize never panics on any bytes, and names only a
// format Write writes.
func FuzzRecognize(f *testing.F) {
	for _, fm := range Formats {
		if fm != FormatCSV {
			f.Add(renderBytes(f, fm))
		}
	}
	f.Add([]byte(`{"record":"token","source":{"file":"a","index":0}}` + "\n"))
	f.Add([]byte("\x1b[1mauthtriage: 1 finding (1 unrecovered, 0 recovered) on 1 connection\n"))
	f.Add([]byte("\xef\xbb\xbf{\"schema_version\":1}\r\n"))
	f.Add([]byte("\xef\xbb\xbf\xef\xbb\xbf\r\r\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if fm, ok := Recognize(b); ok && !slices.Contains(Formats, fm) {
			t.Errorf("Recognize = %q", fm)
		}
	})
}

func renderBytes(f *testing.F, fm Format) []byte {
	in := fixtureInput()
	in.Explain = fixtureExplain()
	var b bytes.Buffer
	if err := Write(&b, Build(in), fm, WriteOptions{}); err != nil {
		f.Fatal(err)
	}
	return b.Bytes()
}

// TestRecognizeTableSummary: a table report is known by its summary line,
// as written now and as earlier builds wrote it ("authtriage: " first).
func TestRecognizeTableSummary(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"15 findings (9 unrecovered, 6 recovered) on 6 connections, from 578 records in 4 inputs\n", true},
		{"\x1b[1m1 finding (1 unrecovered, 0 recovered) on 1 connection\x1b[0m\n", true},
		{"authtriage: 15 findings (9 unrecovered, 6 recovered) on 6 connections\n", true},
		{"15 findings on 6 connections\n", false},
		{"authtriage: in.jsonl:2: not a JSON object\n", false},
	} {
		f, ok := Recognize([]byte(tc.line))
		if ok != tc.want || (ok && f != FormatTable) {
			t.Errorf("Recognize(%q) = %q, %v; want table %v", tc.line, f, ok, tc.want)
		}
	}
	out := string(render(t, Build(fixtureInput()), FormatTable, WriteOptions{}))
	if strings.HasPrefix(out, "authtriage:") {
		t.Errorf("the table's summary starts like a message on stderr: %.60q", out)
	}
}
