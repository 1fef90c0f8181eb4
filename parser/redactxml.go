package parser

import "strings"

// looksXML tells a body that redact reads as XML: a SOAP envelope, a
// SAML message, an XML API's request (<?xml …?><login>…</login>).
func looksXML(s string) bool {
	t := strings.TrimSpace(s)
	return len(t) > 1 && t[0] == '<' && strings.IndexByte(t, '>') > 0
}

// xmlSecrets calls f with the start and end of the text of each XML
// element whose local name (after any "prefix:") is a secret name:
// <n1:password>hunter2</n1:password>, <wsse:Password Type="…">…</…>,
// <client_secret><![CDATA[…]]></client_secret>. Text that is only
// spaces, and elements holding other elements, are not reported.
//
// It is one pass: a start tag ends at '>' or at the next '<' (a tag can
// hold neither unescaped), the text at the next '<' (or the CDATA end),
// and the scan goes on from there, so hostile input ("<password <password
// …") costs linear time.
func xmlSecrets(s string, f func(start, end int)) {
	cdataEnds := true // false once a CDATA section is found unclosed
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			return
		}
		i += lt + 1
		j := i
		for j < len(s) && isXMLNameChar(s[j]) {
			j++
		}
		if j == i {
			continue // </end>, <?pi?>, <!-- -->, or no tag
		}
		name := s[i:j]
		if c := strings.LastIndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		if !IsSecretName(name) || strings.EqualFold(name, "code") || strings.EqualFold(name, "key") {
			continue // <Code> of an error, <Key> of an S3 object: not secrets
		}
		end := j
		for end < len(s) && s[end] != '>' && s[end] != '<' {
			end++
		}
		if end == len(s) || s[end] == '<' || s[end-1] == '/' {
			i = end
			continue // no end to the tag, or <password/>
		}
		start := end + 1
		stop := start
		for stop < len(s) && s[stop] != '<' {
			stop++
		}
		const cdata = "<![CDATA["
		if stop == start && cdataEnds && strings.HasPrefix(s[start:], cdata) {
			if k := strings.Index(s[start+len(cdata):], "]]>"); k >= 0 {
				start += len(cdata)
				stop = start + k
			} else {
				cdataEnds = false // nor will a later one: no second scan
			}
		}
		if strings.TrimSpace(s[start:stop]) != "" {
			f(start, stop)
		}
		i = stop
	}
}

// isXMLNameChar tells the bytes of an XML element name (ASCII ones, and
// any byte of a UTF-8 sequence).
func isXMLNameChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80
}

// redactXML replaces the text of secret XML elements by fingerprints.
func redactXML(s string) string {
	var b strings.Builder
	last := 0
	xmlSecrets(s, func(start, end int) {
		if strings.HasPrefix(s[start:end], redactedPrefix) {
			return
		}
		if _, ok := censoredFP(s[start:end]); ok {
			return
		}
		b.WriteString(s[last:start])
		b.WriteString(redactValue(s[start:end]))
		last = end
	})
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// maxXMLText bounds the text xmlPasswordText reads for its closing tag.
const maxXMLText = 1024

// xmlPasswordText tells the name s[i:j] of an XML element of a password,
// as free text quotes one (<password>p@ss word</password>,
// <wsse:Password Type="…">…</wsse:Password>, and HTML-escaped once
// decoded), and returns the bounds of its text, blanks around it left
// out. A password may hold any character, so the text goes whole where
// the word rules took only its first word, or none when that was short.
func xmlPasswordText(s string, i, j int) (vs, ve int, ok bool) {
	if i == 0 || j >= len(s) || s[i-1] != '<' && s[i-1] != ':' || s[j] != '>' && s[j] != ' ' || !isPasswordName(s[i:j]) {
		return 0, 0, false
	}
	b := i - 1
	if s[b] == ':' { // a prefix: <n1:password>
		for b > 0 && isXMLNameChar(s[b-1]) && s[b-1] != ':' {
			b--
		}
		b--
	}
	if b < 0 || s[b] != '<' {
		return 0, 0, false
	}
	qname := s[b+1 : j]
	gt := strings.IndexByte(s[j:min(len(s), j+maxCellTag)], '>')
	if gt < 0 || gt > 0 && s[j] != ' ' || strings.IndexByte(s[j:j+gt], '<') >= 0 || gt > 0 && s[j+gt-1] == '/' {
		return 0, 0, false // no start tag, or an empty element
	}
	vs = j + gt + 1
	lt := strings.IndexByte(s[vs:min(len(s), vs+maxXMLText)], '<')
	if lt < 0 {
		return 0, 0, false
	}
	ve = vs + lt
	if !strings.HasPrefix(s[ve:], "</") || !strings.HasPrefix(s[ve+2:], qname) || !strings.HasPrefix(s[ve+2+len(qname):], ">") {
		return 0, 0, false
	}
	for vs < ve && (s[vs] == ' ' || s[vs] == '\t' || s[vs] == '\n' || s[vs] == '\r') {
		vs++
	}
	for ve > vs && (s[ve-1] == ' ' || s[ve-1] == '\t' || s[ve-1] == '\n' || s[ve-1] == '\r') {
		ve--
	}
	return vs, ve, ve > vs
}
