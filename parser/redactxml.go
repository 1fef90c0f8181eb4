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
