package heuristics

import "strings"

// Limits of the intern table.
const (
	// maxInterned bounds the strings the table remembers: hosts, paths,
	// URLs, steps and Zap titles repeat across findings, and a few
	// thousand distinct ones cover a busy trace. Past it the table starts
	// over, so it costs at most this many map entries whatever the input.
	maxInterned = 1 << 14
	// maxInternLen: longer strings (URLs with long queries) rarely repeat,
	// so they are copied, not remembered.
	maxInternLen = 512
)

// interner hands out one shared copy of each repeated string that findings
// keep. Its zero value is ready to use.
type interner struct{ m map[string]string }

// get returns a copy of s that owns its bytes (see keep), shared with every
// earlier finding that kept the same string while it was remembered.
func (t *interner) get(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := t.m[s]; ok {
		return v
	}
	c := strings.Clone(s)
	if len(s) > maxInternLen {
		return c
	}
	if t.m == nil || len(t.m) >= maxInterned {
		t.m = make(map[string]string)
	}
	t.m[c] = c
	return c
}

// within returns s as a substring of the kept string u when u contains it,
// so a finding's Host and Path share its URL's bytes; else it interns s.
func (t *interner) within(u, s string) string {
	if s == "" {
		return ""
	}
	if i := strings.Index(u, s); i >= 0 {
		return u[i : i+len(s)]
	}
	return t.get(s)
}

// packEvidence returns the evidence sentences in a slice of exactly their
// number whose strings share one allocation of exactly their bytes: a
// finding lives to the end of the run, and each sentence allocated alone,
// in a slice grown by append, rounds up twice.
func packEvidence(ev []string) []string {
	if len(ev) == 0 {
		return ev
	}
	n := 0
	for _, s := range ev {
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range ev {
		b.WriteString(s)
	}
	all := b.String()
	out := make([]string, len(ev))
	for i, s := range ev {
		out[i], all = all[:len(s)], all[len(s):]
	}
	return out
}
