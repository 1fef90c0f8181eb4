package heuristics

import (
	"strconv"
	"strings"
	"time"
)

// unit is how a token response wrote expires_in, as detected.
type unit uint8

// The expires_in units authtriage recognises. Every unit but unitSeconds
// is a shape that breaks some clients.
const (
	unitNone        unit = iota // no expires_in
	unitSeconds                 // a JSON number of seconds: the standard
	unitString                  // seconds written as a JSON string
	unitMillis                  // milliseconds
	unitEpoch                   // an absolute time in epoch seconds
	unitEpochMillis             // an absolute time in epoch milliseconds
	unitNonPositive             // 0 or negative
	unitUnparsed                // not a number at all
)

func (u unit) String() string {
	switch u {
	case unitSeconds:
		return "seconds"
	case unitString:
		return "a string of seconds"
	case unitMillis:
		return "milliseconds"
	case unitEpoch:
		return "an epoch time"
	case unitEpochMillis:
		return "an epoch time in milliseconds"
	case unitNonPositive:
		return "zero or negative"
	case unitUnparsed:
		return "not a number"
	}
	return "absent"
}

// Thresholds for detecting the unit of expires_in.
const (
	// epochMin is 2001-09-09 in epoch seconds: no access token lives
	// 31 years, so a larger expires_in is an absolute time.
	epochMin = 1_000_000_000
	// epochMillisMin is epochMin in milliseconds.
	epochMillisMin = epochMin * 1000
	// millisMin: a whole number of thousands at or above 1,000,000 (11.5
	// days in seconds) is read as milliseconds, unless it is whole days
	// (see maxDaysInSeconds); other second lifetimes that large are rarely
	// round thousands.
	millisMin = 1_000_000
	// maxDaysInSeconds: a whole number of days up to a year, in seconds,
	// is a lifetime in seconds (LinkedIn's 60 days, 5184000; Pinterest's
	// 30 days, 2592000), not milliseconds; a day in milliseconds
	// (86400000) is 1000 days in seconds, past it.
	maxDaysInSeconds = 366 * 86400
)

// lifetime is what one token response said about its access token's life.
type lifetime struct {
	d    time.Duration // 0 when unknown
	unit unit
	from string // where d came from: "expires_in", "expires_at", "JWT exp", "provider default"
}

// parseExpiresIn detects the unit of raw (as written in the token response,
// quotes kept when it was a JSON string) and returns the lifetime it means
// for a token issued at issued (zero when unknown).
func parseExpiresIn(raw string, issued time.Time) (time.Duration, unit) {
	s := strings.TrimSpace(raw)
	if s == "" || s == "null" {
		return 0, unitNone
	}
	quoted := len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"'
	if quoted {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, unitUnparsed
	}
	n := int64(f)
	switch {
	case n <= 0:
		return 0, unitNonPositive
	case n >= epochMillisMin:
		if issued.IsZero() {
			return 0, unitEpochMillis
		}
		return time.UnixMilli(n).Sub(issued), unitEpochMillis
	case n >= epochMin:
		if issued.IsZero() {
			return 0, unitEpoch
		}
		return time.Unix(n, 0).Sub(issued), unitEpoch
	case n >= millisMin && n%1000 == 0 && !(n%86400 == 0 && n <= maxDaysInSeconds):
		return time.Duration(n) * time.Millisecond, unitMillis
	}
	if quoted {
		return time.Duration(n) * time.Second, unitString
	}
	return time.Duration(n) * time.Second, unitSeconds
}

// parseExpiresAt reads an absolute expires_at / expires_on (epoch seconds
// or milliseconds, or RFC 3339) relative to issued.
func parseExpiresAt(raw string, issued time.Time) time.Duration {
	s := strings.Trim(strings.TrimSpace(raw), "\"")
	if s == "" || issued.IsZero() {
		return 0
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		switch {
		case n >= epochMillisMin:
			return time.UnixMilli(n).Sub(issued)
		case n >= epochMin:
			return time.Unix(n, 0).Sub(issued)
		}
		return 0
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Sub(issued)
	}
	return 0
}
