package parser

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/tidwall/gjson"
)

// Limits of input detection and decompression.
const (
	// readBufferBytes sizes the line reader's buffer; lines up to it are
	// handed on without a copy.
	readBufferBytes = 1 << 20
	// sniffBytes is how much of an input detection looks at: enough for
	// the first records of any supported format.
	sniffBytes = 64 << 10
	// gzipBombRatio and gzipBombFloor stop a gzip stream that expands more
	// than 200 times past 256 MiB: real logs compress 5–30 times, so only
	// a bomb gets there.
	gzipBombRatio = 200
	gzipBombFloor = 256 << 20
)

// Read reads one input — any supported format, plain or gzip — detecting
// its format from its content (or taking opts.Format), and calls emit with
// each Event in input order and bad with each malformed record, which is
// skipped. It returns what it read and an error when the input as a whole
// could not be read (no supported format, a read error, a document whose
// structure broke); the Events emitted before that error stand.
func Read(r io.Reader, name string, opts Options, emit func(*Event), bad func(*RecordError)) (Stats, error) {
	st := Stats{File: name}
	in := &Input{Name: name}
	k := &sink{name: name, input: in, emit: emit, bad: bad, stats: &st, workers: opts.Workers}
	br, f, err := openInput(r, &opts)
	if err != nil {
		return st, err
	}
	st.Format, in.Format = f, f
	err = readAs(br, f, &opts, k)
	if err != nil && errors.Is(err, io.ErrUnexpectedEOF) {
		err = fmt.Errorf("input ends early (truncated file or stream): %w", err)
	}
	return st, err
}

// openInput buffers an input, decompresses it when it is gzip (guarded
// against bombs), refuses other compressions by their magic bytes (see
// compressed.go), and detects its format: the prologue of Read and Redact.
func openInput(r io.Reader, opts *Options) (*bufio.Reader, Format, error) {
	br := bufio.NewReaderSize(r, readBufferBytes)
	inGzip := false
	if c, ok := compressedAs(br); ok && c.name == "gzip" {
		cr := &countingReader{r: br}
		zr, err := gzip.NewReader(cr)
		if err != nil {
			return nil, FormatUnknown, fmt.Errorf("gzip: %w", err)
		}
		br = bufio.NewReaderSize(&bombGuard{r: zr, in: cr}, readBufferBytes)
		inGzip = true
	}
	if c, ok := compressedAs(br); ok && (inGzip || c.name != "gzip") {
		return nil, FormatUnknown, c.unsupported(inGzip)
	}
	if opts.Format != FormatUnknown && !KnownFormat(opts.Format) {
		return nil, FormatUnknown, fmt.Errorf("unknown input format %q", opts.Format)
	}
	f, err := detect(br, opts)
	return br, f, err
}

// errNoShapeInput is JSON lines whose records are none of the shapes the
// formats read; with --field they are read as FormatMapped.
var errNoShapeInput = errors.New("no supported shape")

// Formats lists the input formats a user may force.
var Formats = []Format{FormatHAR, FormatHARLines, FormatZapierLog, FormatZapierCLI, FormatOTel,
	FormatNative, FormatMapped, FormatZapRuns, FormatTaskCSV}

// KnownFormat reports whether f is one of Formats.
func KnownFormat(f Format) bool {
	for _, x := range Formats {
		if x == f {
			return true
		}
	}
	return false
}

// formatLines is JSON lines whose kind is not known yet: each line is
// classified on its own and the first names the input's format.
const formatLines Format = "jsonl"

// Detect reports the format of an input from its first bytes, which it
// peeks at without consuming them.
func Detect(br *bufio.Reader, opts Options) (Format, error) { return detect(br, &opts) }

