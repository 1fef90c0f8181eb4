package parser

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// dateOrder is how a numeric date whose first two fields could both be a
// month (03/09/2026) is read.
type dateOrder uint8

const (
	// monthFirst reads 03/09/2026 as March 9, as en-US exports and
	// spreadsheets write it; it is the default.
	monthFirst dateOrder = iota
	// dayFirst reads 03/09/2026 as 3 September.
	dayFirst
)

func (o dateOrder) String() string {
	if o == dayFirst {
		return "day-first"
	}
	return "month-first"
}

// looseLayouts are the zone-less written forms parseLooseTime tries after
// numeric dates: ISO dates with a space or no seconds, and dates with a
// month name (en-US "Mar 9, 2026 8:14:11 AM", RFC 1123 "Mon, 09 Mar 2026
// 08:14:11", "9 March 2026 08:14"), each with or without a time.
var looseLayouts = func() []string {
	dates := []string{
		"2006-01-02", "2006-1-2",
		"Jan 2, 2006", "January 2, 2006", "Mon, Jan 2, 2006", "Monday, January 2, 2006",
		"Mon Jan 2, 2006", "Mon Jan 2 2006", "Jan 2 2006",
		"2 Jan 2006", "2 January 2006", "Mon, 2 Jan 2006", "Monday, 2 January 2006", "Mon 2 Jan 2006",
		"2-Jan-2006", "02-Jan-2006",
	}
	clocks := []string{"15:04:05", "15:04", "3:04:05 PM", "3:04 PM"}
	var ls []string
	for _, d := range dates {
		ls = append(ls, d)
		for _, c := range clocks {
			ls = append(ls, d+" "+c, d+", "+c, d+" at "+c)
		}
		if d[0] == '2' {
			for _, c := range clocks[:2] {
				ls = append(ls, d+"T"+c)
			}
		}
	}
	// ctime and its kin: "Mon Mar  9 08:14:11 2026".
	return append(ls, "Mon Jan _2 15:04:05 2006", "Mon Jan _2 15:04 2006")
}()

// clockLayouts are the times of day a numeric date may carry.
var clockLayouts = []string{"15:04:05", "15:04", "3:04:05 PM", "3:04 PM", "3:04:05PM", "3:04PM"}

// zoneAbbrevs are the zone abbreviations read, with their UTC offsets in
// hours. Only these: an abbreviation Go does not know would otherwise be
// read as UTC, or as the local zone when it happens to share its name.
// CST and CDT are US Central (the exports read here are mostly US);
// ambiguous names (IST, BST) are not read.
var zoneAbbrevs = map[string]float64{
	"UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"AKST": -9, "AKDT": -8, "HST": -10,
	"WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
	"JST": 9, "AEST": 10, "AEDT": 11,
}

// parseLooseTime reads the written forms of a date and time that exports
// and spreadsheets use beyond RFC 3339: a zone after a space ("-08:00",
// "-0800", "UTC", "GMT", "PST", "UTC+1"), numeric dates (03/09/2026,
// 2026/03/09, 9.3.2026, 3/9/26) read by order when both of their first
// fields could be the month, month names ("Mar 9, 2026 8:14:11 AM", RFC
// 1123), 12- or 24-hour times with or without seconds and fractions. A
// time without a zone is UTC. ok is false when s is none of these.
func parseLooseTime(s string, order dateOrder) (t time.Time, ok bool) {
	s = looseSpaces(s)
	rest, off, hasZone := cutZone(s)
	if rest == "" {
		return time.Time{}, false
	}
	rest = upperMeridiem(rest)
	t, ok = parseNumericDate(rest, order)
	if !ok {
		for _, l := range looseLayouts {
			if (l[0] >= '0' && l[0] <= '9') != (rest[0] >= '0' && rest[0] <= '9') {
				continue
			}
			if p, err := time.Parse(l, rest); err == nil {
				t, ok = p, true
				break
			}
		}
	}
	if !ok {
		return time.Time{}, false
	}
	if hasZone {
		t = t.Add(-off)
	}
	return t.UTC(), true
}

// looseSpaces turns the spaces browsers and ICU write (no-break, narrow
// no-break before "AM") into plain ones and collapses runs of them.
func looseSpaces(s string) string {
	if !strings.ContainsAny(s, "\u00a0\u202f\t") && !strings.Contains(s, "  ") {
		return s
	}
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\t", " ").Replace(s)
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return s
}

// upperMeridiem writes a trailing "am"/"pm" (or "a.m.") as Go's layouts
// read it.
func upperMeridiem(s string) string {
	for _, m := range [][2]string{{"a.m.", "AM"}, {"p.m.", "PM"}, {"am", "AM"}, {"pm", "PM"}} {
		if n := len(s) - len(m[0]); n > 0 && strings.EqualFold(s[n:], m[0]) {
			return s[:n] + m[1]
		}
	}
	return s
}

