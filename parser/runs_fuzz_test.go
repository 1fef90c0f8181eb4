package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// runFuzzSeeds adds the run-history inputs under testdata/runs with the
// given extension.
func runFuzzSeeds(f *testing.F, ext string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "runs", "*"+ext))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// checkRunEvents holds for every run Event of any input: it is a run,
// its source is the right kind, and every text field is within its cap.
func checkRunEvents(t *testing.T, evs []*Event, f Format) {
	t.Helper()
	prev := 0
	for _, e := range evs {
		if e.Kind != KindRun || e.Run == nil || e.Format != f {
			t.Fatalf("not a %s run Event: %+v", f, e)
		}
		switch f {
		case FormatTaskCSV:
			if e.Source.Line < 2 || e.Source.Line <= prev {
				t.Fatalf("line %d after line %d", e.Source.Line, prev)
			}
			prev = e.Source.Line
		case FormatZapRuns:
			if e.Source.Line != 0 || e.Source.Index < 0 {
				t.Fatalf("source %+v of a JSON run", e.Source)
			}
		}
		r := e.Run
		if len(r.Message) > maxRunMessageBytes {
			t.Fatalf("Message of %d bytes", len(r.Message))
		}
		for _, s := range []string{r.ID, r.ZapID, r.ZapTitle, r.StepName, r.RawStatus, e.Step, e.Connection} {
			if len(s) > maxRunNameBytes {
				t.Fatalf("field of %d bytes: %.40q...", len(s), s)
			}
		}
		if e.Status != 0 && (e.Status < 100 || e.Status > 599) || e.Status != r.HTTPStatus {
			t.Fatalf("status %d, run status %d", e.Status, r.HTTPStatus)
		}
	}
}

// FuzzTaskCSV feeds arbitrary bytes to readTaskCSV and isTaskCSVHeader:
// no panic, no hang, counts that add up, Events within their caps.
func FuzzTaskCSV(f *testing.F) {
	for _, tt := range taskCSVTests {
		f.Add([]byte(tt.in))
	}
	for _, tt := range taskCSVDateTests {
		f.Add([]byte(tt.in))
	}
	runFuzzSeeds(f, ".csv")
	f.Add([]byte("Task ID,Zap ID,Status,Date,Error Message,Connection\n\n1,2,Errored,2026-03-09T10:00:00Z,\"Error: \"\"boom\"\"\n" + strings.Repeat("    at f (/var/task/x.js:10:20)\n", 8) + "\",C\n2,2,Errored,2026-03-09T10:01:00Z,\"Got 500 calling GET https://x.example/a, expected 2xx.\",C\n"))
	f.Add([]byte("Task ID,Zap ID,Status,Date,Error Message,Connection\n1,2,Errored,2026-03-09T10:00:00Z,\"never closed\n" + strings.Repeat("x, y\n", 40)))
	f.Add([]byte("Task ID;Zap ID;Status;Date;Error Message\r\n1;55;Success;2026-03-09 08:14:11 Europe/Berlin;\r\nTask ID;Zap ID;Status;Date;Error Message\r\n2;55;Errored;2026-03-09T09:00:00Z;\"x;\n"))
	f.Add([]byte("Task ID\tZap ID\tStatus\tDate\n1\t55\tErrored\t2026-03-09 08:14:11 BST\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			isTaskCSVHeader(data[:i])
		}
		// At the default cap, and at one small enough that records are
		// skipped to their ends.
		for _, max := range []int{0, 128} {
			evs, bad, _ := runRead(t, "fuzz.csv", data, FormatTaskCSV, max)
			checkRunEvents(t, evs, FormatTaskCSV)
			for _, b := range bad {
				if !strings.HasPrefix(b, "fuzz.csv:") {
					t.Fatalf("record error without its line: %s", b)
				}
			}
		}
	})
}

// FuzzZapRuns feeds arbitrary bytes to readZapRuns, isRunObject and
// isRunPage: no panic, no hang, Events within their caps.
func FuzzZapRuns(f *testing.F) {
	for _, tt := range zapRunsTests {
		f.Add([]byte(tt.in))
	}
	runFuzzSeeds(f, ".json")
	f.Fuzz(func(t *testing.T, data []byte) {
		isRunObject(data)
		isRunPage(data)
		evs, bad, _ := runRead(t, "fuzz.json", data, FormatZapRuns, 1<<16)
		checkRunEvents(t, evs, FormatZapRuns)
		for _, b := range bad {
			if !strings.HasPrefix(b, "fuzz.json: entry ") {
				t.Fatalf("record error without its entry: %s", b)
			}
		}
	})
}

// FuzzRunText feeds arbitrary error messages to runText.
func FuzzRunText(f *testing.F) {
	for _, s := range []string{
		`{"status":401,"headers":{"content-type":"application/json"},"content":"{\"error\":\"invalid_token\"}","request":{"url":"https://a.example/x?access_token=abcdef123456"}}`,
		`{"message":"m","code":"c","status":401}`,
		`ThrottledError: {"message":"slow down","delay":60}`,
		"What happened:\n  Starting GET request to https://a.example/x\n  Received 401 code from https://a.example/x after 12ms\n  Received content \"{\"error\":\"invalid_token\"}\"",
		"Got 401 calling GET https://a.example/x, triggering auth refresh.",
		"RefreshAuthError: ",
		"Throttled by Zapier!",
		`The app returned "{"status":"error","message":"expired","category":"EXPIRED_AUTHENTICATION"}".`,
		`{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful"}`,
		`[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`,
		"Error: Request failed with status code 401",
		"401 Client Error: Unauthorized for url: https://a.example/x?api_key=abcdef123456",
		"Client error '403 Forbidden' for url 'https://a.example/x'",
		"HTTPError: Response code 401 (Unauthorized)",
		"Your store is unavailable (402 Payment Required)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		ev := &Event{Kind: KindRun, Run: &Run{}}
		runText(ev, msg)
		if len(ev.Run.Message) > maxRunMessageBytes {
			t.Fatalf("Message of %d bytes", len(ev.Run.Message))
		}
		if utf8.ValidString(msg) && !utf8.ValidString(ev.Run.Message) {
			t.Fatalf("Message cut inside a UTF-8 sequence: %q", ev.Run.Message)
		}
		if ev.Status != ev.Run.HTTPStatus || ev.Status != 0 && (ev.Status < 100 || ev.Status > 599) {
			t.Fatalf("status %d, run status %d", ev.Status, ev.Run.HTTPStatus)
		}
	})
}
