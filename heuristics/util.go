package heuristics

import "strconv"

func itoa(i int) string { return strconv.Itoa(i) }

func i64(i int64) string { return strconv.FormatInt(i, 10) }
