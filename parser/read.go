package parser

// Options configure Read. The zero value detects the format and uses the
// default limits.
type Options struct {
	// Format forces an input format; FormatUnknown detects it from content.
	Format Format
	// Fields maps Event field names to gjson paths for FormatMapped
	// (--field status=res.code). Non-empty Fields with no forced format
	// read any JSON lines through the mapping.
	Fields map[string]string
	// MaxRecordBytes caps one record (a line, a HAR entry); 0 means
	// DefaultMaxRecordBytes.
	MaxRecordBytes int
}

// Stats counts what Read did with one input.
type Stats struct {
	File    string
	Format  Format
	Records int // records turned into Events
	Skipped int // malformed records reported and skipped
}

// RecordError is a malformed record: where it is and what is wrong. The
// rest of the input is still read.
type RecordError struct {
	Source Source
	Err    error
}

func (e *RecordError) Error() string { return e.Source.String() + ": " + e.Err.Error() }

func (e *RecordError) Unwrap() error { return e.Err }