// cutZone splits a zone written after the time off s: "UTC", "GMT", an
// abbreviation of zoneAbbrevs, "+01:00", "-0800", "-08", "UTC+1",
// "GMT-08:00". off is the zone's offset east of UTC.
func cutZone(s string) (rest string, off time.Duration, ok bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return s, 0, false
	}
	z := s[i+1:]
	if h, found := zoneAbbrevs[strings.ToUpper(z)]; found {
		return s[:i], time.Duration(h * float64(time.Hour)), true
	}
	num := z
	for _, p := range []string{"UTC", "GMT", "utc", "gmt"} {
		if strings.HasPrefix(z, p) {
			num = z[len(p):]
			break
		}
	}
	if off, ok := numericOffset(num); ok {
		return s[:i], off, true
	}
	return s, 0, false
}

// numericOffset reads "+01:00", "-0800", "-08" or "+1".
func numericOffset(z string) (time.Duration, bool) {
	if len(z) < 2 || z[0] != '+' && z[0] != '-' {
		return 0, false
	}
	digits := strings.Replace(z[1:], ":", "", 1)
	var h, m int
	var err error
	switch len(digits) {
	case 1, 2:
		h, err = strconv.Atoi(digits)
	case 4:
		h, err = strconv.Atoi(digits[:2])
		if err == nil {
			m, err = strconv.Atoi(digits[2:])
		}
	default:
		return 0, false
	}
	if err != nil || h > 14 || m > 59 || strings.ContainsAny(digits, "+-") {
		return 0, false
	}
	off := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if z[0] == '-' {
		off = -off
	}
	return off, true
}

// numericDate is a date written in numbers: its fields as written and the
// separator between them.
type numericDate struct {
	a, b, c int    // the three fields in written order
	aLen    int    // digits in the first field
	sep     byte   // '/', '-' or '.'
	clock   string // what follows the date, if anything
}

// splitNumericDate reads "03/09/2026 08:14:11", "2026/3/9", "9.3.2026",
// "3-9-26": three numbers with one separator, then an optional time after
// a space, a comma or a T.
func splitNumericDate(s string) (d numericDate, ok bool) {
	var fields [3]int
	var lens [3]int
	i := 0
	for f := 0; f < 3; f++ {
		j := i
		for j < len(s) && j-i < 4 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return d, false
		}
		fields[f], _ = strconv.Atoi(s[i:j])
		lens[f] = j - i
		i = j
		if f < 2 {
			if i >= len(s) || s[i] != '/' && s[i] != '-' && s[i] != '.' || f == 1 && s[i] != d.sep {
				return d, false
			}
			d.sep = s[i]
			i++
		}
	}
	if i < len(s) && s[i] >= '0' && s[i] <= '9' {
		return d, false
	}
	rest := s[i:]
	switch {
	case rest == "":
	case strings.HasPrefix(rest, ", "):
		rest = rest[2:]
	case rest[0] == ' ' || rest[0] == 'T' || rest[0] == ',':
		rest = rest[1:]
	default:
		return d, false
	}
	// Year first (2026/03/09) or last with 2 or 4 digits; a year of 3
	// digits, or a first field of 3, is no date.
	if lens[0] == 3 || lens[1] > 2 || lens[0] == 4 && lens[2] > 2 || lens[0] < 4 && lens[2] != 2 && lens[2] != 4 {
		return d, false
	}
	d.a, d.b, d.c, d.aLen, d.clock = fields[0], fields[1], fields[2], lens[0], rest
	if lens[0] < 4 && lens[2] == 2 {
		// Two-digit years, as Go reads them: 69–99 are 19xx.
		if d.c >= 69 {
			d.c += 1900
		} else {
			d.c += 2000
		}
	}
	return d, true
}

// proves says which order the date's fields show: a first field above 12
// is a day (day-first), a second one a day (month-first). ambiguous is
// true when both could be the month and they differ (03/09, not 03/03).
// Year-first and dotted dates prove nothing and are not ambiguous.
func (d numericDate) proves() (o dateOrder, known, ambiguous bool) {
	if d.aLen == 4 || d.sep == '.' {
		return 0, false, false
	}
	switch {
	case d.a > 12 && d.b <= 12:
		return dayFirst, true, false
	case d.b > 12 && d.a <= 12:
		return monthFirst, true, false
	}
	return 0, false, d.a != d.b && d.a <= 12 && d.b <= 12
}

