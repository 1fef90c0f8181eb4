package reports

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// timeLayout is RFC 3339 with milliseconds in UTC, as the jsonl contract
// writes times.
const timeLayout = "2006-01-02T15:04:05.000Z"

// Time is a UTC instant that marshals as RFC 3339 with milliseconds
// ("2026-03-02T10:12:44.123Z"). The zero Time, not known, is null.
type Time struct{ time.Time }

// at makes a report Time in UTC.
func at(t time.Time) Time {
	if t.IsZero() {
		return Time{}
	}
	return Time{t.UTC()}
}

// String returns the time as the JSON writes it, or "" for the zero time.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// MarshalJSON writes the time as an RFC 3339 string with milliseconds.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.String())
}

// Short returns the time as "2006-01-02 15:04:05" UTC for tables, or "".
func (t Time) Short() string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateTime)
}

// Status is a finding's HTTP status as reported. Code 0 means the request
// got no response (a network error); None means the record names no HTTP
// status at all (a Zap run whose history gives none), written null in JSON
// and as a blank cell in CSV. Both were 0 before None existed.
type Status struct {
	Code int
	None bool
}

// MarshalJSON writes the code, or null when there is none.
func (s Status) MarshalJSON() ([]byte, error) {
	if s.None {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(s.Code), 10), nil
}

// String returns the code as CSV writes it, or "" when there is none.
func (s Status) String() string {
	if s.None {
		return ""
	}
	return strconv.Itoa(s.Code)
}

// Source locates a record in its input. Its JSON has "index" for
// array-based inputs and "line" for line-based ones (Line > 0).
type Source struct {
	File  string
	Index int
	Line  int
}

func source(s parser.Source) Source { return Source{File: s.File, Index: s.Index, Line: s.Line} }

// MarshalJSON writes {"file":…,"line":N} or {"file":…,"index":N}.
func (s Source) MarshalJSON() ([]byte, error) {
	b := []byte(`{"file":`)
	f, err := json.Marshal(s.File)
	if err != nil {
		return nil, err
	}
	b = append(b, f...)
	if s.Line > 0 {
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, int64(s.Line), 10)
	} else {
		b = append(b, `,"index":`...)
		b = strconv.AppendInt(b, int64(s.Index), 10)
	}
	return append(b, '}'), nil
}

// String renders the source as "file:line" or "file: entry N", as error
// messages do.
func (s Source) String() string {
	return parser.Source{File: s.File, Index: s.Index, Line: s.Line}.String()
}

// Short renders the source as "file:line" or "file#N" for table cells.
func (s Source) Short() string {
	if s.Line > 0 {
		return s.File + ":" + strconv.Itoa(s.Line)
	}
	return s.File + "#" + strconv.Itoa(s.Index)
}

func compareSource(a, b Source) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Index, b.Index))
}

// nullString returns a pointer to s, or nil for "": the JSON writes a
// string that is not known as null, never as "".
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nullInt returns a pointer to n, or nil for 0 (not known).
func nullInt(n int64) *int64 {
	if n == 0 {
		return nil
	}
	return &n
}

// jsonNumber returns raw as a JSON number when it is one, as written (an
// epoch in milliseconds keeps its digits), or nil: a string, "3600"
// included, is no number.
func jsonNumber(raw string) *json.Number {
	s := strings.TrimSpace(raw)
	if s == "" || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') || !json.Valid([]byte(s)) {
		return nil
	}
	n := json.Number(s)
	return &n
}
