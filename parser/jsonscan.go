package parser

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
)

// Limits of the streaming JSON scanner. Each bounds memory whatever the input.
const (
	// DefaultMaxRecordBytes caps one record (a JSONL line, a HAR entry, an
	// array element) after long strings are cut: 16 MiB holds any real HAR
	// entry once its body is capped, and keeps a hostile one from growing
	// without end.
	DefaultMaxRecordBytes = 16 << 20
	// maxStringBytes is how much of one JSON string (a response body, a
	// base64 payload) is kept inside a streamed record; the rest is skipped
	// without being held. 256 KiB is more than any error body or token
	// response needs, and a page body's first 256 KiB still shows its cursor.
	maxStringBytes = 256 << 10
	// maxDepth caps JSON nesting. Real traces nest a dozen levels; a
	// deeper document is hostile and would make recursive readers (gjson
	// among them) run out of stack.
	maxDepth = 512
	// scanBufferBytes is the scanner's read buffer.
	scanBufferBytes = 1 << 20
)

var (
	errTooDeep  = fmt.Errorf("json nested deeper than %d levels", maxDepth)
	errTruncEOF = errors.New("unexpected end of input inside a JSON value")
)

// errTooLarge reports a record over the cap; the scanner has already
// skipped past it.
type errTooLarge struct{ size, max int64 }

// isTooLarge tells an errTooLarge. A nil error is answered first: the
// target errors.As needs escapes, and would cost an allocation per record.
func isTooLarge(err error) bool {
	if err == nil {
		return false
	}
	var tl errTooLarge
	return errors.As(err, &tl)
}

func (e errTooLarge) Error() string {
	return fmt.Sprintf("record of %d bytes exceeds the %d-byte limit; skipped", e.size, e.max)
}

// jsonScanner reads JSON values from a stream one at a time without holding
// more than one value, cutting long strings as it copies.
type jsonScanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	offset   int64 // input bytes before buf[0]
	readErr  error
	maxRec   int
	maxStr   int
}

func newJSONScanner(r io.Reader, maxRecord int) *jsonScanner {
	if maxRecord <= 0 {
		maxRecord = DefaultMaxRecordBytes
	}
	return &jsonScanner{r: r, buf: make([]byte, scanBufferBytes), maxRec: maxRecord, maxStr: maxStringBytes}
}

// fill reads more input, keeping buf[pos:end]. It reports false at the end
// of input or on a read error (kept in readErr).
func (s *jsonScanner) fill() bool {
	if s.readErr != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.offset += int64(s.pos)
		s.end = n
		s.pos = 0
	}
	for s.end < len(s.buf) {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.readErr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	return true
}

// err returns the read error that ended the input, or errTruncEOF at a
// plain end of input in the middle of a value.
func (s *jsonScanner) err() error {
	if s.readErr != nil && s.readErr != io.EOF {
		return s.readErr
	}
	return errTruncEOF
}

// peek skips white space (and a UTF-8 BOM at the very start) and returns the
// next byte without consuming it; ok is false at the end of input.
func (s *jsonScanner) peek() (byte, bool) {
	for {
		for s.pos < s.end {
			c := s.buf[s.pos]
			switch c {
			case ' ', '\t', '\n', '\r':
				s.pos++
				continue
			case 0xEF:
				if s.offset+int64(s.pos) == 0 {
					if s.end-s.pos < 3 && s.fill() {
						continue
					}
					if s.end-s.pos >= 3 && s.buf[s.pos+1] == 0xBB && s.buf[s.pos+2] == 0xBF {
						s.pos += 3
						continue
					}
				}
			}
			return c, true
		}
		if !s.fill() {
			return 0, false
		}
	}
}

// expect consumes the byte c after white space.
func (s *jsonScanner) expect(c byte) error {
	got, ok := s.peek()
	if !ok {
		return s.err()
	}
	if got != c {
		return fmt.Errorf("offset %d: expected %q, found %q", s.offset+int64(s.pos), c, got)
	}
	s.pos++
	return nil
}