// parseNumericDate reads a numeric date (see splitNumericDate) and its
// time. Year-first dates are year-month-day, dotted ones day-month-year;
// slashed and dashed ones are read by order unless their fields show it.
func parseNumericDate(s string, order dateOrder) (time.Time, bool) {
	d, ok := splitNumericDate(s)
	if !ok {
		return time.Time{}, false
	}
	var y, m, day int
	switch {
	case d.aLen == 4:
		y, m, day = d.a, d.b, d.c
	case d.sep == '.':
		day, m, y = d.a, d.b, d.c
	default:
		if o, known, _ := d.proves(); known {
			order = o
		}
		if order == dayFirst {
			day, m, y = d.a, d.b, d.c
		} else {
			m, day, y = d.a, d.b, d.c
		}
	}
	if m < 1 || m > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	var clock time.Time
	if d.clock != "" {
		found := false
		for _, l := range clockLayouts {
			if c, err := time.Parse(l, d.clock); err == nil {
				clock, found = c, true
				break
			}
		}
		if !found {
			return time.Time{}, false
		}
	}
	t := time.Date(y, time.Month(m), day, clock.Hour(), clock.Minute(), clock.Second(), clock.Nanosecond(), time.UTC)
	if t.Day() != day { // February 30
		return time.Time{}, false
	}
	return t, true
}

// dateProof tells what a time value as written shows about the order of
// its file's numeric dates; see numericDate.proves.
func dateProof(s string) (o dateOrder, known, ambiguous bool) {
	d, ok := splitNumericDate(looseSpaces(strings.TrimSpace(s)))
	if !ok {
		return 0, false, false
	}
	return d.proves()
}

// timeError is a record time that could not be read. Like every error
// message it does not quote the value, which may be anything, a secret
// included; it names the field and says what was expected.
type timeError struct {
	field string // "start time", "startedDateTime", ...
	size  int
	kind  string // what the JSON value is, when it is no string or number
	zone  string // a zone name not read ("Europe/Berlin", "BST"), the time before it readable
}

// badTime is the timeError of s, a string that is no time read.
func badTime(field, s string) *timeError {
	s = strings.TrimSpace(s)
	return &timeError{field: field, size: len(s), zone: unknownZone(s)}
}

// unknownZone returns the zone name s ends in when the rest of s is a
// time read and the name is one cutZone does not read: an IANA name
// (Europe/Berlin) or an abbreviation that is ambiguous (BST, IST) or not
// known. A zone name is no secret, and the message can name it.
func unknownZone(s string) string {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return ""
	}
	z := s[i+1:]
	if !zoneName.MatchString(z) {
		return ""
	}
	if _, ok := parseTimeOrder(s[:i], monthFirst); !ok {
		return ""
	}
	return z
}

// zoneName matches an IANA zone name (its area one of the tz database's)
// or a zone abbreviation: the only text of a time the message quotes, so
// nothing else in a time column (a value that is a credential) can be.
var zoneName = regexp.MustCompile(`^([A-Z]{2,5}|(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)(/[A-Za-z_+\-0-9]{1,30}){1,2})$`)

func (e *timeError) Error() string {
	if e.kind != "" {
		return fmt.Sprintf("unreadable %s: %s, not a time", e.field, e.kind)
	}
	if e.zone != "" {
		return fmt.Sprintf("unreadable %s (%d bytes): unknown time zone %q; want a UTC offset (+01:00), UTC or a US or European abbreviation (PST, CET)", e.field, e.size, e.zone)
	}
	return fmt.Sprintf("unreadable %s (%d bytes; want RFC 3339, \"2006-01-02 15:04:05\", a date such as \"Mar 9, 2026 8:14 AM\" or epoch seconds or milliseconds)", e.field, e.size)
}

// readTime reads a record time as parseTime does, but tells a value that
// is no time from one that is absent: null, a missing key, "" and an
// epoch of 0 or less are no time (the zero time, no error); a string that
// is no time, a boolean, an object or an array is a *timeError naming key.
func readTime(v gjson.Result, key string) (time.Time, error) {
	switch v.Type {
	case gjson.Null:
		return time.Time{}, nil
	case gjson.Number:
		if !epochOK(v.Float()) {
			return time.Time{}, badTime(key, v.Raw)
		}
		return parseTime(v), nil
	case gjson.String:
		t, ok := parseTimeOrder(v.Str, monthFirst)
		if !ok {
			return t, badTime(key, v.Str)
		}
		return t, nil
	}
	return time.Time{}, &timeError{field: key, kind: kindOf(v)}
}

// readTimeVal is readTime for a jval.
func readTimeVal(v jval, key string) (time.Time, error) {
	switch v.kind {
	case 0, 'n':
		return time.Time{}, nil
	case '0':
		if f, _ := strconv.ParseFloat(v.raw, 64); !epochOK(f) {
			return time.Time{}, badTime(key, v.raw)
		}
		return parseTimeVal(v), nil
	case '"':
		s := unquoteJSON(v.raw, v.esc)
		t, ok := parseTimeOrder(s, monthFirst)
		if !ok {
			return t, badTime(key, s)
		}
		return t, nil
	case '{':
		return time.Time{}, &timeError{field: key, kind: "an object"}
	}
	return time.Time{}, &timeError{field: key, kind: jsonKind(v.kind)}
}
