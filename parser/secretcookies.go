package parser

import (
	"strings"
)

// cookieValues cuts the value of each cookie of a Cookie header quoted in
// free text, from s[i] ("_ga=GA1.2; sid=…; lang=en"), and returns where
// the list ends: at a space after a value, a line break or a quote.
func cookieValues(s string, i int, cut func(i, j int)) int {
	for k := i; ; {
		n := k
		for n < len(s) && s[n] != '=' && s[n] != ';' && s[n] != ' ' && !endsCookieList(s[n]) {
			n++
		}
		if n == len(s) || s[n] != '=' {
			return n
		}
		vs := n + 1
		ve := vs
		for ve < len(s) && s[ve] != ';' && s[ve] != ' ' && !endsCookieList(s[ve]) {
			ve++
		}
		if ve > vs && !strings.HasPrefix(s[vs:ve], redactedPrefix) {
			cut(vs, ve)
		}
		if ve == len(s) || s[ve] != ';' {
			return ve
		}
		for k = ve + 1; k < len(s) && s[k] == ' '; k++ {
		}
	}
}

// maxCookieMap bounds the map of cookies cookieMapValues reads.
const maxCookieMap = 4 << 10

// cookieMapValues reads a map of cookies written as code or JSON after the
// word s[i:j] "cookies" (requests' cookies={'sid': '…'}, a
// JSON "cookies": {"sid": "…"}, Ruby's cookies: {sid: "…"}), cuts every
// value, quoted or a bare word, its name kept, and returns where the map
// ends. A map it cannot read to its '}' is left to the other rules.
func cookieMapValues(s string, i, j int, cut func(i, j int)) (int, bool) {
	if !strings.EqualFold(s[i:j], "cookies") { // (a "cookie" object is one cookie's name and value)
		return 0, false
	}
	k := j
	if k < len(s) && (s[k] == '"' || s[k] == '\'') {
		k++
	}
	k = skipBlanks(s, k)
	switch {
	case strings.HasPrefix(s[k:], "=>"):
		k += 2
	case k < len(s) && (s[k] == ':' || s[k] == '='):
		k++
	default:
		return 0, false
	}
	k = skipSpace(s, k)
	if k >= len(s) || s[k] != '{' {
		return 0, false
	}
	end := strings.IndexByte(s[k:min(len(s), k+maxCookieMap)], '}')
	if end < 0 || strings.IndexByte(s[k+1:k+end], '{') >= 0 {
		return 0, false
	}
	end += k
	var spans [][2]int
	for m := k + 1; m < end; {
		m = skipSpace(s, m)
		// the name: quoted, or a bare word (a Ruby symbol's ':' first)
		if q := openingQuote(s, m); q != "" {
			c := closingQuote(s, m+len(q), q)
			if c < 0 || c > end {
				return 0, false
			}
			m = c + len(q)
		} else {
			n := m
			for n < end && (isTokChar(s[n]) || s[n] == ':' && n == m) {
				n++
			}
			if n == m {
				return 0, false
			}
			m = n
		}
		m = skipSpace(s, m)
		switch {
		case strings.HasPrefix(s[m:], "=>"):
			m += 2
		case m < end && (s[m] == ':' || s[m] == '='):
			m++
		default:
			return 0, false
		}
		m = skipSpace(s, m)
		vs, ve := m, m
		q := openingQuote(s, m)
		if q != "" {
			vs = m + len(q)
			c := closingQuote(s, vs, q)
			if c < 0 || c > end {
				return 0, false
			}
			ve, m = c, c+len(q)
		} else {
			for ve < end && s[ve] != ',' && s[ve] != ' ' && s[ve] != '\n' {
				ve++
			}
			m = ve
		}
		if v := s[vs:ve]; v != "" && !strings.HasPrefix(v, redactedPrefix) && !(q == "" && bareLiteral(v)) {
			spans = append(spans, [2]int{vs, ve})
		}
		m = skipSpace(s, m)
		if m < end && s[m] == ',' {
			m++
		} else if m < end {
			return 0, false
		}
	}
	for _, sp := range spans {
		cut(sp[0], sp[1])
	}
	return end, true
}

// bareLiteral tells an unquoted true, false, number or placeholder (null,
// nil, None, undefined): no cookie's secret.
func bareLiteral(v string) bool {
	return strings.EqualFold(v, "true") || strings.EqualFold(v, "false") || isDigits(v) || isPlaceholder(v)
}

// setCookieValues cuts the value of every cookie a Set-Cookie header
// value that starts at s[i] sets — cookies folded with ", " included, an
// Expires date not split — and returns where the value ends: at the end
// of the line or of the quoted text holding it.
func setCookieValues(s string, i int, cut func(i, j int)) int {
	end := i
	for end < len(s) && strings.IndexByte("\n\r\"'\\<>}]", s[end]) < 0 {
		end++
	}
	pos := i
	for _, c := range setCookies(s[i:end]) {
		pos += len(c.sep)
		pair, _, _ := strings.Cut(c.text, ";")
		if name, v, ok := strings.Cut(pair, "="); ok {
			vs := pos + len(name) + 1
			ve := vs + len(strings.TrimRight(v, " \t"))
			if ve > vs && !strings.HasPrefix(s[vs:ve], redactedPrefix) {
				cut(vs, ve)
			}
		}
		pos += len(c.text)
	}
	return end
}

// endsCookieList tells the bytes that end a quoted Cookie header's list.
func endsCookieList(c byte) bool {
	switch c {
	case '\n', '\r', '\t', '"', '\'', '\\', '<', '>', '}', ']', ',':
		return true
	}
	return false
}

// firstKey tells the word that ends at s[j] after sep as the first key
// of an object: sep ends in '{' and perhaps a quote, and the word is
// followed by its closing quote and ':' or '=>'.
func firstKey(s, sep string, j int) bool {
	t := strings.TrimRight(sep, " \t\r\n\"'\\")
	if t == "" || t[len(t)-1] != '{' {
		return false
	}
	for j < len(s) && (s[j] == '"' || s[j] == '\'' || s[j] == '\\') {
		j++
	}
	j = skipBlanks(s, j)
	return j < len(s) && (s[j] == ':' && !strings.HasPrefix(s[j:], "::") || strings.HasPrefix(s[j:], "=>"))
}

// cookieHeaderSep tells the separator between a Cookie or Set-Cookie
// header's name and its value as text quotes the header: "Cookie: ",
// Go's map[Cookie:[…]], a dict's 'Cookie': '…', JSON's "Cookie": "…",
// Ruby's "Cookie"=>"…", util.inspect's cookie: [ '…' ].
func cookieHeaderSep(sep string) bool {
	return strings.Contains(sep, ":") && introduces(sep, true) || assigns(sep)
}

// valueEnd returns where a value running on from s[j] ends: at the next
// delimiter.
func valueEnd(s string, j int) int {
	for j < len(s) && !isValueEnd(s[j]) {
		j++
	}
	return j
}
