package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/authtriage/authtriage/heuristics"
)

// FailOn is a --fail-on threshold: a list of terms, met when any term is.
// The zero FailOn is never met.
//
// The grammar:
//
//	SPEC   = TERM { "," TERM }
//	TERM   = TARGET { ":" QUAL } [ OP N ]
//	TARGET = "any" | LABEL | CAUSE
//	QUAL   = "unrecovered" | "recovered" | CAUSE   (a cause only after its label)
//	OP     = ">=" | ">" | "=" | "==" | "<=" | "<"
//	N      = a non-negative integer
//
// A term counts the report's findings that match its target (every finding
// for "any", those with the label or the cause otherwise) and its
// qualifiers, and compares the count with N. Without OP N a term means
// ">=1". Labels and causes are spelled as in the report; spaces are
// ignored. A name that is both a label and a cause (server-error) is the
// label. Examples:
//
//	revoked                         any revoked finding
//	expired:unrecovered>=5          five or more unrecovered expired findings
//	any>=1                          any finding at all
//	invalid:invalid-client>0        an invalid finding caused by invalid-client
//	invalid-client:unrecovered      the cause alone, unrecovered
//	revoked,rate-limited>=20        either
type FailOn struct {
	terms []failTerm
}

type failTerm struct {
	label, cause string // "" matches any
	state        string // "", "unrecovered" or "recovered"
	op           string
	n            int
	spec         string // as normalized, for String
}

// ParseFailOn parses a --fail-on spec; "" gives the zero FailOn.
func ParseFailOn(spec string) (FailOn, error) {
	var f FailOn
	spec = strings.Join(strings.Fields(spec), "")
	if spec == "" {
		return f, nil
	}
	for _, s := range strings.Split(spec, ",") {
		t, err := parseFailTerm(s)
		if err != nil {
			return FailOn{}, fmt.Errorf("%q: %w", s, err)
		}
		f.terms = append(f.terms, t)
	}
	return f, nil
}

func parseFailTerm(s string) (failTerm, error) {
	t := failTerm{op: ">=", n: 1}
	if s == "" {
		return t, fmt.Errorf("empty term")
	}
	if i := strings.IndexAny(s, "<>="); i >= 0 {
		expr := s[i:]
		s = s[:i]
		for _, op := range []string{">=", "<=", "==", ">", "<", "="} {
			if !strings.HasPrefix(expr, op) {
				continue
			}
			num := expr[len(op):]
			n, err := strconv.Atoi(num)
			if err != nil || n < 0 || num[0] == '+' {
				return t, fmt.Errorf("want a non-negative count after %s, got %q", op, num)
			}
			if op == "=" {
				op = "=="
			}
			t.op, t.n = op, n
			break
		}
	}
	parts := strings.Split(strings.ToLower(s), ":")
	target := parts[0]
	switch {
	case target == "any":
	case slices.Contains(heuristics.Labels, heuristics.Label(target)):
		t.label = target
	case slices.Contains(causes, heuristics.Cause(target)):
		t.cause = target
	case target == "":
		return t, fmt.Errorf("missing target (any, a label or a cause)")
	default:
		return t, fmt.Errorf("unknown target %q (want any, a label or a cause)", target)
	}
	for _, q := range parts[1:] {
		switch {
		case q == "unrecovered" || q == "recovered":
			if t.state != "" {
				return t, fmt.Errorf("%q after %q", q, t.state)
			}
			t.state = q
		case slices.Contains(causes, heuristics.Cause(q)):
			if t.label == "" || t.cause != "" {
				return t, fmt.Errorf("cause %q must follow a label", q)
			}
			if l := heuristics.LabelOf(heuristics.Cause(q)); string(l) != t.label {
				// No finding pairs a cause with another label: the term
				// could never be met.
				return t, fmt.Errorf("cause %q belongs to label %q, not %q (write %s:%s, or the cause alone)", q, l, t.label, l, q)
			}
			t.cause = q
		default:
			return t, fmt.Errorf("unknown qualifier %q (want unrecovered, recovered or a cause)", q)
		}
	}
	t.spec = target
	if t.label != "" && t.cause != "" {
		t.spec += ":" + t.cause
	}
	if t.state != "" {
		t.spec += ":" + t.state
	}
	t.spec += t.op + strconv.Itoa(t.n)
	return t, nil
}

// Met reports whether any term of f holds for r.
func (f FailOn) Met(r *Report) bool {
	for _, t := range f.terms {
		if t.met(r) {
			return true
		}
	}
	return false
}

// String returns the spec in normal form ("expired:unrecovered>=5").
func (f FailOn) String() string {
	specs := make([]string, len(f.terms))
	for i, t := range f.terms {
		specs[i] = t.spec
	}
	return strings.Join(specs, ",")
}

func (t failTerm) met(r *Report) bool {
	n := 0
	for f := range r.Findings.All() {
		if (t.label == "" || f.Label == t.label) && (t.cause == "" || f.Cause == t.cause) &&
			(t.state == "" || t.state == recoveredWord(f.Recovered)) {
			n++
		}
	}
	switch t.op {
	case ">=":
		return n >= t.n
	case ">":
		return n > t.n
	case "==":
		return n == t.n
	case "<=":
		return n <= t.n
	case "<":
		return n < t.n
	}
	return false
}