// value copies the next JSON value onto dst[:0] and returns it. Strings
// longer than maxStr are cut (cut reports it) and the copy stays valid JSON.
// With discard set nothing is kept. A value over the record cap is read to
// its end and reported as errTooLarge. The scanner checks structure only as
// far as it needs to find the value's end; callers validate what they keep.
func (s *jsonScanner) value(dst []byte, discard bool) (out []byte, cut bool, err error) {
	out = dst[:0]
	c, ok := s.peek()
	if !ok {
		return out, false, io.EOF
	}
	var (
		depth    int
		inStr    bool
		esc      bool
		uRem     int
		strLen   int
		skipping bool // inside a string past maxStr
		over     bool // record past maxRec: stop keeping
		size     int64
		start    = s.pos
	)
	keep := func(end int) {
		if discard || over {
			return
		}
		out = append(out, s.buf[start:end]...)
		if len(out) > s.maxRec {
			over = true
			out = out[:0]
		}
	}
	scalar := c != '{' && c != '[' && c != '"'
	for {
		if s.pos >= s.end {
			keep(s.pos)
			size += int64(s.pos - start)
			if !s.fill() {
				if scalar && depth == 0 && !inStr && size > 0 {
					return out, cut, nil
				}
				return out, cut, s.err()
			}
			start = s.pos
			continue
		}
		c := s.buf[s.pos]
		if inStr && !esc && uRem == 0 {
			// Jump over plain string bytes with IndexByte instead of
			// looking at each: most of a trace is string content.
			if skipping {
				n := quoteOrBackslash(s.buf[s.pos:s.end])
				if n < 0 {
					s.pos = s.end
					start = s.pos
					continue
				}
				s.pos += n
				start = s.pos
				c = s.buf[s.pos]
			} else if room := s.maxStr - strLen; room > 0 {
				seg := s.buf[s.pos:s.end]
				if len(seg) > room {
					seg = seg[:room]
				}
				n := quoteOrBackslash(seg)
				if n < 0 {
					n = len(seg)
				}
				s.pos += n
				strLen += n
				if s.pos >= s.end {
					continue
				}
				c = s.buf[s.pos]
			}
		}
		if inStr {
			if skipping {
				// Skip string bytes until the closing quote.
				switch {
				case esc:
					esc = false
				case c == '\\':
					esc = true
				case c == '"':
					inStr, skipping = false, false
					start = s.pos
					s.pos++
					if depth == 0 {
						keep(s.pos)
						return s.finish(out, true, over, size+int64(s.pos-start))
					}
					continue
				}
				s.pos++
				start = s.pos
				continue
			}
			if strLen >= s.maxStr && !esc && uRem == 0 && c != '"' {
				// Cut before c, at a whole character; the skipping
				// branch reads c, so an escape it starts is honoured.
				keep(s.pos)
				size += int64(s.pos - start)
				skipping, cut = true, true
				start = s.pos
				continue
			}
			strLen++
			switch {
			case uRem > 0:
				uRem--
			case esc:
				esc = false
				if c == 'u' {
					uRem = 4
				}
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
				if depth == 0 {
					s.pos++
					keep(s.pos)
					return s.finish(out, cut, over, size+int64(s.pos-start))
				}
			}
			s.pos++
			continue
		}
		if scalar {
			switch c {
			case ',', ' ', '\t', '\n', '\r', ':', '}', ']':
				keep(s.pos)
				return s.finish(out, cut, over, size+int64(s.pos-start))
			}
			s.pos++
			continue
		}
		switch c {
		case '"':
			inStr, strLen = true, 0
		case '{', '[':
			depth++
			if depth > maxDepth {
				return out[:0], cut, errTooDeep
			}
		case '}', ']':
			depth--
			if depth == 0 {
				s.pos++
				keep(s.pos)
				return s.finish(out, cut, over, size+int64(s.pos-start))
			}
			if depth < 0 {
				return out[:0], cut, fmt.Errorf("offset %d: unexpected %q", s.offset+int64(s.pos), c)
			}
		}
		s.pos++
	}
}