func readAs(br *bufio.Reader, f Format, opts *Options, k *sink) error {
	switch f {
	case FormatHAR:
		return readHAR(newJSONScanner(br, opts.MaxRecordBytes), k)
	case FormatZapRuns:
		if isRunLines(br) {
			return readZapRunLines(newLineReader(br, opts.MaxRecordBytes), k)
		}
		return readZapRuns(newJSONScanner(br, opts.MaxRecordBytes), k)
	case FormatTaskCSV:
		return readTaskCSV(br, opts.MaxRecordBytes, k)
	}
	c, err := firstByte(br)
	if err != nil {
		return err
	}
	if c == '[' {
		return readArray(newJSONScanner(br, opts.MaxRecordBytes), f, opts, k)
	}
	if c == '{' && f == FormatOTel {
		if multi, _ := isMultiLineDoc(br); multi {
			return readArrayDoc(newJSONScanner(br, opts.MaxRecordBytes), f, opts, k)
		}
	}
	return readLines(br, f, opts, k)
}

// detect looks at the first bytes and names the format.
func detect(br *bufio.Reader, opts *Options) (Format, error) {
	if opts.Format != FormatUnknown {
		return opts.Format, nil
	}
	prefix, perr := br.Peek(sniffBytes)
	p := bytes.TrimPrefix(prefix, []byte("\xef\xbb\xbf"))
	p = bytes.TrimLeft(p, " \t\r\n")
	if len(p) == 0 {
		if perr != nil && perr != io.EOF && perr != bufio.ErrBufferFull {
			var pe *fs.PathError
			if errors.As(perr, &pe) {
				perr = pe.Err // the caller names the file already
			}
			return FormatUnknown, fmt.Errorf("read: %w", perr)
		}
		return FormatUnknown, errors.New("empty input")
	}
	switch p[0] {
	case '[':
		sc := newJSONScanner(bytes.NewReader(p), sniffBytes)
		sc.pos = 0
		if err := sc.expect('['); err == nil {
			if more, err := sc.elem(true); err == nil && more {
				raw, _, err := sc.value(nil, false)
				if err == nil && gjson.ValidBytes(raw) {
					if isRunObject(raw) || isRunPage(raw) {
						return FormatZapRuns, nil
					}
					if f := recordKind(gjson.ParseBytes(raw), opts); f != FormatUnknown {
						return f, nil
					}
					return FormatUnknown, fmt.Errorf("a JSON array of no supported records (first element's keys: %s)", keysOf(raw))
				}
				if errors.Is(err, errTruncEOF) {
					// The first element is larger than the sniff window: judge
					// it by the keys seen so far; others are classified one by one.
					if i := bytes.IndexByte(p[1:], '{'); i >= 0 {
						keys := topKeys(p[1+i:])
						if keys["data"] && (keys["links"] || keys["meta"]) || keys["zap_id"] || keys["zap"] || keys["zapId"] {
							return FormatZapRuns, nil
						}
					}
					return FormatZapierCLI, nil
				}
			} else if err == nil && !more {
				return FormatZapierCLI, nil // an empty array holds no records
			}
		}
		return FormatUnknown, errors.New("not valid JSON (starts with '[')")
	case '{':
		line := p
		complete := false
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			line, complete = bytes.TrimRight(p[:i], "\r"), true
		} else if len(prefix) < sniffBytes {
			complete = true
		}
		if complete && gjson.ValidBytes(line) {
			root := gjson.ParseBytes(line)
			if root.Get("log").IsObject() {
				return FormatHAR, nil
			}
			if isRunPage(line) || isRunObject(line) {
				return FormatZapRuns, nil
			}
			if f := recordKind(root, opts); f != FormatUnknown {
				return f, nil
			}
			return FormatUnknown, fmt.Errorf("JSON of %w (keys: %s); map a JSON log's fields with --field NAME=PATH", errNoShapeInput, keysOf(line))
		}
		keys := topKeys(p)
		switch {
		case keys["log"]:
			return FormatHAR, nil
		case keys["resourceSpans"]:
			return FormatOTel, nil
		case keys["data"] && (keys["links"] || keys["meta"]):
			return FormatZapRuns, nil
		}
		// A document on many lines (pretty-printed) that the window holds
		// whole: judged whole, as its compact form is, so one of no
		// supported shape says so once, not line by line as invalid JSON.
		if doc := bytes.TrimRight(p, " \t\r\n"); complete && bytes.IndexByte(doc, '\n') >= 0 && gjson.ValidBytes(doc) {
			if isRunPage(doc) || isRunObject(doc) {
				return FormatZapRuns, nil
			}
			if recordKind(gjson.ParseBytes(doc), opts) == FormatUnknown {
				return FormatUnknown, fmt.Errorf("JSON of %w (keys: %s); map a JSON log's fields with --field NAME=PATH", errNoShapeInput, keysOf(doc))
			}
		}
		// A first line longer than the sniff window, or not valid JSON: read
		// as JSON lines, each classified on its own, so errors name lines.
		return formatLines, nil
	}
	if i := bytes.IndexByte(p, '\n'); (i >= 0 && isTaskCSVHeader(bytes.TrimRight(p[:i], "\r"))) || (i < 0 && isTaskCSVHeader(p)) {
		return FormatTaskCSV, nil
	}
	// JSON lines after some text lines (a log with a banner or debug lines).
	for _, line := range bytes.Split(p, []byte{'\n'}) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] == '{' && gjson.ValidBytes(line) {
			if f := recordKind(gjson.ParseBytes(line), opts); f != FormatUnknown {
				return f, nil
			}
		}
	}
	first, _, _ := bytes.Cut(p, []byte{'\n'})
	if hint := csvHeaderHint(first); hint != "" {
		return FormatUnknown, fmt.Errorf("not a supported format: a CSV, but not a task-history one: %s", hint)
	}
	return FormatUnknown, errors.New("not a supported format: not JSON, a HAR document, JSON lines or a task-history CSV")
}

