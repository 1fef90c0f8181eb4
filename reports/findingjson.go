package reports

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// MarshalJSON writes the finding as a jsonl line holds it (see appendJSON).
func (f Finding) MarshalJSON() ([]byte, error) {
	return f.appendJSON(nil, "", ""), nil
}

// appendJSON appends f's JSON as encoding/json would write it with HTML
// escaping off (the file of a source escaped as Source's MarshalJSON does),
// every member present: a string that is not known ("") is null, related
// is [] when there is none. It writes compact when indent is "", else as
// json.Indent(prefix, indent) lays it out. The findings are most of a
// report's bytes, and reflection, then re-indenting, was most of the time
// spent writing them; tests and a fuzz target hold the encoding equal to
// encoding/json's of the same members.
func (f *Finding) appendJSON(b []byte, prefix, indent string) []byte {
	w := jsonWriter{b: b, prefix: prefix, indent: indent}
	w.open('{')
	w.key("source")
	f.Source.write(&w)
	w.key("time")
	if f.Time.IsZero() {
		w.b = append(w.b, "null"...)
	} else {
		w.b = append(w.b, '"')
		w.b = f.Time.UTC().AppendFormat(w.b, timeLayout)
		w.b = append(w.b, '"')
	}
	w.optStr("connection", f.Connection)
	w.optStr("step", f.Step)
	w.optStr("method", f.Method)
	w.optStr("url", f.URL)
	w.key("status")
	if f.Status.None {
		w.b = append(w.b, "null"...)
	} else {
		w.b = strconv.AppendInt(w.b, int64(f.Status.Code), 10)
	}
	w.str("label", f.Label)
	w.str("cause", f.Cause)
	w.key("recovered")
	w.b = strconv.AppendBool(w.b, f.Recovered)
	w.key("confidence")
	w.b = appendFloat(w.b, f.Confidence)
	w.key("evidence")
	if f.Evidence == nil {
		w.b = append(w.b, "null"...)
	} else {
		w.open('[')
		for _, s := range f.Evidence {
			w.elem()
			w.b = appendString(w.b, s, false)
		}
		w.close(']')
	}
	w.optStr("remediation", f.Remediation)
	w.optStr("run_id", f.RunID)
	w.optStr("zap_id", f.ZapID)
	w.optStr("zap_title", f.ZapTitle)
	w.key("related")
	w.open('[')
	for _, s := range f.Related {
		w.elem()
		s.write(&w)
	}
	w.close(']')
	w.close('}')
	return w.b
}

// write writes the source as its MarshalJSON does.
func (s Source) write(w *jsonWriter) {
	w.open('{')
	w.key("file")
	w.b = appendString(w.b, s.File, true)
	if s.Line > 0 {
		w.key("line")
		w.b = strconv.AppendInt(w.b, int64(s.Line), 10)
	} else {
		w.key("index")
		w.b = strconv.AppendInt(w.b, int64(s.Index), 10)
	}
	w.close('}')
}

// jsonWriter lays out JSON objects and arrays compact, or as json.Indent
// does: a line per member or element, "key": value, and an empty object
// or array left as {} or [].
type jsonWriter struct {
	b              []byte
	prefix, indent string
	depth          int
	first          bool // nothing written yet in the innermost object or array
}

func (w *jsonWriter) newline() {
	if w.indent == "" && w.prefix == "" {
		return
	}
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.prefix...)
	for range w.depth {
		w.b = append(w.b, w.indent...)
	}
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.b = append(w.b, c)
	w.first = false
}

// elem starts an array element.
func (w *jsonWriter) elem() {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.newline()
}

// key starts an object member.
func (w *jsonWriter) key(name string) {
	w.elem()
	w.b = append(w.b, '"')
	w.b = append(w.b, name...)
	w.b = append(w.b, '"', ':')
	if w.indent != "" || w.prefix != "" {
		w.b = append(w.b, ' ')
	}
}

// str writes a member with a string value.
func (w *jsonWriter) str(name, value string) {
	w.key(name)
	w.b = appendString(w.b, value, false)
}

// optStr writes a member with a string value, or null for "".
func (w *jsonWriter) optStr(name, value string) {
	w.key(name)
	if value == "" {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = appendString(w.b, value, false)
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