func (s *jsonScanner) finish(out []byte, cut, over bool, size int64) ([]byte, bool, error) {
	if over {
		return out[:0], cut, errTooLarge{size: size, max: int64(s.maxRec)}
	}
	return out, cut, nil
}

// atEnd checks that nothing but white space follows the document (two HAR
// files joined, a log line appended): that would be left unread.
func (s *jsonScanner) atEnd() error {
	if c, more := s.peek(); more {
		return fmt.Errorf("offset %d: %q after the end of the document; the rest is not read", s.offset+int64(s.pos), c)
	}
	if s.readErr != io.EOF {
		return s.readErr
	}
	return nil
}

// key reads an object key and its colon; first says it is the object's
// first, right after its '{'. It returns ok false at the '}' that ends the
// object (consumed). Members must be separated by one ',' and none may
// follow the last, as JSON says.
func (s *jsonScanner) key(dst []byte, first bool) (k []byte, ok bool, err error) {
	c, has := s.peek()
	if !has {
		return nil, false, s.err()
	}
	if c == '}' {
		s.pos++
		return nil, false, nil
	}
	if !first {
		if c != ',' {
			return nil, false, fmt.Errorf("offset %d: expected ',' or '}' between object members, found %q", s.offset+int64(s.pos), c)
		}
		s.pos++
		if c, has = s.peek(); !has {
			return nil, false, s.err()
		}
		if c == '}' {
			return nil, false, fmt.Errorf("offset %d: trailing ',' in object", s.offset+int64(s.pos))
		}
	}
	if c != '"' {
		return nil, false, fmt.Errorf("offset %d: expected an object key, found %q", s.offset+int64(s.pos), c)
	}
	k, _, err = s.value(dst, false)
	if err != nil {
		return nil, false, err
	}
	if err := s.expect(':'); err != nil {
		return nil, false, err
	}
	if len(k) >= 2 {
		k = k[1 : len(k)-1]
	}
	return k, true, nil
}

// elem positions the scanner at the next element of an array whose '[' was
// consumed. It returns false at the ']' that ends the array (consumed).
func (s *jsonScanner) elem(first bool) (bool, error) {
	c, has := s.peek()
	if !has {
		return false, s.err()
	}
	if c == ']' {
		s.pos++
		return false, nil
	}
	if !first {
		if c != ',' {
			return false, fmt.Errorf("offset %d: expected ',' or ']' between array elements, found %q", s.offset+int64(s.pos), c)
		}
		s.pos++
		if c, has = s.peek(); !has {
			return false, s.err()
		}
		if c == ']' {
			return false, fmt.Errorf("offset %d: trailing ',' in array", s.offset+int64(s.pos))
		}
	}
	return true, nil
}

// array streams the elements of the array at the scanner's position to fn
// with their 0-based index. A bad element is passed to fn with its error;
// fn returning an error stops the walk. Errors that lose the array's
// structure end the walk and are returned.
func (s *jsonScanner) array(fn func(index int, raw []byte, cut bool, err error) error) error {
	if err := s.expect('['); err != nil {
		return err
	}
	var buf []byte
	for i := 0; ; i++ {
		more, err := s.elem(i == 0)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
		raw, cut, err := s.value(buf, false)
		if err != nil && !isTooLarge(err) {
			return err
		}
		if raw != nil && cap(raw) <= 4*scanBufferBytes {
			buf = raw
		}
		if ferr := fn(i, raw, cut, err); ferr != nil {
			return ferr
		}
	}
}

// quoteOrBackslash returns the index of the first '"' or '\\' in b, or -1.
// It tests eight bytes at a time (a byte of x is zero exactly where
// (x-0x01..) &^ x has its high bit set): one pass for both bytes, where two
// IndexByte calls cost more on escaped JSON, whose quotes and backslashes
// come every few bytes.
func quoteOrBackslash(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q, bs := x^(ones*'"'), x^(ones*'\\')
		if m := ((q-ones)&^q | (bs-ones)&^bs) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if b[i] == '"' || b[i] == '\\' {
			return i
		}
	}
	return -1
}