// keysOf lists an object's keys (never its values) for error messages.
func keysOf(raw []byte) string {
	var ks []string
	gjson.ParseBytes(raw).ForEach(func(k, _ gjson.Result) bool {
		if len(ks) < 8 {
			// A key may be a credential (a token cache keyed by token); a
			// hostile one must not flood stderr.
			ks = append(ks, capString(redactID(k.String()), 40))
		}
		return true
	})
	if len(ks) == 0 {
		return "none"
	}
	return strings.Join(ks, ", ")
}

// topKeys lists the top-level keys seen in the first bytes of a document.
func topKeys(p []byte) map[string]bool {
	keys := map[string]bool{}
	sc := newJSONScanner(bytes.NewReader(p), sniffBytes)
	if sc.expect('{') != nil {
		return keys
	}
	for first := true; ; first = false {
		k, ok, err := sc.key(nil, first)
		if err != nil || !ok {
			return keys
		}
		keys[string(k)] = true
		if _, _, err := sc.value(nil, true); err != nil {
			return keys
		}
	}
}

func firstByte(br *bufio.Reader) (byte, error) {
	for i := 0; ; i++ {
		p, err := br.Peek(i + 1)
		if len(p) <= i {
			if err == nil {
				err = io.EOF
			}
			return 0, err
		}
		c := p[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || (i < 3 && (c == 0xEF || c == 0xBB || c == 0xBF)) {
			if i > 4096 {
				return c, nil
			}
			continue
		}
		return c, nil
	}
}

// isMultiLineDoc reports whether the first line is not a complete JSON
// value: a pretty-printed document rather than JSON lines.
func isMultiLineDoc(br *bufio.Reader) (bool, error) {
	p, _ := br.Peek(sniffBytes)
	p = bytes.TrimPrefix(p, []byte("\xef\xbb\xbf"))
	p = bytes.TrimLeft(p, " \t\r\n")
	i := bytes.IndexByte(p, '\n')
	if i < 0 {
		return false, nil
	}
	return !gjson.ValidBytes(bytes.TrimRight(p[:i], "\r")), nil
}

// readLines reads JSON lines, each record in the file's format or, when
// it is not, in whatever supported format the line is in. Lines that are
// not JSON are reported with their number and skipped. Lines are decoded
// in parallel and handed on in order.
func readLines(br *bufio.Reader, f Format, opts *Options, k *sink) error {
	return readLinesParallel(br, f, opts, k)
}

// depthOf returns the deepest nesting of a JSON text, ignoring strings.
func depthOf(b string) int {
	if strings.Count(b, "{")+strings.Count(b, "[") <= maxDepth {
		return 0
	}
	d, max, inStr, esc := 0, 0, false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inStr:
			if esc {
				esc = false
			} else if c == '\\' {
				esc = true
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			d++
			if d > max {
				max = d
			}
		case c == '}' || c == ']':
			d--
		}
	}
	return max
}

