package parser

import (
	"bufio"
	"bytes"
	"fmt"
)

// compression is a compressed or archive format Read does not undo, known
// by its magic bytes, and the command that does.
type compression struct {
	name  string // "zstd"
	magic []byte
	undo  string // "zstd -d"
}

// gzipMagic opens every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// compressions are the formats an export may arrive in besides gzip,
// which Read decompresses itself (once: gzip inside gzip is listed). Such
// an input used to be "not a supported format: not JSON…", which gave no
// hint.
var compressions = []compression{
	{"zstd", []byte{0x28, 0xb5, 0x2f, 0xfd}, "zstd -d"},
	{"xz", []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}, "xz -d"},
	{"bzip2", []byte("BZh"), "bzip2 -d"}, // then the block size, '1'-'9'
	{"zip", []byte("PK\x03\x04"), "unzip"},
	{"zip", []byte("PK\x05\x06"), "unzip"}, // an empty archive
	{"gzip", gzipMagic, "gzip -d"},
}

// compressedAs returns the compression br starts with, if any; it peeks
// without consuming.
func compressedAs(br *bufio.Reader) (compression, bool) {
	head, _ := br.Peek(8)
	for _, c := range compressions {
		if !bytes.HasPrefix(head, c.magic) {
			continue
		}
		if c.name == "bzip2" && (len(head) < 4 || head[3] < '1' || head[3] > '9') {
			continue
		}
		return c, true
	}
	return compression{}, false
}

// unsupported is the error for an input in c; inGzip says c was found
// inside a gzip stream.
func (c compression) unsupported(inGzip bool) error {
	switch {
	case inGzip && c.name == "gzip":
		return fmt.Errorf("gzip inside gzip (compressed twice) is not supported; decompress the outer layer first (gzip -d)")
	case inGzip:
		return fmt.Errorf("%s-compressed data inside gzip is not supported; decompress it first (gzip -d, then %s)", c.name, c.undo)
	case c.name == "zip":
		return fmt.Errorf("a zip archive is not supported; extract it first (unzip) and give its files or their directory")
	}
	return fmt.Errorf("%s-compressed input is not supported; decompress it first (%s)", c.name, c.undo)
}
