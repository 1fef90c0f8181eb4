package reports

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Visible returns s with every character that could drive a terminal or
// reorder text written as an escape, so that text from an input (a
// connection name, a URL, an API's error message, a file name) reaches a
// terminal or a Markdown page as the characters it holds, never as
// commands:
//
//   - an ASCII control character (C0, including tab, newline and carriage
//     return, and DEL) as \x and two hex digits: ESC is \x1b, CR \x0d;
//   - a byte that is not UTF-8 the same way, \x9b (an 8-bit terminal reads
//     some as C1 controls);
//   - a C1 control character (U+0080–U+009F) and a Unicode character that
//     reorders or hides text as \u and four hex digits: U+202E (right-to-left
//     override) is \u202e. These are the bidi embeddings, overrides,
//     isolates and marks (U+061C, U+200E–U+200F, U+202A–U+202E,
//     U+2066–U+2069), the zero-width characters (U+200B, U+2060–U+2064,
//     U+FEFF) and the line and paragraph separators (U+2028, U+2029).
//     The zero-width joiners (U+200C, U+200D) are left as they are: emoji
//     (👨‍👩‍👧) and scripts (Persian, Hindi) are written with them.
//
// Nothing is dropped. A backslash already in s is left as it is, so
// Visible(Visible(s)) == Visible(s).
func Visible(s string) string {
	i := visibleSafePrefix(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			writeHex(&b, `\x`, uint32(s[i]), 2)
		case r < 0x20 || r == 0x7f:
			writeHex(&b, `\x`, uint32(r), 2)
		case hidden(r):
			writeHex(&b, `\u`, uint32(r), 4)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// visibleSafePrefix is the length of s's longest prefix that Visible
// leaves as it is.
func visibleSafePrefix(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || hidden(r) {
			return i
		}
		i += n
	}
	return len(s)
}

// hidden reports whether Visible writes r, past ASCII, as \uXXXX.
func hidden(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f, // C1 controls
		r == 0x061c,                // Arabic letter mark
		r == 0x200b,                // zero-width space
		r == 0x200e || r == 0x200f, // LRM, RLM
		r >= 0x2028 && r <= 0x202e, // line/paragraph separators, bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2069, // word joiner, invisible operators, bidi isolates
		r == 0xfeff:                // zero-width no-break space (BOM)
		return true
	}
	return false
}

func writeHex(b *strings.Builder, prefix string, v uint32, digits int) {
	const hex = "0123456789abcdef"
	b.WriteString(prefix)
	for d := digits - 1; d >= 0; d-- {
		b.WriteByte(hex[(v>>(4*uint(d)))&0xf])
	}
}

// visibleWriter writes what it is given through Visible, but for the
// newlines and tabs that lay the page out. html/template hands each
// Write a whole string (a run of the template or an escaped value), so no
// character is split between two Writes.
type visibleWriter struct{ w io.Writer }

func (v visibleWriter) Write(p []byte) (int, error) {
	s := string(p)
	if visibleSafePrefix(s) == len(s) {
		return v.w.Write(p)
	}
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexAny(s, "\n\t")
		if i < 0 {
			b.WriteString(Visible(s))
			break
		}
		b.WriteString(Visible(s[:i]))
		b.WriteByte(s[i])
		s = s[i+1:]
	}
	if _, err := io.WriteString(v.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// visibleKeepTabs is Visible leaving tabs as they are, for formats where a
// tab is data and drives nothing: a CSV field, a Markdown page.
func visibleKeepTabs(s string) string {
	if strings.IndexByte(s, '\t') < 0 {
		return Visible(s)
	}
	parts := strings.Split(s, "\t")
	for i, p := range parts {
		parts[i] = Visible(p)
	}
	return strings.Join(parts, "\t")
}