// readArray streams a top-level JSON array of records (Zapier CLI exports,
// arrays of HAR entries or log records), each classified on its own.
func readArray(sc *jsonScanner, f Format, opts *Options, k *sink) error {
	return sc.array(func(i int, raw []byte, cut bool, err error) error {
		src := k.entry(i)
		if err != nil {
			k.skip(src, err)
			return nil
		}
		if !gjson.ValidBytes(raw) {
			k.skip(src, errors.New("invalid JSON"))
			return nil
		}
		root := gjson.ParseBytes(raw)
		if !root.IsObject() {
			k.skip(src, fmt.Errorf("array element is %s, not an object", kindOf(root)))
			return nil
		}
		kind := recordKind(root, opts)
		if kind == FormatUnknown {
			k.skip(src, fmt.Errorf("JSON of no supported shape (keys: %s)", keysOf(raw)))
			return nil
		}
		if err := decodeRecord(root, kind, src, opts, k); err != nil {
			k.skip(src, err)
		}
		return nil
	})
}

// readArrayDoc streams a pretty-printed OTLP document: each element of
// resourceSpans is read on its own, spans numbered from 0 across it.
func readArrayDoc(sc *jsonScanner, f Format, opts *Options, k *sink) error {
	if err := sc.expect('{'); err != nil {
		return err
	}
	for first := true; ; first = false {
		key, ok, err := sc.key(nil, first)
		if err != nil {
			return err
		}
		if !ok {
			return sc.atEnd()
		}
		if string(key) != "resourceSpans" {
			if _, _, err := sc.value(nil, true); err != nil {
				return err
			}
			continue
		}
		span := 0
		err = sc.array(func(i int, raw []byte, cut bool, err error) error {
			src := k.entry(span)
			if err != nil {
				k.skip(src, fmt.Errorf("resourceSpans element %d: %w", i, err))
				return nil
			}
			if !gjson.ValidBytes(raw) {
				k.skip(src, fmt.Errorf("resourceSpans element %d: invalid JSON", i))
				return nil
			}
			otelResource(gjson.ParseBytes(raw), src, &span, k)
			return nil
		})
		if err != nil {
			return err
		}
	}
}

// countingReader counts compressed bytes read, for the gzip bomb guard.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// bombGuard stops a decompressed stream that expands past gzipBombRatio.
type bombGuard struct {
	r   io.Reader
	in  *countingReader
	out int64
}

func (g *bombGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.out += int64(n)
	if g.out > gzipBombFloor && g.out > gzipBombRatio*max(g.in.n, 1) {
		return n, fmt.Errorf("gzip: expands more than %d times (%d MiB from %d KiB); stopped as a likely gzip bomb", gzipBombRatio, g.out>>20, g.in.n>>10)
	}
	if err == io.ErrUnexpectedEOF {
		err = fmt.Errorf("gzip: stream truncated after %d decompressed bytes: %w", g.out, err)
	}
	return n, err
}
