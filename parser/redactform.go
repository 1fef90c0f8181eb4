package parser

import "strings"

// redactForms redacts the values of secret fields in HTML forms and
// multipart bodies, which name the field apart from its value:
//
//	<input type="hidden" name="code" value="0.AXoA…">   (OAuth form_post, SAML POST)
//	Content-Disposition: form-data; name="password"\r\n\r\nhunter2
//
// Linear in s; s is returned as it is when it holds neither.
func redactForms(s string) string {
	if hasFold(s, "<input") {
		s = redactInputs(s)
	}
	if strings.Contains(s, "form-data") {
		s = redactMultipart(s)
	}
	return s
}

// redactInputs redacts value="…" of each <input> whose name is a secret's.
func redactInputs(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; ; {
		k := indexFold(s[i:], "<input")
		if k < 0 {
			break
		}
		start := i + k
		end := strings.IndexByte(s[start:], '>')
		if end < 0 {
			break
		}
		end += start
		tag := s[start:end]
		name, _, _ := tagAttr(tag, "name")
		if v, vs, ok := tagAttr(tag, "value"); ok && v != "" && IsSecretName(name) && !strings.HasPrefix(v, redactedPrefix) {
			b.WriteString(s[last : start+vs])
			b.WriteString(redactValue(v))
			last = start + vs + len(v)
		}
		i = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// tagAttr finds name="v" (or name='v') in a tag: v and its offset in tag.
func tagAttr(tag, name string) (v string, at int, ok bool) {
	for i := 0; ; {
		k := indexFold(tag[i:], name+"=")
		if k < 0 {
			return "", 0, false
		}
		k += i
		i = k + len(name) + 1
		if k > 0 && !strings.ContainsRune(" \t\r\n\"'", rune(tag[k-1])) {
			continue // data-name=, not name=
		}
		if i >= len(tag) {
			return "", 0, false
		}
		if q := tag[i]; q == '"' || q == '\'' {
			e := strings.IndexByte(tag[i+1:], q)
			if e < 0 {
				return "", 0, false
			}
			return tag[i+1 : i+1+e], i + 1, true
		}
		e := strings.IndexAny(tag[i:], " \t\r\n/") // unquoted: name=password
		if e < 0 {
			e = len(tag) - i
		}
		return tag[i : i+e], i, true
	}
}

// redactMultipart redacts the value of each multipart part whose
// Content-Disposition names a secret: the text after the part's blank
// line up to the next boundary line.
func redactMultipart(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; ; {
		k := strings.Index(s[i:], "form-data;")
		if k < 0 {
			break
		}
		k += i
		eol := strings.IndexByte(s[k:], '\n')
		if eol < 0 {
			break
		}
		name, _, _ := tagAttr(" "+s[k+len("form-data;"):k+eol], "name")
		i = k + eol
		if !IsSecretName(name) {
			continue
		}
		head := s[i:min(len(s), i+maxPartHead)] // the part's other header lines
		vs := -1                                // where its value starts: after its blank line
		if crlf := strings.Index(head, "\n\r\n"); crlf >= 0 {
			vs = i + crlf + 3
		}
		if lf := strings.Index(head, "\n\n"); lf >= 0 && (vs < 0 || i+lf+2 < vs) {
			vs = i + lf + 2
		}
		if vs < 0 {
			continue
		}
		// The value runs to the line break before the next boundary line
		// (searched from the blank line's own break: an empty value is
		// followed by the boundary at once).
		ve := len(s)
		if e := strings.Index(s[vs-1:], "\n--"); e >= 0 {
			ve = vs - 1 + e
		}
		if ve < vs {
			i = vs
			continue // empty
		}
		v := strings.TrimRight(s[vs:ve], "\r")
		if v != "" && !strings.HasPrefix(v, redactedPrefix) {
			b.WriteString(s[last:vs])
			b.WriteString(redactValue(v))
			last = vs + len(v)
		}
		i = ve // past the value: each byte is searched once
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// maxPartHead bounds the header lines of a multipart part searched for
// its blank line, so hostile input cannot make the search quadratic.
const maxPartHead = 4 << 10

// indexFold is strings.Index ignoring ASCII case of sub's letters; sub is
// lower case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && lowerByte(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

func hasFold(s, sub string) bool { return indexFold(s, sub) >= 0 }

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
