package parser

// Options configure Read. The zero value detects the format and uses the
// default limits.
type Options struct {
	// Format forces an input format; FormatUnknown detects it from content.
	Format Format
	// Fields maps Event field names to gjson paths for FormatMapped
	// (--field status=res.code). Non-empty Fields with no forced format
	// read through the mapping the JSON records of no other known shape
	// (native ones included, unmapped fields read from keys of their
	// name); HAR, Zapier, OTel and run records are read as themselves.
	Fields map[string]string
	// MaxRecordBytes caps one record (a line, a HAR entry); 0 means
	// DefaultMaxRecordBytes.
	MaxRecordBytes int
	// Workers is how many goroutines decode records; 0 means one per
	// core (GOMAXPROCS). Each holds up to two batches of records, so a
	// caller reading several inputs at once gives each fewer.
	Workers int
}

// Stats counts what Read did with one input.
type Stats struct {
	File    string
	Format  Format
	Records int // records turned into Events
	Skipped int // malformed records reported and skipped
	Ignored int // well-formed records that hold no HTTP exchange (spans of other kinds)
}

// RecordError is a malformed record: where it is and what is wrong. The
// rest of the input is still read.
type RecordError struct {
	Source Source
	Err    error
	// Note is true for a message about a record that was read, not
	// skipped: how an ambiguous date in it was taken. It is not counted
	// in Stats.Skipped.
	Note bool
}

func (e *RecordError) Error() string { return e.Source.String() + ": " + e.Err.Error() }

func (e *RecordError) Unwrap() error { return e.Err }

// sink counts and forwards what a reader produces.
type sink struct {
	name   string
	input  *Input
	tokens *tokenCache // per worker; nil reads without a cache
	emit   func(*Event)
	bad    func(*RecordError)
	stats  *Stats
	// workers is Options.Workers.
	workers int
}

// event forwards one Event, stamping its input.
func (k *sink) event(e *Event) {
	e.Input = k.input
	if e.Format == FormatUnknown {
		e.Format = k.input.Format
	}
	k.stats.Records++
	k.emit(e)
}

// skip reports a malformed record and counts it.
func (k *sink) skip(src Source, err error) {
	k.stats.Skipped++
	k.bad(&RecordError{Source: src, Err: err})
}

// warn reports something the reader assumed about a record it read
// (how it read an ambiguous date), as a RecordError with Note set, not
// counted as skipped.
func (k *sink) warn(src Source, err error) {
	k.bad(&RecordError{Source: src, Err: err, Note: true})
}

// line and entry make Sources for this input.
func (k *sink) line(n int) Source  { return Source{File: k.name, Line: n} }
func (k *sink) entry(i int) Source { return Source{File: k.name, Index: i} }
