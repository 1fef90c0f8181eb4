package reports

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// appendJSON appends f's JSON, compact, exactly as encoding/json writes
// it with HTML escaping off (the file of a source escaped as Source's
// MarshalJSON does). The findings are most of a report's bytes, and
// reflection was most of the time spent writing them; a test holds the
// two encodings equal, fuzzed.
func (f *Finding) appendJSON(b []byte) []byte {
	b = append(b, `{"source":`...)
	b = f.Source.appendJSON(b)
	if !f.Time.IsZero() {
		b = append(b, `,"time":"`...)
		b = f.Time.UTC().AppendFormat(b, timeLayout)
		b = append(b, '"')
	}
	b = appendField(b, "connection", f.Connection)
	b = appendField(b, "step", f.Step)
	b = appendField(b, "method", f.Method)
	b = appendField(b, "url", f.URL)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(f.Status), 10)
	b = appendField(b, "label", f.Label)
	b = appendField(b, "cause", f.Cause)
	b = append(b, `,"recovered":`...)
	b = strconv.AppendBool(b, f.Recovered)
	b = append(b, `,"confidence":`...)
	b = appendFloat(b, f.Confidence)
	b = append(b, `,"evidence":`...)
	if f.Evidence == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, s := range f.Evidence {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s, false)
		}
		b = append(b, ']')
	}
	b = appendField(b, "remediation", f.Remediation)
	if f.RunID != "" {
		b = appendField(b, "run_id", f.RunID)
	}
	if f.ZapID != "" {
		b = appendField(b, "zap_id", f.ZapID)
	}
	if f.ZapTitle != "" {
		b = appendField(b, "zap_title", f.ZapTitle)
	}
	if len(f.Related) > 0 {
		b = append(b, `,"related":[`...)
		for i, s := range f.Related {
			if i > 0 {
				b = append(b, ',')
			}
			b = s.appendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendJSON appends the source as MarshalJSON writes it.
func (s Source) appendJSON(b []byte) []byte {
	b = append(b, `{"file":`...)
	b = appendString(b, s.File, true)
	if s.Line > 0 {
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, int64(s.Line), 10)
	} else {
		b = append(b, `,"index":`...)
		b = strconv.AppendInt(b, int64(s.Index), 10)
	}
	return append(b, '}')
}

// appendField appends ,"name":"value".
func appendField(b []byte, name, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, value, false)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json does:
// invalid UTF-8 becomes U+FFFD, U+2028 and U+2029 are escaped, and <, >
// and & only when html is set.
func appendString(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFloat appends f as encoding/json writes a float64; f is finite
// (confidence keeps it in [0, 1]).
func appendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9, as encoding/json writes it.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
