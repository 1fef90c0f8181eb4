package parser

import (
	"strings"
)

// pemKeyLine ends the line that opens a PEM private key after its kind
// ("-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----"),
// and pgpKeyLine an OpenPGP armored one ("-----BEGIN PGP PRIVATE KEY
// BLOCK-----"), whose armor headers and checksum go with the body.
const (
	pemKeyLine = " PRIVATE KEY-----"
	pgpKeyLine = " PRIVATE KEY BLOCK-----"
)

// maxPEMKind bounds the kind read between BEGIN and PRIVATE KEY.
const maxPEMKind = 16

// pemBody tells the word "-----BEGIN" at s[i:j] that opens a PEM private
// key and returns the bounds of its base64 body, line breaks (written or
// escaped) around it left out: up to the "-----END" line, or, when that
// was cut off, to the end of the base64 (see pemRunEnd). The body's lines
// are no words to judge one by one: a short last line, or one without a
// digit, leaked.
func pemBody(s string, i, j int) (vs, ve int, ok bool) {
	if j-i != len("-----BEGIN") || s[i:j] != "-----BEGIN" {
		return 0, 0, false
	}
	head := s[j:min(len(s), j+maxPEMKind+len(pgpKeyLine))]
	k, line := strings.Index(head, pemKeyLine), pemKeyLine
	if k < 0 {
		k, line = strings.Index(head, pgpKeyLine), pgpKeyLine
	}
	if k < 0 || k > maxPEMKind {
		return 0, 0, false
	}
	vs = j + k + len(line)
	ve = pemRunEnd(s, vs)
	if e := strings.Index(s[vs:], "-----END"); e >= 0 {
		ve = vs + e
	}
	for {
		switch {
		case vs < ve && (s[vs] == '\n' || s[vs] == '\r' || s[vs] == ' ' || s[vs] == '\t'):
			vs++
		case ve-vs >= 2 && s[vs] == '\\' && (s[vs+1] == 'n' || s[vs+1] == 'r'):
			vs += 2
		case ve > vs && (s[ve-1] == '\n' || s[ve-1] == '\r' || s[ve-1] == ' ' || s[ve-1] == '\t'):
			ve--
		case ve-vs >= 2 && s[ve-2] == '\\' && (s[ve-1] == 'n' || s[ve-1] == 'r'):
			ve -= 2
		default:
			return vs, ve, ve > vs
		}
	}
}

// minPEMRun: a line that starts with this many base64 characters and
// then holds others ("MIIEow…AAKC…[truncated]") ends a key's body with
// them; a shorter start is a word of the text after the key.
const minPEMRun = 16

// pemRunEnd returns where the body of a PEM or OpenPGP key that starts at
// s[vs] and has no END line ends: after its armor headers (Proc-Type:,
// DEK-Info:, Version:) and the blank line after them, the lines of base64
// (broken as written or escaped, "\n" in JSON), to the first blank line
// or line that is not base64 — with its first minPEMRun characters or
// more when they are, or its base64 before a quote that ends the string —
// or the text's end. A body written on the BEGIN
// line with blanks for line breaks, as an environment variable shows it,
// ends after its first chunk shorter than the first: the last. The text
// after a key whose END was cut off stays readable.
func pemRunEnd(s string, vs int) int {
	k := vs
	spaced := k < len(s) && (s[k] == ' ' || s[k] == '\t')
	if spaced {
		k = skipBlanks(s, k)
	} else {
		k += lineBreakLen(s, k, false)
	}
	body, header, width := false, !spaced, 0
	for k < len(s) {
		e := k // the line s[k:e]: base64 (\/ is JSON's escaped '/')
		for e < len(s) && (isAlnum(s[e]) || s[e] == '+' || s[e] == '/' || s[e] == '=' || s[e] == '\\' && e+1 < len(s) && s[e+1] == '/') {
			if s[e] == '\\' {
				e++
			}
			e++
		}
		n := lineBreakLen(s, e, spaced)
		switch {
		case e == k && n > 0: // a blank line
			if body || spaced {
				return k
			}
			header = false
		case n > 0 || e == len(s): // a line of base64
			if spaced && width > 0 && e-k < width {
				return e // the last chunk
			}
			if width == 0 {
				width = e - k
			}
			body, header = true, false
		case header && !body && (s[e] == ':' || s[e] == '-'): // an armor header: Proc-Type: 4,ENCRYPTED
			for e < len(s) && lineBreakLen(s, e, false) == 0 {
				e++
			}
			n = lineBreakLen(s, e, false)
		case e-k >= minPEMRun || s[e] == '"' || s[e] == '\'' || strings.HasPrefix(s[e:], `\"`):
			return e // (a quote ends the string the key was in)
		default:
			return k
		}
		k = e + n
	}
	return k
}

// lineBreakLen is the length of the line break, written or escaped
// ("\n", "\r\n"), at s[k], or with spaced of a blank; 0 when there is
// none.
func lineBreakLen(s string, k int, spaced bool) int {
	switch {
	case k >= len(s):
		return 0
	case spaced && s[k] == ' ':
		return 1
	case s[k] == '\n':
		return 1
	case s[k] == '\r':
		if k+1 < len(s) && s[k+1] == '\n' {
			return 2
		}
		return 1
	case s[k] == '\\' && k+1 < len(s) && s[k+1] == 'n':
		return 2
	case s[k] == '\\' && k+1 < len(s) && s[k+1] == 'r':
		if strings.HasPrefix(s[k+2:], `\n`) {
			return 4
		}
		return 2
	}
	return 0
}
