package heuristics

import (
	"strconv"
	"strings"
)

// keep copies a string the engine retains past the event it came from:
// the parser may hand out substrings of a whole record (or of a buffer of
// records), and holding one would hold all of it.
func keep(s string) string { return strings.Clone(s) }

func itoa(i int) string { return strconv.Itoa(i) }

func i64(i int64) string { return strconv.FormatInt(i, 10) }
