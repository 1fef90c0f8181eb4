package parser

import (
	"bufio"
	"bytes"
	"io"
)

// lineReader hands out lines without bufio.Scanner's 64 KiB trap: a line
// that fits the buffer is returned without a copy, a longer one is gathered
// up to the record cap, and a line past the cap is skipped to its end and
// reported, so the lines after it are still read.
type lineReader struct {
	br   *bufio.Reader
	max  int
	line int    // 1-based number of the line last returned
	long []byte // gathers a line longer than the buffer
}

func newLineReader(br *bufio.Reader, maxRecord int) *lineReader {
	if maxRecord <= 0 {
		maxRecord = DefaultMaxRecordBytes
	}
	return &lineReader{br: br, max: maxRecord}
}

// next returns the next line without its line ending. The slice is valid
// until the next call. At the end of input it returns io.EOF; a line over
// the cap returns errTooLarge (the line is consumed and counted).
func (lr *lineReader) next() ([]byte, error) {
	lr.line++
	b, err := lr.br.ReadSlice('\n')
	switch {
	case err == nil:
		return lr.capped(trimEOL(b))
	case err != bufio.ErrBufferFull:
		// The last line may lack its newline; the error comes back on the
		// next call.
		if len(b) > 0 {
			return lr.capped(trimEOL(b))
		}
		lr.line--
		return nil, err
	}
	lr.long = append(lr.long[:0], b...)
	size := int64(len(b))
	over := false
	for {
		b, err = lr.br.ReadSlice('\n')
		size += int64(len(b))
		if !over {
			lr.long = append(lr.long, b...)
			if len(lr.long) > lr.max {
				over = true
				lr.long = lr.long[:0]
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		break
	}
	if over {
		if cap(lr.long) > 4*lr.br.Size() {
			lr.long = nil // do not keep a huge buffer for the rest of the file
		}
		return nil, errTooLarge{size: size, max: int64(lr.max)}
	}
	return trimEOL(lr.long), nil
}

// capped returns a line that fits the buffer, or errTooLarge when the
// cap is below the buffer's size and the line is over it.
func (lr *lineReader) capped(b []byte) ([]byte, error) {
	if len(b) > lr.max {
		return nil, errTooLarge{size: int64(len(b)), max: int64(lr.max)}
	}
	return b, nil
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}
